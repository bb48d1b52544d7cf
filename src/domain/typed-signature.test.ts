import { crc32 } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { isTypedSignature, markTypedSignature, typedSignatureName } from './typed-signature';

// A 1 × 1 transparent PNG, as a canvas exports it.
const PIXEL = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
);

/** Every chunk with its CRC checked by Node's own zlib. */
const readChunks = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; text: string; crcOk: boolean }[] = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    out.push({
      type: Buffer.from(png.subarray(at + 4, at + 8)).toString('latin1'),
      text: Buffer.from(png.subarray(at + 8, at + 8 + length)).toString('latin1'),
      crcOk: crc32(typeAndData) === view.getUint32(at + 8 + length),
    });
    at += 12 + length;
  }
  return out;
};

describe('typed signature mark', () => {
  it('adds one valid iTXt chunk after the header with the name as typed, and leaves the image as it was', () => {
    expect(isTypedSignature(PIXEL)).toBe(false);
    expect(typedSignatureName(PIXEL)).toBeUndefined();
    const marked = markTypedSignature(PIXEL, 'Maëlle Œuvrard-N’Diaye');
    expect(isTypedSignature(marked)).toBe(true);
    expect(typedSignatureName(marked)).toBe('Maëlle Œuvrard-N’Diaye');
    const chunks = readChunks(marked);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    expect(chunks[1]!.text.startsWith('Sillon signature tapee\0\0\0\0\0')).toBe(true);
    const original = readChunks(PIXEL);
    expect(chunks.filter((c) => c.type !== 'iTXt')).toEqual(original);
  });

  it('marks once, and leaves what is not a PNG alone', () => {
    const marked = markTypedSignature(PIXEL, 'Josette Clavel');
    expect(markTypedSignature(marked, 'Autre nom')).toEqual(marked);
    const pdf = new TextEncoder().encode('%PDF-1.3 Sillon signature tapee');
    expect(markTypedSignature(pdf, 'Josette Clavel')).toEqual(pdf);
    expect(isTypedSignature(pdf)).toBe(false);
  });
});
