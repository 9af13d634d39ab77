// uPlot line chart of cumulative regret against pull number. Each frame carries the full
// (downsampled) curve, so every update replaces the data; the container exposes the number of
// points as data-points (read by the e2e tests) and resizes with the layout.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { PALETTE } from './palette.ts';
import { cancelDraw, scheduleDraw } from './render-scheduler.ts';

const AXIS = { stroke: PALETTE.muted, grid: { stroke: PALETTE.grid, width: 1 }, ticks: { stroke: PALETTE.grid, width: 1 } };

export class RegretPlot {
  private readonly plot: uPlot;
  private readonly observer: ResizeObserver;

  constructor(private readonly container: HTMLElement) {
    const opts: uPlot.Options = {
      width: this.width(),
      height: this.height(),
      scales: { x: { time: false } },
      // The status line shows the current numbers; a hover legend is clutter (and useless on touch).
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: 'pull' },
        {
          label: 'cumulative regret',
          stroke: PALETTE.regret,
          width: 2,
          fill: PALETTE.regretFill,
          points: { show: false },
        },
      ],
      axes: [
        { ...AXIS, label: 'pull', labelSize: 20 },
        { ...AXIS, label: 'cumulative regret', labelSize: 20, size: 52 },
      ],
    };
    this.plot = new uPlot(opts, [[], []], container);
    this.container.dataset.points = '0';
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(container);
  }

  private width(): number {
    return Math.max(200, Math.floor(this.container.clientWidth));
  }

  private height(): number {
    return this.width() < 480 ? 200 : 260;
  }

  private resize(): void {
    const width = this.width();
    const height = this.height();
    if (width !== this.plot.width || height !== this.plot.height) this.plot.setSize({ width, height });
  }

  /** Replaces the curve (x = pull number, y = cumulative regret); drawn in the scheduler's next cycle. */
  set(x: Float64Array, y: Float64Array): void {
    scheduleDraw(this, () => this.draw(x, y));
  }

  private draw(x: Float64Array, y: Float64Array): void {
    const n = Math.min(x.length, y.length);
    this.plot.setData([x.subarray(0, n), y.subarray(0, n)]);
    this.container.dataset.points = String(n);
  }

  clear(): void {
    cancelDraw(this);
    if (this.container.dataset.points === '0') return;
    this.plot.setData([[], []]);
    this.container.dataset.points = '0';
  }

  dispose(): void {
    cancelDraw(this);
    this.observer.disconnect();
    this.plot.destroy();
  }
}
