// uPlot line chart of cumulative regret against pull number. Each frame carries the full
// (downsampled) curve, so every update replaces the data; the container exposes the number of
// points as data-points (read by the e2e tests) and resizes with the layout.

import type uPlot from 'uplot';
import { PALETTE } from './palette.ts';
import { AXIS, PlotBox } from './plot.ts';
import { cancelDraw, scheduleDraw } from './render-scheduler.ts';

export class RegretPlot {
  private readonly box: PlotBox;
  private readonly plot: uPlot;

  constructor(private readonly container: HTMLElement) {
    this.box = new PlotBox(container, [200, 260]);
    // The status line shows the current numbers (no hover legend: clutter, and useless on touch).
    this.plot = this.box.build({
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
    }, [[], []]);
    this.container.dataset.points = '0';
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
    this.box.dispose();
  }
}
