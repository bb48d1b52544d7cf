// The security headers of every answer, in one middleware (docs/architecture.md, « Sécurité »).
//
// The app's Content-Security-Policy lets nothing but the app's own origin run or load: no inline
// script or style, no eval, no plugin, no framing by another site. What the app really needs beyond
// that, and why:
// - img-src blob: data:  photos and signatures shown from IndexedDB (object URLs), QR labels (data: URLs)
// - frame-src blob:      « Imprimer » loads the agreement PDF (an object URL, typed application/pdf) in
//                        a hidden frame for the browser's PDF viewer
// The qr-scanner worker is emitted as a file of the build (vite.config.ts), so workers come from the
// origin too; zod runs without its `new Function` fast path in the browser (src/domain/zod-jitless.ts).
import type { MiddlewareHandler } from 'hono';

export interface SecurityOptions {
  /**
   * Served over HTTPS with a certificate every browser trusts (server/tls/config.ts decides): tell
   * browsers never to use HTTP again. One year, the value preload lists expect; subdomains are the
   * structure's own business.
   */
  hsts?: boolean;
}

export const CSP_REPORT_PATH = '/api/csp-report';

export const appContentSecurityPolicy = (): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "media-src 'self'",
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    `report-uri ${CSP_REPORT_PATH}`,
  ].join('; ');

/** JSON answers and anything else that is not the app: nothing may load or run in them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/**
 * The camera for the label scanner, sharing the agreement PDF, WebAuthn for the tablet's own unlock
 * (a passkey, src/data/crypto/passkey.ts); every other powerful feature off.
 */
export const PERMISSIONS_POLICY = [
  'camera=(self)',
  'web-share=(self)',
  'autoplay=(self)',
  'publickey-credentials-create=(self)',
  'publickey-credentials-get=(self)',
  ...[
    'accelerometer',
    'bluetooth',
    'browsing-topics',
    'display-capture',
    'encrypted-media',
    'fullscreen',
    'geolocation',
    'gyroscope',
    'hid',
    'idle-detection',
    'local-fonts',
    'magnetometer',
    'microphone',
    'midi',
    'payment',
    'picture-in-picture',
    'screen-wake-lock',
    'serial',
    'usb',
    'xr-spatial-tracking',
  ].map((feature) => `${feature}=()`),
].join(', ');

const HSTS = 'max-age=31536000';

/**
 * Sets the headers on every answer. A route that chose its own Content-Security-Policy (a blob is
 * served sandboxed) keeps it; every other answer gets the app's policy (HTML, scripts, the service
 * worker, whose policy also governs what it fetches) or the API's.
 */
export const securityHeaders = (options: SecurityOptions = {}): MiddlewareHandler => {
  const appPolicy = appContentSecurityPolicy();
  return async (c, next) => {
    await next();
    let headers = c.res.headers;
    try {
      headers.set('X-Content-Type-Options', 'nosniff');
    } catch {
      // A response whose headers are immutable (one passed through from fetch): copy it first.
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
    }
    if (!headers.has('Content-Security-Policy')) {
      headers.set(
        'Content-Security-Policy',
        c.req.path.startsWith('/api/') ? API_CONTENT_SECURITY_POLICY : appPolicy,
      );
    }
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('Permissions-Policy', PERMISSIONS_POLICY);
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    if (options.hsts) headers.set('Strict-Transport-Security', HSTS);
  };
};

/** What a CSP violation report says, reduced to what helps (directive, what was blocked, where). */
export const describeCspReport = (body: unknown): Record<string, string> | undefined => {
  const report = (body as { 'csp-report'?: Record<string, unknown> } | null)?.['csp-report'];
  if (!report || typeof report !== 'object') return undefined;
  const text = (key: string): string => {
    const value = report[key];
    return typeof value === 'string' ? value.slice(0, 200) : '';
  };
  // Only the path of a URL: a query string could carry anything.
  const path = (value: string): string => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.pathname : url.protocol;
    } catch {
      return value.slice(0, 40);
    }
  };
  return {
    directive: text('effective-directive') || text('violated-directive'),
    blocked: path(text('blocked-uri')),
    page: path(text('document-uri')),
    source: path(text('source-file')),
    line: String(report['line-number'] ?? ''),
  };
};
