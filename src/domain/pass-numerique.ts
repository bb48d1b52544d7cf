// Pass Numérique (APTIC) received for an accompaniment or a workshop session (issue 16): the record,
// its status lifecycle and APTIC's validity rules, pure and tested. A pass of year N is valid until
// 31 December N and still accepted until 31 January N + 1; after that it is « expiré ».
import { z } from 'zod';

import { lazySchema } from './lazy-schema';

import { daySchema, eurosSchema, optionalText, requiredText, TEXT_LIMITS } from './limits';
import type { ExportSheet } from './exports/sheet';
import type { RecordMeta } from './records';

export const PASS_STATUSES = [
  { value: 'a_valider', label: 'À valider' },
  { value: 'valide', label: 'Validé' },
  { value: 'paye', label: 'Payé' },
  { value: 'refuse', label: 'Refusé' },
  { value: 'expire', label: 'Expiré' },
] as const;
export type PassStatus = (typeof PASS_STATUSES)[number]['value'];
export const PASS_STATUS_VALUES = PASS_STATUSES.map((s) => s.value) as [PassStatus, ...PassStatus[]];

/** Default value of one pass, in euros. */
export const PASS_DEFAULT_VALUE = 10;

export interface Pass extends RecordMeta {
  /** The code printed (and in the QR code) on the pass. */
  code: string;
  valeur: number;
  /** Who issued it (« CAF du Lot », « Département »…). */
  emetteur?: string;
  /** Year printed on the pass (its millésime). */
  annee: number;
  /** Day it was received. */
  dateReception: string;
  status: PassStatus;
  beneficiaryId?: string;
  activityId?: string;
  sessionId?: string;
  /** Day of the last status change (validated, paid…). */
  dateStatut?: string;
  notes?: string;
}

export const passFields = lazySchema(() =>
  z.object({
    code: requiredText(60, 'Veuillez renseigner le code du pass').regex(
      /^[A-Za-z0-9-]+$/,
      'Le code ne contient que des lettres, des chiffres et des tirets',
    ),
    valeur: eurosSchema('Veuillez renseigner la valeur du pass').default(PASS_DEFAULT_VALUE),
    emetteur: optionalText(TEXT_LIMITS.label),
    annee: z
      .number({ error: 'Année invalide' })
      .int()
      .min(2018, 'Année invalide')
      .max(2100, 'Année invalide'),
    dateReception: daySchema('Veuillez renseigner la date de réception'),
    status: z.enum(PASS_STATUS_VALUES).default('a_valider'),
    beneficiaryId: z.string().optional(),
    activityId: z.string().optional(),
    sessionId: z.string().optional(),
    dateStatut: z.string().optional(),
    notes: optionalText(TEXT_LIMITS.notes),
  }),
);
export type PassInput = z.infer<typeof passFields>;

