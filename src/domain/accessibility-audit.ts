// The RGAA 4.1 audit of Sillon (issue 17), kept as data in one place: the déclaration
// d'accessibilité (/accessibilite) is computed from it, and docs/accessibilite/audit.md is generated
// from it (npm run audit-doc; a unit test checks the file is up to date). Criterion titles are the
// RGAA 4.1.2's (DINUM, licence ouverte). Statuses are what was checked on this build — see `method`.

export type Level = 'A' | 'AA';
export type CriterionStatus = 'C' | 'NC' | 'NA';

export interface Criterion {
  id: string;
  level: Level;
  title: string;
  status: CriterionStatus;
  /** Why (C, NA), or for NC: what fails, on which screen, and the planned fix. */
  note: string;
  screen?: string;
  fix?: string;
}

export interface Theme {
  id: number;
  title: string;
  criteria: Criterion[];
}

const c = (
  id: string,
  level: Level,
  title: string,
  status: CriterionStatus,
  note: string,
  extra: Partial<Criterion> = {},
): Criterion => ({
  id,
  level,
  title,
  status,
  note,
  ...extra,
});

/** What changed in the grid since the first audit, newest last (rendered in audit.md). */
export interface AuditChange {
  date: string;
  /** The criteria that became conforme, each with the status it had before. */
  criteria: { id: string; was: 'NC' | 'NA' }[];
  what: string;
}

