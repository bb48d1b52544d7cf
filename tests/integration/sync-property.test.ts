// @vitest-environment node
// Property (issue 10, item 5), through the app's own commands — the ones the forms and screens call
// (the beneficiary, item and loan return forms' model, src/ui/use-form.ts openForm with their page's
// spec, its drafts and their resumption; src/data: saveBeneficiary, createItem/updateItem, createLoan,
// returnItems,
// createActivity/updateActivity, createLieu/updateLieu, the edits' drafts, resolveConflict, the
// delete commands, the sync engine) — never saveRecord: random interleavings on
// five tables of opening a form, pulling, typing, saving against the form's base, keeping a draft
// and resuming it (choosing « mine » or « theirs » for what a colleague changed), a second tab on the
// same database, local writes while a sync runs, conflict resolution, tombstone purge and resync,
// with the network dropping requests before or after the server commits, duplicating them, a captive
// portal, a proxy refusing their size, a server restart, and device clocks hours off.
// Once the network is back: every saved edit is on the server or in a conflict that every device
// shows (or a later save replaced it knowingly, or its record was deleted); all devices and the
// server hold the same records and conflicts; no record exists twice; each mutation was applied once.
// The seed is printed at every run (fast-check's report adds the failing path); shrinking is on,
// within the run's time bound.
import 'fake-indexeddb/auto';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createActivity, deleteActivity, updateActivity } from '../../src/data/activities';
import { beneficiaryFields, deleteBeneficiary, saveBeneficiary } from '../../src/data/beneficiaries';
import { SillonDB, type DraftKind } from '../../src/data/db';
import { deleteDraft, formStore } from '../../src/data/drafts';
import { editFormOf, openEdit, resumeEditDraft, saveEditDraft } from '../../src/data/edits';
import { createLieu, deleteLieu, updateLieu } from '../../src/data/lieux';
import {
  LoanError,
  createItem,
  createLoan,
  deleteItem,
  itemFields,
  listLendableItems,
  updateItem,
} from '../../src/data/loans';
import { getDeviceId } from '../../src/data/meta';
import { openConflicts, resolveConflict } from '../../src/data/sync/conflicts';
import { syncOnce } from '../../src/data/sync/engine';
import { activityInputSchema } from '../../src/domain/activity';
import { beneficiaryInputSchema } from '../../src/domain/beneficiary';
import {
  awaitingChoice,
  chooseInEdit,
  diff,
  sameValue,
  type EditState,
  type Values,
} from '../../src/domain/edit';
import { lieuInputSchema } from '../../src/domain/lieu';
import { itemInputSchema, loanInputSchema, type Item, type ItemInput } from '../../src/domain/loans';
import {
  beneficiaryReviewFields,
  emptyForm,
  formFromBeneficiary,
  formFromDraft,
  toInput,
  type BeneficiaryFormState,
} from '../../src/features/beneficiaries/form-state';
import {
  checkItemForm,
  emptyItemForm,
  itemFormOf,
  itemReviewFields,
  type ItemFormState,
} from '../../src/features/loans/item-form-state';
import { returnFormSpec, returnRows, type ReturnFormState } from '../../src/features/loans/return-form-state';
import { openForm, type FormSnapshot, type FormSpec } from '../../src/ui/use-form';
import type { Beneficiary } from '../../src/domain/beneficiary';
import { SYNC_TABLES, type RecordMeta } from '../../src/domain/records';
import { createPasswordHasher } from '../../server/crypto';
import {
  DATABASE_KINDS,
  openTestStore,
  seedStructure,
  startTestServer,
  type TestServer,
  type TestStore,
} from '../../server/test-support';
import { Device, FaultyNetwork, observer, serverSnapshot, type Fault } from './devices';

/** Runs per database per CI run (the issue asks for at least 200). */
const RUNS = Number(process.env.SILLON_PROPERTY_RUNS ?? 200);
/**
 * The bound of the whole property, shrinking included, below the test's timeout: runs not finished by
 * then fail the test (fewer than RUNS runs is no pass), and a failure found is reported shrunk as far
 * as the time allowed.
 */
