// What the views that run scenarios in the run panel share (live-view.ts, compare-view.ts,
// go-explore/go-explore-view.ts, and any new one): the hooks main.ts gives them, the status line's
// stats, showing the panel with the runner owning the toolbar, a failed run's report, and — for a
// view of ONE scenario run — its launch, validation and Enter / autoplay.

import type { Pool } from 'fastslow';
import type { Launch, Runner } from './runner.ts';
import { runParams, uniqueErrors, type AppState, type ParamError, type Speed, type ViewSpec } from './state.ts';
import { describeFailure, el, type MessageLine } from './view.ts';

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

  constructor(private readonly pool: Pool) {}

  set(spec: ViewSpec | undefined, state: AppState): void {
    this.spec = spec;
    if (spec) this.params = runParams([spec], state);
  }

  /** The run to start (RunnerHost.launches). */
  launches(): Launch[] | undefined {
    return this.spec?.scenario ? [{ scenario: this.spec.scenario, params: this.params }] : undefined;
  }

  /** The core's verdict on these values (ViewController.validate). */
  async validate(state: AppState): Promise<ParamError[]> {
    if (!this.spec?.scenario) return [];
    const res = await this.pool.validate(this.spec.scenario, runParams([this.spec], state));
    return res.ok ? [] : res.errors;
  }
}
