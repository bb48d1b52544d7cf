// Reads a QR code with the camera where the browser allows it (qr-scanner, loaded on first use):
// the equipment labels and the Pass Numérique are scanned this way. Typing stays the way for a
// device without a camera; the screen that uses it keeps the typed field next to it.
import { useEffect, useRef, useState } from 'react';
import type QrScannerType from 'qr-scanner';

import './qr-camera.css';

type CameraState = 'unknown' | 'none' | 'available' | 'scanning' | 'error';

export interface QrCameraLabels {
  start: string;
  stop: string;
  scanning: string;
  noCamera: string;
  cameraError: string;
  video: string;
}

const hasMedia = () => 'getUserMedia' in (navigator.mediaDevices ?? {});

/**
 * `onScan` gets the code read; it returns whether it was taken (false: scanning goes on after its
 * message). The camera stops once a code is taken.
 */
export const QrCamera = ({
  labels,
  onScan,
}: {
  labels: QrCameraLabels;
  onScan: (text: string) => Promise<boolean>;
}) => {
  const [camera, setCamera] = useState<CameraState>(() => (hasMedia() ? 'unknown' : 'none'));
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<QrScannerType | null>(null);

  useEffect(() => {
    let live = true;
    if (!hasMedia()) return;
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

  const start = async () => {
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
          void onScan(result.data).then((ok) => {
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

  const stop = () => {
    scanner.current?.stop();
    setCamera('available');
  };

  return (
    <>
      {camera === 'none' ? <p>{labels.noCamera}</p> : null}
      {camera === 'error' ? <p role="alert">{labels.cameraError}</p> : null}
      {camera === 'available' || camera === 'error' ? (
        <button type="button" className="button button--secondary" onClick={() => void start()}>
          {labels.start}
        </button>
      ) : null}
      {camera === 'scanning' ? (
        <>
          <p role="status">{labels.scanning}</p>
          <button type="button" className="button button--secondary" onClick={stop}>
            {labels.stop}
          </button>
        </>
      ) : null}
      <div className="scanner-frame" hidden={camera !== 'scanning'}>
        <video ref={video} className="scanner-video" muted playsInline aria-label={labels.video} />
      </div>
    </>
  );
};
