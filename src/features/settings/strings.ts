// Every French string of the settings feature.
export const strings = {
  title: 'Paramètres',
  lieux: {
    title: 'Mes lieux d’activité',
    intro: 'Les lieux où vous accompagnez : ils sont proposés dans les formulaires d’activité.',
    empty: 'Aucun lieu d’activité enregistré.',
    add: 'Ajouter un lieu',
    addTitle: 'Nouveau lieu d’activité',
    editTitle: (nom: string) => `Modifier le lieu « ${nom} »`,
    nom: 'Nom du lieu',
    nomHint: 'Par exemple : Médiathèque de Figeac, France Services de Gourdon',
    adresse: 'Adresse',
    commune: 'Commune',
    save: 'Enregistrer le lieu',
    cancel: 'Annuler',
    edit: 'Modifier',
    editLabel: (nom: string) => `Modifier ${nom}`,
    delete: 'Supprimer',
    deleteLabel: (nom: string) => `Supprimer ${nom}`,
    deleteTitle: 'Supprimer ce lieu d’activité ?',
    deleteMessage: (nom: string) =>
      `« ${nom} » ne sera plus proposé dans les formulaires. Les activités déjà saisies à ce lieu le conservent.`,
    deleteConfirm: 'Supprimer',
    saved: (nom: string) => `Le lieu « ${nom} » est enregistré.`,
    deleted: (nom: string) => `Le lieu « ${nom} » est supprimé.`,
    saveFailed: 'L’enregistrement a échoué. Votre saisie est conservée : réessayez.',
    draftTitleNew: 'Nouveau lieu d’activité',
    draftTitleEdit: (nom: string) => `Lieu d’activité « ${nom} » (modification)`,
    draftRestored: (when: string) => `Brouillon restauré (enregistré ${when}).`,
  },
  storage: {
    title: 'Stockage sur la tablette',
    persistence: 'Stockage persistant',
    granted: 'Accordé : le navigateur ne supprimera pas les données de Sillon pour libérer de la place.',
    notGranted:
      'Non accordé : si la tablette manque de place, le navigateur pourrait effacer les données de Sillon qui n’ont pas encore été synchronisées.',
    unsupported: 'Ce navigateur ne permet pas de demander un stockage persistant.',
    request: 'Demander le stockage persistant',
    refused:
      'Le navigateur a refusé pour l’instant. Installez Sillon sur l’écran d’accueil, puis réessayez : les navigateurs l’accordent plus volontiers aux applications installées.',
    usage: 'Espace utilisé',
    usageValue: (used: string, quota: string, percent: string) =>
      `${used} sur ${quota} disponibles (${percent})`,
    usageUnknown: 'Non disponible dans ce navigateur',
    underOnePerMille: 'moins de 0,1 %',
    checking: 'Vérification…',
  },
  about: {
    title: 'À propos',
    version: 'Version de Sillon',
    departements: 'Communes disponibles hors ligne',
    departementsValue: (codes: string[]) =>
      codes.length === 1 ? `Département ${codes[0]}` : `Départements ${codes.join(', ')}`,
    departementsHint:
      'Les communes des autres départements sont téléchargées la première fois qu’on les cherche.',
  },
};
