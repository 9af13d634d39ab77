// What the views that run scenarios in the run panel share (live-view.ts, compare-view.ts,
// go-explore/go-explore-view.ts, and any new one): the hooks main.ts gives them, the status line's
// stats, showing the panel with the runner owning the toolbar, a failed run's report, and — for a
// view of ONE scenario run — its launch, validation and Enter / autoplay (SingleRun), and the
// controller around them (SingleRunView: the live bandit, MAML, Go-Explore, episodic and RL² views).

import type { Frame, Pool } from 'fastslow';
import { Runner, type Launch, type MessageKind, type RunUi } from './runner.ts';
import { formatStat, runParams, uniqueErrors, type AppState, type ParamError, type Speed, type ViewSpec } from './state.ts';
import { byId, describeFailure, el, MessageLine, type ViewController } from './view.ts';

export interface RunPanelHooks {
  /** Errors of a failed run (invalid parameters): shown next to the controls. */
  showErrors(errors: readonly ParamError[]): void;
  speed(): Speed;
}

/** The stats of the status line: label and output id. */
export function setStats(list: HTMLElement, stats: readonly { id: string; label: string }[]): void {
  list.replaceChildren(...stats.map((s) => el('div', {}, el('dt', {}, s.label), el('dd', {}, el('output', { id: s.id }, '–')))));
}

/** What showRunPanel needs of a view. */
export interface RunPanelView {
  readonly panel: HTMLElement;
  readonly message: MessageLine;
  readonly runner: Runner;
}

/**
 * The common start of a run view's show(): the panel shown and tagged with the view, the status
 * line's stats, the message cleared, the runner owning the toolbar at the page's speed.
 */
export function showRunPanel(view: RunPanelView, spec: ViewSpec, stats: readonly { id: string; label: string }[], hooks: RunPanelHooks): void {
  view.panel.hidden = false;
  view.panel.dataset.view = spec.id;
  const list = document.getElementById('stats');
  if (list) setStats(list, stats);
  view.message.set('');
  view.runner.activate(hooks.speed());
}

/** A failed run: invalid parameters next to their controls (once each), anything else in the message line. */
export function reportFailure(err: unknown, hooks: RunPanelHooks, message: MessageLine): void {
  const e = err as { code?: unknown; details?: unknown } | undefined;
  if (e?.code === 'invalid-params' && Array.isArray(e.details)) hooks.showErrors(uniqueErrors(e.details as ParamError[]));
  else message.set(describeFailure(err), 'error');
}

/** Enter in a field, or the embed's autoplay: go on from a pause, else start. */
export function submitRun(runner: Runner): void {
  if (runner.phase === 'paused') runner.onRun();
  else runner.start(false);
}

/**
 * A view of one run of its scenario: the current parameters, its launch and its validation by the
 * core. Keep one per view; `set` on show() and changed().
 */
export class SingleRun {
  spec: ViewSpec | undefined;
  params: Record<string, string> = {};

  /** `toRun`: the scenario's parameters of the view's values (default: the values themselves). */
  constructor(
    private readonly pool: Pool,
    private readonly toRun: (params: Record<string, string>) => Record<string, string> = (p) => p,
  ) {}

  set(spec: ViewSpec | undefined, state: AppState): void {
    this.spec = spec;
    if (spec) this.params = runParams([spec], state);
  }

  /** The run to start (RunnerHost.launches). */
  launches(): Launch[] | undefined {
    return this.spec?.scenario ? [{ scenario: this.spec.scenario, params: this.toRun(this.params) }] : undefined;
  }

  /** The core's verdict on these values (ViewController.validate). */
  async validate(state: AppState): Promise<ParamError[]> {
    if (!this.spec?.scenario) return [];
    const res = await this.pool.validate(this.spec.scenario, this.toRun(runParams([this.spec], state)));
    return res.ok ? [] : res.errors;
  }
}

