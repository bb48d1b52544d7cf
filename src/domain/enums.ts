// La Coop de la médiation numérique's vocabulary (see ../shared/reference/domain.md).
// Stored values are La Coop's snake_case db/api codes; labels are the French UI text.

export interface Choice<C extends string = string> {
  readonly value: C;
  readonly label: string;
  /** La Coop's first hint line, word for word (what a chip shows under its label). */
  readonly hint?: string;
  /** Every hint line La Coop shows in its tooltip (thématiques: examples, then organisations). */
  readonly hints?: readonly string[];
}

const choices = <const T extends readonly Choice[]>(list: T) => list;
export type ValueOf<T extends readonly Choice[]> = T[number]['value'];

export const labelOf = (list: readonly Choice[], value: string | null | undefined): string =>
  list.find((c) => c.value === value)?.label ?? '';

export const TYPES_ACTIVITE = choices([
  { value: 'individuel', label: 'Accompagnement individuel' },
  { value: 'collectif', label: 'Atelier collectif' },
]);
export type TypeActivite = ValueOf<typeof TYPES_ACTIVITE>;

export const DUREES = choices([
  { value: '15', label: '15mn' },
  { value: '30', label: '30mn' },
  { value: '45', label: '45mn' },
  { value: '60', label: '1h' },
  { value: '90', label: '1h30' },
  { value: '120', label: '2h' },
]);

/**
 * La Coop's four statistics buckets (dureeAccompagnementStatisticsRanges in
 * features/activites/use-cases/cra/fields/duree-accompagnement.ts), labels as La Coop writes them:
 * a no-break space (U+00A0) before « min » and « h », none in « 30min ».
 */
export const DUREE_BUCKETS = choices([
  { value: '30', label: 'Moins de 30\u00a0min' },
  { value: '60', label: '30min à 1\u00a0h' },
  { value: '120', label: '1\u00a0h à 2\u00a0h' },
  { value: 'more', label: '2\u00a0h et plus' },
]);
export type DureeBucket = ValueOf<typeof DUREE_BUCKETS>;

/** In La Coop's display order (typeLieuLabels in cra/fields/type-lieu.ts), used everywhere. */
export const TYPES_LIEU = choices([
  { value: 'lieu_activite', label: 'Lieu d’activité' },
  { value: 'autre', label: 'Autre lieu' },
  { value: 'domicile', label: 'À domicile' },
  { value: 'a_distance', label: 'À distance' },
]);
export type TypeLieu = ValueOf<typeof TYPES_LIEU>;

export const MATERIELS = choices([
  { value: 'ordinateur', label: 'Ordinateur' },
  { value: 'telephone', label: 'Téléphone' },
  { value: 'tablette', label: 'Tablette' },
  { value: 'autre', label: 'Autre' },
  { value: 'aucun', label: 'Pas de matériel' },
]);
export type Materiel = ValueOf<typeof MATERIELS>;

export const THEMATIQUE_DEMARCHES = 'aide_aux_demarches_administratives';

/**
 * A thématique with La Coop's hint lines, word for word (thematiqueHints in
 * features/activites/use-cases/cra/fields/thematique.ts): the first one under the chip, all of them
 * in the tooltip.
 */
const thematique = <V extends string>(value: V, label: string, hints: readonly [string, ...string[]]) => ({
  value,
  label,
  hint: hints[0],
  hints,
});

