// The beneficiary form's state, as typed (the year stays a string), so that an invalid form, a
// draft and a reload keep every character. `toInput` gives what beneficiaryInputSchema validates.
import type { Beneficiary, CommuneRef } from '../../domain/beneficiary';
import { formatPhone } from '../../domain/beneficiary';
import { GENRES, labelOf, STATUTS_SOCIAUX, type Genre, type StatutSocial } from '../../domain/enums';
import { digitsOnly } from '../../domain/text';
import { communeLabel } from '../../ui/commune-input';
import type { FormField } from '../../ui/use-form';

export interface BeneficiaryFormState {
  anonyme: boolean;
  prenom: string;
  nom: string;
  telephone: string;
  pasDeTelephone: boolean;
  email: string;
  anneeNaissance: string;
  adresse: string;
  commune: CommuneRef | null;
  genre: Genre | '';
  statutSocial: StatutSocial | '';
  notes: string;
}

export const emptyForm = (): BeneficiaryFormState => ({
  anonyme: false,
  prenom: '',
  nom: '',
  telephone: '',
  pasDeTelephone: false,
  email: '',
  anneeNaissance: '',
  adresse: '',
  commune: null,
  genre: '',
  statutSocial: '',
  notes: '',
});

/** What « Créer « … » » on the list hands to the new beneficiary's form (src/ui/remembered-state.ts). */
export const NEW_FROM_QUERY = 'beneficiaries.newFromQuery';

/** A new form opened from a search (« Créer « Durand » ») starts with what was searched. */
export const formFromQuery = (query: string | null): BeneficiaryFormState => {
  const form = emptyForm();
  const q = query?.trim() ?? '';
  if (!q) return form;
  if (/^\+?[\d\s.]+$/.test(q) && digitsOnly(q).length >= 6) return { ...form, telephone: q };
  return { ...form, nom: q };
};

export const formFromBeneficiary = (b: Beneficiary): BeneficiaryFormState => ({
  anonyme: b.anonyme,
  prenom: b.prenom ?? '',
  nom: b.nom ?? '',
  telephone: formatPhone(b.telephone),
  pasDeTelephone: Boolean(b.pasDeTelephone),
  email: b.email ?? '',
  anneeNaissance: b.anneeNaissance == null ? '' : String(b.anneeNaissance),
  adresse: b.adresse ?? '',
  commune: b.commune ?? null,
  genre: b.genre ?? '',
  statutSocial: b.statutSocial ?? '',
  notes: b.notes ?? '',
});

/** A restored draft over the base form: a draft from an older version may lack new fields. */
export const formFromDraft = (data: unknown, base: BeneficiaryFormState): BeneficiaryFormState =>
  data && typeof data === 'object' ? { ...base, ...(data as Partial<BeneficiaryFormState>) } : base;

/** '' → undefined, '1958' → 1958, '19a8' → NaN (refused by the schema with its French message). */
export const parseYear = (text: string): number | undefined => {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
};

/** What the schema validates. Hidden fields of an anonymous beneficiary stay in the state, not here. */
export const toInput = (s: BeneficiaryFormState) => ({
  anonyme: s.anonyme,
  prenom: s.prenom,
  nom: s.nom,
  telephone: s.pasDeTelephone ? '' : s.telephone,
  pasDeTelephone: s.anonyme ? undefined : s.pasDeTelephone || undefined,
  email: s.email,
  anneeNaissance: parseYear(s.anneeNaissance),
  adresse: s.anonyme ? '' : s.adresse,
  commune: s.commune ?? undefined,
  genre: s.genre || undefined,
  statutSocial: s.statutSocial || undefined,
  notes: s.notes,
});

/** Field errors are keyed by path ("commune.codePostal"): a field shows its own and its children's. */
export const errorOf = (errors: Record<string, string>, field: string): string | undefined =>
  errors[field] ?? Object.entries(errors).find(([key]) => key.startsWith(`${field}.`))?.[1];

/** The form's fields as the « changed meanwhile » review names and shows them. */
export const beneficiaryReviewFields = (labels: {
  kind: string;
  prenom: string;
  nom: string;
  telephone: string;
  pasDeTelephone: string;
  email: string;
  adresse: string;
  commune: string;
  anneeNaissance: string;
  genre: string;
  statutSocial: string;
  notes: string;
  anonymous: string;
  identified: string;
}): FormField<BeneficiaryFormState>[] => [
  {
    name: 'anonyme',
    keys: ['anonyme'],
    label: labels.kind,
    show: (v) => (v.anonyme ? labels.anonymous : labels.identified),
  },
  { name: 'prenom', keys: ['prenom'], label: labels.prenom },
  { name: 'nom', keys: ['nom'], label: labels.nom },
  {
    name: 'telephone',
    keys: ['telephone', 'pasDeTelephone'],
    label: labels.telephone,
    show: (v) => (v.pasDeTelephone ? labels.pasDeTelephone : (v.telephone ?? '')),
  },
  { name: 'email', keys: ['email'], label: labels.email },
  { name: 'adresse', keys: ['adresse'], label: labels.adresse },
  {
    name: 'commune',
    keys: ['commune'],
    label: labels.commune,
    show: (v) => (v.commune ? communeLabel(v.commune) : ''),
  },
  { name: 'anneeNaissance', keys: ['anneeNaissance'], label: labels.anneeNaissance },
  {
    name: 'genre',
    keys: ['genre'],
    label: labels.genre,
    show: (v) => (v.genre ? labelOf(GENRES, v.genre) : ''),
  },
  {
    name: 'statutSocial',
    keys: ['statutSocial'],
    label: labels.statutSocial,
    show: (v) => (v.statutSocial ? labelOf(STATUTS_SOCIAUX, v.statutSocial) : ''),
  },
  { name: 'notes', keys: ['notes'], label: labels.notes },
];
