// A deterministic directory of lieux de médiation numérique at the scale of the cartographie
// nationale (about 20,000 lieux over every département), for the benchmarks: names, addresses and
// communes of France, a few services each, publics, fees, positions clustered by département, and
// opening hours in OSM syntax drawn from some two thousand distinct texts (a parsed text is cached,
// so their variety is what « ouvert maintenant » costs). Pure: the communes are passed in
// (scripts/seed/communes.ts), and lieu i depends only on (seed, i).
import type { AnnuaireLieu } from './annuaire';
import { annuaireRecordOf } from './annuaire';
import {
  FRAIS_A_CHARGE,
  MODALITES_ACCES,
  PRISES_EN_CHARGE_SPECIFIQUES,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
  type LieuMediation,
} from './lieu-mediation';
import { createRandom, seededUuidV7, type SeedCommune } from './seed';

type Random = () => number;
const pick = <T>(rand: Random, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const some = <T>(rand: Random, list: readonly T[], max: number): T[] => {
  const n = 1 + Math.floor(rand() * max);
  return [...new Set(Array.from({ length: n }, () => pick(rand, list)))];
};

const KINDS = [
  'France Services',
  'Médiathèque',
  'Mairie',
  'Espace public numérique',
  'Tiers-lieu',
  'Centre social',
  'Bibliothèque',
  'Maison de quartier',
  'Point d’information médiation multi-services',
  'Association numérique',
] as const;
const VOIES = [
  'rue de la République',
  'place de la Mairie',
  'avenue Jean Jaurès',
  'rue Victor Hugo',
  'place du Marché',
  'rue de l’Église',
  'boulevard Gambetta',
  'route de la Gare',
];
const DAYS = ['Mo-Fr', 'Mo-Sa', 'Tu-Sa', 'Mo-Th', 'Mo,We,Fr', 'Tu,Th', 'We', 'Tu-Fr', 'Mo,Tu,Th,Fr'];
const MORNINGS = ['08:30-12:00', '09:00-12:00', '09:00-12:30', '10:00-12:00', ''];
const AFTERNOONS = ['13:30-17:00', '14:00-17:00', '14:00-18:00', '13:30-18:30', '14:00-19:00', ''];
const EXTRAS = ['', '; Sa 09:00-12:00', '; Sa 10:00-12:30', '; We 14:00-17:00'];

/** About 2,000 distinct texts, a third of lieux with none (as in the national file, many give none). */
const horairesOf = (rand: Random): string | undefined => {
  if (rand() < 0.3) return undefined;
  const slots = [pick(rand, MORNINGS), pick(rand, AFTERNOONS)].filter(Boolean);
  if (!slots.length) slots.push('09:00-17:00');
  return `${pick(rand, DAYS)} ${slots.join(',')}${pick(rand, EXTRAS)}${rand() < 0.5 ? '; PH off' : ''}`;
};

/** A few services, the administrative help most often (as on the map). */
const servicesOf = (rand: Random): string[] => {
  const list = some(rand, SERVICES, 4);
  if (rand() < 0.5 && !list.includes('Aide aux démarches administratives'))
    list.unshift('Aide aux démarches administratives');
  return list;
};

const hash = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

/** A département's centre somewhere in metropolitan France, its communes around it. */
const positionOf = (commune: SeedCommune): { latitude: number; longitude: number } => {
  const dep = createRandom(hash(commune.codeInsee.slice(0, 2)));
  const own = createRandom(hash(commune.codeInsee));
  const lat = 42.5 + dep() * 8 + (own() - 0.5) * 0.8;
  const lon = -4 + dep() * 11 + (own() - 0.5) * 1.1;
  return { latitude: Math.round(lat * 1e5) / 1e5, longitude: Math.round(lon * 1e5) / 1e5 };
};

export class AnnuaireSeed {
  private readonly cumulative: number[];

  constructor(
    readonly seed: number,
    private readonly communes: readonly SeedCommune[],
    readonly structureId = 'structure-bench',
  ) {
    if (communes.length === 0) throw new Error('AnnuaireSeed needs communes');
    // More lieux where more people live, but every small commune may have its mairie.
    let total = 0;
    this.cumulative = communes.map((c) => (total += Math.sqrt(Math.max(c.population, 50))));
  }

  private commune(rand: Random): SeedCommune {
    const target = rand() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return this.communes[lo]!;
  }

  /** Lieu i in the national schema. */
  lieu(index: number): LieuMediation {
    const rand = createRandom(hash(`${this.seed}:lieu:${index}`));
    const commune = this.commune(rand);
    const kind = pick(rand, KINDS);
    const horaires = horairesOf(rand);
    const day = 1 + Math.floor(rand() * 28);
    return {
      id: `lieu-${this.seed}-${index}`,
      nom: `${kind} de ${commune.nom}${index % 7 === 0 ? ` ${1 + (index % 3)}` : ''}`,
      pivot: String(21_000_000_000_000 + index),
      services: servicesOf(rand),
      adresse: `${1 + Math.floor(rand() * 80)} ${pick(rand, VOIES)}`,
      commune: commune.nom,
      code_postal: commune.codePostal,
      code_insee: commune.codeInsee,
      ...positionOf(commune),
      ...(rand() < 0.7 ? { telephone: `+335${String(10_000_000 + Math.floor(rand() * 89_999_999))}` } : {}),
      ...(rand() < 0.4 ? { courriels: [`contact-${index}@exemple.fr`] } : {}),
      ...(rand() < 0.3
        ? { publics_specifiquement_adresses: some(rand, PUBLICS_SPECIFIQUEMENT_ADRESSES, 2) }
        : {}),
      ...(rand() < 0.15 ? { prise_en_charge_specifique: some(rand, PRISES_EN_CHARGE_SPECIFIQUES, 2) } : {}),
      frais_a_charge: [pick(rand, FRAIS_A_CHARGE)],
      modalites_acces: some(rand, MODALITES_ACCES, 2),
      ...(horaires ? { horaires } : {}),
      date_maj: `2026-${String(1 + Math.floor(rand() * 11)).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      source: 'Cartographie nationale',
    };
  }

  /** Lieu i as the tablet holds it after a sync (a record of the table `annuaire`). */
  record(index: number): AnnuaireLieu {
    const lieu = this.lieu(index);
    const at = `${lieu.date_maj}T08:00:00.000Z`;
    return {
      ...annuaireRecordOf(lieu, 'import'),
      id: seededUuidV7(Date.parse(at), createRandom(hash(`${this.seed}:id:${index}`))),
      structureId: this.structureId,
      createdBy: 'import',
      createdAt: at,
      updatedAt: at,
      serverVersion: index + 1,
    };
  }
}
