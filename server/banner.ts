// What `npm start` prints for the person who runs it: where to open Sillon, how to set it up, and —
// since a tablet needs HTTPS for offline use — how to give it HTTPS when it has none.
import { X509Certificate } from 'node:crypto';

import QRCode from 'qrcode';

import { certificateNames } from './tls/certificates';
import type { ListenConfig } from './tls/config';
import type { Listeners } from './tls/serve';
import type { LocalCertificates } from './tls/local';

const withPort = (scheme: 'http' | 'https', host: string, port: number | undefined): string => {
  const standard = scheme === 'https' ? 443 : 80;
  const h = host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${h}${port === undefined || port === standard ? '' : `:${port}`}`;
};

export const bannerLines = async (
  config: ListenConfig,
  listeners: Listeners,
  storage: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> => {
  const { mode } = config;
  const lines: string[] = [];
  if (mode.kind === 'plain') {
    lines.push(
      `Sillon est prêt : ouvrez ${withPort('http', 'localhost', listeners.ports.http)}  (base : ${storage})`,
    );
    if (env.TRUST_PROXY) {
      lines.push(
        'Mode proxy (TRUST_PROXY) : les tablettes ouvrent l’adresse HTTPS de votre proxy (Caddy, nginx…), qui relaie vers ce port.',
      );
    } else {
      lines.push(
        '',
        'Les tablettes ont besoin de HTTPS pour fonctionner sans réseau (sans HTTPS : pas de hors-ligne).',
        '  • avec un nom de domaine qui pointe vers ce serveur :  SILLON_DOMAIN=sillon.exemple.fr npm start',
        '  • sur le réseau local seulement (sans nom de domaine) : SILLON_HTTPS=local npm start',
        '  • avec votre propre certificat :                       TLS_CERT=cert.pem TLS_KEY=cle.pem npm start',
        '  • derrière un proxy HTTPS (Caddy, nginx) :              TRUST_PROXY=1 npm start',
        '  Détails : README.md (« HTTPS pour les tablettes ») et docs/deployment.md.',
      );
    }
    return lines;
  }
  const names = listeners.source?.pair
    ? certificateNames(new X509Certificate(listeners.source.pair.cert))
    : [];
  // IPv6 addresses are left out: nobody types them on a tablet.
  const publicNames = names.filter((n) => n !== 'localhost' && n !== '127.0.0.1' && !n.includes(':'));
  if (mode.kind === 'acme' && !listeners.source?.pair) {
    lines.push(
      `Sillon obtient son certificat HTTPS pour ${mode.domains.join(', ')} (port ${listeners.ports.http} ouvert depuis Internet requis)…`,
      'Il s’affichera prêt dès le certificat reçu ; en cas d’échec, le journal dit pourquoi et Sillon réessaie.',
    );
    return lines;
  }
  const first = publicNames[0] ?? 'localhost';
  lines.push(
    `Sillon est prêt : ouvrez ${withPort('https', first, listeners.ports.https)}  (base : ${storage})`,
  );
  for (const other of publicNames.slice(1))
    lines.push(`                   ou ${withPort('https', other, listeners.ports.https)}`);
  if (mode.kind === 'local') {
    const local = listeners.source as LocalCertificates;
    const address = publicNames.find((n) => /^\d+\.\d+\.\d+\.\d+$/.test(n)) ?? first;
    const page = withPort('http', address, listeners.ports.http);
    lines.push(
      '',
      'Chaque tablette doit d’abord faire confiance au certificat de Sillon (une seule fois) :',
      `  ouvrez ${page} sur la tablette, ou scannez ce QR code, et suivez les étapes.`,
      (await QRCode.toString(page, { type: 'terminal', small: true })).trimEnd(),
      `  Empreinte SHA-256 de l’autorité : ${local.authority?.fingerprint ?? ''}`,
    );
  }
  return lines;
};
