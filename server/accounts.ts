// Accounts and devices that can really be closed (issue 9, item 7), over the SQL both databases share.
// - A coordinateur disables a person *in their structure* (the membership: an account may belong to
//   other structures, which one coordinateur must not close): its devices there get 401 at their next
//   request, and it cannot sign in there.
// - Resetting a password revokes every token of the account and makes the new one provisional.
// - A person changes their own password; a provisional one must be changed before anything else.
// - A coordinateur adds people without learning anything about other structures' accounts: every
//   addition is an invitation, answered the same way whether the e-mail has an account or not. A new
//   person signs in with the provisional password (the account is made then); an existing account
//   joins only by typing the invitation code at sign-in, with its own password (its consent).
import { randomUUID } from 'node:crypto';

import type { Role } from '../src/domain/sync';
import { newSetupCode, normaliseCode, sha256 } from './crypto';
import type { Database } from './db/sql';
import { HttpError } from './errors';

/** How long an invitation code may be used. */
export const INVITATION_DAYS = 7;

/** Normalises a typed code (spaces, dashes, lower case) before hashing it. */
export const invitationHash = (code: string): string => sha256(normaliseCode(code));

export interface MemberRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
}

export interface InvitationRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
}

export interface DeviceRow {
  id: string;
  userId: string;
  userName: string;
  label: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  /** « Effacer » was asked: the device erases its data at its next contact (then it is revoked). */
  wipeRequestedAt: string | null;
}

export interface PendingInvitation {
  id: string;
  structureId: string;
  name: string;
  role: Role;
  passwordHash: string;
}

