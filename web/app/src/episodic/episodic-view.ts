// The "Episodic control, live" view (issue 5): one `episodic` run drawn as the maze with the
// agent's last path, a heatmap of max_a Q over cells read from its memory, the greedy action per
// cell, and the memory entries the focused cell's read uses (hover, or the arrow keys on the
// maze); the memory fill per action; the learning curve. "Run all four" runs MFEC, NEC, DQN and
// Q-learning together on the same maze (one `episodic-eval` run each, same parameters) and
// overlays their curves. The DOM is built here and placed in the shared run panel.

import type { Frame, Pool, RunHandle } from 'fastslow';
import type { RunUi } from '../runner.ts';
import { setOutputs, SingleRunView, type RunPanelHooks } from '../run-view.ts';
import { formatStat, type AppState } from '../state.ts';
import { byId, describeFailure, el, swatch } from '../view.ts';
import { PALETTE } from '../palette.ts';
import { runsCard } from '../plot.ts';
import { CurvesPlot, EPISODIC_LABELS, EPISODIC_METHODS } from './curves-plot.ts';
import { MazeCanvas, neighboursOf, type MazePicture } from './maze-canvas.ts';

export const EPISODIC_VIEW = 'episodic';
const EVAL_SCENARIO = 'episodic-eval';
const ACTION_NAMES = ['up', 'right', 'down', 'left'];
const ACTION_ARROWS = ['↑', '→', '↓', '←'];

export class EpisodicView extends SingleRunView {
  private readonly section: HTMLElement;
  private readonly canvas: MazeCanvas;
  private readonly canvasNode: HTMLCanvasElement;
  private readonly plot: CurvesPlot;
  private readonly focusLine: HTMLOutputElement;
  private readonly fill: HTMLMeterElement[] = [];
  private readonly fillOut: HTMLOutputElement[] = [];
  private readonly fillNote: HTMLParagraphElement;
  private readonly compareButton: HTMLButtonElement;
  private readonly compareStatus: HTMLSpanElement;
  private latest: Frame | undefined;
  /** The cell under the pointer, else the keyboard's, else −1 (the agent's). */
  private hover = -1;
  private keyFocus = -1;
  private compareRuns: RunHandle[] = [];
  private compareState = new Map<string, string>();

  constructor(pool: Pool, runUi: RunUi, hooks: RunPanelHooks) {
    super(pool, runUi, hooks);
    this.canvasNode = el('canvas', {
      id: 'ep-maze',
      role: 'img',
      tabindex: '0',
      'aria-label': 'Maze with max_a Q heatmap; arrow keys move the focused cell',
      'aria-describedby': 'ep-focus',
    });
    this.focusLine = el('output', { id: 'ep-focus', 'aria-live': 'polite' });
    this.focusLine.style.display = 'block';
    this.focusLine.style.fontSize = '0.875rem';
    this.fillNote = el('p', { id: 'ep-fill-note', class: 'message' });
    const fillList = el('ul', { id: 'ep-fill', class: 'legend', 'aria-label': 'Memory fill per action' });
    ACTION_NAMES.forEach((name, a) => {
      const meter = el('meter', { id: `ep-fill-${name}`, min: '0', max: '1', value: '0' });
      const out = el('output', { for: `ep-fill-${name}` }, '–');
      this.fill.push(meter);
      this.fillOut.push(out);
      fillList.append(el('li', {}, el('label', { for: `ep-fill-${name}` }, `${ACTION_ARROWS[a]} ${name}`), meter, out));
    });
    this.compareButton = el('button', { type: 'button', id: 'ep-compare' }, 'Run all four');
    this.compareStatus = el('span', { id: 'ep-compare-status', role: 'status', 'aria-live': 'polite' });
    const plotNode = el('div', { id: 'ep-plot', class: 'plot', 'data-points': '0', 'data-series': '0' });
    // A ring with nothing inside (CSSOM, not a style attribute: a strict CSP blocks those).
    const ring = el('span', { class: 'key', 'aria-hidden': 'true' });
    ring.style.border = `2px solid ${PALETTE.last}`;
    const legend = el(
      'ul',
      { class: 'legend', 'aria-label': 'Legend' },
      el('li', {}, swatch(PALETTE.muted), 'wall'),
      el('li', {}, swatch('rgba(0,114,178,0.7)'), 'max_a Q (darker: higher)'),
      el('li', {}, '— greedy action'),
      el('li', {}, swatch(PALETTE.last), 'last episode’s path'),
      el('li', {}, ring, 'memory entries the focused cell’s read uses (thicker: heavier)'),
      el('li', {}, '★ goal, ● agent'),
    );
    this.section = el(
      'div',
      { id: 'ep-cards', hidden: '' },
      el(
        'figure',
        { class: 'card' },
        el('figcaption', {}, 'Maze, max_a Q and the agent'),
        el('div', { class: 'canvas-box' }, this.canvasNode),
        legend,
        this.focusLine,
      ),
      el(
        'figure',
        { class: 'card' },
        el('figcaption', {}, 'Memory fill per action (DND / table entries ÷ capacity)'),
        fillList,
        this.fillNote,
      ),
      runsCard('Learning curves', plotNode, EPISODIC_METHODS.map((m) => EPISODIC_LABELS[m]!), 'Run all four', this.compareButton, this.compareStatus),
    );
    this.placeCards(this.section);
    this.canvas = new MazeCanvas(this.canvasNode, 'Press Run to start learning');
    this.plot = new CurvesPlot(plotNode);
    this.canvasNode.addEventListener('pointermove', (e) => {
      const r = this.canvasNode.getBoundingClientRect();
      const c = this.canvas.cellAt(e.clientX - r.left, e.clientY - r.top);
      if (c !== this.hover) {
        this.hover = c;
        this.draw();
      }
    });
    this.canvasNode.addEventListener('pointerleave', () => {
      this.hover = -1;
      this.draw();
    });
    this.canvasNode.addEventListener('keydown', (e) => this.onKey(e));
    this.compareButton.addEventListener('click', () => this.compare());
  }

