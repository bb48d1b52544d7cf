// /parametres/information: the information notice for beneficiaries (src/domain/privacy-notice.ts),
// filled with the structure's name and contact, to print and hand over or pin up. A coordinateur
// gives the contact here (synced with the structure's settings); the structure's name is the one
// printed on loan agreements.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';

import { getNoticeSettings, saveStructureContact } from '../../data/anonymisation';
import { getDb } from '../../data/db';
import { canEditAgreementTemplate } from '../../data/loans';
import { privacyNotice } from '../../domain/privacy-notice';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { strings } from './strings';

const s = strings.notice;

export const NoticePage = () => {
  const db = getDb();
  const settings = useLiveQuery(() => getNoticeSettings(db), [db]);
  const [contact, setContact] = useState<string>();
  const [message, setMessage] = useState<string>();
  if (!settings) return <Page title={s.title}>{null}</Page>;
  const shown = contact ?? settings.structureContact ?? '';
  const sections = privacyNotice({ ...settings, structureContact: shown });
  return (
    <Page
      title={s.title}
      actions={
        <button type="button" className="button no-print" onClick={() => window.print()}>
          {s.print}
        </button>
      }
    >
      {canEditAgreementTemplate() ? (
        <div className="card no-print">
          <Field label={s.contactLabel} hint={s.contactHint}>
            {(f) => (
              <input
                {...f}
                autoComplete="off"
                value={shown}
                onChange={(e) => {
                  setContact(e.target.value);
                  setMessage(undefined);
                }}
              />
            )}
          </Field>
          <button
            type="button"
            className="button button--secondary"
            onClick={async () => {
              await saveStructureContact(db, shown);
              setContact(undefined);
              setMessage(s.saved);
            }}
          >
            {s.save}
          </button>
          {message ? <p role="status">{message}</p> : null}
          {!settings.structureName ? <p className="muted">{s.noName}</p> : null}
        </div>
      ) : null}
      <article className="card notice" aria-label={s.title}>
        {sections.map((section) => (
          <section key={section.title}>
            <h2>{section.title}</h2>
            {section.paragraphs.map((p) => (
              <p key={p}>{p}</p>
            ))}
          </section>
        ))}
      </article>
    </Page>
  );
};
