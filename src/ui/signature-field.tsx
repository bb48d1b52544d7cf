import { forwardRef, useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import SignaturePad from 'signature_pad';

import { formatDateTime } from './format';
import { TYPED_TEXT, typedSignaturePng } from './typed-signature-png';
import './signature-field.css';

/** Shared by the loan agreements and the workshops' feuille d'émargement. */
const TEXT = {
  padLabel: (who: string) => `${who} : signez du doigt ou au stylet dans ce cadre`,
  clear: 'Effacer',
  toTyped: 'Signer en tapant mon nom',
  toDrawn: 'Signer au doigt ou au stylet',
  typedIntro: 'Tapez votre nom complet et cochez « Lu et approuvé » : la signature tapée vaut accord.',
  name: 'Nom et prénom',
  approved: TYPED_TEXT.approved,
  missingName: 'Tapez votre nom complet.',
  missingApproval: 'Cochez « Lu et approuvé ».',
};

export interface SignatureHandle {
  isEmpty: () => boolean;
  /** The signature as a small PNG (CSS pixels, transparent background). */
  toPng: () => Promise<Blob>;
  /** Whether the person typed her name (« Lu et approuvé ») rather than drawing. */
  isTyped?: () => boolean;
}

interface SignatureFieldProps {
  label: string;
  error?: string | undefined;
  onChange: (empty: boolean) => void;
}

/**
 * A signature pad (finger or stylus) sized to its box; drawn strokes survive a resize. Or, for whom
 * cannot draw (keyboard, switch, trembling hand), a typed signature: the full name and « Lu et
 * approuvé », turned into the same kind of PNG (see typed-signature-png.ts).
 */
export const SignatureField = forwardRef<SignatureHandle, SignatureFieldProps>(
  ({ label, error, onChange }, ref) => {
    const id = useId();
    const canvasRef = useRef<HTMLCanvasElement>(null);
    const padRef = useRef<SignaturePad | null>(null);
    const nameRef = useRef<HTMLInputElement>(null);
    const toggleRef = useRef<HTMLButtonElement>(null);
    const [typed, setTyped] = useState(false);
    const [name, setName] = useState('');
    const [approved, setApproved] = useState(false);
    const typedEmpty = name.trim() === '' || !approved;
    const onChangeRef = useRef(onChange);
    useEffect(() => {
      onChangeRef.current = onChange;
    });
    // Switching mode moves the focus to what is to be filled in (the name), or leaves it on the switch.
    const switched = useRef(false);
    useEffect(() => {
      if (!switched.current) return;
      switched.current = false;
      (typed ? nameRef.current : toggleRef.current)?.focus();
    }, [typed]);

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
      isEmpty: () => (typed ? typedEmpty : (padRef.current?.isEmpty() ?? true)),
      isTyped: () => typed,
      toPng: () => {
        if (typed) return typedSignaturePng(name.trim(), formatDateTime(new Date().toISOString()));
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

    const switchMode = () => {
      switched.current = true;
      padRef.current?.clear();
      setName('');
      setApproved(false);
      setTyped(!typed);
      onChange(true);
    };
    const typedError =
      error && typed ? (name.trim() === '' ? TEXT.missingName : TEXT.missingApproval) : undefined;

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
          hidden={typed}
        />
        {typed ? (
          <div className="signature__typed">
            <p className="field__hint">{TEXT.typedIntro}</p>
            <div className={`field${typedError === TEXT.missingName ? ' field--error' : ''}`}>
              <label htmlFor={`${id}-name`}>
                {TEXT.name}
                <span className="visually-hidden"> — {label}</span>
              </label>
              <input
                ref={nameRef}
                id={`${id}-name`}
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={name}
                aria-invalid={typedError === TEXT.missingName}
                onChange={(e) => {
                  setName(e.target.value);
                  onChange(e.target.value.trim() === '' || !approved);
                }}
              />
            </div>
            <label className="chip signature__approved">
              <input
                type="checkbox"
                checked={approved}
                aria-invalid={typedError === TEXT.missingApproval}
                onChange={(e) => {
                  setApproved(e.target.checked);
                  onChange(name.trim() === '' || !e.target.checked);
                }}
              />
              {TEXT.approved}
              <span className="visually-hidden"> — {label}</span>
            </label>
          </div>
        ) : null}
        <div className="actions">
          <button ref={toggleRef} type="button" className="button button--secondary" onClick={switchMode}>
            {typed ? TEXT.toDrawn : TEXT.toTyped}
            <span className="visually-hidden"> — {label}</span>
          </button>
          {typed ? null : (
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
          )}
        </div>
        {error ? (
          <p className="field__error" role="alert">
            {typedError ?? error}
          </p>
        ) : null}
      </div>
    );
  },
);
SignatureField.displayName = 'SignatureField';
