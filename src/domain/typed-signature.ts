// A signature typed rather than drawn (RGAA 7.3 and 13.10: a drawing cannot be made with a keyboard
// or a switch). It is stored as the same PNG blob as a drawn one, so the documents, the blob store
// and the sync need nothing new; an iTXt chunk in the PNG says it was typed and holds the name as
// typed, so that a document built from the blob alone (the loan agreement, its accessible version,
// the feuille d'émargement) can say « signature tapée » and by whom.

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const KEYWORD = 'Sillon signature tapee';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The PNG chunk CRC (ISO 3309), over the chunk's type and data. */
const crc32 = (bytes: Uint8Array): number => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const ascii = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);

const isPng = (png: Uint8Array) => png.length > 33 && SIGNATURE.every((b, i) => png[i] === b);

/** Chunks of a PNG, as [type, data start, data length], up to the image data. */
function* chunks(png: Uint8Array): Generator<[string, number, number]> {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  while (at + 12 <= png.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    yield [type, at + 8, length];
    if (type === 'IDAT' || type === 'IEND') return;
    at += 12 + length;
  }
}

/** iTXt's data: keyword, NUL, no compression (0, 0), no language tag nor translation (NUL, NUL), UTF-8 text. */
const markData = (name: string) =>
  new Uint8Array([...ascii(KEYWORD), 0, 0, 0, 0, 0, ...new TextEncoder().encode(name)]);

/** The name typed, when the PNG carries the mark of a typed signature. */
export const typedSignatureName = (png: Uint8Array): string | undefined => {
  if (!isPng(png)) return undefined;
  const head = markData('');
  for (const [type, start, length] of chunks(png)) {
    if (type !== 'iTXt' || length < head.length) continue;
    const data = png.subarray(start, start + length);
    if (head.every((b, i) => data[i] === b)) return new TextDecoder().decode(data.subarray(head.length));
  }
  return undefined;
};

/** Whether a signature's PNG was typed (carries the mark) rather than drawn. */
export const isTypedSignature = (png: Uint8Array): boolean => typedSignatureName(png) !== undefined;

/** The PNG with the « typed by `name` » mark added after its header (what is not a PNG is returned as is). */
export const markTypedSignature = (png: Uint8Array, name: string): Uint8Array<ArrayBuffer> => {
  if (!isPng(png) || isTypedSignature(png)) return png.slice();
  const data = markData(name);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(ascii('iTXt'), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  // IHDR is always first: 8 bytes of signature, then 4 + 4 + 13 + 4.
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, 33));
  out.set(chunk, 33);
  out.set(png.subarray(33), 33 + chunk.length);
  return out;
};

/** Which of these signature images (by blob hash) were typed rather than drawn. */
export const typedSignatures = async (images: ReadonlyMap<string, Blob>): Promise<Set<string>> => {
  const typed = new Set<string>();
  for (const [hash, blob] of images)
    if (isTypedSignature(new Uint8Array(await blob.arrayBuffer()))) typed.add(hash);
  return typed;
};
