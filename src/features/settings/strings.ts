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
  privacy: {
    title: 'Données personnelles (RGPD)',
    intro:
      'Comme le prévoit La Coop, les données personnelles d’un bénéficiaire sont anonymisées un an après leur dernière mise à jour (sa fiche, un accompagnement ou un prêt). Ses accompagnements restent dans les statistiques.',
    dueTitle: 'Anonymisées dans les 30 prochains jours',
    none: 'Aucune fiche ne sera anonymisée dans les 30 prochains jours.',
    due: (day: string) => `Anonymisation prévue le ${day}`,
    keep: 'Conserver',
    keepLabel: (name: string) => `Conserver la fiche de ${name}`,
    kept: (name: string) => `Fiche de ${name} conservée un an de plus.`,
    agreementsLabel: 'Conventions de prêt signées : conservées après le retour pendant (mois)',
    agreementsHint:
      'Une convention est gardée tant que le prêt est en cours, puis ce nombre de mois après le retour du matériel ; elle est ensuite effacée du serveur et des tablettes. 0 : effacée dès le retour.',
    agreementsSave: 'Enregistrer la durée',
    agreementsSaved: 'Durée enregistrée.',
    agreementsInvalid: (max: number) => `Indiquez un nombre entier de mois entre 0 et ${max}.`,
    lockLabel: 'Verrouillage des tablettes après (minutes sans activité)',
    lockHint: (min: number, max: number) =>
      `De ${min} à ${max} minutes, 10 par défaut. Chaque compte rouvre Sillon avec son code ou son mot de passe.`,
    lockInvalid: (min: number, max: number) => `Indiquez un nombre entier de minutes entre ${min} et ${max}.`,
    lockSave: 'Enregistrer le délai',
    lockSaved: 'Délai de verrouillage enregistré (il vaut sur chaque tablette après sa synchronisation).',
    failed: 'L’enregistrement a échoué :',
    notice: 'Notice d’information des bénéficiaires (à imprimer)',
  },
  passkey: {
    title: 'Déverrouillage de la tablette',
    intro:
      'Pour ce compte, sur cette tablette : rouvrir Sillon par le déverrouillage de la tablette (empreinte, visage ou code de la tablette) plutôt que par le code à 6 chiffres, qui reste utilisable.',
    on: 'Activé : Sillon se rouvre avec l’empreinte ou le code de cette tablette.',
    add: 'Déverrouiller avec l’empreinte / le code de la tablette',
    waiting: 'Suivez les indications de la tablette…',
    remove: 'Retirer le déverrouillage de la tablette',
    saved: 'Déverrouillage de la tablette enregistré : il servira à rouvrir Sillon, le code aussi.',
    removed: 'Déverrouillage de la tablette retiré : Sillon se rouvre avec le code à 6 chiffres.',
    unavailable:
      'Ce navigateur ou cette tablette ne le propose pas : Sillon se rouvre avec le code à 6 chiffres.',
    noPrf:
      'Le déverrouillage de cette tablette ne peut pas protéger les clés de Sillon. Continuez avec le code à 6 chiffres.',
    cancelled: 'Déverrouillage de la tablette annulé. Le code à 6 chiffres reste utilisable.',
    failed:
      'Le déverrouillage de la tablette n’a pas pu être enregistré. Le code à 6 chiffres reste utilisable.',
  },
  notice: {
    title: 'Vos données personnelles',
    print: 'Imprimer',
    contactLabel: 'Contact de la structure pour les demandes des bénéficiaires',
    contactHint: 'Adresse, téléphone ou e-mail : il est imprimé sur la notice.',
    save: 'Enregistrer le contact',
    saved: 'Contact enregistré.',
    noName:
      'Le nom de la structure imprimé est celui de la convention de prêt (Prêts → Modèle de convention).',
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
  annuaire: {
    title: 'Lieux de l’annuaire ajoutés par la structure',
    intro:
      'Des lieux où orienter qui ne sont pas dans le fichier de la cartographie (une permanence CAF, l’ordinateur public d’une mairie) : au schéma national, ils rejoignent l’annuaire de toutes les tablettes de la structure à la synchronisation.',
    empty: 'Aucun lieu ajouté par la structure.',
    add: 'Ajouter un lieu à l’annuaire',
    addTitle: 'Nouveau lieu de l’annuaire',
    editTitle: (nom: string) => `Modifier le lieu « ${nom} »`,
    nom: 'Nom du lieu',
    nomHint: 'Par exemple : Permanence CAF de Gramat, Mairie de Lacapelle-Marival (ordinateur public)',
    adresse: 'Adresse',
    commune: 'Commune',
    adresseRequired: 'Veuillez renseigner l’adresse',
    communeRequired: 'Veuillez renseigner la commune',
    pivotRequired: 'Veuillez renseigner le SIRET (ou RNA) : la cartographie nationale l’exige',
    servicesRequired: 'Choisissez au moins un service proposé',
    errorsIntro: 'Ce lieu n’est pas encore complet : voyez les champs signalés.',
    save: 'Enregistrer le lieu',
    cancel: 'Annuler',
    edit: 'Modifier',
    editLabel: (nom: string) => `Modifier ${nom} (annuaire)`,
    delete: 'Supprimer',
    deleteLabel: (nom: string) => `Supprimer ${nom} (annuaire)`,
    deleteTitle: 'Supprimer ce lieu de l’annuaire ?',
    deleteMessage: (nom: string) =>
      `« ${nom} » disparaîtra de l’annuaire de toutes les tablettes de la structure. Les orientations déjà notées le conservent.`,
    deleteConfirm: 'Supprimer',
    saved: (nom: string) => `Le lieu « ${nom} » est enregistré dans l’annuaire.`,
    deleted: (nom: string) => `Le lieu « ${nom} » est supprimé de l’annuaire.`,
    draftTitleNew: 'Nouveau lieu de l’annuaire',
    draftTitleEdit: (nom: string) => `Lieu de l’annuaire « ${nom} » (modification)`,
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
