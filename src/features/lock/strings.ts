// French texts of the lock (issue 14).
export const strings = {
  locked: 'Compte verrouillé',
  lockedIntro: 'Sillon s’est verrouillé pour protéger les données des bénéficiaires.',
  code: 'Code à 6 chiffres',
  codeHint: 'Tapez le code de ce compte, avec le clavier ci-dessous ou celui de la tablette.',
  keypad: 'Clavier numérique',
  backspace: 'Effacer le dernier chiffre',
  unlock: 'Déverrouiller',
  unlocking: 'Vérification…',
  wrongCode: (left: number) =>
    left > 1
      ? `Code incorrect. Encore ${left} essais avant de devoir saisir le mot de passe.`
      : 'Code incorrect. Encore 1 essai avant de devoir saisir le mot de passe.',
  passwordStep:
    'Trop de codes incorrects : saisissez le mot de passe de ce compte (cela fonctionne sans réseau).',
  noCodeYet: 'Ce compte n’a pas encore de code : saisissez son mot de passe.',
  password: 'Mot de passe',
  wrongPassword: (left: number) =>
    left > 1
      ? `Mot de passe incorrect. Encore ${left} essais avant l’effacement des clés de ce compte sur la tablette.`
      : 'Mot de passe incorrect. Dernier essai avant l’effacement des clés de ce compte sur la tablette.',
  usePassword: 'Code oublié ? Utiliser le mot de passe',
  useCode: 'Utiliser le code',
  erased:
    'Trop d’essais incorrects : les clés de ce compte ont été effacées de la tablette. Ses données, y compris ce qui n’est pas encore synchronisé, restent chiffrées sur la tablette : connectez-vous en ligne avec votre mot de passe pour les retrouver.',
  signInAgain: 'Se connecter en ligne',
  switchAccount: 'Changer de compte',
  switchTitle: 'Comptes de cette tablette',
  switchIntro: 'Choisissez votre compte : il faudra son code ou son mot de passe.',
  otherAccount: 'Un autre compte (connexion en ligne)',
  unnamed: 'Compte sans nom',
  back: 'Retour',
  lockNow: 'Verrouiller',
  // Choosing the code
  chooseTitle: 'Protégez ce compte par un code',
  chooseIntro:
    'Sillon se verrouille après un moment sans activité, et sur « Verrouiller ». Choisissez un code de 6 chiffres pour le rouvrir (le mot de passe marche aussi).',
  newCode: 'Nouveau code à 6 chiffres',
  confirmCode: 'Le même code, encore une fois',
  mismatch: 'Les deux codes ne sont pas identiques.',
  saveCode: 'Choisir ce code',
  codeSaved: 'Code enregistré : il servira à déverrouiller Sillon sur cette tablette.',
  // The tablet's own unlock (a passkey with WebAuthn's PRF extension)
  passkey: 'Déverrouiller avec l’empreinte / le code de la tablette',
  passkeyWaiting: 'Suivez les indications de la tablette…',
  passkeyOr: 'Ou avec le code de ce compte :',
  passkeyOfferIntro:
    'Cette tablette peut aussi rouvrir Sillon par son propre déverrouillage : empreinte, visage ou code de la tablette. Le code à 6 chiffres reste utilisable.',
  passkeyLater: 'Pas maintenant',
  passkeySaved: 'Déverrouillage de la tablette enregistré : il servira à rouvrir Sillon, le code aussi.',
  passkeyNoPrf:
    'Le déverrouillage de cette tablette ne peut pas protéger les clés de Sillon. Continuez avec le code à 6 chiffres.',
  passkeyCancelled: 'Déverrouillage de la tablette annulé. Le code à 6 chiffres reste utilisable.',
  passkeyUnavailable:
    'Le déverrouillage de la tablette n’est pas disponible sur ce navigateur : utilisez le code.',
  passkeyFailed: 'Le déverrouillage de la tablette n’a pas fonctionné : utilisez le code.',
  // Settings
  idleLabel: 'Verrouillage après (minutes sans activité)',
  idleHint: (min: number, max: number) => `De ${min} à ${max} minutes. Par défaut 10.`,
  idleInvalid: (min: number, max: number) => `Un nombre entier de minutes, de ${min} à ${max}.`,
  idleSave: 'Enregistrer le délai',
  idleSaved: 'Délai de verrouillage enregistré.',
};
