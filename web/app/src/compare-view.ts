// The comparison view: 2–4 bandit-live policies on the same seeded tasks. Per policy a panel with
// the posteriors, pulls and index of every arm on the first task; one regret plot with a curve per
// policy and its 95% band over all tasks. The runs are one Runner group (policy-major: the tasks of
// the first policy, then of the second...), so Run / Pause / Step / speed act on all at once.

import type { Frame, Pool } from 'fastslow';
import { ComparePlot, curveStyle, type CurveStyle } from './compare-plot.ts';
import { regretBand, stepGrid, successesOf, type Band } from './compare-model.ts';
import { reportFailure, showRunPanel, submitRun, type RunPanelHooks } from './run-view.ts';
import { PosteriorView, type PosteriorData } from './posterior-view.ts';
import { Runner, type RunUi } from './runner.ts';
import {
  checkLocalParams,
  compareRuns,
  formatStat,
  numberOf,
  policyLabel,
  POLICIES_PARAM,
  setItems,
  uniqueErrors,
  type AppState,
  type CompareRun,
  type ParamError,
  type ViewSpec,
} from './state.ts';
import { byId, el, MessageLine, type ViewController } from './view.ts';

/** What each policy's index is, in a student's words. */
const INDEX_MEANING: Readonly<Record<string, string>> = {
  random: 'Index: the estimate (s+1)/(n+2), unused — random picks any arm.',
  greedy: 'Index: the estimate (s+1)/(n+2); greedy pulls the highest.',
  'epsilon-greedy': 'Index: the estimate (s+1)/(n+2); the highest is pulled, except on a random (ε) pull.',
  ucb1: 'Index: UCB value, estimate + c·√(2 ln t / n); the highest is pulled — rarely pulled arms get a bonus.',
  thompson: 'Index: one draw from each posterior; the highest draw is pulled.',
  'optimistic-thompson': 'Index: max(posterior draw, posterior mean); the highest is pulled.',
  gittins: 'Index: the Gittins index of the posterior (value of trying the arm, learning included); the highest is pulled.',
};

interface Panel {
  readonly policy: string;
  readonly root: HTMLElement;
  readonly stats: HTMLElement;
  readonly note: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly view: PosteriorView;
}

export class CompareView implements ViewController {
  readonly panel = byId<HTMLElement>('run-panel');
  readonly message = new MessageLine(byId('message'));
  readonly runner: Runner;
  private readonly ui = {
    status: byId<HTMLDivElement>('status'),
    card: byId<HTMLElement>('compare-card'),
    plot: byId<HTMLDivElement>('compare-plot'),
    legend: byId<HTMLUListElement>('compare-legend'),
    panels: byId<HTMLElement>('compare-panels'),
    section: byId<HTMLElement>('compare-panels-section'),
    reveal: byId<HTMLInputElement>('compare-reveal'),
    caption: byId<HTMLElement>('compare-panels-caption'),
  };
  private readonly plot: ComparePlot;
  private spec: ViewSpec | undefined;
  private state: AppState | undefined;
  private panels: Panel[] = [];
  /** The runs of the group now running (their policies and tasks), in launch order. */
  private launched: CompareRun[] = [];
  private launchedPolicies: string[] = [];
  private tasks = 1;

  constructor(
    private readonly pool: Pool,
    runUi: RunUi,
    private readonly hooks: RunPanelHooks,
  ) {
    this.plot = new ComparePlot(this.ui.plot);
    this.runner = new Runner(pool, runUi, {
      launches: () => this.launches(),
      render: (frames) => this.render(frames),
      failed: (err) => reportFailure(err, this.hooks, this.message),
      message: (text, kind) => this.message.set(text, kind),
    });
    this.ui.reveal.addEventListener('change', () => {
      for (const p of this.panels) p.view.setReveal(this.ui.reveal.checked);
    });
  }

  show(spec: ViewSpec, state: AppState): void {
    this.spec = spec;
    this.state = state;
    this.ui.card.hidden = false;
    this.ui.section.hidden = false;
    showRunPanel(this, spec, [
      { id: 'stat-step', label: 'step' },
      { id: 'stat-runs', label: 'runs' },
    ], this.hooks);
    this.preview();
  }

  hide(): void {
    this.runner.deactivate();
    this.ui.card.hidden = true;
    this.ui.section.hidden = true;
  }

  changed(state: AppState, byUser: boolean): void {
    this.state = state;
    if (byUser) this.runner.settingsChanged();
    else this.runner.reset();
    if (!this.runner.running) this.preview();
  }

  async validate(state: AppState): Promise<ParamError[]> {
    const spec = this.spec;
    if (!spec?.scenario) return [];
    const local = checkLocalParams(spec, state.values);
    // The core checks the rest, once per policy (some checks depend on it: Gittins limits steps).
    const policies = local.some((e) => e.param === POLICIES_PARAM) ? [] : setItems(state.values[POLICIES_PARAM] ?? '');
    const runs = compareRuns(spec, { ...state.values, [POLICIES_PARAM]: policies.join(','), tasks: '1' });
    const results = await Promise.all(runs.map((r) => this.pool.validate(spec.scenario!, r.params)));
    const core = results.flatMap((res) => (res.ok ? [] : res.errors));
    return uniqueErrors([...local, ...core]);
  }

