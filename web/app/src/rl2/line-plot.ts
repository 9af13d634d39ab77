// A small uPlot line chart for the RL² views: several series over one x, each an Okabe–Ito hue
// with its own dash pattern (SERIES_STYLES), optional horizontal reference lines. Data arrives as
// whole curves (frames are complete); drawing goes through the render scheduler. The container
// exposes the number of points as data-points (e2e tests read it).

import type uPlot from 'uplot';
import { PALETTE, SERIES_STYLES } from '../palette.ts';
import { AXIS, PlotBox, styledSeries } from '../plot.ts';
import { cancelDraw, scheduleDraw } from '../render-scheduler.ts';

export interface LineSeries {
  readonly label: string;
  /** Index into SERIES_STYLES, or 'reference' (a thin dotted grey line). */
  readonly style: number | 'reference';
}

export class LinePlot {
  private readonly box: PlotBox;
  private readonly plot: uPlot;

  constructor(
    private readonly container: HTMLElement,
    xLabel: string,
    yLabel: string,
    private readonly series: readonly LineSeries[],
  ) {
    this.box = new PlotBox(container, [200, 240]);
    this.plot = this.box.build(
      {
        series: [
          { label: xLabel },
          ...series.map((s) =>
            s.style === 'reference'
              ? { label: s.label, stroke: PALETTE.muted, width: 1.5, dash: [2, 4], points: { show: false } }
              : styledSeries(s.label, s.style),
          ),
        ],
        axes: [
          { ...AXIS, label: xLabel, labelSize: 20 },
          { ...AXIS, label: yLabel, labelSize: 20, size: 52 },
        ],
      },
      [[], ...series.map(() => [])],
    );
    container.dataset.points = '0';
  }

  /** Replaces the curves: ys[i] is series i over x (a number: a constant reference line). */
  set(x: ArrayLike<number>, ys: readonly (ArrayLike<number> | number | undefined)[]): void {
    scheduleDraw(this, () => {
      const n = x.length;
      const cols = this.series.map((_, i) => {
        const y = ys[i];
        if (typeof y === 'number') return Array.from({ length: n }, () => y);
        if (!y) return Array.from({ length: n }, () => null);
        return Array.from({ length: n }, (_, j) => (j < y.length ? y[j]! : null));
      });
      this.plot.setData([Array.from(x), ...cols] as uPlot.AlignedData);
      this.container.dataset.points = String(n);
    });
  }

  clear(): void {
    cancelDraw(this);
    this.plot.setData([[], ...this.series.map(() => [])] as uPlot.AlignedData);
    this.container.dataset.points = '0';
  }
}

/** A legend entry for series `style`: a swatch (colour through the CSSOM: strict CSPs block style attributes) and its text. */
export function legendItem(doc: Document, style: number | 'reference', text: string): HTMLLIElement {
  const li = doc.createElement('li');
  const key = doc.createElement('span');
  key.className = 'key';
  key.setAttribute('aria-hidden', 'true');
  key.style.background = style === 'reference' ? PALETTE.muted : SERIES_STYLES[style % SERIES_STYLES.length]!.color;
  if (style === 'reference') key.style.height = '3px';
  li.append(key, text);
  return li;
}
