// Chart.js, registered with only the pieces these charts use (tree-shaken), loaded with this route.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  DoughnutController,
  ArcElement,
  Tooltip,
  Legend,
);

const PALETTE = [
  '#1f5f3a',
  '#4f8a5b',
  '#8cb369',
  '#d9a400',
  '#a4161a',
  '#3d5a80',
  '#98c1d9',
  '#7a4b00',
  '#55554f',
];

export type ChartKind = 'bar' | 'horizontal' | 'doughnut';

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

const draw = (target: HTMLCanvasElement, { kind, labels, values, label }: ChartProps): Chart => {
  const doughnut = kind === 'doughnut';
  return new Chart(target, {
    type: doughnut ? 'doughnut' : 'bar',
    data: {
      labels,
      datasets: [
        {
          label,
          data: values,
          backgroundColor: doughnut ? labels.map((_, i) => PALETTE[i % PALETTE.length]!) : PALETTE[0],
          borderRadius: doughnut ? 0 : 4,
        },
      ],
    },
    options: {
      // No animation: figures appear at once, and the printed report never catches a half-drawn chart.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: kind === 'horizontal' ? 'y' : 'x',
      plugins: { legend: { display: doughnut, position: 'right' } },
      ...(doughnut ? {} : { scales: { x: { beginAtZero: true }, y: { beginAtZero: true } } }),
    },
  });
};

export const StatsChart = ({ kind, labels, values, label, description, height = 240 }: ChartProps) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    let chart: Chart | undefined;
    // Each chart is drawn in a task of its own: a page of sixteen charts never blocks the screen.
    const timer = setTimeout(() => {
      chart = draw(target, { kind, labels, values, label, description });
    }, 0);
    // Print styles change the layout, and Chart.js does not follow by itself (its printing guide).
    const resize = () => chart?.resize();
    window.addEventListener('beforeprint', resize);
    window.addEventListener('afterprint', resize);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('beforeprint', resize);
      window.removeEventListener('afterprint', resize);
      chart?.destroy();
    };
    // The description only labels the canvas: no need to redraw for it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind, labels, values, label]);
  return (
    <div className="stats-chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={description} />
    </div>
  );
};
