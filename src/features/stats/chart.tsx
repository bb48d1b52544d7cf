import { useEffect, useRef } from 'react';

import { whenIdle } from '../../data/yield-to-interface';
import type { ChartData, ChartKind, DrawnChart, draw } from './chart-draw';

export type { ChartKind };

export interface ChartProps {
  kind: ChartKind;
  labels: string[];
  values: number[];
  /** Name of the series (tooltips) and accessible description of the picture. */
  label: string;
  /** Describes the picture for screen readers; the table next to it carries the figures. */
  description: string;
  height?: number;
}

// Chart.js comes in its own chunk, asked for by the first chart to draw: the screen's figures and
// tables are painted without it, and a screen with nothing to chart never loads it.
let drawing: Promise<{ draw: typeof draw }> | undefined;
const loadDraw = () => (drawing ??= import('./chart-draw'));

// The charts are drawn one per idle slot, after the figures are on screen: a report of sixteen
// charts is as many short tasks, never one long one, and a tap in between is answered at once.
// A chart is drawn once it comes near the screen: each took 10-20 ms of main thread (the first one
// 50 ms, at a desktop's speed), a phone's first screen shows none of them, and most reports are
// never scrolled to their end.
const queue: (() => void)[] = [];
/** Charts ready to draw but not near the screen yet: still drawn before printing. */
const offscreen = new Set<() => void>();
let scheduled = false;
const pump = () => {
  scheduled = false;
  queue.shift()?.();
  if (queue.length) schedule();
};
const schedule = () => {
  if (scheduled) return;
  scheduled = true;
  whenIdle(pump, 1000);
};
/** Before printing, every chart still waiting is drawn at once (the printed report has them all). */
const flush = () => {
  while (queue.length) queue.shift()!();
  for (const job of [...offscreen]) job();
};
/** Calls `near` once `target` is within a few hundred pixels of the screen (at once without an observer). */
const whenNearScreen = (target: Element, near: () => void): (() => void) => {
  if (typeof IntersectionObserver !== 'function') {
    near();
    return () => undefined;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      near();
    },
    { rootMargin: '300px 0px' },
  );
  observer.observe(target);
  return () => observer.disconnect();
};

export const StatsChart = ({ kind, labels, values, label, description, height = 240 }: ChartProps) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    let chart: DrawnChart | undefined;
    let cancelled = false;
    const data: ChartData = { kind, labels, values, label };
    let job: (() => void) | undefined;
    let near = false;
    const enqueue = () => {
      if (!job || !near || !offscreen.delete(job)) return;
      queue.push(job);
      schedule();
    };
    void loadDraw().then(({ draw }) => {
      if (cancelled) return;
      const drawn = () => {
        offscreen.delete(drawn);
        if (!cancelled && !chart) chart = draw(target, data);
      };
      job = drawn;
      offscreen.add(drawn);
      enqueue();
    });
    const unobserve = whenNearScreen(target, () => {
      near = true;
      enqueue();
    });
    // Print styles change the layout, and Chart.js does not follow by itself (its printing guide).
    const beforePrint = () => {
      flush();
      chart?.resize();
    };
    const afterPrint = () => chart?.resize();
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);
    return () => {
      cancelled = true;
      unobserve();
      const waiting = job ? queue.indexOf(job) : -1;
      if (waiting >= 0) queue.splice(waiting, 1);
      if (job) offscreen.delete(job);
      window.removeEventListener('beforeprint', beforePrint);
      window.removeEventListener('afterprint', afterPrint);
      chart?.destroy();
    };
    // The description only labels the canvas: no need to redraw for it.
  }, [kind, labels, values, label]);
  return (
    <div className="stats-chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={description} />
    </div>
  );
};