export const AUDIT = {
  reference: 'RGAA 4.1.2',
  date: '2026-12-04',
  /** Version of Sillon audited (the build of this date). */
  scope:
    'L’application Sillon entière : chaque écran (accueil, bénéficiaires, accompagnements et ateliers, matériel et prêts avec la signature et le scanner, annuaire, statistiques, synchronisation et comptes, paramètres, déclaration d’accessibilité, plan du site), ses dialogues, ses états d’erreur et hors ligne.',
  environment: [
    'Chromium 156 (Debian 12) sans interface, fenêtre 1280 × 800 (tablette 10 pouces) et 320 × 640 (l’équivalent d’un zoom de 400 %)',
    'Clavier seul (parcours automatisés, sans souris)',
    'Orca 43.1 avec Chromium 156 sous Xvfb (Debian 12), journal de débogage d’Orca, sans synthèse vocale',
  ],
  tools: [
    'axe-core (règles WCAG 2.0, 2.1, 2.2 A et AA) sur chaque route, dialogue et état d’erreur — tests de bout en bout',
    'Calcul des contrastes de la palette CSS (tests/unit/contrast.test.ts)',
    'Validateur Nu du W3C (vnu-jar 26.9.27, Java 17), à la main sur le DOM rendu de 30 écrans et états (critère 8.2)',
    'Test de redistribution à 320 px de large sur chaque route (tests/e2e/a11y.test.ts)',
    'Parcours au clavier seul, avec focus visible vérifié à chaque étape (tests/e2e/a11y.test.ts)',
  ],
  method: [
    'Parcours au clavier seul (tests/e2e/a11y.test.ts), sans souris ni saisie d’adresse entre les étapes : lien d’évitement ; inscription d’un bénéficiaire ; accompagnement depuis sa fiche ; statistiques atteintes par le menu, période choisie aux flèches et tableau d’un graphique ; synchronisation atteinte par le menu ; dialogue de suppression ; prêt d’un matériel créé pour l’occasion, à une bénéficiaire créée depuis le formulaire de prêt, jusqu’à la convention signée en tapant les noms et son PDF téléchargé. Chaque élément atteint montre son focus (contour ou anneau relevé dans le style calculé) ; le focus va au titre de l’écran après un lien du menu, un enregistrement ou une suppression, dans le champ du nom quand on choisit de signer en le tapant, et revient au bouton qui a ouvert un dialogue.',
    'Messages de statut : la zone « live » de l’application est relevée pendant ces parcours (enregistré, supprimé, synchronisation commencée / terminée / échouée, refus du serveur).',
    'Zoom : redistribution vérifiée à 320 px de large (400 %) sur chaque route et sur les écrans avec des données ; une mise en page qui tient à 320 px tient à 640 px (200 %), qui n’a pas été mesuré à part. Espacements du texte des WCAG imposés sur chaque route.',
    'Contrastes : rapports calculés pour chaque couple texte / fond et composant / fond de la palette.',
    'Lecteur d’écran : un passage avec Orca 43.1 (Debian 12) et Chromium 156 sous Xvfb (bus AT-SPI at-spi2-core, session D-Bus ; la synthèse vocale n’a pas pu démarrer — speech-dispatcher 0.11.4 refusait l’auto-lancement et s’arrêtait aussitôt lancé à la main —, ce qu’Orca aurait dit a donc été lu dans son journal de débogage, lignes « SPEECH OUTPUT »), le 2026-12-03, piloté au clavier : création d’un bénéficiaire, formulaire de prêt, signature de la convention en tapant les noms (avec l’erreur « Lu et approuvé » non coché), version accessible de la convention, statistiques. Entendu : chaque champ avec son nom, son aide et son état (« Lu et approuvé — Signature du conseiller check box not checked », « invalid entry » après l’erreur), les boutons répétés distingués (« Signer en tapant mon nom — Signature du bénéficiaire »), la zone de signature comme image nommée, le texte de la convention comme région nommée, les groupes de boutons radio et leur état ; les messages de statut sans déplacement du focus (« Bénéficiaire enregistré. », « Convention signée. », « Synchronisation commencée… », « Synchronisation échouée. Connectez-vous pour synchroniser. », « Brouillon enregistré sur la tablette à 06:53 ») et l’erreur « Cochez « Lu et approuvé ». ». Constats, corrigés le 2026-12-04 (vérifiés par des tests, pas réécoutés avec Orca) : (1) après un enregistrement ou un lien, Orca dit le message de statut mais ne relit pas le titre du nouvel écran qui a reçu le focus — le titre provisoire « Chargement… » de l’écran en cours de chargement le reçoit d’abord et Orca y déplace son curseur sans parler ; corrigé : un écran en chargement ne donne plus le focus à son titre, qui le reçoit une fois le contenu là (critère 7.4) ; (2) les champs de date sont lus dans la langue de Chromium (« Month Du 12, Day 01, Year 2026 ») — Chromium ignore l’attribut lang pour ces champs : leur format est maintenant dit en français dans leur aide (critère 11.10) ; une tablette réglée en français les lit en français. Reste à revérifier avec NVDA : une fois, « 0.0 » entendu pendant le chargement du formulaire de prêt. Non fait : NVDA (Windows), VoiceOver (iPadOS), TalkBack (Android), ni un passage à l’oreille par une personne qui utilise un lecteur d’écran au quotidien.',
  ],
  derogations: [] as { what: string; why: string }[],
  changes: [
    {
      date: '2026-12-03',
      criteria: [
        { id: '7.3', was: 'NC' },
        { id: '13.10', was: 'NC' },
      ],
      what: 'Signature sans tracé : chaque zone de signature (convention de prêt, émargement des ateliers, clôture d’une séance) propose « Signer en tapant mon nom » — le nom complet saisi au clavier et la case « Lu et approuvé » cochée. La signature tapée est enregistrée comme une signature tracée (une image : « Lu et approuvé », le nom, la date) et les documents le disent (« Signature tapée » dans la convention PDF, « signature tapée » sur la feuille d’émargement).',
    },
    {
      date: '2026-12-03',
      criteria: [{ id: '13.4', was: 'NA' }],
      what: 'Version accessible de la convention de prêt (RGAA 13.3) : la page « Lire la convention (version accessible) », à côté du PDF, donne le même texte en HTML structuré (un titre par clause), qui a signé et comment, lisible hors ligne. Le critère 13.3 reste non conforme pour les autres PDF (feuille d’émargement, droit d’accès, fiche d’un lieu).',
    },
    {
      date: '2026-12-04',
      criteria: [{ id: '13.3', was: 'NC' }],
      what: 'Versions accessibles des autres PDF (RGAA 13.3) : la feuille d’émargement, le droit d’accès (« Exporter ses données ») et la fiche d’orientation d’un lieu ont chacune, à côté du bouton du PDF, « Version accessible (HTML) » — le même contenu, fait du même modèle que le PDF, en HTML structuré (titres, listes, tableau avec légende et en-têtes), hors ligne. Et deux constats d’Orca corrigés : le focus ne va plus au titre provisoire « Chargement… » d’un écran en chargement mais à son titre une fois le contenu là (7.4), et le format des champs de date et d’heure est dit en clair (11.10).',
    },
  ] satisfies AuditChange[],
  notSubject: [
    'Les fichiers d’export CSV et XLSX au format de La Coop de la médiation numérique : données brutes destinées à un autre logiciel.',
  ],
  themes: [
    {
      id: 1,
      title: 'Images',
      criteria: [
        c(
          '1.1',
          'A',
          'Chaque image porteuse d’information a-t-elle une alternative textuelle ?',
          'C',
          'Graphiques (canvas role="img" avec aria-label), zone de signature nommée (et son alternative tapée) ; pas d’autre image.',
        ),
        c(
          '1.2',
          'A',
          'Chaque image de décoration est-elle correctement ignorée par les technologies d’assistance ?',
          'C',
          'Pastilles de couleur des indicateurs en aria-hidden.',
        ),
        c(
          '1.3',
          'A',
          'Pour chaque image porteuse d’information ayant une alternative textuelle, cette alternative est-elle pertinente (hors cas particuliers) ?',
          'C',
          'Chaque graphique annonce son titre et ses valeurs.',
        ),
        c(
          '1.4',
          'A',
          'Pour chaque image utilisée comme CAPTCHA ou comme image-test, ayant une alternative textuelle, cette alternative permet-elle d’identifier la nature et la fonction de l’image ?',
          'NA',
          'Aucun CAPTCHA ni image-test.',
        ),
        c(
          '1.5',
          'A',
          'Pour chaque image utilisée comme CAPTCHA, une solution d’accès alternatif au contenu ou à la fonction du CAPTCHA est-elle présente ?',
          'NA',
          'Aucun CAPTCHA.',
        ),
        c(
          '1.6',
          'A',
          'Chaque image porteuse d’information a-t-elle, si nécessaire, une description détaillée ?',
          'C',
          'Chaque graphique des statistiques a son tableau de données (« Voir le tableau »).',
        ),
        c(
          '1.7',
          'A',
          'Pour chaque image porteuse d’information ayant une description détaillée, cette description est-elle pertinente ?',
          'C',
          'Les tableaux donnent les valeurs exactes des graphiques.',
        ),
        c(
          '1.8',
          'AA',
          'Chaque image texte porteuse d’information, en l’absence d’un mécanisme de remplacement, doit si possible être remplacée par du texte stylé. Cette règle est-elle respectée (hors cas particuliers) ?',
          'NA',
          'Aucune image texte.',
        ),
        c(
          '1.9',
          'A',
          'Chaque légende d’image est-elle, si nécessaire, correctement reliée à l’image correspondante ?',
          'NA',
          'Aucune image légendée.',
        ),
      ],
    },
    {
      id: 2,
      title: 'Cadres',
      criteria: [
        c(
          '2.1',
          'A',
          'Chaque cadre a-t-il un titre de cadre ?',
          'C',
          'Le cadre d’impression de la convention de prêt a un titre.',
        ),
        c(
          '2.2',
          'A',
          'Pour chaque cadre ayant un titre de cadre, ce titre de cadre est-il pertinent ?',
          'C',
          'Titre : la convention imprimée.',
        ),
      ],
    },
    {
      id: 3,
      title: 'Couleurs',
      criteria: [
        c(
          '3.1',
          'A',
          'Dans chaque page web, l’information ne doit pas être donnée uniquement par la couleur. Cette règle est-elle respectée ?',
          'C',
          'Indicateurs « En ligne / Hors ligne » et de synchronisation en texte, prêts en retard « En retard de N jours », conflits et erreurs en texte, section active du menu en gras avec aria-current.',
        ),
        c(
          '3.2',
          'AA',
          'Dans chaque page web, le contraste entre la couleur du texte et la couleur de son arrière-plan est-il suffisamment élevé (hors cas particuliers) ?',
          'C',
          'Tous les couples de la palette ≥ 4,5:1 (calculés, voir « Contrastes »).',
        ),
        c(
          '3.3',
          'AA',
          'Dans chaque page web, les couleurs utilisées dans les composants d’interface ou les éléments graphiques porteurs d’informations sont-elles suffisamment contrastées (hors cas particuliers) ?',
          'C',
          'Bordures des champs et des choix ≥ 3:1 (corrigé : elles étaient à 1,7:1), anneau de focus ≥ 3:1.',
        ),
      ],
    },
    {
      id: 4,
      title: 'Multimédia',
      criteria: [
        c(
          '4.1',
          'A',
          'Chaque média temporel pré-enregistré a-t-il, si nécessaire, une transcription textuelle ou une audiodescription (hors cas particuliers) ?',
          'NA',
          'Aucun média temporel (l’aperçu de la caméra du scanner est une capture en direct, doublée d’une saisie du numéro).',
        ),
        c(
          '4.2',
          'A',
          'Pour chaque média temporel pré-enregistré ayant une transcription textuelle ou une audiodescription synchronisée, celles-ci sont-elles pertinentes (hors cas particuliers) ?',
          'NA',
          'Aucun média temporel.',
        ),
        c(
          '4.3',
          'A',
          'Chaque média temporel synchronisé pré-enregistré a-t-il, si nécessaire, des sous-titres synchronisés (hors cas particuliers) ?',
          'NA',
          'Aucun média temporel.',
        ),
        c(
          '4.4',
          'A',
          'Pour chaque média temporel synchronisé pré-enregistré ayant des sous-titres synchronisés, ces sous-titres sont-ils pertinents ?',
          'NA',
          'Aucun média temporel.',
        ),
        c(
          '4.5',
          'AA',
          'Chaque média temporel pré-enregistré a-t-il, si nécessaire, une audiodescription synchronisée (hors cas particuliers) ?',
          'NA',
          'Aucun média temporel.',
        ),
        c(
          '4.6',
          'AA',
          'Pour chaque média temporel pré-enregistré ayant une audiodescription synchronisée, celle-ci est-elle pertinente ?',
          'NA',
          'Aucun média temporel.',
        ),
        c(
          '4.7',
          'A',
          'Chaque média temporel est-il clairement identifiable (hors cas particuliers) ?',
          'NA',
          'Aucun média temporel.',
        ),
        c(
          '4.8',
          'A',
          'Chaque média non temporel a-t-il, si nécessaire, une alternative (hors cas particuliers) ?',
          'NA',
          'Aucun média non temporel.',
        ),
        c(
          '4.9',
          'A',
          'Pour chaque média non temporel ayant une alternative, cette alternative est-elle pertinente ?',
          'NA',
          'Aucun média non temporel.',
        ),
        c(
          '4.10',
          'A',
          'Chaque son déclenché automatiquement est-il contrôlable par l’utilisateur ?',
          'NA',
          'Aucun son.',
        ),
        c(
          '4.11',
          'A',
          'La consultation de chaque média temporel est-elle, si nécessaire, contrôlable par le clavier et tout dispositif de pointage ?',
          'NA',
          'Aucun média temporel.',
        ),
        c(
          '4.12',
          'A',
          'La consultation de chaque média non temporel est-elle contrôlable par le clavier et tout dispositif de pointage ?',
          'NA',
          'Aucun média non temporel.',
        ),
        c(
          '4.13',
          'A',
          'Chaque média temporel et non temporel est-il compatible avec les technologies d’assistance (hors cas particuliers) ?',
          'NA',
          'Aucun média.',
        ),
      ],
    },
    {
      id: 5,
      title: 'Tableaux',
      criteria: [
        c(
          '5.1',
          'A',
          'Chaque tableau de données complexe a-t-il un résumé ?',
          'NA',
          'Aucun tableau complexe.',
        ),
        c(
          '5.2',
          'A',
          'Pour chaque tableau de données complexe ayant un résumé, celui-ci est-il pertinent ?',
          'NA',
          'Aucun tableau complexe.',
        ),
        c(
          '5.3',
          'A',
          'Pour chaque tableau de mise en forme, le contenu linéarisé reste-t-il compréhensible ?',
          'NA',
          'Aucun tableau de mise en forme.',
        ),
        c(
          '5.4',
          'A',
          'Pour chaque tableau de données ayant un titre, le titre est-il correctement associé au tableau de données ?',
          'C',
          'caption ou aria-labelledby.',
        ),
        c(
          '5.5',
          'A',
          'Pour chaque tableau de données ayant un titre, celui-ci est-il pertinent ?',
          'C',
          'Titres repris du graphique ou de la section.',
        ),
        c(
          '5.6',
          'A',
          'Pour chaque tableau de données, chaque en-tête de colonne et chaque en-tête de ligne sont-ils correctement déclarés ?',
          'C',
          'th scope="col" / scope="row".',
        ),
        c(
          '5.7',
          'A',
          'Pour chaque tableau de données, la technique appropriée permettant d’associer chaque cellule avec ses en-têtes est-elle utilisée (hors cas particuliers) ?',
          'C',
          'scope sur chaque en-tête.',
        ),
        c(
          '5.8',
          'A',
          'Chaque tableau de mise en forme ne doit pas utiliser d’éléments propres aux tableaux de données. Cette règle est-elle respectée ?',
          'NA',
          'Aucun tableau de mise en forme.',
        ),
      ],
    },
    {
      id: 6,
      title: 'Liens',
      criteria: [
        c(
          '6.1',
          'A',
          'Chaque lien est-il explicite (hors cas particuliers) ?',
          'C',
          'Intitulés explicites ; le lien de l’indicateur de synchronisation a un titre.',
        ),
        c(
          '6.2',
          'A',
          'Dans chaque page web, chaque lien a-t-il un intitulé ?',
          'C',
          'Vérifié par axe-core (link-name).',
        ),
      ],
    },
    {
      id: 7,
      title: 'Scripts',
      criteria: [
        c(
          '7.1',
          'A',
          'Chaque script est-il, si nécessaire, compatible avec les technologies d’assistance ?',
          'C',
          'Listes de suggestions au motif combobox ARIA, dialogues modaux natifs (corrigé : ils s’ouvraient comme simples blocs dans la page, sans piège de focus ni Échap), focus rendu au bouton d’ouverture.',
        ),
        c(
          '7.2',
          'A',
          'Pour chaque script ayant une alternative, cette alternative est-elle pertinente ?',
          'C',
          'Le scanner de code a une saisie du numéro d’inventaire.',
        ),
        c(
          '7.3',
          'A',
          'Chaque script est-il contrôlable par le clavier et par tout dispositif de pointage (hors cas particuliers) ?',
          'C',
          'Corrigé : la zone de signature ne se remplissait qu’au doigt, au stylet ou à la souris ; chaque signature peut maintenant être tapée au clavier (nom complet et « Lu et approuvé »), parcours vérifié au clavier seul.',
        ),
        c(
          '7.4',
          'A',
          'Pour chaque script qui initie un changement de contexte, l’utilisateur est-il averti ou en a-t-il le contrôle ?',
          'C',
          'Les changements d’écran suivent une action de la personne ; le focus va au titre du nouvel écran une fois son contenu lu (corrigé : un écran encore en chargement donnait le focus à son titre provisoire « Chargement… », où Orca se plaçait sans rien dire, et le vrai titre le remplaçait ensuite en silence ; vérifié par un test : après l’enregistrement d’un bénéficiaire, seul le titre de sa fiche reçoit le focus, et « Bénéficiaire enregistré. » est dans la zone live).',
        ),
        c(
          '7.5',
          'AA',
          'Dans chaque page web, les messages de statut sont-ils correctement restitués par les technologies d’assistance ?',
          'C',
          'Zone live unique (corrigé : enregistrement, suppression et synchronisation commencée / terminée / échouée n’étaient pas annoncés hors de l’écran Synchronisation) ; erreurs en role="alert". Entendus avec Orca (voir la méthode) : enregistré, convention signée, synchronisation commencée / échouée, erreur de signature.',
        ),
      ],
    },
    {
      id: 8,
      title: 'Éléments obligatoires',
      criteria: [
        c('8.1', 'A', 'Chaque page web est-elle définie par un type de document ?', 'C', '<!doctype html>.'),
        c(
          '8.2',
          'A',
          'Pour chaque page web, le code source généré est-il valide selon le type de document spécifié ?',
          'C',
          'Validateur Nu du W3C (vnu-jar 26.9.27 sous Java 17), passé à la main — pas en intégration continue, qui n’a pas Java — sur le code généré (DOM rendu par Chromium, page.content()) de 30 écrans et états : les 24 routes, le formulaire de prêt avec la création d’un emprunteur, la signature tracée puis tapée avec ses erreurs, un prêt signé et la version accessible de sa convention. Corrigé : role="combobox" sur un champ type="search" (choix du bénéficiaire, 3 écrans) et aria-label sur un élément pre sans rôle (texte de la convention et aperçu du modèle). Ensuite : aucune erreur, aucun avertissement. Les règles d’axe-core (identifiants uniques, listes, ARIA) le vérifient à chaque test.',
        ),
        c('8.3', 'A', 'Dans chaque page web, la langue par défaut est-elle présente ?', 'C', 'lang="fr".'),
        c(
          '8.4',
          'A',
          'Pour chaque page web ayant une langue par défaut, le code de langue est-il pertinent ?',
          'C',
          'fr : le français, langue de tout le contenu.',
        ),
        c(
          '8.5',
          'A',
          'Chaque page web a-t-elle un titre de page ?',
          'C',
          'Chaque écran donne son titre au document.',
        ),
        c(
          '8.6',
          'A',
          'Pour chaque page web ayant un titre de page, ce titre est-il pertinent ?',
          'C',
          '« Titre de l’écran · Sillon » ; sans nom de personne (historique d’une tablette partagée).',
        ),
        c(
          '8.7',
          'AA',
          'Dans chaque page web, chaque changement de langue est-il indiqué dans le code source (hors cas particuliers) ?',
          'NA',
          'Tout est en français.',
        ),
        c(
          '8.8',
          'AA',
          'Dans chaque page web, le code de langue de chaque changement de langue est-il valide et pertinent ?',
          'NA',
          'Aucun changement de langue.',
        ),
        c(
          '8.9',
          'A',
          'Dans chaque page web, les balises ne doivent pas être utilisées uniquement à des fins de présentation. Cette règle est-elle respectée ?',
          'C',
          'Balises sémantiques ; mise en forme par CSS.',
        ),
        c(
          '8.10',
          'A',
          'Dans chaque page web, les changements du sens de lecture sont-ils signalés ?',
          'NA',
          'Aucun texte de droite à gauche.',
        ),
      ],
    },
    {
      id: 9,
      title: 'Structuration de l’information',
      criteria: [
        c(
          '9.1',
          'A',
          'Dans chaque page web, l’information est-elle structurée par l’utilisation appropriée de titres ?',
          'C',
          'Un h1 par écran, h2 par section (vérifié sur chaque route).',
        ),
        c(
          '9.2',
          'A',
          'Dans chaque page web, la structure du document est-elle cohérente (hors cas particuliers) ?',
          'C',
          'header, nav, main, footer.',
        ),
        c(
          '9.3',
          'A',
          'Dans chaque page web, chaque liste est-elle correctement structurée ?',
          'C',
          'ul / li, dl / dt / dd (axe-core).',
        ),
        c(
          '9.4',
          'A',
          'Dans chaque page web, chaque citation est-elle correctement indiquée ?',
          'NA',
          'Aucune citation.',
        ),
      ],
    },
    {
      id: 10,
      title: 'Présentation de l’information',
      criteria: [
        c(
          '10.1',
          'A',
          'Dans le site web, des feuilles de styles sont-elles utilisées pour contrôler la présentation de l’information ?',
          'C',
          'Toute la présentation est en CSS.',
        ),
        c(
          '10.2',
          'A',
          'Dans chaque page web, le contenu visible porteur d’information reste-t-il présent lorsque les feuilles de styles sont désactivées ?',
          'C',
          'Les indicateurs portent leur texte ; aucune information en image de fond.',
        ),
        c(
          '10.3',
          'A',
          'Dans chaque page web, l’information reste-t-elle compréhensible lorsque les feuilles de styles sont désactivées ?',
          'C',
          'Ordre du code = ordre de lecture.',
        ),
        c(
          '10.4',
          'AA',
          'Dans chaque page web, le texte reste-t-il lisible lorsque la taille des caractères est augmentée jusqu’à 200 %, au moins (hors cas particuliers) ?',
          'C',
          'Tailles en rem / em ; mise en page vérifiée à 320 px de large (400 %).',
        ),
        c(
          '10.5',
          'AA',
          'Dans chaque page web, les déclarations CSS de couleurs de fond d’élément et de police sont-elles correctement utilisées ?',
          'C',
          'Couleur de texte et de fond déclarées ensemble (racine, boutons, champs, badges).',
        ),
        c(
          '10.6',
          'A',
          'Dans chaque page web, chaque lien dont la nature n’est pas évidente est-il visible par rapport au texte environnant ?',
          'C',
          'Liens dans le texte soulignés.',
        ),
        c(
          '10.7',
          'A',
          'Dans chaque page web, pour chaque élément recevant le focus, la prise de focus est-elle visible ?',
          'C',
          'Anneau bleu de 3 px (corrigé sur les champs de date) ; vérifié à chaque tabulation des parcours.',
        ),
        c(
          '10.8',
          'A',
          'Pour chaque page web, les contenus cachés ont-ils vocation à être ignorés par les technologies d’assistance ?',
          'C',
          'Seuls les libellés « visually-hidden » et la zone live sont masqués à l’écran.',
        ),
        c(
          '10.9',
          'A',
          'Dans chaque page web, l’information ne doit pas être donnée uniquement par la forme, taille ou position. Cette règle est-elle respectée ?',
          'C',
          'Textes explicites.',
        ),
        c(
          '10.10',
          'A',
          'Dans chaque page web, l’information ne doit pas être donnée par la forme, taille ou position uniquement. Cette règle est-elle implémentée de façon pertinente ?',
          'C',
          'Textes explicites.',
        ),
        c(
          '10.11',
          'AA',
          'Pour chaque page web, les contenus peuvent-ils être présentés sans avoir recours à un défilement vertical pour une fenêtre ayant une hauteur de 256 px ou à un défilement horizontal pour une fenêtre ayant une largeur de 320 px (hors cas particuliers) ?',
          'C',
          'Corrigé : l’écran Statistiques (et la barre du haut) défilaient de côté à 320 px ; les tableaux de données défilent dans leur propre zone nommée et atteignable au clavier.',
        ),
        c(
          '10.12',
          'AA',
          'Dans chaque page web, les propriétés d’espacement du texte peuvent-elles être redéfinies par l’utilisateur sans perte de contenu ou de fonctionnalité (hors cas particuliers) ?',
          'C',
          'Espacements WCAG 1.4.12 imposés sur chaque route : aucun débordement (test de bout en bout).',
        ),
        c(
          '10.13',
          'AA',
          'Dans chaque page web, les contenus additionnels apparaissant à la prise de focus ou au survol d’un composant d’interface sont-ils contrôlables par l’utilisateur (hors cas particuliers) ?',
          'C',
          'Seules les listes de suggestions, fermées par Échap.',
        ),
        c(
          '10.14',
          'A',
          'Dans chaque page web, les contenus additionnels apparaissant via les styles CSS uniquement peuvent-ils être rendus visibles au clavier et par tout dispositif de pointage ?',
          'C',
          'Le lien d’évitement apparaît au focus.',
        ),
      ],
    },
    {
      id: 11,
      title: 'Formulaires',
      criteria: [
        c(
          '11.1',
          'A',
          'Chaque champ de formulaire a-t-il une étiquette ?',
          'C',
          'label, legend, aria-label (axe-core). Écran de verrouillage : champ « Code à 6 chiffres » étiqueté, clavier numérique en groupe nommé, bouton d’effacement nommé.',
        ),
        c(
          '11.2',
          'A',
          'Chaque étiquette associée à un champ de formulaire est-elle pertinente (hors cas particuliers) ?',
          'C',
          'Libellés de La Coop.',
        ),
        c(
          '11.3',
          'AA',
          'Dans chaque formulaire, chaque étiquette associée à un champ de formulaire ayant la même fonction et répétée plusieurs fois dans une même page ou dans un ensemble de pages est-elle cohérente ?',
          'C',
          'Composants partagés (commune, bénéficiaire, durée).',
        ),
        c(
          '11.4',
          'A',
          'Dans chaque formulaire, chaque étiquette de champ et son champ associé sont-ils accolés (hors cas particuliers) ?',
          'C',
          'Étiquette au-dessus du champ.',
        ),
        c(
          '11.5',
          'A',
          'Dans chaque formulaire, les champs de même nature sont-ils regroupés, si nécessaire ?',
          'C',
          'fieldset pour chaque groupe de choix.',
        ),
        c(
          '11.6',
          'A',
          'Dans chaque formulaire, chaque regroupement de champs de même nature a-t-il une légende ?',
          'C',
          'legend.',
        ),
        c(
          '11.7',
          'A',
          'Dans chaque formulaire, chaque légende associée à un regroupement de champs de même nature est-elle pertinente ?',
          'C',
          'Légendes de La Coop.',
        ),
        c(
          '11.8',
          'A',
          'Dans chaque formulaire, les items de même nature d’une liste de choix sont-ils regroupés de manière pertinente ?',
          'C',
          'Listes courtes, sans groupes nécessaires.',
        ),
        c(
          '11.9',
          'A',
          'Dans chaque formulaire, l’intitulé de chaque bouton est-il pertinent (hors cas particuliers) ?',
          'C',
          'Boutons et champs répétés précisés (« Effacer — Signature du bénéficiaire », « Nom et prénom — Signature du conseiller »). Écran de verrouillage : « Déverrouiller avec l’empreinte / le code de la tablette » (un bouton, lancé seulement par l’utilisateur), le code à 6 chiffres restant juste en dessous.',
        ),
        c(
          '11.10',
          'A',
          'Dans chaque formulaire, le contrôle de saisie est-il utilisé de manière pertinente (hors cas particuliers) ?',
          'C',
          'Champs obligatoires annoncés, erreurs au champ, résumé et focus sur la première erreur. Format attendu des champs de date, d’heure et de mois donné en clair dans leur aide, liée au champ (« Format : jj/mm/aaaa », « hh:mm (24 h) », « mm/aaaa ») — corrigé : Chromium nomme et affiche les parties de ces champs dans la langue de son interface, pas celle de la page (un Chromium en anglais affiche « mm/dd/yyyy » et Orca y lisait « Month, Day, Year » ; l’attribut lang="fr", ajouté, n’y change rien, vérifié) ; un test vérifie que chaque champ de ce type a son aide. Écran de verrouillage : code incorrect annoncé (role alert) avec le nombre d’essais restants, focus remis dans le champ ; un déverrouillage de la tablette annulé ou refusé est annoncé (role alert) sans compter comme un essai, et le focus va au champ du code.',
        ),
        c(
          '11.11',
          'AA',
          'Dans chaque formulaire, le contrôle de saisie est-il accompagné, si nécessaire, de suggestions facilitant la correction des erreurs de saisie ?',
          'C',
          'Messages qui disent quoi saisir (format du téléphone, période…).',
        ),
        c(
          '11.12',
          'AA',
          'Pour chaque formulaire qui modifie ou supprime des données, ou qui transmet des réponses à un test ou à un examen, ou dont la validation a des conséquences financières ou juridiques, les données saisies peuvent-elles être modifiées, mises à jour ou récupérées par l’utilisateur ?',
          'C',
          'Confirmation avant suppression, fiches modifiables, brouillons gardés.',
        ),
        c(
          '11.13',
          'AA',
          'La finalité d’un champ de saisie peut-elle être déduite pour faciliter le remplissage automatique des champs avec les données de l’utilisateur ?',
          'C',
          'Connexion : username, current-password ; les champs sur les bénéficiaires (pas l’utilisateur) sont exclus du remplissage automatique.',
        ),
      ],
    },
    {
      id: 12,
      title: 'Navigation',
      criteria: [
        c(
          '12.1',
          'AA',
          'Chaque ensemble de pages dispose-t-il de deux systèmes de navigation différents, au moins (hors cas particuliers) ?',
          'C',
          'Menu principal et plan du site (ajouté, lié depuis le pied de page).',
        ),
        c(
          '12.2',
          'AA',
          'Dans chaque ensemble de pages, le menu et les barres de navigation sont-ils toujours à la même place (hors cas particuliers) ?',
          'C',
          'Même disposition sur chaque écran.',
        ),
        c(
          '12.3',
          'AA',
          'La page « plan du site » est-elle pertinente ?',
          'C',
          'Chaque section et ses écrans.',
        ),
        c(
          '12.4',
          'AA',
          'Dans chaque ensemble de pages, la page « plan du site » est-elle atteignable de manière identique ?',
          'C',
          'Pied de page de chaque écran.',
        ),
        c(
          '12.5',
          'AA',
          'Dans chaque ensemble de pages, le moteur de recherche est-il atteignable de manière identique ?',
          'NA',
          'Pas de moteur de recherche global (recherches propres aux listes).',
        ),
        c(
          '12.6',
          'A',
          'Les zones de regroupement de contenus présentes dans plusieurs pages web (zones d’en-tête, de navigation principale, de contenu principal, de pied de page et de moteur de recherche) peuvent-elles être atteintes ou évitées ?',
          'C',
          'Repères header, nav, main, footer ; lien d’évitement.',
        ),
        c(
          '12.7',
          'A',
          'Dans chaque page web, un lien d’évitement ou d’accès rapide à la zone de contenu principal est-il présent (hors cas particuliers) ?',
          'C',
          '« Aller au contenu ».',
        ),
        c(
          '12.8',
          'A',
          'Dans chaque page web, l’ordre de tabulation est-il cohérent ?',
          'C',
          'Parcours au clavier.',
        ),
        c(
          '12.9',
          'A',
          'Dans chaque page web, la navigation ne doit pas contenir de piège au clavier. Cette règle est-elle respectée ?',
          'C',
          'Dialogues fermés par Échap ; aucun piège rencontré.',
        ),
        c(
          '12.10',
          'A',
          'Dans chaque page web, les raccourcis clavier n’utilisant qu’une seule touche (lettre minuscule ou majuscule, ponctuation, chiffre ou symbole) sont-ils contrôlables par l’utilisateur ?',
          'NA',
          'Aucun raccourci à une touche.',
        ),
        c(
          '12.11',
          'A',
          'Dans chaque page web, les contenus additionnels apparaissant au survol, à la prise de focus ou à l’activation d’un composant d’interface sont-ils si nécessaire atteignables au clavier ?',
          'C',
          'Suggestions parcourues aux flèches.',
        ),
      ],
    },
    {
      id: 13,
      title: 'Consultation',
      criteria: [
        c(
          '13.1',
          'A',
          'Pour chaque page web, l’utilisateur a-t-il le contrôle de chaque limite de temps modifiant le contenu (hors cas particuliers) ?',
          'C',
          'Une seule limite de temps : le verrouillage après un délai sans activité (sécurité des données des bénéficiaires). Le coordinateur le règle de 1 à 60 minutes dans Paramètres ; toute touche ou tout toucher le repousse ; au déverrouillage, par le code, le mot de passe ou le déverrouillage de la tablette (empreinte, visage, code de la tablette, là où le navigateur le propose, jamais seul), rien de ce qui était saisi n’est perdu (brouillons). La synchronisation automatique ne change pas l’écran en cours de saisie.',
        ),
        c(
          '13.2',
          'A',
          'Dans chaque page web, l’ouverture d’une nouvelle fenêtre ne doit pas être déclenchée sans action de l’utilisateur. Cette règle est-elle respectée ?',
          'C',
          'Le PDF ne s’ouvre que sur demande.',
        ),
        c(
          '13.3',
          'A',
          'Dans chaque page web, chaque document bureautique en téléchargement possède-t-il, si nécessaire, une version accessible (hors cas particuliers) ?',
          'C',
          'Corrigé : les PDF produits sur la tablette (jsPDF) ne sont pas balisés ; chacun a maintenant, à côté de son bouton, une version accessible en HTML, produite sur la tablette (hors ligne aussi) à partir du même contenu que le PDF : la convention de prêt (« Lire la convention (version accessible) »), et « Version accessible (HTML) » pour la feuille d’émargement d’une séance close, le droit d’accès d’un bénéficiaire (« Exporter ses données ») et la fiche d’orientation d’un lieu — un dialogue modal en français avec un titre, un titre par section, des listes, et pour l’émargement un tableau avec sa légende et ses en-têtes de colonnes et de lignes. Vérifié par des tests : le PDF (relu avec pdf.js) et le HTML disent les mêmes textes, construits à partir du même modèle (tests/unit/document-versions.test.tsx) ; chaque version ouverte au clavier dans Chromium, sans violation axe, focus rendu au bouton à la fermeture (tests/e2e/lieux, workshops, rgpd). Pas réécouté avec Orca.',
        ),
        c(
          '13.4',
          'A',
          'Pour chaque document bureautique ayant une version accessible, cette version offre-t-elle la même information ?',
          'C',
          'Chaque version HTML est faite du même modèle que son PDF (un seul contenu par document, src/domain) : la convention reprend le texte signé tel quel (un titre par clause, le matériel en liste), les signataires avec la façon dont chacun a signé (tapée, avec le nom saisi, ou tracée ; l’image a son alternative) et la date de signature ; la feuille d’émargement, la séance, chaque présent avec « signé » / « non signé » par demi-journée et « signature tapée » le cas échéant (à la place des images), les anonymes, le conseiller et la façon dont il a signé, la date et l’empreinte SHA-256 — recalculée : si la séance a changé depuis la signature, la version le dit et renvoie au PDF signé ; le droit d’accès, les mêmes sections et lignes ; la fiche d’un lieu, les mêmes sections et le lien du code QR écrit en clair.',
        ),
        c(
          '13.5',
          'A',
          'Dans chaque page web, chaque contenu cryptique (art ASCII, émoticône, syntaxe cryptique) a-t-il une alternative ?',
          'NA',
          'Aucun contenu cryptique.',
        ),
        c(
          '13.6',
          'A',
          'Dans chaque page web, pour chaque contenu cryptique (art ASCII, émoticône, syntaxe cryptique) ayant une alternative, cette alternative est-elle pertinente ?',
          'NA',
          'Aucun contenu cryptique.',
        ),
        c(
          '13.7',
          'A',
          'Dans chaque page web, les changements brusques de luminosité ou les effets de flash sont-ils correctement utilisés ?',
          'NA',
          'Aucun flash.',
        ),
        c(
          '13.8',
          'A',
          'Dans chaque page web, chaque contenu en mouvement ou clignotant est-il contrôlable par l’utilisateur ?',
          'NA',
          'Aucune animation (et prefers-reduced-motion respecté).',
        ),
        c(
          '13.9',
          'AA',
          'Dans chaque page web, le contenu proposé est-il consultable quelle que soit l’orientation de l’écran (portrait ou paysage) (hors cas particuliers) ?',
          'C',
          'Menu latéral en paysage, onglets en portrait.',
        ),
        c(
          '13.10',
          'A',
          'Dans chaque page web, les fonctionnalités utilisables ou disponibles au moyen d’un geste complexe peuvent-elles être également disponibles au moyen d’un geste simple (hors cas particuliers) ?',
          'C',
          'Corrigé : signer demandait un tracé ; « Signer en tapant mon nom » ne demande que de la saisie et une case à cocher.',
        ),
        c(
          '13.11',
          'A',
          'Dans chaque page web, les actions déclenchées au moyen d’un dispositif de pointage sur un point unique de l’écran peuvent-elles faire l’objet d’une annulation (hors cas particuliers) ?',
          'C',
          'Actions au relâchement (clic) ; suppressions confirmées.',
        ),
        c(
          '13.12',
          'A',
          'Dans chaque page web, les fonctionnalités qui impliquent un mouvement de l’appareil ou vers l’appareil peuvent-elles être satisfaites de manière alternative (hors cas particuliers) ?',
          'NA',
          'Aucune.',
        ),
      ],
    },
  ] satisfies Theme[],
};

