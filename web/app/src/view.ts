// What main.ts asks of each view's controller. main.ts owns the AppState, the URL, the view picker
// and the parameter controls; a controller owns its panel, its runs and how its values are checked.
// Shared by every view (shell.ts, generic): a landing card per view (catalog.ts), Copy link, Embed
// this, Results CSV / JSON (from `runner` or `results()`), a PNG button on each <figure> that
// draws into a canvas; long jobs show their progress with ProgressMeter (progress.ts; a Runner
// does it for its runs).

import type { ExportResults } from './export.ts';
import type { AppState, ParamError, ViewSpec } from './state.ts';

export interface ViewController {
  /** The panel beside the setup panel (shown only while the view is). */
  readonly panel: HTMLElement;
  /** The panel's status message line. */
  readonly message: MessageLine;
  /** The view became the shown one, with these values. */
  show(spec: ViewSpec, state: AppState): void;
  /** Another view is shown. */
  hide(): void;
  /**
   * The values changed: by a control (`byUser`), or by the URL (back / forward, an edited address).
   */
  changed(state: AppState, byUser: boolean): void;
  /** Problems with these values, each naming its parameter (core, library and app checks). */
  validate(state: AppState): Promise<ParamError[]>;
  /** Enter in a field / the form was submitted; also the embed page's autoplay. */
  submit(): void;
  /**
   * Results to export as CSV / JSON (shell.ts), undefined while there are none. Optional: a view
   * with a `runner` (runner.ts) exports its finished runs without it. Dispatch RESULTS_EVENT
   * (runner.ts) on document when the answer changes.
   */
  results?(): ExportResults | undefined;
}

/** The status message line of a panel: 'error' messages are cleared once the values validate. */
export class MessageLine {
  constructor(private readonly node: HTMLElement) {}

  set(text: string, kind: 'info' | 'warning' | 'error' = 'info'): void {
    this.node.textContent = text;
    this.node.classList.toggle('error', kind !== 'info');
    this.node.dataset.kind = kind;
  }

  clearError(): void {
    if (this.node.dataset.kind === 'error') this.set('');
  }

  get kind(): string | undefined {
    return this.node.dataset.kind;
  }
}

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html lacks #${id}`);
  return node as T;
}

/** Creates an element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/**
 * A legend key in `colour`: filled, or `hollow` (white inside a 2 px ring); `round` for a dot.
 * Coloured through the CSSOM, not a style attribute (a host page's strict style-src CSP blocks those).
 */
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

export function describeFailure(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const text = err instanceof Error ? err.message : String(err);
  if (code === 'worker-crashed') return `The worker running this computation crashed (${text}). Press Run to try again.`;
  return typeof code === 'string' ? `Run failed (${code}): ${text}` : `Run failed: ${text}`;
}
