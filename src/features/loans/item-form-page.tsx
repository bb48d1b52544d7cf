import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';

import { getDb } from '../../data/db';
import { deleteDraft, getDraft, saveDraft } from '../../data/drafts';
import { editBaseOf } from '../../data/edits';
import { LoanError, createItem, getItem, itemFields, updateItem } from '../../data/loans';
import {
  ACCESSORIES,
  CONDITIONS,
  ITEM_ORIGINS,
  ITEM_STATUSES,
  ITEM_TYPES,
  itemInputSchema,
  type Accessory,
  type Condition,
  type Item,
  type ItemOrigin,
  type ItemStatus,
  type ItemType,
} from '../../domain/loans';
import { validate, type FieldErrors } from '../../domain/validation';
import { CheckboxGroup, RadioGroup } from '../../ui/choice-group';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';
import { useAutosave } from '../../ui/use-autosave';
import { LoansNav } from './loans-nav';
import { RecordPending } from './record-pending';
import { strings } from './strings';

interface ItemFormState {
  type?: ItemType;
  marque: string;
  modele: string;
  numeroSerie: string;
  inventoryNumber: string;
  origine?: ItemOrigin;
  fournisseur: string;
  dateAcquisition: string;
  valeurAcquisition: string;
  accessoires: Accessory[];
  accessoiresAutres: string;
  etat?: Condition;
  status: ItemStatus;
  lieuId: string;
  notes: string;
}

const empty: ItemFormState = {
  marque: '',
  modele: '',
  numeroSerie: '',
  inventoryNumber: '',
  fournisseur: '',
  dateAcquisition: '',
  valeurAcquisition: '',
  accessoires: [],
  accessoiresAutres: '',
  status: 'disponible',
  lieuId: '',
  notes: '',
};

const fromItem = (item: Item): ItemFormState => ({
  ...empty,
  type: item.type,
  marque: item.marque ?? '',
  modele: item.modele ?? '',
  numeroSerie: item.numeroSerie ?? '',
  inventoryNumber: item.inventoryNumber,
  origine: item.origine,
  fournisseur: item.fournisseur ?? '',
  dateAcquisition: item.dateAcquisition ?? '',
  valeurAcquisition:
    item.valeurAcquisition === undefined ? '' : String(item.valeurAcquisition).replace('.', ','),
  accessoires: item.accessoires,
  accessoiresAutres: item.accessoiresAutres ?? '',
  etat: item.etat,
  status: item.status,
  lieuId: item.lieuId ?? '',
  notes: item.notes ?? '',
});

const DRAFT_ID = 'item:new';
/** Statuses an advisor may pick by hand (« prêté » comes from a loan). */
const EDITABLE_STATUSES = ITEM_STATUSES.filter((s) => s.value !== 'prete');

/** Creates or edits an item; a new item's form is autosaved as a draft. */
export const ItemFormPage = () => {
  const { id } = useParams();
  const navigate = useNavigate();
  const db = getDb();
  const [form, setForm] = useState<ItemFormState | undefined>(id ? undefined : empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [original, setOriginal] = useState<Item>();
  const lieux = useLiveQuery(
    async () => (await db.lieux.orderBy('nom').toArray()).filter((l) => !l.deleted),
    [db],
  );

  useEffect(() => {
    let live = true;
    if (id) {
      void getItem(db, id).then((item) => {
        if (!live) return;
        setOriginal(item);
        setForm(item ? fromItem(item) : undefined);
      });
    } else {
      void getDraft(db, DRAFT_ID).then((draft) => {
        if (live && draft) setForm({ ...empty, ...(draft.data as Partial<ItemFormState>) });
      });
    }
    return () => {
      live = false;
    };
  }, [db, id]);

  const persist = useCallback(
    async (value: ItemFormState | undefined) => {
      if (!value || id) return;
      await saveDraft(db, {
        id: DRAFT_ID,
        kind: 'item',
        path: '/materiel/nouveau',
        title: strings.itemForm.draftTitle,
        data: value,
      });
    },
    [db, id],
  );
  useAutosave(form, persist, !id && form !== empty);

  if (!form) {
    return (
      <RecordPending
        loading={Boolean(id) && original === undefined}
        title={strings.itemForm.newTitle}
        missing={strings.common.itemNotFound}
      />
    );
  }

  const update = <K extends keyof ItemFormState>(key: K, value: ItemFormState[K]) =>
    setForm((prev) => ({ ...(prev ?? empty), [key]: value }));

  const submit = async () => {
    setFormError(undefined);
    const amount = form.valeurAcquisition.trim();
    const valeur = amount === '' ? undefined : Number(amount.replace(/\s/g, '').replace(',', '.'));
    if (valeur !== undefined && Number.isNaN(valeur)) {
      setErrors({ valeurAcquisition: strings.itemForm.amountInvalid });
      return;
    }
    const result = validate(itemInputSchema, { ...form, valeurAcquisition: valeur, lieuId: form.lieuId });
    // The save is sent against the item as the form opened it.
    const opened = original ? validate(itemInputSchema, original) : undefined;
    const base = original
      ? editBaseOf(original, opened?.ok ? itemFields(opened.value) : undefined)
      : undefined;
    if (!result.ok) {
      setErrors(result.errors);
      setFormError(strings.common.fixErrors);
      return;
    }
    setErrors({});
    try {
      const saved = id
        ? await updateItem(db, id, result.value, undefined, base)
        : await createItem(db, result.value);
      if (!id) await deleteDraft(db, DRAFT_ID);
      navigate(`/materiel/${saved.id}`, { replace: !id });
    } catch (e) {
      if (e instanceof LoanError) {
        if (e.message.includes('numéro d’inventaire')) setErrors({ inventoryNumber: e.message });
        setFormError(e.message);
      } else {
        console.error(e);
        setFormError(strings.common.unexpected);
      }
    }
  };

  return (
    <Page
      title={
        id && original ? strings.itemForm.editTitle(original.inventoryNumber) : strings.itemForm.newTitle
      }
    >
      <LoansNav />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
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
                {...f}
                value={form.numeroSerie}
                onChange={(e) => update('numeroSerie', e.target.value)}
              />
            )}
          </Field>
          <Field label={strings.itemForm.marque} error={errors.marque}>
            {(f) => <input {...f} value={form.marque} onChange={(e) => update('marque', e.target.value)} />}
          </Field>
          <Field label={strings.itemForm.modele} error={errors.modele}>
            {(f) => <input {...f} value={form.modele} onChange={(e) => update('modele', e.target.value)} />}
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
                {...f}
                value={form.fournisseur}
                onChange={(e) => update('fournisseur', e.target.value)}
              />
            )}
          </Field>
          <Field label={strings.itemForm.dateAcquisition} error={errors.dateAcquisition}>
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
          {(f) => <textarea {...f} value={form.notes} onChange={(e) => update('notes', e.target.value)} />}
        </Field>
        <div className="form-footer actions">
          <button type="submit" className="button">
            {strings.common.save}
          </button>
          <button type="button" className="button button--secondary" onClick={() => navigate(-1)}>
            {strings.common.cancel}
          </button>
        </div>
      </form>
    </Page>
  );
};
