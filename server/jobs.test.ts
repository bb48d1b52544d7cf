// @vitest-environment node
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dailyBackupFile, dailyBackups, rotateBackups } from './db/backup';
import { claimJob, releaseJob, runJobIfDue } from './jobs';
import { readBackupConfig } from './maintenance';
import { SetupCodes } from './server-state';
import { DATABASE_KINDS, openTestStore, type TestStore } from './test-support';

describe.each(DATABASE_KINDS)('jobs under a database lock on %s', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(kind);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('lets one process at a time take a due job, and none before it is due again', async () => {
    const job = { name: 'test-job', everyMs: 60_000, leaseMs: 10_000 };
    const now = 1_000_000;
    const claims = await Promise.all(
      ['p1', 'p2', 'p3'].map((owner) => claimJob(t.store.db, job, owner, now)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const owner = ['p1', 'p2', 'p3'][claims.indexOf(true)]!;
    // Another process cannot release it, nor take it while the lease holds.
    await releaseJob(t.store.db, job.name, 'someone-else', now);
    expect(await claimJob(t.store.db, job, 'p4', now + 5_000)).toBe(false);
    await releaseJob(t.store.db, job.name, owner, now);
    expect(await claimJob(t.store.db, job, 'p4', now + 30_000)).toBe(false); // ran 30 s ago
    expect(await claimJob(t.store.db, job, 'p4', now + 61_000)).toBe(true);
    // A holder that died: its lease ends, another takes over.
    expect(await claimJob(t.store.db, job, 'p5', now + 65_000)).toBe(false);
    expect(await claimJob(t.store.db, job, 'p5', now + 72_000)).toBe(true);
  });

  it('runs the work once among processes, and retries it after a failure', async () => {
    let runs = 0;
    const job = { name: 'work', everyMs: 60_000, leaseMs: 10_000, work: async () => void runs++ };
    const clock = () => 5_000_000;
    const ran = await Promise.all(['a', 'b'].map((o) => runJobIfDue(t.store.db, job, o, clock)));
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    const failing = { ...job, name: 'failing', work: async () => Promise.reject(new Error('disque plein')) };
    await expect(runJobIfDue(t.store.db, failing, 'a', clock)).rejects.toThrow('disque plein');
    // Released without a run time: due again at once.
    expect(await claimJob(t.store.db, failing, 'b', clock())).toBe(true);
  });

  it('keeps the setup code hashed in the database, valid for every process until spent', async () => {
    const codes = new SetupCodes(t.store.db);
    const code = await codes.issue();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await new SetupCodes(t.store.db).issue()).toBeUndefined(); // a second process prints none
    const stored = await t.store.db.get<{ value: string }>(
      "SELECT value FROM server_state WHERE key = 'setup_code'",
    );
    expect(stored?.value).not.toContain(code!.slice(0, 4));
    expect(await codes.matches(code!.toLowerCase().replace(/-/g, ' '))).toBe(true);
    expect(await codes.matches('AAAA-BBBB-CCCC')).toBe(false);
    const replaced = await codes.issue(true);
    expect(await codes.matches(code!)).toBe(false);
    expect(await codes.matches(replaced!)).toBe(true);
  });
});

describe('backup rotation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sillon-rotation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the newest automatic backups and never touches other files', () => {
    for (let day = 1; day <= 5; day++)
      writeFileSync(dailyBackupFile(dir, 'sqlite', new Date(Date.UTC(2026, 11, day, 3, 0))), 'x');
    writeFileSync(join(dir, 'avant-restauration-2026-12-01T000000.sqlite'), 'x');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const removed = rotateBackups(dir, 3);
    expect(removed.map((f) => f.slice(dir.length + 1))).toEqual([
      'sillon-2026-12-02T0300.sqlite',
      'sillon-2026-12-01T0300.sqlite',
    ]);
    expect(dailyBackups(dir)).toHaveLength(3);
    expect(readdirSync(dir)).toContain('avant-restauration-2026-12-01T000000.sqlite');
    expect(readdirSync(dir)).toContain('notes.txt');
  });

  it('reads its settings, with clear errors', () => {
    expect(readBackupConfig({}, '/srv/data')).toEqual({
      enabled: true,
      dir: '/srv/data/backups',
      keep: 14,
      everyMs: 86_400_000,
    });
    expect(
      readBackupConfig(
        { SILLON_BACKUPS: 'off', SILLON_BACKUP_KEEP: '30', SILLON_BACKUP_DIR: '/mnt/nas' },
        '/d',
      ),
    ).toMatchObject({
      enabled: false,
      dir: '/mnt/nas',
      keep: 30,
    });
    expect(() => readBackupConfig({ SILLON_BACKUP_KEEP: 'zero' }, '/d')).toThrow(/SILLON_BACKUP_KEEP/);
  });
});
