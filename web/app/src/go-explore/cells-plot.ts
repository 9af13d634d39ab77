// uPlot chart of cells discovered against frames: the live Go-Explore run, and — once the
// comparison has run — Go-Explore and the three baselines of one go-explore-eval seed.

import uPlot from 'uplot';
import { PALETTE } from '../palette.ts';
import { AXIS, PlotBox, styledSeries } from '../plot.ts';

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
  private readonly box: PlotBox;
  private readonly plot: uPlot;
  private live: [Float64Array, Float64Array] = [new Float64Array(), new Float64Array()];
  private compared: { x: number[]; curves: MethodCurve[] } | undefined;

  constructor(private readonly container: HTMLElement) {
    this.box = new PlotBox(container, [200, 260]);
    this.plot = this.box.build(
      {
        series: [
          { label: 'frames' },
          { label: 'this run', stroke: PALETTE.text, width: 2, points: { show: false } },
          ...METHODS.map((m, i) => styledSeries(METHOD_LABELS[m], i)),
        ],
        axes: [
          { ...AXIS, label: 'frames', labelSize: 20 },
          { ...AXIS, label: 'cells discovered', labelSize: 20, size: 52 },
        ],
      },
      [[], [], [], [], [], []],
    );
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
    this.box.dispose();
  }
}
