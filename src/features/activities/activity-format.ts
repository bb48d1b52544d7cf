// How an activity reads in the list and on its page (French, La Coop's labels).
import type { Activity } from '../../domain/activity';
import { displayName, type Beneficiary } from '../../domain/beneficiary';
import { labelOf, THEMATIQUES, TYPES_ACTIVITE, TYPES_LIEU } from '../../domain/enums';
import type { Lieu } from '../../domain/lieu';
import { communeLabel } from '../../ui/commune-input';
import { strings } from './strings';

export const typeLabel = (a: Pick<Activity, 'type'>): string => labelOf(TYPES_ACTIVITE, a.type);

export const lieuLabel = (a: Activity, lieu: Lieu | undefined): string => {
  if (a.typeLieu === 'lieu_activite') {
    if (!lieu) return labelOf(TYPES_LIEU, a.typeLieu);
    const name = lieu.deleted ? strings.form.deletedLieu(lieu.nom) : lieu.nom;
    return lieu.commune ? `${name} — ${lieu.commune.nom}` : name;
  }
  const kind = labelOf(TYPES_LIEU, a.typeLieu);
  return a.lieuCommune ? `${kind} — ${communeLabel(a.lieuCommune)}` : kind;
};

export const thematiqueLabels = (thematiques: readonly string[]): string[] =>
  thematiques.map((t) => labelOf(THEMATIQUES, t)).filter(Boolean);

/** The line that names an activity: who (individual) or which workshop. */
export const activityHeadline = (a: Activity, beneficiaries: Map<string, Beneficiary>): string => {
  if (a.type === 'individuel') {
    const b = a.beneficiaryIds[0] ? beneficiaries.get(a.beneficiaryIds[0]) : undefined;
    if (a.beneficiaryIds[0] && !b) return strings.detail.unknownBeneficiary;
    return b ? displayName(b) : strings.list.anonymousIndividual;
  }
  const participants = a.beneficiaryIds.length + (a.participantsAnonymes?.total ?? 0);
  return `${a.titreAtelier ?? strings.list.untitledWorkshop} · ${strings.list.participants(participants)}`;
};
