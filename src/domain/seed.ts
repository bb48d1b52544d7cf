// Realistic, deterministic seed data: a structure of the Lot (46) and Lot-et-Garonne (47) with its
// lieux, beneficiaries, sessions and lending equipment. Used by the benchmarks, the tests and
// `npm run demo-data`. Pure: the communes are passed in (scripts/seed/communes.ts reads them from
// @etalab/decoupage-administratif), and every record depends only on (seed, kind, index), so that a
// million records can be produced in chunks, in any order, without holding them all in memory.
//
// Frequencies are plausible figures for a rural conseiller numérique's public (mostly retired
// people, many administrative procedures), not statistics published by La Coop.
import type { Activity, ParticipantsAnonymes } from './activity';
import { trancheAge, type Beneficiary, type CommuneRef } from './beneficiary';
import { toDay } from './dates';
import type {
  Autonomie,
  Genre,
  Materiel,
  NiveauAtelier,
  StatutSocial,
  StructureDeRedirection,
  ThematiqueAdministrative,
  ThematiqueMediation,
  TypeLieu,
} from './enums';
import { THEMATIQUE_DEMARCHES } from './enums';
import type { Lieu } from './lieu';
import type { Accessory, Condition, Item, ItemOrigin, ItemStatus, ItemType } from './loans';
import type { RecordMeta } from './records';
import { normalize, searchTokens } from './text';

export interface SeedCommune extends CommuneRef {
  /** Municipal population: residents are drawn in proportion to it. */
  population: number;
}

export interface SeedOptions {
  seed: number;
  communes: readonly SeedCommune[];
  /** Records are dated up to this instant (default 2026-11-20, a Friday). */
  now?: Date;
  /** Activities are spread over this many years before `now` (default 5: ~20 % per year). */
  years?: number;
  structureId?: string;
  /** Advisors of the structure (user ids); default: three generated ids. */
  advisorIds?: readonly string[];
  beneficiaries: number;
  lieux?: number;
}

/** A lending item of the equipment-loans feature (src/domain/loans.ts). */
export type SeedItem = Item;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: tiny, fast, good enough for test data. */
export const createRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const hash = (...parts: (string | number)[]): number => {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x2f, 0x01000193);
  }
  return h >>> 0;
};

type Random = () => number;

const words = (list: string): readonly string[] => list.split('|');
type Weighted<T> = readonly (readonly [T, number])[];

