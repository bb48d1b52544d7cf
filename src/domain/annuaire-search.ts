// Searching the directory offline: by service, commune (and the communes around it), public,
// accessibility, free of charge, and « ouvert maintenant » / « ouvert tel jour » from the lieu's
// OSM opening hours. Pure: the tablet keeps the directory in memory (src/data/annuaire.ts) and calls
// this on every keystroke. A list is made ready once (by name; per lieu a bit per service, public,
// prise en charge and fee, one flat text), then every search filters it in that order: no sort per
// keystroke, which with 20,000 lieux cost more than the filter, and a text typed further filters only
// what the last search found. Hours are read last, for the lieux still in the running, once per
// distinct text and search (lieu-hours.ts). Budget: 50 ms a search at CPU 4× (`npm run bench`).
import type { AnnuaireLieu } from './annuaire';
import { hoursLibraryLoaded, isOpenAt, isOpenOnDay, readHoursAhead } from './lieu-hours-open';
import {
  FRAIS_A_CHARGE,
  PRISES_EN_CHARGE_SPECIFIQUES,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from './lieu-mediation';
import { normalize } from './text';

/** French order, case and accents aside, for names that normalise alike. */
const collator = new Intl.Collator('fr', { sensitivity: 'base' });

/**
 * Sorted by `text` in French order: compared normalised (case, accents and apostrophes aside) as
 * plain strings, which is much cheaper than a collator on thousands of names, the collator only
 * between names that normalise alike.
 */
const sortedBy = <T>(items: readonly T[], text: (item: T) => string): T[] =>
  items
    .map((item) => [normalize(text(item)), item] as const)
    .sort(([ka, a], [kb, b]) => (ka < kb ? -1 : ka > kb ? 1 : collator.compare(text(a), text(b))))
    .map(([, item]) => item);

export interface AnnuaireCriteria {
  /** Words of the name, address or commune. */
  texte?: string;
  /** Every one of these services (the schema's labels). */
  services?: readonly string[];
  /** A commune's key (communeKey). */
  commune?: string;
  /** Also lieux within this distance of the commune (km), from their coordinates. */
  alentoursKm?: number;
  /** Lieux that address one of these publics specifically. */
  publics?: readonly string[];
  /** Every one of these prises en charge spécifiques (accessibility). */
  accessibilite?: readonly string[];
  /** Free of charge (« Gratuit », or « Gratuit sous condition » when `sousCondition`). */
  gratuit?: 'gratuit' | 'sous_condition';
  /** Open at this moment, or some time on this day (YYYY-MM-DD, local). */
  ouvert?: { at: Date } | { jour: string };
}

/** A commune of the directory: its INSEE code when known, else code postal and name. */
export const communeKey = (lieu: Pick<AnnuaireLieu, 'code_insee' | 'code_postal' | 'commune'>): string =>
  lieu.code_insee ?? `${lieu.code_postal} ${normalize(lieu.commune)}`;

export interface CommuneOption {
  key: string;
  /** « Cahors · 46000 ». */
  label: string;
  count: number;
}

/** The communes of the directory, alphabetical, with how many lieux each has. */
export const directoryCommunes = (lieux: readonly AnnuaireLieu[]): CommuneOption[] => {
  const byKey = new Map<string, CommuneOption>();
  for (const lieu of lieux) {
    const key = communeKey(lieu);
    const option = byKey.get(key) ?? { key, label: `${lieu.commune} · ${lieu.code_postal}`, count: 0 };
    option.count++;
    byKey.set(key, option);
  }
  return sortedBy([...byKey.values()], (c) => c.label);
};

const EARTH_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;
/** Great-circle distance in km. */
export const distanceKm = (a: { lat: number; lon: number }, b: { lat: number; lon: number }): number => {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.sqrt(h));
};

const bitsOf = (values: readonly string[]): ReadonlyMap<string, number> =>
  new Map(values.map((v, i) => [v, 2 ** i]));
const SERVICE_BITS = bitsOf(SERVICES);
const PUBLIC_BITS = bitsOf(PUBLICS_SPECIFIQUEMENT_ADRESSES);
const ACCES_BITS = bitsOf(PRISES_EN_CHARGE_SPECIFIQUES);
const FRAIS_BITS = bitsOf(FRAIS_A_CHARGE);
const maskOf = (bits: ReadonlyMap<string, number>, values: readonly string[] | undefined): number => {
  let mask = 0;
  for (const v of values ?? []) mask |= bits.get(v) ?? 0;
  return mask;
};

/**
 * A list made ready once (the table's copy in memory): its lieux in use by name and, per lieu, what
 * the criteria compare, as numbers (a bit per value of the schema's lists) and one flat text. The
 * last search is kept so that a text typed further only filters what it found.
 */
interface Prepared {
  list: AnnuaireLieu[];
  texts: string[];
  communes: string[];
  services: Uint32Array;
  publics: Uint32Array;
  acces: Uint32Array;
  frais: Uint32Array;
  lat: Float64Array;
  lon: Float64Array;
  /** Each distinct text of hours once, and per lieu the position of its own (-1: none). */
  hours: string[];
  hoursOf: Int32Array;
  last?: { key: string; text: string; found: number[] };
}

