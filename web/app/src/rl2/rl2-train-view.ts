// "RL²: train it yourself" (issue 4, Playground; issue 8, checkpoints): one rl2-train run (PPO on
// bandits of n ≤ 10 pulls) with its learning curve live — mean total reward per training trial
// against environment steps, beside uniform random play (n/2) and, for the paper's settings, the
// paper's Gittins value. "Save checkpoint" downloads the run's checkpoint (the library's
// run.checkpoint(): weights, Adam state, generator, learning curve, at the start of the iteration
// in progress); "Load checkpoint" resumes one (pool.resume) and continues exactly as the saved run
// would have. The URL follows the checkpoint's parameters.

import { paperValue, type Frame, type Pool, type RunHandle, type StartOptions } from 'fastslow';
import type { RunPanelHooks } from '../live-view.ts';
import type { MessageKind, RunUi } from '../runner.ts';
import { download } from '../export.ts';
import { formatHash, formatStat, type AppState } from '../state.ts';
import { el } from '../view.ts';
import { setOutputs } from '../run-view.ts';
import { card, Rl2RunView } from './rl2-base.ts';
import { legendItem, LinePlot } from './line-plot.ts';
import { checkpointInfo, checkpointName, RL2_TRAIN } from './rl2-model.ts';

export class Rl2TrainView extends Rl2RunView {
  private readonly curve: LinePlot;
  private readonly curveNode: HTMLElement;
  private readonly saveButton: HTMLButtonElement;
  private readonly loadInput: HTMLInputElement;
  private readonly checkpointStatus: HTMLElement;
  private readonly referenceNote: HTMLElement;
  /** The run the runner drives (captured as it starts), for its checkpoint. */
  private handle: RunHandle | undefined;
  /** A checkpoint's text to resume instead of starting fresh (the next start takes it). */
  private pending: string | undefined;
  private iteration = 0;
  /** The handle's run has not ended (it can give a checkpoint). */
  private handleLive = false;
  private envSteps = 0;

  constructor(pool: Pool, runUi: RunUi, hooks: RunPanelHooks) {
    // The runner starts runs through this: a fresh run, or the loaded checkpoint's.
    const starter = {
      start: (scenario: string, params: Record<string, unknown>, opts?: StartOptions): RunHandle => {
        const text = this.pending;
        this.pending = undefined;
        const handle = text !== undefined ? pool.resume(text, opts) : pool.start(scenario, params, opts);
        this.handle = handle;
        this.handleLive = true;
        // An ended run has no checkpoint: Save is off from then on.
        const ended = (): void => {
          if (this.handle !== handle) return;
          this.handleLive = false;
          this.saveButton.disabled = true;
        };
        handle.result.then(ended, ended);
        return handle;
      },
    } as unknown as Pool;
    super(
      pool,
      runUi,
      hooks,
      'rl2-train-cards',
      [
        { id: 'stat-train-iteration', label: 'iteration' },
        { id: 'stat-train-steps', label: 'env steps' },
        { id: 'stat-train-return', label: 'mean reward / trial' },
      ],
      starter,
    );
    this.curveNode = el('div', { id: 'rl2-curve', class: 'plot', 'data-points': '0' });
    this.saveButton = el('button', { type: 'button', id: 'rl2-save' }, 'Save checkpoint');
    this.loadInput = el('input', { type: 'file', id: 'rl2-load', accept: '.json,application/json' });
    this.checkpointStatus = el('p', { id: 'rl2-checkpoint-status', class: 'message', role: 'status', 'aria-live': 'polite' });
    this.referenceNote = el('p', { class: 'legend' });
    this.section.append(
      card(
        'Learning curve',
        el('div', { class: 'plot-wrap' }, this.curveNode),
        el(
          'ul',
          { class: 'legend', 'aria-label': 'Curves' },
          legendItem(document, 0, 'mean total reward per training trial (solid)'),
          legendItem(document, 'reference', 'uniform random play, n/2 (grey dots)'),
          legendItem(document, 2, 'Gittins index, the paper’s Table 1 value (dotted; n=10, k ∈ {5, 10, 50})'),
        ),
        this.referenceNote,
      ),
      card(
        'Checkpoints',
        el(
          'p',
          { class: 'legend' },
          'A checkpoint holds the weights, the optimizer and generator state and the curve, as of the start of the iteration in progress. Loading one continues the run exactly as it would have gone on.',
        ),
        el('div', { class: 'toolbar' }, this.saveButton, el('label', { for: 'rl2-load', class: 'file-label' }, 'Load checkpoint '), this.loadInput),
        this.checkpointStatus,
      ),
    );
    this.curve = new LinePlot(this.curveNode, 'environment steps', 'mean total reward', [
      { label: 'RL² in training', style: 0 },
      { label: 'random', style: 'reference' },
      { label: 'Gittins (paper)', style: 2 },
    ]);
    this.saveButton.addEventListener('click', () => void this.save());
    this.loadInput.addEventListener('change', () => {
      const file = this.loadInput.files?.[0];
      if (file) void this.load(file);
      this.loadInput.value = '';
    });
  }

