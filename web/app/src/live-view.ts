// The "Bandit, live" view: one bandit-live run, its regret curve, its arms (canvas + data table).

import type { Frame, Pool } from 'fastslow';
import { ArmsView, armsOf } from './arms-view.ts';
import { RegretPlot } from './regret-plot.ts';
import { Runner, type RunUi } from './runner.ts';
import { formatStat, runParams, type AppState, type ParamError, type Speed, type ViewSpec } from './state.ts';
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

export class LiveView implements ViewController {
  readonly panel = byId<HTMLElement>('run-panel');
  readonly message = new MessageLine(byId('message'));
  readonly runner: Runner;
  private readonly ui = {
    status: byId<HTMLDivElement>('status'),
    stats: byId<HTMLElement>('stats'),
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
  private spec: ViewSpec | undefined;
  private latest: Frame | undefined;
  private tableShownAt = 0;

  constructor(
    private readonly pool: Pool,
    runUi: RunUi,
    private readonly hooks: RunPanelHooks,
  ) {
    this.plot = new RegretPlot(this.ui.plot);
    this.arms = new ArmsView(this.ui.arms, 'Press Run, or Step to go one pull at a time');
    this.runner = new Runner(pool, runUi, {
      launches: () => (this.spec?.scenario ? [{ scenario: this.spec.scenario, params: this.params }] : undefined),
      render: (frames) => this.render(frames[0]),
      failed: (err) => this.failed(err),
      message: (text, kind) => this.message.set(text, kind),
    });
    this.ui.reveal.addEventListener('change', () => {
      this.arms.setReveal(this.ui.reveal.checked);
      this.renderTable(true);
    });
    this.ui.armsDetails.addEventListener('toggle', () => this.renderTable(true));
  }

  private params: Record<string, string> = {};

  show(spec: ViewSpec, state: AppState): void {
    this.spec = spec;
    this.params = runParams([spec], state);
    this.panel.hidden = false;
    this.panel.dataset.view = spec.id;
    this.ui.plotCard.hidden = false;
    this.ui.armsCard.hidden = false;
    setStats(this.ui.stats, [
      { id: 'stat-step', label: 'step' },
      { id: 'stat-reward', label: 'total reward' },
      { id: 'stat-regret', label: 'cumulative regret' },
    ]);
    this.message.set('');
    this.runner.activate(this.hooks.speed());
    this.render(undefined);
  }

  hide(): void {
    this.runner.deactivate();
    this.ui.plotCard.hidden = true;
    this.ui.armsCard.hidden = true;
  }

  changed(state: AppState, byUser: boolean): void {
    if (this.spec) this.params = runParams([this.spec], state);
    if (byUser) this.runner.settingsChanged();
    else this.runner.reset();
  }

  async validate(state: AppState): Promise<ParamError[]> {
    if (!this.spec?.scenario) return [];
    const res = await this.pool.validate(this.spec.scenario, runParams([this.spec], state));
    return res.ok ? [] : res.errors;
  }

  submit(): void {
    if (this.runner.phase === 'paused') this.runner.onRun();
    else this.runner.start(false);
  }

  private failed(err: unknown): void {
    const details = (err as { code?: unknown; details?: unknown } | undefined)?.details;
    if ((err as { code?: unknown } | undefined)?.code === 'invalid-params' && Array.isArray(details)) {
      this.hooks.showErrors(details as ParamError[]);
    } else {
      this.message.set(describeFailure(err), 'error');
    }
  }

  private render(f: Frame | undefined): void {
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
    const out = (id: string): HTMLOutputElement | null => document.getElementById(id) as HTMLOutputElement | null;
    const step = out('stat-step');
    const reward = out('stat-reward');
    const regret = out('stat-regret');
    if (step) step.value = f ? `${formatStat(s.step)} / ${formatStat(s.steps)}` : '–';
    if (reward) reward.value = f ? formatStat(s.totalReward) : '–';
    if (regret) regret.value = f ? formatStat(s.cumRegret) : '–';
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
