// The image of a typed signature: « Lu et approuvé », the name as typed, and when, drawn on a canvas
// in the pen's colour on a transparent background (as a drawn one), then marked as typed.
import { markTypedSignature } from '../domain/typed-signature';

const WIDTH = 480;
const HEIGHT = 160;
const INK = '#102a6b';
const PAD = 16;

export const TYPED_TEXT = {
  approved: 'Lu et approuvé',
  footer: (when: string) => `Signature tapée le ${when}`,
};

/** The largest font size (at most `max`) at which `text` fits in `width`. */
const fit = (ctx: CanvasRenderingContext2D, text: string, font: (size: number) => string, max: number) => {
  let size = max;
  ctx.font = font(size);
  while (size > 10 && ctx.measureText(text).width > WIDTH - 2 * PAD) {
    size -= 1;
    ctx.font = font(size);
  }
};

export const typedSignaturePng = async (name: string, when: string): Promise<Blob> => {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas');
  ctx.fillStyle = INK;
  ctx.textBaseline = 'alphabetic';
  ctx.font = '600 20px system-ui, sans-serif';
  ctx.fillText(TYPED_TEXT.approved, PAD, PAD + 20);
  fit(ctx, name, (size) => `italic ${size}px Georgia, 'DejaVu Serif', serif`, 40);
  ctx.fillText(name, PAD, HEIGHT / 2 + 22);
  ctx.font = '15px system-ui, sans-serif';
  ctx.fillText(TYPED_TEXT.footer(when), PAD, HEIGHT - PAD);
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('png'))), 'image/png'),
  );
  const marked = markTypedSignature(new Uint8Array(await blob.arrayBuffer()), name);
  return new Blob([marked], { type: 'image/png' });
};
