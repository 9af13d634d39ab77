// uPlot chart of cells discovered against frames: the live Go-Explore run, and — once the
// comparison has run — Go-Explore and the three baselines of one go-explore-eval seed.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { PALETTE, SERIES_STYLES } from '../palette.ts';

const AXIS = { stroke: PALETTE.muted, grid: { stroke: PALETTE.grid, width: 1 }, ticks: { stroke: PALETTE.grid, width: 1 } };

export const METHOD_LABELS: Readonly<Record<string, string>> = {
  'go-explore': 'Go-Explore',
  random: 'uniform random',
  'q-learning': 'ε-greedy Q-learning',
  'q-count': 'Q-learning + count bonus',
};
export const METHODS = ['go-explore', 'random', 'q-learning', 'q-count'];

export interface MethodCurve {
  name: string;
  cells: number[];
}

export class CellsPlot {
  private readonly plot: uPlot;
  private readonly observer: ResizeObserver;
  private live: [Float64Array, Float64Array] = [new Float64Array(), new Float64Array()];
  private compared: { x: number[]; curves: MethodCurve[] } | undefined;

  constructor(private readonly container: HTMLElement) {
    const series: uPlot.Series[] = [
      { label: 'frames' },
      { label: 'this run', stroke: PALETTE.text, width: 2, points: { show: false } },
      ...METHODS.map((m, i) => ({
        label: METHOD_LABELS[m],
        stroke: SERIES_STYLES[i]!.color,
        dash: [...SERIES_STYLES[i]!.dash],
        width: 2,
        spanGaps: true,
        points: { show: false },
      })),
    ];
    this.plot = new uPlot(
      {
        width: this.width(),
        height: this.width() < 480 ? 200 : 260,
        scales: { x: { time: false } },
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        series,
        axes: [
          { ...AXIS, label: 'frames', labelSize: 20 },
          { ...AXIS, label: 'cells discovered', labelSize: 20, size: 52 },
        ],
      },
      [[], [], [], [], [], []],
      container,
    );
    this.observer = new ResizeObserver(() => {
      const width = this.width();
      const height = width < 480 ? 200 : 260;
      if (width !== this.plot.width || height !== this.plot.height) this.plot.setSize({ width, height });
    });
    this.observer.observe(container);
  }

  private width(): number {
    return Math.max(200, Math.floor(this.container.clientWidth));
  }

  setLive(x: Float64Array | undefined, y: Float64Array | undefined): void {
    this.live = x && y ? [x, y] : [new Float64Array(), new Float64Array()];
    this.update();
  }

  setCompared(x: number[] | undefined, curves: MethodCurve[] | undefined): void {
    this.compared = x && curves ? { x, curves } : undefined;
    this.update();
  }

  private update(): void {
    const tables: uPlot.AlignedData[] = [[Array.from(this.live[0]), Array.from(this.live[1])]];
    if (this.compared) {
      const { x, curves } = this.compared;
      tables.push([x, ...METHODS.map((m) => curves.find((c) => c.name === m)?.cells ?? x.map(() => null))] as uPlot.AlignedData);
    }
    const joined = uPlot.join(tables);
    const empty = Array.from({ length: joined[0]!.length }, () => null);
    const data = joined.length >= 6 ? joined : [...joined, ...Array.from({ length: 6 - joined.length }, () => empty)];
    this.plot.setData(data as uPlot.AlignedData);
    this.container.dataset.points = String(this.live[0].length);
    this.container.dataset.series = String(this.compared ? 1 + this.compared.curves.length : 1);
  }

  dispose(): void {
    this.observer.disconnect();
    this.plot.destroy();
  }
}
