// The "MAML 2D navigation, live adaptation" view (issue 7): one `maml-nav-live` run drawn as the
// navigation world — the goal, the trajectories before adaptation and after each gradient step
// (a slider picks the step), the mean return per step. A click (or the arrow keys on the focused
// world) sets a new goal: the values change like any control's, and a new run starts at once.
// Mode "es" draws each generation's ES population instead (one trajectory per member).

import type { Frame, Pool } from 'fastslow';
import { setOutputs, SingleRunView, type RunPanelHooks } from '../run-view.ts';
import { PALETTE } from '../palette.ts';
import type { Launch, MessageKind, RunUi } from '../runner.ts';
import { formatStat, numberOf, type AppState } from '../state.ts';
import { byId, el, swatch } from '../view.ts';
import { GOAL_RANGE, NavCanvas, navExtent, type Trajectories } from './nav-canvas.ts';
import { StepPlot } from './step-plot.ts';
import './maml.css';

export const NAV_VIEW = 'maml-nav-live';

/** What the MAML views need from main.ts besides the run panel: setting values as a control does. */
export interface MamlHooks extends RunPanelHooks {
  setValues(values: Readonly<Record<string, string>>): void;
}

/** Arrow keys move the goal by this much. */
const KEY_STEP = 0.05;

export function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** A goal coordinate as the URL holds it: clamped to the goal range, two decimals. */
export function goalText(v: number): string {
  const c = Math.min(GOAL_RANGE, Math.max(-GOAL_RANGE, v));
  return String(Math.round(c * 100) / 100);
}

export class NavView extends SingleRunView<MamlHooks> {
  private readonly section: HTMLElement;
  private readonly canvasNode: HTMLCanvasElement;
  private readonly canvas: NavCanvas;
  private readonly slider: HTMLInputElement;
  private readonly sliderLabel: HTMLLabelElement;
  private readonly sliderOut: HTMLOutputElement;
  private readonly caption: HTMLElement;
  private readonly summary: HTMLParagraphElement;
  private readonly plot: StepPlot;
  private latest: Frame | undefined;
  private follow = true;
  private launchedAt = 0;
  private elapsed: number | undefined;

  constructor(pool: Pool, runUi: RunUi, hooks: MamlHooks) {
    super(pool, runUi, hooks);
    this.canvasNode = el('canvas', {
      id: 'nav-world',
      tabindex: '0',
      role: 'img',
      'aria-label': 'Navigation world: click to set a goal (arrow keys move it)',
    });
    this.slider = el('input', { type: 'range', id: 'nav-step', min: '0', max: '0', step: '1', value: '0' });
    this.sliderLabel = el('label', { for: 'nav-step' }, 'Trajectories after step ');
    this.sliderOut = el('output', { for: 'nav-step', id: 'nav-step-out' }, '–');
    this.caption = el('figcaption', {}, 'Trajectories');
    this.summary = el('p', { id: 'nav-summary', class: 'message' });
    const plotNode = el('div', { id: 'nav-returns', class: 'plot', 'data-points': '0' });
    this.section = el(
      'div',
      { id: 'nav-cards', hidden: '' },
      el(
        'figure',
        { class: 'card' },
        this.caption,
        el('div', { class: 'canvas-box' }, this.canvasNode),
        el(
          'ul',
          { class: 'legend', 'aria-label': 'Legend' },
          el('li', {}, el('span', { class: 'glyph', 'aria-hidden': 'true' }, '★'), 'goal (click to move)'),
          el('li', {}, '● start (0, 0)'),
          el('li', {}, swatch('rgba(0, 114, 178, 0.6)'), 'trajectories of the step shown'),
          el('li', {}, swatch('#00446b'), 'their mean path'),
          el('li', {}, swatch('rgba(89, 97, 112, 0.35)'), 'before adaptation (step or generation 0)'),
        ),
        el('div', { class: 'maml-slider' }, this.sliderLabel, this.slider, ' ', this.sliderOut),
        this.summary,
      ),
      el(
        'figure',
        { class: 'card' },
        el('figcaption', {}, 'Mean return per step'),
        el('div', { class: 'plot-wrap' }, plotNode, el('p', { class: 'plot-empty', 'aria-hidden': 'true' }, 'The return per step appears here once a run starts.')),
      ),
    );
    this.placeCards(this.section);
    this.canvas = new NavCanvas(this.canvasNode, 'Click to set a goal, or press Run');
    this.plot = new StepPlot(plotNode, 'step', 'mean return', [{ label: 'mean return', color: PALETTE.estimate }]);
    this.slider.addEventListener('input', () => {
      this.follow = this.slider.value === this.slider.max;
      this.draw();
    });
    this.canvasNode.addEventListener('click', (e) => {
      const r = this.canvasNode.getBoundingClientRect();
      const [x, y] = this.canvas.toWorld(e.clientX - r.left, e.clientY - r.top);
      this.setGoal(x, y);
    });
    this.canvasNode.addEventListener('keydown', (e) => {
      const d: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      const move = d[e.key];
      if (!move) return;
      e.preventDefault();
      const [gx, gy] = this.goal();
      this.setGoal(gx + move[0] * KEY_STEP, gy + move[1] * KEY_STEP);
    });
  }

