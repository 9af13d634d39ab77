// The "Bandit, live" view: one bandit-live run, its regret curve, its arms (canvas + data table).

import type { Frame, Pool } from 'fastslow';
import { ArmsView, armsOf } from './arms-view.ts';
import { RegretPlot } from './regret-plot.ts';
import type { RunUi } from './runner.ts';
import { setOutputs, SingleRunView, type RunPanelHooks } from './run-view.ts';
import { formatStat } from './state.ts';
import { byId } from './view.ts';

// Shared by every run view (run-view.ts); exported here too for views written against this module.
export { setStats, type RunPanelHooks } from './run-view.ts';

export class LiveView extends SingleRunView {
  private readonly ui = {
    status: byId<HTMLDivElement>('status'),
    plotCard: byId<HTMLElement>('regret-card'),
    plot: byId<HTMLDivElement>('regret-plot'),
    armsCard: byId<HTMLElement>('arms-card'),
    arms: byId<HTMLCanvasElement>('arms'),
    reveal: byId<HTMLInputElement>('reveal'),
    armsDetails: byId<HTMLDetailsElement>('arms-details'),
    armsTable: byId<HTMLTableSectionElement>('arms-table'),
    indexHead: byId<HTMLTableCellElement>('arms-index-head'),
  };
  private readonly plot: RegretPlot;
  private readonly arms: ArmsView;
  private latest: Frame | undefined;
  private tableShownAt = 0;

  constructor(pool: Pool, runUi: RunUi, hooks: RunPanelHooks) {
    super(pool, runUi, hooks);
    this.plot = new RegretPlot(this.ui.plot);
    this.arms = new ArmsView(this.ui.arms, 'Press Run, or Step to go one pull at a time');
    this.ownCards(this.ui.plotCard, this.ui.armsCard);
    this.ui.reveal.addEventListener('change', () => {
      this.arms.setReveal(this.ui.reveal.checked);
      this.renderTable(true);
    });
    this.ui.armsDetails.addEventListener('toggle', () => this.renderTable(true));
  }

  protected stats(): { id: string; label: string }[] {
    return [
      { id: 'stat-step', label: 'step' },
      { id: 'stat-reward', label: 'total reward' },
      { id: 'stat-regret', label: 'cumulative regret' },
    ];
  }

  protected render(f: Frame | undefined): void {
    this.latest = f;
    this.renderStats(f);
    const x = f?.arrays.regretX;
    const y = f?.arrays.regretY;
    if (x && y) this.plot.set(x, y);
    else this.plot.clear();
    const d = f ? armsOf(f) : undefined;
    if (f) this.ui.armsCard.hidden = d === undefined;
    this.arms.set(d);
    this.ui.arms.dataset.pulls = d ? Array.from(d.pulls).join(',') : '';
    this.ui.arms.dataset.estimates = d ? Array.from(d.estimates).join(',') : '';
    this.renderTable();
  }

  private renderStats(f: Frame | undefined): void {
    const s = f?.scalars ?? {};
    setOutputs({
      'stat-step': f ? `${formatStat(s.step)} / ${formatStat(s.steps)}` : undefined,
      'stat-reward': f ? formatStat(s.totalReward) : undefined,
      'stat-regret': f ? formatStat(s.cumRegret) : undefined,
    });
    const status = this.ui.status;
    status.dataset.step = s.step === undefined ? '' : String(s.step);
    status.dataset.totalReward = s.totalReward === undefined ? '' : String(s.totalReward);
    status.dataset.cumRegret = s.cumRegret === undefined ? '' : String(s.cumRegret);
  }

  private renderTable(force = false): void {
    if (!this.ui.armsDetails.open) return;
    const now = performance.now();
    if (!force && now - this.tableShownAt < 250) return;
    this.tableShownAt = now;
    const f = this.latest;
    const d = f ? armsOf(f) : undefined;
    const index = f?.arrays.index;
    this.ui.indexHead.hidden = index === undefined;
    const rows: HTMLTableRowElement[] = [];
    if (d) {
      for (let i = 0; i < d.pulls.length; i++) {
        const tr = document.createElement('tr');
        if (i === d.bestArm) tr.classList.add('best');
        if (i === d.lastArm) tr.classList.add('last');
        const cells = [
          `${i}${i === d.bestArm ? ' ★' : ''}${i === d.lastArm ? ' ▲' : ''}`,
          formatStat(d.pulls[i]),
          (d.estimates[i] ?? 0).toFixed(3),
          this.ui.reveal.checked ? (d.trueP[i] ?? 0).toFixed(3) : 'hidden',
          ...(index ? [(index[i] ?? 0).toFixed(3)] : []),
        ];
        for (const c of cells) {
          const td = document.createElement('td');
          td.textContent = c;
          tr.append(td);
        }
        rows.push(tr);
      }
    }
    this.ui.armsTable.replaceChildren(...rows);
  }
}
