// The signed agreement's text as structure (issue 17, RGAA 13.3): the PDF made with jsPDF is not
// tagged, so the same text is offered as an HTML page, with a heading per clause (« Objet : … »,
// « Durée : … ») and the list of items as a list, for whoever reads with a screen reader.

export type AgreementBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

export interface AgreementSection {
  /** The clause's name (« Objet », « Caution »), when the paragraph opens with one. */
  heading?: string;
  blocks: AgreementBlock[];
}

/** « Objet : la structure prête… »: a short name, no comma or bracket, then « : ». */
const CLAUSE = /^([A-ZÀ-ÖØ-Þ][^:,()\n]{0,29}?)\s*:\s+(\S.*)$/;
const ITEM = /^\s*[-•]\s+(.*)$/;

const blocksOf = (lines: string[]): AgreementBlock[] => {
  const blocks: AgreementBlock[] = [];
  for (const line of lines) {
    const item = ITEM.exec(line);
    const last = blocks.at(-1);
    if (item) {
      if (last?.kind === 'list') last.items.push(item[1]!.trim());
      else blocks.push({ kind: 'list', items: [item[1]!.trim()] });
    } else if (line.trim()) blocks.push({ kind: 'paragraph', text: line.trim() });
  }
  return blocks;
};

/** Paragraphs (blank-line separated) become sections; one that opens with a clause name gets it as heading. */
export const agreementSections = (text: string): AgreementSection[] =>
  text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n'))
    .filter((lines) => lines.some((l) => l.trim()))
    .map((lines) => {
      const first = lines.findIndex((l) => l.trim());
      const clause = CLAUSE.exec(lines[first]!.trim());
      if (!clause) return { blocks: blocksOf(lines) };
      return { heading: clause[1]!, blocks: blocksOf([clause[2]!, ...lines.slice(first + 1)]) };
    });
