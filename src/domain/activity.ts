import { z } from 'zod';

import { communeSchema, type CommuneRef } from './beneficiary';
import { isDay } from './dates';
import {
  AUTONOMIES,
  GENRES,
  STATUTS_SOCIAUX,
  TRANCHES_AGE,
  MATERIELS,
  NIVEAUX_ATELIER,
  STRUCTURES_REDIRECTION,
  THEMATIQUE_DEMARCHES,
  THEMATIQUES,
  THEMATIQUES_ADMINISTRATIVES,
  TYPES_ACTIVITE,
  TYPES_LIEU,
  values,
  type Autonomie,
  type DureeBucket,
  type Genre,
  type Materiel,
  type NiveauAtelier,
  type StatutSocial,
  type StructureDeRedirection,
  type Thematique,
  type TrancheAge,
  type TypeActivite,
  type TypeLieu,
} from './enums';
import { lazySchema } from './lazy-schema';
import { LIST_LIMITS, optionalText, TEXT_LIMITS } from './limits';
import type { RecordMeta } from './records';

/** La Coop's anonymous block of a collectif; "non communiqué" counts are total − sum(others). */

/**
 * The lieu of the directory an individual session oriented the person to, kept with its id and name
 * (and its services, for the statistics): the name still shows if the lieu leaves the directory.
 */
export const lieuOrientationSchema = lazySchema(() =>
  z.strictObject({
    id: z.string().max(100),
    nom: z.string().trim().min(1).max(300),
    services: z.array(z.string().max(300)).max(20).default([]),
  }),
);
export type LieuOrientation = z.infer<typeof lieuOrientationSchema>;

export interface ParticipantsAnonymes {
  total: number;
  dejaAccompagne: number;
  genre: Partial<Record<Exclude<Genre, 'non_communique'>, number>>;
  trancheAge: Partial<Record<Exclude<TrancheAge, 'non_communique'>, number>>;
  statutSocial: Partial<Record<Exclude<StatutSocial, 'non_communique'>, number>>;
}

/**
 * What La Coop lets an individual session without an identified beneficiary carry about the person
 * (BeneficiaireAnonymeFields.tsx: « Informations optionnelles sur le bénéficiaire »); La Coop keeps it
 * on an anonymous beneficiary record, Sillon on the session itself.
 */
export interface BeneficiaireAnonyme {
  /** « J’ai déjà accompagné ce bénéficiaire »: not a « nouveau bénéficiaire ». */
  dejaAccompagne?: boolean;
  genre?: Genre;
  trancheAge?: TrancheAge;
  statutSocial?: StatutSocial;
  /** Commune de résidence. */
  commune?: CommuneRef;
}

export interface Activity extends RecordMeta {
  type: TypeActivite;
  /** A day, 'YYYY-MM-DD'. */
  date: string;
  /** Whole minutes. */
  duree: number;
  typeLieu: TypeLieu;
  /** Lieu d'activité (typeLieu = lieu_activite). */
  lieuId?: string;
  /** Commune of the session (domicile, autre). */
  lieuCommune?: CommuneRef;
  thematiques: Thematique[];
  precisionsDemarche?: string;
  materiel: Materiel[];
  /** Identified beneficiaries: at most one for an individual session, the participants of a workshop. */
  beneficiaryIds: string[];
  autonomie?: Autonomie;
  orienteVersStructure?: boolean;
  structureDeRedirection?: StructureDeRedirection;
  /** The lieu of the directory the person was sent to (« orienté vers une autre structure »). */
  lieuOrientation?: LieuOrientation;
  titreAtelier?: string;
  niveau?: NiveauAtelier;
  participantsAnonymes?: ParticipantsAnonymes;
  /** Individual session without an identified beneficiary: what is known of the person. */
  beneficiaireAnonyme?: BeneficiaireAnonyme;
  notes?: string;
}

export const ADMIN_THEMATIQUES = new Set<string>(THEMATIQUES_ADMINISTRATIVES.map((t) => t.value));

