// Activities (table `activities`): accompagnements individuels and ateliers collectifs. Writes go
// through saveRecord/deleteRecord (record + outbox in one transaction); the advisor's habits that
// make the next form quicker (last lieu, last durée) are remembered in `meta` in the same
// transaction, so a saved activity and its defaults never disagree.
import Dexie from 'dexie';

import type { Activity, ActivityInput } from '../domain/activity';
import type { Beneficiary, CommuneRef } from '../domain/beneficiary';
import type { EditBase } from '../domain/edit';
import { DUREES, type TypeActivite, type TypeLieu } from '../domain/enums';
import type { Lieu } from '../domain/lieu';
import type { SillonDB } from './db';
import { getMeta, setMeta } from './meta';
import { deleteRecord, saveAgainstBase, saveRecord } from './records';

/** The fields an activity form owns: absent from the input means cleared. */
const ACTIVITY_FIELDS = [
  'type',
  'date',
  'duree',
  'typeLieu',
  'lieuId',
  'lieuCommune',
  'thematiques',
  'precisionsDemarche',
  'materiel',
  'beneficiaryIds',
  'autonomie',
  'orienteVersStructure',
  'structureDeRedirection',
  'lieuOrientation',
  'titreAtelier',
  'niveau',
  'participantsAnonymes',
  'beneficiaireAnonyme',
  'notes',
] as const satisfies readonly (keyof ActivityInput & keyof Activity)[];

const changesOf = (input: ActivityInput, keepUndefined: boolean): Partial<Activity> => {
  const changes: Record<string, unknown> = {};
  for (const key of ACTIVITY_FIELDS) {
    const value = input[key];
    if (value !== undefined || keepUndefined) changes[key] = value;
  }
  return changes as Partial<Activity>;
};

/** The fields an activity form owns, from its validated input (absent means cleared). */
export const activityFields = (input: ActivityInput): Record<string, unknown> => changesOf(input, true);

/** Where the advisor last worked: the next form starts there. */
export interface LastLieu {
  typeLieu: TypeLieu;
  lieuId?: string;
  lieuCommune?: CommuneRef;
}

const LAST_LIEU = 'activity.lastLieu';
const LAST_DUREE = 'activity.lastDuree';

const rememberHabits = async (db: SillonDB, activity: ActivityInput): Promise<void> => {
  const lieu: LastLieu = { typeLieu: activity.typeLieu };
  if (activity.lieuId) lieu.lieuId = activity.lieuId;
  if (activity.lieuCommune) lieu.lieuCommune = activity.lieuCommune;
  await setMeta(db, LAST_LIEU, lieu);
  await setMeta(db, LAST_DUREE, activity.duree);
};

export const createActivity = (db: SillonDB, input: ActivityInput): Promise<Activity> =>
  db.transaction('rw', db.activities, db.outbox, db.meta, async () => {
    const saved = await saveRecord<Activity>(db, 'activities', undefined, changesOf(input, false));
    await rememberHabits(db, input);
    return saved;
  });

/**
 * Updates an activity. With the `base` the form was opened from, only the fields the advisor
 * changed travel, with the base's version (saveAgainstBase); without one, saveRecord compares with
 * the activity as it is now.
 */
export const updateActivity = (
  db: SillonDB,
  id: string,
  input: ActivityInput,
  base?: EditBase,
): Promise<Activity> =>
  db.transaction('rw', db.activities, db.outbox, db.meta, async () => {
    const saved = base
      ? await saveAgainstBase<Activity>(db, 'activities', id, base, activityFields(input))
      : await saveRecord<Activity>(db, 'activities', id, changesOf(input, true));
    await rememberHabits(db, input);
    return saved;
  });

/** A tombstone, so that a later sync carries the deletion. */
export const deleteActivity = (db: SillonDB, id: string): Promise<void> => deleteRecord(db, 'activities', id);

/** A live activity (undefined once deleted). */
export const getActivity = async (db: SillonDB, id: string): Promise<Activity | undefined> => {
  const activity = await db.activities.get(id);
  return activity && !activity.deleted ? activity : undefined;
};

