// Periodic work (purges, daily backup) run by one server process at a time, whatever the number of
// processes on one PostgreSQL: a job is a row in `jobs`, taken with a lease by a conditional UPDATE
// (the database decides who wins), released with the time it last ran. A process that dies holding
// a job loses it when the lease ends; nothing about the schedule lives in a process.
import { randomUUID } from 'node:crypto';

import type { Database } from './db/sql';
import type { Logger } from './log';

export interface JobSpec {
  name: string;
  /** Runs again once this long has passed since it last ran. */
  everyMs: number;
  /** How long a process may hold the job before another may take it over. */
  leaseMs: number;
  work: () => Promise<void>;
}

/** Takes the job if it is due and nobody holds it; true when this caller now holds it. */
export const claimJob = async (
  db: Database,
  job: Pick<JobSpec, 'name' | 'everyMs' | 'leaseMs'>,
  owner: string,
  now: number,
): Promise<boolean> => {
  await db.run('INSERT INTO jobs (name) VALUES (?) ON CONFLICT (name) DO NOTHING', [job.name]);
  const taken = await db.run(
    `UPDATE jobs SET locked_until = ?, locked_by = ?
     WHERE name = ? AND (locked_until IS NULL OR locked_until < ?) AND (last_run_at IS NULL OR last_run_at <= ?)`,
    [now + job.leaseMs, owner, job.name, now, now - job.everyMs],
  );
  return taken === 1;
};

export const releaseJob = async (
  db: Database,
  name: string,
  owner: string,
  ranAt: number | undefined,
): Promise<void> => {
  await db.run(
    ranAt === undefined
      ? 'UPDATE jobs SET locked_until = NULL, locked_by = NULL WHERE name = ? AND locked_by = ?'
      : 'UPDATE jobs SET locked_until = NULL, locked_by = NULL, last_run_at = ? WHERE name = ? AND locked_by = ?',
    ranAt === undefined ? [name, owner] : [ranAt, name, owner],
  );
};

/** Runs `job` here if it is due and free; returns whether it ran. A failure is retried at the next check. */
export const runJobIfDue = async (
  db: Database,
  job: JobSpec,
  owner: string,
  now: () => number = Date.now,
): Promise<boolean> => {
  if (!(await claimJob(db, job, owner, now()))) return false;
  try {
    await job.work();
  } catch (error) {
    await releaseJob(db, job.name, owner, undefined);
    throw error;
  }
  await releaseJob(db, job.name, owner, now());
  return true;
};

/**
 * Checks every job each `checkMs` (and once at start); returns a stop function. Each process runs
 * this; the database lets one of them do each run.
 */
export const scheduleJobs = (
  db: Database,
  jobs: JobSpec[],
  logger: Logger,
  checkMs = 10 * 60_000,
): (() => void) => {
  const owner = randomUUID();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    for (const job of jobs) {
      await runJobIfDue(db, job, owner).catch((error: unknown) =>
        logger.error('job_failed', {
          job: job.name,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    }
    running = false;
  };
  void tick();
  const timer = setInterval(() => void tick(), checkMs);
  timer.unref();
  return () => clearInterval(timer);
};
