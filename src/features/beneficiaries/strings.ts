import { NOTES_WARNING } from '../../domain/beneficiary';

// Every French string of the beneficiaries feature. Labels and messages follow La Coop's forms.
export const strings = {
  announce: {
    saved: 'Bénéficiaire enregistré.',
    // Not the list's own words (« Le bénéficiaire a été supprimé. »): one text, one place on screen.
    deleted: 'Bénéficiaire supprimé.',
  },
  anonymous: 'Bénéficiaire anonyme',
  notProvided: 'Non renseigné',
  loading: 'Chargement…',
  notFound: {
    title: 'Bénéficiaire introuvable',
    text: 'Ce bénéficiaire n’existe pas sur cette tablette ou a été supprimé.',
    back: 'Retour à la liste des bénéficiaires',
  },
  exports: {
    title: 'Exporter',
    hintAll: 'Tous les bénéficiaires suivis de la liste, produits sur la tablette, même hors ligne.',
    hintSearch: (q: string) => `Les bénéficiaires qui correspondent à « ${q} », produits sur la tablette.`,
    lacoop: 'Exporter pour La Coop',
    xlsx: 'Bénéficiaires (xlsx)',
    csv: 'CSV',
    working: 'Préparation du fichier…',
    failed: 'L’export a échoué :',
    ready: (name: string) => `Fichier « ${name} » prêt.`,
    count: (n: number) =>
      n === 0
        ? 'Aucune personne dans le fichier.'
        : n === 1
          ? '1 personne dans le fichier.'
          : `${n} personnes dans le fichier.`,
    nameTooLong: (n: number) =>
      `${n} laissée${n > 1 ? 's' : ''} de côté : nom ou prénom de plus de 100 caractères, que La Coop n’importe pas.`,
    nameMissing: (n: number) => `${n} laissée${n > 1 ? 's' : ''} de côté : sans nom ou sans prénom.`,
    communesUnknown: (n: number) =>
      `${n} sans commune : leur commune n’existe pas dans la liste de La Coop (commune nouvelle).`,
    phonesDropped: (n: number) => `${n} sans téléphone : numéro que La Coop n’accepterait pas.`,
    lacoopHowTo:
      'Dans La Coop : Mes bénéficiaires › Importer des bénéficiaires, puis choisissez ce fichier tel quel.',
  },
  importer: {
    title: 'Importer des bénéficiaires',
    open: 'Importer',
    intro:
      'Choisissez le modèle d’import de La Coop (coop-numerique_import-beneficiaires.xlsx) rempli, l’export « Bénéficiaires » de La Coop, ou un export de Sillon (« Exporter pour La Coop », « Bénéficiaires » en xlsx ou en CSV). Rien n’est enregistré avant votre confirmation.',
    file: 'Fichier à importer',
    fileHint: 'Fichier Excel (.xlsx) ou CSV',
    reading: 'Lecture du fichier…',
    unreadable: 'Le fichier n’a pas pu être lu.',
    layoutModele: 'Modèle d’import de La Coop : une personne par ligne à partir de la ligne 4.',
    layoutExport: 'Export « Bénéficiaires » : une personne par ligne sous les en-têtes.',
    detected: (n: number) => (n === 1 ? '1 personne détectée' : `${n} personnes détectées`),
    summary: (ok: number, duplicates: number, errors: number) =>
      [
        ok === 1 ? '1 à importer' : `${ok} à importer`,
        duplicates ? `${duplicates} déjà sur la tablette ou en double dans le fichier` : '',
        errors ? (errors === 1 ? '1 ligne en erreur' : `${errors} lignes en erreur`) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    noError: 'Aucune erreur détectée.',
    errorsAdvice:
      'Les lignes en erreur ne seront pas importées : corrigez-les dans votre fichier puis importez-le à nouveau. Les autres peuvent être importées dès maintenant.',
    table: 'Personnes du fichier',
    line: 'Ligne',
    status: 'Statut',
    nom: 'Nom',
    prenom: 'Prénom',
    anneeNaissance: 'Année de naissance',
    commune: 'Commune de résidence',
    telephone: 'Téléphone',
    email: 'E-mail',
    genre: 'Genre',
    notes: 'Notes supplémentaires',
    statusOk: 'À importer',
    statusError: 'Erreur',
    statusDuplicate: 'Doublon',
    statusSkipped: 'Non importée',
    duplicateOf: 'Déjà sur la tablette :',
    sameAsLine: (line: number) => `Même personne qu’à la ligne ${line} du fichier.`,
    example: 'Ligne d’exemple du modèle de La Coop.',
    importAnyway: 'Importer quand même',
    confirm: (n: number) =>
      n === 0
        ? 'Aucun bénéficiaire à importer'
        : n === 1
          ? 'Importer 1 bénéficiaire'
          : `Importer ${n} bénéficiaires`,
    importing: 'Import en cours…',
    progress: (written: number, total: number) => `Import en cours… ${written} sur ${total}`,
    done: (n: number) => (n === 1 ? '1 bénéficiaire importé.' : `${n} bénéficiaires importés.`),
    failed: 'L’import a échoué : aucun bénéficiaire n’a été enregistré. Réessayez.',
    interrupted: (written: number, left: number) =>
      `L’import s’est interrompu : ${written === 1 ? '1 bénéficiaire a été enregistré' : `${written} bénéficiaires ont été enregistrés`}, ${left === 1 ? 'le dernier ne l’a pas été' : `les ${left} autres non`}. Ils ne sont plus dans la liste ci-dessous : validez à nouveau pour importer les autres.`,
    another: 'Choisir un autre fichier',
    backToList: 'Voir la liste des bénéficiaires',
  },
  merge: {
    title: 'Fusionner deux fiches',
    open: (name: string) => `Fusionner avec la fiche de ${name}`,
    intro: (kept: string, other: string) =>
      `La fiche de ${kept} est conservée ; celle de ${other} est supprimée après la fusion. Choisissez, pour chaque information qui diffère, la valeur à garder.`,
    impact: (activities: number, loans: number) =>
      // French takes the singular for 0 and 1.
      `${activities} accompagnement${activities > 1 ? 's' : ''} et ${loans} prêt${loans > 1 ? 's' : ''} de la fiche supprimée passeront sur la fiche conservée.`,
    same: 'Identique sur les deux fiches',
    keep: (value: string) => `Garder : ${value}`,
    take: (value: string) => `Prendre : ${value}`,
    identical: 'Les autres informations sont identiques sur les deux fiches.',
    swap: 'Conserver plutôt l’autre fiche',
    confirm: 'Fusionner les deux fiches',
    confirmTitle: 'Fusionner ces deux fiches ?',
    confirmMessage:
      'La fiche supprimée est anonymisée, comme une suppression ; ses accompagnements et ses prêts sont rattachés à la fiche conservée. La fusion se synchronise comme toute modification.',
    merging: 'Fusion en cours…',
    done: 'Les deux fiches ont été fusionnées.',
    forbidden:
      'Vous ne pouvez pas fusionner ces fiches : la fiche supprimée par la fusion doit être la vôtre (ou demandez à un coordinateur).',
    cancel: 'Annuler',
  },
  list: {
    title: 'Bénéficiaires',
    create: 'Nouveau bénéficiaire',
    searchLabel: 'Rechercher un bénéficiaire',
    searchHint: 'Nom, prénom, téléphone ou commune',
    count: (n: string, total: number) => (total === 1 ? '1 bénéficiaire' : `${n} bénéficiaires`),
    results: (n: number, capped: boolean) =>
      n === 0
        ? 'Aucun résultat'
        : capped
          ? `Les ${n} premiers résultats : précisez la recherche`
          : n === 1
            ? '1 résultat'
            : `${n} résultats`,
    searching: 'Recherche…',
    more: 'Afficher plus',
    empty: 'Aucun bénéficiaire enregistré pour le moment.',
    emptyCreate: 'Enregistrer un premier bénéficiaire',
    noMatch: (q: string) => `Aucun bénéficiaire ne correspond à « ${q} ».`,
    createFromQuery: (q: string) => `Créer « ${q} »`,
    drafts: 'Saisies à reprendre',
    resume: 'Reprendre',
    draftSaved: (when: string) => `enregistrée ${when}`,
    deleted: 'Le bénéficiaire a été supprimé.',
  },
  form: {
    titleNew: 'Nouveau bénéficiaire',
    titleEdit: (name: string) => `Modifier ${name}`,
    /** The browser's title of the edit form: its history keeps it, so no name. */
    documentTitleEdit: 'Modifier un bénéficiaire',
    draftTitleNew: (name: string) => (name ? `Nouveau bénéficiaire : ${name}` : 'Nouveau bénéficiaire'),
    draftTitleEdit: (name: string) => `Modification du bénéficiaire ${name}`,
    requiredNote: 'Les champs marqués d’un astérisque (*) sont obligatoires.',
    draftRestored: 'Brouillon restauré',
    draftRestoredText: (when: string) => `Votre saisie non enregistrée (${when}) a été reprise.`,
    discardDraft: 'Abandonner le brouillon',
    discardTitle: 'Abandonner le brouillon ?',
    discardMessage: 'Ce qui a été saisi dans ce formulaire et non enregistré sera effacé.',
    discardConfirm: 'Abandonner',
    autosaved: (time: string) => `Brouillon enregistré sur la tablette à ${time}`,
    kind: 'Type de bénéficiaire',
    kindIdentified: 'Bénéficiaire suivi (identifié)',
    kindAnonymous: 'Bénéficiaire anonyme',
    kindHint:
      'Un bénéficiaire anonyme n’a ni nom, ni coordonnées : seules ses données socio-démographiques sont gardées.',
    identity: 'Identité',
    contact: 'Coordonnées',
    profile: 'Informations complémentaires',
    prenom: 'Prénom',
    nom: 'Nom',
    telephone: 'Téléphone',
    telephoneHint: 'Par exemple 06 12 34 56 78 ou +33 6 12 34 56 78',
    pasDeTelephone: 'Pas de téléphone',
    email: 'E-mail',
    emailHint: 'Par exemple nom@domaine.fr',
    anneeNaissance: 'Année de naissance',
    anneeNaissanceHint: 'Par exemple 1958. La tranche d’âge en est déduite.',
    trancheAge: 'Tranche d’âge',
    adresse: 'Adresse',
    commune: 'Commune de résidence',
    communeHint: 'Tapez le nom ou le code postal, puis choisissez dans la liste.',
    allFrance: 'Chercher dans toute la France',
    communeUnchosen: 'Veuillez choisir une commune dans la liste, ou effacer le champ',
    genre: 'Genre',
    statutSocial: 'Statut social',
    notes: 'Notes',
    notesHint: NOTES_WARNING,
    save: 'Enregistrer',
    saving: 'Enregistrement…',
    cancel: 'Annuler',
    saveError: 'L’enregistrement a échoué. Votre saisie est conservée : réessayez.',
    errorSummary: (n: number) =>
      n === 1 ? 'Le formulaire contient une erreur.' : `Le formulaire contient ${n} erreurs.`,
    duplicateTitle: 'Ce bénéficiaire existe peut-être déjà',
    duplicateText: 'Un bénéficiaire enregistré porte ce nom :',
    duplicateOpen: (name: string) => `Voir la fiche de ${name}`,
  },
  access: {
    title: 'Droit d’accès',
    hint: 'Tout ce que Sillon conserve sur cette personne (fiche, accompagnements, prêts, conventions), à lui remettre si elle le demande. Le fichier est produit sur la tablette, sans réseau.',
    pdf: 'Exporter ses données (PDF)',
    json: 'Exporter ses données (JSON)',
    done: 'Fichier prêt : il est dans les téléchargements de la tablette.',
    failed: 'L’export a échoué :',
    pdfTitle: 'Vos données conservées dans Sillon',
    pdfIntro: (structure: string | undefined, at: Date) => [
      `Export du ${at.toLocaleDateString('fr-FR')}${structure ? ` par ${structure}` : ''}, au titre du droit d’accès (RGPD, article 15).`,
      'Vos données personnelles sont anonymisées un an après leur dernière mise à jour. Vous pouvez en demander la rectification ou l’effacement à votre conseiller numérique.',
    ],
  },
  detail: {
    /** The browser's title: its history keeps it, so no name. */
    documentTitle: 'Fiche bénéficiaire',
    edit: 'Modifier',
    delete: 'Supprimer',
    newSession: 'Nouvel accompagnement',
    identity: 'Informations',
    noPhone: 'Pas de téléphone',
    bornIn: (year: number) => `${year}`,
    commune: (nom: string, codePostal: string, codeInsee: string) =>
      `${nom} (${codePostal}) · code INSEE ${codeInsee}`,
    history: 'Historique des accompagnements',
    historyCount: (n: number) =>
      n === 0 ? 'Aucun accompagnement' : n === 1 ? '1 accompagnement' : `${n} accompagnements`,
    historyEmpty: 'Aucun accompagnement enregistré pour ce bénéficiaire.',
    date: 'Date',
    type: 'Type',
    duree: 'Durée',
    thematiques: 'Thématiques',
    open: 'Détail',
    openSession: (type: string, date: string) => `Voir ${type.toLowerCase()} du ${date}`,
    draftPending: 'Une modification non enregistrée de ce bénéficiaire est en cours.',
    resumeDraft: 'Reprendre la modification',
    deleteTitle: 'Supprimer ce bénéficiaire ?',
    deleteMessage:
      'Ses nom, prénom, coordonnées et notes, les conventions de prêt qu’elle a signées, les notes de ses accompagnements individuels et les brouillons la concernant seront effacés de la tablette puis du serveur à la prochaine synchronisation. Vos statistiques ne seront pas impactées. Les données socio-démographiques de vos bénéficiaires seront anonymisées et conservées dans vos statistiques (tranche d’âge, genre, statut et commune de résidence).',
    deleteConfirm: 'Supprimer',
    anonymousRecord: 'Bénéficiaire anonyme : ni nom, ni coordonnées.',
  },
  workshops: {
    title: 'Ateliers à venir',
    waiting: 'liste d’attente',
    open: 'Voir le cycle',
    openLabel: (titre: string) => `Voir le cycle « ${titre} »`,
    cancelled: 'Session annulée',
    moved: (from: string, to: string) => `Session déplacée du ${from} au ${to}`,
    slot: (day: string, debut: string, fin: string) => `${day}, ${debut}–${fin}`,
  },
};
