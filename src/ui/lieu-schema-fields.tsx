// The national schema's fields of a lieu (services, publics, accessibility, modalités, frais,
// labels, horaires, contact, présentation, SIRET), edited as one block: shared by the lieux
// d'activité form and the directory's lieux of the structure (src/domain/lieu.ts names the fields).
// The schema's enumerations are its French labels, shown as touch-sized check boxes; the opening
// hours are OSM opening_hours text, read back in French as they are typed (src/domain/lieu-hours.ts).
import type { ReactNode } from 'react';

import { hoursLines, horairesError } from '../domain/lieu-hours';
import {
  DISPOSITIFS_PROGRAMMES_NATIONAUX,
  FORMATIONS_LABELS,
  FRAIS_A_CHARGE,
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  PRISES_EN_CHARGE_SPECIFIQUES,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from '../domain/lieu-mediation';
import type { LieuSchemaFields, LieuSchemaList, LieuSchemaText } from '../domain/lieu';
import type { FieldErrors } from '../domain/validation';
import { CheckboxGroup } from './choice-group';
import { Field } from './field';
import './lieu-schema-fields.css';

/** Lists edited as text (one value per line or separated by commas). */
const TEXT_LISTS = ['courriels', 'site_web', 'autres_formations_labels'] as const;
type TextList = (typeof TEXT_LISTS)[number];
type ChoiceList = Exclude<LieuSchemaList, TextList>;
const CHOICE_LISTS = [
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'modalites_acces',
  'modalites_accompagnement',
  'dispositif_programmes_nationaux',
  'formations_labels',
] as const satisfies readonly ChoiceList[];

/** The block's state as typed: texts as strings, enumerations as arrays of values. */
export type LieuSchemaState = Record<LieuSchemaText | TextList, string> & Record<ChoiceList, string[]>;

export const blankLieuSchemaState = (): LieuSchemaState => ({
  pivot: '',
  complement_adresse: '',
  telephone: '',
  presentation_resume: '',
  presentation_detail: '',
  horaires: '',
  prise_rdv: '',
  courriels: '',
  site_web: '',
  autres_formations_labels: '',
  services: [],
  publics_specifiquement_adresses: [],
  prise_en_charge_specifique: [],
  frais_a_charge: [],
  modalites_acces: [],
  modalites_accompagnement: [],
  dispositif_programmes_nationaux: [],
  formations_labels: [],
});

const TEXTS: readonly LieuSchemaText[] = [
  'pivot',
  'complement_adresse',
  'telephone',
  'presentation_resume',
  'presentation_detail',
  'horaires',
  'prise_rdv',
];

/** Split a list typed as text: courriels and sites on commas, spaces or lines; labels on lines or `|`. */
const splitList = (key: TextList, text: string): string[] =>
  text
    .split(key === 'autres_formations_labels' ? /[\n|]+/ : /[\s,;|]+/)
    .map((v) => v.trim())
    .filter(Boolean);
const joinList = (key: TextList, values: readonly string[] | undefined): string =>
  (values ?? []).join(key === 'autres_formations_labels' ? '\n' : ', ');

/** The block's state for stored fields (deterministic: the form's review compares its results). */
export const lieuSchemaStateOf = (fields: LieuSchemaFields): LieuSchemaState => {
  const state = blankLieuSchemaState();
  for (const key of TEXTS) state[key] = fields[key] ?? '';
  for (const key of TEXT_LISTS) state[key] = joinList(key, fields[key]);
  for (const key of CHOICE_LISTS) state[key] = [...(fields[key] ?? [])];
  return state;
};

/** The block's state as the schema's input (lieuSchemaFieldsInput checks it): texts, lists split. */
export const lieuSchemaInputOf = (state: LieuSchemaState): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const key of TEXTS) out[key] = state[key];
  for (const key of TEXT_LISTS) out[key] = splitList(key, state[key]);
  for (const key of CHOICE_LISTS) out[key] = state[key];
  return out;
};