export const canHaveAdministrativeThematiques = (thematiques: readonly string[]): boolean =>
  thematiques.includes(THEMATIQUE_DEMARCHES);

/** Number of accompagnements (La Coop's accompagnementsCount): one per participant. */
export const accompagnementsCount = (
  a: Pick<Activity, 'type' | 'beneficiaryIds' | 'participantsAnonymes'>,
): number => (a.type === 'individuel' ? 1 : a.beneficiaryIds.length + (a.participantsAnonymes?.total ?? 0));

/**
 * La Coop's statistics buckets (dureeAccompagnementStatisticsRanges): 0–30, 30–60, 60–120, 120 and
 * above, each range `min <= duree < max` (createDureesRangesSelect), so 30 min falls in « 30min à 1 h »
 * and 2 h in « 2 h et plus ».
 */
export const dureeBucket = (minutes: number): DureeBucket => {
  if (minutes < 30) return '30';
  if (minutes < 60) return '60';
  if (minutes < 120) return '120';
  return 'more';
};

/** "90" → "1h30", "45" → "45mn", "120" → "2h". */
export const formatDuree = (minutes: number): string => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}mn`;
  return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}`;
};

/**
 * La Coop's cap on every anonymous count of a workshop (participantsAnonymesMax in
 * cra/collectif/validation/ParticipantsAnonymesCraCollectifValidation.ts), with its messages.
 */
export const PARTICIPANTS_ANONYMES_MAX = 10_000;
// Written when a message is: a page's first number in French (ICU's locale data) took 15-20 ms of
// main thread, paid here at module load in the one task that evaluates a screen.
const tooMany = (what: string) =>
  `Le nombre ${what} ne doit pas dépasser ${PARTICIPANTS_ANONYMES_MAX.toLocaleString('fr-FR')}`;

/** What each capped count is, for its message (see tooMany). */
const CAPPED: Readonly<Record<string, string>> = {
  masculin: 'de participants anonymes de genre masculin',
  feminin: 'de participants anonymes de genre féminin',
  moins_de_douze: 'de participants anonymes de tranche d’âge moins de douze',
  douze_dix_huit: 'de participants anonymes de tranche d’âge douze à dix-huit',
  dix_huit_vingt_quatre: 'de participants anonymes de tranche d’âge 18-24 ans',
  vingt_cinq_trente_neuf: 'de participants anonymes de tranche d’âge 25-39 ans',
  quarante_cinquante_neuf: 'de participants anonymes de tranche d’âge 40-59 ans',
  soixante_soixante_neuf: 'de participants anonymes de tranche d’âge 60-69 ans',
  soixante_dix_plus: 'de participants anonymes de tranche d’âge 70 ans et plus',
  scolarise: 'de participants anonymes scolarisés',
  sans_emploi: 'de participants anonymes sans emploi',
  en_emploi: 'de participants anonymes en emploi',
  retraite: 'de participants anonymes retraités',
};

const count = lazySchema(() =>
  z
    .number({ error: 'Veuillez renseigner un nombre' })
    .int('Nombre entier attendu')
    .min(0, 'Le nombre ne peut pas être négatif'),
);