const TIME_LIMIT_MS = 400_000;
/** Printed at every run; SILLON_PROPERTY_SEED=<seed> replays one (fast-check also prints the failing path). */
const SEED = process.env.SILLON_PROPERTY_SEED
  ? Number(process.env.SILLON_PROPERTY_SEED)
  : Math.floor(Math.random() * 2 ** 31);

const TABLES = ['beneficiaries', 'items', 'loans', 'activities', 'lieux'] as const;
type Table = (typeof TABLES)[number];
/** Tables whose form the test drives through the one form model (their page's spec). */
const MODEL_TABLES = ['beneficiaries', 'items', 'loans'] as const;
type ModelTable = (typeof MODEL_TABLES)[number];
const isModel = (name: Table): name is ModelTable => (MODEL_TABLES as readonly string[]).includes(name);
/** Fields each form edits, with values its schema accepts. */
const FIELDS: Record<Table, readonly string[]> = {
  beneficiaries: ['nom', 'prenom', 'telephone', 'notes'],
  items: ['marque', 'modele', 'notes'],
  /** The return form: the note of one item's row, that item alone coming back. */
  loans: ['note'],
  activities: ['notes'],
  lieux: ['nom', 'adresse'],
};
const valueFor = (table: Table, field: string, n: number): string =>
  field === 'telephone' ? `+336${String(n).padStart(8, '0')}` : `${table[0]}-${field}-${n}`;

const FAULTS = ['none', 'none', 'drop-before', 'drop-after', 'duplicate', 'portal', 'too-large'] as const;
const PATHS = ['/sync/push', '/sync/pull', '/health'] as const;

/** Tab 0 and tab 1: two tabs of Léa's tablet (one database); tab 2: Marc's tablet. */
const tab = fc.integer({ min: 0, max: 2 });
const table = fc.constantFrom(...TABLES);
/** Mostly the first field, so that two people often change the same one. */
const field = fc.oneof(fc.constant(0), fc.nat(3));

type Action =
  | { kind: 'create'; tab: number; table: Table }
  | { kind: 'open'; tab: number; table: Table; pick: number }
  | { kind: 'type'; tab: number; field: number }
  | { kind: 'save'; tab: number }
  | { kind: 'keepDraft'; tab: number }
  | { kind: 'resume'; tab: number; mine: boolean }
  | { kind: 'delete'; tab: number; table: Table; pick: number }
  | { kind: 'resolve'; tab: number; pick: number; lost: boolean }
  | { kind: 'sync'; tab: number; fault: (typeof FAULTS)[number]; path: (typeof PATHS)[number]; batch: number }
  | { kind: 'writeDuringSync'; tab: number; writer: number; table: Table }
  | { kind: 'meanwhile'; tab: number; other: number; field: number }
  | { kind: 'purge' }
  | { kind: 'restart' }
  | { kind: 'skew'; tab: number; hours: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), tab, table }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('open' as const), tab, table, pick: fc.nat(20) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('type' as const), tab, field }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('save' as const), tab }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('keepDraft' as const), tab }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resume' as const), tab, mine: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), tab, table, pick: fc.nat(20) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('resolve' as const), tab, pick: fc.nat(5), lost: fc.boolean() }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      tab,
      fault: fc.constantFrom(...FAULTS),
      path: fc.constantFrom(...PATHS),
      batch: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('writeDuringSync' as const), tab, writer: tab, table }),
  },
  {
    // The case: while this tab's form is open, someone else saves the same record and syncs,
    // and this tab pulls in the background (the form stays open, on its base).
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('meanwhile' as const), tab, other: tab, field }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('purge' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('skew' as const),
      tab,
      hours: fc.integer({ min: -12, max: 12 }),
    }),
  },
);

interface Write {
  key: string;
  field: string;
  value: unknown;
  /** What the form showed for that field when it was saved over (its base). */
  prev: unknown;
}

