// Cycles of workshops (issue 16): a cycle d'ateliers and its sessions, registrations with a waiting
// list, attendance per session (signed), and the pure rules both the tablet and the server read:
// places left, who moves up from the waiting list, durée from the times, half-days of a session.
// Five synced tables: cycles, cycleSessions, registrations, attendances, passes (pass-numerique.ts).
import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';

import { lazySchema } from './lazy-schema';

import { ADMIN_THEMATIQUES, canHaveAdministrativeThematiques, type ParticipantsAnonymes } from './activity';
import { communeSchema, type CommuneRef } from './beneficiary';
import { NIVEAUX_ATELIER, THEMATIQUES, values, type NiveauAtelier, type Thematique } from './enums';
import { daySchema, optionalText, requiredText, TEXT_LIMITS } from './limits';
import type { RecordMeta } from './records';

/** Most sessions of one cycle, funders of a cycle, advisors of a session. */
export const WORKSHOP_LIMITS = { sessions: 100, funders: 10, advisors: 10, capacity: 500 } as const;

export interface Cycle extends RecordMeta {
  titre: string;
  description?: string;
  thematiques: Thematique[];
  niveau?: NiveauAtelier;
  /** Funders as named by the structure (« Conférence des financeurs du Lot », « CAF »…). */
  financeurs: string[];
  /** How to register, for the poster (« Inscription en mairie, 05 65 … »). */
  inscription?: string;
  annule?: boolean;
}

/** 'HH:MM', 00:00 to 23:59. */
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
export const timeSchema = (message = 'Heure invalide (HH:MM)') =>
  z.string({ error: message }).regex(TIME_PATTERN, message);

/** The advisor's signature closing a session's feuille d'émargement. */
export interface Emargement {
  /** The sheet as a PDF blob (content hash). */
  pdf: string;
  advisorSignature: string;
  advisorName: string;
  signedAt: string;
  /** SHA-256 of the sheet's content (sheetContent), printed in its footer. */
  hash: string;
}

/** When and what time a session takes place. */
export interface SessionSlot {
  date: string;
  debut: string;
  fin: string;
}

export interface CycleSession extends RecordMeta {
  cycleId: string;
  date: string;
  debut: string;
  fin: string;
  /** A lieu d'activité of the structure, or a commune for an itinerant stop. */
  lieuId?: string;
  commune?: CommuneRef;
  /** Precise place of an itinerant stop (« Salle des fêtes »). */
  lieuPrecision?: string;
  capacite?: number;
  /** User ids of the advisors leading it. */
  conseillerIds: string[];
  annulee?: boolean;
  /** Moved: the slot first announced to the registered people (movedFrom). */
  deplaceeDe?: SessionSlot;
  /** Walk-ins who gave no name, with La Coop's anonymous breakdown. */
  participantsAnonymes?: ParticipantsAnonymes;
  emargement?: Emargement;
  /** Closing the session: the La Coop activity (atelier collectif) it created. */
  activityId?: string;
  closedAt?: string;
}

export const REGISTRATION_STATUSES = [
  { value: 'inscrit', label: 'Inscrit·e' },
  { value: 'liste_attente', label: 'Liste d’attente' },
  { value: 'annule', label: 'Désinscrit·e' },
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number]['value'];

export interface Registration extends RecordMeta {
  cycleId: string;
  /** Absent: registered for the whole cycle. */
  sessionId?: string;
  beneficiaryId: string;
  status: RegistrationStatus;
  /** Order of the waiting list (device clock of the registration; the id breaks ties). */
  registeredAt: string;
}

export interface Attendance extends RecordMeta {
  sessionId: string;
  beneficiaryId: string;
  present: boolean;
  /** Came without being registered. */
  walkIn?: boolean;
  /** Signature image (content hash), and when it was drawn: the session's, or its morning's. */
  signature?: string;
  signedAt?: string;
  /** A session spanning both half-days: the afternoon's signature (signatureFor). */
  signatureApresMidi?: string;
  signedApresMidiAt?: string;
}

// ————————————————————————————————————————— input schemas (forms and records share them)

