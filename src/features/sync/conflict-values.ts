// A conflict's values as the rest of the app shows them: a phone « 07 55 44 33 22 », a name, a day
// « 3 mars 2026 », La Coop's labels instead of its codes, the lieu, the people and the equipment by
// name rather than by id. One table of formatters per synced table; an unknown field falls back to a
// readable rendering of its value.
import { formatDuree } from '../../domain/activity';
import { formatPhone, type CommuneRef } from '../../domain/beneficiary';
import {
  AUTONOMIES,
  GENRES,
  MATERIELS,
  NIVEAUX_ATELIER,
  STATUTS_SOCIAUX,
  STRUCTURES_REDIRECTION,
  THEMATIQUES,
  TRANCHES_AGE,
  TYPES_ACTIVITE,
  TYPES_LIEU,
  labelOf,
  type Choice,
} from '../../domain/enums';
import {
  ACCESSORIES,
  CONDITIONS,
  DEPOSIT_FORMS,
  ITEM_ORIGINS,
  ITEM_STATUSES,
  ITEM_TYPES,
  type Deposit,
} from '../../domain/loans';
import type { SyncTable } from '../../domain/records';
import { formatDateTime, formatDay, formatEuros } from '../../ui/format';
import { strings } from './strings';

const s = strings.conflicts;

/** Names of the records a value may point to (lieux, beneficiaries, items), read by the page. */
export interface Lookups {
  lieux: Map<string, string>;
  beneficiaries: Map<string, string>;
  items: Map<string, string>;
}

type Format = (value: unknown, lookups: Lookups) => string;

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Any value, readable: booleans in words, lists joined, objects as « clé : valeur ». */
export const formatValue = (value: unknown): string => {
  if (isEmpty(value)) return s.empty;
  if (typeof value === 'boolean') return value ? s.yes : s.no;
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.nom === 'string' && typeof o.codeInsee === 'string') return commune(o);
    if (typeof o.nom === 'string') return [o.prenom, o.nom].filter(Boolean).join(' ');
    return Object.entries(o)
      .map(([k, v]) => `${k} : ${formatValue(v)}`)
      .join(' · ');
  }
  return String(value);
};

const commune = (value: unknown) => {
  const c = value as Partial<CommuneRef>;
  return c.codePostal ? `${c.nom ?? ''} (${c.codePostal})` : (c.nom ?? formatValue(value));
};
const choice =
  (list: readonly Choice[]): Format =>
  (value) =>
    Array.isArray(value)
      ? value.map((v) => labelOf(list, String(v)) || String(v)).join(', ')
      : labelOf(list, String(value)) || String(value);
const day: Format = (value) =>
  typeof value === 'string' ? formatDay(value.slice(0, 10)) : formatValue(value);
const lookup =
  (from: keyof Lookups): Format =>
  (value, lookups) =>
    (Array.isArray(value) ? value : [value])
      .map((id) => lookups[from].get(String(id)) ?? s.unknownRecord)
      .join(', ');
const count =
  (label: (n: number) => string): Format =>
  (value) =>
    label(Array.isArray(value) ? value.length : 0);

const FORMATS: Partial<Record<SyncTable, Record<string, Format>>> = {
  beneficiaries: {
    telephone: (v) => formatPhone(String(v)),
    commune,
    genre: choice(GENRES),
    statutSocial: choice(STATUTS_SOCIAUX),
    trancheAge: choice(TRANCHES_AGE),
  },
  activities: {
    type: choice(TYPES_ACTIVITE),
    date: day,
    duree: (v) => (typeof v === 'number' ? formatDuree(v) : formatValue(v)),
    typeLieu: choice(TYPES_LIEU),
    lieuId: lookup('lieux'),
    lieuCommune: commune,
    thematiques: choice(THEMATIQUES),
    materiel: choice(MATERIELS),
    beneficiaryIds: lookup('beneficiaries'),
    autonomie: choice(AUTONOMIES),
    structureDeRedirection: choice(STRUCTURES_REDIRECTION),
    niveau: choice(NIVEAUX_ATELIER),
    participantsAnonymes: (v) => s.participants((v as { total?: number } | null)?.total ?? 0),
  },
  lieux: { commune },
  items: {
    type: choice(ITEM_TYPES),
    status: choice(ITEM_STATUSES),
    origine: choice(ITEM_ORIGINS),
    etat: choice(CONDITIONS),
    accessoires: choice(ACCESSORIES),
    dateAcquisition: day,
    valeurAcquisition: (v) => (typeof v === 'number' ? formatEuros(v) : formatValue(v)),
    lieuId: lookup('lieux'),
  },
  loans: {
    itemIds: lookup('items'),
    beneficiaryId: lookup('beneficiaries'),
    startDate: day,
    plannedReturnDate: day,
    returnedDate: day,
    status: (v) => s.loanStatus[String(v)] ?? String(v),
    deposit: (v) => {
      const d = v as Partial<Deposit> | null;
      return d && typeof d.amount === 'number'
        ? `${formatEuros(d.amount)} (${labelOf(DEPOSIT_FORMS, d.form) || d.form}${d.returned ? `, ${s.depositReturned}` : ''})`
        : formatValue(v);
    },
    extensions: count(s.extensions),
    handover: count(s.handovers),
    returns: count(s.returns),
    photo: (v) => (v ? s.photo : s.empty),
    agreement: (v) => {
      const signedAt = (v as { signedAt?: string } | null)?.signedAt;
      return signedAt ? s.signedOn(formatDateTime(signedAt)) : formatValue(v);
    },
  },
  itemEvents: { date: (v) => (typeof v === 'string' ? formatDateTime(v) : formatValue(v)) },
};

