// The activity form's state: what the advisor typed, as typed (numbers stay strings), so that an
// invalid form, a draft and a reload all keep every character. `toActivityInput` turns it into
// what activityInputSchema validates.
import type { Activity, LieuOrientation, ParticipantsAnonymes } from '../../domain/activity';
import type { CommuneRef } from '../../domain/beneficiary';
import { toDay } from '../../domain/dates';
import type {
  Autonomie,
  Genre,
  Materiel,
  NiveauAtelier,
  StatutSocial,
  StructureDeRedirection,
  Thematique,
  TrancheAge,
  TypeActivite,
  TypeLieu,
} from '../../domain/enums';
import { ADMIN_THEMATIQUES, canHaveAdministrativeThematiques } from '../../domain/activity';

export const DUREE_CUSTOM = 'personnaliser';

export type GenreKnown = Exclude<Genre, 'non_communique'>;
export type TrancheKnown = Exclude<TrancheAge, 'non_communique'>;
export type StatutKnown = Exclude<StatutSocial, 'non_communique'>;

export interface AnonymesState {
  total: string;
  dejaAccompagne: string;
  genre: Partial<Record<GenreKnown, string>>;
  trancheAge: Partial<Record<TrancheKnown, string>>;
  statutSocial: Partial<Record<StatutKnown, string>>;
}

export interface ActivityFormState {
  type: TypeActivite;
  date: string;
  /** A chip value ('15', '90'…), DUREE_CUSTOM, or '' (none chosen). */
  duree: string;
  dureeHeures: string;
  dureeMinutes: string;
  typeLieu: TypeLieu | '';
  lieuId: string;
  lieuCommune: CommuneRef | null;
  thematiques: Thematique[];
  precisionsDemarche: string;
  materiel: Materiel[];
  beneficiaryIds: string[];
  autonomie: Autonomie | '';
  orientation: '' | 'oui' | 'non';
  structureDeRedirection: StructureDeRedirection | '';
  /** The directory's lieu the person is sent to (optional). */
  lieuOrientation: LieuOrientation | null;
  titreAtelier: string;
  niveau: NiveauAtelier | '';
  anonymes: AnonymesState;
  notes: string;
}

const emptyAnonymes = (): AnonymesState => ({
  total: '',
  dejaAccompagne: '',
  genre: {},
  trancheAge: {},
  statutSocial: {},
});

/** How a durée in minutes shows in the form: its chip when there is one, else « Personnaliser ». */
export const dureeFields = (
  minutes: number | undefined,
  chips: readonly number[],
): Pick<ActivityFormState, 'duree' | 'dureeHeures' | 'dureeMinutes'> => {
  if (minutes === undefined) return { duree: '', dureeHeures: '', dureeMinutes: '' };
  if (chips.includes(minutes)) return { duree: String(minutes), dureeHeures: '', dureeMinutes: '' };
  return {
    duree: DUREE_CUSTOM,
    dureeHeures: String(Math.floor(minutes / 60)),
    dureeMinutes: String(minutes % 60),
  };
};

export interface FormDefaults {
  today?: Date;
  lastLieu?: { typeLieu: TypeLieu; lieuId?: string; lieuCommune?: CommuneRef } | undefined;
  lastDuree?: number | undefined;
  beneficiaryId?: string | undefined;
  chips: readonly number[];
}

/** A new form: today, the advisor's last lieu and durée, the beneficiary she came from. */
export const emptyForm = (type: TypeActivite, defaults: FormDefaults): ActivityFormState => ({
  type,
  date: toDay(defaults.today ?? new Date()),
  ...dureeFields(defaults.lastDuree, defaults.chips),
  typeLieu: defaults.lastLieu?.typeLieu ?? '',
  lieuId: defaults.lastLieu?.lieuId ?? '',
  lieuCommune: defaults.lastLieu?.lieuCommune ?? null,
  thematiques: [],
  precisionsDemarche: '',
  materiel: [],
  beneficiaryIds: defaults.beneficiaryId ? [defaults.beneficiaryId] : [],
  autonomie: '',
  orientation: '',
  structureDeRedirection: '',
  lieuOrientation: null,
  titreAtelier: '',
  niveau: '',
  anonymes: emptyAnonymes(),
  notes: '',
});

const countText = (n: number | undefined): string => (n ? String(n) : '');

const countsText = <K extends string>(counts: Partial<Record<K, number>>): Partial<Record<K, string>> =>
  Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, countText(v as number)])) as Partial<
    Record<K, string>
  >;

/** An existing activity in the edit form. */
export const formFromActivity = (a: Activity, chips: readonly number[]): ActivityFormState => ({
  type: a.type,
  date: a.date,
  ...dureeFields(a.duree, chips),
  typeLieu: a.typeLieu,
  lieuId: a.lieuId ?? '',
  lieuCommune: a.lieuCommune ?? null,
  thematiques: [...a.thematiques],
  precisionsDemarche: a.precisionsDemarche ?? '',
  materiel: [...a.materiel],
  beneficiaryIds: [...a.beneficiaryIds],
  autonomie: a.autonomie ?? '',
  orientation: a.orienteVersStructure === undefined ? '' : a.orienteVersStructure ? 'oui' : 'non',
  structureDeRedirection: a.structureDeRedirection ?? '',
  lieuOrientation: a.lieuOrientation ?? null,
  titreAtelier: a.titreAtelier ?? '',
  niveau: a.niveau ?? '',
  anonymes: a.participantsAnonymes
    ? {
        total: String(a.participantsAnonymes.total),
        dejaAccompagne: countText(a.participantsAnonymes.dejaAccompagne),
        genre: countsText(a.participantsAnonymes.genre),
        trancheAge: countsText(a.participantsAnonymes.trancheAge),
        statutSocial: countsText(a.participantsAnonymes.statutSocial),
      }
    : emptyAnonymes(),
  notes: a.notes ?? '',
});