const thematiques = lazySchema(() =>
  z
    .array(z.enum(values(THEMATIQUES)))
    .min(1, 'Veuillez choisir au moins une thématique')
    .max(THEMATIQUES.length),
);

export const cycleFields = lazySchema(() =>
  z.object({
    titre: requiredText(TEXT_LIMITS.label, 'Veuillez renseigner le titre du cycle'),
    description: optionalText(TEXT_LIMITS.notes),
    thematiques,
    niveau: z.enum(values(NIVEAUX_ATELIER)).optional(),
    financeurs: z
      .array(z.string().trim().min(1).max(TEXT_LIMITS.label))
      .max(WORKSHOP_LIMITS.funders)
      .default([]),
    inscription: optionalText(TEXT_LIMITS.address),
    annule: z.boolean().optional(),
  }),
);
export type CycleInput = z.infer<typeof cycleFields>;

/** The cycle's thématiques make a valid atelier collectif (activityRules): its sessions' activities need them. */
export const cycleRules = (c: { thematiques?: unknown }, ctx: z.RefinementCtx): void => {
  const list = Array.isArray(c.thematiques) ? (c.thematiques as string[]) : [];
  if (list.length && list.every((t) => ADMIN_THEMATIQUES.has(t)))
    ctx.addIssue({
      code: 'custom',
      path: ['thematiques'],
      message: 'Veuillez renseigner au moins une thématique de médiation',
    });
  else if (!canHaveAdministrativeThematiques(list) && list.some((t) => ADMIN_THEMATIQUES.has(t)))
    ctx.addIssue({
      code: 'custom',
      path: ['thematiques'],
      message: 'Les thématiques administratives demandent « Aide aux démarches administratives »',
    });
};

export const cycleInputSchema = lazySchema(() => cycleFields.superRefine(cycleRules));

export const sessionFields = lazySchema(() =>
  z.object({
    date: daySchema(),
    debut: timeSchema('Veuillez renseigner l’heure de début'),
    fin: timeSchema('Veuillez renseigner l’heure de fin'),
    lieuId: z.string().optional(),
    commune: communeSchema.optional(),
    lieuPrecision: optionalText(TEXT_LIMITS.label),
    capacite: z
      .number({ error: 'Nombre de places invalide' })
      .int('Nombre entier attendu')
      .min(1, 'Au moins une place')
      .max(WORKSHOP_LIMITS.capacity, `Au plus ${WORKSHOP_LIMITS.capacity} places`)
      .optional(),
    conseillerIds: z.array(z.string().max(100)).max(WORKSHOP_LIMITS.advisors).default([]),
    annulee: z.boolean().optional(),
  }),
);
export type SessionInput = z.infer<typeof sessionFields>;

/** A session ends after it starts, and takes place somewhere (a lieu or a commune, not both). */
export const sessionRules = (
  s: { debut?: string; fin?: string; lieuId?: string | undefined; commune?: unknown },
  ctx: z.RefinementCtx,
): void => {
  if (s.debut && s.fin && TIME_PATTERN.test(s.debut) && TIME_PATTERN.test(s.fin) && s.fin <= s.debut)
    ctx.addIssue({ code: 'custom', path: ['fin'], message: 'La fin doit être après le début' });
  if (!s.lieuId && !s.commune)
    ctx.addIssue({ code: 'custom', path: ['lieuId'], message: 'Veuillez choisir un lieu ou une commune' });
  if (s.lieuId && s.commune)
    ctx.addIssue({
      code: 'custom',
      path: ['commune'],
      message: 'Un lieu d’activité ou une commune, pas les deux',
    });
};

export const sessionInputSchema = lazySchema(() => sessionFields.superRefine(sessionRules));

// ————————————————————————————————————————— pure rules

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Durée of a session in whole minutes, from 'HH:MM' times (0 when the end is not after the start). */
export const dureeOf = (debut: string, fin: string): number =>
  TIME_PATTERN.test(debut) && TIME_PATTERN.test(fin) ? Math.max(0, minutesOf(fin) - minutesOf(debut)) : 0;

