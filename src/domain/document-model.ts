// A printed document's content as structure (RGAA 13.3): Sillon's PDFs are made with jsPDF, which
// does not tag them, so each document is built once as this model and rendered twice — to its PDF
// and to an accessible HTML version (headings, lists, tables with their headers and caption), so
// that both say the same thing. The loan agreement has its own model (agreement-sections.ts).

export interface DocCell {
  /** What the cell says; in the PDF an image replaces it when there is one. */
  text: string;
  /** The blob hash of an image the PDF paints in the cell (a signature). */
  image?: string | undefined;
}

export interface DocRow {
  /** The row's header (a participant's name). */
  header: string;
  /** A short note under the header (« signature tapée »). */
  note?: string | undefined;
  cells: DocCell[];
}

export type DocBlock =
  /** `strong`: bold in both; `small`: a footer line (smaller in the PDF). */
  | { kind: 'paragraph'; text: string; strong?: boolean; small?: boolean }
  | { kind: 'list'; items: string[] }
  /** `columns[0]` heads the rows' headers; each row has `columns.length - 1` cells. */
  | { kind: 'table'; caption: string; columns: string[]; rows: DocRow[] }
  /** A link the PDF prints as a QR code, and the HTML as the link itself. */
  | { kind: 'qr'; label: string; url: string }
  /** A signature: the PDF paints its image (with the note), the HTML says `text`. */
  | { kind: 'signature'; text: string; image: string; note?: string | undefined };

export interface DocSection {
  heading: string;
  blocks: DocBlock[];
}

export interface DocModel {
  title: string;
  /** Under the title, before the first section. */
  blocks: DocBlock[];
  sections: DocSection[];
}

const blockTexts = (block: DocBlock): string[] => {
  switch (block.kind) {
    case 'paragraph':
      return [block.text];
    case 'list':
      return block.items;
    case 'qr':
      return [block.label, block.url];
    case 'signature':
      return [block.text, ...(block.note ? [block.note] : [])];
    case 'table':
      return [
        block.caption,
        ...block.columns,
        ...block.rows.flatMap((r) => [r.header, ...(r.note ? [r.note] : []), ...r.cells.map((c) => c.text)]),
      ];
  }
};

/** Every text of a document, in reading order (what both renderings must say). */
export const documentTexts = (doc: DocModel): string[] => [
  doc.title,
  ...doc.blocks.flatMap(blockTexts),
  ...doc.sections.flatMap((s) => [s.heading, ...s.blocks.flatMap(blockTexts)]),
];

/** A section of plain lines, left out when it has none. */
export const linesSection = (heading: string, lines: string[]): DocSection[] =>
  lines.length ? [{ heading, blocks: [{ kind: 'list', items: lines }] }] : [];
