// What the three RL² views share beyond any single-run view (run-view.ts SingleRunView): a
// section of cards of their own placed after the status, the stats of the status line given at
// construction. Subclasses say the rl2-live parameters of the view's values (runParamsOf) and how
// to draw a frame.

import type { Frame, Pool } from 'fastslow';
import type { RunUi } from '../runner.ts';
import { SingleRunView, type RunPanelHooks } from '../run-view.ts';
import { el, swatch } from '../view.ts';
import { HiddenCanvas, ProbsCanvas, type ProbsPicture } from './rl2-canvases.ts';

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
    this.placeCards(this.section);
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

/**
 * The two cards of an rl2-live view on the policy itself: its action probabilities at every step
 * (legend: the shade, then `marks`) and its GRU state's path projected on two principal
 * components (PCA in the core), with `hiddenText` under it.
 */
export class PolicyCards {
  readonly cards: HTMLElement[];
  private readonly probs: ProbsCanvas;
  private readonly hidden: HiddenCanvas;

  constructor(
    ids: { probs: string; hidden: string },
    labels: { probs: string; hidden: string },
    probsCaption: string,
    marks: readonly HTMLElement[],
    hiddenText: string,
  ) {
    const probs = canvasBox(ids.probs, labels.probs);
    const hidden = canvasBox(ids.hidden, labels.hidden);
    this.cards = [
      card(
        probsCaption,
        probs.box,
        el('ul', { class: 'legend', 'aria-label': 'Legend' }, el('li', {}, swatch('rgba(0, 114, 178, 0.9)'), 'darker: more probable (shade ∝ √p)'), ...marks),
      ),
      card('RL²’s hidden state over the trial', hidden.box, el('p', { class: 'legend' }, hiddenText)),
    ];
    this.probs = new ProbsCanvas(probs.canvas, 'The policy’s probabilities appear here');
    this.hidden = new HiddenCanvas(hidden.canvas, 'The hidden state’s path appears here');
  }

  /** The frame's probability history and hidden path; `group`: each hidden point's group (e.g. episode). */
  set(f: Frame, probs: Pick<ProbsPicture, 'actions' | 'total' | 'labels' | 'episodeEnds'>, probHistory: Float64Array, group?: Float64Array): void {
    const a = f.arrays;
    this.probs.set({
      probs: probHistory,
      start: f.scalars.historyStart ?? 0,
      taken: a.actionHistory ?? new Float64Array(),
      rewards: a.rewardHistory ?? new Float64Array(),
      ...probs,
    });
    this.hidden.set({ x: a.hiddenX ?? new Float64Array(), y: a.hiddenY ?? new Float64Array(), ...(group ? { group } : {}) });
  }

  clear(): void {
    this.probs.set(undefined);
    this.hidden.set(undefined);
  }
}
