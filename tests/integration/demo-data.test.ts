// `npm run demo-data -- --direct` against a real (temporary) SQLite database of the server.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { openSqlite } from '../../server/db/sqlite';

const root = resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'sillon-demo-'));

const demoData = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo-data.ts', ...args], {
    cwd: root,
    env: { ...process.env, SILLON_DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  });

describe('demo-data', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a demonstration structure and its account, then adds to it on a second run', async () => {
    const sizes = ['--beneficiaries', '40', '--activities', '300', '--items', '5'];
    const first = demoData(
      '--direct',
      '--email',
      'demo@exemple.fr',
      '--password',
      'un-mot-de-passe',
      ...sizes,
    );
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Compte créé : demo@exemple.fr');
    const second = demoData('--direct', '--email', 'demo@exemple.fr', '--seed', '2', ...sizes);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).not.toContain('Compte créé');

    const db = openSqlite(join(dataDir, 'sillon.db'));
    try {
      const counts = await db.all<{ tbl: string; n: number }>(
        'SELECT tbl, COUNT(*) AS n FROM records GROUP BY tbl ORDER BY tbl',
      );
      expect(Object.fromEntries(counts.map((c) => [c.tbl, Number(c.n)]))).toEqual({
        activities: 600,
        beneficiaries: 80,
        items: 10,
        lieux: 12,
      });
      const structures = await db.all<{ last_version: number }>('SELECT last_version FROM structures');
      // One structure, one server version per record written.
      expect(structures.map((s) => Number(s.last_version))).toEqual([702]);
      const activity = await db.get<{ data: string }>("SELECT data FROM records WHERE tbl = 'activities'");
      expect(JSON.parse(activity!.data)).toMatchObject({
        type: expect.stringMatching(/individuel|collectif/),
      });
    } finally {
      await db.close();
    }
  });

  it('explains itself when run without a target', () => {
    const run = demoData();
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('npm run demo-data -- --direct');
  });
});
