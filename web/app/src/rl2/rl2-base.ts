// What the three RL² views share beyond any single-run view (run-view.ts SingleRunView): a
// section of cards of their own placed after the status, the stats of the status line given at
// construction. Subclasses say the rl2-live parameters of the view's values (runParamsOf) and how
// to draw a frame.

import type { Pool } from 'fastslow';
import type { RunUi } from '../runner.ts';
import { SingleRunView, type RunPanelHooks } from '../run-view.ts';
import { byId, el } from '../view.ts';

export abstract class Rl2RunView extends SingleRunView {
  protected readonly section: HTMLElement;

  constructor(
    pool: Pool,
    runUi: RunUi,
    hooks: RunPanelHooks,
    sectionId: string,
    private readonly statList: readonly { id: string; label: string }[],
    runnerPool: Pool = pool,
  ) {
    super(pool, runUi, hooks, runnerPool);
    this.section = el('div', { id: sectionId, class: 'rl2-cards', hidden: '' });
    byId<HTMLElement>('status').after(this.section);
    this.ownCards(this.section);
  }

  protected stats(): readonly { id: string; label: string }[] {
    return this.statList;
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
