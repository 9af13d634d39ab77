// "RL² vs Gittins on a bandit" (issue 4, Playground): one rl2-live run (task=bandit). The shipped
// RL² weights and the Gittins index policy (finite horizon) play the same seeded task — the same
// arms, the same reward coins — side by side: pulls per arm and cumulative regret of both; RL²'s
// action probabilities at every step; its GRU state over the trial projected on two principal
// components (the PCA is computed in the core, rl2_scenarios.cpp, over the trial's states).

import type { Frame, Pool } from 'fastslow';
import type { RunPanelHooks } from '../live-view.ts';
import type { RunUi } from '../runner.ts';
import { PALETTE } from '../palette.ts';
import { formatStat } from '../state.ts';
import { el, swatch } from '../view.ts';
import { ArmsCanvas } from './rl2-canvases.ts';
import { setOutputs } from '../run-view.ts';
import { card, canvasBox, PolicyCards, Rl2RunView } from './rl2-base.ts';
import { legendItem, LinePlot } from './line-plot.ts';
import { liveParams, RL2_LIVE } from './rl2-model.ts';
import { SERIES_STYLES } from '../palette.ts';

export class Rl2BanditView extends Rl2RunView {
  private readonly arms: ArmsCanvas;
  private readonly policy: PolicyCards;
  private readonly regret: LinePlot;
  private readonly regretNode: HTMLElement;
  private readonly totals: HTMLParagraphElement;

  constructor(pool: Pool, runUi: RunUi, hooks: RunPanelHooks) {
    super(pool, runUi, hooks, 'rl2-bandit-cards', [
      { id: 'stat-rl2-step', label: 'pull' },
      { id: 'stat-rl2-total', label: 'RL² total' },
      { id: 'stat-gittins-total', label: 'Gittins total' },
    ]);
    const arms = canvasBox('rl2-arms', 'Pulls per arm by RL² and by Gittins');
    this.policy = new PolicyCards(
      { probs: 'rl2-probs', hidden: 'rl2-hidden' },
      { probs: 'RL² action probabilities per step', hidden: 'RL² hidden state, two principal components' },
      'RL²’s action probabilities at every pull',
      [el('li', {}, swatch(PALETTE.last, true), 'pulled, reward 1'), el('li', {}, swatch(PALETTE.last, true, true), 'pulled, reward 0')],
      'The 64 GRU state values after each pull, projected on their two leading principal components (PCA in the core over this trial’s states). ○ first pull, ◆ latest; lighter to darker with time.',
    );
    this.regretNode = el('div', { id: 'rl2-regret', class: 'plot', 'data-points': '0' });
    this.totals = el('p', { id: 'rl2-totals', class: 'message' });
    this.section.append(
      card(
        'Same task, side by side: pulls per arm',
        arms.box,
        el(
          'ul',
          { class: 'legend', 'aria-label': 'Legend' },
          el('li', {}, swatch(SERIES_STYLES[0]!.color), 'RL² (solid bar)'),
          el('li', {}, swatch(SERIES_STYLES[1]!.color), 'Gittins index, finite horizon (outlined bar)'),
          el('li', {}, swatch(PALETTE.bestTint), '★ best arm'),
        ),
        this.totals,
      ),
      card(
        'Cumulative regret',
        el('div', { class: 'plot-wrap' }, this.regretNode),
        el('ul', { class: 'legend', 'aria-label': 'Curves' }, legendItem(document, 0, 'RL² (solid)'), legendItem(document, 1, 'Gittins (dashed)')),
      ),
      ...this.policy.cards,
    );
    this.arms = new ArmsCanvas(arms.canvas, 'Press Run, or Step to go one pull at a time');
    this.regret = new LinePlot(this.regretNode, 'pull', 'cumulative regret', [
      { label: 'RL²', style: 0 },
      { label: 'Gittins', style: 1 },
    ]);
  }

  protected override runParamsOf(params: Record<string, string>): Record<string, string> {
    return liveParams(RL2_LIVE, params);
  }

  protected render(f: Frame | undefined): void {
    const s = f?.scalars ?? {};
    const a = f?.arrays;
    setOutputs({
      'stat-rl2-step': f ? s.t : undefined,
      'stat-rl2-total': f ? s.total : undefined,
      'stat-gittins-total': f ? s.gittinsTotal : undefined,
    });
    const status = document.getElementById('status');
    if (status) {
      status.dataset.t = f ? String(s.t) : '';
      status.dataset.rl2Total = f ? String(s.total) : '';
      status.dataset.gittinsTotal = f ? String(s.gittinsTotal) : '';
    }
    if (!f || !a?.pulls || !a.gittinsPulls || !a.p) {
      this.arms.set(undefined);
      this.policy.clear();
      this.regret.clear();
      this.totals.textContent = '';
      return;
    }
    this.arms.set({ rl2: a.pulls, gittins: a.gittinsPulls, p: a.p });
    this.totals.textContent =
      `After ${formatStat(s.t)} of ${formatStat(s.n)} pulls — RL²: total reward ${formatStat(s.total)}, regret ${formatStat(s.regret)}; ` +
      `Gittins: total reward ${formatStat(s.gittinsTotal)}, regret ${formatStat(s.gittinsRegret)}.`;
    const curve = a.regretCurve ?? new Float64Array();
    const first = (s.t ?? 0) - curve.length;
    this.regret.set(Array.from({ length: curve.length }, (_, i) => first + i + 1), [curve, a.gittinsRegretCurve]);
    const k = s.numActions ?? a.p.length;
    this.policy.set(f, { actions: k, total: s.n ?? 1, labels: Array.from({ length: k }, (_, i) => `arm ${i + 1}`) }, a.probHistory ?? new Float64Array());
  }
}
