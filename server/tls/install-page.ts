// The page, served over plain HTTP in SILLON_HTTPS=local mode, that installs Sillon's local authority
// on a tablet: a QR code of itself (shown on the office computer, scanned by each tablet), the
// authority's file, the steps for Android and iPad, the fingerprint to compare, and the HTTPS link.
// No script, no outside resource: it must work on a tablet that has never seen Sillon.
import QRCode from 'qrcode';

export const CA_PATH = '/sillon-ca.crt';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface InstallPageInput {
  /** This page's own address (what the QR code opens). */
  pageUrl: string;
  /** Where Sillon itself is, in HTTPS. */
  appUrl: string;
  fingerprint: string;
}

export const installPage = async ({ pageUrl, appUrl, fingerprint }: InstallPageInput): Promise<string> => {
  const qr = await QRCode.toString(pageUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  const app = escape(appUrl);
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sillon — installer le certificat sur une tablette</title>
<style>
body{font:17px/1.5 system-ui,sans-serif;margin:0 auto;max-width:46rem;padding:1.5rem;color:#1d2a22;background:#f7f5ef}
h1{font-size:1.5rem;color:#1f5f3a}h2{font-size:1.2rem;margin-top:2rem}
.qr{width:14rem;height:14rem;background:#fff;float:right;margin:0 0 1rem 1rem}
.button{display:inline-block;padding:.8rem 1.2rem;border-radius:.5rem;background:#1f5f3a;color:#fff;font-weight:600;text-decoration:none;margin:.3rem 0}
.button.secondary{background:#fff;color:#1f5f3a;border:2px solid #1f5f3a}
code{font-size:.85rem;word-break:break-all;background:#fff;padding:.1rem .3rem}
li{margin:.35rem 0}
</style>
</head>
<body>
<main>
<div class="qr" role="img" aria-label="QR code de cette page">${qr}</div>
<h1>Installer le certificat de Sillon sur une tablette</h1>
<p>Sillon fonctionne sans réseau seulement en HTTPS. Sur ce réseau local, c’est Sillon qui signe son propre
certificat : chaque tablette doit faire confiance, <strong>une seule fois</strong>, à l’autorité de Sillon.
Scannez ce QR code avec la tablette, ou ouvrez cette page sur la tablette.</p>
<p><a class="button" href="${CA_PATH}">1. Télécharger le certificat</a></p>

<h2>Tablette Android (Chrome)</h2>
<ol>
<li>Touchez « Télécharger le certificat » : le fichier <code>sillon-ca.crt</code> arrive dans Téléchargements
(Android ne l’installe pas depuis le navigateur).</li>
<li>Ouvrez <strong>Paramètres → Sécurité et confidentialité → Autres paramètres de sécurité → Chiffrement et
identifiants → Installer un certificat → Certificat CA</strong>. Les intitulés changent selon le fabricant :
tapez « certificat CA » dans la recherche des Paramètres.</li>
<li>Touchez « Installer quand même », puis choisissez <code>sillon-ca.crt</code>. La tablette demande son code de
verrouillage (il en faut un).</li>
<li>Revenez dans Chrome et ouvrez Sillon, puis menu ⋮ → « Ajouter à l’écran d’accueil ».</li>
</ol>

<h2>iPad (Safari)</h2>
<ol>
<li>Dans <strong>Safari</strong>, touchez « Télécharger le certificat », puis « Autoriser » : l’iPad affiche
« Profil téléchargé ».</li>
<li>Ouvrez <strong>Réglages → Profil téléchargé</strong> (en haut de la liste) → Installer, saisissez le code de
l’iPad, puis Installer.</li>
<li>Ouvrez <strong>Réglages → Général → Informations → Réglages des certificats</strong> et activez la confiance
totale pour « Sillon … ».</li>
<li>Revenez dans Safari et ouvrez Sillon, puis Partager → « Sur l’écran d’accueil ».</li>
</ol>

<h2>Vérifier</h2>
<p>Empreinte SHA-256 du certificat, à comparer avec celle affichée par la tablette (détails du certificat)
et par le serveur au démarrage :<br><code>${escape(fingerprint)}</code></p>

<p><a class="button" href="${app}">2. Ouvrir Sillon en HTTPS</a></p>
<p>Adresse de Sillon : <code>${app}</code>. Si la tablette affiche « connexion non privée », le certificat n’est pas
encore installé ou pas encore approuvé.</p>
</main>
</body>
</html>
`;
};