export type HalfDay = 'matin' | 'apres_midi';
/** Noon to 13:30 is lunch: a session running from before noon to after 13:30 spans two half-days. */
export const halfDaysOf = (debut: string, fin: string): HalfDay[] => {
  const start = minutesOf(debut);
  const end = minutesOf(fin);
  if (start < 12 * 60 && end > 13 * 60 + 30) return ['matin', 'apres_midi'];
  return [start < 12 * 60 ? 'matin' : 'apres_midi'];
};

/** The signature a participant gave for one half-day of a session spanning `halfDays`. */
export const signatureFor = (
  a: Pick<Attendance, 'signature' | 'signatureApresMidi'> | undefined,
  halfDay: HalfDay,
  halfDays: readonly HalfDay[],
): string | undefined =>
  halfDays.length > 1 && halfDay === 'apres_midi' ? a?.signatureApresMidi : a?.signature;

/** Whether she signed for every half-day of the session. */
export const signedEveryHalfDay = (
  a: Pick<Attendance, 'signature' | 'signatureApresMidi'> | undefined,
  halfDays: readonly HalfDay[],
): boolean => halfDays.every((h) => signatureFor(a, h, halfDays) !== undefined);

const sameSlot = (a: SessionSlot, b: SessionSlot) =>
  a.date === b.date && a.debut === b.debut && a.fin === b.fin;
const slotOf = (s: SessionSlot): SessionSlot => ({ date: s.date, debut: s.debut, fin: s.fin });

/**
 * The slot a session was moved from once it takes `after`: the one first announced (kept through
 * later moves), none when it is back there or was never moved.
 */
export const movedFrom = (
  before: SessionSlot & { deplaceeDe?: SessionSlot | undefined },
  after: SessionSlot,
): SessionSlot | undefined => {
  const announced = before.deplaceeDe ?? slotOf(before);
  return sameSlot(announced, after) ? undefined : slotOf(announced);
};

/** What the registered people are told of a session: cancelled, moved (from when), or nothing. */
export type SessionNotice = { kind: 'annulee' } | { kind: 'deplacee'; from: SessionSlot; to: SessionSlot };
export const sessionNotice = (
  s: SessionSlot & Pick<CycleSession, 'annulee' | 'deplaceeDe'>,
): SessionNotice | undefined =>
  s.annulee
    ? { kind: 'annulee' }
    : s.deplaceeDe && !sameSlot(s.deplaceeDe, s)
      ? { kind: 'deplacee', from: s.deplaceeDe, to: slotOf(s) }
      : undefined;

/** Whether a registration holds (or waits for) a place at `sessionId`: its own session, or the whole cycle. */
export const concerns = (r: Pick<Registration, 'sessionId' | 'deleted'>, sessionId: string): boolean =>
  !r.deleted && (r.sessionId === undefined || r.sessionId === sessionId);

type Reg = Pick<Registration, 'id' | 'sessionId' | 'status' | 'registeredAt' | 'deleted'>;

/** Waiting list order: first registered first (the id, time-ordered, breaks ties). */
export const waitingOrder = (a: Reg, b: Reg): number =>
  a.registeredAt < b.registeredAt ? -1 : a.registeredAt > b.registeredAt ? 1 : a.id < b.id ? -1 : 1;

/** Places taken at a session (registered for it or for the whole cycle). */
export const placesTaken = (registrations: readonly Reg[], sessionId: string): number =>
  registrations.filter((r) => r.status === 'inscrit' && concerns(r, sessionId)).length;

/** Places left at a session; undefined when it has no capacity (no limit). Never negative. */
export const placesLeft = (
  capacite: number | undefined,
  registrations: readonly Reg[],
  sessionId: string,
): number | undefined =>
  capacite === undefined ? undefined : Math.max(0, capacite - placesTaken(registrations, sessionId));

/**
 * The status a new registration gets: « inscrit » while every session it concerns has a place left,
 * otherwise the waiting list (a whole-cycle registration needs a place at each session not cancelled).
 */
