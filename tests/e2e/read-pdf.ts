// Reading back a PDF made on the tablet, as a person's PDF reader would: its text and its images.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Text of every page of a PDF, and how many images it paints, read with pdf.js in Node. */
export const readPdf = async (bytes: Uint8Array): Promise<{ text: string; images: number }> => {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const standardFontDataUrl = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts/');
  const doc = await pdfjs.getDocument({ data: bytes, standardFontDataUrl, isEvalSupported: false }).promise;
  const parts: string[] = [];
  let images = 0;
  for (let n = 1; n <= doc.numPages; n += 1) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    const ops = await page.getOperatorList();
    images += ops.fnArray.filter((fn) => fn === pdfjs.OPS.paintImageXObject).length;
  }
  await doc.destroy();
  return { text: parts.join('\n').replace(/\s+/g, ' '), images };
};
