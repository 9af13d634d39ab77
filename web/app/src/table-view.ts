// The RL² Table 1 view: runs the library's runBanditTable over the chosen settings × policies and
// fills the 9 × 8 table in as cells finish (onCell), beside the paper's values; progress with ETA
// (onProgress); Cancel (AbortSignal); CSV / JSON downloads of the cells computed.
//
// A table run outlives a visit to another view (it is minutes of work at 1000 tasks per cell): it
// keeps running, and the results stay, labelled with the trials and seed they were computed with.

import {
  BANDIT_POLICIES,
  COLUMN_TITLES,
  TABLE1_SETTINGS,
  paperValue,
  runBanditTable,
  tableToCsv,
  type BanditColumn,
  type BanditPolicyName,
  type BanditTable,
  type BanditTableCell,
  type Pool,
  type TableProgress,
} from 'fastslow';
import {
  checkLocalParams,
  errorCode,
  paramErrorsOf,
  parseSettingId,
  POLICIES_PARAM,
  setItems,
  settingId,
  uniqueErrors,
  type AppState,
  type ParamError,
  type ViewSpec,
} from './state.ts';
import { download } from './export.ts';
import { formatDuration, ProgressMeter } from './progress.ts';
import { agreementMark, describeCell, exportName, formatMean } from './table-model.ts';
import { byId, el, MessageLine, type ViewController } from './view.ts';

export interface TableHooks {
  showErrors(errors: readonly ParamError[]): void;
}

type TablePhase = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** The options of one table run, read from the view's values (text → numbers for the library). */
interface TableRequest {
  readonly trials: number;
  readonly seed: number;
  readonly settings: { n: number; k: number }[];
  readonly policies: BanditColumn[];
}

const RL2 = 'rl2';
/** The table's columns: the library's policies, then RL². */
const COLUMNS: readonly string[] = [...BANDIT_POLICIES, RL2];
/**
 * The RL² column: ours where trained weights are shipped (the library's runBanditTable plays them
 * through rl2-eval on the same tasks as every other column); the paper's value elsewhere, and
 * wherever RL² was not part of the run, marked "paper".
 */
const RL2_NOTE_NO_WEIGHTS = 'No RL² weights are shipped for this setting: this is the paper’s value (Duan et al. 2016, Table 1), not ours.';
const RL2_NOTE_NOT_RUN = 'This is the paper’s value; RL² weights are shipped for this setting: choose the RL² column and press Run to compute ours.';

function cellKey(n: number, k: number, policy: string): string {
  return `${settingId({ n, k })}|${policy}`;
}

export class TableView implements ViewController {
  readonly panel = byId<HTMLElement>('table-panel');
  readonly message = new MessageLine(byId('table-message'));
  private readonly ui = {
    run: byId<HTMLButtonElement>('btn-table-run'),
    cancel: byId<HTMLButtonElement>('btn-table-cancel'),
    csv: byId<HTMLButtonElement>('btn-export-csv'),
    json: byId<HTMLButtonElement>('btn-export-json'),
    status: byId<HTMLElement>('table-status'),
    phase: byId<HTMLElement>('table-phase'),
    progress: byId<HTMLProgressElement>('table-progress'),
    progressText: byId<HTMLElement>('table-progress-text'),
    caption: byId<HTMLElement>('table-caption'),
    table: byId<HTMLTableElement>('bandit-table'),
    detail: byId<HTMLElement>('cell-detail'),
  };
  private spec: ViewSpec | undefined;
  private state: AppState | undefined;
  private phase: TablePhase = 'idle';
  private abort: AbortController | undefined;
  /** The run whose cells the table shows. */
  private shown: { request: TableRequest; cells: Map<string, BanditTableCell>; seconds: number; started: number } | undefined;
  private readonly tds = new Map<string, HTMLTableCellElement>();
  private pendingProgress: TableProgress | undefined;
  private progressRaf = 0;
  private readonly meter = new ProgressMeter(this.ui.progress, this.ui.progressText);
  /** Settings with shipped RL² weights (rl2-eval accepts them), found once at start-up. */
  private readonly rl2Weights = new Set<string>();

