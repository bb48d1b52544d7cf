import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it, vi } from 'vitest';

import { createCommuneSearch, departementsForCode, type CommuneLoader } from '../../src/data/communes';

const dir = join(__dirname, '../../public/communes');
/** Reads the real files that the build writes and the service worker serves. */
const diskLoader = (): CommuneLoader & ReturnType<typeof vi.fn> =>
  vi.fn(async (file: string) => JSON.parse(await readFile(join(dir, file), 'utf8')) as unknown);

describe('commune search', () => {
  it('finds a commune by name, accent- and case-insensitively, best match first', async () => {
    const communes = createCommuneSearch({ load: diskLoader(), departements: ['46', '47'] });
    const [first] = await communes.search('CAHORS');
    expect(first).toEqual({ codeInsee: '46042', nom: 'Cahors', codePostal: '46000' });
    const bagnac = await communes.search('bagnac sur cele');
    expect(bagnac[0]?.nom).toBe('Bagnac-sur-Célé');
    // Word prefixes in any order, « St » for Saint.
    const cirq = await communes.search('lapopie st');
    expect(cirq.map((c) => c.nom)).toContain('Saint-Cirq-Lapopie');
  });

  it('ranks exact names, then names starting with the query, then word matches', async () => {
    const communes = createCommuneSearch({ load: diskLoader(), departements: ['46', '47'] });
    const results = await communes.search('agen', { limit: 50 });
    expect(results[0]).toMatchObject({ nom: 'Agen', codeInsee: '47001' });
    const names = results.map((c) => c.nom);
    // « Agen-d'Aveyron » is in 12 (not configured): not loaded without « toute la France ».
    expect(names).not.toContain('Agen-d’Aveyron');
    expect(names.every((n) => /(^|[\s'’-])agen/i.test(n))).toBe(true);
  });

  it('finds by postal code or INSEE code prefix, one option per postal code', async () => {
    const communes = createCommuneSearch({ load: diskLoader(), departements: ['46', '47'] });
    expect(await communes.search('46000')).toEqual([
      { codeInsee: '46042', nom: 'Cahors', codePostal: '46000' },
    ]);
    expect((await communes.search('46042')).map((c) => c.nom)).toEqual(['Cahors']);
    const prefix = await communes.search('4616', { limit: 100 });
    expect(prefix.length).toBeGreaterThan(1);
    // Postal codes first, then communes whose INSEE code starts with the digits.
    const postal = prefix.filter((c) => c.codePostal.startsWith('4616'));
    expect(postal.length).toBeGreaterThan(1);
    expect(prefix.slice(0, postal.length)).toEqual(postal);
    expect(prefix.slice(postal.length).every((c) => c.codeInsee.startsWith('4616'))).toBe(true);
  });

  it('loads the département of a postal code outside the configured ones', async () => {
    const load = diskLoader();
    const communes = createCommuneSearch({ load, departements: ['46', '47'] });
    await communes.search('cahors');
    expect(communes.loaded().sort()).toEqual(['46', '47']);
    const toulouse = await communes.search('31000');
    expect(toulouse.map((c) => c.nom)).toContain('Toulouse');
    expect(communes.loaded()).toContain('31');
    expect(communes.loaded()).not.toContain('75');
    // Memoised: each file is read once.
    await communes.search('31500');
    expect(load.mock.calls.filter(([f]) => f === '31.json')).toHaveLength(1);
  });

  it('searches the whole of France on demand, configured départements first', async () => {
    const communes = createCommuneSearch({ load: diskLoader(), departements: ['46', '47'] });
    expect((await communes.search('paris')).length).toBe(0);
    const paris = await communes.search('paris', { allFrance: true });
    expect(paris[0]?.nom).toBe('Paris');
    const saint = await communes.search('saint', { allFrance: true, limit: 5 });
    expect(saint.every((c) => c.codeInsee.startsWith('46') || c.codeInsee.startsWith('47'))).toBe(true);
    expect((await communes.departements()).find((d) => d.code === '2A')?.nom).toBe('Corse-du-Sud');
  });

  it('keeps working offline with what it has when a département cannot be loaded', async () => {
    const disk = diskLoader();
    const load: CommuneLoader = (file) =>
      file === '46.json' || file === '47.json' ? disk(file) : Promise.reject(new Error('offline'));
    const communes = createCommuneSearch({ load, departements: ['46', '47'] });
    expect(await communes.search('31000')).toEqual([]);
    expect((await communes.search('cahors'))[0]?.nom).toBe('Cahors');
  });

  it('maps codes to their département files', () => {
    expect(departementsForCode('46000')).toEqual(['46']);
    expect(departementsForCode('20000')).toEqual(['2A', '2B']);
    expect(departementsForCode('2A004')).toEqual(['2A']);
    expect(departementsForCode('97133')).toEqual(['971', '977', '978']);
    expect(departementsForCode('97400')).toEqual(['974']);
    expect(departementsForCode('4')).toEqual([]);
  });
});
