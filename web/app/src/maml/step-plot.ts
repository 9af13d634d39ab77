// uPlot chart of a quantity per adaptation step (the navigation's mean return, the sinusoid's
// MSE on the true curve), one series per model, with the step shown by the slider marked.

import type uPlot from 'uplot';
import { PALETTE } from '../palette.ts';
import { AXIS, PlotBox } from '../plot.ts';

export interface StepSeries {
  readonly label: string;
  readonly color: string;
  readonly dash?: readonly number[];
}

export class StepPlot {
  private readonly box: PlotBox;
  private readonly plot: uPlot;
  private marked = -1;

  constructor(
    private readonly container: HTMLElement,
    xLabel: string,
    yLabel: string,
    series: readonly StepSeries[],
    log = false,
  ) {
    this.box = new PlotBox(container, [170, 200]);
    this.plot = this.box.build(
      {
        scales: { y: log ? { distr: 3 } : {} },
        series: [
          { label: xLabel },
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            dash: s.dash ? [...s.dash] : [],
            points: { show: true, size: 6, fill: s.color },
          })),
        ],
        axes: [
          { ...AXIS, label: xLabel, labelSize: 20, incrs: [1, 2, 5, 10, 20, 50] },
          { ...AXIS, label: yLabel, labelSize: 20, size: 56 },
        ],
        hooks: {
          draw: [
            (u) => {
              // The step the slider shows: a thin vertical line.
              if (this.marked < 0) return;
              const x = u.valToPos(this.marked, 'x', true);
              const ctx = u.ctx;
              ctx.save();
              ctx.strokeStyle = PALETTE.muted;
              ctx.setLineDash([3, 3]);
              ctx.lineWidth = 1;
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.restore();
            },
          ],
        },
      },
      [[], ...series.map(() => [])],
    );
  }

  /** One value per step (0, 1, …) for each series; `marked`: the step to mark (−1: none). */
  set(values: readonly (readonly number[] | Float64Array | undefined)[], marked: number): void {
    const n = Math.max(0, ...values.map((v) => v?.length ?? 0));
    const x = Array.from({ length: n }, (_, i) => i);
    const ys = values.map((v) => x.map((i) => (v && i < v.length ? (v[i] ?? null) : null)));
    this.marked = marked;
    this.plot.setData([x, ...ys] as uPlot.AlignedData);
    this.container.dataset.points = String(n);
  }

  dispose(): void {
    this.box.dispose();
  }
}
