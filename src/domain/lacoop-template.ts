// La Coop's « Importer des bénéficiaires » file: its template
// (apps/web/public/modeles/coop-numerique_import-beneficiaires.xlsx, sheet « Bénéficiaires ») and what
// its reader (features/beneficiaire/abilities/importer-beneficiaires/analyse/analyseImportBeneficiairesExcel.ts
// and action/importer-beneficiaires.validation.ts) accepts: cells read by position from row 4 until
// an empty row, ten columns, genre by its first letter, a commune checked against La Coop's own table.
// « Exporter pour La Coop » writes exactly that; Sillon's import reads it back the same way.
import type { Beneficiary, CommuneRef } from './beneficiary';
import { GENRES, labelOf } from './enums';
import { LACOOP_ARRONDISSEMENTS, LACOOP_NAMES, LACOOP_POSTAL_CODES, LACOOP_UNKNOWN } from './lacoop-communes';
import { normalizePhone } from './phone';

export const LACOOP_IMPORT_SHEET = 'Bénéficiaires';
/** 1-based row of the first person (rows 1–3: instructions, headers, sub-headers). */
export const LACOOP_IMPORT_FIRST_ROW = 4;
export const LACOOP_IMPORT_COLUMNS = 10;

/** The template's cell A1, word for word (its first line is bold in the template). */
export const LACOOP_IMPORT_INSTRUCTIONS =
  "Instructions d'utilisation :  \n" +
  '- Nom et Prénom sont obligatoires \n' +
  '- Année de naissance est fortement conseillé pour différencier les homonymes \n' +
  '- Les autres champs sont optionnels \n' +
  '- Pour compléter le champ commune, renseignez le nom de la commune. Le code INSEE et le code postal seront automatiquement complétés';

/** Row 2 (« Commune » spans D2:F2; the other headers span rows 2 and 3). */
export const LACOOP_IMPORT_HEADERS = [
  'Nom',
  'Prénom',
  'Année de naissance',
  'Commune',
  null,
  null,
  'N° de téléphone',
  'E-mail',
  'Genre',
  'Notes supplémentaires',
] as const;

/** Row 3: the commune's three columns. */
export const LACOOP_IMPORT_SUBHEADERS = [
  null,
  null,
  null,
  'Nom',
  'Code INSEE',
  'Code postal',
  null,
  null,
  null,
  null,
] as const;

/** La Coop's Nom and Prénom value objects refuse more (the row is then silently not imported). */
export const LACOOP_NAME_MAX = 100;

/** A commune as La Coop's table (communes.csv) holds it: a multi-postal-code commune has them all. */
export interface LacoopCommune {
  codeInsee: string;
  nom: string;
  /** « 46000 », or « 01410, 39310 » for a commune with several codes. */
  codePostal: string;
}

/**
 * The commune La Coop's import will accept for this one: its name and code postal cell from La Coop's
 * table, an arrondissement for Paris, Lyon and Marseille; undefined when La Coop does not know it.
 */
export const toLacoopCommune = (c: CommuneRef): LacoopCommune | undefined => {
  const arrondissement = LACOOP_ARRONDISSEMENTS[c.codeInsee]?.[c.codePostal];
  if (arrondissement) {
    const [codeInsee, nom] = arrondissement;
    return { codeInsee, nom, codePostal: LACOOP_POSTAL_CODES[codeInsee] ?? c.codePostal };
  }
  if (LACOOP_UNKNOWN.includes(c.codeInsee)) return undefined;
  return {
    codeInsee: c.codeInsee,
    nom: LACOOP_NAMES[c.codeInsee] ?? c.nom,
    codePostal: LACOOP_POSTAL_CODES[c.codeInsee] ?? c.codePostal,
  };
};

/** The ten cells of one person, in La Coop's column order. */
export type LacoopImportRow = [
  nom: string,
  prenom: string,
  anneeNaissance: number | null,
  communeNom: string | null,
  codeInsee: string | null,
  codePostal: string | null,
  telephone: string | null,
  email: string | null,
  genre: string,
  notes: string | null,
];

export type LacoopLeftOutReason = 'nom_manquant' | 'nom_trop_long';

export interface LacoopImportFile {
  rows: LacoopImportRow[];
  /** People written, in the file's order. */
  people: Beneficiary[];
  /** People La Coop's import would refuse or silently drop, left out of the file. */
  leftOut: { beneficiary: Beneficiary; reason: LacoopLeftOutReason }[];
  /** People written without their commune, which La Coop's table lacks. */
  communesUnknown: Beneficiary[];
  /** People written without their phone, which La Coop would not take. */
  phonesDropped: Beneficiary[];
}

/**
 * The rows of « Exporter pour La Coop »: identified beneficiaries (La Coop requires a nom and a
 * prénom), in the order given; each cell as La Coop's reader wants it (codes and phones as text,
 * the year as a number, the genre as the template's list writes it).
 */
export const buildLacoopImportFile = (
  beneficiaries: readonly Beneficiary[],
  year: number,
): LacoopImportFile => {
  const file: LacoopImportFile = {
    rows: [],
    people: [],
    leftOut: [],
    communesUnknown: [],
    phonesDropped: [],
  };
  for (const b of beneficiaries) {
    if (b.anonyme || b.deleted) continue;
    const nom = b.nom?.trim() ?? '';
    const prenom = b.prenom?.trim() ?? '';
    if (!nom || !prenom) {
      file.leftOut.push({ beneficiary: b, reason: 'nom_manquant' });
      continue;
    }
    if (nom.length > LACOOP_NAME_MAX || prenom.length > LACOOP_NAME_MAX) {
      file.leftOut.push({ beneficiary: b, reason: 'nom_trop_long' });
      continue;
    }
    const commune = b.commune ? toLacoopCommune(b.commune) : undefined;
    if (b.commune && !commune) file.communesUnknown.push(b);
    const telephone = b.telephone ? normalizePhone(b.telephone) : undefined;
    if (b.telephone && !telephone) file.phonesDropped.push(b);
    const validYear = b.anneeNaissance != null && b.anneeNaissance >= 1900 && b.anneeNaissance <= year;
    file.rows.push([
      nom,
      prenom,
      validYear ? b.anneeNaissance! : null,
      commune?.nom ?? null,
      commune?.codeInsee ?? null,
      commune?.codePostal ?? null,
      telephone ?? null,
      b.email?.trim() || null,
      labelOf(GENRES, b.genre ?? 'non_communique'),
      b.notes?.trim() || null,
    ]);
    file.people.push(b);
  }
  return file;
};
