// Equipment and loans: Sillon's own extension (La Coop has no loan model, domain.md §4). Device
// types reuse La Coop's Materiel vocabulary where it matches (tablette, autre) and add our own codes.
import { z } from 'zod';

import { lazySchema } from './lazy-schema';

import { isDay } from './dates';
import { labelOf, values, type Choice, type ValueOf } from './enums';
import {
  eurosSchema,
  LIST_LIMITS,
  optionalDaySchema,
  optionalText,
  requiredText,
  TEXT_LIMITS,
} from './limits';
import type { RecordMeta } from './records';

const choices = <const T extends readonly Choice[]>(list: T) => list;

export const ITEM_TYPES = choices([
  { value: 'tablette', label: 'Tablette' },
  { value: 'ordinateur_portable', label: 'Ordinateur portable' },
  { value: 'ordinateur_fixe', label: 'Ordinateur fixe' },
  { value: 'smartphone', label: 'Smartphone' },
  { value: 'cle_4g_routeur', label: 'Clé 4G / routeur' },
  { value: 'autre', label: 'Autre' },
]);
export type ItemType = ValueOf<typeof ITEM_TYPES>;

export const ITEM_STATUSES = choices([
  { value: 'disponible', label: 'Disponible' },
  { value: 'prete', label: 'Prêté' },
  { value: 'en_reparation', label: 'En réparation' },
  { value: 'reforme', label: 'Réformé' },
  { value: 'perdu', label: 'Perdu' },
]);
export type ItemStatus = ValueOf<typeof ITEM_STATUSES>;

export const ITEM_ORIGINS = choices([
  { value: 'achat', label: 'Achat' },
  { value: 'don', label: 'Don' },
  { value: 'reconditionne', label: 'Reconditionné', hint: 'Filière de reconditionnement' },
]);
export type ItemOrigin = ValueOf<typeof ITEM_ORIGINS>;

export const CONDITIONS = choices([
  { value: 'neuf', label: 'Neuf' },
  { value: 'tres_bon', label: 'Très bon état' },
  { value: 'bon', label: 'Bon état' },
  { value: 'usage', label: 'Traces d’usage' },
  { value: 'abime', label: 'Abîmé' },
  { value: 'hors_service', label: 'Hors service' },
]);
export type Condition = ValueOf<typeof CONDITIONS>;

export const ACCESSORIES = choices([
  { value: 'chargeur', label: 'Chargeur' },
  { value: 'cable', label: 'Câble' },
  { value: 'housse', label: 'Housse / étui' },
  { value: 'carte_sim', label: 'Carte SIM' },
  { value: 'souris', label: 'Souris' },
  { value: 'clavier', label: 'Clavier' },
  { value: 'ecouteurs', label: 'Écouteurs' },
  { value: 'stylet', label: 'Stylet' },
]);
export type Accessory = ValueOf<typeof ACCESSORIES>;

export const DEPOSIT_FORMS = choices([
  { value: 'cheque', label: 'Chèque' },
  { value: 'especes', label: 'Espèces' },
  { value: 'autre', label: 'Autre' },
]);
export type DepositForm = ValueOf<typeof DEPOSIT_FORMS>;

export const RETURN_OUTCOMES = choices([
  { value: 'bon_etat', label: 'Rendu en état' },
  { value: 'endommage', label: 'Rendu endommagé' },
  { value: 'perdu', label: 'Perdu ou non rendu' },
]);
export type ReturnOutcome = ValueOf<typeof RETURN_OUTCOMES>;

export interface Item extends RecordMeta {
  type: ItemType;
  marque?: string;
  modele?: string;
  /** Serial number or IMEI. */
  numeroSerie?: string;
  /** Unique within the structure: printed on the label and encoded in its QR code. */
  inventoryNumber: string;
  origine?: ItemOrigin;
  /** Supplier or refurbishing channel (filière de reconditionnement). */
  fournisseur?: string;
  dateAcquisition?: string;
  /** Euros. */
  valeurAcquisition?: number;
  accessoires: Accessory[];
  accessoiresAutres?: string;
  etat?: Condition;
  status: ItemStatus;
  lieuId?: string;
  notes?: string;
}

