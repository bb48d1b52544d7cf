// Every string of the app shell, in one place (a translation would add a sibling file).
export const strings = {
  appName: 'Sillon',
  skipToContent: 'Aller au contenu',
  footer: {
    label: 'Pied de page',
    accessibility: (level: string) => `Accessibilité : ${level}`,
    sitemap: 'Plan du site',
  },
  nav: {
    label: 'Navigation principale',
    home: 'Accueil',
    beneficiaries: 'Bénéficiaires',
    activities: 'Activités',
    loans: 'Matériel et prêts',
    annuaire: 'Annuaire',
    ateliers: 'Ateliers',
    stats: 'Statistiques',
    sync: 'Synchronisation',
    settings: 'Paramètres',
  },
  online: 'En ligne',
  offline: 'Hors ligne',
  offlineHint: 'Hors ligne : tout est enregistré sur la tablette',
  update: {
    available: 'Nouvelle version disponible',
    explain: 'Votre saisie en cours est enregistrée avant la mise à jour.',
    accept: 'Mettre à jour',
    later: 'Plus tard',
    offlineReady: 'Sillon fonctionne maintenant sans réseau.',
    close: 'Fermer',
  },
  schemaOutdated: {
    title: 'Sillon a été mis à jour dans un autre onglet',
    text: 'Cet onglet utilise encore l’ancienne version : rechargez-le pour continuer. Ce que vous étiez en train de saisir a été enregistré.',
    reload: 'Recharger',
  },
  notFound: {
    title: 'Page introuvable',
    text: 'Cette page n’existe pas.',
    back: 'Retour à l’accueil',
  },
  error: {
    title: 'Une erreur est survenue',
    text: 'Vos données enregistrées ne sont pas perdues. Rechargez la page pour continuer.',
    reload: 'Recharger',
  },
  loading: 'Chargement…',
};
