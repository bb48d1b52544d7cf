// The account routes (issue 9, item 7): one's own password, and the coordinateur's management of the
// structure's people and devices (server/accounts.ts holds the rules and their SQL).
import type { Context, Hono } from 'hono';
import { z } from 'zod';

import { deviceName } from '../src/domain/device-name';
import { UUID_PATTERN } from '../src/domain/limits';
import { createUserSchema, passwordSchema } from '../src/domain/sync';
import type { AccountStore } from './accounts';
import type { PasswordHasher } from './crypto';
import { HttpError } from './errors';
import type { Logger } from './log';
import type { PasswordGate } from './password-gate';
import type { Principal, Store } from './store';

type Env = { Variables: { principal: Principal } };
type Middleware = (c: Context<Env>, next: () => Promise<void>) => Promise<void | Response>;

export interface AccountRoutesOptions {
  store: Store;
  accounts: AccountStore;
  gate: PasswordGate;
  passwords: PasswordHasher;
  logger: Logger;
  clientIp: (c: Context) => string;
  authenticate: Middleware;
  coordinateur: Middleware;
  smallBody: Middleware;
  parse: <S extends z.ZodType>(c: Context, schema: S) => Promise<z.infer<S>>;
}

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'Saisissez votre mot de passe actuel').max(200),
  newPassword: passwordSchema,
});
export const resetPasswordSchema = z.object({ password: passwordSchema });
export const revokeSchema = z.strictObject({ mode: z.enum(['arreter', 'effacer']).optional() });

const idParam = (c: Context, name: string): string => {
  const id = c.req.param(name) ?? '';
  if (!UUID_PATTERN.test(id)) throw new HttpError(404, 'not_found', 'Compte introuvable dans la structure.');
  return id;
};

