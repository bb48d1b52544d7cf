import { forwardRef, useEffect, useId, useImperativeHandle, useRef } from 'react';
import SignaturePad from 'signature_pad';

import './signature-field.css';

/** Shared by the loan agreements and the workshops' feuille d'émargement. */
const TEXT = {
  padLabel: (who: string) => `${who} : signez du doigt ou au stylet dans ce cadre`,
  clear: 'Effacer',
};

export interface SignatureHandle {
  isEmpty: () => boolean;
  /** The signature as a small PNG (CSS pixels, transparent background). */
  toPng: () => Promise<Blob>;
}

interface SignatureFieldProps {
  label: string;
  error?: string | undefined;
  onChange: (empty: boolean) => void;
}

/** A signature pad (finger or stylus) sized to its box; drawn strokes survive a resize. */
export const SignatureField = forwardRef<SignatureHandle, SignatureFieldProps>(
  ({ label, error, onChange }, ref) => {
    const id = useId();
    const canvasRef = useRef<HTMLCanvasElement>(null);
    const padRef = useRef<SignaturePad | null>(null);
    const onChangeRef = useRef(onChange);
    useEffect(() => {
      onChangeRef.current = onChange;
    });

    useEffect(() => {
      const canvas = canvasRef.current!;
      const pad = new SignaturePad(canvas, { minWidth: 0.8, maxWidth: 2.6, penColor: '#102a6b' });
      padRef.current = pad;
      const resize = () => {
        // The canvas backing store follows the device pixel ratio so strokes stay sharp.
        const ratio = Math.max(window.devicePixelRatio || 1, 1);
        const data = pad.toData();
        canvas.width = canvas.offsetWidth * ratio;
        canvas.height = canvas.offsetHeight * ratio;
        canvas.getContext('2d')?.scale(ratio, ratio);
        pad.clear();
        pad.fromData(data);
      };
      resize();
      const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(resize) : undefined;
      observer?.observe(canvas);
      const onEnd = () => onChangeRef.current(pad.isEmpty());
      pad.addEventListener('endStroke', onEnd);
      return () => {
        observer?.disconnect();
        pad.removeEventListener('endStroke', onEnd);
        pad.off();
      };
    }, []);

    useImperativeHandle(ref, () => ({
      isEmpty: () => padRef.current?.isEmpty() ?? true,
      toPng: () => {
        const canvas = canvasRef.current!;
        // Export at CSS size (not device pixels): a few kilobytes per signature.
        const out = document.createElement('canvas');
        out.width = canvas.offsetWidth;
        out.height = canvas.offsetHeight;
        out.getContext('2d')?.drawImage(canvas, 0, 0, out.width, out.height);
        return new Promise((resolve, reject) =>
          out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('png'))), 'image/png'),
        );
      },
    }));

    return (
      <div
        className={`signature${error ? ' signature--error' : ''}`}
        role="group"
        aria-labelledby={`${id}-label`}
      >
        <p id={`${id}-label`} className="signature__label">
          <strong>{label}</strong>
        </p>
        <canvas
          ref={canvasRef}
          className="signature__pad"
          role="img"
          aria-label={TEXT.padLabel(label)}
          data-testid={`signature-${label}`}
        />
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              padRef.current?.clear();
              onChange(true);
            }}
          >
            {TEXT.clear}
            <span className="visually-hidden"> — {label}</span>
          </button>
        </div>
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    );
  },
);
SignatureField.displayName = 'SignatureField';
