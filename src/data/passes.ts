// Pass Numérique (issue 16): recording a pass against an accompaniment or a session, moving its
// status along APTIC's lifecycle (src/domain/pass-numerique.ts), the « Pass à valider » list.
import { toDay } from '../domain/dates';
import {
  canMove,
  isAccepted,
  passesToValidate,
  PASS_STATUSES,
  type Pass,
  type PassInput,
  type PassStatus,
} from '../domain/pass-numerique';
import type { SillonDB } from './db';
import { saveRecord } from './records';
import { WorkshopError } from './workshops';

const live = <T extends { deleted?: boolean }>(rows: T[]): T[] => rows.filter((r) => !r.deleted);

export const listPasses = async (db: SillonDB): Promise<Pass[]> =>
  live(await db.passes.toArray()).sort((a, b) => b.dateReception.localeCompare(a.dateReception));

/** The passes received for one accompaniment, in the order received. */
export const passesOfActivity = async (db: SillonDB, activityId: string): Promise<Pass[]> =>
  live(await db.passes.where('activityId').equals(activityId).toArray()).sort((a, b) =>
    a.dateReception.localeCompare(b.dateReception),
  );

export const listPassesToValidate = async (db: SillonDB, now = new Date()): Promise<Pass[]> =>
  passesToValidate(await listPasses(db), toDay(now));

/** Records a pass received; one no longer accepted on the day it is received is refused. */
export const recordPass = async (db: SillonDB, input: PassInput): Promise<Pass> => {
  if (!isAccepted(input.annee, input.dateReception))
    throw new WorkshopError(
      `Un Pass Numérique ${input.annee} n’est accepté que jusqu’au 31 janvier ${input.annee + 1}.`,
    );
  const clash = live(await db.passes.toArray()).find((p) => p.code.toLowerCase() === input.code.toLowerCase());
  if (clash) throw new WorkshopError(`Le pass ${input.code} est déjà enregistré.`);
  const fields = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  return saveRecord<Pass>(db, 'passes', undefined, { ...fields, status: 'a_valider' } as Partial<Pass>);
};

const label = (s: PassStatus) => PASS_STATUSES.find((x) => x.value === s)!.label.toLowerCase();

/** À valider → validé → payé, or refusé / expiré; anything else is refused with its reason. */
export const movePass = async (db: SillonDB, id: string, to: PassStatus, now = new Date()): Promise<Pass> => {
  const pass = await db.passes.get(id);
  if (!pass || pass.deleted) throw new WorkshopError('Ce pass n’existe plus.');
  if (!canMove(pass.status, to))
    throw new WorkshopError(`Un pass ${label(pass.status)} ne peut pas devenir ${label(to)}.`);
  if (to === 'valide' && !isAccepted(pass.annee, toDay(now)))
    throw new WorkshopError('Ce pass n’est plus accepté : il est expiré.');
  return saveRecord<Pass>(db, 'passes', id, { status: to, dateStatut: toDay(now) }, { now });
};