  protected override runnerMessage(text: string, kind?: MessageKind): void {
    // The runner counts work units (batch time steps and gradient steps); say what they mean.
    super.runnerMessage(text.startsWith('Finished') ? `Finished: ${formatStat(this.iteration)} PPO iterations, ${formatStat(this.envSteps)} environment steps.` : text, kind);
  }

  override hide(): void {
    super.hide();
    this.pending = undefined;
  }

  protected render(f: Frame | undefined): void {
    const s = f?.scalars ?? {};
    const a = f?.arrays;
    this.iteration = s.iteration ?? 0;
    this.envSteps = s.envSteps ?? 0;
    setOutputs({
      'stat-train-iteration': f ? `${formatStat(s.iteration)} of ${formatStat(s.iterations)}` : undefined,
      'stat-train-steps': f ? s.envSteps : undefined,
      'stat-train-return': f && (s.iteration ?? 0) > 0 ? Number((s.meanReturn ?? 0).toFixed(3)) : undefined,
    });
    const status = document.getElementById('status');
    if (status) status.dataset.iteration = f ? String(s.iteration) : '';
    const live = this.handleLive && (this.runner.phase === 'running' || this.runner.phase === 'paused');
    this.saveButton.disabled = !live || !f;
    const n = Number(this.run.params.n), k = Number(this.run.params.k);
    const paper = Number.isFinite(n) && Number.isFinite(k) ? paperValue({ n, k }, 'gittins') : undefined;
    this.referenceNote.textContent =
      paper === undefined
        ? `No paper value for n=${this.run.params.n}, k=${this.run.params.k} (Table 1 has n=10 with k = 5, 10, 50).`
        : `Paper, n=${n}, k=${k}: Gittins ${paper}, RL² ${paperValue({ n, k }, 'rl2') ?? '–'}.`;
    const xs = a?.curveSteps, ys = a?.curveReturn;
    // The curve's numbers, for tests and the curious (exact decimal text of each value).
    this.curveNode.dataset.curve = ys ? JSON.stringify(Array.from(ys)) : '[]';
    this.curveNode.dataset.curveSteps = xs ? JSON.stringify(Array.from(xs)) : '[]';
    if (!xs || !ys || xs.length === 0) {
      this.curve.clear();
      return;
    }
    this.curve.set(xs, [ys, Number.isFinite(n) ? n / 2 : undefined, paper]);
  }

  private async save(): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    try {
      const text = await handle.checkpoint();
      const info = checkpointInfo(text);
      const iteration = iterationOf(text) ?? this.iteration;
      download(checkpointName(info?.params ?? this.run.params, iteration), text, 'application/json');
      this.checkpointStatus.textContent = `Saved a checkpoint at iteration ${iteration} (${Math.round(text.length / 1024)} KB).`;
      this.checkpointStatus.dataset.saved = String(iteration);
    } catch (err) {
      this.checkpointStatus.textContent = `No checkpoint: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  private async load(file: File): Promise<void> {
    const spec = this.run.spec;
    if (!spec) return;
    const text = await file.text();
    const info = checkpointInfo(text);
    if (!info || info.scenario !== RL2_TRAIN) {
      const what = info ? `a checkpoint of ${info.scenario}, not of ${RL2_TRAIN}` : 'not a fastslow checkpoint (JSON with format "fastslow-checkpoint")';
      this.checkpointStatus.textContent = `Could not load ${file.name}: ${what}.`;
      return;
    }
    const values: Record<string, string> = {};
    for (const p of spec.params) values[p.name] = info.params[p.name] ?? this.run.params[p.name] ?? String(p.default);
    const next: AppState = { view: spec.id, values };
    const hash = formatHash([spec], next);
    const iteration = iterationOf(text);
    const go = (): void => {
      this.pending = text;
      this.runner.start(false);
      this.checkpointStatus.textContent = `Resumed ${file.name} at iteration ${iteration ?? '?'}.`;
      this.checkpointStatus.dataset.resumed = String(iteration ?? '');
    };
    if (location.hash !== hash) {
      // The URL (and so the controls) take the checkpoint's parameters first; the playground then
      // resets this view's run (a new state), after which the resumed run starts.
      window.addEventListener('hashchange', () => window.setTimeout(go, 0), { once: true });
      location.hash = hash;
    } else {
      go();
    }
  }
}

/** The trainer's iteration in a checkpoint's text (undefined when absent). */
function iterationOf(text: string): number | undefined {
  try {
    const it = (JSON.parse(text) as { state?: { trainer?: { iteration?: unknown } } }).state?.trainer?.iteration;
    return typeof it === 'number' ? it : undefined;
  } catch {
    return undefined;
  }
}