export interface Deposit {
  /** Euros. */
  amount: number;
  form: DepositForm;
  /** What « autre » is (virement, bon…). */
  formDetail?: string;
  returned: boolean;
  returnedDate?: string;
}

/** State of one item when it leaves. */
export interface Handover {
  itemId: string;
  etat?: Condition;
  accessoires: Accessory[];
  accessoiresAutres?: string;
}

/** State of one item when it comes back (a multi-item loan may come back in several times). */
export interface ItemReturn {
  itemId: string;
  date: string;
  outcome: ReturnOutcome;
  etat?: Condition;
  accessoires: Accessory[];
  /** Status the item takes back: disponible or en_reparation (perdu when lost). */
  nextStatus: ItemStatus;
  note?: string;
}

/** One change of the planned return date: extensions keep their history. */
export interface Extension {
  from: string;
  to: string;
  /** Device clock of the change. */
  at: string;
  reason?: string;
}

export interface Agreement {
  /** The filled text as signed (a later template change does not rewrite a signed agreement). */
  text: string;
  beneficiarySignature: string;
  advisorSignature: string;
  /** Blob hash of the PDF produced on the tablet. */
  pdf: string;
  signedAt: string;
}

export type LoanStatus = 'en_cours' | 'rendu';

export interface Loan extends RecordMeta {
  itemIds: string[];
  beneficiaryId: string;
  startDate: string;
  plannedReturnDate: string;
  extensions: Extension[];
  purpose?: string;
  deposit?: Deposit;
  handover: Handover[];
  /** Blob hash of the hand-over photo (JPEG, downscaled). */
  photo?: string;
  advisorName?: string;
  returns: ItemReturn[];
  status: LoanStatus;
  /** Day the last item came back. */
  returnedDate?: string;
  agreement?: Agreement;
  notes?: string;
}

export type ItemEventKind = 'creation' | 'statut' | 'controle' | 'pret' | 'retour' | 'prolongation';

/** One line of an item's history (status changes, condition checks, loans and returns). */
export interface ItemEvent extends RecordMeta {
  itemId: string;
  /** Device clock, ISO. */
  date: string;
  kind: ItemEventKind;
  fromStatus?: ItemStatus;
  toStatus?: ItemStatus;
  etat?: Condition;
  loanId?: string;
  note?: string;
}

/**
 * The template's record id in `settings` on a tablet used without an account, and the one fixed id
 * the first version used for every structure. A structure's own template has an id derived from the
 * structure's (src/domain/singletons.ts); the server files this one under the pushing structure's.
 */
export const AGREEMENT_TEMPLATE_ID = '4c6f616e-0000-4000-8000-000000000001';

export interface AgreementTemplate extends RecordMeta {
  title: string;
  body: string;
  /** Name of the structure as printed on the agreement. */
  structureName?: string;
}

// ————————————————————————————————————————— rules

export const isActiveLoan = (loan: Pick<Loan, 'status' | 'deleted'>): boolean =>
  !loan.deleted && loan.status === 'en_cours';

/** Items of a loan still out (not yet returned). */
export const outstandingItemIds = (loan: Pick<Loan, 'itemIds' | 'returns'>): string[] => {
  const back = new Set(loan.returns.map((r) => r.itemId));
  return loan.itemIds.filter((id) => !back.has(id));
};

/** A loan is overdue when its planned return date is before today and items are still out. */
export const isOverdue = (loan: Pick<Loan, 'status' | 'deleted' | 'plannedReturnDate'>, today: string) =>
  isActiveLoan(loan) && loan.plannedReturnDate < today;

