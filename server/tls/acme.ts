// SILLON_DOMAIN: a certificate from an ACME authority (Let's Encrypt by default), obtained and renewed
// by acme-client (https://github.com/publishlab/node-acme-client, README « Auto mode ») with http-01
// challenges answered by the HTTP listener on port 80. Account key, certificate and key are kept in
// the data folder, so a restart does not order a new certificate (and hit the authority's limits).
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';

import * as acme from 'acme-client';

import type { Logger } from '../log';
import {
  CHECK_INTERVAL_MS,
  certificateNames,
  inspectPair,
  needsRenewal,
  type CertificateSource,
  type TlsPair,
} from './certificates';
import { writeAtomic } from './local-ca';

export const LETS_ENCRYPT = acme.directory.letsencrypt.production;

export interface AcmeOptions {
  dir: string;
  domains: string[];
  directoryUrl: string;
  /** Contact for the authority's expiry notices (optional). */
  email?: string;
  /** PEM file of the authority's own TLS root, for a private ACME server (step-ca, Pebble). */
  directoryCa?: string;
  logger: Logger;
  now?: () => Date;
}

interface Stored {
  directoryUrl: string;
  domains: string[];
}

/** After a failure, wait 1 h, 2 h, 4 h… up to a day: the authority's rate limits are not for us to hit. */
const backoff = (failures: number): number => Math.min(24, 2 ** Math.max(0, failures - 1)) * 3_600_000;

export class AcmeCertificates implements CertificateSource {
  pair: TlsPair | undefined;
  private readonly challenges = new Map<string, string>();
  private readonly files;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private nextAttempt = 0;
  private running: Promise<boolean> | undefined;
  private onChange: ((pair: TlsPair) => void) | undefined;

  constructor(private readonly options: AcmeOptions) {
    this.now = options.now ?? (() => new Date());
    this.files = {
      account: join(options.dir, 'account.key'),
      accountUrl: join(options.dir, 'account.json'),
      cert: join(options.dir, 'certificate.pem'),
      key: join(options.dir, 'certificate.key'),
      meta: join(options.dir, 'certificate.json'),
    };
    if (options.directoryCa) {
      // acme-client talks through its own axios instance (README « HTTP client defaults »).
      acme.axios.defaults.httpsAgent = new Agent({ ca: readFileSync(options.directoryCa, 'utf8') });
    }
  }

  challenge(token: string): string | undefined {
    return this.challenges.get(token);
  }

  async start(onChange: (pair: TlsPair) => void): Promise<void> {
    mkdirSync(this.options.dir, { recursive: true, mode: 0o700 });
    this.pair = this.load();
    if (this.pair) {
      const info = inspectPair(this.pair);
      this.options.logger.info('certificate_loaded', {
        source: 'acme',
        names: info.names,
        notAfter: info.notAfter,
      });
    }
    this.onChange = onChange;
    await this.check().catch(() => undefined); // logged by check; retried later
    this.timer = setInterval(() => void this.check().catch(() => undefined), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The stored pair, if it was ordered from this directory for these domains. */
  private load(): TlsPair | undefined {
    if (!existsSync(this.files.cert) || !existsSync(this.files.key) || !existsSync(this.files.meta))
      return undefined;
    const meta = JSON.parse(readFileSync(this.files.meta, 'utf8')) as Stored;
    const wanted = [...this.options.domains].sort().join(',');
    if (meta.directoryUrl !== this.options.directoryUrl || [...meta.domains].sort().join(',') !== wanted) {
      return undefined;
    }
    return { cert: readFileSync(this.files.cert, 'utf8'), key: readFileSync(this.files.key, 'utf8') };
  }

  private due(): boolean {
    if (!this.pair) return true;
    const cert = new X509Certificate(this.pair.cert);
    const names = certificateNames(cert);
    return (
      needsRenewal(cert, this.now()) || this.options.domains.some((d) => !names.includes(d.toLowerCase()))
    );
  }

  /**
   * Orders a certificate when none is there or renewal is due, and hands it to the listener; says
   * whether a new one was stored.
   */
  check(force = false): Promise<boolean> {
    if (this.running) return this.running;
    if (!force && (!this.due() || Date.now() < this.nextAttempt)) return Promise.resolve(false);
    this.running = this.order()
      .then(() => {
        this.failures = 0;
        this.nextAttempt = 0;
        this.onChange?.(this.pair!);
        return true;
      })
      .catch((error: unknown) => {
        this.failures++;
        this.nextAttempt = Date.now() + backoff(this.failures);
        this.options.logger.error('certificate_renewal_failed', {
          domains: this.options.domains,
          error: error instanceof Error ? error.message : String(error),
          retryAt: new Date(this.nextAttempt).toISOString(),
        });
        throw error;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async accountKey(): Promise<Buffer> {
    if (existsSync(this.files.account)) return readFileSync(this.files.account);
    const key = await acme.crypto.createPrivateEcdsaKey('P-256');
    writeAtomic(this.files.account, key.toString(), true);
    return key;
  }

  /**
   * A client with its account known. acme-client's auto() would otherwise re-register at every order
   * and, the account existing, send an « update » that RFC 8555 servers refuse (Pebble: « Use
   * POST-as-GET… »): the account's URL is looked up once (onlyReturnExisting) or created, then kept.
   */
  private async client(): Promise<acme.Client> {
    const { directoryUrl, email } = this.options;
    const accountKey = await this.accountKey();
    const saved = existsSync(this.files.accountUrl)
      ? (JSON.parse(readFileSync(this.files.accountUrl, 'utf8')) as { directoryUrl: string; url: string })
      : undefined;
    if (saved?.directoryUrl === directoryUrl)
      return new acme.Client({ directoryUrl, accountKey, accountUrl: saved.url });
    const client = new acme.Client({ directoryUrl, accountKey });
    try {
      await client.createAccount({ onlyReturnExisting: true });
    } catch {
      await client.createAccount({
        termsOfServiceAgreed: true,
        ...(email ? { contact: [`mailto:${email}`] } : {}),
      });
    }
    writeAtomic(this.files.accountUrl, JSON.stringify({ directoryUrl, url: client.getAccountUrl() }));
    return client;
  }

  private async order(): Promise<void> {
    const { domains, directoryUrl, logger } = this.options;
    const renewing = !!this.pair;
    logger.info('certificate_ordering', { domains, directory: new URL(directoryUrl).host, renewing });
    const client = await this.client();
    const key = await acme.crypto.createPrivateEcdsaKey('P-256');
    const [, csr] = await acme.crypto.createCsr({ commonName: domains[0]!, altNames: domains }, key);
    const cert = await client.auto({
      csr,
      termsOfServiceAgreed: true,
      challengePriority: ['http-01'],
      // acme-client would first fetch the challenge itself through port 80 of the public address,
      // which fails behind most routers (no hairpin NAT); the authority's own check is the one that counts.
      skipChallengeVerification: true,
      challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
        this.challenges.set(challenge.token, keyAuthorization);
      },
      challengeRemoveFn: async (_authz, challenge) => {
        this.challenges.delete(challenge.token);
      },
    });
    const pair = { cert, key: key.toString() };
    const info = inspectPair(pair);
    writeAtomic(this.files.key, pair.key, true);
    writeAtomic(this.files.cert, pair.cert);
    writeAtomic(this.files.meta, JSON.stringify({ directoryUrl, domains } satisfies Stored));
    this.pair = pair;
    logger.info(renewing ? 'certificate_renewed' : 'certificate_obtained', {
      source: 'acme',
      names: info.names,
      notAfter: info.notAfter,
    });
  }
}