  constructor(
    private readonly pool: Pool,
    private readonly hooks: TableHooks,
  ) {
    this.buildTable();
    // The legend's "paper" entry (index.html) says what the RL² column now holds.
    const paperKey = this.ui.table.closest('figure')?.querySelector('.paper-key');
    paperKey?.parentElement?.replaceChildren(
      paperKey,
      'the paper’s value (RL²: where no weights are shipped, or RL² was not run; “ours”: computed from the shipped weights)',
    );
    this.ui.run.addEventListener('click', () => this.start());
    this.ui.cancel.addEventListener('click', () => this.cancel());
    this.ui.csv.addEventListener('click', () => this.download('csv'));
    this.ui.json.addEventListener('click', () => this.download('json'));
    this.setPhase('idle');
    void Promise.all(
      TABLE1_SETTINGS.map(async (setting) => {
        const v = await this.pool.validate('rl2-eval', { n: setting.n, k: setting.k }).catch(() => undefined);
        if (v?.ok) this.rl2Weights.add(settingId(setting));
      }),
    ).then(() => this.renderCells());
  }

  show(spec: ViewSpec, state: AppState): void {
    this.spec = spec;
    this.state = state;
    this.panel.hidden = false;
    this.renderCaption();
    if (!this.shown) this.renderCells();
  }

  hide(): void {
    this.panel.hidden = true; // a running table keeps running
  }

  changed(state: AppState): void {
    this.state = state;
    this.renderCaption();
    if (!this.shown) this.renderCells();
  }

  async validate(state: AppState): Promise<ParamError[]> {
    const spec = this.spec;
    if (!spec) return [];
    const local = checkLocalParams(spec, state.values);
    if (local.length > 0) return local;
    // The library validates trials and seed (and every cell's bandit-eval parameters) before it
    // starts any work; with an aborted signal it then stops at once, so this runs nothing.
    const dry = new AbortController();
    dry.abort();
    try {
      await runBanditTable(this.pool, { ...this.request(state), signal: dry.signal });
      return [];
    } catch (err) {
      return uniqueErrors(paramErrorsOf(err) ?? []);
    }
  }

  submit(): void {
    if (this.phase !== 'running') this.start();
  }

  // ---- running ----------------------------------------------------------------------------------

  private request(state: AppState): TableRequest {
    const v = state.values;
    const num = (t: string | undefined): number => (t === undefined || t.trim() === '' ? Number.NaN : Number(t));
    const settings = setItems(v.settings ?? '')
      .map(parseSettingId)
      .filter((s): s is { n: number; k: number } => s !== undefined);
    return {
      trials: num(v.trials),
      seed: num(v.seed),
      settings,
      policies: setItems(v[POLICIES_PARAM] ?? '') as BanditColumn[],
    };
  }

  private setPhase(phase: TablePhase): void {
    this.phase = phase;
    this.ui.status.dataset.phase = phase;
    this.ui.phase.textContent = phase;
    this.ui.run.disabled = phase === 'running';
    this.ui.cancel.disabled = phase !== 'running';
    const any = [...(this.shown?.cells.values() ?? [])].length > 0;
    this.ui.csv.disabled = !any;
    this.ui.json.disabled = !any;
  }

