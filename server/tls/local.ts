// SILLON_HTTPS=local: the server's certificate comes from the structure's own authority
// (local-ca.ts). It is re-issued when due, or when the machine's addresses change (a new DHCP lease),
// and taken by the HTTPS server without a restart; tablets, which trust the authority, see nothing.
import type { Logger } from '../log';
import { CHECK_INTERVAL_MS, inspectPair, type CertificateSource, type TlsPair } from './certificates';
import { ensureServerCertificate, loadOrCreateAuthority, wantedNames, type LocalAuthority } from './local-ca';

export class LocalCertificates implements CertificateSource {
  pair: TlsPair | undefined;
  authority: LocalAuthority | undefined;
  names: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private onChange: ((pair: TlsPair) => void) | undefined;

  constructor(
    private readonly dir: string,
    private readonly configured: readonly string[],
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async start(onChange: (pair: TlsPair) => void): Promise<void> {
    this.authority = await loadOrCreateAuthority(this.dir, this.configured, this.now());
    const refused = this.configured.filter(
      (n) => !wantedNames([n], this.authority!).includes(n.toLowerCase()),
    );
    if (refused.length > 0) {
      // The authority tablets trust cannot sign for these: a new one would have to be installed everywhere.
      this.logger.warn('local_names_not_covered', { names: refused });
    }
    await this.check();
    this.onChange = onChange;
    this.timer = setInterval(() => {
      void this.check().catch((error: unknown) =>
        this.logger.error('certificate_renewal_failed', { error: String(error) }),
      );
    }, CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  /** Issues a new server certificate if needed and hands it to the listener; says whether it did. */
  async check(): Promise<boolean> {
    this.names = wantedNames(this.configured, this.authority!);
    const { pair, issued } = await ensureServerCertificate(this.dir, this.names, this.now());
    this.pair = pair;
    if (issued) {
      const info = inspectPair(pair);
      this.logger.info('certificate_renewed', {
        source: 'local-ca',
        names: info.names,
        notAfter: info.notAfter,
      });
      this.onChange?.(pair);
    }
    return issued;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