export const participantsAnonymesSchema = lazySchema(() =>
  z
    .object({
      total: count.max(PARTICIPANTS_ANONYMES_MAX, tooMany('total de participants anonymes')),
      dejaAccompagne: count
        .max(PARTICIPANTS_ANONYMES_MAX, tooMany('de participants déjà accompagnés'))
        .default(0),
      genre: z.partialRecord(z.enum(['masculin', 'feminin']), count).default({}),
      trancheAge: z
        .partialRecord(
          z.enum([
            'soixante_dix_plus',
            'soixante_soixante_neuf',
            'quarante_cinquante_neuf',
            'vingt_cinq_trente_neuf',
            'dix_huit_vingt_quatre',
            'douze_dix_huit',
            'moins_de_douze',
          ]),
          count,
        )
        .default({}),
      statutSocial: z
        .partialRecord(z.enum(['retraite', 'sans_emploi', 'en_emploi', 'scolarise']), count)
        .default({}),
    })
    .superRefine((p, ctx) => {
      const sum = (r: Record<string, number | undefined>) =>
        Object.values(r).reduce<number>((s, n) => s + (n ?? 0), 0);
      const over = 'La somme dépasse le nombre de participants anonymes';
      if (p.dejaAccompagne > p.total)
        ctx.addIssue({ code: 'custom', path: ['dejaAccompagne'], message: over });
      for (const group of ['genre', 'trancheAge', 'statutSocial'] as const) {
        const counts: Record<string, number | undefined> = p[group];
        // A cap is shown on its group, where the form puts the group's message.
        const capped = Object.keys(counts).find((k) => (counts[k] ?? 0) > PARTICIPANTS_ANONYMES_MAX);
        if (capped) ctx.addIssue({ code: 'custom', path: [group], message: tooMany(CAPPED[capped]!) });
        else if (sum(counts) > p.total) ctx.addIssue({ code: 'custom', path: [group], message: over });
      }
    }),
);

/** What an anonymous individual session may note about the person (La Coop's anonymous fields). */
export const beneficiaireAnonymeSchema = lazySchema(() =>
  z.object({
    dejaAccompagne: z.boolean().optional(),
    genre: z.enum(values(GENRES)).optional(),
    trancheAge: z.enum(values(TRANCHES_AGE)).optional(),
    statutSocial: z.enum(values(STATUTS_SOCIAUX)).optional(),
    commune: communeSchema.optional(),
  }),
);

/** Nothing noted (every field absent or « non communiqué »): the session carries no block at all. */
export const isEmptyBeneficiaireAnonyme = (b: BeneficiaireAnonyme | undefined): boolean =>
  !b ||
  (!b.dejaAccompagne &&
    (b.genre ?? 'non_communique') === 'non_communique' &&
    (b.trancheAge ?? 'non_communique') === 'non_communique' &&
    (b.statutSocial ?? 'non_communique') === 'non_communique' &&
    !b.commune);

/** The fields of an activity as typed (La Coop's CraValidation, CraIndividuelValidation, CraCollectifValidation). */
export const activityFields = lazySchema(() =>
  z.object({
    type: z.enum(values(TYPES_ACTIVITE), { error: 'Veuillez choisir un type d’activité' }),
    date: z
      .string({ error: 'Veuillez renseigner une date' })
      .refine((d) => isDay(d), 'Veuillez renseigner une date'),
    duree: z
      .number({ error: 'Veuillez renseigner une durée' })
      .int('Veuillez renseigner une durée personnalisée')
      .min(1, 'Veuillez renseigner une durée personnalisée')
      .max(24 * 60 - 1, 'La durée ne peut pas dépasser 23 h 59'),
    typeLieu: z.enum(values(TYPES_LIEU), { error: 'Veuillez renseigner un lieu d’accompagnement' }),
    lieuId: z.string().max(100).optional(),
    lieuCommune: communeSchema.optional(),
    thematiques: z
      .array(z.enum(THEMATIQUES.map((t) => t.value) as [Thematique, ...Thematique[]]))
      .max(THEMATIQUES.length),
    precisionsDemarche: optionalText(TEXT_LIMITS.label),
    materiel: z
      .array(z.enum(values(MATERIELS)))
      .max(MATERIELS.length)
      .default([]),
    beneficiaryIds: z
      .array(z.string().max(100))
      .max(LIST_LIMITS.participants, `Au plus ${LIST_LIMITS.participants} participants`)
      .default([]),
    autonomie: z.enum(values(AUTONOMIES)).optional(),
    orienteVersStructure: z.boolean().optional(),
    structureDeRedirection: z.enum(values(STRUCTURES_REDIRECTION)).optional(),
    lieuOrientation: lieuOrientationSchema.optional(),
    titreAtelier: optionalText(TEXT_LIMITS.label),
    niveau: z.enum(values(NIVEAUX_ATELIER)).optional(),
    participantsAnonymes: participantsAnonymesSchema.optional(),
    beneficiaireAnonyme: beneficiaireAnonymeSchema.optional(),
    notes: optionalText(TEXT_LIMITS.notes),
  }),
);

