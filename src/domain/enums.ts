// La Coop de la médiation numérique's vocabulary (see ../shared/reference/domain.md).
// Stored values are La Coop's snake_case db/api codes; labels are the French UI text.

export interface Choice<C extends string = string> {
  readonly value: C;
  readonly label: string;
  readonly hint?: string;
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

/** La Coop's four statistics buckets (dureeAccompagnementStatisticsRanges). */
export const DUREE_BUCKETS = choices([
  { value: '30', label: 'Moins de 30 min' },
  { value: '60', label: '30min à 1 h' },
  { value: '120', label: '1 h à 2 h' },
  { value: 'more', label: '2 h et plus' },
]);
export type DureeBucket = ValueOf<typeof DUREE_BUCKETS>;

export const TYPES_LIEU = choices([
  { value: 'lieu_activite', label: 'Lieu d’activité' },
  { value: 'domicile', label: 'À domicile' },
  { value: 'a_distance', label: 'À distance' },
  { value: 'autre', label: 'Autre lieu' },
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

export const THEMATIQUES_MEDIATION = choices([
  {
    value: 'diagnostic_numerique',
    label: 'Diagnostic numérique',
    hint: 'Évaluation des compétences numériques des bénéficiaires',
  },
  {
    value: 'prendre_en_main_du_materiel',
    label: 'Prendre en main du matériel',
    hint: 'Utiliser un ordinateur, une tablette ou un smartphone',
  },
  { value: 'maintenance_de_materiel', label: 'Maintenance de matériel', hint: 'Maintenance de niveau 1' },
  {
    value: 'gere_ses_contenus_numeriques',
    label: 'Gérer ses contenus numériques',
    hint: 'Organiser, stocker et retrouver des données…',
  },
  { value: 'navigation_sur_internet', label: 'Navigation sur internet', hint: 'Faire une recherche' },
  { value: 'email', label: 'E-mail', hint: 'Choisir & créer une boîte mail' },
  { value: 'bureautique', label: 'Bureautique', hint: 'Outils de traitement de texte, tableur…' },
  {
    value: 'reseaux_sociaux',
    label: 'Réseaux sociaux communication',
    hint: 'Maintenir un lien social avec les réseaux sociaux.',
  },
  { value: 'sante', label: 'Santé', hint: 'Ameli' },
  { value: 'banque_et_achats_en_ligne', label: 'Banque et achats en ligne', hint: 'Application bancaire' },
  { value: 'entrepreneuriat', label: 'Accompagner un professionnel', hint: 'Créer mon entreprise' },
  {
    value: 'insertion_professionnelle',
    label: 'Insertion professionnelle',
    hint: 'France Travail, Mon Compte Formation…',
  },
  {
    value: 'securite_numerique',
    label: 'Prévention en sécurité numérique',
    hint: 'Me connecter sans risque',
  },
  { value: 'parentalite', label: 'Parentalité', hint: 'Utiliser une plateforme de suivi scolaire' },
  {
    value: 'scolarite_et_numerique',
    label: 'Scolarité et numérique',
    hint: 'Accompagner un groupe scolaire et/ou un enfant…',
  },
  {
    value: 'creer_avec_le_numerique',
    label: 'Créer avec le numérique',
    hint: 'Création / gestion de médias…',
  },
  { value: 'culture_numerique', label: 'Culture numérique', hint: 'Usages responsables du numérique' },
  {
    value: 'intelligence_artificielle',
    label: 'Intelligence artificielle (IA)',
    hint: 'Comprendre les enjeux autour de l’IA',
  },
  {
    value: THEMATIQUE_DEMARCHES,
    label: 'Aide aux démarches administratives',
    hint: 'Aider le bénéficiaire à trouver la bonne plateforme…',
  },
]);

export const THEMATIQUES_ADMINISTRATIVES = choices([
  {
    value: 'papiers_elections_citoyennete',
    label: 'Papiers - Élections - Citoyenneté',
    hint: 'État-civil, Passeport, Élections…',
  },
  { value: 'famille_scolarite', label: 'Famille - Scolarité', hint: 'Allocations familiales, Naissance…' },
  { value: 'social_sante', label: 'Social - Santé', hint: 'Carte vitale, Chômage, Handicap, RSA…' },
  { value: 'travail_formation', label: 'Travail - Formation - Entreprise', hint: 'CDD, Concours, Retraite…' },
  { value: 'logement', label: 'Logement', hint: 'Allocations logement…' },
  { value: 'transports_mobilite', label: 'Transports - Mobilité', hint: 'Carte grise, Permis…' },
  { value: 'argent_impots', label: 'Argent - Impôts', hint: 'Impôts, Livret A…' },
  { value: 'justice', label: 'Justice', hint: 'Casier judiciaire, Plainte…' },
  { value: 'etrangers_europe', label: 'Étrangers - Europe', hint: 'Titres de séjour…' },
  { value: 'loisirs_sports_culture', label: 'Loisirs - Sports - Culture', hint: 'Animaux, Permis bateau…' },
  { value: 'associations', label: 'Associations', hint: 'Statuts, Fonctionnement, Financement…' },
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