export const daysLate = (loan: Pick<Loan, 'plannedReturnDate'>, today: string): number =>
  Math.max(
    0,
    Math.round(
      (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${loan.plannedReturnDate}T00:00:00Z`)) / 86_400_000,
    ),
  );

export const itemLabel = (item: Pick<Item, 'type' | 'marque' | 'modele' | 'inventoryNumber'>): string =>
  [
    labelOf(ITEM_TYPES, item.type),
    [item.marque, item.modele].filter(Boolean).join(' '),
    `n° ${item.inventoryNumber}`,
  ]
    .filter(Boolean)
    .join(' · ');

/**
 * Why an item cannot be lent now, or undefined when it can. `activeLoans` are the loans
 * still out that hold the item (a loan returned for this item does not count).
 */
export const unavailabilityReason = (
  item: Pick<Item, 'status' | 'inventoryNumber' | 'deleted'>,
  activeLoans: Pick<Loan, 'itemIds' | 'returns' | 'status' | 'deleted' | 'startDate'>[],
  itemId: string,
): string | undefined => {
  if (item.deleted) return `Le matériel n° ${item.inventoryNumber} a été supprimé.`;
  const out = activeLoans.find((l) => isActiveLoan(l) && outstandingItemIds(l).includes(itemId));
  if (out)
    return `Le matériel n° ${item.inventoryNumber} est déjà prêté (prêt en cours depuis le ${frDay(out.startDate)}).`;
  if (item.status !== 'disponible')
    return `Le matériel n° ${item.inventoryNumber} n’est pas disponible (statut : ${labelOf(ITEM_STATUSES, item.status).toLowerCase()}).`;
  return undefined;
};

const frDay = (day: string): string => {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
};

/**
 * The status to show: an item held by an active loan is « prêté » even if its own status field
 * says otherwise (a return on one tablet and a loan on another can cross during a sync).
 */
export const effectiveStatus = (
  item: Pick<Item, 'id' | 'status'>,
  loans: Pick<Loan, 'itemIds' | 'returns' | 'status' | 'deleted'>[],
): ItemStatus =>
  loans.some((l) => isActiveLoan(l) && outstandingItemIds(l).includes(item.id)) ? 'prete' : item.status;

/** Status an item takes back after a return: a lost item is perdu, a damaged one goes to repair. */
export const statusAfterReturn = (outcome: ReturnOutcome, wanted: ItemStatus = 'disponible'): ItemStatus => {
  if (outcome === 'perdu') return 'perdu';
  if (outcome === 'endommage') return 'en_reparation';
  return wanted === 'en_reparation' ? 'en_reparation' : 'disponible';
};

/**
 * Applies returns to a loan: the loan is closed (rendu) when every item is back. Returning an
 * item twice, or an item the loan does not hold, is refused.
 */
export const applyReturns = (
  loan: Pick<Loan, 'itemIds' | 'returns' | 'startDate' | 'status'>,
  incoming: ItemReturn[],
): { returns: ItemReturn[]; status: LoanStatus; returnedDate?: string } => {
  if (incoming.length === 0) throw new Error('Veuillez choisir au moins un matériel rendu.');
  const out = new Set(outstandingItemIds(loan));
  for (const r of incoming) {
    if (!loan.itemIds.includes(r.itemId)) throw new Error('Ce matériel ne fait pas partie de ce prêt.');
    if (!out.has(r.itemId)) throw new Error('Ce matériel a déjà été rendu.');
    if (r.date < loan.startDate) throw new Error('La date de retour ne peut pas précéder le début du prêt.');
    out.delete(r.itemId);
  }
  const returns = [...loan.returns, ...incoming];
  if (out.size > 0) return { returns, status: 'en_cours' };
  const returnedDate = returns
    .map((r) => r.date)
    .sort()
    .at(-1)!;
  return { returns, status: 'rendu', returnedDate };
};

/** Extends (or shortens) a loan: the previous planned date stays in the history. */
export const extendLoan = (
  loan: Pick<Loan, 'plannedReturnDate' | 'startDate' | 'extensions' | 'status'>,
  to: string,
  at: Date,
  reason?: string,
): { plannedReturnDate: string; extensions: Extension[] } => {
  if (loan.status !== 'en_cours') throw new Error('Ce prêt est terminé : il ne peut plus être prolongé.');
  if (!isDay(to)) throw new Error('Veuillez renseigner une date valide.');
  if (to < loan.startDate) throw new Error('La date de retour prévue ne peut pas précéder le début du prêt.');
  if (to === loan.plannedReturnDate) throw new Error('Cette date est déjà la date de retour prévue.');
  const extension: Extension = {
    from: loan.plannedReturnDate,
    to,
    at: at.toISOString(),
    ...(reason ? { reason } : {}),
  };
  return { plannedReturnDate: to, extensions: [...loan.extensions, extension] };
};

export type DepositState = 'aucune' | 'a_rendre' | 'rendue';

export const depositState = (loan: Pick<Loan, 'deposit'>): DepositState => {
  if (!loan.deposit || loan.deposit.amount <= 0) return 'aucune';
  return loan.deposit.returned ? 'rendue' : 'a_rendre';
};

/** Marks the deposit returned (or kept, e.g. after a loss). */
export const returnDeposit = (
  deposit: Deposit,
  returned: boolean,
  date: string,
  startDate: string,
): Deposit => {
  if (!returned) {
    const { returnedDate: _ignored, ...rest } = deposit;
    return { ...rest, returned: false };
  }
  if (!isDay(date)) throw new Error('Veuillez renseigner la date de restitution de la caution.');
  if (date < startDate) throw new Error('La caution ne peut pas être rendue avant le début du prêt.');
  return { ...deposit, returned: true, returnedDate: date };
};

// ————————————————————————————————————————— double lending across devices

export interface DoubleLending {
  itemId: string;
  /** Active loans holding the item, oldest first (start date, then creation, then id). */
  loanIds: string[];
}

/**
 * Two tablets can lend the same item while both are offline; after a sync both loans exist.
 * Found from the data alone, in an order every device computes identically; no loan is dropped.
 */
export const findDoubleLendings = (
  loans: Pick<Loan, 'id' | 'itemIds' | 'returns' | 'status' | 'deleted' | 'startDate' | 'createdAt'>[],
): DoubleLending[] => {
  const byItem = new Map<string, typeof loans>();
  for (const loan of loans) {
    if (!isActiveLoan(loan)) continue;
    for (const itemId of outstandingItemIds(loan)) {
      const list = byItem.get(itemId) ?? [];
      list.push(loan);
      byItem.set(itemId, list);
    }
  }
  const result: DoubleLending[] = [];
  for (const [itemId, list] of byItem) {
    if (list.length < 2) continue;
    const sorted = [...list].sort(
      (a, b) =>
        a.startDate.localeCompare(b.startDate) ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    );
    result.push({ itemId, loanIds: sorted.map((l) => l.id) });
  }
  return result.sort((a, b) => a.itemId.localeCompare(b.itemId));
};

export const DOUBLE_LENDING_TITLE = 'Ce matériel est prêté deux fois';
export const DOUBLE_LENDING_ADVICE =
  'Deux tablettes ont enregistré un prêt de ce même matériel alors qu’elles étaient hors ligne. Aucun prêt n’a été effacé. ' +
  'Vérifiez qui a réellement le matériel (appelez les bénéficiaires), puis enregistrez le retour sur le prêt qui n’a pas eu lieu, ' +
  'en précisant « prêt en double » dans la note. Prévenez l’autre conseiller.';

// ————————————————————————————————————————— validation (French messages)

const optionalDay = optionalDaySchema;

const euros = eurosSchema;
const label = lazySchema(() => optionalText(TEXT_LIMITS.label));
const notes = lazySchema(() => optionalText(TEXT_LIMITS.notes));

export const itemInputSchema = lazySchema(() =>
  z.object({
    type: z.enum(values(ITEM_TYPES), { error: 'Veuillez choisir le type de matériel' }),
    marque: label,
    modele: label,
    numeroSerie: label,
    inventoryNumber: z
      .string({ error: 'Veuillez renseigner le numéro d’inventaire' })
      .trim()
      .min(1, 'Veuillez renseigner le numéro d’inventaire')
      .max(40, 'Le numéro d’inventaire est trop long (40 caractères au plus)'),
    origine: z.enum(values(ITEM_ORIGINS)).optional(),
    fournisseur: label,
    dateAcquisition: optionalDay,
    valeurAcquisition: euros('Veuillez renseigner un montant valide').optional(),
    accessoires: z
      .array(z.enum(values(ACCESSORIES)))
      .max(ACCESSORIES.length)
      .default([]),
    accessoiresAutres: label,
    etat: z.enum(values(CONDITIONS)).optional(),
    status: z.enum(values(ITEM_STATUSES)).default('disponible'),
    lieuId: optionalText(100),
    notes,
  }),
);
export type ItemInput = z.infer<typeof itemInputSchema>;

export const depositSchema = lazySchema(() =>
  z
    .object({
      amount: euros('Veuillez renseigner le montant de la caution').refine(
        (n) => n > 0,
        'Le montant doit être positif',
      ),
      form: z.enum(values(DEPOSIT_FORMS), { error: 'Veuillez choisir la forme de la caution' }),
      formDetail: label,
      returned: z.boolean().default(false),
      returnedDate: optionalDay,
    })
    .superRefine((d, ctx) => {
      if (d.form === 'autre' && !d.formDetail)
        ctx.addIssue({
          code: 'custom',
          path: ['formDetail'],
          message: 'Veuillez préciser la forme de la caution',
        });
    }),
);

/** The fields of a loan as the lending form submits them. */
export const loanFields = lazySchema(() =>
  z.object({
    itemIds: z
      .array(z.string().max(100))
      .min(1, 'Veuillez choisir au moins un matériel')
      .max(LIST_LIMITS.loanItems, `Au plus ${LIST_LIMITS.loanItems} matériels par prêt`),
    beneficiaryId: z
      .string({ error: 'Veuillez choisir le bénéficiaire' })
      .min(1, 'Veuillez choisir le bénéficiaire')
      .max(100),
    startDate: z
      .string({ error: 'Veuillez renseigner la date de début' })
      .refine((d) => isDay(d), 'Veuillez renseigner la date de début'),
    plannedReturnDate: z
      .string({ error: 'Veuillez renseigner la date de retour prévue' })
      .refine((d) => isDay(d), 'Veuillez renseigner la date de retour prévue'),
    purpose: label,
    deposit: depositSchema.optional(),
    handover: z
      .array(
        z.object({
          itemId: z.string().max(100),
          etat: z.enum(values(CONDITIONS)).optional(),
          accessoires: z
            .array(z.enum(values(ACCESSORIES)))
            .max(ACCESSORIES.length)
            .default([]),
          accessoiresAutres: label,
        }),
      )
      .max(LIST_LIMITS.loanItems)
      .default([]),
    advisorName: label,
    notes,
  }),
);

/** Rules across fields of a loan (the form and the server's record check run the same). */
export const loanRules = (
  l: Pick<z.infer<typeof loanFields>, 'startDate' | 'plannedReturnDate' | 'itemIds'>,
  ctx: z.RefinementCtx,
): void => {
  if (isDay(l.startDate) && isDay(l.plannedReturnDate) && l.plannedReturnDate < l.startDate)
    ctx.addIssue({
      code: 'custom',
      path: ['plannedReturnDate'],
      message: 'La date de retour prévue ne peut pas précéder la date de début',
    });
  if (new Set(l.itemIds).size !== l.itemIds.length)
    ctx.addIssue({ code: 'custom', path: ['itemIds'], message: 'Un matériel est choisi deux fois' });
};

export const loanInputSchema = lazySchema(() => loanFields.superRefine(loanRules));
export type LoanInput = z.infer<typeof loanInputSchema>;

export const templateInputSchema = lazySchema(() =>
  z.object({
    title: requiredText(TEXT_LIMITS.label, 'Veuillez renseigner un titre'),
    body: requiredText(TEXT_LIMITS.agreement, 'Le texte de la convention ne peut pas être vide'),
    structureName: label,
  }),
);

// ————————————————————————————————————————— agreement template

export const PLACEHOLDERS = [
  { key: 'structure', label: 'Nom de la structure' },
  { key: 'beneficiaire.nom', label: 'Prénom et nom du bénéficiaire' },
  { key: 'beneficiaire.telephone', label: 'Téléphone du bénéficiaire' },
  { key: 'materiel', label: 'Liste du matériel prêté (avec accessoires et état)' },
  { key: 'date_debut', label: 'Date de début du prêt' },
  { key: 'date_retour_prevue', label: 'Date de retour prévue' },
  { key: 'objet', label: 'Objet du prêt' },
  { key: 'caution', label: 'Caution (montant et forme)' },
  { key: 'conseiller', label: 'Nom du conseiller' },
  { key: 'date_du_jour', label: 'Date de signature' },
] as const;
export type PlaceholderKey = (typeof PLACEHOLDERS)[number]['key'];

export const DEFAULT_AGREEMENT_TITLE = 'Convention de prêt de matériel';
export const DEFAULT_AGREEMENT_BODY = `Entre {{structure}}, ci-après « la structure », et {{beneficiaire.nom}} (téléphone : {{beneficiaire.telephone}}), ci-après « l’emprunteur ».

Objet : la structure prête gratuitement à l’emprunteur le matériel suivant :
{{materiel}}

Durée : le prêt commence le {{date_debut}}. L’emprunteur s’engage à rendre le matériel, avec ses accessoires, au plus tard le {{date_retour_prevue}}, au lieu où il lui a été remis. Le prêt peut être prolongé d’un commun accord.

Usage : le matériel est prêté pour l’usage suivant : {{objet}}. Il reste la propriété de la structure. L’emprunteur en prend soin, ne le prête pas, ne le vend pas et signale sans tarder toute panne, perte ou vol.

Caution : {{caution}}. La caution est rendue au retour du matériel en bon état ; elle peut être conservée en cas de perte ou de dégradation.

Données personnelles : la structure conserve cette convention le temps du prêt et de son suivi, puis la supprime. L’emprunteur peut demander à consulter ou corriger ses informations.

Fait le {{date_du_jour}}, en deux exemplaires.
Conseiller : {{conseiller}}`;

/** Fills {{placeholders}}; an unknown placeholder is left as typed so the coordinateur sees it. */
export const fillTemplate = (body: string, values: Partial<Record<PlaceholderKey, string>>): string =>
  body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => {
    const value = (values as Record<string, string | undefined>)[key];
    return value === undefined ? whole : value;
  });

/** Placeholders used in a template that Sillon does not know (typos in the editor). */
export const unknownPlaceholders = (body: string): string[] => {
  const known = new Set<string>(PLACEHOLDERS.map((p) => p.key));
  return [...new Set([...body.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!))].filter(
    (k) => !known.has(k),
  );
};

const euroText = (n: number): string =>
  `${n
    .toFixed(2)
    .replace('.', ',')
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} €`;

export const depositText = (deposit: Deposit | undefined): string => {
  if (!deposit || deposit.amount <= 0) return 'aucune caution n’est demandée';
  const form =
    deposit.form === 'autre' && deposit.formDetail
      ? deposit.formDetail
      : labelOf(DEPOSIT_FORMS, deposit.form).toLowerCase();
  return `${euroText(deposit.amount)}, versée en ${form}`;
};

/** One line per item, as printed on the agreement. */
export const itemsText = (items: Item[], handover: Handover[]): string =>
  items
    .map((item) => {
      const h = handover.find((x) => x.itemId === item.id);
      const acc = [...(h?.accessoires ?? item.accessoires).map((a) => labelOf(ACCESSORIES, a).toLowerCase())];
      const otherAcc = h ? h.accessoiresAutres : item.accessoiresAutres;
      if (otherAcc) acc.push(otherAcc);
      const etat = h?.etat ?? item.etat;
      const parts = [
        `- ${itemLabel(item)}`,
        item.numeroSerie ? `n° de série ${item.numeroSerie}` : '',
        acc.length ? `accessoires : ${acc.join(', ')}` : 'sans accessoire',
        etat ? `état : ${labelOf(CONDITIONS, etat).toLowerCase()}` : '',
      ];
      return parts.filter(Boolean).join(' ; ');
    })
    .join('\n');

/**
 * The standard PDF fonts are WinAnsi: accents (é, è, à, ç, «») render, but typographic
 * apostrophes, narrow spaces and œ do not. Replaces them with what the font has.
 */
export const toWinAnsi = (text: string): string =>
  text
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/…/g, '...')
    .replace(/[–—]/g, '-')
    .replace(/[^\n\r\t\u0020-\u007e\u00a0-\u00ff€]/g, '?');