  protected override launches(): Launch[] | undefined {
    this.launchedAt = performance.now();
    this.elapsed = undefined;
    this.follow = true;
    return super.launches();
  }

  /** The runner counts batches of trajectories (steps + 1); say it in adaptation steps. */
  protected override runnerMessage(text: string, kind?: MessageKind): void {
    super.runnerMessage(this.finishedText(text), kind);
  }

  private finishedText(text: string): string {
    if (!text.startsWith('Finished')) return text;
    const n = this.latest?.arrays.returns?.length ?? 0;
    if (n === 0) return text;
    return `Finished: ${n - 1} ${this.es() ? 'generations' : 'adaptation steps'}, ${n} batches of trajectories.`;
  }

  private es(): boolean {
    return this.run.params.mode === 'es';
  }

  private goal(): [number, number] {
    const x = numberOf(this.run.params.goalX ?? ''), y = numberOf(this.run.params.goalY ?? '');
    return [Number.isFinite(x) ? x : 0, Number.isFinite(y) ? y : 0];
  }

  /** A new goal: the values change (URL, controls) and a run starts on it. */
  private setGoal(x: number, y: number): void {
    this.startOnNextChange();
    this.hooks.setValues({ goalX: goalText(x), goalY: goalText(y) });
  }

  protected stats(): { id: string; label: string }[] {
    return [
      { id: 'stat-nav-step', label: this.es() ? 'generation' : 'step' },
      { id: 'stat-nav-before', label: 'return before' },
      { id: 'stat-nav-after', label: 'return now' },
    ];
  }

  /** The step stat says generation in ES mode. */
  protected override valuesTaken(): void {
    const labels = document.querySelectorAll<HTMLElement>('#stats dt');
    if (labels[0]) labels[0].textContent = this.es() ? 'generation' : 'step';
  }

  override changed(state: AppState, byUser: boolean): void {
    super.changed(state, byUser);
    this.draw();
  }

  protected render(f: Frame | undefined): void {
    this.latest = f;
    const s = f?.scalars ?? {};
    const returns = f?.arrays.returns;
    const done = (s.step ?? 0) >= (s.steps ?? Infinity);
    if (f && done && this.elapsed === undefined) this.elapsed = performance.now() - this.launchedAt;
    const count = returns?.length ?? 0;
    this.slider.max = String(Math.max(0, count - 1));
    // Reduced motion: the slider does not step through the run, it shows the end once there.
    if (this.follow && (!reducedMotion() || done || count === 0)) this.slider.value = String(Math.max(0, count - 1));
    this.slider.disabled = count === 0;
    setOutputs({
      'stat-nav-step': f ? `${formatStat(Math.max(0, count - 1))} / ${formatStat((s.steps ?? 1) - 1)}` : undefined,
      'stat-nav-before': count > 0 ? formatStat(returns?.[0], 1) : undefined,
      'stat-nav-after': count > 0 ? formatStat(returns?.[count - 1], 1) : undefined,
    });
    const status = byId<HTMLElement>('status');
    status.dataset.returns = count > 0 ? Array.from(returns ?? []).map((r) => r.toFixed(3)).join(',') : '';
    status.dataset.goal = f ? `${s.goalX},${s.goalY}` : '';
    this.summary.textContent = this.summaryText(f, done);
    this.draw();
  }

