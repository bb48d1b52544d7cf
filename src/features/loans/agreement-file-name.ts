import { strings } from './strings';

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** « convention-pret-josette-clavel-2026-12-03.pdf »: the name a downloaded agreement gets. */
export const agreementFileName = (borrower: string, startDate: string): string =>
  strings.pdf.fileName(slug(borrower), startDate);
