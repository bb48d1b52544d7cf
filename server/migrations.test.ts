// @vitest-environment node
// The tables a restore replaces (server/db/backup.ts) are exactly those the migrations create.
import { describe, expect, it } from 'vitest';

import { migrationStatements, SILLON_TABLES } from './db/migrations';

describe('SILLON_TABLES', () => {
  it('names every table a migration creates, and nothing else', () => {
    const created = new Set(
      migrationStatements().flatMap((sql) =>
        [...sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)].map((m) => m[1]!),
      ),
    );
    expect(created.size).toBeGreaterThan(10);
    expect([...SILLON_TABLES].sort()).toEqual([...created, 'schema_migrations'].sort());
  });
});
