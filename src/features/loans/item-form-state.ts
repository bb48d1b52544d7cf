// The item form's state, as typed (the amount stays text), its reading of a stored item, its check
// with the shared schema, and its fields as the « changed meanwhile » review shows them.
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
  type ItemInput,
  type ItemOrigin,
  type ItemStatus,
  type ItemType,
} from '../../domain/loans';
import { labelOf } from '../../domain/enums';
import { validate } from '../../domain/validation';
import type { CheckResult, FormField } from '../../ui/use-form';
import { strings } from './strings';

export interface ItemFormState {
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

export const emptyItemForm = (): ItemFormState => ({
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
});

export const itemFormOf = (item: Item): ItemFormState => ({
  ...emptyItemForm(),
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
  accessoires: [...item.accessoires],
  accessoiresAutres: item.accessoiresAutres ?? '',
  etat: item.etat,
  status: item.status,
  lieuId: item.lieuId ?? '',
  notes: item.notes ?? '',
});

/** The amount as typed (« 149,90 »), checked, then the item with the shared schema. */
export const checkItemForm = (form: ItemFormState): CheckResult<ItemInput> => {
  const amount = form.valeurAcquisition.trim();
  const valeur = amount === '' ? undefined : Number(amount.replace(/\s/g, '').replace(',', '.'));
  if (valeur !== undefined && Number.isNaN(valeur))
    return { ok: false, errors: { valeurAcquisition: strings.itemForm.amountInvalid } };
  return validate(itemInputSchema, { ...form, valeurAcquisition: valeur, lieuId: form.lieuId });
};

const f = strings.itemForm;
const choice =
  (list: Parameters<typeof labelOf>[0], key: keyof ItemFormState) =>
  (v: Partial<ItemFormState>): string => {
    const value = v[key];
    return typeof value === 'string' && value ? labelOf(list, value) : '';
  };

export const itemReviewFields = (
  lieuName: (id: string) => string | undefined,
): FormField<ItemFormState>[] => [
  { name: 'type', keys: ['type'], label: f.type, show: choice(ITEM_TYPES, 'type') },
  { name: 'inventoryNumber', keys: ['inventoryNumber'], label: f.inventoryNumber },
  { name: 'numeroSerie', keys: ['numeroSerie'], label: f.numeroSerie },
  { name: 'marque', keys: ['marque'], label: f.marque },
  { name: 'modele', keys: ['modele'], label: f.modele },
  { name: 'origine', keys: ['origine'], label: f.origine, show: choice(ITEM_ORIGINS, 'origine') },
  { name: 'fournisseur', keys: ['fournisseur'], label: f.fournisseur },
  { name: 'dateAcquisition', keys: ['dateAcquisition'], label: f.dateAcquisition },
  { name: 'valeurAcquisition', keys: ['valeurAcquisition'], label: f.valeurAcquisition },
  {
    name: 'lieuId',
    keys: ['lieuId'],
    label: f.lieu,
    show: (v) => (v.lieuId ? (lieuName(v.lieuId) ?? '') : ''),
  },
  {
    name: 'accessoires',
    keys: ['accessoires'],
    label: f.accessoires,
    show: (v) => (v.accessoires ?? []).map((a) => labelOf(ACCESSORIES, a)).join(', '),
  },
  { name: 'accessoiresAutres', keys: ['accessoiresAutres'], label: f.accessoiresAutres },
  { name: 'etat', keys: ['etat'], label: f.etat, show: choice(CONDITIONS, 'etat') },
  { name: 'status', keys: ['status'], label: f.status, show: choice(ITEM_STATUSES, 'status') },
  { name: 'notes', keys: ['notes'], label: f.notes },
];