  protected stats(): { id: string; label: string }[] {
    return [
      { id: 'stat-frames', label: 'frames' },
      { id: 'stat-episodes', label: 'episodes' },
      { id: 'stat-reached', label: 'frames to 90%' },
      { id: 'stat-memory', label: 'memory' },
    ];
  }

  override hide(): void {
    super.hide();
    this.cancelCompare();
  }

  /** New values: the comparison and the keyboard's cell were of the old ones. */
  override changed(state: AppState, byUser: boolean): void {
    this.cancelCompare();
    this.plot.clearCompared();
    this.compareStatus.textContent = '';
    this.keyFocus = -1;
    super.changed(state, byUser);
  }

  protected render(f: Frame | undefined): void {
    this.latest = f;
    const s = f?.scalars ?? {};
    setOutputs({
      'stat-frames': f ? formatStat(s.frames) : undefined,
      'stat-episodes': f ? formatStat(s.episodes) : undefined,
      'stat-reached': f ? ((s.framesTo90 ?? -1) >= 0 ? formatStat(s.framesTo90) : 'not yet') : undefined,
      'stat-memory': f ? `${formatStat((s.memoryBytes ?? 0) / 2 ** 20)} MiB` : undefined,
    });
    const status = byId<HTMLElement>('status');
    status.dataset.episodes = s.episodes === undefined ? '' : String(s.episodes);
    // Memory fill per action.
    const fill = f?.arrays.memoryFill;
    const capacity = s.capacity ?? 0;
    for (let a = 0; a < this.fill.length; a++) {
      const n = fill?.[a];
      this.fill[a]!.value = n !== undefined && capacity > 0 ? n / capacity : 0;
      this.fillOut[a]!.value = n === undefined ? '–' : `${formatStat(n)}${capacity > 0 ? ` / ${formatStat(capacity)}` : ''}`;
    }
    this.fillNote.textContent = !f
      ? ''
      : fill && fill.length > 0
        ? 'Least recently used entries are evicted at capacity.'
        : 'This learner has no memory of entries (DQN: a network; Q-learning: a table over exact cells).';
    const ef = f?.arrays.episodeFrames, es = f?.arrays.episodeScores;
    this.plot.setLive(ef && es ? { frames: ef, scores: es } : undefined);
    this.draw();
  }

  private picture(): MazePicture | undefined {
    const f = this.latest;
    const a = f?.arrays;
    if (!f || !a?.walls || !a.qMax) return undefined;
    const empty = new Float64Array();
    return {
      width: f.scalars.width ?? 0,
      height: f.scalars.height ?? 0,
      walls: a.walls,
      qMax: a.qMax,
      greedy: a.greedy ?? empty,
      path: a.path ?? empty,
      goal: f.scalars.goal ?? -1,
      position: f.scalars.position ?? -1,
      neighbourCells: a.neighbourCells ?? empty,
      neighbourWeights: a.neighbourWeights ?? empty,
      focus: this.hover >= 0 ? this.hover : this.keyFocus,
    };
  }

