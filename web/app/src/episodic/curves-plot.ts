// uPlot chart of learning curves on the maze: score (discounted return / optimal return) against
// frames, as the mean of the last 10 episodes (the measure of the comparison: 90% = reached).
// The live run is drawn solid black; "Run all four" adds MFEC, NEC, DQN and Q-learning on the
// same maze, run together (one `episodic-eval` run each).

import uPlot from 'uplot';
import { PALETTE } from '../palette.ts';
import { AXIS, PlotBox, styledSeries } from '../plot.ts';

export const EPISODIC_METHODS = ['mfec', 'nec', 'dqn', 'qlearning'] as const;
export const EPISODIC_LABELS: Readonly<Record<string, string>> = {
  mfec: 'MFEC',
  nec: 'NEC',
  dqn: 'DQN',
  qlearning: 'Q-learning (exact cell)',
};
/** Episodes in the moving mean (the comparison's window). */
export const WINDOW = 10;

export interface Curve {
  frames: Float64Array | number[];
  scores: Float64Array | number[];
}

/** Mean score of the last WINDOW episodes at each episode end (the first ones: of those so far). */
export function movingMean(c: Curve): [number[], number[]] {
  const x: number[] = [], y: number[] = [];
  let sum = 0;
  for (let i = 0; i < c.scores.length; i++) {
    sum += c.scores[i] ?? 0;
    if (i >= WINDOW) sum -= c.scores[i - WINDOW] ?? 0;
    x.push(c.frames[i] ?? 0);
    y.push(sum / Math.min(i + 1, WINDOW));
  }
  return [x, y];
}

export class CurvesPlot {
  private readonly box: PlotBox;
  private readonly plot: uPlot;
  private live: Curve | undefined;
  private compared = new Map<string, Curve>();

  constructor(private readonly container: HTMLElement) {
    this.box = new PlotBox(container, [200, 260]);
    this.plot = this.box.build(
      {
        scales: { y: { range: [0, 1.02] } },
        series: [
          { label: 'frames' },
          { label: 'this run', stroke: PALETTE.text, width: 2, spanGaps: true, points: { show: false } },
          ...EPISODIC_METHODS.map((m, i) => styledSeries(EPISODIC_LABELS[m], i)),
        ],
        axes: [
          { ...AXIS, label: 'frames', labelSize: 20 },
          { ...AXIS, label: `score, mean of last ${WINDOW} episodes`, labelSize: 20, size: 48 },
        ],
      },
      [[], [], [], [], [], []],
    );
  }

  setLive(c: Curve | undefined): void {
    this.live = c;
    this.update();
  }

  setCompared(method: string, c: Curve | undefined): void {
    if (c) this.compared.set(method, c);
    else this.compared.delete(method);
    this.update();
  }

  clearCompared(): void {
    this.compared.clear();
    this.update();
  }

  private update(): void {
    const tables: uPlot.AlignedData[] = [this.live ? movingMean(this.live) : [[], []]];
    for (const m of EPISODIC_METHODS) {
      const c = this.compared.get(m);
      tables.push(c ? movingMean(c) : [[], []]);
    }
    const joined = uPlot.join(tables);
    this.plot.setData(joined as uPlot.AlignedData);
    this.container.dataset.points = String(this.live?.scores.length ?? 0);
    this.container.dataset.series = String((this.live ? 1 : 0) + this.compared.size);
  }

  dispose(): void {
    this.box.dispose();
  }
}