  private summaryText(f: Frame | undefined, done: boolean): string {
    if (!f) return this.es()
      ? 'ES mode: each generation evaluates a population of perturbed policies, one trajectory each, and moves the policy towards the better ones.'
      : 'Click anywhere in the world to set a goal: the policy adapts to it from a batch of trajectories per gradient step.';
    const returns = f.arrays.returns;
    const n = returns?.length ?? 0;
    const pop = f.scalars.population ?? 0;
    const what = this.es() ? `${formatStat(pop)} population members per generation` : `${formatStat(pop)} trajectories per step`;
    if (!done || n === 0) return `Adapting to the goal (${formatStat(f.scalars.goalX)}, ${formatStat(f.scalars.goalY)}) from ${what}…`;
    const secs = (this.elapsed ?? 0) / 1000;
    return `Goal (${formatStat(f.scalars.goalX)}, ${formatStat(f.scalars.goalY)}): mean return ${formatStat(returns?.[0], 1)} before, ` +
      `${formatStat(returns?.[n - 1], 1)} after ${n - 1} ${this.es() ? 'generations' : 'steps'} (${what}); ` +
      `${secs.toFixed(2)} s from start to end at this playback speed.`;
  }

  private trajectories(k: number): Trajectories | undefined {
    const a = this.latest?.arrays;
    const paths = a?.[`paths${k}`], lengths = a?.[`lengths${k}`];
    return paths && lengths ? { paths, lengths } : undefined;
  }

  private extentCache: { frame: Frame | undefined; extent: number } = { frame: undefined, extent: 0.7 };

  /** One extent for the whole run (the slider does not rescale the world). */
  private extentOf(f: Frame | undefined): number {
    if (this.extentCache.frame !== f) {
      const n = f?.arrays.returns?.length ?? 0;
      this.extentCache = { frame: f, extent: navExtent(Array.from({ length: n }, (_, k) => f?.arrays[`paths${k}`])) };
    }
    return this.extentCache.extent;
  }

  private draw(): void {
    const f = this.latest;
    const es = this.es();
    const count = f?.arrays.returns?.length ?? 0;
    const k = Math.min(Number(this.slider.value), Math.max(0, count - 1));
    this.sliderLabel.textContent = es ? 'Population of generation ' : 'Trajectories after step ';
    this.sliderOut.value = count === 0 ? '–' : k === 0 ? (es ? '0 (start)' : '0 (before adaptation)') : `${k} of ${count - 1}`;
    this.caption.textContent = es ? 'ES population trajectories per generation' : 'Trajectories before and after adaptation';
    const goal: [number, number] = f ? [f.scalars.goalX ?? 0, f.scalars.goalY ?? 0] : this.goal();
    const shown = count > 0 ? this.trajectories(k) : undefined;
    this.canvas.set({ goal, es, extent: this.extentOf(f), ...(shown ? { shown } : {}), ...(k > 0 && count > 0 ? { before: this.trajectories(0) } : {}) });
    this.canvasNode.dataset.step = count > 0 ? String(k) : '';
    this.canvasNode.dataset.extent = String(this.extentOf(f));
    this.canvasNode.dataset.trajectories = shown ? String(shown.lengths.length) : '0';
    this.canvasNode.setAttribute(
      'aria-label',
      `Navigation world, goal (${goal[0]}, ${goal[1]})` +
        (shown ? `: ${shown.lengths.length} trajectories ${k === 0 ? 'before adaptation' : `after ${es ? 'generation' : 'step'} ${k}`}` : '') +
        '. Click to set a goal; arrow keys move it.',
    );
    this.plot.set([f?.arrays.returns], count > 0 ? k : -1);
  }
}
