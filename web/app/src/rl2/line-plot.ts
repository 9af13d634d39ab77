// A small uPlot line chart for the RL² views: several series over one x, each an Okabe–Ito hue
// with its own dash pattern (SERIES_STYLES), optional horizontal reference lines. Data arrives as
// whole curves (frames are complete); drawing goes through the render scheduler. The container
// exposes the number of points as data-points (e2e tests read it).

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { PALETTE, SERIES_STYLES } from '../palette.ts';
import { cancelDraw, scheduleDraw } from '../render-scheduler.ts';

const AXIS = { stroke: PALETTE.muted, grid: { stroke: PALETTE.grid, width: 1 }, ticks: { stroke: PALETTE.grid, width: 1 } };

export interface LineSeries {
  readonly label: string;
  /** Index into SERIES_STYLES, or 'reference' (a thin dotted grey line). */
  readonly style: number | 'reference';
}

export class LinePlot {
  private readonly plot: uPlot;
  private readonly observer: ResizeObserver;

  constructor(
    private readonly container: HTMLElement,
    xLabel: string,
    yLabel: string,
    private readonly series: readonly LineSeries[],
  ) {
    this.plot = new uPlot(
      {
        width: this.width(),
        height: this.height(),
        scales: { x: { time: false } },
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        series: [
          { label: xLabel },
          ...series.map((s) => {
            if (s.style === 'reference') return { label: s.label, stroke: PALETTE.muted, width: 1.5, dash: [2, 4], points: { show: false } };
            const st = SERIES_STYLES[s.style % SERIES_STYLES.length]!;
            return { label: s.label, stroke: st.color, width: 2, dash: [...st.dash], points: { show: false }, spanGaps: true };
          }),
        ],
        axes: [
          { ...AXIS, label: xLabel, labelSize: 20 },
          { ...AXIS, label: yLabel, labelSize: 20, size: 52 },
        ],
      },
      [[], ...series.map(() => [])],
      container,
    );
    container.dataset.points = '0';
    this.observer = new ResizeObserver(() => {
      const width = this.width(), height = this.height();
      if (width !== this.plot.width || height !== this.plot.height) this.plot.setSize({ width, height });
    });
    this.observer.observe(container);
  }

  private width(): number {
    return Math.max(200, Math.floor(this.container.clientWidth));
  }

  private height(): number {
    return this.width() < 480 ? 200 : 240;
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