export const mountAccountRoutes = (api: Hono<Env>, o: AccountRoutesOptions): void => {
  const { store, accounts, gate, passwords, logger, authenticate, coordinateur, smallBody, parse } = o;

  /** A person of the caller's structure (404 for anyone else: nothing about other structures). */
  const memberOf = async (c: Context<Env>, id: string) => {
    const found = await accounts.role(c.get('principal').structureId, id);
    if (!found) throw new HttpError(404, 'not_found', 'Compte introuvable dans la structure.');
    return found;
  };

  api.get('/me', authenticate, async (c) => {
    const principal = c.get('principal');
    return c.json({
      ...(await store.sessionUser(principal)),
      mustChangePassword: await accounts.mustChangePassword(principal.userId),
    });
  });

  // One's own password (a provisional one included): the current one proves it is the person; every
  // other device of the account is signed out.
  api.post('/me/password', smallBody, authenticate, async (c) => {
    const input = await parse(c, changePasswordSchema);
    const principal = c.get('principal');
    const me = await store.sessionUser(principal);
    const user = await gate.check({
      email: me.email,
      password: input.currentPassword,
      address: o.clientIp(c),
      deviceId: principal.deviceId,
    });
    if (!user || user.id !== principal.userId)
      throw new HttpError(400, 'bad_password', 'Mot de passe actuel incorrect.', {
        fields: { currentPassword: 'Mot de passe actuel incorrect' },
      });
    if (input.newPassword === input.currentPassword)
      throw new HttpError(400, 'invalid', 'Choisissez un mot de passe différent de l’actuel.', {
        fields: { newPassword: 'Le nouveau mot de passe doit être différent de l’actuel' },
      });
    await accounts.setPassword(principal.userId, await passwords.hash(input.newPassword), {
      provisional: false,
      keepDevice: principal.deviceId,
    });
    logger.info('password_changed', { userId: principal.userId });
    return c.json({ ok: true, user: { ...me, mustChangePassword: false } });
  });

  // ---------------------------------------------------------------- the coordinateur's screen
  api.get('/structure/users', authenticate, coordinateur, async (c) => {
    const { structureId } = c.get('principal');
    return c.json({
      members: await accounts.members(structureId),
      invitations: await accounts.invitations(structureId),
    });
  });

  // Every addition is an invitation, answered alike whether the address has an account or not.
  api.post('/structure/users', smallBody, authenticate, coordinateur, async (c) => {
    const input = await parse(c, createUserSchema);
    const principal = c.get('principal');
    const invitation = await accounts.invite({
      structureId: principal.structureId,
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await passwords.hash(input.password),
      createdBy: principal.userId,
    });
    logger.info('invitation_created', { invitationId: invitation.id, role: input.role });
    return c.json({ invitation }, 201);
  });

  api.delete('/structure/invitations/:id', authenticate, coordinateur, async (c) => {
    const id = c.req.param('id') ?? '';
    if (!UUID_PATTERN.test(id) || !(await accounts.cancelInvitation(c.get('principal').structureId, id)))
      throw new HttpError(404, 'not_found', 'Invitation introuvable.');
    return c.json({ ok: true });
  });

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    api.post(`/structure/users/:id/${action}`, authenticate, coordinateur, async (c) => {
      const id = idParam(c, 'id');
      const principal = c.get('principal');
      if (!(await accounts.setDisabled(principal.structureId, id, disabled, principal.userId)))
        throw new HttpError(404, 'not_found', 'Compte introuvable dans la structure.');
      logger.info(disabled ? 'user_disabled' : 'user_enabled', { userId: id });
      return c.json({ ok: true });
    });
  }

  // A new provisional password: every device of the account is signed out. Only for an account of this
  // structure alone (another structure's coordinateur must not be able to take over their colleague).
  api.post('/structure/users/:id/password', smallBody, authenticate, coordinateur, async (c) => {
    const id = idParam(c, 'id');
    await memberOf(c, id);
    const input = await parse(c, resetPasswordSchema);
    // One's own password is changed with the current one (« Changer mon mot de passe »), never reset.
    if (id === c.get('principal').userId)
      throw new HttpError(
        409,
        'self',
        'Vous ne pouvez pas donner un mot de passe provisoire à votre propre compte : changez votre mot de passe.',
      );
    if ((await accounts.structureCount(id)) > 1)
      throw new HttpError(
        409,
        'reset_elsewhere',
        'Ce compte sert aussi ailleurs : la personne change son mot de passe elle-même, ou l’administrateur du serveur le réinitialise.',
      );
    await accounts.setPassword(id, await passwords.hash(input.password), { provisional: true });
    logger.info('password_reset', { userId: id });
    return c.json({ ok: true });
  });

  api.get('/structure/devices', authenticate, coordinateur, async (c) => {
    const principal = c.get('principal');
    const devices = await accounts.devices(principal.structureId);
    return c.json(
      devices.map((d) => ({
        id: d.id,
        name: deviceName(d.userAgent ?? d.label),
        current: d.id === principal.deviceId,
        userId: d.userId,
        userName: d.userName,
        createdAt: d.createdAt,
        lastSeenAt: d.lastSeenAt,
        revokedAt: d.revokedAt,
        wipeRequestedAt: d.wipeRequestedAt,
      })),
    );
  });

  api.post('/structure/devices/:id/revoke', authenticate, coordinateur, async (c) => {
    const id = c.req.param('id') ?? '';
    // « arreter » (the default: it stops syncing, its data stays exportable) or « effacer » (a lost
    // tablet: at its next contact it pushes what it can, then erases this account's data).
    const text = await c.req.text();
    let body: unknown;
    try {
      body = text.trim() ? JSON.parse(text) : {};
    } catch {
      body = undefined;
    }
    const parsed = revokeSchema.safeParse(body);
    if (!parsed.success)
      throw new HttpError(400, 'invalid', 'Mode inconnu : « arreter » ou « effacer ».', {
        fields: { mode: 'arreter ou effacer' },
      });
    const wipe = parsed.data.mode === 'effacer';
    if (id === c.get('principal').deviceId)
      throw new HttpError(
        409,
        'current_device',
        'Vous ne pouvez pas révoquer l’appareil que vous utilisez : déconnectez-vous plutôt.',
      );
    // Only an id can name a device (a NUL would reach PostgreSQL as an error otherwise).
    const ok =
      UUID_PATTERN.test(id) && (await store.revokeDevice(id, c.get('principal').structureId, { wipe }));
    if (!ok) throw new HttpError(404, 'not_found', 'Appareil introuvable ou déjà révoqué.');
    logger.info(wipe ? 'device_wipe_requested' : 'device_revoked', { deviceId: c.req.param('id') });
    return c.json({ ok: true, mode: wipe ? 'effacer' : 'arreter' });
  });

  // The device erased its data after « effacer »: it is revoked now.
  api.post('/device/wiped', authenticate, async (c) => {
    const principal = c.get('principal');
    if (!principal.wipeRequested) throw new HttpError(409, 'not_wiped', 'Aucun effacement n’a été demandé.');
    await store.wipeConfirmed(principal.deviceId);
    logger.info('device_wiped', { deviceId: principal.deviceId });
    return c.json({ ok: true });
  });
};