  submit(): void {
    submitRun(this.runner);
  }

  private launches(): { scenario: string; params: Record<string, string> }[] | undefined {
    const spec = this.spec;
    const state = this.state;
    if (!spec?.scenario || !state) return undefined;
    const local = checkLocalParams(spec, state.values);
    if (local.length > 0) {
      this.hooks.showErrors(local);
      return undefined;
    }
    const runs = compareRuns(spec, state.values);
    this.launched = runs;
    this.launchedPolicies = [...new Set(runs.map((r) => r.policy))];
    this.tasks = Math.max(1, runs.length / Math.max(1, this.launchedPolicies.length));
    this.buildPanels(this.launchedPolicies);
    return runs.map((r) => ({ scenario: spec.scenario!, params: r.params }));
  }

  /** Not running: panels and legend for the policies now chosen, empty. */
  private preview(): void {
    const spec = this.spec;
    const state = this.state;
    if (!spec || !state) return;
    const chosen = setItems(state.values[POLICIES_PARAM] ?? '');
    const known = chosen.filter((p) => spec.params.find((q) => q.name === POLICIES_PARAM)?.choices?.includes(p));
    this.launchedPolicies = known;
    this.launched = [];
    this.buildPanels(known);
    this.render([]);
  }

  private styles(): CurveStyle[] {
    return this.launchedPolicies.map((p, i) => curveStyle(i, policyLabel(p)));
  }

  private buildPanels(policies: readonly string[]): void {
    const same = policies.length === this.panels.length && policies.every((p, i) => this.panels[i]?.policy === p);
    this.plot.setCurves(policies.map((p, i) => curveStyle(i, policyLabel(p))));
    if (same) return;
    for (const p of this.panels) p.view.dispose();
    this.panels = policies.map((policy, i) => {
      const style = curveStyle(i, policyLabel(policy));
      const canvas = el('canvas', { role: 'img', 'aria-label': `Posterior view of ${policyLabel(policy)}` });
      const stats = el('span', { class: 'panel-stats' });
      const note = el('p', { class: 'panel-note' }, INDEX_MEANING[policy] ?? '');
      const root = el(
        'figure',
        { class: 'card policy-panel', 'data-policy': policy },
        el('figcaption', {}, swatch(style), el('span', { class: 'panel-title' }, policyLabel(policy)), stats),
        el('div', { class: 'canvas-box' }, canvas),
        note,
      );
      const view = new PosteriorView(canvas, 'Press Run, or Step to go one pull at a time');
      view.setReveal(this.ui.reveal.checked);
      return { policy, root, stats, note, canvas, view };
    });
    this.ui.panels.replaceChildren(...this.panels.map((p) => p.root));
  }

  private render(frames: readonly (Frame | undefined)[]): void {
    const policies = this.launchedPolicies;
    const running = frames.length > 0 && this.launched.length === frames.length;
    const tasks = running ? this.tasks : 0;
    const state = this.state;
    const priorA = finiteOr(numberOf(state?.values.priorA ?? ''), 1);
    const priorB = finiteOr(numberOf(state?.values.priorB ?? ''), 1);

    // Status line.
    const first = frames.find((f) => f !== undefined);
    const steps = first?.scalars.steps;
    let minStep: number | undefined;
    if (running) for (const f of frames) minStep = Math.min(minStep ?? Infinity, f?.scalars.step ?? 0);
    const stepOut = document.getElementById('stat-step') as HTMLOutputElement | null;
    const runsOut = document.getElementById('stat-runs') as HTMLOutputElement | null;
    setText(stepOut, running && first ? `${formatStat(minStep)} / ${formatStat(steps)}` : '–');
    setText(runsOut, running ? `${policies.length} policies × ${tasks} task${tasks === 1 ? '' : 's'}` : '–');
    this.ui.status.dataset.step = running && first && minStep !== undefined ? String(minStep) : '';

    // Regret: one band per policy over its tasks.
    const grid = stepGrid(steps ?? 1);
    const bands: Band[] = policies.map((_, p) => {
      const curves = [];
      for (let t = 0; t < tasks; t++) {
        const f = frames[p * tasks + t];
        const xs = f?.arrays.regretX;
        const ys = f?.arrays.regretY;
        curves.push({ xs: xs ?? new Float64Array(0), ys: ys ?? new Float64Array(0) });
      }
      return regretBand(curves, grid, 0); // pseudo-regret is never negative
    });
    this.plot.setCurves(this.styles());
    if (running && steps !== undefined) this.plot.set(grid, bands);
    else this.plot.clear();
    this.renderLegend(grid, bands, tasks);

    // Panels: the first task of each policy.
    this.panels.forEach((panel, p) => {
      const f = running ? frames[p * tasks] : undefined;
      const data = f ? posteriorData(f, priorA, priorB) : undefined;
      panel.view.set(data);
      panel.canvas.dataset.pulls = data ? Array.from(data.pulls).join(',') : '';
      panel.canvas.dataset.index = data?.index ? Array.from(data.index).join(',') : '';
      panel.canvas.dataset.lastArm = data ? String(data.lastArm) : '';
      panel.canvas.dataset.bestArm = data ? String(data.bestArm) : '';
      panel.root.dataset.hasIndex = f ? String(f.arrays.index !== undefined) : '';
      const s = f?.scalars;
      setText(
        panel.stats,
        s ? `task seed ${this.launched[p * tasks]?.params.seed ?? ''} · reward ${formatStat(s.totalReward)} · regret ${formatStat(s.cumRegret)}` : '',
      );
      const explored = data?.index && data.lastArm >= 0 && (s?.step ?? 0) > 0 ? explorationNote(panel.policy, data) : '';
      setText(panel.note, `${INDEX_MEANING[panel.policy] ?? ''}${explored}${f && !f.arrays.index ? ' (This core sends no index.)' : ''}`);
    });
    const seed = state?.values.seed ?? '';
    setText(this.ui.caption, running
      ? `Task seed ${this.launched[0]?.params.seed ?? seed}, the same task for every policy: ◆ index at the last pull, ▲ arm pulled, ★ best arm.`
      : 'Each panel shows the first task (same seed, same task for every policy): ◆ index at the last pull, ▲ arm pulled, ★ best arm.');
  }

