// The page's main-thread tasks in a Chromium trace, by their thread CPU time (`tdur`) rather than
// their wall time: a machine loaded by other work stretches wall time (2–10×) but much less the CPU
// a task used, so these figures compare a before and an after taken minutes apart.
// The « blocking estimate » is Lighthouse's total blocking time recomputed from that CPU time:
// Σ max(0, 4 × cpu − 50 ms) over the tasks after the first contentful paint (Lighthouse's simulated
// throttling multiplies observed main-thread time by 4), without its end at time-to-interactive.

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; frame?: string; data?: { isMainFrame?: boolean; frame?: string } };
}

export interface TraceCpu {
  /** CPU time of every main-thread task of the page, ms. */
  total: number;
  /** The longest task's CPU time, ms. */
  longest: number;
  /** Tasks after the first contentful paint whose CPU time × 4 passes 50 ms. */
  longTasks: number;
  /** Σ max(0, 4 × cpu − 50) after the first contentful paint, ms. */
  blockingEstimate: number;
}

const TASK = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

export const traceCpu = (events: TraceEvent[], multiplier = 4): TraceCpu | undefined => {
  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !TASK.has(e.name) || !mains.has(key)) continue;
    byThread.set(key, [...(byThread.get(key) ?? []), e]);
  }
  const cpu = (e: TraceEvent) => (e.tdur ?? e.dur ?? 0) / 1000;
  // The audited page's renderer: the main thread that worked the most.
  const [key, tasks] =
    [...byThread].sort(
      (a, b) => b[1].reduce((s, e) => s + cpu(e), 0) - a[1].reduce((s, e) => s + cpu(e), 0),
    )[0] ?? [];
  if (!key || !tasks) return undefined;
  const pid = Number(key.split(':')[0]);
  const fcp = events
    .filter((e) => e.pid === pid && e.name === 'firstContentfulPaint')
    .reduce((min, e) => Math.min(min, e.ts), Infinity);
  const after = tasks.filter((e) => e.ts >= (Number.isFinite(fcp) ? fcp : 0));
  return {
    total: tasks.reduce((s, e) => s + cpu(e), 0),
    longest: tasks.reduce((m, e) => Math.max(m, cpu(e)), 0),
    longTasks: after.filter((e) => cpu(e) * multiplier > 50).length,
    blockingEstimate: after.reduce((s, e) => s + Math.max(0, cpu(e) * multiplier - 50), 0),
  };
};