/** A pass is recorded against something: an accompaniment (activity) or a session. */
export const passRules = (
  p: { activityId?: string | undefined; sessionId?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (!p.activityId && !p.sessionId)
    ctx.addIssue({
      code: 'custom',
      path: ['activityId'],
      message: 'Un pass est rattaché à un accompagnement ou à une session d’atelier',
    });
};

/** What a pass code may hold: letters, digits and dashes (as passFields checks it). */
const PASS_CODE = /^[A-Za-z0-9-]{1,60}$/;

/**
 * The pass code in what its QR code reads: the code itself, or an address carrying it (its `code`
 * parameter, else its last path segment). Undefined when none is there (another QR code).
 */
export const passCodeFromScan = (text: string): string | undefined => {
  const raw = text.trim();
  if (PASS_CODE.test(raw)) return raw.toUpperCase();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const candidate = url.searchParams.get('code') ?? url.pathname.split('/').filter(Boolean).at(-1) ?? '';
  return PASS_CODE.test(candidate) ? candidate.toUpperCase() : undefined;
};

/** Last day a pass of `annee` is valid (31 December of its year). */
export const validUntil = (annee: number): string => `${annee}-12-31`;
/** Last day a pass of `annee` is still accepted (31 January of the next year). */
export const acceptedUntil = (annee: number): string => `${annee + 1}-01-31`;

export type PassValidity = 'valide' | 'tolere' | 'expire' | 'futur';
/** Validity of a pass of `annee` on `day` ('YYYY-MM-DD'): valid in its year, tolerated in January after. */
export const validityOn = (annee: number, day: string): PassValidity => {
  if (day < `${annee}-01-01`) return 'futur';
  if (day <= validUntil(annee)) return 'valide';
  if (day <= acceptedUntil(annee)) return 'tolere';
  return 'expire';
};

/** Whether a pass of `annee` may still be accepted (received, validated) on `day`. */
export const isAccepted = (annee: number, day: string): boolean => {
  const v = validityOn(annee, day);
  return v === 'valide' || v === 'tolere';
};

/** The status moves it may take: à valider → validé → payé, or refusé / expiré; payé, refusé are final. */
export const PASS_TRANSITIONS: Readonly<Record<PassStatus, readonly PassStatus[]>> = {
  a_valider: ['valide', 'refuse', 'expire'],
  valide: ['paye', 'refuse'],
  paye: [],
  refuse: [],
  expire: [],
};

export const canMove = (from: PassStatus, to: PassStatus): boolean => PASS_TRANSITIONS[from].includes(to);

/**
 * The status a pass should show on `day`: one still « à valider » after it stopped being accepted is
 * « expiré » (a validated one is owed: it stays validated until paid).
 */
export const effectivePassStatus = (p: Pick<Pass, 'status' | 'annee'>, day: string): PassStatus =>
  p.status === 'a_valider' && !isAccepted(p.annee, day) ? 'expire' : p.status;

/** Days until a pass stops being accepted (negative once past). */
export const daysLeft = (annee: number, day: string): number =>
  Math.round((Date.parse(`${acceptedUntil(annee)}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);

/** « Pass à valider »: passes waiting, those that stop being accepted soonest first. */
export const passesToValidate = <P extends Pick<Pass, 'status' | 'annee' | 'deleted' | 'dateReception'>>(
  passes: readonly P[],
  day: string,
): P[] =>
  passes
    .filter((p) => !p.deleted && effectivePassStatus(p, day) === 'a_valider')
    .sort((a, b) => a.annee - b.annee || a.dateReception.localeCompare(b.dateReception));

// ————————————————————————————————————————— the monthly reconciliation for the accountant

export interface PassSheetOptions {
  /** 'YYYY-MM': passes received that month. */
  month: string;
  structureName?: string | undefined;
  /** What each pass is linked to, as printed (« Atelier Premiers pas, 2 mars 2026 »). */
  linkOf: (p: Pass) => string;
}

const statusLabel = (s: PassStatus) => PASS_STATUSES.find((x) => x.value === s)!.label;
const dayDate = (d: string | undefined) => (d ? new Date(`${d}T00:00:00Z`) : null);

/**
 * The month's passes by status, with amounts, dates and what they are linked to: one sheet, its
 * totals per status above the table (the CSV holds the table only).
 */
export const passReconciliationSheet = (passes: readonly Pass[], options: PassSheetOptions): ExportSheet => {
  const month = passes
    .filter((p) => !p.deleted && p.dateReception.startsWith(options.month))
    .sort(
      (a, b) =>
        PASS_STATUS_VALUES.indexOf(a.status) - PASS_STATUS_VALUES.indexOf(b.status) ||
        a.dateReception.localeCompare(b.dateReception) ||
        a.code.localeCompare(b.code),
    );
  const rows: ExportSheet['rows'] = [
    { cells: [`Pass Numérique — rapprochement ${options.month}`], style: 'title' },
    ...(options.structureName ? [{ cells: [options.structureName] }] : []),
    { cells: ['Statut', 'Nombre', 'Montant (€)'], style: 'header' as const },
    ...PASS_STATUS_VALUES.map((s) => {
      const of = month.filter((p) => p.status === s);
      return { cells: [statusLabel(s), of.length, of.reduce((sum, p) => sum + p.valeur, 0)] };
    }),
    { cells: ['Total', month.length, month.reduce((sum, p) => sum + p.valeur, 0)] },
    { cells: [] },
  ];
  const tableStart = rows.length;
  rows.push(
    {
      cells: ['Code', 'Émetteur', 'Année', 'Valeur (€)', 'Reçu le', 'Statut', 'Date du statut', 'Rattaché à'],
      style: 'header',
    },
    ...month.map((p) => ({
      cells: [
        p.code,
        p.emetteur ?? '',
        p.annee,
        p.valeur,
        dayDate(p.dateReception),
        statusLabel(p.status),
        dayDate(p.dateStatut),
        options.linkOf(p),
      ],
    })),
  );
  return { name: `Pass ${options.month}`, rows, tableStart };
};
