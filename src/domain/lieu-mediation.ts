// A lieu de médiation numérique in the national schema (« schéma de données des lieux de médiation
// numérique » v1, docs in ../shared/reference/domain.md §5): the fields, their enumerations (read from
// the schema's published library, @gouvfr-anct/lieux-de-mediation-numerique, so that a value it
// refuses is one Sillon refuses too), and the conversion between a row of the schema (lists joined
// with `|`, as the cartographie nationale exports them) and Sillon's form (lists as arrays).
// Validation of a row is the library's own (`fromSchemaLieuDeMediationNumerique`), its errors
// turned into French messages naming the field, plus what the library does not check (date_maj,
// horaires in OSM syntax, sizes).
import {
  DispositifProgrammeNational,
  FormationLabel,
  Frais,
  Itinerance,
  ModaliteAcces,
  ModaliteAccompagnement,
  PriseEnChargeSpecifique,
  PublicSpecifiquementAdresse,
  Service,
  Typologie,
  type SchemaLieuMediationNumerique,
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import { z } from 'zod';

import { lazySchema } from './lazy-schema';

import { isDay } from './dates';

/** The schema's enumerations; in this schema a value is its French label. */
export const SERVICES = Object.values(Service) as string[];
export const PUBLICS_SPECIFIQUEMENT_ADRESSES = Object.values(PublicSpecifiquementAdresse) as string[];
export const PRISES_EN_CHARGE_SPECIFIQUES = Object.values(PriseEnChargeSpecifique) as string[];
export const FRAIS_A_CHARGE = Object.values(Frais) as string[];
export const MODALITES_ACCES = Object.values(ModaliteAcces) as string[];
export const MODALITES_ACCOMPAGNEMENT = Object.values(ModaliteAccompagnement) as string[];
export const ITINERANCES = Object.values(Itinerance) as string[];
export const DISPOSITIFS_PROGRAMMES_NATIONAUX = Object.values(DispositifProgrammeNational) as string[];
export const FORMATIONS_LABELS = Object.values(FormationLabel) as string[];
export const TYPOLOGIES = Object.values(Typologie) as string[];

/** The schema's columns, in the order of its table (the cartographie's CSV export has these 32). */
export const SCHEMA_COLUMNS = [
  'id',
  'nom',
  'pivot',
  'services',
  'typologie',
  'structure_parente',
  'adresse',
  'commune',
  'code_postal',
  'code_insee',
  'complement_adresse',
  'latitude',
  'longitude',
  'telephone',
  'courriels',
  'site_web',
  'presentation_resume',
  'presentation_detail',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'itinerance',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'horaires',
  'prise_rdv',
  'date_maj',
  'source',
] as const;
export type SchemaColumn = (typeof SCHEMA_COLUMNS)[number];

/** Columns holding a list (joined with `|` in the schema's files). */
export const LIST_COLUMNS = [
  'services',
  'typologie',
  'courriels',
  'site_web',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'modalites_acces',
  'modalites_accompagnement',
  'itinerance',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
] as const satisfies readonly SchemaColumn[];
const LIST_SET: ReadonlySet<string> = new Set(LIST_COLUMNS);

/** French names of the columns, for messages. */
export const COLUMN_LABELS: Record<SchemaColumn, string> = {
  id: 'Identifiant',
  nom: 'Nom',
  pivot: 'SIRET ou RNA (pivot)',
  services: 'Services',
  typologie: 'Typologie',
  structure_parente: 'Structure parente',
  adresse: 'Adresse',
  commune: 'Commune',
  code_postal: 'Code postal',
  code_insee: 'Code INSEE',
  complement_adresse: 'Complément d’adresse',
  latitude: 'Latitude',
  longitude: 'Longitude',
  telephone: 'Téléphone',
  courriels: 'Courriels',
  site_web: 'Site web',
  presentation_resume: 'Présentation (résumé)',
  presentation_detail: 'Présentation (détail)',
  publics_specifiquement_adresses: 'Publics spécifiquement adressés',
  prise_en_charge_specifique: 'Prise en charge spécifique',
  frais_a_charge: 'Frais à charge',
  modalites_acces: 'Modalités d’accès',
  modalites_accompagnement: 'Modalités d’accompagnement',
  fiche_acces_libre: 'Fiche Accès libre',
  itinerance: 'Itinérance',
  dispositif_programmes_nationaux: 'Dispositifs et programmes nationaux',
  formations_labels: 'Formations et labels',
  autres_formations_labels: 'Autres formations et labels',
  horaires: 'Horaires',
  prise_rdv: 'Prise de rendez-vous',
  date_maj: 'Date de mise à jour',
  source: 'Source',
};

/** Longest values kept (the schema sets 280 for the résumé; the others keep one lieu small). */
export const LIEU_LIMITS = {
  text: 300,
  resume: 280,
  detail: 5000,
  list: 30,
  listItem: 300,
} as const;

const text = (max: number) => z.string().max(max, `Au plus ${max} caractères`);
const list = (values?: readonly string[]) =>
  z
    .array(values ? z.enum(values as [string, ...string[]]) : text(LIEU_LIMITS.listItem))
    .max(LIEU_LIMITS.list, `Au plus ${LIEU_LIMITS.list} valeurs`);

/**
 * A lieu in Sillon's form of the schema: the same field names, lists as arrays, absent fields
 * left out. `id` is the schema's identifier (the producer's own), not a Sillon record id.
 */
export const lieuMediationFields = lazySchema(
  () =>
    ({
      id: text(LIEU_LIMITS.text).min(1, 'Identifiant manquant'),
      nom: text(LIEU_LIMITS.text).min(1, 'Veuillez renseigner le nom du lieu'),
      pivot: text(20),
      services: list(SERVICES),
      typologie: list(TYPOLOGIES).optional(),
      structure_parente: text(LIEU_LIMITS.text).optional(),
      adresse: text(LIEU_LIMITS.text).min(1, 'Veuillez renseigner l’adresse'),
      commune: text(LIEU_LIMITS.text).min(1, 'Veuillez renseigner la commune'),
      code_postal: z.string().regex(/^\d{5}$/, 'Le code postal a cinq chiffres'),
      code_insee: z
        .string()
        .regex(/^(?:[013-9]\d|2[AB1-9])\d{3}$/, 'Code INSEE invalide')
        .optional(),
      complement_adresse: text(LIEU_LIMITS.text).optional(),
      latitude: z.number().min(-90).max(90).optional(),
      longitude: z.number().min(-180).max(180).optional(),
      telephone: text(30).optional(),
      courriels: list().optional(),
      site_web: list().optional(),
      presentation_resume: text(LIEU_LIMITS.resume).optional(),
      presentation_detail: text(LIEU_LIMITS.detail).optional(),
      publics_specifiquement_adresses: list(PUBLICS_SPECIFIQUEMENT_ADRESSES).optional(),
      prise_en_charge_specifique: list(PRISES_EN_CHARGE_SPECIFIQUES).optional(),
      frais_a_charge: list(FRAIS_A_CHARGE).optional(),
      modalites_acces: list(MODALITES_ACCES).optional(),
      modalites_accompagnement: list(MODALITES_ACCOMPAGNEMENT).optional(),
      fiche_acces_libre: text(LIEU_LIMITS.text).optional(),
      itinerance: list(ITINERANCES).optional(),
      dispositif_programmes_nationaux: list(DISPOSITIFS_PROGRAMMES_NATIONAUX).optional(),
      formations_labels: list(FORMATIONS_LABELS).optional(),
      autres_formations_labels: list().optional(),
      // OSM opening_hours syntax: checked by lieu-mediation-check.ts (the parser stays out of the first route).
      horaires: text(LIEU_LIMITS.detail).optional(),
      prise_rdv: text(LIEU_LIMITS.text).optional(),
      date_maj: z.string().refine(isDay, 'Date de mise à jour invalide (AAAA-MM-JJ attendu)'),
      source: text(LIEU_LIMITS.text).optional(),
    }) satisfies Record<SchemaColumn, z.ZodType>,
);

export const lieuMediationSchema = lazySchema(() => z.strictObject(lieuMediationFields));
export type LieuMediation = z.infer<typeof lieuMediationSchema>;

/** One value of a row as read from a file: text, a number (JSON) or a list (JSON). */
type RawValue = unknown;

const clean = (value: string): string | undefined => {
  const v = value.trim();
  return v === '' ? undefined : v;
};

/** A list cell: `a|b|c` (the cartographie's CSV and the library), or a JSON array. */
const readList = (value: RawValue): string[] | undefined => {
  const items = Array.isArray(value)
    ? value.map((v) => (typeof v === 'string' ? v : String(v)))
    : typeof value === 'string'
      ? value.split('|')
      : [String(value)];
  const kept = [...new Set(items.map((v) => v.trim()).filter(Boolean))];
  return kept.length ? kept : undefined;
};

const readNumber = (value: RawValue): number | typeof NaN | undefined => {
  if (typeof value === 'number') return value;
  const v = clean(String(value));
  return v === undefined ? undefined : Number(v.replace(',', '.'));
};

/** A row (from CSV or JSON) in Sillon's form, before validation: every value trimmed, empty = absent. */
export const normaliseRow = (row: Record<string, RawValue>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const column of SCHEMA_COLUMNS) {
    const value = row[column];
    if (value === undefined || value === null || value === '') continue;
    if (LIST_SET.has(column)) {
      const items = readList(value);
      if (items) out[column] = items;
    } else if (column === 'latitude' || column === 'longitude') {
      const n = readNumber(value);
      if (n !== undefined) out[column] = n;
    } else {
      const v = clean(typeof value === 'string' ? value : String(value));
      if (v !== undefined) out[column] = v;
    }
  }
  // A date written as an instant (2024-03-01T10:00:00Z) is the day it names.
  if (typeof out.date_maj === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(out.date_maj))
    out.date_maj = out.date_maj.slice(0, 10);
  return out;
};

/** Sillon's form to the schema's row: lists joined with `|`, numbers as numbers. */
export const toSchemaRow = (lieu: LieuMediation): SchemaLieuMediationNumerique => {
  const row: Record<string, unknown> = {};
  for (const column of SCHEMA_COLUMNS) {
    const value = (lieu as Record<string, unknown>)[column];
    if (value === undefined) continue;
    row[column] = Array.isArray(value) ? value.join('|') : value;
  }
  return row as unknown as SchemaLieuMediationNumerique;
};

/** The département of a lieu, from its code INSEE (2A/2B, 971…) or else its code postal. */
export const departementOf = (lieu: Pick<LieuMediation, 'code_insee' | 'code_postal'>): string => {
  const code = lieu.code_insee ?? lieu.code_postal;
  if (/^97/.test(code)) return code.slice(0, 3);
  if (!lieu.code_insee && /^20/.test(code)) return Number(code) < 20200 ? '2A' : '2B';
  return code.slice(0, 2);
};
