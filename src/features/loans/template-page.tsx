import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';

import { getDb } from '../../data/db';
import { getIdentity } from '../../data/meta';
import {
  LoanError,
  canEditAgreementTemplate,
  getAgreementTemplate,
  saveAgreementTemplate,
  templateFields,
} from '../../data/loans';
import { editBaseOf } from '../../data/edits';
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
import { validate, type FieldErrors } from '../../domain/validation';
import { Field } from '../../ui/field';
import { formatDay } from '../../ui/format';
import { Page } from '../../ui/page';
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

interface TemplateForm {
  title: string;
  body: string;
  structureName: string;
}

/** The structure's agreement template (synced to every tablet), with a live preview. */
export const TemplatePage = () => {
  const stored = useLiveQuery(() => getAgreementTemplate(getDb()), []);
  if (!stored)
    return (
      <Page title={strings.template.title}>
        <p className="loading">{strings.common.loading}</p>
      </Page>
    );
  return (
    <TemplateEditor
      key={stored.id}
      stored={stored}
      initial={{ title: stored.title, body: stored.body, structureName: stored.structureName ?? '' }}
    />
  );
};

const TemplateEditor = ({ initial, stored }: { initial: TemplateForm; stored: AgreementTemplate }) => {
  const db = getDb();
  const [form, setForm] = useState(initial);
  // The template as the form opened it: the save is sent against it (a pull may bring a newer one).
  const [opened] = useState(() => editBaseOf(stored, templateFields(stored)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string>();
  const editable = canEditAgreementTemplate();

  const unknown = unknownPlaceholders(form.body);
  const save = async () => {
    setMessage(undefined);
    const result = validate(templateInputSchema, form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    try {
      await saveAgreementTemplate(db, result.value, opened);
      setMessage(strings.template.saved);
    } catch (e) {
      setErrors({ _form: e instanceof LoanError ? e.message : strings.common.unexpected });
    }
  };

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
      {errors._form ? (
        <p className="card card--danger" role="alert">
          {errors._form}
        </p>
      ) : null}
      <form
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
        <pre className="agreement-text" tabIndex={0} aria-label={strings.template.preview}>
          {fillTemplate(form.body, sampleValues(form.structureName))}
        </pre>
      </section>
    </Page>
  );
};
