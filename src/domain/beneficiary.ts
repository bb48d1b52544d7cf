import { z } from 'zod';

import { lazySchema } from './lazy-schema';

import { values, GENRES, STATUTS_SOCIAUX, type Genre, type StatutSocial, type TrancheAge } from './enums';
import { optionalText, TEXT_LIMITS } from './limits';
import { normalizePhone } from './phone';
import type { RecordMeta } from './records';

export interface CommuneRef {
  /** Code INSEE (COG). */
  codeInsee: string;
  nom: string;
  codePostal: string;
}

export interface Beneficiary extends RecordMeta {
  anonyme: boolean;
  prenom?: string;
  nom?: string;
  telephone?: string;
  pasDeTelephone?: boolean;
  email?: string;
  anneeNaissance?: number;
  adresse?: string;
  commune?: CommuneRef;
  genre?: Genre;
  statutSocial?: StatutSocial;
  notes?: string;
  /** Derived, stored for indexes and statistics; never typed. */
  trancheAge: TrancheAge;
  /** Normalised "nom prénom" for the alphabetical list index. */
  sortKey: string;
  /** Normalised words of name, phone and commune: a multi-entry index for instant search. */
  searchTokens: string[];
  /** Set on the deletion a merge makes: the beneficiary she was merged into. */
  mergedInto?: string;
  /** When a coordinateur chose « Conserver » (her retention year starts again; src/domain/anonymisation.ts). */
  keptAt?: string;
}

/** La Coop's rule (domain/tranche-age.ts): age = the year's number − birth year. */
export const trancheAgeInYear = (anneeNaissance: number | undefined | null, year: number): TrancheAge => {
  if (anneeNaissance == null) return 'non_communique';
  const age = year - anneeNaissance;
  if (age < 12) return 'moins_de_douze';
  if (age < 18) return 'douze_dix_huit';
  if (age < 25) return 'dix_huit_vingt_quatre';
  if (age < 40) return 'vingt_cinq_trente_neuf';
  if (age < 60) return 'quarante_cinquante_neuf';
  if (age < 70) return 'soixante_soixante_neuf';
  return 'soixante_dix_plus';
};

/** The tranche d'âge today (or at `now`). */
export const trancheAge = (anneeNaissance: number | undefined | null, now: Date = new Date()): TrancheAge =>
  trancheAgeInYear(anneeNaissance, now.getFullYear());

/**
 * The tranche d'âge a statistic or an export of `year` shows: computed from the année de naissance
 * then, the stored one only without a usable year (La Coop's derivedTrancheAgeSql and
 * effectiveTrancheAge): a tranche stored last year goes stale every 1 January.
 */
export const effectiveTrancheAge = (
  b: { anneeNaissance?: number | undefined; trancheAge?: TrancheAge | undefined },
  year: number,
): TrancheAge =>
  b.anneeNaissance != null && b.anneeNaissance >= 1900 && b.anneeNaissance <= year
    ? trancheAgeInYear(b.anneeNaissance, year)
    : (b.trancheAge ?? 'non_communique');

export { formatPhone, normalizePhone } from './phone';

export const communeSchema = lazySchema(() =>
  z.object({
    codeInsee: z.string().regex(/^([013-9]\d|2[AB1-9])\d{3}$/, 'Code INSEE invalide'),
    nom: z.string().min(1).max(TEXT_LIMITS.label),
    codePostal: z.string().regex(/^\d{5}$/, 'Code postal invalide'),
  }),
);

/** The fields of a beneficiary as typed (before ids and derived fields); `maxYear`: the latest birth year. */
export const beneficiaryFields = (maxYear: number) =>
  z.object({
    anonyme: z.boolean().default(false),
    prenom: optionalText(TEXT_LIMITS.name),
    nom: optionalText(TEXT_LIMITS.name),
    telephone: optionalText(TEXT_LIMITS.phone),
    pasDeTelephone: z.boolean().optional(),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(TEXT_LIMITS.email, `Au plus ${TEXT_LIMITS.email} caractères`)
      .transform((v) => v || undefined)
      .pipe(z.email('Veuillez renseigner une adresse e-mail valide').optional())
      .optional(),
    anneeNaissance: z
      .number({ error: 'Veuillez renseigner une année valide' })
      .int('Veuillez renseigner une année valide')
      .min(1900, 'L’année de naissance doit être comprise entre 1900 et l’année en cours')
      .max(maxYear, 'L’année de naissance doit être comprise entre 1900 et l’année en cours')
      .optional(),
    adresse: optionalText(TEXT_LIMITS.address),
    commune: communeSchema.optional(),
    genre: z.enum(values(GENRES)).optional(),
    statutSocial: z.enum(values(STATUTS_SOCIAUX)).optional(),
    notes: optionalText(TEXT_LIMITS.notes),
  });

type BeneficiaryFields = z.infer<ReturnType<typeof beneficiaryFields>>;

/** Rules across fields of a beneficiary (the form and the server's record check run the same). */
export const beneficiaryRules = (b: Partial<BeneficiaryFields>, ctx: z.RefinementCtx): void => {
  if (!b.anonyme) {
    if (!b.prenom)
      ctx.addIssue({ code: 'custom', path: ['prenom'], message: 'Veuillez renseigner un prénom' });
    if (!b.nom) ctx.addIssue({ code: 'custom', path: ['nom'], message: 'Veuillez renseigner un nom' });
  }
  if (b.telephone && !b.pasDeTelephone && !normalizePhone(b.telephone)) {
    ctx.addIssue({
      code: 'custom',
      path: ['telephone'],
      message: 'Veuillez renseigner un numéro de téléphone valide',
    });
  }
};

/** What the beneficiary form submits (before ids and derived fields). */
export const beneficiaryInputSchema = (now: Date = new Date()) =>
  beneficiaryFields(now.getFullYear())
    .superRefine(beneficiaryRules)
    .transform((b) => ({
      ...b,
      telephone: b.pasDeTelephone ? undefined : b.telephone ? normalizePhone(b.telephone) : undefined,
      // An anonymous beneficiary carries no identity (La Coop's anonymous records have no name).
      ...(b.anonyme ? { prenom: undefined, nom: undefined, telephone: undefined, email: undefined } : {}),
    }));

export type BeneficiaryInput = z.infer<ReturnType<typeof beneficiaryInputSchema>>;

export const NOTES_WARNING =
  'Il est interdit de stocker des informations sensibles (données de santé, mots de passe, etc).';

export const displayName = (b: Pick<Beneficiary, 'anonyme' | 'prenom' | 'nom'>): string =>
  b.anonyme ? 'Bénéficiaire anonyme' : `${b.prenom ?? ''} ${(b.nom ?? '').toUpperCase()}`.trim();
