// Window functions of the directory benchmark (bench/sections/annuaire.ts): the tablet's own code on
// a directory the size of the national file. Records come from the runner in chunks (as a first
// sync writes them, bulkPut); opening reads them as the directory's screens do (listAnnuaire, then
// the communes of the filter); each search is the app's searchAnnuaire on that list in memory.
import { listAnnuaire } from '../../src/data/annuaire';
import { SillonDB } from '../../src/data/db';
import type { AnnuaireLieu } from '../../src/domain/annuaire';
import { directoryCommunes, searchAnnuaire, type AnnuaireCriteria } from '../../src/domain/annuaire-search';

let db: SillonDB | undefined;
let name = '';
let lieux: AnnuaireLieu[] = [];

/** Criteria as JSON can carry them (an instant as text). */
export type BenchCriteria = Omit<AnnuaireCriteria, 'ouvert'> & { ouvert?: { at: string } | { jour: string } };

const criteriaOf = ({ ouvert, ...rest }: BenchCriteria): AnnuaireCriteria => ({
  ...rest,
  ...(ouvert ? { ouvert: 'at' in ouvert ? { at: new Date(ouvert.at) } : ouvert } : {}),
});

/** A fresh database for the directory. */
const annuaireReset = async () => {
  db?.close();
  name = `sillon-bench-annuaire-${Date.now()}`;
  db = new SillonDB(name);
  await db.open();
  lieux = [];
};

/** One chunk of records written as a first sync's page is. */
const annuaireWrite = async (records: AnnuaireLieu[]) => {
  const t0 = performance.now();
  await db!.annuaire.bulkPut(records);
  return { ms: performance.now() - t0, count: await db!.annuaire.count() };
};

/**
 * Opening the directory as after a start: the database opened again (no cache of a previous
 * read), every lieu read, then the communes of the filter and the first list (no criterion).
 */
const annuaireOpen = async () => {
  db?.close();
  db = new SillonDB(name);
  const t0 = performance.now();
  await db.open();
  lieux = await listAnnuaire(db);
  const t1 = performance.now();
  const communes = directoryCommunes(lieux);
  const t2 = performance.now();
  // The page's first render lists them all: the list is put in order, its texts prepared.
  searchAnnuaire(lieux, {});
  const t3 = performance.now();
  return {
    readMs: t1 - t0,
    communesMs: t2 - t1,
    firstListMs: t3 - t2,
    lieux: lieux.length,
    communes: communes.length,
  };
};

/** Each case's searches one after the other (a typed text: one search per keystroke). */
const annuaireSearch = (cases: { label: string; criteria: BenchCriteria; typed?: boolean }[]) => {
  const out: { label: string; query: string; ms: number; found: number }[] = [];
  for (const c of cases) {
    const steps =
      c.typed && c.criteria.texte
        ? [...Array(c.criteria.texte.length).keys()].map((k) => c.criteria.texte!.slice(0, k + 1))
        : [c.criteria.texte ?? ''];
    for (const texte of steps) {
      if (texte.endsWith(' ')) continue;
      const criteria = criteriaOf({ ...c.criteria, texte });
      const t0 = performance.now();
      const found = searchAnnuaire(lieux, criteria).length;
      out.push({ label: c.label, query: texte, ms: performance.now() - t0, found });
    }
  }
  return out;
};

export const annuaireApi = { annuaireReset, annuaireWrite, annuaireOpen, annuaireSearch };