const prepared = new WeakMap<readonly AnnuaireLieu[], Prepared>();
const prepare = (lieux: readonly AnnuaireLieu[]): Prepared => {
  let p = prepared.get(lieux);
  if (p) return p;
  const list = sortedBy(
    lieux.filter((l) => !l.deleted),
    (l) => l.nom,
  );
  const n = list.length;
  p = {
    list,
    texts: list.map(
      (l) =>
        ` ${normalize([l.nom, l.adresse, l.commune, l.code_postal, l.structure_parente ?? ''].join(' '))}`,
    ),
    communes: list.map(communeKey),
    services: new Uint32Array(n),
    publics: new Uint32Array(n),
    acces: new Uint32Array(n),
    frais: new Uint32Array(n),
    lat: new Float64Array(n).fill(NaN),
    lon: new Float64Array(n).fill(NaN),
    hours: [],
    hoursOf: new Int32Array(n).fill(-1),
  };
  const hoursIds = new Map<string, number>();
  for (const [i, l] of list.entries()) {
    p.services[i] = maskOf(SERVICE_BITS, l.services);
    p.publics[i] = maskOf(PUBLIC_BITS, l.publics_specifiquement_adresses);
    p.acces[i] = maskOf(ACCES_BITS, l.prise_en_charge_specifique);
    p.frais[i] = maskOf(FRAIS_BITS, l.frais_a_charge);
    if (l.latitude !== undefined && l.longitude !== undefined) {
      p.lat[i] = l.latitude;
      p.lon[i] = l.longitude;
    }
    if (l.horaires) {
      let id = hoursIds.get(l.horaires);
      if (id === undefined) hoursIds.set(l.horaires, (id = p.hours.push(l.horaires) - 1));
      p.hoursOf[i] = id;
    }
  }
  readHoursAhead(p.hours);
  prepared.set(lieux, p);
  return p;
};

/** Where a commune is: the mean position of its lieux that give one. */
const communeCentre = (p: Prepared, key: string): { lat: number; lon: number } | undefined => {
  let lat = 0;
  let lon = 0;
  let n = 0;
  for (let i = 0; i < p.list.length; i++)
    if (p.communes[i] === key && !Number.isNaN(p.lat[i]!)) {
      lat += p.lat[i]!;
      lon += p.lon[i]!;
      n++;
    }
  return n ? { lat: lat / n, lon: lon / n } : undefined;
};

const localDay = (day: string): Date => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
};

/** The lieux matching every criterion, alphabetical by name (the list is not changed). */
export const searchAnnuaire = (
  lieux: readonly AnnuaireLieu[],
  criteria: AnnuaireCriteria,
): AnnuaireLieu[] => {
  const p = prepare(lieux);
  const text = criteria.texte ? normalize(criteria.texte) : '';
  const needles = text
    .split(' ')
    .filter(Boolean)
    .map((w) => ` ${w}`);
  // A service or a prise en charge the schema does not know: no lieu offers it.
  if ((criteria.services ?? []).some((v) => !SERVICE_BITS.has(v))) return [];
  if ((criteria.accessibilite ?? []).some((v) => !ACCES_BITS.has(v))) return [];
  const services = maskOf(SERVICE_BITS, criteria.services);
  const acces = maskOf(ACCES_BITS, criteria.accessibilite);
  const publics = criteria.publics?.length ? maskOf(PUBLIC_BITS, criteria.publics) : -1;
  const free = criteria.gratuit
    ? maskOf(FRAIS_BITS, criteria.gratuit === 'gratuit' ? ['Gratuit'] : ['Gratuit', 'Gratuit sous condition'])
    : -1;
  const commune = criteria.commune;
  const km = criteria.alentoursKm ?? 0;
  const centre = commune && km ? communeCentre(p, commune) : undefined;
  /** A degree of latitude is 111 km: farther north or south, no need for the great circle. */
  const latitudeSpan = km / 111;
  const ouvert = criteria.ouvert;
  const day = ouvert && 'jour' in ouvert ? localDay(ouvert.jour) : undefined;
  const at = ouvert && 'at' in ouvert ? ouvert.at : undefined;
  // Thousands of lieux share a few thousand texts of hours: each is read once per search
  // (0: not yet, 1: open, 2: closed).
  const state = ouvert ? new Uint8Array(p.hours.length) : undefined;
  const isOpen = (i: number): boolean => {
    const id = p.hoursOf[i]!;
    if (id < 0) return false;
    if (state![id] === 0) {
      const horaires = p.hours[id]!;
      state![id] = (day ? isOpenOnDay(horaires, day) : isOpenAt(horaires, at!)) === true ? 1 : 2;
    }
    return state![id] === 1;
  };

  // Typing further: the same criteria and a longer text only narrow what the last search found.
  const key = JSON.stringify([
    criteria.services,
    commune,
    km,
    criteria.publics,
    criteria.accessibilite,
    criteria.gratuit,
    day?.getTime(),
    at?.getTime(),
    // Hours outside the common shape are unknown until the library is loaded: then they count.
    ouvert ? hoursLibraryLoaded() : undefined,
  ]);
  const from = p.last && p.last.key === key && text.startsWith(p.last.text) ? p.last.found : undefined;
  const found: number[] = [];
  const n = from ? from.length : p.list.length;
  for (let k = 0; k < n; k++) {
    const i = from ? from[k]! : k;
    if ((p.services[i]! & services) !== services) continue;
    if ((p.acces[i]! & acces) !== acces) continue;
    if (publics !== -1 && (p.publics[i]! & publics) === 0) continue;
    if (free !== -1 && (p.frais[i]! & free) === 0) continue;
    if (commune && p.communes[i] !== commune) {
      const lat = p.lat[i]!;
      if (!centre || Number.isNaN(lat) || Math.abs(lat - centre.lat) > latitudeSpan) continue;
      if (distanceKm(centre, { lat, lon: p.lon[i]! }) > km) continue;
    }
    if (needles.length) {
      const haystack = p.texts[i]!;
      let all = true;
      for (const needle of needles)
        if (!haystack.includes(needle)) {
          all = false;
          break;
        }
      if (!all) continue;
    }
    if (ouvert && !isOpen(i)) continue;
    found.push(i);
  }
  p.last = { key, text, found };
  return found.map((i) => p.list[i]!);
};
