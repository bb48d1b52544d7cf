import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';

import {
  MAX_BLOB_BYTES,
  MAX_PULL_LIMIT,
  MIN_SYNC_SCHEMA_VERSION,
  SCHEMA_HEADER,
  SERVER_SIGNATURE,
  SYNC_SCHEMA_VERSION,
  blobHashSchema,
  pushRequestSchema,
  setupSchema,
  signInSchema,
  type EpochInfo,
  type SessionUser,
  type SignInResponse,
  type StructureMember,
} from '../src/domain/sync';
import { encodePullPage } from '../src/domain/sync-page';
import { AccountStore } from './accounts';
import { mountAccountRoutes } from './api-accounts';
import { BlobStore, blobHeaders } from './blobs';
import { clientAddress, type TrustProxy } from './client-address';
import { compressedJsonText } from './compress';
import { hashToken, newToken, passwords as defaultPasswords, sha256, type PasswordHasher } from './crypto';
import { HttpError } from './errors';
import { mountLieuxRoutes } from './lieux-api';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import { PasswordGate } from './password-gate';
import type { Principal, Store } from './store';
import { SetupCodes, epochOf, readEpoch } from './server-state';
import { Throttle } from './throttle';

export interface ApiOptions {
  store: Store;
  logger: Logger;
  /** The one-time setup code, in the database (server/server-state.ts); tests may pass their own. */
  setupCodes?: SetupCodes;
  /** Which proxies' X-Forwarded-For to believe (server/client-address.ts, TRUST_PROXY). */
  trustProxy?: TrustProxy;
  /** Prometheus counters (server/metrics.ts). */
  metrics?: Metrics;
  /** Password hashing (tests pass a cheaper one; the server uses today's cost). */
  passwords?: PasswordHasher;
  /** Bytes of blobs one structure may hold (default: SILLON_BLOB_QUOTA_MB). */
  blobQuota?: number;
}

type Env = { Variables: { principal: Principal } };

/** What an account with a provisional password may still do. */
const PASSWORD_CHANGE_PATHS = new Set(['GET /api/me', 'POST /api/me/password', 'POST /api/auth/sign-out']);

/** What a device asked to erase itself may still do: push, upload the files a push names, say it erased. */
const mayWhileWiped = (method: string, path: string): boolean =>
  (method === 'POST' && (path === '/api/sync/push' || path === '/api/device/wiped')) ||
  (method === 'PUT' && path.startsWith('/api/blobs/'));

const tooLarge = (c: Context) =>
  c.json({ error: 'too_large', message: 'Requête trop volumineuse : elle sera découpée.' }, 413);

const parse = async <S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> =>
  (await parseWithBytes(c, schema)).value;

const utf8 = new TextDecoder();

/**
 * The request's body checked by `schema`, with its bytes (which a push hands over to a worker: moved,
 * not copied, as a string would be).
 */
const parseWithBytes = async <S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<{ value: z.infer<S>; bytes: ArrayBuffer }> => {
  let body: unknown;
  let bytes: ArrayBuffer;
  try {
    bytes = await c.req.arrayBuffer();
    body = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new HttpError(400, 'bad_json', 'Requête illisible.');
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const fields: Record<string, string> = {};
    for (const issue of result.error.issues) fields[issue.path.join('.') || '_form'] ??= issue.message;
    throw new HttpError(400, 'invalid', 'Requête invalide.', { fields });
  }
  return { value: result.data, bytes };
};

