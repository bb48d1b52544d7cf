// Blobs (signatures, signed agreements, photos): content-addressed files that can never run.
// - The type comes from the bytes (src/domain/blob-types.ts): PDF, PNG, JPEG, WebP; anything else is
//   refused with 415, whatever the Content-Type said.
// - They are served with nosniff, a `sandbox` CSP that forbids every script, plugin and subresource,
//   and a download disposition unless they are images.
// - A structure reads a blob only when it holds it (it uploaded the bytes) and one of its live records
//   references it (the record_blobs table, server/record-blobs.ts); a record may only reference blobs
//   its structure holds (server/push.ts).
// - Each structure has a quota (507 beyond it); blobs no record references any more are collected.
import { type BlobType, isInlineBlobType, sniffBlobType } from '../src/domain/blob-types';
import type { Database, Sql } from './db/sql';
import { HttpError } from './errors';

/** Bytes of blobs one structure may hold (SILLON_BLOB_QUOTA_MB, default 2 GiB). */
export const defaultBlobQuota = (): number => Number(process.env.SILLON_BLOB_QUOTA_MB ?? 2048) * 1024 * 1024;

/** An upload not yet referenced is kept this long (the push that names it follows the upload). */
export const BLOB_GRACE_MS = 7 * 86_400_000;

export const unsupportedType = (): HttpError =>
  new HttpError(
    415,
    'unsupported_type',
    'Type de fichier refusé : seuls les PDF et les images PNG, JPEG ou WebP sont acceptés.',
  );

/** Headers of a blob answer: nothing in it can run, and a PDF downloads. */
export const blobHeaders = (type: BlobType | undefined, hash: string): Record<string, string> => {
  const extension = {
    'application/pdf': 'pdf',
    'image/png': 'png',
    'image/jpeg': 'jpg',
    'image/webp': 'webp',
  };
  const inline = type !== undefined && isInlineBlobType(type);
  return {
    'Content-Type': type ?? 'application/octet-stream',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'; frame-ancestors 'none'",
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="sillon-${hash.slice(0, 12)}.${type ? extension[type] : 'bin'}"`,
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
};

export class BlobStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
    readonly quota: number = defaultBlobQuota(),
  ) {}

  /**
   * Stores an upload (idempotent) for the caller's structure. Throws 415 when the bytes are not an
   * accepted type and 507 when the structure's quota would be exceeded; nothing is written then.
   */
  async put(structureId: string, hash: string, data: Buffer): Promise<BlobType> {
    const type = sniffBlobType(data);
    if (!type) throw unsupportedType();
    const now = this.now().toISOString();
    await this.db.tx(async (sql) => {
      // One upload at a time per structure, so that two cannot both pass the quota.
      const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
      await sql.get(`SELECT id FROM structures WHERE id = ?${lock}`, [structureId]);
      const held = await sql.get('SELECT 1 AS x FROM blob_owners WHERE hash = ? AND structure_id = ?', [
        hash,
        structureId,
      ]);
      if (held) return;
      const used = await this.used(structureId, sql);
      if (used + data.length > this.quota)
        throw new HttpError(
          507,
          'quota_exceeded',
          'L’espace de stockage de la structure est plein : le coordinateur doit en libérer ou l’agrandir.',
          { used, quota: this.quota },
        );
      await sql.run(
        'INSERT INTO blobs (hash, type, size, data, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING',
        [hash, type, data.length, data, now],
      );
      await sql.run(
        'INSERT INTO blob_owners (hash, structure_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        [hash, structureId, now],
      );
    });
    return type;
  }

  /** Bytes the structure holds. */
  async used(structureId: string, sql: Sql = this.db): Promise<number> {
    const row = await sql.get<{ n: number | string | null }>(
      'SELECT SUM(b.size) AS n FROM blobs b JOIN blob_owners o ON o.hash = b.hash WHERE o.structure_id = ?',
      [structureId],
    );
    return Number(row?.n ?? 0);
  }

  /**
   * The blob if the structure may read it: it holds the bytes and one of its live records names it.
   * The type is read from the bytes again (a row stored by an older server said what the device said).
   */
  async get(
    structureId: string,
    hash: string,
  ): Promise<{ type: BlobType | undefined; data: Buffer } | undefined> {
    const row = await this.db.get<{ data: Buffer }>(
      `SELECT b.data FROM blobs b JOIN blob_owners o ON o.hash = b.hash
       WHERE b.hash = ? AND o.structure_id = ?
         AND EXISTS (SELECT 1 FROM record_blobs rb WHERE rb.structure_id = o.structure_id AND rb.hash = b.hash)`,
      [hash, structureId],
    );
    if (!row) return undefined;
    const data = Buffer.from(row.data);
    return { type: sniffBlobType(data), data };
  }

  /**
   * Forgets what no live record references: a structure's hold on a blob none of its records names
   * (once past the grace period, so that an upload waiting for its push stays), then the bytes of
   * blobs nobody holds. Returns the number of blobs whose bytes were deleted.
   */
  async collect(): Promise<{ released: number; deleted: number }> {
    const cutoff = new Date(this.now().getTime() - BLOB_GRACE_MS).toISOString();
    const structures = await this.db.all<{ structure_id: string }>(
      'SELECT DISTINCT structure_id FROM blob_owners',
    );
    let released = 0;
    for (const { structure_id: structureId } of structures) {
      released += await this.db.tx(async (sql) => {
        // Under the structure's version counter, which a push holds: a push that names the blob again
        // either commits first (the blob stays) or comes after and finds it released (unknown_blob).
        const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
        await sql.get(`SELECT last_version FROM structures WHERE id = ?${lock}`, [structureId]);
        return sql.run(
          `DELETE FROM blob_owners
           WHERE structure_id = ? AND (created_at IS NULL OR created_at <= ?)
             AND NOT EXISTS (SELECT 1 FROM record_blobs rb
                             WHERE rb.structure_id = blob_owners.structure_id AND rb.hash = blob_owners.hash)`,
          [structureId, cutoff],
        );
      });
    }
    const deleted = await this.db.run(
      'DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM blob_owners o WHERE o.hash = blobs.hash)',
    );
    return { released, deleted };
  }
}
