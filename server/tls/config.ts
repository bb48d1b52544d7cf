// How the server listens, from its environment (README « Run Sillon », docs/deployment.md):
//   nothing                  → plain HTTP on PORT (8080): a try on one machine, or behind a TLS proxy
//   SILLON_DOMAIN=a.fr[,b.fr] → HTTPS on HTTPS_PORT (443) with an ACME certificate; HTTP_PORT (80)
//                              answers ACME challenges and redirects
//   TLS_CERT + TLS_KEY        → HTTPS with the structure's own certificate files
//   SILLON_HTTPS=local        → HTTPS with a certificate of Sillon's own authority, for the local
//                              network; HTTP_PORT serves the page that installs the authority
import { join } from 'node:path';

import { LETS_ENCRYPT } from './acme';

export type HttpsMode =
  | { kind: 'plain' }
  | { kind: 'acme'; domains: string[]; directoryUrl: string; email?: string; directoryCa?: string }
  | { kind: 'files'; cert: string; key: string }
  | { kind: 'local'; names: string[] };

export interface ListenConfig {
  mode: HttpsMode;
  host: string;
  /** Plain HTTP port (mode plain). */
  port: number;
  httpsPort: number;
  httpPort: number;
  /** Where certificates and keys are kept (inside the data folder). */
  tlsDir: string;
  /** Whether answers carry Strict-Transport-Security (a certificate every browser trusts). */
  hsts: boolean;
}

/** A configuration mistake, in words for the administrator. */
export class ConfigError extends Error {}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);

const port = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new ConfigError(`${name} : port invalide (${raw}).`);
  return value;
};

export const readListenConfig = (env: NodeJS.ProcessEnv, dataDir: string): ListenConfig => {
  const domains = list(env.SILLON_DOMAIN);
  const local = (env.SILLON_HTTPS ?? '').trim().toLowerCase();
  const files = !!(env.TLS_CERT || env.TLS_KEY);
  const chosen = [domains.length > 0, files, local !== ''].filter(Boolean).length;
  if (chosen > 1) {
    throw new ConfigError(
      'Choisissez un seul mode HTTPS : SILLON_DOMAIN, TLS_CERT/TLS_KEY ou SILLON_HTTPS=local.',
    );
  }
  let mode: HttpsMode = { kind: 'plain' };
  if (domains.length > 0) {
    const bad = domains.filter((d) => !DOMAIN.test(d));
    if (bad.length) {
      throw new ConfigError(
        `SILLON_DOMAIN : « ${bad.join(', ')} » n’est pas un nom de domaine (ni adresse IP, ni joker *. : le défi http-01 ne les permet pas).`,
      );
    }
    mode = {
      kind: 'acme',
      domains,
      directoryUrl: env.ACME_DIRECTORY_URL || LETS_ENCRYPT,
      ...(env.ACME_EMAIL ? { email: env.ACME_EMAIL.trim() } : {}),
      ...(env.ACME_DIRECTORY_CA ? { directoryCa: env.ACME_DIRECTORY_CA } : {}),
    };
  } else if (files) {
    if (!env.TLS_CERT || !env.TLS_KEY)
      throw new ConfigError('TLS_CERT et TLS_KEY vont ensemble : donnez les deux fichiers.');
    mode = { kind: 'files', cert: env.TLS_CERT, key: env.TLS_KEY };
  } else if (local) {
    if (local !== 'local')
      throw new ConfigError(`SILLON_HTTPS : seule la valeur « local » existe (reçu « ${local} »).`);
    mode = { kind: 'local', names: list(env.SILLON_LOCAL_NAMES) };
  }
  return {
    mode,
    host: env.HOST || '0.0.0.0',
    port: port(env, 'PORT', 8080),
    httpsPort: port(env, 'HTTPS_PORT', 443),
    httpPort: port(env, 'HTTP_PORT', 80),
    tlsDir: join(dataDir, 'tls'),
    // The local authority is trusted only by the tablets that installed it, and its install page must
    // stay reachable over HTTP: no HSTS there.
    hsts: mode.kind === 'acme' || mode.kind === 'files',
  };
};