export const statusForNew = (
  sessions: readonly Pick<CycleSession, 'id' | 'capacite' | 'annulee' | 'deleted'>[],
  registrations: readonly Reg[],
  sessionId?: string,
): RegistrationStatus => {
  const concerned = sessions.filter((s) => !s.deleted && !s.annulee && (!sessionId || s.id === sessionId));
  const full = concerned.some((s) => placesLeft(s.capacite, registrations, s.id) === 0);
  return full ? 'liste_attente' : 'inscrit';
};

/**
 * Who moves up from the waiting list, in order, once places free up (a cancellation, a capacity
 * raised): the first waiting whose every session has a place, counting the ones moved before it.
 */
export const promotions = (
  sessions: readonly Pick<CycleSession, 'id' | 'capacite' | 'annulee' | 'deleted'>[],
  registrations: readonly Reg[],
): string[] => {
  const current = registrations.filter((r) => !r.deleted).map((r) => ({ ...r }));
  const waiting = current.filter((r) => r.status === 'liste_attente').sort(waitingOrder);
  const moved: string[] = [];
  for (const r of waiting) {
    const rest = current.filter((x) => x.id !== r.id);
    if (statusForNew(sessions, rest, r.sessionId) === 'inscrit') {
      r.status = 'inscrit';
      moved.push(r.id);
    }
  }
  return moved;
};

/** Position on the waiting list (1 = next to move up), among those waiting for the same sessions. */
export const waitingPosition = (registrations: readonly Reg[], id: string): number | undefined => {
  const waiting = registrations.filter((r) => !r.deleted && r.status === 'liste_attente').sort(waitingOrder);
  const index = waiting.findIndex((r) => r.id === id);
  return index < 0 ? undefined : index + 1;
};

// ————————————————————————————————————————— the feuille d'émargement's content and hash

export interface SheetLine {
  name: string;
  /** Signature blob hash (the morning's on a sheet of two half-days); absent: did not sign. */
  signature?: string | undefined;
  /** The afternoon's, on a sheet of two half-days. */
  signatureApresMidi?: string | undefined;
}

export interface SheetContent {
  titre: string;
  date: string;
  debut: string;
  fin: string;
  lieu: string;
  advisorName: string;
  advisorSignature: string;
  participants: SheetLine[];
  anonymes: number;
  signedAt: string;
  /** The half-days it spans (halfDaysOf): two take a signature each. Absent: one. */
  halfDays?: HalfDay[];
}

/**
 * The sheet's content as one canonical text (fixed field order, one line per participant in the
 * order printed): what the footer's SHA-256 is taken over, so that a later change of any of it shows.
 */
export const sheetText = (s: SheetContent): string =>
  [
    `titre=${s.titre}`,
    `date=${s.date}`,
    `debut=${s.debut}`,
    `fin=${s.fin}`,
    `lieu=${s.lieu}`,
    `conseiller=${s.advisorName}|${s.advisorSignature}`,
    // A sheet of two half-days says so and carries both signatures; a sheet of one reads as before.
    ...(s.halfDays && s.halfDays.length > 1 ? [`demi-journees=${s.halfDays.join(',')}`] : []),
    ...s.participants.map(
      (p, i) =>
        `participant${i + 1}=${p.name}|${p.signature ?? ''}` +
        (s.halfDays && s.halfDays.length > 1 ? `|${p.signatureApresMidi ?? ''}` : ''),
    ),
    `anonymes=${s.anonymes}`,
    `signe=${s.signedAt}`,
  ].join('\n');

/** SHA-256 (hex) of the sheet's canonical text, with WebCrypto (browsers and Node 20). */
export const sheetHash = async (s: SheetContent): Promise<string> => {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(sheetText(s)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
};

/** Deterministic id of a person's attendance at a session: two tablets marking her write one record. */
export const ATTENDANCE_NAMESPACE = '6f1c2d0e-6a3b-4b8e-9a51-2f3c4d5e6f70';
export const attendanceId = (sessionId: string, beneficiaryId: string): string =>
  uuidv5(`${sessionId}|${beneficiaryId}`, ATTENDANCE_NAMESPACE);