const int = (rand: Random, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(rand: Random, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** Draws from a weighted list in O(log n) with a precomputed cumulative table. */
const weighted = <T>(entries: Weighted<T>): ((rand: Random) => T) => {
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of entries) cumulative.push((total += w));
  return (rand) => {
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return entries[lo]![0];
  };
};

/** Distinct draws (for multi-valued fields). */
const several = <T>(rand: Random, draw: (rand: Random) => T, count: number): T[] => {
  const out = new Set<T>();
  for (let attempts = 0; out.size < count && attempts < count * 8; attempts++) out.add(draw(rand));
  return [...out];
};

/** A UUID v7 whose timestamp is `ms` and whose random bits come from `rand` (valid, sortable). */
export const seededUuidV7 = (ms: number, rand: Random): string => {
  const hex = (n: number, digits: number) => Math.floor(n).toString(16).padStart(digits, '0').slice(-digits);
  const time = hex(ms, 12);
  const r = (bits: number) => Math.floor(rand() * 2 ** bits);
  return [
    time.slice(0, 8),
    time.slice(8, 12),
    `7${hex(r(12), 3)}`,
    `${(8 + r(2)).toString(16)}${hex(r(12), 3)}`,
    `${hex(r(24), 6)}${hex(r(24), 6)}`,
  ].join('-');
};

// ---------------------------------------------------------------------------------------------
// Vocabulary of the Lot and Lot-et-Garonne

const PRENOMS_F_OLD: readonly string[] = words(
  'Marie|Jeanne|Monique|Josette|Odette|Paulette|Yvette|Simone|Colette|Huguette|Germaine|' +
    'Denise|Jacqueline|Françoise|Marcelle|Suzanne|Gisèle|Ginette|Lucienne|Andrée|Renée|' +
    'Marguerite|Micheline|Yvonne|Arlette|Raymonde|Éliane|Solange',
);
const PRENOMS_M_OLD: readonly string[] = words(
  'Jean|Pierre|Michel|André|Jacques|Bernard|Claude|Roger|Robert|Marcel|René|Gérard|Guy|' +
    'Raymond|Henri|Louis|Georges|Maurice|Lucien|Roland|Francis|Gilbert|Serge|Christian|Alain|' +
    'Daniel|Yves|Paul|Joseph|Émile',
);
const PRENOMS_F_MID: readonly string[] = words(
  'Catherine|Sylvie|Nathalie|Isabelle|Martine|Christine|Véronique|Brigitte|Sandrine|Valérie|' +
    'Patricia|Corinne|Chantal|Nadine|Pascale|Dominique|Evelyne|Florence|Laurence|Karine|Fatima|' +
    'Hélène|Béatrice|Muriel',
);
const PRENOMS_M_MID: readonly string[] = words(
  'Philippe|Patrick|Thierry|Éric|Pascal|Frédéric|Laurent|Olivier|Christophe|Stéphane|Didier|' +
    'Dominique|Jean-Pierre|Jean-Luc|Bruno|Denis|Gilles|Franck|Mohamed|Lionel|Hervé|Fabrice|Joël|' +
    'Jean-Claude',
);
const PRENOMS_F_YOUNG: readonly string[] = words(
  'Camille|Léa|Manon|Chloé|Emma|Sarah|Julie|Laura|Pauline|Marine|Inès|Océane|Lucie|Clara|' +
    'Anaïs|Mélanie|Aurélie|Élodie|Amandine|Yasmine|Jade|Lina',
);
const PRENOMS_M_YOUNG: readonly string[] = words(
  'Thomas|Nicolas|Julien|Maxime|Kevin|Alexandre|Antoine|Romain|Hugo|Lucas|Théo|Mathieu|' +
    'Florian|Quentin|Adrien|Enzo|Nathan|Yanis|Mehdi|Bastien|Louis',
);

// Common French surnames and those of the Quercy and the Agenais (Occitan origin).
const NOMS: readonly string[] = words(
  'Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|Laurent|' +
    'Lefebvre|Michel|Garcia|David|Bertrand|Roux|Vincent|Fournier|Morel|Girard|André|Mercier|' +
    'Dupont|Lambert|Bonnet|François|Martinez|Rousseau|Delpech|Lacoste|Bessières|Couderc|Lafon|' +
    'Lagarde|Delmas|Vidal|Cassagne|Bouyssou|Lacombe|Fabre|Castagné|Pélissié|Rigal|Valette|' +
    'Bories|Calmels|Lapeyre|Souladié|Vergnes|Delrieu|Lacaze|Laborie|Carrière|Malbec|Mazet|' +
    'Cayrou|Gasquet|Lafage|Soulié|Lascombes|Bouzou|Teulières|Cammas|Dubernet|Larroque|Sabaté|' +
    'Lalande|Dumas|Faure|Andrieu|Marty|Roques|Bousquet|Barrière|Pons|Séguy|Gineste|Lagrèze|' +
    "Delbos|Bonnefous|Laval|Rossi|Ferreira|Da Silva|Benali|Mansouri|Nguyen|d'Arcimoles|" +
    'Saint-Martin|Du Bousquet',
);

const VOIES: readonly string[] = words(
  'rue de la République|avenue Gambetta|place de la Mairie|chemin des Vignes|route de Cahors|' +
    'rue du Lot|route d’Agen|impasse des Noyers|allée des Tilleuls|lieu-dit Les Granges|' +
    'rue Victor-Hugo|chemin de la Garonne|route de Villeneuve|rue des Écoles|lieu-dit Le Bourg|' +
    'place du Foirail|rue des Pruniers|chemin du Causse|boulevard Jean-Jaurès|rue de la Gare',
);

const LIEU_KINDS: readonly string[] = words(
  'France Services|Médiathèque|Espace numérique|Maison des solidarités|Mairie|Centre social|' +
    'Tiers-lieu|Point d’accueil numérique',
);

const DEMARCHES: readonly string[] = words(
  'Renouvellement carte d’identité|Déclaration de revenus|Demande de retraite|Compte ameli|' +
    'Dossier CAF|Carte grise|Inscription France Travail|Prime d’activité|Compte MSA|' +
    'Demande de logement social|Chèque énergie|Permis de conduire|' +
    'Complémentaire santé solidaire|Passeport|Attestation Pôle emploi|FranceConnect|' +
    'Impots.gouv : prélèvement à la source',
);

const ATELIERS: readonly string[] = words(
  'Découvrir la tablette|Premiers pas sur internet|Créer sa boîte mail|Ma santé en ligne|' +
    'Se protéger des arnaques|Partager ses photos|Les réseaux sociaux en famille|FranceConnect|' +
    'Visio avec ses proches|Faire ses achats en ligne|Le smartphone au quotidien|Découvrir l’IA|' +
    'Traitement de texte|Ranger ses fichiers',
);

const NOTES_ACTIVITE: readonly string[] = words(
  'Mot de passe noté dans le carnet du bénéficiaire (pas dans Sillon).|' +
    'À revoir la semaine prochaine pour finaliser.|' +
    'Bénéficiaire très à l’aise, peut aider les autres.|' +
    'Orientée vers l’assistante sociale pour la suite.|Prévoir une tablette en prêt.|' +
    'Réseau très faible à domicile, rendez-vous à la médiathèque.|Première venue, très motivé.|' +
    'Documents à apporter : avis d’imposition, RIB.',
);

// ---------------------------------------------------------------------------------------------
// Frequencies

const genreOf = weighted<Genre>([
  ['feminin', 56],
  ['masculin', 39],
  ['non_communique', 5],
]);

/** Age in years (null = not given), skewed towards retired people. */
const ageOf = weighted<readonly [number, number] | null>([
  [[70, 92], 34],
  [[60, 69], 24],
  [[40, 59], 20],
  [[25, 39], 10],
  [[18, 24], 4],
  [[12, 17], 1.5],
  [null, 6.5],
]);

const typeLieuOf = weighted<TypeLieu>([
  ['lieu_activite', 74],
  ['a_distance', 12],
  ['domicile', 9],
  ['autre', 5],
]);

const thematiqueOf = weighted<ThematiqueMediation>([
  ['aide_aux_demarches_administratives', 30],
  ['prendre_en_main_du_materiel', 24],
  ['navigation_sur_internet', 13],
  ['email', 13],
  ['sante', 7],
  ['gere_ses_contenus_numeriques', 6],
  ['securite_numerique', 6],
  ['banque_et_achats_en_ligne', 5],
  ['reseaux_sociaux', 4],
  ['bureautique', 4],
  ['diagnostic_numerique', 4],
  ['insertion_professionnelle', 3],
  ['maintenance_de_materiel', 2],
  ['culture_numerique', 2],
  ['parentalite', 1],
  ['scolarite_et_numerique', 1],
  ['creer_avec_le_numerique', 1],
  ['intelligence_artificielle', 1],
  ['entrepreneuriat', 0.5],
]);

const thematiqueAdminOf = weighted<ThematiqueAdministrative>([
  ['social_sante', 22],
  ['argent_impots', 18],
  ['papiers_elections_citoyennete', 15],
  ['travail_formation', 13],
  ['famille_scolarite', 9],
  ['logement', 8],
  ['transports_mobilite', 8],
  ['etrangers_europe', 3],
  ['justice', 2],
  ['loisirs_sports_culture', 1],
  ['associations', 1],
]);

const materielOf = weighted<Materiel>([
  ['ordinateur', 42],
  ['telephone', 36],
  ['tablette', 12],
  ['autre', 2],
  ['aucun', 8],
]);

const dureeIndividuelOf = weighted<number>([
  [15, 7],
  [30, 24],
  [45, 20],
  [60, 30],
  [90, 11],
  [120, 5],
  [20, 1],
  [75, 1],
  [150, 1],
]);
const dureeCollectifOf = weighted<number>([
  [60, 18],
  [90, 34],
  [120, 40],
  [150, 4],
  [180, 4],
]);

const autonomieOf = weighted<Autonomie | undefined>([
  ['entierement_accompagne', 42],
  ['partiellement_autonome', 34],
  ['autonome', 16],
  [undefined, 8],
]);

const redirectionOf = weighted<StructureDeRedirection>([
  ['aide_aux_demarches_administratives', 30],
  ['administration', 22],
  ['operateur_ou_organisme_en_charge', 18],
  ['aide_sociale', 14],
  ['insertion_professionnelle', 8],
  ['mediation_numerique', 5],
  ['autre', 3],
]);

const niveauOf = weighted<NiveauAtelier | undefined>([
  ['debutant', 60],
  ['intermediaire', 28],
  ['avance', 4],
  [undefined, 8],
]);

const itemTypeOf = weighted<readonly [ItemType, readonly string[], readonly Accessory[]]>([
  [
    [
      'tablette',
      ['Samsung|Galaxy Tab A8', 'Lenovo|Tab M10', 'Apple|iPad 9'],
      ['chargeur', 'cable', 'housse'],
    ],
    34,
  ],
  [
    [
      'ordinateur_portable',
      ['Lenovo|ThinkPad T480', 'Dell|Latitude 5490', 'HP|250 G8'],
      ['chargeur', 'souris'],
    ],
    28,
  ],
  [
    [
      'smartphone',
      ['Samsung|Galaxy A14', 'Crosscall|Core-X4', 'Fairphone|4'],
      ['chargeur', 'cable', 'carte_sim'],
    ],
    18,
  ],
  [['cle_4g_routeur', ['Huawei|E3372', 'Alcatel|Link Key', 'TP-Link|M7350'], ['carte_sim']], 12],
  [['ordinateur_fixe', ['Dell|OptiPlex 7050', 'HP|EliteDesk 800'], ['clavier', 'souris']], 6],
  [['autre', ['Canon|PIXMA TS3350', 'Logitech|C270'], ['cable']], 2],
]);
// No loans are generated: the items are in stock, at the repairer's or retired.
const itemStatusOf = weighted<ItemStatus>([
  ['disponible', 82],
  ['en_reparation', 10],
  ['reforme', 6],
  ['perdu', 2],
]);
const itemOriginOf = weighted<ItemOrigin>([
  ['reconditionne', 55],
  ['don', 25],
  ['achat', 20],
]);
const conditionOf = weighted<Condition>([
  ['tres_bon', 25],
  ['bon', 45],
  ['usage', 22],
  ['abime', 6],
  ['neuf', 2],
]);

// ---------------------------------------------------------------------------------------------
// The generator

const DAY = 86_400_000;

/** A structure's worth of records, addressable by index: `beneficiary(i)` is the same on every call. */
export class SeedGenerator {
  readonly seed: number;
  readonly now: Date;
  readonly years: number;
  readonly structureId: string;
  readonly advisorIds: readonly string[];
  readonly beneficiaryCount: number;
  readonly lieuCount: number;
  private readonly commune: (rand: Random) => SeedCommune;
  private readonly startMs: number;
  // Ids are referenced far more often than their records are built: memoised.
  private readonly beneficiaryIds: string[] = [];
  private readonly lieuIds: string[] = [];

  constructor(options: SeedOptions) {
    if (options.communes.length === 0) throw new Error('SeedGenerator needs at least one commune');
    this.seed = options.seed;
    this.now = options.now ?? new Date('2026-11-20T17:00:00Z');
    this.years = options.years ?? 5;
    this.beneficiaryCount = options.beneficiaries;
    this.lieuCount = options.lieux ?? 6;
    const meta = this.rand('structure', 0);
    this.structureId = options.structureId ?? seededUuidV7(this.now.getTime() - this.years * 365 * DAY, meta);
    this.advisorIds =
      options.advisorIds ?? [0, 1, 2].map(() => seededUuidV7(this.now.getTime() - 400 * DAY, meta));
    this.commune = weighted(options.communes.map((c) => [c, Math.max(c.population, 50)] as const));
    this.startMs = this.now.getTime() - this.years * 365 * DAY;
  }

  private rand(kind: string, index: number): Random {
    return createRandom(hash(this.seed, kind, index));
  }

  /** The id comes from its own stream, so that referencing a record does not require building it. */
  private meta(kind: string, index: number, createdMs: number, rand: Random): RecordMeta {
    const created = new Date(createdMs).toISOString();
    return {
      id:
        kind === 'beneficiary'
          ? this.beneficiaryId(index)
          : kind === 'lieu'
            ? this.lieuId(index)
            : seededUuidV7(createdMs, this.rand(`${kind}:id`, index)),
      structureId: this.structureId,
      createdBy: pick(rand, this.advisorIds),
      createdAt: created,
      updatedAt: created,
    };
  }

  private communeRef(rand: Random): CommuneRef {
    const c = this.commune(rand);
    return { codeInsee: c.codeInsee, nom: c.nom, codePostal: c.codePostal };
  }

  /** Id of beneficiary i, without building the record (activities reference beneficiaries by it). */
  beneficiaryId(index: number): string {
    return (this.beneficiaryIds[index] ??= seededUuidV7(
      this.beneficiaryCreatedMs(index),
      this.rand('beneficiary:id', index),
    ));
  }

  /** Registered over the whole period, more in recent years (the service grows). */
  private beneficiaryCreatedMs(index: number): number {
    const r = this.rand('beneficiary:created', index)();
    return Math.floor(this.startMs + Math.sqrt(r) * (this.now.getTime() - this.startMs - DAY));
  }

  lieu(index: number): Lieu {
    const rand = this.rand('lieu', index);
    const commune = this.communeRef(rand);
    const kind = LIEU_KINDS[index % LIEU_KINDS.length]!;
    return {
      ...this.meta('lieu', index, this.startMs + index * DAY, rand),
      nom: `${kind} de ${commune.nom}`,
      adresse: `${int(rand, 1, 40)} ${pick(rand, VOIES)}`,
      commune,
    };
  }

  lieuId(index: number): string {
    return (this.lieuIds[index] ??= seededUuidV7(this.startMs + index * DAY, this.rand('lieu:id', index)));
  }

  beneficiary(index: number): Beneficiary {
    const rand = this.rand('beneficiary', index);
    const meta = this.meta('beneficiary', index, this.beneficiaryCreatedMs(index), rand);
    const genre = genreOf(rand);
    const ageRange = ageOf(rand);
    const anneeNaissance = ageRange
      ? this.now.getFullYear() - int(rand, ageRange[0], ageRange[1])
      : undefined;
    const age = ageRange ? this.now.getFullYear() - anneeNaissance! : 50;
    const anonyme = rand() < 0.08;
    const statutSocial = this.statut(rand, age, ageRange === null);
    const commune = rand() < 0.95 ? this.communeRef(rand) : undefined;
    const base: Beneficiary = {
      ...meta,
      anonyme,
      genre,
      ...(anneeNaissance !== undefined ? { anneeNaissance } : {}),
      statutSocial,
      ...(commune ? { commune } : {}),
      trancheAge: trancheAge(anneeNaissance, this.now),
      sortKey: '',
      searchTokens: [],
    };
    if (anonyme) return { ...base, sortKey: '~', searchTokens: commune ? searchTokens(commune.nom) : [] };
    const female = genre === 'feminin' || (genre === 'non_communique' && rand() < 0.5);
    const prenoms =
      age >= 60
        ? female
          ? PRENOMS_F_OLD
          : PRENOMS_M_OLD
        : age >= 35
          ? female
            ? PRENOMS_F_MID
            : PRENOMS_M_MID
          : female
            ? PRENOMS_F_YOUNG
            : PRENOMS_M_YOUNG;
    const prenom = pick(rand, prenoms);
    const nom = rand() < 0.04 ? `${pick(rand, NOMS)}-${pick(rand, NOMS)}` : pick(rand, NOMS);
    const hasPhone = rand() < 0.82;
    const mobile = age < 75 || rand() < 0.5;
    // « 0590 », « 0594 », « 0596 » are overseas numbers (+590…, src/domain/phone.ts): a metropolitan
    // landline avoids them.
    const landline = (lead: string, rest: string) =>
      lead === '5' && /^9[046]/.test(rest) ? `${lead}8${rest.slice(1)}` : `${lead}${rest}`;
    const telephone = hasPhone
      ? `+33${landline(mobile ? pick(rand, ['6', '7']) : pick(rand, ['5', '9']), String(int(rand, 0, 99_999_999)).padStart(8, '0'))}`
      : undefined;
    const email =
      rand() < (age >= 70 ? 0.3 : 0.65)
        ? `${normalize(prenom).replace(/ /g, '-')}.${normalize(nom).replace(/ /g, '')}${rand() < 0.5 ? int(rand, 1, 99) : ''}@${pick(rand, ['orange.fr', 'gmail.com', 'wanadoo.fr', 'laposte.net', 'free.fr', 'sfr.fr'])}`
        : undefined;
    return {
      ...base,
      prenom,
      nom,
      ...(telephone ? { telephone } : { pasDeTelephone: rand() < 0.3 }),
      ...(email ? { email } : {}),
      ...(commune && rand() < 0.6 ? { adresse: `${int(rand, 1, 120)} ${pick(rand, VOIES)}` } : {}),
      ...(rand() < 0.05 ? { notes: 'Préfère être appelé le matin.' } : {}),
      sortKey: normalize(`${nom} ${prenom}`),
      // The beneficiaries feature's rule (src/data/beneficiaries.ts derivedFields): words of the
      // name and the commune, the phone number in national and international digits.
      searchTokens: [
        ...searchTokens(prenom, nom, commune?.nom),
        ...(telephone ? [`0${telephone.slice(3)}`, telephone.slice(1)] : []),
      ],
    };
  }

  private statut(rand: Random, age: number, unknownAge: boolean): StatutSocial {
    if (unknownAge || rand() < 0.1) return 'non_communique';
    if (age < 18) return 'scolarise';
    if (age >= 63) return rand() < 0.92 ? 'retraite' : 'sans_emploi';
    if (age < 25) return rand() < 0.35 ? 'scolarise' : rand() < 0.6 ? 'sans_emploi' : 'en_emploi';
    return rand() < 0.5 ? 'sans_emploi' : rand() < 0.85 ? 'en_emploi' : 'retraite';
  }

  /** Beneficiaries come back: a few of them account for many sessions (Zipf-like). */
  private someBeneficiary(rand: Random): number {
    return Math.min(this.beneficiaryCount - 1, Math.floor(this.beneficiaryCount * rand() ** 1.6));
  }

  /** Activity i of `total`: dated in order over the period, weekdays mostly. */
  activity(index: number, total: number): Activity {
    const rand = this.rand('activity', index);
    const span = this.now.getTime() - this.startMs;
    let dayMs = this.startMs + Math.floor(((index + rand()) / Math.max(total, 1)) * span);
    const weekday = new Date(dayMs).getUTCDay();
    if (weekday === 0) dayMs += DAY * (rand() < 0.5 ? 1 : -2); // no sessions on Sunday
    const date = toDay(new Date(dayMs));
    const createdMs = Math.floor(
      Math.min(dayMs + int(rand, 8, 19) * 3_600_000 + int(rand, 0, 3) * DAY, this.now.getTime()),
    );
    const meta = this.meta('activity', index, createdMs, rand);
    const collectif = rand() < 0.14;
    const typeLieu: TypeLieu = collectif ? (rand() < 0.95 ? 'lieu_activite' : 'autre') : typeLieuOf(rand);
    const thematiques: (ThematiqueMediation | ThematiqueAdministrative)[] = several(
      rand,
      thematiqueOf,
      rand() < 0.6 ? 1 : rand() < 0.75 ? 2 : 3,
    );
    const demarches = thematiques.includes(THEMATIQUE_DEMARCHES);
    if (demarches) thematiques.push(...several(rand, thematiqueAdminOf, rand() < 0.8 ? 1 : 2));
    const place =
      typeLieu === 'lieu_activite'
        ? { lieuId: this.lieuId(int(rand, 0, this.lieuCount - 1)) }
        : typeLieu === 'a_distance'
          ? {}
          : { lieuCommune: this.communeRef(rand) };
    const common = {
      ...meta,
      date,
      typeLieu,
      ...place,
      thematiques,
      materiel: several(rand, materielOf, rand() < 0.85 ? 1 : 2),
      ...(rand() < 0.12 ? { notes: pick(rand, NOTES_ACTIVITE) } : {}),
    };
    if (!collectif) {
      const oriente = demarches ? rand() < 0.25 : rand() < 0.05;
      const autonomie = autonomieOf(rand);
      return {
        ...common,
        type: 'individuel',
        duree: dureeIndividuelOf(rand),
        beneficiaryIds: rand() < 0.9 ? [this.beneficiaryId(this.someBeneficiary(rand))] : [],
        ...(demarches && rand() < 0.7 ? { precisionsDemarche: pick(rand, DEMARCHES) } : {}),
        ...(autonomie ? { autonomie } : {}),
        orienteVersStructure: oriente,
        ...(oriente ? { structureDeRedirection: redirectionOf(rand) } : {}),
      };
    }
    const identified = int(rand, 0, 6);
    const anonymous = identified === 0 ? int(rand, 2, 10) : int(rand, 0, 5);
    const ids = new Set<string>();
    for (let k = 0; k < identified; k++) ids.add(this.beneficiaryId(this.someBeneficiary(rand)));
    const niveau = niveauOf(rand);
    return {
      ...common,
      type: 'collectif',
      duree: dureeCollectifOf(rand),
      beneficiaryIds: [...ids],
      titreAtelier: pick(rand, ATELIERS),
      ...(niveau ? { niveau } : {}),
      ...(anonymous > 0 ? { participantsAnonymes: this.anonymes(rand, anonymous) } : {}),
    };
  }

  private anonymes(rand: Random, total: number): ParticipantsAnonymes {
    const feminin = int(rand, 0, total);
    const masculin = int(rand, 0, total - feminin);
    const retraite = int(rand, 0, total);
    const old = int(rand, 0, total);
    return {
      total,
      dejaAccompagne: int(rand, 0, total),
      genre: { feminin, masculin },
      trancheAge: { soixante_dix_plus: old, soixante_soixante_neuf: int(rand, 0, total - old) },
      statutSocial: { retraite },
    };
  }

  item(index: number): SeedItem {
    const rand = this.rand('item', index);
    const [type, models, accessories] = itemTypeOf(rand);
    const [marque, modele] = pick(rand, models).split('|') as [string, string];
    const acquired = Math.floor(this.startMs + rand() * (this.now.getTime() - this.startMs - 30 * DAY));
    const origine = itemOriginOf(rand);
    return {
      ...this.meta('item', index, acquired, rand),
      type,
      marque,
      modele,
      numeroSerie: `${type.slice(0, 2).toUpperCase()}${String(int(rand, 0, 99_999_999)).padStart(8, '0')}`,
      inventoryNumber: `INV-${String(index + 1).padStart(4, '0')}`,
      origine,
      ...(origine === 'reconditionne'
        ? { fournisseur: pick(rand, ['Ecodair', 'Emmaüs Connect', 'Ateliers du Bocage']) }
        : {}),
      dateAcquisition: toDay(new Date(acquired)),
      ...(origine !== 'don' ? { valeurAcquisition: int(rand, 4, 45) * 10 } : {}),
      accessoires: accessories.filter(() => rand() < 0.8),
      etat: conditionOf(rand),
      status: itemStatusOf(rand),
      lieuId: this.lieuId(int(rand, 0, this.lieuCount - 1)),
      ...(rand() < 0.1 ? { notes: 'Batterie changée en atelier.' } : {}),
    };
  }

  /** Records [from, to) of one kind, for chunked writes. */
  *range<T>(make: (index: number) => T, from: number, to: number): Generator<T> {
    for (let i = from; i < to; i++) yield make(i);
  }
}

/** The whole structure at once (small sizes: tests, demo). */
export const generateStructure = (
  options: SeedOptions & { activities: number; items: number },
): { lieux: Lieu[]; beneficiaries: Beneficiary[]; activities: Activity[]; items: SeedItem[] } => {
  const g = new SeedGenerator(options);
  const list = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
  return {
    lieux: list(g.lieuCount, (i) => g.lieu(i)),
    beneficiaries: list(options.beneficiaries, (i) => g.beneficiary(i)),
    activities: list(options.activities, (i) => g.activity(i, options.activities)),
    items: list(options.items, (i) => g.item(i)),
  };
};