  private draw(): void {
    const p = this.picture();
    this.canvas.set(p);
    if (!p) {
      this.focusLine.value = '';
      this.canvasNode.dataset.focus = '';
      this.canvasNode.dataset.neighbours = '';
      return;
    }
    const focus = p.focus >= 0 ? p.focus : p.position;
    const xy = (c: number) => `(${c % p.width}, ${Math.floor(c / p.width)})`;
    const nb = focus >= 0 ? neighboursOf(p, focus) : [];
    this.canvasNode.dataset.focus = String(focus);
    this.canvasNode.dataset.neighbours = nb.map(([c]) => c).join(',');
    this.canvasNode.dataset.cells = String(p.width * p.height);
    if (focus < 0) {
      this.focusLine.value = '';
      return;
    }
    const who = p.focus >= 0 ? 'Cell' : 'Agent’s cell';
    const q = p.qMax[focus];
    const g = p.greedy[focus];
    const head = `${who} ${xy(focus)}: max_a Q = ${q === undefined ? '–' : q.toFixed(3)}` +
      (g !== undefined && (q ?? 0) > 0 ? `, greedy ${ACTION_ARROWS[g] ?? ''} ${ACTION_NAMES[g] ?? ''}` : '');
    const tail = nb.length === 0
      ? '; no memory entries read.'
      : `; its read weighs most the entries written at ${nb.map(([c, w]) => `${xy(c)} ${(100 * w).toFixed(0)}%`).join(', ')}.`;
    this.focusLine.value = head + tail;
  }

  private onKey(e: KeyboardEvent): void {
    const p = this.picture();
    if (!p) return;
    const moves: Record<string, [number, number]> = { ArrowUp: [0, -1], ArrowRight: [1, 0], ArrowDown: [0, 1], ArrowLeft: [-1, 0] };
    if (e.key === 'Escape') {
      this.keyFocus = -1;
    } else if (moves[e.key]) {
      const from = this.keyFocus >= 0 ? this.keyFocus : Math.max(0, p.position);
      const [dx, dy] = moves[e.key]!;
      const x = Math.min(p.width - 1, Math.max(0, (from % p.width) + dx));
      const y = Math.min(p.height - 1, Math.max(0, Math.floor(from / p.width) + dy));
      this.keyFocus = y * p.width + x;
    } else {
      return;
    }
    e.preventDefault();
    this.draw();
  }

  private cancelCompare(): void {
    for (const r of this.compareRuns) r.cancel();
    this.compareRuns = [];
  }

  /** MFEC, NEC, DQN and Q-learning on the same maze with the same parameters, run together. */
  private compare(): void {
    this.cancelCompare();
    this.plot.clearCompared();
    this.compareState.clear();
    const runs = EPISODIC_METHODS.map((method) => {
      const run = this.pool.start(EVAL_SCENARIO, { ...this.run.params, method });
      this.compareState.set(method, '0%');
      const off = run.onFrame((f) => {
        const ef = f.arrays.episodeFrames, es = f.arrays.episodeScores;
        if (ef && es) this.plot.setCompared(method, { frames: ef, scores: es });
        this.compareState.set(method, `${Math.round(100 * (f.scalars.progress ?? 0))}%`);
        this.showCompare();
      });
      run.result.then(
        (r) => {
          off();
          if (!this.compareRuns.includes(run)) return;
          const res = r as { framesTo90: number | null; episodeFrames: number[]; episodeScores: number[] };
          this.plot.setCompared(method, { frames: res.episodeFrames, scores: res.episodeScores });
          this.compareState.set(method, res.framesTo90 === null ? 'not 90% in budget' : `90% at ${formatStat(res.framesTo90)} frames`);
          this.showCompare();
        },
        (err: unknown) => {
          off();
          if (!this.compareRuns.includes(run)) return;
          const code = (err as { code?: unknown } | undefined)?.code;
          this.compareState.set(method, code === 'cancelled' ? 'cancelled' : describeFailure(err));
          this.showCompare();
        },
      );
      return run;
    });
    this.compareRuns = runs;
    this.showCompare();
  }

  private showCompare(): void {
    this.compareStatus.textContent = EPISODIC_METHODS
      .map((m) => `${EPISODIC_LABELS[m]}: ${this.compareState.get(m) ?? '–'}`)
      .join('; ');
    const finished = [...this.compareState.values()].filter((v) => !v.endsWith('%')).length;
    this.compareStatus.dataset.finished = String(finished);
  }
}
