import { z } from 'zod';

import { values, GENRES, STATUTS_SOCIAUX, type Genre, type StatutSocial, type TrancheAge } from './enums';
import { optionalText, TEXT_LIMITS } from './limits';
import type { RecordMeta } from './records';
import { digitsOnly } from './text';

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
}

/** La Coop's rule (domain/tranche-age.ts): age = current year − birth year. */
export const trancheAge = (anneeNaissance: number | undefined | null, now: Date = new Date()): TrancheAge => {
  if (anneeNaissance == null) return 'non_communique';
  const age = now.getFullYear() - anneeNaissance;
  if (age < 12) return 'moins_de_douze';
  if (age < 18) return 'douze_dix_huit';
  if (age < 25) return 'dix_huit_vingt_quatre';
  if (age < 40) return 'vingt_cinq_trente_neuf';
  if (age < 60) return 'quarante_cinquante_neuf';
  if (age < 70) return 'soixante_soixante_neuf';
  return 'soixante_dix_plus';
};

const PHONE_PREFIXES = ['33', '262', '352', '590', '594', '596'];

/** Normalises a phone number to the international form La Coop stores (+33…), or undefined if invalid. */
export const normalizePhone = (input: string): string | undefined => {
  const trimmed = input.trim();
  const digits = digitsOnly(trimmed);
  if (!digits) return undefined;
  if (trimmed.startsWith('+') || trimmed.startsWith('00')) {
    const international = trimmed.startsWith('00') ? digits.slice(2) : digits;
    const prefix = PHONE_PREFIXES.find((p) => international.startsWith(p));
    if (!prefix) return undefined;
    const national = international.slice(prefix.length);
    return national.length === 9 ? `+${prefix}${national}` : undefined;
  }
  if (digits.length === 10 && digits.startsWith('0')) return `+33${digits.slice(1)}`;
  return undefined;
};

/** "+33612345678" → "06 12 34 56 78" for display. */
export const formatPhone = (phone: string | undefined): string => {
  if (!phone) return '';
  if (phone.startsWith('+33') && phone.length === 12) {
    return `0${phone.slice(3)}`.replace(/(\d{2})(?=\d)/g, '$1 ');
  }
  return phone;
};

export const communeSchema = z.object({
  codeInsee: z.string().regex(/^([013-9]\d|2[AB1-9])\d{3}$/, 'Code INSEE invalide'),
  nom: z.string().min(1).max(TEXT_LIMITS.label),
  codePostal: z.string().regex(/^\d{5}$/, 'Code postal invalide'),
});

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
