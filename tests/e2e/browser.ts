import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axe: string | undefined;
const axeSource = (): string => (axe ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/**
 * Debian's Chromium, headless, with nothing that calls out to the (closed) network. `args` and `env`
 * add to it (the HTTPS test maps a host name and points HOME at an NSS database trusting its CA).
 */
export const launchBrowser = (extra: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    ...(extra.env ? { env: { ...process.env, ...extra.env } } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      ...(extra.args ?? []),
    ],
  });

const violations = new WeakMap<BrowserContext, string[]>();

/**
 * A 10-inch tablet in landscape (1280×800, touch), under the app's real Content-Security-Policy
 * (never bypassed): every violation a page or frame reports is recorded (see `cspViolations`), and
 * the server logs those sent by report-uri (workers included), which fail the run (global-setup.ts).
 */
export const tabletContext = async (browser: Browser, baseURL: string): Promise<BrowserContext> => {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    hasTouch: true,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    serviceWorkers: 'allow',
  });
  const seen: string[] = [];
  violations.set(context, seen);
  await context.exposeBinding('__sillonCspViolation', (_source, text: string) => {
    seen.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __sillonCspViolation?: (text: string) => void })
        .__sillonCspViolation;
      report?.(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} in ${event.sourceFile}`);
    });
  });
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return context;
};

/** The one page where a test causes a violation on purpose (to show the checks can fail). */
export const CSP_SELF_TEST_PATH = '/verification-csp';

/** What the app's CSP blocked so far in this context (it must always be nothing). */
export const cspViolations = (context: BrowserContext): string[] => [...(violations.get(context) ?? [])];

/** Waits until the service worker controls the page and has precached the app (offline-ready). */
/** Sums the page's layout shifts not caused by an input, from before its first script on. */
export const watchLayoutShifts = async (page: Page): Promise<void> => {
  await page.addInitScript(() => {
    const w = window as unknown as { __shift: number };
    w.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[])
        if (!e.hadRecentInput) w.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
};

/** The layout shift summed since watchLayoutShifts(). */
export const layoutShift = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { __shift: number }).__shift);

export const waitForServiceWorker = async (page: Page): Promise<void> => {
  // Active, and controlling this page (the first service worker claims the page it was installed
  // from: vite.config.ts, clientsClaim), so that what the page fetches offline comes from it.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the service worker did not take the page')), 30_000);
      navigator.serviceWorker.addEventListener(
        'controllerchange',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  });
};

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** Runs axe-core with the WCAG 2.0/2.1/2.2 A and AA rules on the current page. */
export const runAxe = async (page: Page): Promise<AxeViolation[]> => {
  // Evaluated through the DevTools protocol, not added as an inline <script> (the CSP refuses those).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
    }));
  });
};