/** A restored draft over today's defaults: a draft from an older version may lack new fields. */
export const formFromDraft = (data: unknown, base: ActivityFormState): ActivityFormState => {
  if (!data || typeof data !== 'object') return base;
  const draft = data as Partial<ActivityFormState>;
  return { ...base, ...draft, type: base.type, anonymes: { ...base.anonymes, ...draft.anonymes } };
};

/** '' → undefined; '12' → 12; '1,5' → 1.5 (refused later as not whole). */
const toNumber = (text: string): number | undefined => {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isNaN(n) ? Number.NaN : n;
};

const toCounts = <K extends string>(texts: Partial<Record<K, string>>): Partial<Record<K, number>> => {
  const counts: Partial<Record<K, number>> = {};
  for (const [key, text] of Object.entries(texts) as [K, string | undefined][]) {
    const n = toNumber(text ?? '');
    if (n !== undefined && n !== 0) counts[key] = n;
  }
  return counts;
};

/** Minutes of the chosen durée; 0 when « Personnaliser » is left empty; undefined when none. */
export const dureeMinutes = (s: Pick<ActivityFormState, 'duree' | 'dureeHeures' | 'dureeMinutes'>) => {
  if (s.duree === '') return undefined;
  if (s.duree !== DUREE_CUSTOM) return Number(s.duree);
  return (toNumber(s.dureeHeures) ?? 0) * 60 + (toNumber(s.dureeMinutes) ?? 0);
};

/** Hours 0–23 and minutes 0–59, as La Coop's « Personnaliser » inputs. */
export const customDureeInRange = (s: Pick<ActivityFormState, 'duree' | 'dureeHeures' | 'dureeMinutes'>) => {
  if (s.duree !== DUREE_CUSTOM) return true;
  const h = toNumber(s.dureeHeures) ?? 0;
  const m = toNumber(s.dureeMinutes) ?? 0;
  return Number.isInteger(h) && Number.isInteger(m) && h >= 0 && h <= 23 && m >= 0 && m <= 59;
};

export const anonymesTotal = (a: AnonymesState): number => {
  const n = toNumber(a.total);
  return n !== undefined && Number.isFinite(n) ? n : 0;
};

/** « Non communiqué » of a breakdown: La Coop derives it as total − sum(others). */
export const nonCommunique = (a: AnonymesState, key: 'genre' | 'trancheAge' | 'statutSocial'): number => {
  const sum = Object.values(a[key] as Record<string, string>).reduce(
    (s, text) => s + (Number(text) > 0 ? Number(text) : 0),
    0,
  );
  return Math.max(0, anonymesTotal(a) - sum);
};

const participantsAnonymes = (a: AnonymesState): Partial<ParticipantsAnonymes> | undefined => {
  const total = toNumber(a.total);
  const breakdown = {
    dejaAccompagne: toNumber(a.dejaAccompagne) ?? 0,
    genre: toCounts(a.genre),
    trancheAge: toCounts(a.trancheAge),
    statutSocial: toCounts(a.statutSocial),
  };
  const hasBreakdown =
    breakdown.dejaAccompagne !== 0 ||
    Object.keys(breakdown.genre).length + Object.keys(breakdown.trancheAge).length > 0 ||
    Object.keys(breakdown.statutSocial).length > 0;
  if (total === undefined && !hasBreakdown) return undefined;
  return { total: total ?? 0, ...breakdown };
};

/** What the schema validates. Text stays as typed; the schema trims and drops empty text. */
export const toActivityInput = (s: ActivityFormState): Record<string, unknown> => {
  const common = {
    type: s.type,
    date: s.date,
    duree: dureeMinutes(s),
    typeLieu: s.typeLieu || undefined,
    lieuId: s.typeLieu === 'lieu_activite' ? s.lieuId || undefined : undefined,
    lieuCommune:
      s.typeLieu === 'domicile' || s.typeLieu === 'autre' ? (s.lieuCommune ?? undefined) : undefined,
    thematiques: s.thematiques,
    precisionsDemarche: canHaveAdministrativeThematiques(s.thematiques) ? s.precisionsDemarche : undefined,
    materiel: s.materiel,
    beneficiaryIds: s.beneficiaryIds,
    notes: s.notes,
  };
  if (s.type === 'individuel') {
    return {
      ...common,
      beneficiaryIds: s.beneficiaryIds.slice(0, 1),
      autonomie: s.autonomie || undefined,
      orienteVersStructure: s.orientation === '' ? undefined : s.orientation === 'oui',
      structureDeRedirection: s.orientation === 'oui' ? s.structureDeRedirection || undefined : undefined,
      lieuOrientation: s.orientation === 'oui' ? (s.lieuOrientation ?? undefined) : undefined,
    };
  }
  return {
    ...common,
    titreAtelier: s.titreAtelier,
    niveau: s.niveau || undefined,
    participantsAnonymes: participantsAnonymes(s.anonymes),
  };
};

/**
 * Thématiques after a change: unchecking « Aide aux démarches administratives » removes the
 * administrative sub-thématiques (they cannot exist without it).
 */
export const nextThematiques = (next: Thematique[]): Thematique[] =>
  canHaveAdministrativeThematiques(next) ? next : next.filter((t) => !ADMIN_THEMATIQUES.has(t));