export const THEMATIQUES_MEDIATION = choices([
  thematique('diagnostic_numerique', 'Diagnostic numérique', [
    'Évaluation des compétences numériques des bénéficiaires',
    'Réaliser un questionnaire d’évaluation (ex : ABC Diag de Pix)',
  ]),
  thematique('prendre_en_main_du_materiel', 'Prendre en main du matériel', [
    'Utiliser un ordinateur, une tablette ou un smartphone',
    'Utiliser des périphériques (réseau wifi, clé USB, imprimante, scanner…)',
    'Connaître & configurer les outils de base',
  ]),
  thematique('maintenance_de_materiel', 'Maintenance de matériel', [
    'Maintenance de niveau 1',
    'Installation et paramétrage de matériel informatique',
    'Mise à jour des systèmes, installer/désinstaller outils et applications...',
  ]),
  thematique('gere_ses_contenus_numeriques', 'Gérer ses contenus numériques', [
    'Organiser, stocker et retrouver des données, des informations et des contenus dans des environnements numériques',
    'ex. : base de données, espace de stockage en ligne, gestionnaire de fichiers...',
  ]),
  thematique('navigation_sur_internet', 'Navigation sur internet', [
    'Faire une recherche',
    'Naviguer sur internet',
    'Me connecter, remplir un formulaire…',
  ]),
  thematique('email', 'E-mail', [
    'Choisir & créer une boîte mail',
    'Envoyer et consulter des mails',
    'Envoyer et recevoir des documents',
  ]),
  thematique('bureautique', 'Bureautique', [
    'Outils de traitement de texte, tableur…',
    'Gérer mes documents',
  ]),
  thematique('reseaux_sociaux', 'Réseaux sociaux communication', [
    'Maintenir un lien social avec les réseaux sociaux.',
    'Utiliser son téléphone pour communiquer : Mails, Sms, Whatsapp, etc.',
    'Prendre en main un logiciel de visioconférence.',
  ]),
  thematique('sante', 'Santé', [
    'Ameli',
    'Mon Espace Santé',
    'Prendre rendez-vous chez un spécialiste (Doctolib…)',
  ]),
  thematique('banque_et_achats_en_ligne', 'Banque et achats en ligne', [
    'Application bancaire',
    'Effectuer un achat en ligne',
    'Gérer son budget (tableurs, etc.)',
  ]),
  thematique('entrepreneuriat', 'Accompagner un professionnel', [
    'Créer mon entreprise',
    'Communication professionnelle (Site internet, réseaux sociaux…)',
    'Outils pour gérer mon entreprise : comptabilité, gestion, collaboration, etc.',
  ]),
  thematique('insertion_professionnelle', 'Insertion professionnelle', [
    'France Travail, Mon Compte Formation…',
    'Créer & diffuser son CV en ligne',
    'Rechercher un emploi en ligne',
  ]),
  thematique('securite_numerique', 'Prévention en sécurité numérique', [
    'Me connecter sans risque',
    'Protéger mes informations personnelles',
    'Reconnaître les sites et messages frauduleux',
  ]),
  thematique('parentalite', 'Parentalité', [
    'Utiliser une plateforme de suivi scolaire',
    'Sites et logiciels éducatifs',
    'Dangers pour mon enfant & harcèlement',
  ]),
  thematique('scolarite_et_numerique', 'Scolarité et numérique', [
    'Accompagner un groupe scolaire et/ou un enfant sur un outil numérique',
    'Évaluer le niveau des jeunes avec un logiciel (maths, français, etc.)',
  ]),
  thematique('creer_avec_le_numerique', 'Créer avec le numérique', [
    'Création / gestion de médias : photos, vidéos, illustrations',
    'Fablabs : impression 3D, code',
  ]),
  thematique('culture_numerique', 'Culture numérique', [
    'Usages responsables du numérique',
    'Fake news, éducation aux médias',
    'Citoyenneté & engagement',
    'RGPD, Open Source, Licences libres…',
  ]),
  thematique('intelligence_artificielle', 'Intelligence artificielle (IA)', [
    'Comprendre les enjeux autour de l’IA',
    'Utiliser et interagir de manière critique avec les outils d’IA',
    'Animer un Café IA dans le cadre d’un atelier collectif',
  ]),
  thematique(THEMATIQUE_DEMARCHES, 'Aide aux démarches administratives', [
    'Aider le bénéficiaire à trouver la bonne plateforme pour sa démarche',
    'Apprendre à s’inscrire et utiliser les services : CAF, Impôts, France Connect, etc...',
  ]),
]);

export const THEMATIQUES_ADMINISTRATIVES = choices([
  thematique('papiers_elections_citoyennete', 'Papiers - Élections - Citoyenneté', [
    'État-civil, Passeport, Élections, Papiers à conserver, Carte d’identité...',
    'ANTS · Défenseur des droits',
  ]),
  thematique('famille_scolarite', 'Famille - Scolarité', [
    'Allocations familiales, Naissance, Mariage, Pacs, Scolarité...',
    'CAF · EduConnect · ameli.fr',
  ]),
  thematique('social_sante', 'Social - Santé', [
    'Carte vitale, Chômage, Handicap, RSA, Personnes âgées...',
    'ameli.fr · MSA',
  ]),
  thematique('travail_formation', 'Travail - Formation - Entreprise', [
    'CDD, Concours, Retraite, Démission, Période d’essai...',
    'France Travail · Mon compte formation · info-retraite.fr',
  ]),
  thematique('logement', 'Logement', [
    'Allocations logement, Permis de construire, Logement social, Fin de bail...',
    'CAF · Enedis',
  ]),
  thematique('transports_mobilite', 'Transports - Mobilité', [
    'Carte grise, Permis de conduire, Contrôle technique, Infractions...',
    'ANTS · ANTAI · Crit’air',
  ]),
  thematique('argent_impots', 'Argent - Impôts', [
    'Crédit immobilier, Impôts, Consommation, Livret A, Assurance, Surendettement...',
    'impots.gouv.fr · Timbres fiscaux',
  ]),
  thematique('justice', 'Justice', [
    'Casier judiciaire, Plainte, Aide juridictionnelle, Saisie...',
    'Télérecours citoyens',
  ]),
  thematique('etrangers_europe', 'Étrangers - Europe', [
    'Titres de séjour, Attestation d’accueil, Regroupement familial...',
    'OFPRA',
  ]),
  thematique('loisirs_sports_culture', 'Loisirs - Sports - Culture', [
    'Animaux, Permis bateau, Tourisme, Permis de chasser...',
    'Ariane',
  ]),
  thematique('associations', 'Associations', [
    'Statuts, Fonctionnement, Financement...',
    'Familles rurales · Croix-Rouge Française · Les Restos du cœur · Emmaüs',
  ]),
]);