/** One tab: a connection to a tablet's database, its network, its clock, and the form it shows. */
interface Tab {
  db: SillonDB;
  network: FaultyNetwork;
  clockOffsetMs: number;
  userId: string;
  /** Beneficiaries and items: the form model's edit (its base carries the command's fields); else the edits' one. */
  form?: { table: Table; id: string; edit: EditState<Values> & { base: Partial<FormSnapshot<Values>> } };
}

const DRAFT_TABLES: Record<string, Table> = {
  beneficiary: 'beneficiaries',
  item: 'items',
  return: 'loans',
  activity: 'activities',
  lieu: 'lieux',
};

const LABELS = Object.fromEntries(
  [
    'kind',
    'prenom',
    'nom',
    'telephone',
    'pasDeTelephone',
    'email',
    'adresse',
    'commune',
    'anneeNaissance',
    'genre',
    'statutSocial',
    'notes',
    'anonymous',
    'identified',
  ].map((k) => [k, k]),
) as Parameters<typeof beneficiaryReviewFields>[0];

/**
 * The beneficiary form's model (src/ui/use-form.ts) as its page sets it up: the form's state read
 * from the record, its review fields, its check and its save command against the base.
 */
const beneficiarySpec = (db: SillonDB, id: string, now: Date) => {
  const spec: FormSpec<
    BeneficiaryFormState,
    ReturnType<typeof beneficiaryInputSchema>['_output'],
    Beneficiary
  > = {
    store: formStore(db),
    draft: {
      id: `beneficiary:${id}`,
      kind: 'beneficiary',
      path: `/beneficiaires/${id}/modifier`,
      title: () => '',
    },
    record: { table: 'beneficiaries', id },
    blank: emptyForm,
    fromRecord: formFromBeneficiary,
    fromDraft: formFromDraft,
    check: (state) => {
      const parsed = beneficiaryInputSchema().safeParse(toInput(state));
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, errors: { form: parsed.error.message } };
    },
    fieldsOf: beneficiaryFields,
    fields: beneficiaryReviewFields(LABELS),
    save: (value, base) => saveBeneficiary(db, id, value, now, base),
  };
  return spec;
};

/** The item form's model as its page (item-form-page.tsx) sets it up. */
const itemSpec = (db: SillonDB, id: string, now: Date): FormSpec<ItemFormState, ItemInput, Item> => ({
  store: formStore(db),
  draft: { id: `item:${id}`, kind: 'item', path: `/materiel/${id}/modifier`, title: () => '' },
  record: { table: 'items', id },
  blank: emptyItemForm,
  fromRecord: itemFormOf,
  check: checkItemForm,
  fieldsOf: itemFields,
  fields: itemReviewFields(() => undefined),
  save: (value, base) => updateItem(db, id, value, now, base),
});

/** A model table's form spec (its page's), seen through the values its state and command hold. */
const specOf = async (name: ModelTable, db: SillonDB, id: string, now: Date) => {
  if (name === 'loans') {
    const loan = await db.loans.get(id);
    return loan
      ? (returnFormSpec(db, loan, [], now) as unknown as FormSpec<Values, unknown, RecordMeta>)
      : undefined;
  }
  return (name === 'beneficiaries'
    ? beneficiarySpec(db, id, now)
    : itemSpec(db, id, now)) as unknown as FormSpec<Values, unknown, RecordMeta>;
};

/** The draft of a record's form: the model's for its tables, else the edits'. */
const draftOf = async (name: Table, db: SillonDB, id: string) => {
  if (!isModel(name)) {
    const form = editFormOf(name, id)!;
    return { id: form.draftId, kind: form.kind, path: form.path };
  }
  const spec = await specOf(name, db, id, new Date());
  return spec ? { id: spec.draft.id, kind: spec.draft.kind, path: spec.draft.path } : undefined;
};

