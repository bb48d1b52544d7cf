import { useLiveQuery } from 'dexie-react-hooks';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';

import { getDb } from '../../data/db';
import { getAgreementTemplate, getItem } from '../../data/loans';
import { labelOf } from '../../domain/enums';
import { ITEM_TYPES } from '../../domain/loans';
import { Page } from '../../ui/page';
import { LoansNav } from './loans-nav';
import { strings } from './strings';

/** A printable label: the QR code of the inventory number, the number itself, the structure. */
export const ItemLabelPage = () => {
  const { id = '' } = useParams();
  const db = getDb();
  const data = useLiveQuery(async () => {
    const item = await getItem(db, id);
    return item ? { item, template: await getAgreementTemplate(db) } : null;
  }, [db, id]);
  const [qr, setQr] = useState<string>();
  const number = data?.item.inventoryNumber;

  useEffect(() => {
    if (!number) return;
    let live = true;
    // Generated on the tablet: no network; « M » correction survives a scratched label.
    void QRCode.toDataURL(number, { errorCorrectionLevel: 'M', margin: 1, width: 256 }).then((url) => {
      if (live) setQr(url);
    });
    return () => {
      live = false;
    };
  }, [number]);

  if (data === undefined) return <p className="loading">{strings.common.loading}</p>;
  if (data === null)
    return (
      <Page title={strings.common.notFound}>
        <p>{strings.common.itemNotFound}</p>
      </Page>
    );
  const { item, template } = data;
  return (
    <div className="label-page">
      <Page
        title={strings.label.title(item.inventoryNumber)}
        actions={
          <button type="button" className="button" onClick={() => window.print()}>
            {strings.label.print}
          </button>
        }
      >
        <LoansNav />
        <p className="field__hint">{strings.label.hint}</p>
        <div className="label-sheet">
          <div className="label" data-testid="item-label">
            {qr ? (
              <img src={qr} alt={strings.label.qrAlt(item.inventoryNumber)} />
            ) : (
              <span>{strings.label.generating}</span>
            )}
            <div>
              <p className="label__number">{item.inventoryNumber}</p>
              <p>
                {labelOf(ITEM_TYPES, item.type)} {[item.marque, item.modele].filter(Boolean).join(' ')}
              </p>
              {template.structureName ? <p>{template.structureName}</p> : null}
            </div>
          </div>
        </div>
      </Page>
    </div>
  );
};