/**
 * Rules across fields of an activity (the form and the server's record check run the same). They run
 * even when a field is already invalid, so that a form shows every message at once: `parsed` may
 * then be the raw input, hence the defensive reads.
 */
export const activityRules = (
  parsed: Partial<z.infer<typeof activityFields>>,
  ctx: z.RefinementCtx,
): void => {
  const a = parsed as Partial<typeof parsed>;
  const thematiques = Array.isArray(a.thematiques) ? a.thematiques : [];
  const beneficiaryIds = Array.isArray(a.beneficiaryIds) ? a.beneficiaryIds : [];
  const anonymes = typeof a.participantsAnonymes?.total === 'number' ? a.participantsAnonymes.total : 0;
  const issue = (path: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: path.split('.'), message });
  const mediation = thematiques.filter((t) => !ADMIN_THEMATIQUES.has(t));
  if (mediation.length === 0) issue('thematiques', 'Veuillez renseigner au moins une thématique');
  if (!canHaveAdministrativeThematiques(thematiques)) {
    if (thematiques.some((t) => ADMIN_THEMATIQUES.has(t)))
      issue(
        'thematiques',
        'Les thématiques administratives demandent « Aide aux démarches administratives »',
      );
    if (typeof a.precisionsDemarche === 'string' && a.precisionsDemarche.trim())
      issue('precisionsDemarche', 'Le nom de la démarche demande « Aide aux démarches administratives »');
  }
  if (a.typeLieu === 'lieu_activite' && !a.lieuId) issue('lieuId', 'Veuillez renseigner le lieu d’activité');
  if ((a.typeLieu === 'domicile' || a.typeLieu === 'autre') && !a.lieuCommune)
    issue('lieuCommune', 'Veuillez renseigner la commune');
  if (a.type === 'individuel') {
    if (beneficiaryIds.length > 1)
      issue('beneficiaryIds', 'Un accompagnement individuel concerne un seul bénéficiaire');
    if (a.orienteVersStructure && !a.structureDeRedirection)
      issue('structureDeRedirection', 'Veuillez renseigner la structure de redirection');
  }
  if (a.type === 'collectif' && beneficiaryIds.length + anonymes === 0)
    issue('participants', 'Veuillez renseigner au moins un bénéficiaire suivi ou anonyme');
};

/** What the activity form submits. */
export const activityInputSchema = lazySchema(() =>
  activityFields.superRefine(activityRules, { when: () => true }).transform((a) => ({
    ...a,
    // Fields of the other type, or of another kind of place, never travel with a record
    // (a form keeps them while the advisor switches back and forth).
    ...(a.type === 'individuel'
      ? {
          titreAtelier: undefined,
          niveau: undefined,
          participantsAnonymes: undefined,
          structureDeRedirection: a.orienteVersStructure ? a.structureDeRedirection : undefined,
          lieuOrientation: a.orienteVersStructure ? a.lieuOrientation : undefined,
          // Only a session without an identified beneficiary speaks of an anonymous one.
          beneficiaireAnonyme:
            a.beneficiaryIds.length > 0 || isEmptyBeneficiaireAnonyme(a.beneficiaireAnonyme)
              ? undefined
              : a.beneficiaireAnonyme,
        }
      : {
          autonomie: undefined,
          orienteVersStructure: undefined,
          structureDeRedirection: undefined,
          lieuOrientation: undefined,
          beneficiaireAnonyme: undefined,
        }),
    lieuId: a.typeLieu === 'lieu_activite' ? a.lieuId : undefined,
    lieuCommune: a.typeLieu === 'domicile' || a.typeLieu === 'autre' ? a.lieuCommune : undefined,
  })),
);

export type ActivityInput = z.infer<typeof activityInputSchema>;
