// TLS_CERT / TLS_KEY: a structure that has its own certificate (its IT department's, a wildcard of
// the collectivité). The files are watched: when they are replaced (certbot, an IT script), the new
// pair is taken without a restart, once both files match each other.
import { readFileSync, unwatchFile, watchFile } from 'node:fs';

import type { Logger } from '../log';
import { CHECK_INTERVAL_MS, inspectPair, type CertificateSource, type TlsPair } from './certificates';

const POLL_MS = 5_000;
const WARN_DAYS = 14;

export class FileCertificates implements CertificateSource {
  pair: TlsPair | undefined;
  private serial = '';
  private notAfter = '';
  private warned = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly certFile: string,
    private readonly keyFile: string,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly pollMs = POLL_MS,
  ) {}

  private read(): TlsPair {
    return { cert: readFileSync(this.certFile, 'utf8'), key: readFileSync(this.keyFile, 'utf8') };
  }

  private warnIfExpiring(): void {
    const notAfter = this.notAfter;
    const days = (Date.parse(notAfter) - this.now().getTime()) / 86_400_000;
    const once = `${this.serial}|${Math.floor(days)}`; // once a day
    if (days < WARN_DAYS && this.warned !== once) {
      this.warned = once;
      this.logger.warn('certificate_expiring', { notAfter, days: Math.floor(days) });
    }
  }

  async start(onChange: (pair: TlsPair) => void): Promise<void> {
    const first = this.read();
    const info = inspectPair(first); // a wrong pair at start is a configuration error: say so and stop
    this.pair = first;
    this.serial = info.serial;
    this.notAfter = info.notAfter;
    this.logger.info('certificate_loaded', { source: 'files', names: info.names, notAfter: info.notAfter });
    this.warnIfExpiring();
    // Nobody renews these for us: say it in the logs, every day of the last two weeks.
    this.timer = setInterval(() => this.warnIfExpiring(), CHECK_INTERVAL_MS);
    this.timer.unref();
    const reload = () => {
      let next: TlsPair;
      let nextInfo;
      try {
        next = this.read();
        nextInfo = inspectPair(next);
      } catch (error) {
        // Often the certificate is written before the key: the next poll sees both.
        this.logger.warn('certificate_reload_waiting', { reason: (error as Error).message });
        return;
      }
      if (nextInfo.serial === this.serial) return;
      this.pair = next;
      this.serial = nextInfo.serial;
      this.notAfter = nextInfo.notAfter;
      this.logger.info('certificate_reloaded', { names: nextInfo.names, notAfter: nextInfo.notAfter });
      onChange(next);
    };
    watchFile(this.certFile, { interval: this.pollMs, persistent: false }, reload);
    watchFile(this.keyFile, { interval: this.pollMs, persistent: false }, reload);
  }

  stop(): void {
    clearInterval(this.timer);
    unwatchFile(this.certFile);
    unwatchFile(this.keyFile);
  }
}