/** The JSON API under /api (docs/sync-protocol.md). */
export const createApi = ({
  store,
  logger,
  setupCodes = new SetupCodes(store.db),
  metrics,
  trustProxy,
  passwords = defaultPasswords,
  blobQuota,
}: ApiOptions): Hono<Env> => {
  const api = new Hono<Env>();
  const blobs = new BlobStore(store.db, store.now, blobQuota);
  const accounts = new AccountStore(store.db, store.now);
  const gate = new PasswordGate(store, new Throttle(store.db, store.now), passwords, accounts);
  const clientIp = (c: Context) => clientAddress(c, trustProxy);

  api.onError((error, c) => {
    if (error instanceof HttpError) {
      if (typeof error.extra.retryAfter === 'number') c.header('Retry-After', String(error.extra.retryAfter));
      return c.json({ error: error.code, message: error.message, ...error.extra }, error.status);
    }
    logger.error('unhandled', { error: error instanceof Error ? error.message : String(error) });
    return c.json({ error: 'server_error', message: 'Erreur du serveur : réessayez plus tard.' }, 500);
  });

  // The signature lets the app tell its server from a captive portal that answers every URL.
  // It also tells a monitor whether the database answers (503 when it does not), and carries the
  // server's epoch: a tablet that knew another one learns that a backup was restored.
  api.get('/health', async (c) => {
    c.header('Sillon-Server', SERVER_SIGNATURE);
    c.header('Cache-Control', 'no-store');
    let epoch: string;
    try {
      epoch = await readEpoch(store.db);
    } catch (error) {
      logger.error('health_database_failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      return c.json(
        {
          status: 'unavailable',
          service: SERVER_SIGNATURE,
          database: 'unavailable',
          message: 'La base de données ne répond pas.',
        },
        503,
      );
    }
    return c.json({
      status: 'ok',
      service: SERVER_SIGNATURE,
      schema: SYNC_SCHEMA_VERSION,
      database: 'ok',
      epoch,
    });
  });

  // Every other call says which schema the app speaks: an outdated app is told to update.
  api.use('*', async (c, next) => {
    c.header('Sillon-Server', SERVER_SIGNATURE);
    c.header('Cache-Control', 'no-store');
    const version = Number(c.req.header(SCHEMA_HEADER));
    if (!Number.isInteger(version) || version < MIN_SYNC_SCHEMA_VERSION || version > SYNC_SCHEMA_VERSION) {
      throw new HttpError(
        426,
        'update_required',
        'Une nouvelle version de Sillon est nécessaire : mettez à jour.',
        {
          schema: SYNC_SCHEMA_VERSION,
        },
      );
    }
    await next();
  });

  const authenticate = async (c: Context<Env>, next: () => Promise<void>) => {
    const header = c.req.header('Authorization') ?? '';
    const token = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header)?.[1];
    const principal = token ? await store.authenticate(hashToken(token)) : undefined;
    if (!principal) {
      throw new HttpError(401, 'unauthorized', 'Cet appareil n’est plus autorisé : reconnectez-vous.');
    }
    // A device a coordinateur asked to erase may still push what it holds (and upload its files);
    // anything else tells it to erase itself now (src/data/sync/wipe.ts).
    if (principal.wipeRequested && !mayWhileWiped(c.req.method, c.req.path)) {
      throw new HttpError(
        401,
        'device_wiped',
        'Un coordinateur a demandé l’effacement de cet appareil : ses données vont être effacées.',
      );
    }
    // A provisional password is changed before anything else (the app opens that screen).
    if (principal.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(`${c.req.method} ${c.req.path}`)) {
      throw new HttpError(
        403,
        'password_change_required',
        'Choisissez votre propre mot de passe avant de continuer : celui-ci est provisoire.',
      );
    }
    c.set('principal', principal);
    await next();
  };
  const coordinateur = async (c: Context<Env>, next: () => Promise<void>) => {
    if (c.get('principal').role !== 'coordinateur') {
      throw new HttpError(403, 'forbidden', 'Réservé aux coordinateurs de la structure.');
    }
    await next();
  };
  const smallBody = bodyLimit({ maxSize: 16 * 1024, onError: tooLarge });

  // ------------------------------------------------------------------ accounts
  api.get('/auth/status', async (c) => c.json({ setupRequired: (await store.countStructures()) === 0 }));

  api.post('/auth/setup', smallBody, async (c) => {
    const input = await parse(c, setupSchema);
    if (!(await setupCodes.pending())) {
      throw new HttpError(409, 'already_set_up', 'Ce serveur est déjà configuré : connectez-vous.');
    }
    const matches = await setupCodes.matches(input.code);
    if (!(await gate.checkSetup(clientIp(c), () => matches))) {
      throw new HttpError(403, 'bad_setup_code', 'Code de mise en service incorrect.', {
        fields: { code: 'Code incorrect : recopiez celui affiché par le serveur.' },
      });
    }
    const { structureId, userId } = await store.setup({
      structureName: input.structureName,
      email: input.email,
      name: input.name,
      passwordHash: await passwords.hash(input.password),
    });
    logger.info('setup_done', { structureId });
    const token = newToken();
    const deviceKey = await store.registerDevice({
      deviceId: input.deviceId,
      userId,
      structureId,
      tokenHash: hashToken(token),
      ...(input.deviceLabel ? { label: input.deviceLabel } : {}),
    });
    const user: SessionUser = {
      userId,
      name: input.name,
      email: input.email,
      role: 'coordinateur',
      structureId,
      structureName: input.structureName,
    };
    return c.json({ token, user, deviceKey } satisfies SignInResponse, 201);
  });

  api.post('/auth/sign-in', smallBody, async (c) => {
    const input = await parse(c, signInSchema);
    const user = await gate.check({
      email: input.email,
      password: input.password,
      address: clientIp(c),
      deviceId: input.deviceId,
    });
    if (!user) {
      throw new HttpError(401, 'bad_credentials', 'Adresse e-mail ou mot de passe incorrect.');
    }
    // An invitation code typed with the account's own password: it joins that structure (its consent).
    const invited = input.invitationCode
      ? await accounts.accept(user.id, user.email, input.invitationCode, user.createdFrom)
      : undefined;
    const all = await store.membershipsOf(user.id);
    const open: typeof all = [];
    for (const m of all) if (!(await accounts.role(m.structureId, user.id))?.disabled) open.push(m);
    const wanted = invited ?? input.structureId;
    const membership = wanted
      ? open.find((m) => m.structureId === wanted)
      : open.length === 1
        ? open[0]
        : undefined;
    if (!membership) {
      if (wanted && all.some((m) => m.structureId === wanted))
        throw new HttpError(
          403,
          'account_disabled',
          'Ce compte a été désactivé dans cette structure : voyez avec son coordinateur.',
        );
      if (open.length === 0)
        throw new HttpError(
          403,
          all.length ? 'account_disabled' : 'no_structure',
          all.length
            ? 'Ce compte a été désactivé : voyez avec le coordinateur de votre structure.'
            : 'Ce compte n’a accès à aucune structure.',
        );
      throw new HttpError(409, 'choose_structure', 'Choisissez la structure.', {
        structures: open.map((m) => ({ id: m.structureId, name: m.name })),
      });
    }
    const token = newToken();
    // The device's lock key is released here only, to whoever just proved the password (never to a
    // token alone: the token sits in the tablet's storage, the key must not be readable from there).
    const deviceKey = await store.registerDevice({
      deviceId: input.deviceId,
      userId: user.id,
      structureId: membership.structureId,
      tokenHash: hashToken(token),
      ...(input.deviceLabel ? { label: input.deviceLabel } : {}),
    });
    await accounts.recordUserAgent(input.deviceId, c.req.header('User-Agent'));
    logger.info('sign_in', { userId: user.id, deviceId: input.deviceId });
    const session: SessionUser = {
      mustChangePassword: await accounts.mustChangePassword(user.id),
      userId: user.id,
      name: user.name,
      email: user.email,
      role: membership.role,
      structureId: membership.structureId,
      structureName: membership.name,
    };
    return c.json({ token, user: session, deviceKey } satisfies SignInResponse);
  });

  api.post('/auth/sign-out', authenticate, async (c) => {
    const token = /^Bearer (.+)$/.exec(c.req.header('Authorization') ?? '')?.[1] ?? '';
    await store.revokeToken(hashToken(token));
    return c.json({ ok: true });
  });

  // ------------------------------------------------------------------ sync
  api.post(
    '/sync/push',
    bodyLimit({ maxSize: 4 * 1024 * 1024, onError: tooLarge }),
    authenticate,
    async (c) => {
      const { value: request, bytes } = await parseWithBytes(c, pushRequestSchema);
      const principal = c.get('principal');
      const result = await store.push(principal, request, bytes);
      metrics?.push(request.mutations.length, result);
      logger.info('push', {
        deviceId: principal.deviceId,
        mutations: request.mutations.length,
        ack: result.ack,
        conflicts: result.conflicts,
        refused: result.refused?.length ?? 0,
      });
      return c.json(result);
    },
  );

  api.get('/sync/pull', authenticate, async (c) => {
    const cursor = Number(c.req.query('cursor') ?? 0);
    const limit = Number(c.req.query('limit') ?? 200);
    if (
      !Number.isSafeInteger(cursor) ||
      cursor < 0 ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > MAX_PULL_LIMIT
    ) {
      throw new HttpError(400, 'invalid', 'Paramètres de lecture invalides.');
    }
    const result = await store.pull(c.get('principal'), cursor, limit);
    if (result === 'resync') {
      throw new HttpError(409, 'resync', 'Cet appareil doit tout recharger depuis le serveur.');
    }
    return compressedJsonText(c, encodePullPage(result));
  });

  // After a restore: the epoch and where the restored data stops for this structure.
  api.get('/sync/epoch', authenticate, async (c) => {
    const info: EpochInfo = await epochOf(store.db, c.get('principal').structureId);
    return c.json(info);
  });

  // Who is who in the structure, for the conflict cards (« modifié par Marc Petit »): names only.
  api.get('/sync/members', authenticate, async (c) => {
    const users = await store.listUsers(c.get('principal').structureId);
    const members: StructureMember[] = users.map((u) => ({ id: u.id, name: u.name }));
    return c.json({ members });
  });

  // ------------------------------------------------------------------ blobs (content-addressed, server/blobs.ts)
  api.put(
    '/blobs/:hash',
    bodyLimit({ maxSize: MAX_BLOB_BYTES, onError: tooLarge }),
    authenticate,
    async (c) => {
      const hash = blobHashSchema.safeParse(c.req.param('hash'));
      if (!hash.success) throw new HttpError(400, 'invalid', 'Empreinte invalide.');
      const data = Buffer.from(await c.req.arrayBuffer());
      if (sha256(data) !== hash.data)
        throw new HttpError(400, 'hash_mismatch', 'Le contenu ne correspond pas à son empreinte.');
      const type = await blobs.put(c.get('principal').structureId, hash.data, data);
      return c.json({ ok: true, type });
    },
  );

  api.get('/blobs/:hash', authenticate, async (c) => {
    const hash = c.req.param('hash') ?? '';
    const blob = blobHashSchema.safeParse(hash).success
      ? await blobs.get(c.get('principal').structureId, hash)
      : undefined;
    if (!blob) throw new HttpError(404, 'not_found', 'Fichier introuvable.');
    return c.body(new Uint8Array(blob.data), 200, blobHeaders(blob.type, hash));
  });

  // ------------------------------------------------------------------ accounts and devices
  mountAccountRoutes(api, {
    store,
    accounts,
    gate,
    passwords,
    logger,
    clientIp,
    authenticate,
    coordinateur,
    smallBody,
    parse,
  });

  // ------------------------------------------------------------------ lieux de médiation numérique
  mountLieuxRoutes(api, { store, logger, authenticate, coordinateur });

  api.all('*', () => {
    throw new HttpError(404, 'not_found', 'Route inconnue');
  });
  return api;
};
