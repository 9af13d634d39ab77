// What the three RL² views share: one Runner on the shared run panel (toolbar, status, message),
// a section of cards of their own placed after the status, the stats of the status line, and
// validation through the core. Subclasses say what to launch and how to draw a frame.

import type { Frame, Pool } from 'fastslow';
import { setStats, type RunPanelHooks } from '../live-view.ts';
import { Runner, type Launch, type MessageKind, type RunUi } from '../runner.ts';
import { formatStat, runParams, type AppState, type ParamError, type ViewSpec } from '../state.ts';
import { byId, describeFailure, el, MessageLine, type ViewController } from '../view.ts';

export abstract class Rl2RunView implements ViewController {
  readonly panel = byId<HTMLElement>('run-panel');
  readonly message = new MessageLine(byId('message'));
  readonly runner: Runner;
  protected readonly section: HTMLElement;
  protected spec: ViewSpec | undefined;
  protected state: AppState | undefined;
  protected params: Record<string, string> = {};

  constructor(
    protected readonly pool: Pool,
    runUi: RunUi,
    protected readonly hooks: RunPanelHooks,
    sectionId: string,
    private readonly stats: readonly { id: string; label: string }[],
    runnerPool: Pool = pool,
  ) {
    this.section = el('div', { id: sectionId, class: 'rl2-cards', hidden: '' });
    byId<HTMLElement>('status').after(this.section);
    this.runner = new Runner(runnerPool, runUi, {
      launches: () => this.launches(),
      render: (frames) => this.render(frames[0]),
      failed: (err) => this.failed(err),
      message: (text, kind) => this.runnerMessage(text, kind),
    });
  }

  /** The runner's status messages ("Running…", "Finished: …"); a view may reword them. */
  protected runnerMessage(text: string, kind?: MessageKind): void {
    this.message.set(text, kind);
  }

  /** The rl2-live / rl2-train parameters of these values. */
  protected abstract runParamsOf(params: Record<string, string>): Record<string, string>;
  protected abstract render(f: Frame | undefined): void;

  protected launches(): Launch[] | undefined {
    return this.spec?.scenario ? [{ scenario: this.spec.scenario, params: this.runParamsOf(this.params) }] : undefined;
  }

  show(spec: ViewSpec, state: AppState): void {
    this.spec = spec;
    this.state = state;
    this.params = runParams([spec], state);
    this.panel.hidden = false;
    this.panel.dataset.view = spec.id;
    this.section.hidden = false;
    setStats(byId('stats'), this.stats);
    this.message.set('');
    this.runner.activate(this.hooks.speed());
    this.render(undefined);
  }

  hide(): void {
    this.runner.deactivate();
    this.section.hidden = true;
  }

  changed(state: AppState, byUser: boolean): void {
    this.state = state;
    if (this.spec) this.params = runParams([this.spec], state);
    if (byUser) this.runner.settingsChanged();
    else this.runner.reset();
  }

  async validate(state: AppState): Promise<ParamError[]> {
    if (!this.spec?.scenario) return [];
    const res = await this.pool.validate(this.spec.scenario, this.runParamsOf(runParams([this.spec], state)));
    return res.ok ? [] : res.errors;
  }

  submit(): void {
    if (this.runner.phase === 'paused') this.runner.onRun();
    else this.runner.start(false);
  }

  protected failed(err: unknown): void {
    const details = (err as { code?: unknown; details?: unknown } | undefined)?.details;
    if ((err as { code?: unknown } | undefined)?.code === 'invalid-params' && Array.isArray(details)) {
      this.hooks.showErrors(details as ParamError[]);
    } else {
      this.message.set(describeFailure(err), 'error');
    }
  }

  /** Sets the status line's outputs (id → value; undefined shows '–'). */
  protected setOutputs(values: Readonly<Record<string, number | string | undefined>>): void {
    for (const [id, v] of Object.entries(values)) {
      const out = document.getElementById(id) as HTMLOutputElement | null;
      if (out) out.value = v === undefined ? '–' : typeof v === 'number' ? formatStat(v) : v;
    }
  }
}

/** A figure card: caption, then its content. */
export function card(caption: string, ...children: (Node | string)[]): HTMLElement {
  return el('figure', { class: 'card' }, el('figcaption', {}, caption), ...children);
}

/** A canvas in its box, with a role and a label for screen readers. */
export function canvasBox(id: string, label: string): { box: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = el('canvas', { id, role: 'img', 'aria-label': label });
  return { box: el('div', { class: 'canvas-box' }, canvas), canvas };
}

/** A legend swatch coloured through the CSSOM (a strict style-src CSP blocks style attributes). */
export function swatch(colour: string, round = false, hollow = false): HTMLElement {
  const key = el('span', { class: 'key', 'aria-hidden': 'true' });
  key.style.background = hollow ? '#ffffff' : colour;
  if (hollow) {
    key.style.border = `2px solid ${colour}`;
    key.style.boxSizing = 'border-box';
  }
  if (round) key.style.borderRadius = '50%';
  return key;
}
