import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { parseUnsyncedFile, summariseUnsyncedFile } from '../../domain/unsynced-export';
import { saveBeneficiary } from '../beneficiaries';
import { SillonDB } from '../db';
import { setIdentity } from '../meta';
import { beneficiaryInputSchema } from '../../domain/beneficiary';
import { exportUnsynced } from './export';

describe('the unsynced-changes file a tablet exports', () => {
  let db: SillonDB;
  beforeEach(() => {
    db = new SillonDB(`export-${Math.random()}`);
    setIdentity({});
  });
  afterEach(async () => {
    await db.delete();
  });

  it('counts the open conflicts without carrying the values in conflict', async () => {
    const anne = await saveBeneficiary(db, undefined, beneficiaryInputSchema().parse({ prenom: 'Anne', nom: 'Martin' }));
    await db.conflicts.put({
      id: 'c1',
      table: 'beneficiaries',
      recordId: anne.id,
      field: 'telephone',
      keptValue: '+33611223344',
      lostValue: '+33755443322',
      detectedAt: '2026-12-01T10:00:00.000Z',
    });
    const text = JSON.stringify(await exportUnsynced(db));
    expect(text).not.toContain('33611223344');
    expect(text).not.toContain('33755443322');
    const parsed = parseUnsyncedFile(text);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(summariseUnsyncedFile(parsed.file).conflicts).toBe(1);
    expect(parsed.file.conflicts[0]).toMatchObject({ recordId: anne.id, field: 'telephone' });
  });
});
