// What plain HTTP (port 80) does when Sillon serves HTTPS: ACME http-01 answers, the local
// authority's install page and file (SILLON_HTTPS=local), and a redirect to HTTPS for everything else.
import { X509Certificate } from 'node:crypto';

import { Hono } from 'hono';

import { certificateNames, type CertificateSource } from './certificates';
import { CA_PATH, installPage } from './install-page';

export interface HttpSideOptions {
  source: CertificateSource;
  /** Read at each request: HTTPS may start listening after HTTP (ACME orders first). */
  httpsPort: () => number;
  /** The HTTP port as seen by tablets (for the QR code's address). */
  httpPort: number;
  /** The local authority (SILLON_HTTPS=local): its PEM and fingerprint, once loaded. */
  authority?: () => { caPem: string; fingerprint: string } | undefined;
}

const TOKEN = /^[A-Za-z0-9_-]{10,200}$/;

export const createHttpSide = ({ source, httpsPort, authority, httpPort }: HttpSideOptions): Hono => {
  const app = new Hono();
  const names = (): string[] => (source.pair ? certificateNames(new X509Certificate(source.pair.cert)) : []);
  /** The name to send a browser to: the one it asked for if the certificate has it, else the first. */
  const hostFor = (requested: string | undefined): string | undefined => {
    const all = names();
    const asked = (requested ?? '')
      .replace(/:\d+$/, '')
      .replace(/^\[|\]$/g, '')
      .toLowerCase();
    const host = all.includes(asked) ? asked : all.find((n) => n !== 'localhost' && n !== '127.0.0.1');
    return host && host.includes(':') ? `[${host}]` : host;
  };
  const httpsUrl = (host: string, path: string) => {
    const port = httpsPort();
    return `https://${host}${port === 443 ? '' : `:${port}`}${path}`;
  };

  app.get('/.well-known/acme-challenge/:token', (c) => {
    const token = c.req.param('token');
    const answer = TOKEN.test(token) ? source.challenge?.(token) : undefined;
    return answer ? c.text(answer) : c.text('Not found', 404);
  });

  if (authority) {
    app.get(CA_PATH, (c) => {
      const ca = authority();
      if (!ca) return c.text('Sillon prépare son certificat : réessayez dans un instant.', 503);
      return c.body(ca.caPem, 200, {
        'Content-Type': 'application/x-x509-ca-cert',
        'Cache-Control': 'no-cache',
      });
    });
    app.get('/', async (c) => {
      const host = hostFor(c.req.header('Host'));
      const ca = authority();
      if (!host || !ca) return c.text('Sillon prépare son certificat : réessayez dans un instant.', 503);
      const html = await installPage({
        pageUrl: `http://${host}${httpPort === 80 ? '' : `:${httpPort}`}/`,
        appUrl: httpsUrl(host, '/'),
        fingerprint: ca.fingerprint,
      });
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Cache-Control', 'no-cache');
      return c.html(html);
    });
  }

  app.all('*', (c) => {
    const host = hostFor(c.req.header('Host'));
    if (!host) {
      c.header('Retry-After', '60');
      return c.text('Sillon obtient son certificat HTTPS : réessayez dans une minute.', 503);
    }
    const url = new URL(c.req.url);
    // 308 keeps the method and body of a POST; browsers follow both.
    return c.redirect(
      httpsUrl(host, `${url.pathname}${url.search}`),
      c.req.method === 'GET' || c.req.method === 'HEAD' ? 301 : 308,
    );
  });
  return app;
};
