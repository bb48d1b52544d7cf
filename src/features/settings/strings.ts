// Every French string of the settings feature.
export const strings = {
  title: 'Paramètres',
  structure: {
    title: 'Ma structure',
    commune: 'Commune de la structure employeuse',
    hint: 'Les accompagnements « À distance » y sont comptés, comme dans La Coop (statistiques « Par communes » et exports).',
    none: 'Non renseignée : les accompagnements à distance sont comptés « Non communiqué ».',
    save: 'Enregistrer la commune',
    edit: 'Indiquer la commune de la structure',
    cancel: 'Annuler',
    saved: 'Commune enregistrée.',
    failed: 'L’enregistrement a échoué :',
    readOnly: (c: string) => `Commune de la structure employeuse : ${c}.`,
    readOnlyHint: 'Seul un coordinateur peut la modifier.',
  },
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
    draftTitleNew: 'Nouveau lieu d’activité',
    draftTitleEdit: (nom: string) => `Lieu d’activité « ${nom} » (modification)`,
    draftRestored: (when: string) => `Brouillon restauré (enregistré ${when}).`,
    schemaSummary: 'Fiche pour la cartographie nationale (services, publics, horaires, contact…)',
    schemaIntro:
      'Ces informations suivent le schéma national des lieux de médiation numérique : elles servent à l’export pour la cartographie (Lot Numérique, Déclic 47…).',
  },
  export: {
    title: 'Exporter pour la cartographie',
    intro:
      'Vos lieux d’activité au schéma national des lieux de médiation numérique (CSV de la cartographie nationale et JSON), vérifiés avant le téléchargement : à transmettre à Lot Numérique, au coordinateur Déclic 47…',
    prepare: 'Préparer l’export',
    again: 'Vérifier à nouveau',
    failed: 'L’export a échoué :',
    summary: (valid: number, refused: number) =>
      refused === 0
        ? `${valid} lieu${valid > 1 ? 'x' : ''} prêt${valid > 1 ? 's' : ''} pour la cartographie.`
        : `${valid} lieu${valid > 1 ? 'x' : ''} prêt${valid > 1 ? 's' : ''}, ${refused} à compléter.`,
    refusedIntro:
      'Ces lieux ne sont pas dans l’export tant qu’ils ne sont pas complétés (bouton « Modifier ») :',
    csv: (n: number) => `Télécharger le CSV (${n} lieu${n > 1 ? 'x' : ''})`,
    json: (n: number) => `Télécharger le JSON (${n} lieu${n > 1 ? 'x' : ''})`,
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