/** What the advisor types in a form: a field's value; in the return form, one row's note, that item alone back. */
const typeInto = (name: Table, state: Values, fieldIndex: number, value: string): Values => {
  if (name !== 'loans') {
    const fields = FIELDS[name];
    return { ...state, [fields[fieldIndex % fields.length]!]: value };
  }
  const rows = returnRows(state as unknown as ReturnFormState);
  if (rows.length === 0) return state;
  const chosen = fieldIndex % rows.length;
  const next: Values = { ...state };
  rows.forEach(([itemId, row], i) => {
    next[`item:${itemId}`] = i === chosen ? { ...row, back: true, note: value } : { ...row, back: false };
  });
  return next;
};

/** The tab's sync, as the app runs it: one at a time per database (the app's sync lock). */
const locks = new Map<string, Promise<unknown>>();
const withLock = <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  const run = (locks.get(name) ?? Promise.resolve()).then(fn, fn);
  locks.set(
    name,
    run.catch(() => undefined),
  );
  return run;
};

/** Records as the server sends them: device-only fields left out. */
const snapshot = async (db: SillonDB): Promise<Map<string, Record<string, unknown>>> => {
  const out = new Map<string, Record<string, unknown>>();
  for (const name of SYNC_TABLES) {
    for (const record of await db.table(name).toArray()) {
      const { serverVersion: _v, participations: _p, ...rest } = record as Record<string, unknown>;
      out.set(`${name}:${String(rest.id)}`, rest);
    }
  }
  return out;
};

/** What a form of this table saves: the command its page calls, against the form's base. */
const saveForm = async (t: Tab, form: NonNullable<Tab['form']>, now: Date) => {
  const base = { version: form.edit.base.version, values: form.edit.base.state };
  const state = form.edit.state;
  if (isModel(form.table)) {
    // As the model's submit does: check, then the page's command against the model's base.
    const spec = await specOf(form.table, t.db, form.id, now);
    if (!spec) return undefined;
    const checked = spec.check(state);
    // A return with nothing left to bring back: the form says so, nothing is saved.
    if (!checked.ok && form.table === 'loans') return undefined;
    if (!checked.ok) throw new Error(`form refused: ${JSON.stringify(checked.errors)}`);
    return spec.save(checked.value, { version: form.edit.base.version, values: form.edit.base.values! });
  }
  if (form.table === 'activities')
    return updateActivity(t.db, form.id, activityInputSchema.parse(state), base);
  return updateLieu(t.db, form.id, lieuInputSchema.parse(state), base);
};