  private renderLegend(grid: Float64Array, bands: readonly Band[], tasks: number): void {
    const legend = this.ui.legend;
    const policies = this.launchedPolicies;
    const key = policies.join(',');
    // Built when the policies change; afterwards only its texts change (no layout per frame).
    if (legend.dataset.policies !== key) {
      legend.dataset.policies = key;
      legend.replaceChildren(
        ...policies.map((policy, i) => el('li', { 'data-policy': policy }, swatch(curveStyle(i, policyLabel(policy))), el('span'))),
        el('li', { class: 'legend-note' }),
      );
    }
    const items = Array.from(legend.children);
    policies.forEach((policy, i) => {
      const b = bands[i];
      const at = b && b.reached >= 0 ? b.reached : -1;
      const mean = at >= 0 ? b?.mean[at] : null;
      const hi = at >= 0 ? b?.hi[at] : null;
      let text = policyLabel(policy);
      if (mean !== null && mean !== undefined) {
        const half = hi !== null && hi !== undefined ? hi - mean : undefined;
        text += ` — ${formatStat(mean, 1)}${half !== undefined ? ` ± ${formatStat(half, 1)}` : ''} at pull ${formatStat(grid[at])}`;
      }
      setText(items[i]?.lastElementChild, text);
    });
    setText(
      items[policies.length],
      tasks > 1 ? `mean of ${tasks} tasks; bands: 95% (±1.96 SE)` : tasks === 1 ? 'one task: no band (set tasks above 1)' : '',
    );
  }
}

/** Sets a node's text only when it changes (an unchanged text node costs no style or layout). */
function setText(node: Element | null | undefined, text: string): void {
  if (node && node.textContent !== text) node.textContent = text;
}

function finiteOr(v: number, fallback: number): number {
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function posteriorData(f: Frame, priorA: number, priorB: number): PosteriorData | undefined {
  const { pulls, trueP, index } = f.arrays;
  const successes = successesOf(f.arrays);
  if (!pulls || !trueP || !successes) return undefined;
  return {
    pulls,
    successes,
    priorA,
    priorB,
    index,
    trueP,
    bestArm: f.scalars.bestArm ?? -1,
    lastArm: f.scalars.lastArm ?? -1,
    step: f.scalars.step ?? 0,
  };
}

/** Says so when the pulled arm was not the one with the highest index (ε-greedy, random). */
function explorationNote(policy: string, d: PosteriorData): string {
  const index = d.index;
  if (!index) return '';
  const top = Math.max(...Array.from(index));
  if ((index[d.lastArm] ?? -Infinity) >= top) return '';
  const why = policy === 'random' ? 'random pick' : policy === 'epsilon-greedy' ? 'exploring (ε)' : 'not the highest index';
  return ` Last pull: arm ${d.lastArm}, ${why}.`;
}

/** A legend key: a short line in the curve's colour and dash pattern (an inline SVG). */
function swatch(style: CurveStyle): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '10');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('swatch');
  const line = document.createElementNS(ns, 'line');
  line.setAttribute('x1', '1');
  line.setAttribute('x2', '27');
  line.setAttribute('y1', '5');
  line.setAttribute('y2', '5');
  line.setAttribute('stroke', style.color);
  line.setAttribute('stroke-width', '3');
  if (style.dash.length > 0) line.setAttribute('stroke-dasharray', style.dash.join(' '));
  svg.append(line);
  return svg;
}
