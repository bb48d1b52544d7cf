// Sign-in throttling whose state lives in the database: it holds across restarts and across several
// server processes on one PostgreSQL (no process memory). Each failed check counts against a few
// keys; a key that reaches its limit is locked for a while, longer at each further failure.
//
// The keys of a sign-in (docs/sync-protocol.md, « Connexion ») and why:
// - `pair`    (account, address): guessing one account from one place. Locks quickly (5 failures),
//             backs off from 30 s to 15 min. Only that address is locked out: the person, from their
//             own tablet or anywhere else, still signs in.
// - `address` (address or IPv6 /64): one place trying many accounts. 30 failures an hour, 15 min.
// - `account` (account, any address): many places guessing one account. Short locks (1 to 5 min), and
//             a tablet that has already signed in to this account (its device id is a registered
//             device of the account) is never held by it: an attacker cannot keep its owner out.
// Keys are stored as SHA-256 digests: the table holds no e-mail address.
import { sha256 } from './crypto';
import type { Database } from './db/sql';

export interface ThrottleRule {
  /** Failures counted within `windowMs` of the previous one; a quiet window starts again from zero. */
  max: number;
  windowMs: number;
  /** First lock when `max` is reached; each further failure doubles it, up to `maxLockMs`. */
  lockMs: number;
  maxLockMs: number;
}

const MINUTE = 60_000;
export const THROTTLE_RULES = {
  pair: { max: 5, windowMs: 60 * MINUTE, lockMs: 30_000, maxLockMs: 15 * MINUTE },
  address: { max: 30, windowMs: 60 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: 15 * MINUTE },
  account: { max: 20, windowMs: 60 * MINUTE, lockMs: MINUTE, maxLockMs: 5 * MINUTE },
  setup: { max: 10, windowMs: 60 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: 60 * MINUTE },
} satisfies Record<string, ThrottleRule>;
export type ThrottleScope = keyof typeof THROTTLE_RULES;

export interface ThrottleKey {
  scope: ThrottleScope;
  value: string;
}

interface Row {
  key: string;
  failures: number;
  last_failure_at: number;
  locked_until: number | null;
}

const digest = ({ scope, value }: ThrottleKey): string => sha256(`${scope}\u0000${value}`);

export class Throttle {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
    private readonly rules: Record<ThrottleScope, ThrottleRule> = THROTTLE_RULES,
  ) {}

  /** Milliseconds until every given key is free again (0: go ahead). */
  async retryAfter(keys: ThrottleKey[]): Promise<number> {
    if (keys.length === 0) return 0;
    const now = this.now().getTime();
    const rows = await this.db.all<Row>(
      `SELECT key, failures, last_failure_at, locked_until FROM auth_throttle WHERE key IN (${keys.map(() => '?').join(', ')})`,
      keys.map(digest),
    );
    return Math.max(0, ...rows.map((row) => Number(row.locked_until ?? 0) - now));
  }

  /** Counts one failure against each key (atomically per key, from any number of processes). */
  async fail(keys: ThrottleKey[]): Promise<void> {
    const now = this.now().getTime();
    await this.db.tx(async (sql) => {
      for (const key of keys) {
        const rule = this.rules[key.scope];
        const id = digest(key);
        await sql.run(
          'INSERT INTO auth_throttle (key, failures, last_failure_at, locked_until) VALUES (?, 0, ?, NULL) ON CONFLICT (key) DO NOTHING',
          [id, now],
        );
        const row = await sql.get<Row>(
          `SELECT key, failures, last_failure_at, locked_until FROM auth_throttle WHERE key = ?${sql.dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
          [id],
        );
        const quiet = !row || now - Number(row.last_failure_at) > rule.windowMs;
        const failures = (quiet ? 0 : Number(row.failures)) + 1;
        const over = failures - rule.max;
        const lockedUntil =
          over >= 0 ? now + Math.min(rule.maxLockMs, rule.lockMs * 2 ** Math.min(over, 20)) : null;
        await sql.run(
          'UPDATE auth_throttle SET failures = ?, last_failure_at = ?, locked_until = ? WHERE key = ?',
          [failures, now, lockedUntil, id],
        );
      }
    });
  }

  /** Forgets the keys (a successful sign-in clears its own account and address-for-account counts). */
  async clear(keys: ThrottleKey[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.run(
      `DELETE FROM auth_throttle WHERE key IN (${keys.map(() => '?').join(', ')})`,
      keys.map(digest),
    );
  }

  /** Drops rows whose window and lock are long over (the daily job). */
  async purge(): Promise<number> {
    const now = this.now().getTime();
    const longest = Math.max(...Object.values(this.rules).map((r) => Math.max(r.windowMs, r.maxLockMs)));
    return this.db.run(
      'DELETE FROM auth_throttle WHERE last_failure_at < ? AND (locked_until IS NULL OR locked_until < ?)',
      [now - longest, now],
    );
  }
}
