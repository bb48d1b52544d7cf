import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type QrScannerType from 'qr-scanner';

import { getDb } from '../../data/db';
import { findItemByInventoryNumber } from '../../data/loans';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { LoansNav } from './loans-nav';
import { strings } from './strings';

type CameraState = 'unknown' | 'none' | 'available' | 'scanning' | 'error';

/** Opens an item from its label: the camera where the browser allows it, typing always. */
export const ScannerPage = () => {
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const [camera, setCamera] = useState<CameraState>(() =>
    'getUserMedia' in (navigator.mediaDevices ?? {}) ? 'unknown' : 'none',
  );
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<QrScannerType | null>(null);

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

  useEffect(() => {
    let live = true;
    if (!('getUserMedia' in (navigator.mediaDevices ?? {}))) return;
    void import('qr-scanner')
      .then(({ default: QrScanner }) => QrScanner.hasCamera())
      .then((has) => live && setCamera(has ? 'available' : 'none'))
      .catch(() => live && setCamera('none'));
    return () => {
      live = false;
      scanner.current?.destroy();
      scanner.current = null;
    };
  }, []);

  const startCamera = async () => {
    setError(undefined);
    try {
      const { default: QrScanner } = await import('qr-scanner');
      const element = video.current!;
      let handled = false;
      const instance = new QrScanner(
        element,
        (result) => {
          if (handled) return;
          handled = true;
          instance.stop();
          setCamera('available');
          void open(result.data).then((ok) => {
            if (!ok) handled = false;
          });
        },
        // Its own highlight is markup with a style attribute, which the CSP refuses: .scanner-frame draws it.
        { returnDetailedScanResult: true, preferredCamera: 'environment', highlightScanRegion: false },
      );
      scanner.current = instance;
      setCamera('scanning');
      await instance.start();
    } catch {
      setCamera('error');
    }
  };

  const stopCamera = () => {
    scanner.current?.stop();
    setCamera('available');
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
        {camera === 'none' ? <p>{strings.scanner.noCamera}</p> : null}
        {camera === 'error' ? <p role="alert">{strings.scanner.cameraError}</p> : null}
        {camera === 'available' || camera === 'error' ? (
          <button type="button" className="button button--secondary" onClick={() => void startCamera()}>
            {strings.scanner.camera}
          </button>
        ) : null}
        {camera === 'scanning' ? (
          <>
            <p role="status">{strings.scanner.scanning}</p>
            <button type="button" className="button button--secondary" onClick={stopCamera}>
              {strings.scanner.stop}
            </button>
          </>
        ) : null}
        <div className="scanner-frame" hidden={camera !== 'scanning'}>
          <video
            ref={video}
            className="scanner-video"
            muted
            playsInline
            aria-label={strings.scanner.videoLabel}
          />
        </div>
      </section>
    </Page>
  );
};