/** Sets the status line's outputs (id → value; undefined shows '–', a number is formatted). */
export function setOutputs(values: Readonly<Record<string, number | string | undefined>>): void {
  for (const [id, v] of Object.entries(values)) {
    const out = document.getElementById(id) as HTMLOutputElement | null;
    if (out) out.value = v === undefined ? '–' : typeof v === 'number' ? formatStat(v) : v;
  }
}

/**
 * The controller of a view of ONE run of its scenario on the shared run panel (toolbar, status,
 * message): its Runner, its values (`run`), show / hide of its own cards, the status line's
 * stats, a changed value resetting or restarting the run, validation by the core, Enter / autoplay
 * and a failed run's report. Subclasses build their cards (ownCards), say their stats and draw a
 * frame; the hooks below let them add to a step without restating it.
 */
export abstract class SingleRunView<H extends RunPanelHooks = RunPanelHooks> implements ViewController {
  readonly panel = byId<HTMLElement>('run-panel');
  readonly message = new MessageLine(byId('message'));
  readonly runner: Runner;
  protected readonly run: SingleRun;
  /** The view's cards, shown while it is (ownCards). */
  private cards: readonly HTMLElement[] = [];
  /** The next change of values (made by the view itself, e.g. a click on its picture) starts a run. */
  private startOnChange = false;

  constructor(
    protected readonly pool: Pool,
    runUi: RunUi,
    protected readonly hooks: H,
    /** What the runner starts runs through (a view may wrap the pool's start). */
    runnerPool: Pool = pool,
  ) {
    this.run = new SingleRun(pool, (params) => this.runParamsOf(params));
    this.runner = new Runner(runnerPool, runUi, {
      launches: () => this.launches(),
      render: (frames) => this.render(frames[0]),
      failed: (err) => reportFailure(err, this.hooks, this.message),
      message: (text, kind) => this.runnerMessage(text, kind),
    });
  }

  /** The status line's stats while the view is shown. */
  protected abstract stats(): readonly { id: string; label: string }[];
  /** Draws a frame of the run (undefined: none yet). */
  protected abstract render(f: Frame | undefined): void;

  /** The scenario's parameters of the view's values (default: the values themselves). */
  protected runParamsOf(params: Record<string, string>): Record<string, string> {
    return params;
  }

  /** The cards shown while this view is (and hidden otherwise). */
  protected ownCards(...cards: HTMLElement[]): void {
    this.cards = cards;
  }

  /** The view's own section of cards, built here: placed after the status line and owned (ownCards). */
  protected placeCards(section: HTMLElement): void {
    byId<HTMLElement>('status').after(section);
    this.ownCards(section);
  }

  /** The run to start (RunnerHost.launches); a view may note the start. */
  protected launches(): Launch[] | undefined {
    return this.run.launches();
  }

  /** The runner's status messages ("Running…", "Finished: …"); a view may reword them. */
  protected runnerMessage(text: string, kind?: MessageKind): void {
    this.message.set(text, kind);
  }

  /** After the values were taken (show and changed), before the run is drawn or reset. */
  protected valuesTaken(): void {}

  /** The next change of values starts a run on them (call before setting them). */
  protected startOnNextChange(): void {
    this.startOnChange = true;
  }

  show(spec: ViewSpec, state: AppState): void {
    this.run.set(spec, state);
    for (const c of this.cards) c.hidden = false;
    showRunPanel(this, spec, this.stats(), this.hooks);
    this.valuesTaken();
    this.render(undefined);
  }

  hide(): void {
    this.runner.deactivate();
    for (const c of this.cards) c.hidden = true;
  }

  changed(state: AppState, byUser: boolean): void {
    this.run.set(this.run.spec, state);
    this.valuesTaken();
    if (this.startOnChange) {
      this.startOnChange = false;
      this.runner.start(false);
    } else if (byUser) {
      this.runner.settingsChanged();
    } else {
      this.runner.reset();
    }
  }

  validate(state: AppState): Promise<ParamError[]> {
    return this.run.validate(state);
  }

  submit(): void {
    submitRun(this.runner);
  }
}