export interface ActivityListOptions {
  type?: TypeActivite | undefined;
  /** How many to return (the list grows by pages). */
  limit: number;
  offset?: number;
}

const newestFirst = (db: SillonDB, type: TypeActivite | undefined) =>
  type
    ? db.activities.where('[type+date]').between([type, Dexie.minKey], [type, Dexie.maxKey]).reverse()
    : db.activities.orderBy('date').reverse();

/**
 * Most recent first (by day, then newest created first: ids are UUID v7 and an index walked
 * backwards returns equal days in descending id order). Deleted activities are left out.
 */
export const listActivities = (db: SillonDB, { type, limit, offset = 0 }: ActivityListOptions) =>
  newestFirst(db, type)
    .filter((a) => !a.deleted)
    .offset(offset)
    .limit(limit)
    .toArray();

/** The sessions a beneficiary took part in, most recent first. */
export const activitiesOfBeneficiary = async (db: SillonDB, beneficiaryId: string): Promise<Activity[]> => {
  const list = await db.activities.where('beneficiaryIds').equals(beneficiaryId).toArray();
  return list
    .filter((a) => !a.deleted)
    .sort((a, b) => (a.date === b.date ? b.id.localeCompare(a.id) : b.date.localeCompare(a.date)));
};

/** What a list or a detail shows next to an activity: its beneficiaries and its lieu. */
export interface ActivityRelations {
  beneficiaries: Map<string, Beneficiary>;
  lieux: Map<string, Lieu>;
}

export const activityRelations = async (db: SillonDB, activities: Activity[]): Promise<ActivityRelations> => {
  const beneficiaryIds = [...new Set(activities.flatMap((a) => a.beneficiaryIds))];
  const lieuIds = [...new Set(activities.flatMap((a) => (a.lieuId ? [a.lieuId] : [])))];
  const [beneficiaries, lieux] = await Promise.all([
    db.beneficiaries.bulkGet(beneficiaryIds),
    db.lieux.bulkGet(lieuIds),
  ]);
  return {
    beneficiaries: new Map(beneficiaries.flatMap((b) => (b ? [[b.id, b] as const] : []))),
    lieux: new Map(lieux.flatMap((l) => (l ? [[l.id, l] as const] : []))),
  };
};

/** The defaults of a new activity form: the advisor's last lieu and durée. */
export interface ActivityDefaults {
  lastLieu?: LastLieu | undefined;
  lastDuree?: number | undefined;
}

export const getActivityDefaults = async (db: SillonDB): Promise<ActivityDefaults> => {
  const [lastLieu, lastDuree] = await Promise.all([
    getMeta<LastLieu>(db, LAST_LIEU),
    getMeta<number>(db, LAST_DUREE),
  ]);
  // A lieu deleted since is no default.
  if (lastLieu?.lieuId) {
    const lieu = await db.lieux.get(lastLieu.lieuId);
    if (!lieu || lieu.deleted) return { lastLieu: undefined, lastDuree };
  }
  return { lastLieu, lastDuree };
};

/** How many recent activities the adaptive durée list looks at: the advisor's current habits. */
const HABIT_WINDOW = 1000;

/**
 * La Coop's adaptive durée options (getAdaptiveDureeOptions): the default choices plus the
 * advisor's 10 most used durations that were used more than 5 times, sorted by value.
 */
export const adaptiveDurees = async (db: SillonDB): Promise<number[]> => {
  const counts = new Map<number, number>();
  await db.activities
    .orderBy('date')
    .reverse()
    .filter((a) => !a.deleted)
    .limit(HABIT_WINDOW)
    .each((a) => {
      counts.set(a.duree, (counts.get(a.duree) ?? 0) + 1);
    });
  const frequent = [...counts]
    .filter(([, n]) => n > 5)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 10)
    .map(([minutes]) => minutes);
  const defaults = DUREES.map((d) => Number(d.value));
  return [...new Set([...defaults, ...frequent])].sort((a, b) => a - b);
};
