import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState } from 'react';

import { getDb } from '../../data/db';
import { getIdentity } from '../../data/meta';
import {
  LoanError,
  canEditAgreementTemplate,
  getAgreementTemplate,
  saveAgreementTemplate,
  templateFields,
} from '../../data/loans';
import { formStore } from '../../data/drafts';
import {
  DEFAULT_AGREEMENT_BODY,
  PLACEHOLDERS,
  depositText,
  fillTemplate,
  templateInputSchema,
  unknownPlaceholders,
  type AgreementTemplate,
  type PlaceholderKey,
} from '../../domain/loans';
import { toDay } from '../../domain/dates';
import { validate } from '../../domain/validation';
import { Field } from '../../ui/field';
import { ChangedMeanwhile, DraftNotice, SaveFailure } from '../../ui/form-notices';
import { formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { useForm, type FormField } from '../../ui/use-form';
import { LoansNav } from './loans-nav';
import { strings } from './strings';

const sampleValues = (structureName: string): Record<PlaceholderKey, string> => {
  const today = toDay(new Date());
  const s = strings.template.sample;
  return {
    structure: structureName || s.structure,
    'beneficiaire.nom': s.beneficiary,
    'beneficiaire.telephone': s.phone,
    materiel: s.items,
    date_debut: formatDay(today),
    date_retour_prevue: formatDay(today),
    objet: s.purpose,
    caution: depositText({ amount: 50, form: 'cheque', returned: false }),
    conseiller: s.advisor,
    date_du_jour: formatDay(today),
  };
};

export interface TemplateForm {
  title: string;
  body: string;
  structureName: string;
}

/** The template form's fields, for the « changed meanwhile » review. */
export const TEMPLATE_FIELDS: FormField<TemplateForm>[] = [
  { name: 'title', keys: ['title'], label: strings.template.docTitle },
  { name: 'structureName', keys: ['structureName'], label: strings.template.structureName },
  {
    name: 'body',
    keys: ['body'],
    label: strings.template.body,
    show: (v) => ((v.body ?? '').length > 160 ? `${(v.body ?? '').slice(0, 160)}…` : (v.body ?? '')),
  },
];

/** The structure's agreement template (synced to every tablet), with a live preview. */
export const TemplatePage = () => {
  const db = getDb();
  // Kept here: the first save creates the record, and the editor opens again on it.
  const [message, setMessage] = useState<string>();
  const shown = useLiveQuery(async () => {
    const template = await getAgreementTemplate(db);
    // Until a coordinateur saves one, the default template is shown and saving creates it.
    return { template, stored: Boolean(await db.settings.get(template.id)) };
  }, [db]);
  if (!shown)
    return (
      <Page title={strings.template.title} loading>
        <p className="loading">{strings.common.loading}</p>
      </Page>
    );
  return (
    <TemplateEditor
      key={`${shown.template.id}|${shown.stored}`}
      template={shown.template}
      stored={shown.stored}
      message={message}
      setMessage={setMessage}
    />
  );
};

const TemplateEditor = ({
  template,
  stored,
  message,
  setMessage,
}: {
  template: AgreementTemplate;
  stored: boolean;
  message: string | undefined;
  setMessage: (message: string | undefined) => void;
}) => {
  const db = getDb();
  const editable = canEditAgreementTemplate();
  // The structure's name from the account until the coordinateur types one.
  const fallbackName = template.structureName ?? '';
  const model = useForm<TemplateForm, TemplateForm, AgreementTemplate>({
    store: formStore(db),
    draft: {
      id: `template:${template.id}`,
      kind: 'template',
      path: '/prets/modele',
      title: () => strings.template.title,
    },
    ...(stored ? { record: { table: 'settings' as const, id: template.id } } : {}),
    blank: () => ({ title: template.title, body: template.body, structureName: fallbackName }),
    fromRecord: (record) => ({
      title: record.title,
      body: record.body,
      structureName: record.structureName ?? fallbackName,
    }),
    check: (state) => {
      const result = validate(templateInputSchema, state);
      return result.ok ? { ok: true, value: { ...state, ...result.value } } : result;
    },
    fieldsOf: templateFields,
    fields: TEMPLATE_FIELDS,
    save: (value, base) => saveAgreementTemplate(db, value, base),
    saveError: (e) => ({ message: e instanceof LoanError ? e.message : strings.common.unexpected }),
  });
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, model.submitCount);
  const form = model.state;
  const errors = model.errors;
  const setForm = (next: TemplateForm) => {
    setMessage(undefined);
    model.set(next);
  };

  const unknown = unknownPlaceholders(form.body);
  const save = async () => {
    setMessage(undefined);
    if (await model.submit()) setMessage(strings.template.saved);
  };
  if (model.status !== 'ready')
    return (
      <Page title={strings.template.title} loading>
        <p className="loading">{strings.common.loading}</p>
      </Page>
    );

  return (
    <Page title={strings.template.title}>
      <LoansNav />
      {!editable ? <p className="card card--warning">{strings.template.readOnly}</p> : null}
      {getIdentity().role === undefined ? <p className="muted">{strings.template.roleNote}</p> : null}
      {message ? (
        <p className="card" role="status">
          {message}
        </p>
      ) : null}
      <DraftNotice form={model} />
      <ChangedMeanwhile form={model} />
      <SaveFailure message={model.saveError} />
      <form
        ref={formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="grid-2">
          <Field label={strings.template.docTitle} required error={errors.title}>
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                readOnly={!editable}
                value={form.title}
                onChange={(e) => setForm({ ...form, title: e.target.value })}
              />
            )}
          </Field>
          <Field label={strings.template.structureName} error={errors.structureName}>
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                readOnly={!editable}
                value={form.structureName}
                onChange={(e) => setForm({ ...form, structureName: e.target.value })}
              />
            )}
          </Field>
        </div>
        <Field label={strings.template.body} required hint={strings.template.bodyHint} error={errors.body}>
          {(f) => (
            <textarea
              autoComplete="off"
              {...f}
              readOnly={!editable}
              rows={18}
              value={form.body}
              onChange={(e) => setForm({ ...form, body: e.target.value })}
            />
          )}
        </Field>
        {unknown.length > 0 ? (
          <p className="card card--warning" role="status">
            {strings.template.unknown(unknown.map((k) => `{{${k}}}`).join(', '))}
          </p>
        ) : null}
        <section className="card" aria-labelledby="placeholders">
          <h2 id="placeholders">{strings.template.placeholders}</h2>
          <dl className="details">
            {PLACEHOLDERS.map((p) => (
              <div key={p.key} style={{ display: 'contents' }}>
                <dt>
                  <code>{`{{${p.key}}}`}</code>
                </dt>
                <dd>{p.label}</dd>
              </div>
            ))}
          </dl>
        </section>
        {editable ? (
          <div className="actions">
            <button type="submit" className="button">
              {strings.common.save}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setForm({ ...form, body: DEFAULT_AGREEMENT_BODY })}
            >
              {strings.template.restore}
            </button>
          </div>
        ) : null}
      </form>
      <section className="card" aria-labelledby="template-preview">
        <h2 id="template-preview">{strings.template.preview}</h2>
        <h3>{form.title}</h3>
        <pre className="agreement-text" role="region" tabIndex={0} aria-label={strings.template.preview}>
          {fillTemplate(form.body, sampleValues(form.structureName))}
        </pre>
      </section>
    </Page>
  );
};
