// Every French string of the déclaration d'accessibilité and the plan du site.
export const strings = {
  title: 'Déclaration d’accessibilité',
  defaultStructure: 'La structure qui utilise Sillon',
  commitment: (structure: string) =>
    `${structure} s’engage à rendre ses services numériques accessibles, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.`,
  appliesTo:
    'Cette déclaration d’accessibilité s’applique à Sillon, l’outil hors ligne des conseillers numériques (accompagnements, bénéficiaires, prêts de matériel, statistiques).',
  state: 'État de conformité',
  stateText: (level: string, reference: string) =>
    `Sillon est ${level} avec le ${reference}${level === 'totalement conforme' ? '.' : ' en raison des non-conformités énumérées ci-dessous.'}`,
  results: 'Résultats des tests',
  resultsText: (rate: string, reference: string) =>
    `L’audit de conformité interne réalisé par l’équipe de Sillon révèle que ${rate} % des critères du ${reference} sont respectés.`,
  counts: (c: number, nc: number, na: number) =>
    `${c} critères conformes, ${nc} non conformes, ${na} non applicables.`,
  notAccessible: 'Contenus non accessibles',
  nonConformities: 'Non-conformités',
  noNonConformity: 'Aucune non-conformité relevée par l’audit.',
  criterion: (id: string, title: string) => `Critère ${id} — ${title}`,
  screen: 'Écran',
  fix: 'Correction prévue',
  derogations: 'Dérogations pour charge disproportionnée',
  noDerogation: 'Aucune.',
  notSubject: 'Contenus non soumis à l’obligation d’accessibilité',
  established: 'Établissement de cette déclaration',
  establishedOn: (date: string) => `Cette déclaration a été établie le ${date}.`,
  technologies: 'Technologies utilisées : HTML, CSS, JavaScript, WAI-ARIA.',
  environment: 'Environnement de test',
  tools: 'Outils pour évaluer l’accessibilité',
  method: 'Méthode',
  scope: 'Pages et écrans vérifiés',
  feedback: 'Retour d’information et contact',
  feedbackText:
    'Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter la structure pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.',
  contactEmail: 'Courriel',
  contactPhone: 'Téléphone',
  noContact:
    'Adressez-vous à votre conseiller numérique ou à l’accueil du lieu. (La structure peut publier ici son adresse : courriel ou téléphone d’un de ses lieux, dans Paramètres.)',
  recourse: 'Voies de recours',
  recourseText:
    'Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu ou une fonctionnalité, que vous nous le signalez et que vous ne parvenez pas à obtenir une réponse de notre part, vous êtes en droit de faire parvenir vos doléances ou une demande de saisine au Défenseur des droits. Plusieurs moyens sont à votre disposition :',
  recourseForm: 'Écrire un message au Défenseur des droits (formulaire en ligne)',
  recourseDelegate: 'Contacter le délégué du Défenseur des droits dans votre région',
  recoursePhone: 'Appeler le 09 69 39 00 00',
  recourseMail:
    'Envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07',
  plan: 'Schéma pluriannuel',
  planText:
    'La structure publie son schéma pluriannuel de mise en accessibilité et son plan d’action annuel (modèle fourni avec Sillon : docs/accessibilite/schema-pluriannuel.md).',
  sitemap: {
    title: 'Plan du site',
    intro: 'Toutes les sections de Sillon et leurs écrans.',
  },
};
