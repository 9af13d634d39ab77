// What the playground's uPlot charts share (regret-plot.ts, compare-plot.ts, maml/step-plot.ts,
// rl2/line-plot.ts, episodic/curves-plot.ts, go-explore/cells-plot.ts): the axis style, the
// options every chart starts from (x not a time, no hover legend, no drag zoom), the size taken
// from the container's width and kept as the container resizes, and the series line of a
// palette style. Each chart keeps its own series, axes labels, data and data-* attributes.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { PALETTE, SERIES_STYLES } from './palette.ts';
import { el, swatch } from './view.ts';

export const AXIS = { stroke: PALETTE.muted, grid: { stroke: PALETTE.grid, width: 1 }, ticks: { stroke: PALETTE.grid, width: 1 } };

/** A line in SERIES_STYLES[i] (colour and dash; i wraps around), 2 px, no points, across gaps. */
export function styledSeries(label: string | undefined, i: number): uPlot.Series {
  const st = SERIES_STYLES[i % SERIES_STYLES.length]!;
  return { label, stroke: st.color, width: 2, dash: [...st.dash], points: { show: false }, spanGaps: true };
}

/**
 * The legend of a chart of one run (solid black) beside compared methods in SERIES_STYLES order,
 * drawn once `action` (a button's name) has run them.
 */
export function runsLegend(methods: readonly string[], action: string): HTMLUListElement {
  return el(
    'ul',
    { class: 'legend series-legend', 'aria-label': 'Curves' },
    el('li', {}, swatch(PALETTE.text), 'this run (solid black)'),
    ...methods.map((label, i) => el('li', {}, swatch(SERIES_STYLES[i]!.color), `${label} (${SERIES_STYLES[i]!.name}; after ${action})`)),
  );
}

/**
 * The card of a chart of one run beside compared methods: caption, the chart, its legend
 * (runsLegend: `action` names the button) and the toolbar of the button that runs the methods,
 * with its status.
 */
export function runsCard(caption: string, plotNode: HTMLElement, methods: readonly string[], action: string, button: HTMLButtonElement, status: HTMLElement): HTMLElement {
  return el(
    'figure',
    { class: 'card' },
    el('figcaption', {}, caption),
    el('div', { class: 'plot-wrap' }, plotNode),
    runsLegend(methods, action),
    el('div', { class: 'toolbar' }, button, ' ', status),
  );
}

/**
 * A chart's place: `container`, at least 200 px wide, `heights[0]` px tall below 480 px of width
 * and `heights[1]` from there; the chart follows the container's size.
 */
export class PlotBox {
  plot: uPlot | undefined;
  private readonly observer: ResizeObserver;

  constructor(
    readonly container: HTMLElement,
    private readonly heights: readonly [narrow: number, wide: number],
  ) {
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(container);
  }

  width(): number {
    return Math.max(200, Math.floor(this.container.clientWidth));
  }

  height(): number {
    return this.width() < 480 ? this.heights[0] : this.heights[1];
  }

  /**
   * (Re)builds the chart at the box's size: `opts` over the common start (x not a time, no hover
   * legend — the status line or an HTML legend says it — and no drag zoom).
   */
  build(opts: Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData): uPlot {
    this.plot?.destroy();
    const { x, ...scales } = opts.scales ?? {};
    this.plot = new uPlot(
      {
        width: this.width(),
        height: this.height(),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        ...opts,
        scales: { x: { time: false, ...x }, ...scales },
      },
      data,
      this.container,
    );
    return this.plot;
  }

  private resize(): void {
    const p = this.plot;
    if (!p) return;
    const width = this.width(), height = this.height();
    if (width !== p.width || height !== p.height) p.setSize({ width, height });
  }

  dispose(): void {
    this.observer.disconnect();
    this.plot?.destroy();
  }
}