/** Why the typed hours are not OSM opening_hours (French), for the form's check; undefined when fine. */
export const horairesProblem = (horaires: string): string | undefined =>
  horaires.trim() ? horairesError(horaires.trim()) : undefined;

/** French labels of the block's fields (the form's review and its messages). */
export const LIEU_SCHEMA_LABELS: Record<keyof LieuSchemaState, string> = {
  services: 'Services proposés',
  publics_specifiquement_adresses: 'Publics spécifiquement adressés',
  prise_en_charge_specifique: 'Prise en charge spécifique',
  frais_a_charge: 'Frais à charge',
  modalites_acces: 'Modalités d’accès',
  modalites_accompagnement: 'Modalités d’accompagnement',
  dispositif_programmes_nationaux: 'Labels et dispositifs nationaux',
  formations_labels: 'Formations et labels',
  autres_formations_labels: 'Autres labels',
  horaires: 'Horaires d’ouverture',
  telephone: 'Téléphone',
  courriels: 'Courriel',
  site_web: 'Site web',
  prise_rdv: 'Lien de prise de rendez-vous',
  presentation_resume: 'Présentation (résumé)',
  presentation_detail: 'Présentation (détail)',
  complement_adresse: 'Complément d’adresse',
  pivot: 'SIRET ou RNA de la structure',
};

/** The fields of the block for a form's « changed meanwhile » review. */
export const LIEU_SCHEMA_REVIEW_FIELDS = (Object.keys(LIEU_SCHEMA_LABELS) as (keyof LieuSchemaState)[]).map(
  (key) => ({
    name: key,
    keys: [key],
    label: LIEU_SCHEMA_LABELS[key],
    show: (v: Partial<LieuSchemaState>) => {
      const value = v[key];
      return Array.isArray(value) ? value.join(', ') : (value ?? '');
    },
  }),
);

const HINTS: Partial<Record<keyof LieuSchemaState, string>> = {
  publics_specifiquement_adresses: 'À laisser vide si le lieu accueille tous les publics.',
  horaires:
    'Au format OpenStreetMap, comme le demande la cartographie nationale : jours Mo Tu We Th Fr Sa Su, heures 09:00-12:00, « ; » entre deux règles. Par exemple « Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00; PH off ».',
  courriels: 'Plusieurs adresses séparées par des virgules.',
  site_web: 'Adresse complète, https://…',
  autres_formations_labels: 'Un label par ligne.',
  presentation_resume: 'Au plus 280 caractères.',
  pivot: '14 chiffres du SIRET (ou RNA d’une association) : exigé par la cartographie nationale.',
  telephone: 'Par exemple 05 65 00 00 00.',
};

const choices = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
const CHOICES: Record<ChoiceList, { value: string; label: string }[]> = {
  services: choices(SERVICES),
  publics_specifiquement_adresses: choices(PUBLICS_SPECIFIQUEMENT_ADRESSES),
  prise_en_charge_specifique: choices(PRISES_EN_CHARGE_SPECIFIQUES),
  frais_a_charge: choices(FRAIS_A_CHARGE),
  modalites_acces: choices(MODALITES_ACCES),
  modalites_accompagnement: choices(MODALITES_ACCOMPAGNEMENT),
  dispositif_programmes_nationaux: choices(DISPOSITIFS_PROGRAMMES_NATIONAUX),
  formations_labels: choices(FORMATIONS_LABELS),
};

