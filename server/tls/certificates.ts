// What the three HTTPS modes share: a key and certificate pair that may change while the server runs
// (renewed by ACME, re-issued by the local authority, replaced on disk by the structure), and the rule
// that says when to renew.
import { X509Certificate, createPrivateKey } from 'node:crypto';

export interface TlsPair {
  /** PEM: the server's certificate followed by its chain. */
  cert: string;
  /** PEM private key. */
  key: string;
}

/**
 * A certificate that keeps itself valid. `start` resolves once a first pair is there (or, for ACME,
 * once the first attempt is over: `pair` stays undefined until a certificate is obtained);
 * `onChange` is called with every new pair, which the HTTPS server takes without a restart.
 */
export interface CertificateSource {
  readonly pair: TlsPair | undefined;
  start(onChange: (pair: TlsPair) => void): Promise<void>;
  stop(): void;
  /** ACME http-01 answers by token (only the ACME source has any). */
  challenge?(token: string): string | undefined;
}

/** How often a certificate is looked at (renewal is due long before expiry: this only bounds the delay). */
export const CHECK_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Renew when less than a third of the lifetime is left: 30 days for Let's Encrypt's 90-day
 * certificates (its own advice), 2 days for a 6-day one, 132 days for the local authority's 397.
 */
export const needsRenewal = (cert: X509Certificate, now: Date): boolean => {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  return to - now.getTime() < (to - from) / 3;
};

/** The certificate's names (DNS and IP), from its subjectAltName. */
export const certificateNames = (cert: X509Certificate): string[] =>
  (cert.subjectAltName ?? '')
    .split(', ')
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry)?.[1])
    .filter((name): name is string => !!name)
    .map((name) => name.toLowerCase());

export interface PairInfo {
  names: string[];
  notAfter: string;
  serial: string;
  fingerprint: string;
}

/** Parses a pair and checks that the key belongs to the certificate: throws with a clear message if not. */
export const inspectPair = (pair: TlsPair): PairInfo => {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pair.cert);
  } catch {
    throw new Error('certificat illisible (PEM attendu)');
  }
  let key;
  try {
    key = createPrivateKey(pair.key);
  } catch {
    throw new Error('clé privée illisible (PEM attendu, sans mot de passe)');
  }
  if (!cert.checkPrivateKey(key)) throw new Error('la clé privée ne correspond pas au certificat');
  return {
    names: certificateNames(cert),
    notAfter: new Date(cert.validTo).toISOString(),
    serial: cert.serialNumber,
    fingerprint: cert.fingerprint256,
  };
};
