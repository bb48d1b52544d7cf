// Searching the directory offline: by service, commune (and the communes around it), public,
// accessibility, free of charge, and « ouvert maintenant » / « ouvert tel jour » from the lieu's
// OSM opening hours. Pure: the tablet keeps the directory in memory (src/data/annuaire.ts) and calls
// this on every keystroke. The cheap criteria run first, so hours are read only for the lieux
// still in the running (and each distinct text is parsed once, lieu-hours.ts).
import type { AnnuaireLieu } from './annuaire';
import { isOpenAt, isOpenOnDay } from './lieu-hours';
import { normalize } from './text';

/** French order, case and accents aside (one collator: a sort compares thousands of names per keystroke). */
const collator = new Intl.Collator('fr', { sensitivity: 'base' });

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
  return [...byKey.values()].sort((a, b) => collator.compare(a.label, b.label));
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

/** Where a commune is: the mean position of its lieux that give one. */
const communeCentre = (
  lieux: readonly AnnuaireLieu[],
  key: string,
): { lat: number; lon: number } | undefined => {
  let lat = 0;
  let lon = 0;
  let n = 0;
  for (const l of lieux)
    if (l.latitude !== undefined && l.longitude !== undefined && communeKey(l) === key) {
      lat += l.latitude;
      lon += l.longitude;
      n++;
    }
  return n ? { lat: lat / n, lon: lon / n } : undefined;
};

const haystacks = new WeakMap<AnnuaireLieu, string>();
const haystack = (lieu: AnnuaireLieu): string => {
  let text = haystacks.get(lieu);
  if (text === undefined) {
    text = ` ${normalize([lieu.nom, lieu.adresse, lieu.commune, lieu.code_postal, lieu.structure_parente ?? ''].join(' '))}`;
    haystacks.set(lieu, text);
  }
  return text;
};

const localDay = (day: string): Date => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
};

/** The lieux matching every criterion, alphabetical by name. */
export const searchAnnuaire = (
  lieux: readonly AnnuaireLieu[],
  criteria: AnnuaireCriteria,
): AnnuaireLieu[] => {
  const words = criteria.texte ? normalize(criteria.texte).split(' ').filter(Boolean) : [];
  const services = criteria.services ?? [];
  const publics = criteria.publics ?? [];
  const accessibilite = criteria.accessibilite ?? [];
  const centre =
    criteria.commune && criteria.alentoursKm ? communeCentre(lieux, criteria.commune) : undefined;
  const out: AnnuaireLieu[] = [];
  for (const lieu of lieux) {
    if (lieu.deleted) continue;
    if (services.length && !services.every((s) => lieu.services.includes(s))) continue;
    if (criteria.commune && communeKey(lieu) !== criteria.commune) {
      if (!centre || lieu.latitude === undefined || lieu.longitude === undefined) continue;
      if (distanceKm(centre, { lat: lieu.latitude, lon: lieu.longitude }) > criteria.alentoursKm!) continue;
    }
    if (publics.length && !publics.some((p) => lieu.publics_specifiquement_adresses?.includes(p))) continue;
    if (accessibilite.length && !accessibilite.every((p) => lieu.prise_en_charge_specifique?.includes(p)))
      continue;
    if (criteria.gratuit) {
      const frais = lieu.frais_a_charge ?? [];
      const free =
        frais.includes('Gratuit') ||
        (criteria.gratuit === 'sous_condition' && frais.includes('Gratuit sous condition'));
      if (!free) continue;
    }
    if (words.length) {
      const text = haystack(lieu);
      if (!words.every((w) => text.includes(` ${w}`))) continue;
    }
    out.push(lieu);
  }
  const ouvert = criteria.ouvert;
  const open = ouvert
    ? out.filter((lieu) =>
        'at' in ouvert
          ? isOpenAt(lieu.horaires, ouvert.at) === true
          : isOpenOnDay(lieu.horaires, localDay(ouvert.jour)) === true,
      )
    : out;
  return open.sort((a, b) => collator.compare(a.nom, b.nom));
};
