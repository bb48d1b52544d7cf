import { z } from 'zod';

import { lazySchema } from './lazy-schema';

import { communeSchema, type CommuneRef } from './beneficiary';
import { lieuMediationFields as schema, type LieuMediation } from './lieu-mediation';
import { optionalText, requiredText, TEXT_LIMITS } from './limits';
import type { RecordMeta } from './records';

/**
 * The fields of the national schema of lieux de médiation numérique (lieu-mediation.ts) a lieu
 * d'activité carries besides nom, adresse and commune, under the schema's own names: what its
 * publication to the cartographie nationale needs (lieu-publication.ts). All optional: a lieu
 * written by an older app has none (table version 2, record-schemas.ts).
 */
export const LIEU_SCHEMA_LISTS = [
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'modalites_acces',
  'modalites_accompagnement',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'courriels',
  'site_web',
] as const satisfies readonly (keyof LieuMediation)[];
export const LIEU_SCHEMA_TEXTS = [
  'pivot',
  'complement_adresse',
  'telephone',
  'presentation_resume',
  'presentation_detail',
  'horaires',
  'prise_rdv',
] as const satisfies readonly (keyof LieuMediation)[];
export type LieuSchemaList = (typeof LIEU_SCHEMA_LISTS)[number];
export type LieuSchemaText = (typeof LIEU_SCHEMA_TEXTS)[number];
export const LIEU_SCHEMA_KEYS = [...LIEU_SCHEMA_TEXTS, ...LIEU_SCHEMA_LISTS] as const;

export type LieuSchemaFields = Partial<Pick<LieuMediation, LieuSchemaList | LieuSchemaText>>;

/** A lieu d'activité of the advisor, in the lieux de médiation numérique schema v1. */
export interface Lieu extends RecordMeta, LieuSchemaFields {
  nom: string;
  adresse?: string;
  commune?: CommuneRef;
}

/** SIRET (14 digits, spaces allowed) or RNA (W and 9 characters), as the schema's library accepts them. */
const PIVOT = /^(?:\d{14}|W[A-Za-z0-9]{9})$/;
/** The schema's library's rule for a French telephone number (+33…, 0X XX XX XX XX…). */
const TELEPHONE =
  /^(?:(?:\+|00)(?:33|262|269|508|590|594|596|681|687|689)[\s.-]{0,3}(?:\(0\)[\s.-]{0,3})?|0)(?:(?:[1-9](?:[\s.-]?\d{2}){4}|\d{2}(?:[\s.-]\d{3}){2})|\d{6}|\s\d{3}(?:\s\d{2}){3})$/;

/** A list of the schema: empty means absent. */
const list = <T extends z.ZodType<string[]>>(field: T) =>
  field.transform((v) => (v.length ? v : undefined)).optional();
const email = lazySchema(() =>
  z.string().trim().email('Adresse électronique invalide').max(TEXT_LIMITS.label),
);
const url = lazySchema(() =>
  z
    .string()
    .trim()
    .regex(/^https?:\/\/\S+\.\S+$/i, 'Adresse de site invalide (https://… attendu)')
    .max(TEXT_LIMITS.label),
);

/** The schema's fields as a form (or a pushed record) gives them; the schema's enumerations and sizes. */
export const lieuSchemaFieldsInput = lazySchema(
  () =>
    ({
      pivot: z
        .string()
        .max(30, 'Au plus 30 caractères')
        .transform((v) => v.replace(/\s/g, '') || undefined)
        .refine(
          (v) => v === undefined || PIVOT.test(v),
          'SIRET (14 chiffres) ou RNA (W et 9 caractères) attendu',
        )
        .optional(),
      complement_adresse: optionalText(TEXT_LIMITS.address),
      telephone: optionalText(30).refine(
        (v) => v === undefined || TELEPHONE.test(v),
        'Numéro de téléphone invalide (ex. 05 65 00 00 00)',
      ),
      presentation_resume: optionalText(280),
      presentation_detail: optionalText(5000),
      // OSM opening_hours syntax: checked by the form and the server with lieu-hours.ts (the parser
      // stays out of the first route).
      horaires: optionalText(5000),
      prise_rdv: optionalText(TEXT_LIMITS.label).refine(
        (v) => v === undefined || /^https?:\/\/\S+\.\S+$/i.test(v),
        'Lien de prise de rendez-vous invalide (https://… attendu)',
      ),
      services: list(schema.services),
      publics_specifiquement_adresses: list(schema.publics_specifiquement_adresses.unwrap()),
      prise_en_charge_specifique: list(schema.prise_en_charge_specifique.unwrap()),
      frais_a_charge: list(schema.frais_a_charge.unwrap()),
      modalites_acces: list(schema.modalites_acces.unwrap()),
      modalites_accompagnement: list(schema.modalites_accompagnement.unwrap()),
      dispositif_programmes_nationaux: list(schema.dispositif_programmes_nationaux.unwrap()),
      formations_labels: list(schema.formations_labels.unwrap()),
      autres_formations_labels: list(z.array(z.string().trim().min(1).max(TEXT_LIMITS.label)).max(30)),
      courriels: list(z.array(email).max(10)),
      site_web: list(z.array(url).max(10)),
    }) satisfies Record<LieuSchemaList | LieuSchemaText, z.ZodType>,
);

export const lieuInputSchema = lazySchema(() =>
  z.object({
    nom: requiredText(TEXT_LIMITS.label, 'Veuillez renseigner le nom du lieu'),
    adresse: optionalText(TEXT_LIMITS.address),
    commune: communeSchema.optional(),
    ...lieuSchemaFieldsInput,
  }),
);
export type LieuInput = z.infer<typeof lieuInputSchema>;