describe.each(DATABASE_KINDS)('random interleavings of the app’s commands with faults on %s', (kind) => {
  let t: TestStore;
  let server: TestServer;
  let port: number;
  let serverShiftMs = 0;
  const hasher = createPasswordHasher({ N: 2 ** 4, r: 1, p: 1 });

  beforeAll(async () => {
    t = await openTestStore(kind, {
      now: () => new Date(Date.now() + serverShiftMs),
      tombstoneDays: 30,
      conflictDays: 30,
    });
    server = await startTestServer(t.store);
    port = Number(new URL(server.baseUrl).port);
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  it(`converges with nothing lost and nothing duplicated (${RUNS} runs)`, async () => {
    let run = 0;
    console.info(`sync property on ${kind}: seed ${SEED} (SILLON_PROPERTY_SEED=${SEED} replays it)`);
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 16 }), async (actions) => {
        run++;
        const s = await seedStructure(t.store, `S${run}`, [`a${run}@ex.fr`, `b${run}@ex.fr`], {}, hasher);
        const userA = s.users[`a${run}@ex.fr`]!.userId;
        const userB = s.users[`b${run}@ex.fr`]!.userId;
        const lea = new Device(`p${run}a`, server.baseUrl);
        const marc = new Device(`p${run}b`, server.baseUrl);
        await lea.attach(t.store, userA, s.structureId);
        await marc.attach(t.store, userB, s.structureId);
        const secondTab = new SillonDB(lea.db.name);
        const tabs: Tab[] = [
          { db: lea.db, network: lea.network, clockOffsetMs: 0, userId: userA },
          { db: secondTab, network: new FaultyNetwork(), clockOffsetMs: 0, userId: userA },
          { db: marc.db, network: marc.network, clockOffsetMs: 0, userId: userB },
        ];
        const databases = [lea.db, marc.db];
        const created = new Map<string, string>(); // key → author
        const deleted = new Set<string>();
        const writes: Write[] = [];
        const everConflicts = new Map<
          string,
          { recordId: string; field: string; keptValue: unknown; lostValue: unknown }
        >();
        const maxSeq = new Map<string, number>();
        let counter = 0;
        const pending: Promise<unknown>[] = [];

        const now = (x: Tab) => new Date(Date.now() + x.clockOffsetMs);
        /** Opens the record's form: the form model (with its draft, if any) for its tables, else an edit. */
        const openOn = async (x: Tab, name: Table, id: string): Promise<Tab['form']> => {
          if (!isModel(name)) {
            const edit = await openEdit(x.db, name, id);
            return edit && !edit.state.deleted ? { table: name, id, edit } : undefined;
          }
          const spec = await specOf(name, x.db, id, now(x));
          const loaded = spec ? await openForm(spec) : 'missing';
          if (loaded === 'missing') return undefined;
          return { table: name, id, edit: loaded.edit as unknown as NonNullable<Tab['form']>['edit'] };
        };
        const track = async (x: Tab) => {
          const last = (await x.db.outbox.orderBy('seq').last())?.seq ?? 0;
          maxSeq.set(x.db.name, Math.max(maxSeq.get(x.db.name) ?? 0, last));
          // The lines of an item's history its commands write (creation, loan, return).
          for (const event of await x.db.itemEvents.toArray())
            if (!created.has(`itemEvents:${event.id}`)) created.set(`itemEvents:${event.id}`, x.userId);
        };
        const sync = (x: Tab, options: { maxPushBatch?: number; pullLimit?: number } = {}) =>
          withLock(x.db.name, () =>
            syncOnce({ db: x.db, baseUrl: server.baseUrl, fetch: x.network.fetch, ...options }),
          );
        /** Records of a table the tab may open (activities: the author's own, src/domain/permissions.ts). */
        const alive = async (x: Tab, name: Table, own: boolean) =>
          ((await x.db.table(name).toArray()) as Record<string, unknown>[]).filter(
            (r) => !r.deleted && (!own || r.createdBy === x.userId),
          );
        const create = async (x: Tab, name: Exclude<Table, 'loans'>) => {
          const n = ++counter;
          const record =
            name === 'beneficiaries'
              ? await saveBeneficiary(
                  x.db,
                  undefined,
                  beneficiaryInputSchema().parse({ prenom: `p${n}`, nom: `n${n}` }),
                  now(x),
                )
              : name === 'items'
                ? await createItem(
                    x.db,
                    itemInputSchema.parse({ type: 'tablette', inventoryNumber: `INV-${n}` }),
                    now(x),
                  )
                : name === 'activities'
                  ? await createActivity(
                      x.db,
                      activityInputSchema.parse({
                        type: 'individuel',
                        date: '2026-03-02',
                        duree: 60,
                        typeLieu: 'a_distance',
                        thematiques: ['email'],
                        notes: `an${n}`,
                      }),
                    )
                  : await createLieu(x.db, { nom: `ln${n}` });
          created.set(`${name}:${record.id}`, x.userId);
          await track(x);
          return record;
        };
        /** Lends two items to someone, creating what the tablet lacks (the loan form's command). */
        const lend = async (x: Tab) => {
          const items = (await listLendableItems(x.db)).slice(0, 2);
          while (items.length < 2) items.push((await create(x, 'items')) as Item);
          const [borrower] = await alive(x, 'beneficiaries', false);
          const beneficiaryId = String(borrower?.id ?? (await create(x, 'beneficiaries')).id);
          try {
            const loan = await createLoan(
              x.db,
              loanInputSchema.parse({
                itemIds: items.map((i) => i.id),
                beneficiaryId,
                startDate: '2026-03-02',
                plannedReturnDate: '2026-03-30',
              }),
              now(x),
            );
            created.set(`loans:${loan.id}`, x.userId);
          } catch (error) {
            // An item lent meanwhile by the other tab: the form says so, nothing is written.
            if (!(error instanceof LoanError)) throw error;
          }
          await track(x);
        };
        const save = async (x: Tab) => {
          const form = x.form;
          if (!form) return;
          x.form = undefined;
          const record = await x.db.table(form.table).get(form.id);
          if (!record) return; // Gone from the tablet (purged): the form says so, nothing to save.
          let changed: Values = {};
          const spec = isModel(form.table) ? await specOf(form.table, x.db, form.id, now(x)) : undefined;
          if (spec?.fieldsOf) {
            const checked = spec.check(form.edit.state);
            changed = checked.ok ? diff(form.edit.base.values!, spec.fieldsOf(checked.value)) : {};
          } else if (!isModel(form.table)) changed = diff(form.edit.base.state, form.edit.state);
          const before = isModel(form.table) ? form.edit.base.values! : form.edit.base.state;
          const seqBefore = (await x.db.outbox.orderBy('seq').last())?.seq ?? 0;
          try {
            await saveForm(x, form, now(x));
          } catch (error) {
            // A return refused (that item came back meanwhile): the form says so, nothing is written.
            if (!(error instanceof LoanError)) throw error;
            await track(x);
            return;
          }
          if (form.table === 'loans')
            // What the return sent: the loan's fields its command computed, as they travel.
            for (const entry of await x.db.outbox.where('seq').above(seqBefore).toArray())
              if (entry.table === 'loans' && entry.recordId === form.id)
                changed = { ...changed, ...entry.patch };
          const draft = await draftOf(form.table, x.db, form.id);
          if (draft) await deleteDraft(x.db, draft.id);
          for (const [field, value] of Object.entries(changed))
            writes.push({ key: `${form.table}:${form.id}`, field, value, prev: before[field] });
          await track(x);
        };
        const settle = async (x: Tab) => {
          // Like the scheduler: a transient failure (the restarted server's socket) is retried.
          for (let attempt = 1; ; attempt++) {
            try {
              return await sync(x);
            } catch (error) {
              if (attempt >= 5 || !(error as { transient?: boolean }).transient) throw error;
              await new Promise((r) => setTimeout(r, 100 * attempt));
            }
          }
        };
        const watcher = await observer(t.store, userA, s.structureId);
        const remember = async () => {
          for (const [id, c] of (await serverSnapshot(t.store, watcher)).conflicts)
            everConflicts.set(id, c as never);
        };

        try {
          for (const a of actions) {
            const x = 'tab' in a ? tabs[a.tab]! : tabs[0]!;
            switch (a.kind) {
              case 'create':
                if (a.table === 'loans') await lend(x);
                else await create(x, a.table);
                break;
              case 'open': {
                const list = await alive(x, a.table, a.table === 'activities');
                if (list.length === 0) break;
                const id = String(list[a.pick % list.length]!.id);
                x.form = await openOn(x, a.table, id);
                break;
              }
              case 'type': {
                if (!x.form) break;
                const fields = FIELDS[x.form.table];
                const value = valueFor(x.form.table, fields[a.field % fields.length]!, ++counter);
                x.form = {
                  ...x.form,
                  edit: { ...x.form.edit, state: typeInto(x.form.table, x.form.edit.state, a.field, value) },
                };
                break;
              }
              case 'save':
                await save(x);
                break;
              case 'keepDraft': {
                // The advisor leaves the form: it stays as a draft, with its base.
                if (!x.form) break;
                const form = await draftOf(x.form.table, x.db, x.form.id);
                const { edit } = x.form;
                if (!form) x.form = undefined;
                else if (isModel(x.form.table))
                  // As the model autosaves: what was typed, and the record it was opened from.
                  await formStore(x.db).saveDraft({
                    id: form.id,
                    kind: form.kind,
                    path: form.path,
                    title: '',
                    data: edit.state,
                    base: { version: edit.base.version, record: edit.base.record! },
                  });
                else
                  await saveEditDraft(x.db, form.id, edit, { kind: form.kind as DraftKind, path: form.path });
                x.form = undefined;
                break;
              }
              case 'resume': {
                // Days later, maybe on the other tab: the draft says what changed meanwhile; she chooses.
                const draft = (await x.db.drafts.toArray())[0];
                if (!draft) break;
                const name = DRAFT_TABLES[draft.kind]!;
                const id = draft.id.slice(draft.id.indexOf(':') + 1);
                // A form of the model resumes its draft as its page does (openForm reads the draft,
                // its base, and reviews what changed since); the others through the edits' draft.
                const spec = isModel(name) ? await specOf(name, x.db, id, now(x)) : undefined;
                const loaded = isModel(name)
                  ? spec
                    ? await openForm(spec)
                    : undefined
                  : await resumeEditDraft(x.db, draft.id, name, id);
                if (!loaded || loaded === 'missing') {
                  await deleteDraft(x.db, draft.id);
                  break;
                }
                let edit = ('edit' in loaded ? loaded.edit : loaded) as NonNullable<Tab['form']>['edit'];
                for (const item of awaitingChoice(edit))
                  edit = chooseInEdit(edit, item.field, a.mine ? 'mine' : 'theirs');
                x.form = { table: name, id, edit };
                await save(x);
                break;
              }
              case 'delete': {
                // Offered to the author only (src/domain/permissions.ts), like the screens do.
                const list = (await alive(x, a.table, false)).filter(
                  (r) => created.get(`${a.table}:${String(r.id)}`) === x.userId,
                );
                if (list.length === 0) break;
                const id = String(list[a.pick % list.length]!.id);
                if (a.table === 'loans') break; // a loan is never deleted, it is returned
                if (a.table === 'beneficiaries') await deleteBeneficiary(x.db, id);
                else if (a.table === 'items') {
                  try {
                    await deleteItem(x.db, id);
                  } catch (error) {
                    // An item with loans is refused (« passez-le plutôt en réformé »): nothing written.
                    if (!(error instanceof LoanError)) throw error;
                    break;
                  }
                } else if (a.table === 'activities') await deleteActivity(x.db, id);
                else await deleteLieu(x.db, id);
                deleted.add(`${a.table}:${id}`);
                await track(x);
                break;
              }
              case 'resolve': {
                const open = await openConflicts(x.db);
                if (open.length === 0) break;
                const conflict = open[a.pick % open.length]!;
                await resolveConflict(x.db, conflict.id, a.lost ? 'lost' : 'kept');
                if (a.lost && conflict.field !== 'deleted')
                  writes.push({
                    key: `${conflict.table}:${conflict.recordId}`,
                    field: conflict.field,
                    value: conflict.lostValue,
                    prev: conflict.keptValue,
                  });
                await track(x);
                break;
              }
              case 'sync':
                if (a.fault !== 'none') x.network.inject(a.path, a.fault as Fault);
                try {
                  await sync(x, { maxPushBatch: a.batch, pullLimit: a.batch + 1 });
                } catch {
                  // A fault: the next sync retries.
                }
                x.network.clear();
                break;
              case 'writeDuringSync': {
                // A sync starts; while it runs, the same tablet (this tab or the other) writes.
                const running = sync(x).catch(() => undefined);
                const writer = tabs[a.writer]!;
                if (writer.form) await save(writer);
                else if (a.table === 'loans') await lend(writer);
                else await create(writer, a.table);
                pending.push(running);
                await running;
                break;
              }
              case 'meanwhile': {
                const form = x.form;
                const y = tabs[a.other]!;
                if (!form || y === x) break;
                if (form.table === 'activities' && y.userId !== x.userId) break; // the author's only
                await sync(y).catch(() => undefined);
                const opened = await openOn(y, form.table, form.id);
                if (!opened) break;
                const fields = FIELDS[form.table];
                const value = valueFor(form.table, fields[a.field % fields.length]!, ++counter);
                y.form = {
                  ...opened,
                  edit: { ...opened.edit, state: typeInto(form.table, opened.edit.state, a.field, value) },
                };
                await save(y);
                await sync(y).catch(() => undefined);
                await sync(x).catch(() => undefined);
                break;
              }
              case 'purge':
                // Forty days later the server forgets resolved conflicts and old tombstones.
                await remember();
                serverShiftMs += 40 * 86_400_000;
                await t.store.purgeResolvedConflicts();
                await t.store.purgeTombstones();
                break;
              case 'restart':
                await server.close();
                await t.reopen();
                server = await startTestServer(t.store, port);
                break;
              case 'skew':
                x.clockOffsetMs = a.hours * 3_600_000;
                break;
            }
          }
          await Promise.all(pending);

          // The network comes back for good: each tablet syncs until nothing is left to send.
          // Léa sends, Marc sends and receives, Léa receives (and Marc again if Léa still had something).
          await settle(tabs[0]!);
          await settle(tabs[2]!);
          if ((await settle(tabs[0]!)).pushed > 0) await settle(tabs[2]!);
          await remember();
          const truth = await serverSnapshot(t.store, watcher);

          // All devices converge, and show the same conflicts (open and resolved).
          for (const db of databases) {
            expect(await db.outbox.count(), `${db.name}: outbox`).toBe(0);
            expect(await snapshot(db)).toEqual(truth.records);
            expect((await db.conflicts.toArray()).map((c) => c.id).sort()).toEqual(
              [...truth.conflicts.keys()].sort(),
            );
          }
          // Exactly once: the server applied every mutation each tablet issued, and no other.
          const serverDevices = await t.store.listDevices(s.structureId);
          for (const db of databases) {
            const deviceId = await getDeviceId(db);
            expect(serverDevices.find((d) => d.id === deviceId)?.last_seq ?? 0).toBe(
              maxSeq.get(db.name) ?? 0,
            );
          }
          // Nothing duplicated: each record created is there once, or was deleted (and maybe purged).
          const keys = [...truth.records.keys()];
          expect(new Set(keys.map((k) => k.split(':')[1])).size).toBe(keys.length);
          for (const key of keys) expect(created.has(key), `${key} was never created`).toBe(true);
          for (const key of created.keys()) {
            if (!truth.records.has(key)) expect(deleted.has(key), `${key} vanished`).toBe(true);
          }
          // Every saved edit: on the server, or in a conflict every device shows, or knowingly replaced.
          const conflicts = [...everConflicts.values()];
          for (const w of writes) {
            const record = truth.records.get(w.key);
            const [, recordId] = w.key.split(':');
            const accounted =
              record === undefined ||
              record.deleted === true ||
              JSON.stringify(record[w.field] ?? null) === JSON.stringify(w.value ?? null) ||
              conflicts.some(
                (c) =>
                  c.recordId === recordId &&
                  c.field === w.field &&
                  (sameValue(c.lostValue, w.value) || sameValue(c.keptValue, w.value)),
              ) ||
              writes.some(
                (o) => o !== w && o.key === w.key && o.field === w.field && sameValue(o.prev, w.value),
              );
            expect(accounted, `saved edit ${JSON.stringify(w)} vanished`).toBe(true);
          }
        } finally {
          secondTab.close();
          await Promise.all([lea.close(), marc.close()]);
        }
      }),
      {
        numRuns: RUNS,
        seed: SEED,
        verbose: 1,
        plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS, { failOnInterrupt: true })],
        // The issue's own case comes first, every run: a form open while a colleague changes the record.
        examples: [
          [
            [
              { kind: 'create', tab: 0, table: 'beneficiaries' },
              { kind: 'sync', tab: 0, fault: 'none', path: '/health', batch: 4 },
              { kind: 'open', tab: 0, table: 'beneficiaries', pick: 0 },
              { kind: 'type', tab: 0, field: 0 },
              { kind: 'meanwhile', tab: 0, other: 2, field: 0 },
              { kind: 'type', tab: 0, field: 3 },
              { kind: 'save', tab: 0 },
            ],
          ],
        ],
      },
    );
  }, 420_000);
});