  private start(): void {
    const spec = this.spec;
    const state = this.state;
    if (!spec || !state || this.phase === 'running') return;
    const local = checkLocalParams(spec, state.values);
    if (local.length > 0) {
      this.hooks.showErrors(local);
      this.setPhase('failed');
      return;
    }
    const request = this.request(state);
    const abort = new AbortController();
    this.abort = abort;
    const run = { request, cells: new Map<string, BanditTableCell>(), seconds: 0, started: performance.now() };
    this.shown = run;
    this.setPhase('running');
    this.renderCells();
    this.renderCaption();
    this.meter.start();
    this.ui.progressText.textContent = 'Checking the parameters…';
    this.message.set('Running: cells fill in as they finish.');
    runBanditTable(this.pool, {
      ...request,
      signal: abort.signal,
      onCell: (cell) => {
        if (this.shown !== run) return;
        run.cells.set(cellKey(cell.n, cell.k, cell.policy), { ...cell });
        this.renderCell(cell.n, cell.k, cell.policy);
        this.setPhase(this.phase); // enables the exports with the first cell
      },
      onProgress: (p) => {
        if (this.shown !== run) return;
        this.pendingProgress = p;
        if (this.progressRaf === 0) this.progressRaf = requestAnimationFrame(() => this.flushProgress());
      },
    }).then(
      (table) => {
        if (this.shown !== run) return;
        run.seconds = table.seconds;
        for (const cell of table.cells) run.cells.set(cellKey(cell.n, cell.k, cell.policy), { ...cell });
        this.renderCells();
        this.finishProgress();
        this.setPhase('done');
        this.renderCaption();
        const agree = table.cells.filter((c) => c.agrees === true).length;
        const compared = table.cells.filter((c) => c.agrees !== undefined).length;
        this.message.set(`Finished in ${formatDuration(table.seconds)}: ${agree} of ${compared} cells agree with the paper.`);
      },
      (err: unknown) => {
        if (this.shown !== run) return;
        run.seconds = (performance.now() - run.started) / 1000;
        this.finishProgress();
        if (errorCode(err) === 'cancelled') {
          this.setPhase('cancelled');
          this.renderCells();
          this.message.set(`Cancelled: ${run.cells.size} cell${run.cells.size === 1 ? '' : 's'} finished (kept in the table and the exports).`, 'warning');
        } else {
          this.setPhase('failed');
          const errors = paramErrorsOf(err);
          if (errors) this.hooks.showErrors(uniqueErrors(errors));
          else this.message.set(`The table run failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
          this.renderCells();
        }
        this.renderCaption();
      },
    );
  }

  private cancel(): void {
    this.abort?.abort();
  }

  private flushProgress(): void {
    this.progressRaf = 0;
    const p = this.pendingProgress;
    if (!p) return;
    this.meter.update(p.fraction, { detail: `${p.cellsDone} of ${p.cells} cells`, ...(p.etaSeconds === undefined ? {} : { etaSeconds: p.etaSeconds }) });
    this.ui.status.dataset.cellsDone = String(p.cellsDone);
  }

  private finishProgress(): void {
    if (this.progressRaf !== 0) cancelAnimationFrame(this.progressRaf);
    this.progressRaf = 0;
    this.pendingProgress = undefined;
    const run = this.shown;
    if (!run) return;
    // RL² cells exist only where weights are shipped (runBanditTable skips the others).
    const total = run.request.settings.reduce(
      (sum, s) => sum + run.request.policies.filter((p) => p !== RL2 || this.rl2Weights.has(settingId(s))).length,
      0,
    );
    this.meter.update(total > 0 ? run.cells.size / total : 0);
    this.meter.finish(`${run.cells.size} of ${total} cells`);
    this.ui.status.dataset.cellsDone = String(run.cells.size);
  }

  // ---- the table --------------------------------------------------------------------------------

  private buildTable(): void {
    const columns = COLUMNS;
    const head = el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col', class: 'setting-head' }, 'setting'),
        ...columns.map((c) =>
          el('th', { scope: 'col', 'data-policy': c, title: c === RL2 ? 'RL²: ours from the shipped weights where they exist, else the paper’s value (marked “paper”)' : c }, COLUMN_TITLES[c as keyof typeof COLUMN_TITLES] ?? c),
        ),
      ),
    );
    const body = el('tbody');
    for (const s of TABLE1_SETTINGS) {
      const tr = el('tr', { 'data-setting': settingId(s) }, el('th', { scope: 'row' }, `n=${s.n}, k=${s.k}`));
      for (const c of columns) {
        const td = el('td', { class: 'cell', 'data-setting': settingId(s), 'data-policy': c, tabindex: '0' });
        td.addEventListener('mouseenter', () => this.showDetail(td));
        td.addEventListener('focus', () => this.showDetail(td));
        this.tds.set(cellKey(s.n, s.k, c), td);
        tr.append(td);
      }
      body.append(tr);
    }
    this.ui.table.replaceChildren(head, body);
  }

  private showDetail(td: HTMLTableCellElement): void {
    this.ui.detail.textContent = td.dataset.description ?? '';
  }

  private renderCells(): void {
    for (const s of TABLE1_SETTINGS) {
      for (const c of COLUMNS) this.renderCell(s.n, s.k, c);
    }
  }

  /** Which cells the shown run covers (or, before any run, the ones the controls choose). */
  private selection(): { settings: Set<string>; policies: Set<string> } {
    const req = this.shown?.request ?? (this.state ? this.request(this.state) : undefined);
    return {
      settings: new Set((req?.settings ?? []).map(settingId)),
      policies: new Set(req?.policies ?? []),
    };
  }

  private renderCell(n: number, k: number, policy: string): void {
    const td = this.tds.get(cellKey(n, k, policy));
    if (!td) return;
    const paper = paperValue({ n, k }, policy as BanditPolicyName | 'rl2');
    const title = COLUMN_TITLES[policy as keyof typeof COLUMN_TITLES] ?? policy;
    const paperText = paper === undefined ? '' : paper.toFixed(1); // the paper prints one decimal
    const cell = this.shown?.cells.get(cellKey(n, k, policy));
    const sel = this.selection();
    const inRun = sel.settings.has(settingId({ n, k })) && sel.policies.has(policy);
    if (policy === RL2 && !cell && (!this.rl2Weights.has(settingId({ n, k })) || !inRun)) {
      const note = this.rl2Weights.has(settingId({ n, k })) ? RL2_NOTE_NOT_RUN : RL2_NOTE_NO_WEIGHTS;
      const text = `${title}, n=${n}, k=${k}: the paper’s value ${paperText}. ${note}`;
      this.fill(td, 'paper', text, [el('span', { class: 'ours' }, paperText), el('span', { class: 'paper tag' }, 'paper')]);
      td.dataset.weights = String(this.rl2Weights.has(settingId({ n, k })));
      return;
    }
    if (cell) {
      const mark = agreementMark(cell.agrees);
      const shipped = policy === RL2 ? ' Computed from the shipped RL² weights (core/rl2/weights).' : '';
      const text = `${describeCell(cell, title)}${shipped}`;
      this.fill(td, 'done', text, [
        el('span', { class: 'ours' }, formatMean(cell.mean)),
        el('span', { class: 'mark' }, mark.symbol),
        ...(policy === RL2 ? [el('span', { class: 'paper tag' }, 'ours')] : []),
        el('span', { class: 'paper' }, `paper ${paperText}`),
      ]);
      td.dataset.agrees = cell.agrees === undefined ? '' : String(cell.agrees);
      td.classList.toggle('agree', mark.kind === 'agree');
      td.classList.toggle('disagree', mark.kind === 'disagree');
      return;
    }
    // ready: chosen, no run yet; pending: in the running run; missing: the run stopped before it.
    const state = !this.shown ? (inRun ? 'ready' : 'off') : !inRun ? 'off' : this.phase === 'running' ? 'pending' : 'missing';
    const head = `${title}, n=${n}, k=${k}`;
    const text =
      state === 'pending'
        ? `${head}: running… (paper ${paperText})`
        : state === 'missing'
          ? `${head}: not computed (the run stopped before this cell). Paper ${paperText}.`
          : state === 'ready'
            ? `${head}: the paper’s value ${paperText}; press Run to compute ours.`
            : `${head}: the paper’s value ${paperText} (${this.shown ? 'not in this run' : 'not chosen'}).`;
    this.fill(td, state, text, [
      el('span', { class: 'ours' }, state === 'pending' ? '…' : '–'),
      el('span', { class: 'paper' }, `paper ${paperText}`),
    ]);
  }

  private fill(td: HTMLTableCellElement, state: string, description: string, visible: HTMLElement[]): void {
    td.dataset.state = state;
    td.dataset.description = description;
    td.title = description;
    td.classList.remove('agree', 'disagree');
    delete td.dataset.agrees;
    delete td.dataset.weights;
    for (const v of visible) v.setAttribute('aria-hidden', 'true');
    td.replaceChildren(...visible, el('span', { class: 'visually-hidden' }, description));
  }

  private renderCaption(): void {
    const run = this.shown;
    if (!run) {
      this.ui.caption.textContent = 'The paper’s values. Press Run to compute ours beside them.';
      return;
    }
    const r = run.request;
    const what = `${r.trials.toLocaleString('en-US')} tasks per cell, seed ${r.seed}`;
    const how =
      this.phase === 'running'
        ? 'running'
        : this.phase === 'done'
          ? `finished in ${formatDuration(run.seconds)}`
          : this.phase === 'cancelled'
            ? 'cancelled'
            : 'failed';
    const v = this.state?.values;
    const differs = v !== undefined && (v.trials !== String(r.trials) || v.seed !== String(r.seed));
    this.ui.caption.textContent = `Ours: ${what} (${how}).${differs ? ' The controls now differ: press Run to compute with them.' : ''}`;
  }

  // ---- exports ----------------------------------------------------------------------------------

  /** The cells computed so far as a library BanditTable (all of them once the run is done). */
  private table(): BanditTable | undefined {
    const run = this.shown;
    if (!run || run.cells.size === 0) return undefined;
    const order = new Map<string, number>();
    let i = 0;
    for (const s of TABLE1_SETTINGS) for (const p of BANDIT_POLICIES) order.set(cellKey(s.n, s.k, p), i++);
    const cells = [...run.cells.entries()]
      .sort(([a], [b]) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9))
      .map(([, c]) => c);
    return { trials: run.request.trials, seed: run.request.seed, cells, seconds: run.seconds };
  }

  private download(kind: 'csv' | 'json'): void {
    const table = this.table();
    if (!table) return;
    const complete = this.phase === 'done';
    const body =
      kind === 'csv'
        ? tableToCsv(table)
        : `${JSON.stringify(
            {
              experiment: 'RL² Table 1 (Duan et al. 2016, arXiv 1611.02779): mean total reward, Bernoulli bandits',
              complete,
              ...table,
            },
            null,
            2,
          )}\n`;
    download(exportName(table.trials, table.seed, kind), body, kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
  }
}