/** The opening hours as the advisor typed them, read back day by day (or why they cannot be read). */
const HoursPreview = ({ horaires, now }: { horaires: string; now: Date }) => {
  const text = horaires.trim();
  if (!text) return null;
  const problem = horairesError(text);
  if (problem) return null; // shown as the field's error from the first submit, and below
  const lines = hoursLines(text, now);
  return (
    <div className="lieu-hours-preview" aria-live="polite">
      <p className="field__hint">Lu comme :</p>
      {lines.length ? (
        <ul>
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : (
        <p>Fermé toute la semaine.</p>
      )}
    </div>
  );
};

export interface LieuSchemaFieldsProps {
  state: LieuSchemaState;
  onChange: <K extends keyof LieuSchemaState>(key: K, value: LieuSchemaState[K]) => void;
  errors: FieldErrors;
  /** A prefix making the check boxes' names unique on the page. */
  name: string;
  /** The day the hours are read from (tests fix it). */
  now?: Date;
  /** Extra fields shown in the « Identification » group. */
  children?: ReactNode;
}

/** The block: services and access, modalités and frais, labels, hours, contact, presentation, SIRET. */
export const LieuSchemaFieldsEditor = ({
  state,
  onChange,
  errors,
  name,
  now,
  children,
}: LieuSchemaFieldsProps) => {
  const group = (key: ChoiceList) => (
    <CheckboxGroup
      key={key}
      legend={LIEU_SCHEMA_LABELS[key]}
      hint={HINTS[key]}
      name={`${name}-${key}`}
      choices={CHOICES[key]}
      value={state[key]}
      error={errors[key]}
      onChange={(value) => onChange(key, value)}
    />
  );
  const text = (
    key: LieuSchemaText | TextList,
    options: { type?: string; multiline?: boolean; autoComplete?: string } = {},
  ) => (
    <Field key={key} label={LIEU_SCHEMA_LABELS[key]} hint={HINTS[key]} error={errors[key]}>
      {(field) =>
        options.multiline ? (
          <textarea
            autoComplete="off"
            {...field}
            name={key}
            rows={3}
            value={state[key]}
            onChange={(e) => onChange(key, e.target.value)}
          />
        ) : (
          <input
            {...field}
            type={options.type ?? 'text'}
            name={key}
            autoComplete={options.autoComplete}
            value={state[key]}
            onChange={(e) => onChange(key, e.target.value)}
          />
        )
      }
    </Field>
  );
  const typed = state.horaires.trim();
  const hoursProblem = typed ? horairesError(typed) : undefined;
  return (
    <div className="lieu-schema-fields">
      <h4>Ce que le lieu propose</h4>
      {group('services')}
      {group('modalites_accompagnement')}
      <h4>Qui peut venir, et comment</h4>
      {group('publics_specifiquement_adresses')}
      {group('prise_en_charge_specifique')}
      {group('modalites_acces')}
      {group('frais_a_charge')}
      <h4>Horaires</h4>
      <Field label={LIEU_SCHEMA_LABELS.horaires} hint={HINTS.horaires} error={errors.horaires}>
        {(field) => (
          <input
            autoComplete="off"
            {...field}
            type="text"
            name="horaires"
            spellCheck={false}
            autoCapitalize="off"
            value={state.horaires}
            onChange={(e) => onChange('horaires', e.target.value)}
          />
        )}
      </Field>
      {hoursProblem && !errors.horaires ? <p className="field__hint">{hoursProblem}</p> : null}
      <HoursPreview horaires={state.horaires} now={now ?? new Date()} />
      <h4>Contact</h4>
      {text('telephone', { type: 'tel', autoComplete: 'tel' })}
      {text('courriels', { type: 'text', autoComplete: 'email' })}
      {text('site_web', { type: 'url' })}
      {text('prise_rdv', { type: 'url' })}
      <h4>Présentation</h4>
      {text('presentation_resume', { multiline: true })}
      {text('presentation_detail', { multiline: true })}
      <h4>Labels</h4>
      {group('dispositif_programmes_nationaux')}
      {group('formations_labels')}
      {text('autres_formations_labels', { multiline: true })}
      <h4>Identification</h4>
      {text('complement_adresse')}
      {text('pivot')}
      {children}
    </div>
  );
};