/** Fields that are the data layer's own: never worth showing in a restored record's summary. */
const HIDDEN = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'structureId',
  'createdBy',
  'serverVersion',
  'deleted',
]);
const DERIVED = new Set(['searchTokens', 'sortKey', 'participations']);

export const fieldLabel = (table: SyncTable, field: string): string =>
  s.fieldsByTable[table]?.[field] ?? s.fields[field] ?? field;

/** One field's value as the app shows it. */
export const formatField = (table: SyncTable, field: string, value: unknown, lookups: Lookups): string => {
  if (isEmpty(value)) return s.empty;
  const format = FORMATS[table]?.[field];
  return format ? format(value, lookups) : formatValue(value);
};

/** A record kept by a `deleted` conflict, as « Nom : Durand · Téléphone : 07 55 44 33 22 ». */
export const formatSnapshot = (table: SyncTable, value: unknown, lookups: Lookups): string => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return formatValue(value);
  const parts = Object.entries(value as Record<string, unknown>)
    .filter(([field, v]) => !HIDDEN.has(field) && !DERIVED.has(field) && !isEmpty(v))
    .map(([field, v]) => `${fieldLabel(table, field)} : ${formatField(table, field, v, lookups)}`);
  return parts.length > 0 ? parts.join(' · ') : s.empty;
};

/** Where a record lives in the app (undefined: no page of its own). */
export const recordPath = (
  table: SyncTable,
  id: string,
  record?: Record<string, unknown>,
): string | undefined => {
  switch (table) {
    case 'beneficiaries':
      return `/beneficiaires/${id}`;
    case 'activities':
      return `/activites/${id}`;
    case 'items':
      return `/materiel/${id}`;
    case 'loans':
      return `/prets/${id}`;
    case 'lieux':
      return '/parametres#lieux-section';
    case 'settings':
      return '/prets/modele';
    case 'itemEvents':
      return typeof record?.itemId === 'string' ? `/materiel/${record.itemId}` : undefined;
    case 'cycles':
      return `/ateliers/${id}`;
    case 'cycleSessions':
    case 'registrations':
      return typeof record?.cycleId === 'string' ? `/ateliers/${record.cycleId}` : undefined;
    case 'attendances':
      return typeof record?.sessionId === 'string' ? `/ateliers/session/${record.sessionId}` : undefined;
    case 'passes':
      return '/ateliers/pass';
  }
};

/** Ids a conflict's values point to, so that the page can read their names. */
export const referencedIds = (
  table: SyncTable,
  field: string,
  values: unknown[],
): { lieux: string[]; beneficiaries: string[]; items: string[] } => {
  const out = { lieux: [] as string[], beneficiaries: [] as string[], items: [] as string[] };
  const add = (into: string[], v: unknown) => {
    for (const id of Array.isArray(v) ? v : [v]) if (typeof id === 'string') into.push(id);
  };
  const fieldsOf = (v: unknown): [string, unknown][] =>
    field === 'deleted' && v && typeof v === 'object'
      ? Object.entries(v as Record<string, unknown>)
      : [[field, v]];
  for (const value of values) {
    for (const [f, v] of fieldsOf(value)) {
      if (f === 'lieuId') add(out.lieux, v);
      if (f === 'beneficiaryIds' || (table === 'loans' && f === 'beneficiaryId')) add(out.beneficiaries, v);
      if (table === 'loans' && f === 'itemIds') add(out.items, v);
    }
  }
  return out;
};
