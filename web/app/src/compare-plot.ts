// uPlot chart of the comparison: mean cumulative regret per policy over its tasks, each with a
// 95% band (mean ± 1.96·SE) drawn as a uPlot band between two invisible series. The container
// exposes what it shows for the e2e tests: data-series (curves), data-policies, data-points.

import type uPlot from 'uplot';
import type { Band } from './compare-model.ts';
import { SERIES_STYLES } from './palette.ts';
import { AXIS, PlotBox } from './plot.ts';
import { cancelDraw, scheduleDraw } from './render-scheduler.ts';

export interface CurveStyle {
  readonly label: string;
  readonly color: string;
  readonly fill: string;
  readonly dash: readonly number[];
}

/** The style of the i-th compared policy. */
export function curveStyle(i: number, label: string): CurveStyle {
  const s = SERIES_STYLES[i % SERIES_STYLES.length]!;
  return { label, color: s.color, fill: s.fill, dash: s.dash };
}

export class ComparePlot {
  private plot: uPlot | undefined;
  private curves: readonly CurveStyle[] = [];
  private readonly box: PlotBox;

  constructor(private readonly container: HTMLElement) {
    this.container.dataset.points = '0';
    this.container.dataset.series = '0';
    this.box = new PlotBox(container, [220, 300]);
  }

  /** One curve (and band) per entry; rebuilds the chart when the list changes. */
  setCurves(curves: readonly CurveStyle[]): void {
    const same =
      this.plot !== undefined &&
      curves.length === this.curves.length &&
      curves.every((c, i) => c.label === this.curves[i]?.label && c.color === this.curves[i]?.color);
    if (same) return;
    this.curves = curves;
    const series: uPlot.Series[] = [{ label: 'pull' }];
    const bands: uPlot.Band[] = [];
    curves.forEach((c, i) => {
      series.push({ label: c.label, stroke: c.color, width: 2, dash: [...c.dash], points: { show: false } });
      series.push({ label: `${c.label} upper`, stroke: 'transparent', width: 0, points: { show: false } });
      series.push({ label: `${c.label} lower`, stroke: 'transparent', width: 0, points: { show: false } });
      const mean = 1 + i * 3;
      bands.push({ series: [mean + 1, mean + 2], fill: c.fill });
    });
    // An HTML legend beside the chart says which curve is which.
    this.plot = this.box.build({
      series,
      bands,
      axes: [
        { ...AXIS, label: 'pull', labelSize: 20 },
        { ...AXIS, label: 'mean cumulative regret', labelSize: 20, size: 52 },
      ],
    }, [[], ...curves.flatMap(() => [[], [], []])] as uPlot.AlignedData);
    this.container.dataset.series = String(curves.length);
    this.container.dataset.policies = curves.map((c) => c.label).join(',');
    this.container.dataset.points = '0';
  }

  /** x = the grid; one Band per curve, in setCurves order. Drawn in the scheduler's next cycle. */
  set(grid: Float64Array, bands: readonly Band[]): void {
    scheduleDraw(this, () => this.draw(grid, bands));
  }

  private draw(grid: Float64Array, bands: readonly Band[]): void {
    if (!this.plot) return;
    // Cut the x range at the last point any curve reached, so the chart grows as the runs do.
    let last = -1;
    for (const b of bands) last = Math.max(last, b.reached);
    const n = last + 1;
    const data: (ArrayLike<number | null>)[] = [grid.subarray(0, n)];
    for (const b of bands) data.push(b.mean.slice(0, n), b.hi.slice(0, n), b.lo.slice(0, n));
    this.plot.setData(data as uPlot.AlignedData);
    this.container.dataset.points = String(n);
  }

  clear(): void {
    cancelDraw(this);
    if (!this.plot) return;
    if (this.container.dataset.points === '0') return;
    this.plot.setData([[], ...this.curves.flatMap(() => [[], [], []])] as uPlot.AlignedData);
    this.container.dataset.points = '0';
  }

  dispose(): void {
    cancelDraw(this);
    this.box.dispose();
  }
}
