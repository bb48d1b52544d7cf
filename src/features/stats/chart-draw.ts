// Chart.js, registered with only the pieces these charts use (tree-shaken). Its own chunk, loaded by
// chart.tsx once a chart is to be drawn: the figures and their tables never wait for it.
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

export interface ChartData {
  kind: ChartKind;
  labels: string[];
  values: number[];
  /** Name of the series (tooltips). */
  label: string;
}

/** What chart.tsx keeps of a drawn chart: enough to follow the print layout and to let it go. */
export interface DrawnChart {
  resize: () => void;
  destroy: () => void;
}

export const draw = (target: HTMLCanvasElement, { kind, labels, values, label }: ChartData): DrawnChart => {
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