export const allCriteria = (themes: Theme[] = AUDIT.themes): Criterion[] => themes.flatMap((t) => t.criteria);

/**
 * The RGAA's rate: conforming criteria over applicable ones (conformes + non conformes), in %,
 * rounded down to a tenth (never flattering).
 */
export const conformityRate = (criteria: Criterion[] = allCriteria()): number => {
  const conform = criteria.filter((x) => x.status === 'C').length;
  const applicable = criteria.filter((x) => x.status !== 'NA').length;
  return applicable === 0 ? 100 : Math.floor((conform / applicable) * 1000) / 10;
};

/** The RGAA's wording of the state: totalement (100 %), partiellement (≥ 50 %), non conforme. */
export const conformityLevel = (
  rate: number,
): 'totalement conforme' | 'partiellement conforme' | 'non conforme' =>
  rate >= 100 ? 'totalement conforme' : rate >= 50 ? 'partiellement conforme' : 'non conforme';

export const nonConformities = (criteria: Criterion[] = allCriteria()): Criterion[] =>
  criteria.filter((x) => x.status === 'NC');

/**
 * The rate before and after each change of the audit's follow-up: before a change (and every later
 * one) its criteria had the status they had then.
 */
export const changeRates = (
  changes: readonly AuditChange[] = AUDIT.changes,
  criteria: Criterion[] = allCriteria(),
): { change: AuditChange; before: number; after: number }[] =>
  changes.map((change, i) => {
    const undone = (from: number) => {
      const was = new Map(changes.slice(from).flatMap((x) => x.criteria.map((c) => [c.id, c.was] as const)));
      return criteria.map((x) => {
        const status = was.get(x.id);
        return status ? { ...x, status } : x;
      });
    };
    return { change, before: conformityRate(undone(i)), after: conformityRate(undone(i + 1)) };
  });
