import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';

import { getDb } from '../../data/db';
import { formStore } from '../../data/drafts';
import { LoanError, createItem, itemFields, updateItem } from '../../data/loans';
import {
  ACCESSORIES,
  CONDITIONS,
  ITEM_ORIGINS,
  ITEM_STATUSES,
  ITEM_TYPES,
  type Item,
  type ItemInput,
} from '../../domain/loans';
import { announce } from '../../ui/announcer';
import { CheckboxGroup, RadioGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { ChangedMeanwhile, DraftNotice } from '../../ui/form-notices';
import { Page } from '../../ui/page';
import { useFocusFirstError } from '../../ui/use-focus-first-error';
import { useForm } from '../../ui/use-form';
import {
  checkItemForm,
  emptyItemForm,
  itemFormOf,
  itemReviewFields,
  type ItemFormState,
} from './item-form-state';
import { LoansNav } from './loans-nav';
import { RecordPending } from './record-pending';
import { strings } from './strings';

/** Statuses an advisor may pick by hand (« prêté » comes from a loan). */
const EDITABLE_STATUSES = ITEM_STATUSES.filter((s) => s.value !== 'prete');

/** Creates or edits an item on the one form model: its draft keeps the item it was opened from. */
export const ItemFormPage = () => {
  const { id } = useParams();
  const navigate = useNavigate();
  const db = getDb();
  const lieux = useLiveQuery(
    async () => (await db.lieux.orderBy('nom').toArray()).filter((l) => !l.deleted),
    [db],
  );
  const fields = useMemo(
    () => itemReviewFields((lieuId) => lieux?.find((l) => l.id === lieuId)?.nom),
    [lieux],
  );
  const model = useForm<ItemFormState, ItemInput, Item>({
    store: formStore(db),
    draft: {
      id: id ? `item:${id}` : 'item:new',
      kind: 'item',
      path: id ? `/materiel/${id}/modifier` : '/materiel/nouveau',
      title: (state) =>
        id ? strings.itemForm.editTitle(state.inventoryNumber) : strings.itemForm.draftTitle,
    },
    ...(id ? { record: { table: 'items' as const, id } } : {}),
    blank: emptyItemForm,
    fromRecord: itemFormOf,
    check: checkItemForm,
    fieldsOf: itemFields,
    fields,
    save: (value, base) => (id ? updateItem(db, id, value, undefined, base) : createItem(db, value)),
    saveError: (e) =>
      e instanceof LoanError
        ? {
            message: e.message,
            ...(e.message.includes('numéro d’inventaire') ? { errors: { inventoryNumber: e.message } } : {}),
          }
        : undefined,
  });

  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, model.submitCount);

  if (model.status !== 'ready') {
    return (
      <RecordPending
        loading={model.status === 'loading'}
        title={strings.itemForm.newTitle}
        missing={strings.common.itemNotFound}
      />
    );
  }
  const form = model.state;
  const errors = model.errors;
  const update = model.update;
  const formError =
    model.saveError ?? (Object.keys(errors).length > 0 ? strings.common.fixErrors : undefined);

  const submit = async () => {
    const saved = await model.submit();
    if (!saved) return;
    announce(strings.announce.itemSaved);
    navigate(`/materiel/${saved.id}`, { replace: !id });
  };

  return (
    <Page
      title={
        id && model.record
          ? strings.itemForm.editTitle(model.record.inventoryNumber)
          : strings.itemForm.newTitle
      }
    >
      <LoansNav />
      <form
        ref={formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <DraftNotice form={model} />
        <ChangedMeanwhile form={model} />
        {formError ? (
          <p className="card card--danger" role="alert">
            {formError}
          </p>
        ) : null}
        <RadioGroup
          name="type"
          legend={strings.itemForm.type}
          required
          choices={ITEM_TYPES}
          value={form.type}
          onChange={(v) => update('type', v)}
          error={errors.type}
        />
        <div className="grid-2">
          <Field
            label={strings.itemForm.inventoryNumber}
            required
            hint={strings.itemForm.inventoryHint}
            error={errors.inventoryNumber}
          >
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                value={form.inventoryNumber}
                autoCapitalize="characters"
                onChange={(e) => update('inventoryNumber', e.target.value)}
              />
            )}
          </Field>
          <Field label={strings.itemForm.numeroSerie} error={errors.numeroSerie}>
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                value={form.numeroSerie}
                onChange={(e) => update('numeroSerie', e.target.value)}
              />
            )}
          </Field>
          <Field label={strings.itemForm.marque} error={errors.marque}>
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                value={form.marque}
                onChange={(e) => update('marque', e.target.value)}
              />
            )}
          </Field>
          <Field label={strings.itemForm.modele} error={errors.modele}>
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                value={form.modele}
                onChange={(e) => update('modele', e.target.value)}
              />
            )}
          </Field>
        </div>
        <RadioGroup
          name="origine"
          legend={strings.itemForm.origine}
          choices={ITEM_ORIGINS}
          value={form.origine}
          onChange={(v) => update('origine', v)}
          error={errors.origine}
        />
        <div className="grid-2">
          <Field label={strings.itemForm.fournisseur} error={errors.fournisseur}>
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                value={form.fournisseur}
                onChange={(e) => update('fournisseur', e.target.value)}
              />
            )}
          </Field>
          <Field format="date" label={strings.itemForm.dateAcquisition} error={errors.dateAcquisition}>
            {(f) => (
              <input
                {...f}
                type="date"
                value={form.dateAcquisition}
                onChange={(e) => update('dateAcquisition', e.target.value)}
              />
            )}
          </Field>
          <Field label={strings.itemForm.valeurAcquisition} error={errors.valeurAcquisition}>
            {(f) => (
              <input
                autoComplete="off"
                {...f}
                inputMode="decimal"
                value={form.valeurAcquisition}
                onChange={(e) => update('valeurAcquisition', e.target.value)}
              />
            )}
          </Field>
          <Field label={strings.itemForm.lieu} error={errors.lieuId}>
            {(f) => (
              <select {...f} value={form.lieuId} onChange={(e) => update('lieuId', e.target.value)}>
                <option value="">{strings.itemForm.noLieu}</option>
                {(lieux ?? []).map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.nom}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <CheckboxGroup
          name="accessoires"
          legend={strings.itemForm.accessoires}
          choices={ACCESSORIES}
          value={form.accessoires}
          onChange={(v) => update('accessoires', v)}
        />
        <Field label={strings.itemForm.accessoiresAutres}>
          {(f) => (
            <input
              autoComplete="off"
              {...f}
              value={form.accessoiresAutres}
              onChange={(e) => update('accessoiresAutres', e.target.value)}
            />
          )}
        </Field>
        <RadioGroup
          name="etat"
          legend={strings.itemForm.etat}
          choices={CONDITIONS}
          value={form.etat}
          onChange={(v) => update('etat', v)}
        />
        {form.status === 'prete' ? null : (
          <RadioGroup
            name="status"
            legend={strings.itemForm.status}
            hint={strings.itemForm.statusHint}
            choices={EDITABLE_STATUSES}
            value={form.status}
            onChange={(v) => update('status', v)}
            error={errors.status}
          />
        )}
        <Field label={strings.itemForm.notes}>
          {(f) => (
            <textarea
              autoComplete="off"
              {...f}
              value={form.notes}
              onChange={(e) => update('notes', e.target.value)}
            />
          )}
        </Field>
        <div className="form-footer actions">
          <button type="submit" className="button">
            {strings.common.save}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void model.abandon().then(() => navigate(-1))}
          >
            {strings.common.cancel}
          </button>
        </div>
      </form>
    </Page>
  );
};