export const THEMATIQUES = [...THEMATIQUES_MEDIATION, ...THEMATIQUES_ADMINISTRATIVES] as const;
export type ThematiqueMediation = ValueOf<typeof THEMATIQUES_MEDIATION>;
export type ThematiqueAdministrative = ValueOf<typeof THEMATIQUES_ADMINISTRATIVES>;
export type Thematique = ThematiqueMediation | ThematiqueAdministrative;

export const AUTONOMIES = choices([
  { value: 'entierement_accompagne', label: 'Avec guidage' },
  { value: 'partiellement_autonome', label: 'Autonome avec guidage en cas de besoin' },
  { value: 'autonome', label: 'Autonome' },
]);
export type Autonomie = ValueOf<typeof AUTONOMIES>;

export const STRUCTURES_REDIRECTION = choices([
  { value: 'administration', label: 'Administration (mairie, préfecture…)' },
  { value: 'mediation_numerique', label: 'Autre structure de médiation numérique' },
  {
    value: 'operateur_ou_organisme_en_charge',
    label: 'Opérateur ou organisme en charge de la démarche administrative',
  },
  { value: 'aide_sociale', label: 'Structure d’aide sociale (maison des solidarités, centre social…)' },
  {
    value: 'insertion_professionnelle',
    label: 'Structure d’insertion professionnelle (France Travail, mission locale, chambre de commerce…)',
  },
  {
    value: 'aide_aux_demarches_administratives',
    label: 'Structure d’aide aux démarches administratives (France Services…)',
  },
  { value: 'autre', label: 'Autre' },
]);
export type StructureDeRedirection = ValueOf<typeof STRUCTURES_REDIRECTION>;

export const NIVEAUX_ATELIER = choices([
  { value: 'debutant', label: 'Débutant' },
  { value: 'intermediaire', label: 'Intermédiaire' },
  { value: 'avance', label: 'Avancé' },
]);
export type NiveauAtelier = ValueOf<typeof NIVEAUX_ATELIER>;

export const GENRES = choices([
  { value: 'masculin', label: 'Masculin' },
  { value: 'feminin', label: 'Féminin' },
  { value: 'non_communique', label: 'Non communiqué' },
]);
export type Genre = ValueOf<typeof GENRES>;

/** Display order of La Coop (oldest first). */
export const TRANCHES_AGE = choices([
  { value: 'soixante_dix_plus', label: '70 ans et plus' },
  { value: 'soixante_soixante_neuf', label: '60 - 69 ans' },
  { value: 'quarante_cinquante_neuf', label: '40 - 59 ans' },
  { value: 'vingt_cinq_trente_neuf', label: '25 - 39 ans' },
  { value: 'dix_huit_vingt_quatre', label: '18 - 24 ans' },
  { value: 'douze_dix_huit', label: '12 - 17 ans' },
  { value: 'moins_de_douze', label: 'Moins de 12 ans' },
  { value: 'non_communique', label: 'Non communiqué' },
]);
export type TrancheAge = ValueOf<typeof TRANCHES_AGE>;

export const STATUTS_SOCIAUX = choices([
  { value: 'retraite', label: 'Retraité' },
  { value: 'sans_emploi', label: 'Sans emploi' },
  { value: 'en_emploi', label: 'En emploi' },
  { value: 'scolarise', label: 'Scolarisé' },
  { value: 'non_communique', label: 'Non communiqué ou hétérogène' },
]);
export type StatutSocial = ValueOf<typeof STATUTS_SOCIAUX>;

export const values = <T extends readonly Choice[]>(list: T): [ValueOf<T>, ...ValueOf<T>[]] =>
  list.map((c) => c.value) as [ValueOf<T>, ...ValueOf<T>[]];
