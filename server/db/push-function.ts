// PostgreSQL's side of a push in one call (server/push-one-call.ts): the writes of a push decided in
// TypeScript from a snapshot, applied under the structure's lock by one server-side execution
// instead of a transaction whose lock is held across round trips to the process (and its event loop).
//
// The function takes the structure's lock, then checks that everything the decision was made on is
// still as it was read: the device's counter and epoch, the server's epoch, and each record the push
// read (its structure and version, or its absence). If not, it writes nothing and returns no row:
// the caller decides again under the lock (server/push.ts). If so, the versions the decision handed
// out from the snapshot's counter are moved up to follow the counter as it is now (every version
// above the snapshot's: records, conflicts, field stamps), then the records, conflicts and both
// counters are written. Called as a statement of its own, it commits with it: the lock is released
// by that commit, with `synchronous_commit` as the database has it (on).
//
// Under READ COMMITTED each statement of a PL/pgSQL function takes a new snapshot, so the checks
// after the lock see every push committed before it was granted.

/** Its name, for the restore (server/db/backup.ts drops it with Sillon's tables). */
export const PUSH_FUNCTION = 'sillon_push';

/** The call: parameters in the order of `sillon_push`'s arguments (server/push-one-call.ts). */
export const PUSH_CALL = `SELECT shift, waited_ms, held_ms FROM sillon_push(
  ?, ?::bigint, ?::bigint, ?, ?::bigint, ?, ?, ?::bigint, ?, ?,
  ?::text[], ?::text[], ?::text[], ?::bigint[],
  ?::text[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[],
  ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
  ?::text[], ?::bigint[])`;

export const CREATE_PUSH_FUNCTION = `CREATE OR REPLACE FUNCTION sillon_push(
  p_structure text, p_base bigint, p_version bigint,
  p_device text, p_last_seq bigint, p_device_epoch text, p_server_epoch text,
  p_new_seq bigint, p_new_epoch text, p_seen_at text,
  e_tbl text[], e_id text[], e_structure text[], e_version bigint[],
  r_tbl text[], r_id text[], r_structure text[], r_version bigint[], r_deleted int[], r_data text[],
  r_field_versions text[], r_blobs text[], r_updated_at text[],
  c_id text[], c_structure text[], c_tbl text[], c_record text[], c_field text[], c_kept text[],
  c_lost text[], c_kept_by text[], c_lost_by text[], c_detected_at text[], c_version bigint[])
RETURNS TABLE (shift bigint, waited_ms double precision, held_ms double precision)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  v_current bigint;
  v_shift bigint;
  v_locked timestamptz;
BEGIN
  SELECT s.last_version INTO v_current FROM structures s WHERE s.id = p_structure FOR UPDATE;
  IF NOT FOUND THEN RETURN; END IF;
  v_locked := clock_timestamp();
  -- What the decision was made on: the same device counter and epochs...
  PERFORM 1 FROM devices d
    WHERE d.id = p_device AND d.last_seq = p_last_seq AND d.epoch IS NOT DISTINCT FROM p_device_epoch;
  IF NOT FOUND THEN RETURN; END IF;
  PERFORM 1 FROM server_state WHERE key = 'epoch' AND value = p_server_epoch;
  IF NOT FOUND THEN RETURN; END IF;
  -- ...and the same records: each one's structure (null: absent) and, when given, version.
  IF EXISTS (
    SELECT 1 FROM unnest(e_tbl, e_id, e_structure, e_version) AS e(tbl, id, structure_id, version)
    LEFT JOIN records r ON r.tbl = e.tbl AND r.id = e.id
    WHERE r.structure_id IS DISTINCT FROM e.structure_id
       OR (e.version IS NOT NULL AND r.version IS DISTINCT FROM e.version)
  ) THEN
    RETURN;
  END IF;
  v_shift := v_current - p_base;
  IF v_shift < 0 THEN RETURN; END IF;
  -- A write this cannot make (stamps of a record planted outside Sillon that jsonb refuses, say) is
  -- undone and left to the transaction, which stores them as text.
  BEGIN
  INSERT INTO records (tbl, id, structure_id, version, deleted, data, field_versions, blobs, updated_at)
    SELECT w.tbl, w.id, w.structure_id, w.version + v_shift, w.deleted, w.data,
      CASE WHEN v_shift = 0 THEN w.field_versions ELSE COALESCE((
        SELECT jsonb_object_agg(f.key, CASE WHEN jsonb_typeof(f.value->0) IS DISTINCT FROM 'number' THEN f.value
          WHEN (f.value->>0)::numeric > p_base
          THEN jsonb_set(f.value, '{0}', to_jsonb((f.value->>0)::numeric + v_shift)) ELSE f.value END)
        FROM jsonb_each(w.field_versions::jsonb) f), '{}'::jsonb)::text END,
      w.blobs, w.updated_at
    FROM unnest(r_tbl, r_id, r_structure, r_version, r_deleted, r_data, r_field_versions, r_blobs,
                r_updated_at) AS w(tbl, id, structure_id, version, deleted, data, field_versions, blobs,
                                   updated_at)
  ON CONFLICT (tbl, id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
    data = excluded.data, field_versions = excluded.field_versions, blobs = excluded.blobs,
    updated_at = excluded.updated_at;
  INSERT INTO conflicts (id, structure_id, tbl, record_id, field, kept_value, lost_value, kept_by, lost_by,
                         detected_at, version)
    SELECT c.id, c.structure_id, c.tbl, c.record_id, c.field, c.kept_value, c.lost_value, c.kept_by,
           c.lost_by, c.detected_at, c.version + v_shift
    FROM unnest(c_id, c_structure, c_tbl, c_record, c_field, c_kept, c_lost, c_kept_by, c_lost_by,
                c_detected_at, c_version) AS c(id, structure_id, tbl, record_id, field, kept_value,
                                               lost_value, kept_by, lost_by, detected_at, version);
  UPDATE structures SET last_version = p_version + v_shift WHERE id = p_structure;
  UPDATE devices SET last_seq = p_new_seq, last_seen_at = p_seen_at, epoch = p_new_epoch WHERE id = p_device;
  EXCEPTION WHEN OTHERS THEN
    RETURN;
  END;
  RETURN QUERY SELECT v_shift,
    extract(epoch FROM v_locked - statement_timestamp())::double precision * 1000,
    extract(epoch FROM clock_timestamp() - v_locked)::double precision * 1000;
END
$fn$`;
