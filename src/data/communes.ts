// Offline commune search over the per-département files that scripts/build-communes.ts writes
// (public/communes/<dep>.json). The configured départements are precached by the service worker;
// the others are fetched once, when a postal code or « toute la France » asks for them, then cached.
import type { CommuneRef } from '../domain/beneficiary';
import type { DirectoryCommune } from '../domain/beneficiaries-import';
import { COMMUNE_ABBREVIATIONS } from '../domain/commune-names';
import { normalize } from '../domain/text';

/** [codeInsee, nom, codesPostaux] as written by scripts/build-communes.ts. */
export type CommuneRow = [string, string, string[]];

/** Reads a file of public/communes ('46.json', 'index.json') and returns its parsed JSON. */
export type CommuneLoader = (file: string) => Promise<unknown>;

export interface Departement {
  code: string;
  nom: string;
}

export interface CommuneSearchOptions {
  /** Also search every other département (each is loaded on first use). */
  allFrance?: boolean;
  limit?: number;
}

export interface CommuneSearch {
  search: (query: string, options?: CommuneSearchOptions) => Promise<CommuneRef[]>;
  departements: () => Promise<Departement[]>;
  /** The département files already in memory (for tests and diagnostics). */
  loaded: () => string[];
  /** Every commune of these départements, each file loaded once; one that cannot be loaded is skipped. */
  communes: (departements: readonly string[]) => Promise<DirectoryCommune[]>;
}

interface IndexedCommune {
  codeInsee: string;
  nom: string;
  codesPostaux: string[];
  /** Normalised full name ("saint cirq lapopie"). */
  norm: string;
  words: string[];
  dep: string;
  configured: boolean;
}

/** Fetches a file of public/communes (the beneficiaries import loads the départements a file names). */
export const loadCommuneFile: CommuneLoader = async (file) => {
  const response = await fetch(`${import.meta.env.BASE_URL}communes/${file}`);
  if (!response.ok) throw new Error(`communes/${file}: HTTP ${response.status}`);
  return response.json();
};

export const defaultDepartements = (): string[] =>
  typeof __SILLON_DEPARTEMENTS__ === 'undefined' ? ['46', '47'] : __SILLON_DEPARTEMENTS__;

const isCode = (token: string): boolean => /^(\d+|2[ab]\d*)$/.test(token);

/** Départements whose files may hold a postal code or an INSEE code starting with `code`. */
export const departementsForCode = (code: string): string[] => {
  const c = code.toUpperCase();
  if (c.length < 2) return [];
  if (c.startsWith('2A') || c.startsWith('2B')) return [c.slice(0, 2)];
  if (c.startsWith('20')) return ['2A', '2B'];
  if (c.startsWith('97') || c.startsWith('98')) {
    if (c.length < 3) return c === '97' ? ['971', '972', '973', '974', '975', '976', '977', '978'] : [];
    const dep = c.slice(0, 3);
    // Saint-Barthélemy and Saint-Martin use Guadeloupe's postal codes (971xx).
    return dep === '971' ? ['971', '977', '978'] : [dep];
  }
  return [c.slice(0, 2)];
};

/**
 * 0: the name is the query; 1: the name starts with it; 2: every word is a word prefix; -1: no
 * match. A match by INSEE code rather than postal code comes after (+3).
 */
const nameRank = (c: IndexedCommune, query: string, words: string[]): number => {
  if (c.norm === query) return 0;
  if (c.norm.startsWith(query)) return 1;
  const all = words.every((w) => {
    const full = COMMUNE_ABBREVIATIONS[w];
    return c.words.some((cw) => cw.startsWith(w) || cw === full);
  });
  return all ? 2 : -1;
};

export const createCommuneSearch = ({
  load = loadCommuneFile,
  departements = defaultDepartements(),
}: { load?: CommuneLoader; departements?: string[] } = {}): CommuneSearch => {
  const configured = new Set(departements);
  const files = new Map<string, Promise<IndexedCommune[]>>();
  let index: Promise<Departement[]> | undefined;

  const loadDep = (dep: string): Promise<IndexedCommune[]> => {
    let pending = files.get(dep);
    if (!pending) {
      pending = load(`${dep}.json`).then((rows) =>
        (rows as CommuneRow[]).map(([codeInsee, nom, codesPostaux]) => {
          const norm = normalize(nom);
          return {
            codeInsee,
            nom,
            codesPostaux,
            norm,
            words: norm.split(' '),
            dep,
            configured: configured.has(dep),
          };
        }),
      );
      // A failed fetch (offline, département never cached) is retried next time.
      pending.catch(() => files.delete(dep));
      files.set(dep, pending);
    }
    return pending;
  };

  const loadIndex = (): Promise<Departement[]> => {
    if (!index) {
      index = load('index.json').then((rows) => (rows as [string, string][]).map(([code, nom]) => ({ code, nom })));
      index.catch(() => (index = undefined));
    }
    return index;
  };

  /** Loads what it can: a département that cannot be fetched offline is skipped, not fatal. */
  const loadAll = async (deps: readonly string[]): Promise<IndexedCommune[]> => {
    const settled = await Promise.allSettled([...new Set(deps)].map(loadDep));
    return settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  };

  const search = async (query: string, options: CommuneSearchOptions = {}): Promise<CommuneRef[]> => {
    const limit = options.limit ?? 20;
    const tokens = normalize(query).split(' ').filter(Boolean);
    if (tokens.length === 0) return [];
    const codes = tokens.filter(isCode).map((t) => t.toUpperCase());
    const words = tokens.filter((t) => !isCode(t));
    const name = words.join(' ');

    const deps = [...configured];
    for (const code of codes) deps.push(...departementsForCode(code));
    if (options.allFrance) deps.push(...(await loadIndex().catch(() => [])).map((d) => d.code));
    const communes = await loadAll(deps);

    const hits: { ref: CommuneRef; rank: number; configured: boolean; norm: string }[] = [];
    for (const c of communes) {
      let rank = 0;
      if (words.length > 0) {
        rank = nameRank(c, name, words);
        if (rank < 0) continue;
      }
      let postaux = c.codesPostaux;
      if (codes.length > 0) {
        // A code is a postal-code prefix (keep only those postal codes) or an INSEE-code prefix.
        const byPostal = postaux.filter((cp) => codes.every((code) => cp.startsWith(code)));
        if (byPostal.length > 0) postaux = byPostal;
        else if (codes.every((code) => c.codeInsee.startsWith(code))) rank += 3;
        else continue;
      }
      for (const codePostal of postaux) {
        hits.push({ ref: { codeInsee: c.codeInsee, nom: c.nom, codePostal }, rank, configured: c.configured, norm: c.norm });
      }
    }
    hits.sort(
      (a, b) =>
        a.rank - b.rank ||
        Number(b.configured) - Number(a.configured) ||
        a.norm.length - b.norm.length ||
        a.norm.localeCompare(b.norm) ||
        a.ref.codePostal.localeCompare(b.ref.codePostal),
    );
    return hits.slice(0, limit).map((h) => h.ref);
  };

  return { search, departements: loadIndex, loaded: () => [...files.keys()], communes: loadAll };
};

let shared: CommuneSearch | undefined;

/** The app's commune search (fetches public/communes, served offline by the service worker). */
export const communeSearch = (): CommuneSearch => (shared ??= createCommuneSearch());

export const searchCommunes = (query: string, options?: CommuneSearchOptions): Promise<CommuneRef[]> =>
  communeSearch().search(query, options);
