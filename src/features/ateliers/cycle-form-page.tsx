// Creates or edits a cycle d'ateliers on the one form model (src/ui/use-form.ts): title,
// description, La Coop's thématiques and niveau, funders, how to register (for the poster).
import { useRef, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';

import { getDb } from '../../data/db';
import { formStore } from '../../data/drafts';
import { createCycle, cycleFieldsOf, updateCycle } from '../../data/workshops';
import {
  labelOf,
  NIVEAUX_ATELIER,
  THEMATIQUES,
  THEMATIQUES_MEDIATION,
  type NiveauAtelier,
  type Thematique,
} from '../../domain/enums';
import { validate } from '../../domain/validation';
import { cycleInputSchema, type Cycle, type CycleInput } from '../../domain/workshops';
import { CheckboxGroup, RadioGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { ChangedMeanwhile, DraftNotice, SaveFailure } from '../../ui/form-notices';
import { Page } from '../../ui/page';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { useForm, type FormField } from '../../ui/use-form';
import { strings } from './strings';

export interface CycleFormState {
  titre: string;
  description: string;
  thematiques: Thematique[];
  niveau: NiveauAtelier | '';
  financeurs: string;
  inscription: string;
}

const blank = (): CycleFormState => ({
  titre: '',
  description: '',
  thematiques: [],
  niveau: '',
  financeurs: '',
  inscription: '',
});
const fromCycle = (c: Cycle): CycleFormState => ({
  titre: c.titre ?? '',
  description: c.description ?? '',
  thematiques: [...(c.thematiques ?? [])],
  niveau: c.niveau ?? '',
  financeurs: (c.financeurs ?? []).join('\n'),
  inscription: c.inscription ?? '',
});
export const checkCycleForm = (s: CycleFormState) =>
  validate(cycleInputSchema, {
    titre: s.titre,
    description: s.description,
    thematiques: s.thematiques,
    ...(s.niveau ? { niveau: s.niveau } : {}),
    financeurs: s.financeurs
      .split('\n')
      .map((f) => f.trim())
      .filter(Boolean),
    inscription: s.inscription,
  });

const F = strings.cycleForm;
const FIELDS: FormField<CycleFormState>[] = [
  { name: 'titre', keys: ['titre'], label: F.titre },
  { name: 'description', keys: ['description'], label: F.description },
  {
    name: 'thematiques',
    keys: ['thematiques'],
    label: F.thematiques,
    show: (v) => (v.thematiques ?? []).map((t) => labelOf(THEMATIQUES, t)).join(', '),
  },
  { name: 'niveau', keys: ['niveau'], label: F.niveau, show: (v) => labelOf(NIVEAUX_ATELIER, v.niveau) },
  { name: 'financeurs', keys: ['financeurs'], label: F.financeurs },
  { name: 'inscription', keys: ['inscription'], label: F.inscription },
];

export const CycleFormPage = () => {
  const { id } = useParams();
  const navigate = useNavigate();
  const db = getDb();
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm<CycleFormState, CycleInput, Cycle>({
    store: formStore(db),
    draft: {
      id: id ? `cycle:${id}` : 'cycle:new',
      kind: 'cycle',
      path: id ? `/ateliers/${id}/modifier` : '/ateliers/nouveau',
      title: (s) => (id ? F.draftEdit(s.titre) : F.draftNew),
    },
    ...(id ? { record: { table: 'cycles' as const, id } } : {}),
    blank,
    fromRecord: fromCycle,
    check: checkCycleForm,
    fieldsOf: cycleFieldsOf,
    fields: FIELDS,
    save: (value, base) => (id && base ? updateCycle(db, id, value, base) : createCycle(db, value)),
  });
  useFocusFirstError(formRef, form.submitCount);
  const title = id ? F.editTitle : F.newTitle;
  if (form.status === 'loading')
    return (
      <Page title={title} loading>
        <p className="loading">{strings.cycle.loading}</p>
      </Page>
    );
  if (form.status === 'missing')
    return (
      <Page title={title}>
        <p>{strings.cycle.missing}</p>
      </Page>
    );
  const { state, errors } = form;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const saved = await form.submit();
    if (saved) navigate(`/ateliers/${saved.id}`, { replace: true });
  };

  return (
    <Page title={title}>
      <form ref={formRef} noValidate onSubmit={(e) => void submit(e)} className="card">
        <DraftNotice form={form} />
        <ChangedMeanwhile form={form} />
        <Field label={F.titre} required error={errors.titre}>
          {(f) => (
            <input
              {...f}
              name="titre"
              autoComplete="off"
              value={state.titre}
              onChange={(e) => form.update('titre', e.target.value)}
            />
          )}
        </Field>
        <Field label={F.description} error={errors.description}>
          {(f) => (
            <textarea
              {...f}
              name="description"
              rows={3}
              autoComplete="off"
              value={state.description}
              onChange={(e) => form.update('description', e.target.value)}
            />
          )}
        </Field>
        <CheckboxGroup
          legend={F.thematiques}
          name="thematiques"
          required
          choices={THEMATIQUES_MEDIATION}
          value={state.thematiques}
          error={errors.thematiques}
          onChange={(v) => form.update('thematiques', v)}
        />
        <RadioGroup
          legend={F.niveau}
          name="niveau"
          choices={[{ value: '', label: F.niveauNone }, ...NIVEAUX_ATELIER]}
          value={state.niveau}
          error={errors.niveau}
          onChange={(v) => form.update('niveau', v as NiveauAtelier | '')}
        />
        <Field label={F.financeurs} hint={F.financeursHint} error={errors.financeurs}>
          {(f) => (
            <textarea
              {...f}
              name="financeurs"
              rows={2}
              autoComplete="off"
              value={state.financeurs}
              onChange={(e) => form.update('financeurs', e.target.value)}
            />
          )}
        </Field>
        <Field label={F.inscription} hint={F.inscriptionHint} error={errors.inscription}>
          {(f) => (
            <input
              {...f}
              name="inscription"
              autoComplete="off"
              value={state.inscription}
              onChange={(e) => form.update('inscription', e.target.value)}
            />
          )}
        </Field>
        <SaveFailure message={form.saveError} />
        <div className="form-footer actions">
          <button type="submit" className="button button--big" disabled={form.saving}>
            {F.save}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void form.abandon().then(() => navigate(id ? `/ateliers/${id}` : '/ateliers'))}
          >
            {F.cancel}
          </button>
        </div>
      </form>
    </Page>
  );
};
