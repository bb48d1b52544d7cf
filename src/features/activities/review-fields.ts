// The activity form's fields as the « changed meanwhile » review names and shows them: the keys of
// the form's state that make up each field (a durée is its chip or its hours and minutes; a lieu is
// its type, its lieu d'activité or its commune), shown with La Coop's labels.
import {
  AUTONOMIES,
  labelOf,
  MATERIELS,
  NIVEAUX_ATELIER,
  STRUCTURES_REDIRECTION,
  THEMATIQUES,
  TYPES_LIEU,
} from '../../domain/enums';
import { communeLabel } from '../../ui/commune-input';
import { formatDay } from '../../ui/format';
import type { FormField } from '../../ui/use-form';
import { anonymesTotal, dureeMinutes, type ActivityFormState } from './form-state';
import { strings } from './strings';

const f = strings.form;

const minutesText = (minutes: number | undefined): string => {
  if (minutes === undefined) return '';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
};

export const activityReviewFields = (
  lieuName: (id: string) => string | undefined,
  beneficiaryCount: (ids: readonly string[]) => string,
): FormField<ActivityFormState>[] => [
  { name: 'date', keys: ['date'], label: f.date, show: (v) => (v.date ? formatDay(v.date) : '') },
  {
    name: 'duree',
    keys: ['duree', 'dureeHeures', 'dureeMinutes'],
    label: f.duree,
    show: (v) =>
      minutesText(
        dureeMinutes({
          duree: v.duree ?? '',
          dureeHeures: v.dureeHeures ?? '',
          dureeMinutes: v.dureeMinutes ?? '',
        }),
      ),
  },
  {
    name: 'lieu',
    keys: ['typeLieu', 'lieuId', 'lieuCommune'],
    label: f.typeLieu,
    show: (v) =>
      [
        v.typeLieu ? labelOf(TYPES_LIEU, v.typeLieu) : '',
        v.typeLieu === 'lieu_activite' && v.lieuId ? (lieuName(v.lieuId) ?? '') : '',
        (v.typeLieu === 'domicile' || v.typeLieu === 'autre') && v.lieuCommune
          ? communeLabel(v.lieuCommune)
          : '',
      ]
        .filter(Boolean)
        .join(' · '),
  },
  {
    name: 'thematiques',
    keys: ['thematiques'],
    label: f.thematiques,
    show: (v) => (v.thematiques ?? []).map((t) => labelOf(THEMATIQUES, t)).join(', '),
  },
  { name: 'precisionsDemarche', keys: ['precisionsDemarche'], label: f.precisionsDemarche },
  {
    name: 'materiel',
    keys: ['materiel'],
    label: f.materiel,
    show: (v) => (v.materiel ?? []).map((m) => labelOf(MATERIELS, m)).join(', '),
  },
  {
    name: 'beneficiaryIds',
    keys: ['beneficiaryIds'],
    label: f.participantsSuivis,
    show: (v) => beneficiaryCount(v.beneficiaryIds ?? []),
  },
  {
    name: 'autonomie',
    keys: ['autonomie'],
    label: f.autonomie,
    show: (v) => (v.autonomie ? labelOf(AUTONOMIES, v.autonomie) : ''),
  },
  {
    name: 'orientation',
    keys: ['orientation', 'structureDeRedirection', 'lieuOrientation'],
    label: f.orientation,
    show: (v) =>
      v.orientation === 'oui'
        ? [
            f.yes,
            v.structureDeRedirection ? labelOf(STRUCTURES_REDIRECTION, v.structureDeRedirection) : '',
            v.lieuOrientation?.nom ?? '',
          ]
            .filter(Boolean)
            .join(' · ')
        : v.orientation === 'non'
          ? f.no
          : '',
  },
  { name: 'titreAtelier', keys: ['titreAtelier'], label: f.titreAtelier },
  {
    name: 'niveau',
    keys: ['niveau'],
    label: f.niveau,
    show: (v) => (v.niveau ? labelOf(NIVEAUX_ATELIER, v.niveau) : ''),
  },
  {
    name: 'anonymes',
    keys: ['anonymes'],
    label: f.anonymes,
    show: (v) => (v.anonymes && anonymesTotal(v.anonymes) > 0 ? String(anonymesTotal(v.anonymes)) : ''),
  },
  { name: 'notes', keys: ['notes'], label: f.sections.notes },
];
