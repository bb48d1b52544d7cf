// What every form built on useForm shows above its fields: the draft it resumed (with « Abandonner
// le brouillon »), the reason a draft exists (a change the server refused), and the « changed
// meanwhile » review: each field a colleague changed since the advisor opened the form or wrote
// her draft, with both values, and her choice between keeping hers and taking theirs.
import { useState } from 'react';

import type { ReviewItem } from '../domain/edit';
import { ConfirmDialog } from './confirm-dialog';
import { formatAgo } from './format';
import type { FormField, FormModel } from './use-form';

export const FORM_TEXT = {
  draftRestored: 'Brouillon restauré',
  draftRestoredText: (when: string) => `Votre saisie non enregistrée (${when}) a été reprise.`,
  discardDraft: 'Abandonner le brouillon',
  discardTitle: 'Abandonner le brouillon ?',
  discardMessage: 'Ce qui a été saisi dans ce formulaire et non enregistré sera effacé.',
  discardConfirm: 'Abandonner',
  meanwhileTitle: 'Modifié entre-temps par un collègue',
  meanwhileText:
    'Depuis que vous avez ouvert ce formulaire, la fiche a changé (synchronisation ou autre onglet). Pour chaque champ, gardez votre valeur ou prenez la sienne avant d’enregistrer.',
  theirs: 'Sa valeur',
  mine: 'Votre valeur',
  takeTheirs: 'Prendre la sienne',
  keepMine: 'Garder la mienne',
  bothChanged: 'Vous l’aviez modifié aussi : choisissez.',
  taken: 'Sa valeur a été reprise dans le formulaire.',
  kept: 'Votre valeur est gardée.',
  empty: '(vide)',
  deleted: 'Cette fiche a été supprimée entre-temps sur une autre tablette.',
} as const;

const showValue = (value: unknown): string => {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (Array.isArray(value)) return value.map(showValue).filter(Boolean).join(', ');
  if (typeof value === 'object') {
    const named = value as { nom?: unknown; label?: unknown };
    if (typeof named.nom === 'string') return named.nom;
    if (typeof named.label === 'string') return named.label;
    return Object.values(value as Record<string, unknown>)
      .map(showValue)
      .filter(Boolean)
      .join(', ');
  }
  return String(value);
};

/** A field's value as the review shows it: the form's own `show`, else its keys' values. */
export const showFieldValue = <S,>(field: FormField<S> | undefined, value: Partial<S>): string => {
  const text = field?.show
    ? field.show(value)
    : Object.values(value).map(showValue).filter(Boolean).join(' ');
  return text || FORM_TEXT.empty;
};

const ReviewRow = <S,>({
  item,
  field,
  onChoose,
}: {
  item: ReviewItem<S>;
  field: FormField<S> | undefined;
  onChoose: (choice: 'mine' | 'theirs') => void;
}) => {
  const label = field?.label ?? item.field;
  return (
    <li
      className={`meanwhile__item${item.choice === undefined ? ' meanwhile__item--open' : ''}`}
      data-field={item.field}
    >
      <p>
        <strong>{label}</strong>
        {item.conflict ? ` — ${FORM_TEXT.bothChanged}` : null}
      </p>
      <dl className="meanwhile__values">
        <dt>{FORM_TEXT.theirs}</dt>
        <dd data-testid={`theirs-${item.field}`}>{showFieldValue(field, item.theirs)}</dd>
        <dt>{FORM_TEXT.mine}</dt>
        <dd data-testid={`mine-${item.field}`}>{showFieldValue(field, item.mine)}</dd>
      </dl>
      <div className="actions" role="group" aria-label={label}>
        <button
          type="button"
          className="button button--secondary"
          aria-pressed={item.choice === 'theirs'}
          onClick={() => onChoose('theirs')}
        >
          {FORM_TEXT.takeTheirs}
        </button>
        <button
          type="button"
          className="button button--secondary"
          aria-pressed={item.choice === 'mine'}
          onClick={() => onChoose('mine')}
        >
          {FORM_TEXT.keepMine}
        </button>
      </div>
      {item.choice ? (
        <p className="muted" role="status">
          {item.choice === 'theirs' ? FORM_TEXT.taken : FORM_TEXT.kept}
        </p>
      ) : null}
    </li>
  );
};

/** « Modifié entre-temps par un collègue »: the review of a form (nothing when nothing changed). */
export const ChangedMeanwhile = <S, R>({
  form,
}: {
  form: Pick<FormModel<S, R>, 'review' | 'fields' | 'choose' | 'deletedMeanwhile'>;
}) => {
  if (form.deletedMeanwhile) {
    return (
      <p className="card card--danger" role="alert">
        {FORM_TEXT.deleted}
      </p>
    );
  }
  if (form.review.length === 0) return null;
  return (
    <section
      className="card card--warning meanwhile"
      aria-labelledby="changed-meanwhile"
      data-testid="changed-meanwhile"
    >
      <h2 id="changed-meanwhile">{FORM_TEXT.meanwhileTitle}</h2>
      <p>{FORM_TEXT.meanwhileText}</p>
      <ul>
        {form.review.map((item) => (
          <ReviewRow
            key={item.field}
            item={item}
            field={form.fields.find((f) => f.name === item.field)}
            onChoose={(choice) => form.choose(item.field, choice)}
          />
        ))}
      </ul>
    </section>
  );
};

/** « Brouillon restauré » and « Abandonner le brouillon ». */
export const DraftNotice = <S, R>({
  form,
  text = FORM_TEXT,
}: {
  form: Pick<FormModel<S, R>, 'restoredAt' | 'discard'>;
  text?: Partial<typeof FORM_TEXT>;
}) => {
  const [confirming, setConfirming] = useState(false);
  const t = { ...FORM_TEXT, ...text };
  if (!form.restoredAt) return null;
  return (
    <section className="card card--warning" aria-labelledby="draft-restored">
      <h2 id="draft-restored">{t.draftRestored}</h2>
      <p>{t.draftRestoredText(formatAgo(form.restoredAt))}</p>
      <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
        {t.discardDraft}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t.discardTitle}
        message={t.discardMessage}
        confirmLabel={t.discardConfirm}
        danger
        onConfirm={() => {
          setConfirming(false);
          void form.discard();
        }}
        onCancel={() => setConfirming(false)}
      />
    </section>
  );
};

/** The save's failure, when there is one. */
export const SaveFailure = ({ message }: { message: string | undefined }) =>
  message ? (
    <p className="card card--danger" role="alert">
      {message}
    </p>
  ) : null;
