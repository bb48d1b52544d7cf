import { useState } from 'react';
import { useNavigate } from 'react-router';

import { getDb } from '../../data/db';
import { findItemByInventoryNumber } from '../../data/loans';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { QrCamera } from '../../ui/qr-camera';
import { LoansNav } from './loans-nav';
import { strings } from './strings';

/** Opens an item from its label: the camera where the browser allows it, typing always. */
export const ScannerPage = () => {
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const open = async (value: string) => {
    const number = value.trim();
    if (!number) {
      setError(strings.scanner.required);
      return false;
    }
    const item = await findItemByInventoryNumber(getDb(), number);
    if (!item) {
      setError(strings.scanner.notFound(number));
      return false;
    }
    navigate(`/materiel/${item.id}`);
    return true;
  };

  return (
    <Page title={strings.scanner.title}>
      <LoansNav />
      <section className="card" aria-labelledby="scan-manual">
        <h2 id="scan-manual">{strings.scanner.manual}</h2>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void open(typed);
          }}
        >
          <Field label={strings.scanner.manual} hint={strings.scanner.manualHint} error={error}>
            {(f) => (
              <input
                {...f}
                value={typed}
                autoCapitalize="characters"
                autoComplete="off"
                enterKeyHint="go"
                onChange={(e) => {
                  setTyped(e.target.value);
                  setError(undefined);
                }}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="button">
              {strings.scanner.open}
            </button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="scan-camera">
        <h2 id="scan-camera">{strings.scanner.camera}</h2>
        <QrCamera
          labels={{
            start: strings.scanner.camera,
            stop: strings.scanner.stop,
            scanning: strings.scanner.scanning,
            noCamera: strings.scanner.noCamera,
            cameraError: strings.scanner.cameraError,
            video: strings.scanner.videoLabel,
          }}
          onScan={(text) => {
            setError(undefined);
            return open(text);
          }}
        />
      </section>
    </Page>
  );
};