export class AccountStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private iso(): string {
    return this.now().toISOString();
  }

  async members(structureId: string): Promise<MemberRow[]> {
    const rows = await this.db.all<{
      id: string;
      name: string;
      email: string;
      role: Role;
      disabled_at: string | null;
      must_change_password: number;
    }>(
      `SELECT u.id, u.name, u.email, m.role, m.disabled_at, u.must_change_password
       FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.structure_id = ? ORDER BY u.name`,
      [structureId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      role: r.role,
      disabled: r.disabled_at !== null,
      mustChangePassword: Number(r.must_change_password) === 1,
    }));
  }

  async invitations(structureId: string): Promise<InvitationRow[]> {
    const rows = await this.db.all<{
      id: string;
      name: string;
      email: string;
      role: Role;
      created_at: string;
      expires_at: string;
    }>(
      `SELECT id, name, email, role, created_at, expires_at FROM invitations
       WHERE structure_id = ? AND accepted_at IS NULL AND expires_at > ? ORDER BY created_at`,
      [structureId, this.iso()],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      role: r.role,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
    }));
  }

  /**
   * Invites a person to the structure: a code (returned once, stored hashed) and the provisional
   * password a new account will start with. Nothing is read or written about an existing account of
   * that e-mail; only a person already in this structure is refused (the coordinateur sees them).
   */
  async invite(input: {
    structureId: string;
    email: string;
    name: string;
    role: Role;
    passwordHash: string;
    createdBy: string;
  }): Promise<{ id: string; code: string; expiresAt: string }> {
    return this.db.tx(async (sql) => {
      const member = await sql.get(
        `SELECT 1 AS x FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ? AND m.structure_id = ?`,
        [input.email, input.structureId],
      );
      if (member) throw new HttpError(409, 'user_exists', 'Cette personne fait déjà partie de la structure.');
      // A new invitation for the same person replaces the previous one.
      await sql.run('DELETE FROM invitations WHERE structure_id = ? AND email = ? AND accepted_at IS NULL', [
        input.structureId,
        input.email,
      ]);
      const id = randomUUID();
      const code = newSetupCode();
      const expiresAt = new Date(this.now().getTime() + INVITATION_DAYS * 86_400_000).toISOString();
      await sql.run(
        `INSERT INTO invitations (id, code_hash, structure_id, email, name, role, password_hash, created_by,
                                  created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          invitationHash(code),
          input.structureId,
          input.email,
          input.name,
          input.role,
          input.passwordHash,
          input.createdBy,
          this.iso(),
          expiresAt,
        ],
      );
      return { id, code, expiresAt };
    });
  }

  async cancelInvitation(structureId: string, id: string): Promise<boolean> {
    return (
      (await this.db.run(
        'DELETE FROM invitations WHERE id = ? AND structure_id = ? AND accepted_at IS NULL',
        [id, structureId],
      )) > 0
    );
  }

  /**
   * Forgets invitations that can no longer be used (accepted, or expired): each holds an e-mail, a
   * name and a password hash that nobody needs once it is spent. Run by the daily purge.
   */
  async purgeInvitations(): Promise<number> {
    return this.db.run('DELETE FROM invitations WHERE accepted_at IS NOT NULL OR expires_at <= ?', [
      this.iso(),
    ]);
  }

  /** Open invitations of an e-mail that has no account yet (newest first): its provisional passwords. */
  async pendingFor(email: string): Promise<PendingInvitation[]> {
    const rows = await this.db.all<{
      id: string;
      structure_id: string;
      name: string;
      role: Role;
      password_hash: string;
    }>(
      `SELECT id, structure_id, name, role, password_hash FROM invitations
       WHERE email = ? AND accepted_at IS NULL AND expires_at > ? ORDER BY created_at DESC LIMIT 3`,
      [email, this.iso()],
    );
    return rows.map((r) => ({
      id: r.id,
      structureId: r.structure_id,
      name: r.name,
      role: r.role,
      passwordHash: r.password_hash,
    }));
  }

  /**
   * A new person's first sign-in with the provisional password of `invitation`: the account (its
   * password provisional, to change at once) and its membership, in one transaction.
   */
  async createFromInvitation(email: string, invitation: PendingInvitation): Promise<string> {
    return this.db.tx(async (sql) => {
      const open = await sql.get(
        'SELECT 1 AS x FROM invitations WHERE id = ? AND accepted_at IS NULL AND expires_at > ?',
        [invitation.id, this.iso()],
      );
      const existing = await sql.get('SELECT id FROM users WHERE email = ?', [email]);
      if (!open || existing)
        throw new HttpError(401, 'bad_credentials', 'Adresse e-mail ou mot de passe incorrect.');
      const userId = randomUUID();
      await sql.run(
        `INSERT INTO users (id, email, name, password_hash, created_at, must_change_password)
         VALUES (?, ?, ?, ?, ?, 1)`,
        [userId, email, invitation.name, invitation.passwordHash, this.iso()],
      );
      await sql.run('INSERT INTO memberships (user_id, structure_id, role) VALUES (?, ?, ?)', [
        userId,
        invitation.structureId,
        invitation.role,
      ]);
      await sql.run('UPDATE invitations SET accepted_at = ? WHERE id = ?', [this.iso(), invitation.id]);
      return userId;
    });
  }

  /**
   * An existing account accepts an invitation by its code (after proving its password): it joins the
   * structure. The code must be open and made for this account's e-mail. Returns the structure id.
   * `createdFrom`: the invitation the account was made from in this same sign-in (a new person who
   * typed its code with the provisional password): that one, just accepted, is accepted again.
   */
  async accept(userId: string, email: string, code: string, createdFrom?: string): Promise<string> {
    return this.db.tx(async (sql) => {
      const invitation = await sql.get<{
        id: string;
        structure_id: string;
        role: Role;
        email: string;
        accepted_at: string | null;
      }>(
        `SELECT id, structure_id, role, email, accepted_at FROM invitations WHERE code_hash = ? AND expires_at > ?`,
        [invitationHash(code), this.iso()],
      );
      if (invitation && invitation.accepted_at !== null && invitation.id === createdFrom)
        return invitation.structure_id;
      if (!invitation || invitation.accepted_at !== null || invitation.email !== email)
        throw new HttpError(400, 'bad_invitation', 'Code d’invitation inconnu ou expiré.', {
          fields: { invitationCode: 'Code inconnu ou expiré : demandez-en un nouveau au coordinateur.' },
        });
      const member = await sql.get('SELECT 1 AS x FROM memberships WHERE user_id = ? AND structure_id = ?', [
        userId,
        invitation.structure_id,
      ]);
      if (!member)
        await sql.run('INSERT INTO memberships (user_id, structure_id, role) VALUES (?, ?, ?)', [
          userId,
          invitation.structure_id,
          invitation.role,
        ]);
      await sql.run('UPDATE invitations SET accepted_at = ? WHERE id = ?', [this.iso(), invitation.id]);
      return invitation.structure_id;
    });
  }

  /**
   * Disables or re-enables a person in the structure; disabling revokes their devices there. `by` may
   * not disable themself, and the structure keeps one active coordinateur: both checked in the
   * transaction, after locking the structure's row (two coordinateurs disabling each other at once
   * must not both pass). False when the person is not a member.
   */
  async setDisabled(structureId: string, userId: string, disabled: boolean, by?: string): Promise<boolean> {
    return this.db.tx(async (sql) => {
      const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
      await sql.get(`SELECT id FROM structures WHERE id = ?${lock}`, [structureId]);
      const member = await sql.get<{ role: Role; disabled_at: string | null }>(
        'SELECT role, disabled_at FROM memberships WHERE user_id = ? AND structure_id = ?',
        [userId, structureId],
      );
      if (!member) return false;
      if (disabled && userId === by)
        throw new HttpError(409, 'self', 'Vous ne pouvez pas désactiver votre propre compte.');
      if (disabled && member.role === 'coordinateur' && member.disabled_at === null) {
        const row = await sql.get<{ n: number }>(
          `SELECT COUNT(*) AS n FROM memberships
           WHERE structure_id = ? AND role = 'coordinateur' AND disabled_at IS NULL`,
          [structureId],
        );
        if (Number(row?.n ?? 0) <= 1)
          throw new HttpError(
            409,
            'last_coordinateur',
            'La structure doit garder au moins un coordinateur actif.',
          );
      }
      const now = this.iso();
      const changed = await sql.run(
        `UPDATE memberships SET disabled_at = ? WHERE user_id = ? AND structure_id = ?`,
        [disabled ? now : null, userId, structureId],
      );
      if (changed && disabled) await this.revokeTokens(sql, userId, structureId);
      return changed > 0;
    });
  }

  async role(structureId: string, userId: string): Promise<{ role: Role; disabled: boolean } | undefined> {
    const row = await this.db.get<{ role: Role; disabled_at: string | null }>(
      'SELECT role, disabled_at FROM memberships WHERE user_id = ? AND structure_id = ?',
      [userId, structureId],
    );
    return row ? { role: row.role, disabled: row.disabled_at !== null } : undefined;
  }

  /** How many structures the account belongs to (a coordinateur resets only an account of theirs alone). */
  async structureCount(userId: string): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM memberships WHERE user_id = ?', [
      userId,
    ]);
    return Number(row?.n ?? 0);
  }

  /**
   * Sets a password. `provisional`: it must be changed at the next sign-in, and every token of the
   * account is revoked (a reset); otherwise (the person's own change) every token but `keepDevice`'s.
   */
  async setPassword(
    userId: string,
    passwordHash: string,
    options: { provisional: boolean; keepDevice?: string },
  ): Promise<void> {
    await this.db.tx(async (sql) => {
      await sql.run('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?', [
        passwordHash,
        options.provisional ? 1 : 0,
        userId,
      ]);
      await this.revokeTokens(sql, userId, undefined, options.keepDevice);
    });
  }

  async mustChangePassword(userId: string): Promise<boolean> {
    const row = await this.db.get<{ must_change_password: number }>(
      'SELECT must_change_password FROM users WHERE id = ?',
      [userId],
    );
    return Number(row?.must_change_password ?? 0) === 1;
  }

  private async revokeTokens(
    sql: Pick<Database, 'run'>,
    userId: string,
    structureId?: string,
    keepDevice?: string,
  ): Promise<void> {
    const now = this.iso();
    const where = [
      'device_id IN (SELECT id FROM devices WHERE user_id = ?',
      structureId ? ' AND structure_id = ?' : '',
      ')',
      keepDevice ? ' AND device_id <> ?' : '',
    ].join('');
    const params = [userId, ...(structureId ? [structureId] : []), ...(keepDevice ? [keepDevice] : [])];
    await sql.run(`UPDATE tokens SET revoked_at = ? WHERE revoked_at IS NULL AND ${where}`, [now, ...params]);
  }

  /** Remembers the browser a device signed in with, for its human name (src/domain/device-name.ts). */
  async recordUserAgent(deviceId: string, userAgent: string | undefined): Promise<void> {
    if (!userAgent) return;
    await this.db.run('UPDATE devices SET user_agent = ? WHERE id = ?', [userAgent.slice(0, 300), deviceId]);
  }

  async devices(structureId: string): Promise<DeviceRow[]> {
    const rows = await this.db.all<{
      id: string;
      user_id: string;
      user_name: string;
      label: string | null;
      user_agent: string | null;
      created_at: string;
      last_seen_at: string | null;
      revoked_at: string | null;
      wipe_requested_at: string | null;
    }>(
      `SELECT d.id, d.user_id, u.name AS user_name, d.label, d.user_agent, d.created_at, d.last_seen_at, d.revoked_at,
              d.wipe_requested_at
       FROM devices d JOIN users u ON u.id = d.user_id WHERE d.structure_id = ? ORDER BY d.created_at`,
      [structureId],
    );
    return rows.map((d) => ({
      id: d.id,
      userId: d.user_id,
      userName: d.user_name,
      label: d.label,
      userAgent: d.user_agent,
      createdAt: d.created_at,
      lastSeenAt: d.last_seen_at,
      revokedAt: d.revoked_at,
      wipeRequestedAt: d.wipe_requested_at,
    }));
  }
}
