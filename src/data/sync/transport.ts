import { SCHEMA_HEADER, SERVER_SIGNATURE, SYNC_SCHEMA_VERSION, type ApiError } from '../../domain/sync';

/** Why a request failed, in the engine's terms: each kind has its own reaction (docs/sync-protocol.md). */
export type SyncErrorKind =
  | 'offline' // no network at all
  | 'unreachable' // the device has a network, but the server does not answer (down, wrong address, proxy error)
  | 'portal' // something answered, but not a Sillon server (captive portal, proxy page)
  | 'timeout'
  | 'signed_out' // no token on this device
  | 'unauthorized' // 401: token revoked or unknown
  | 'wiped' // a coordinateur asked this device to erase itself: done (src/data/sync/wipe.ts)
  | 'forbidden' // 403
  | 'update' // 426: this app is too old for the server
  | 'too_large' // 413
  | 'resync' // 409 resync: pull everything again, outbox kept
  | 'rate_limited' // 429
  | 'conflict' // 409 other
  | 'invalid' // 400
  | 'server'; // 5xx and anything unexpected

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status?: number,
    readonly body?: ApiError,
  ) {
    super(message);
    this.name = 'SyncError';
  }

  /** Worth retrying later by itself (the link, not the data, is at fault). */
  get transient(): boolean {
    return ['offline', 'unreachable', 'portal', 'timeout', 'server', 'rate_limited', 'too_large'].includes(
      this.kind,
    );
  }
}

export interface TransportOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  token?: string;
  /** A request taking longer is abandoned (and the batch made smaller). */
  timeoutMs?: number;
}

const kindOf = (status: number, code?: string): SyncErrorKind => {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 409) return code === 'resync' ? 'resync' : 'conflict';
  if (status === 413) return 'too_large';
  if (status === 426) return 'update';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
};

/**
 * No answer came. With no network at all the browser says so (« Pas de réseau »); otherwise the
 * network works and the server does not answer: stopped, unreachable address, refused, cut off.
 */
const noAnswer = (message: string): SyncError =>
  typeof navigator !== 'undefined' && navigator.onLine === false
    ? new SyncError('offline', 'Pas de réseau.')
    : new SyncError('unreachable', message);

/**
 * One API call. Only an answer carrying the Sillon signature counts as the server's: a captive
 * portal's login page (200 HTML, or a redirect to one) is reported as 'portal', never parsed as data.
 */
export const apiRequest = async <T>(
  options: TransportOptions,
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
  /** Reads a successful JSON answer instead of `response.json()` (a pull page, a line at a time). */
  readJson?: (response: Response) => Promise<T>,
): Promise<T> => {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
  const headers: Record<string, string> = { [SCHEMA_HEADER]: String(SYNC_SCHEMA_VERSION), ...extraHeaders };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let payload: BodyInit | undefined;
  if (body instanceof Blob) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await doFetch(`${options.baseUrl}/api${path}`, {
      method,
      headers,
      body: payload,
      signal: controller.signal,
      cache: 'no-store',
      redirect: 'manual',
    });
  } catch (error) {
    if (controller.signal.aborted) throw new SyncError('timeout', 'Le serveur met trop de temps à répondre.');
    throw noAnswer(error instanceof Error ? error.message : 'Serveur injoignable.');
  } finally {
    clearTimeout(timer);
  }
  if (response.headers.get('Sillon-Server') !== SERVER_SIGNATURE) {
    // A reverse proxy in front of a stopped server answers 502/503/504 itself: the server is down,
    // not the network asking for a sign-in.
    if ([502, 503, 504].includes(response.status)) {
      throw new SyncError('unreachable', `Le serveur ne répond pas (${response.status}).`, response.status);
    }
    throw new SyncError('portal', 'La réponse ne vient pas du serveur Sillon (portail Wi-Fi ?).', response.status);
  }
  if (!response.ok) {
    let error: ApiError | undefined;
    try {
      error = (await response.json()) as ApiError;
    } catch {
      error = undefined;
    }
    throw new SyncError(
      kindOf(response.status, error?.error),
      error?.message ?? `Erreur ${response.status}`,
      response.status,
      error,
    );
  }
  if (response.headers.get('Content-Type')?.includes('application/json')) {
    try {
      return readJson ? await readJson(response) : ((await response.json()) as T);
    } catch {
      throw noAnswer('Réponse interrompue.');
    }
  }
  return (await response.blob()) as T;
};
