// Playground controller: owns the AppState (pure model in state.ts), talks to the fastslow library
// exactly as an npm user would, and pushes frames to the thin views (controls, plot, arms canvas).

import { createPool, type Frame, type RunHandle } from 'fastslow';
import { ArmsView, armsOf } from './arms-view.ts';
import { renderControls, type ControlsView } from './controls.ts';
import { RegretPlot } from './regret-plot.ts';
import {
  buttonsFor,
  describeError,
  findScenario,
  formatHash,
  formatStat,
  groupErrors,
  paramErrorsOf,
  parseHash,
  runParams,
  pace,
  paceRate,
  parseSpeed,
  SEED_PARAM,
  withScenario,
  withValue,
  type AppState,
  type ParamError,
  type Phase,
  type SchemaSpec,
  type Speed,
  type ScenarioSpec,
} from './state.ts';

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html lacks #${id}`);
  return node as T;
}

const ui = {
  scenario: byId<HTMLSelectElement>('scenario'),
  title: byId<HTMLHeadingElement>('scenario-title'),
  summary: byId<HTMLParagraphElement>('scenario-summary'),
  form: byId<HTMLFormElement>('params'),
  fields: byId<HTMLDivElement>('param-fields'),
  run: byId<HTMLButtonElement>('btn-run'),
  pause: byId<HTMLButtonElement>('btn-pause'),
  step: byId<HTMLButtonElement>('btn-step'),
  reset: byId<HTMLButtonElement>('btn-reset'),
  speed: byId<HTMLSelectElement>('speed'),
  status: byId<HTMLDivElement>('status'),
  phase: byId<HTMLSpanElement>('phase'),
  statStep: byId<HTMLOutputElement>('stat-step'),
  statReward: byId<HTMLOutputElement>('stat-reward'),
  statRegret: byId<HTMLOutputElement>('stat-regret'),
  progress: byId<HTMLProgressElement>('progress'),
  message: byId<HTMLParagraphElement>('message'),
  plot: byId<HTMLDivElement>('regret-plot'),
  armsCard: byId<HTMLElement>('arms-card'),
  arms: byId<HTMLCanvasElement>('arms'),
  reveal: byId<HTMLInputElement>('reveal'),
  armsDetails: byId<HTMLDetailsElement>('arms-details'),
  armsTable: byId<HTMLTableSectionElement>('arms-table'),
};

const pool = createPool();
const plot = new RegretPlot(ui.plot);
const arms = new ArmsView(ui.arms, 'Press Run, or Step to go one pull at a time');

let schema: SchemaSpec | undefined;
let state: AppState | undefined;
let controls: ControlsView | undefined;
let phase: Phase = 'loading';
let handle: RunHandle | undefined;
let unsubscribe: (() => void) | undefined;
let latest: Frame | undefined;
let rafId = 0;
let tableShownAt = 0;
let validateTimer = 0;
let validateSeq = 0;
let restartTimer = 0;
let speed: Speed = 'auto';
let pacer: { raf: number; last: number; carry: number } | undefined;
/** Step number the paced run was asked to reach (requested but maybe not yet done). */
let requestedTo = 0;

// ---- status -------------------------------------------------------------------------------------

function setPhase(next: Phase): void {
  phase = next;
  const b = schema ? buttonsFor(next) : buttonsFor('loading');
  ui.run.disabled = !b.run;
  ui.pause.disabled = !b.pause;
  ui.step.disabled = !b.step;
  ui.reset.disabled = !b.reset;
  ui.phase.textContent = next;
  ui.status.dataset.phase = next;
}

/** 'error' messages are cleared once the parameters validate; 'warning' ones stay until replaced. */
function setMessage(text: string, kind: 'info' | 'warning' | 'error' = 'info'): void {
  ui.message.textContent = text;
  ui.message.classList.toggle('error', kind !== 'info');
  ui.message.dataset.kind = kind;
}

function clearErrorMessage(): void {
  if (ui.message.dataset.kind === 'error') setMessage('');
}

/** Shows core validation errors next to their controls and in the status line. */
function showParamErrors(errors: readonly ParamError[]): void {
  const spec = currentScenario();
  const { byParam } = groupErrors(errors, spec?.params.map((p) => p.name) ?? []);
  controls?.showErrors(byParam);
  if (errors.length > 0) {
    setMessage(`Invalid parameter${errors.length > 1 ? 's' : ''}: ${errors.map(describeError).join('; ')}`, 'error');
  } else {
    clearErrorMessage();
  }
}

function describeFailure(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const text = err instanceof Error ? err.message : String(err);
  if (code === 'worker-crashed') return `The worker running this computation crashed (${text}). Press Run to try again.`;
  return typeof code === 'string' ? `Run failed (${code}): ${text}` : `Run failed: ${text}`;
}

// ---- frames -------------------------------------------------------------------------------------

function renderStats(f: Frame | undefined): void {
  const s = f?.scalars ?? {};
  ui.statStep.value = f ? `${formatStat(s.step)} / ${formatStat(s.steps)}` : '–';
  ui.statReward.value = f ? formatStat(s.totalReward) : '–';
  ui.statRegret.value = f ? formatStat(s.cumRegret) : '–';
  const progress = s.progress ?? (s.step !== undefined && s.steps ? s.step / s.steps : 0);
  ui.progress.value = Number.isFinite(progress) ? progress : 0;
  ui.status.dataset.step = s.step === undefined ? '' : String(s.step);
  ui.status.dataset.totalReward = s.totalReward === undefined ? '' : String(s.totalReward);
  ui.status.dataset.cumRegret = s.cumRegret === undefined ? '' : String(s.cumRegret);
}

function renderTable(force = false): void {
  if (!ui.armsDetails.open) return;
  const now = performance.now();
  if (!force && now - tableShownAt < 250) return;
  tableShownAt = now;
  const d = latest ? armsOf(latest) : undefined;
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
        ui.reveal.checked ? (d.trueP[i] ?? 0).toFixed(3) : 'hidden',
      ];
      for (const c of cells) {
        const td = document.createElement('td');
        td.textContent = c;
        tr.append(td);
      }
      rows.push(tr);
    }
  }
  ui.armsTable.replaceChildren(...rows);
}

function flush(): void {
  rafId = 0;
  const f = latest;
  renderStats(f);
  const x = f?.arrays.regretX;
  const y = f?.arrays.regretY;
  if (x && y) plot.set(x, y);
  else plot.clear();
  const d = f ? armsOf(f) : undefined;
  if (f) ui.armsCard.hidden = d === undefined;
  arms.set(d);
  ui.arms.dataset.pulls = d ? Array.from(d.pulls).join(',') : '';
  ui.arms.dataset.estimates = d ? Array.from(d.estimates).join(',') : '';
  renderTable();
}

/** Frames can arrive faster than the display refreshes: keep the newest, draw once per frame. */
function queueFrame(f: Frame): void {
  latest = f;
  if (rafId === 0) rafId = requestAnimationFrame(flush);
}

// ---- runs ---------------------------------------------------------------------------------------

function currentScenario(): ScenarioSpec | undefined {
  return schema && state ? findScenario(schema, state.scenario) : undefined;
}

/** Cancels the current run (if any) and clears the views. */
function dropRun(): void {
  window.clearTimeout(restartTimer);
  stopPacer();
  const h = handle;
  handle = undefined;
  unsubscribe?.();
  unsubscribe = undefined;
  h?.cancel();
  latest = undefined;
  if (rafId !== 0) cancelAnimationFrame(rafId);
  flush();
}

/**
 * Starts a run. Below 'max' speed the library run stays paused and the pacer feeds it steps, so
 * the page (not the worker) sets the tempo; at 'max' the worker runs flat out.
 */
function startRun(paused: boolean): RunHandle | undefined {
  if (!schema || !state) return undefined;
  dropRun();
  let h: RunHandle;
  try {
    h = pool.start(state.scenario, runParams(schema, state), { paused: paused || speed !== 'max' });
  } catch (err) {
    runFailed(err);
    return undefined;
  }
  handle = h;
  requestedTo = 0;
  unsubscribe = h.onFrame((f) => {
    if (handle === h) queueFrame(f);
  });
  setPhase(paused ? 'paused' : 'running');
  setMessage(paused ? 'Paused at the start: Step advances one step, Run plays.' : 'Running…');
  if (!paused && speed !== 'max') startPacer();
  h.result.then(
    () => {
      if (handle !== h) return;
      stopPacer();
      setPhase('done');
      const s = latest?.scalars;
      setMessage(s?.steps !== undefined ? `Finished: ${formatStat(s.steps)} steps.` : 'Finished.');
    },
    (err: unknown) => {
      if (handle !== h) return; // cancelled by Reset or a new run: nothing to report
      runFailed(err);
    },
  );
  return h;
}

function runFailed(err: unknown): void {
  stopPacer();
  handle = undefined;
  unsubscribe?.();
  unsubscribe = undefined;
  setPhase('failed');
  const errors = paramErrorsOf(err);
  if (errors) showParamErrors(errors);
  else setMessage(describeFailure(err), 'error');
}

// The pacer: one requestAnimationFrame loop asking the paused run for the steps now due.
function startPacer(): void {
  if (pacer || !handle) return;
  const now = performance.now();
  pacer = { raf: requestAnimationFrame(pacerTick), last: now, carry: 0 };
}

function stopPacer(): void {
  if (pacer) cancelAnimationFrame(pacer.raf);
  pacer = undefined;
}

function pacerTick(now: number): void {
  if (!pacer || !handle) return;
  pacer.raf = requestAnimationFrame(pacerTick);
  const dt = now - pacer.last;
  pacer.last = now;
  const steps = latest?.scalars.steps;
  const rate = steps === undefined ? undefined : paceRate(speed, steps);
  if (rate === undefined) return; // no frame yet, or switched to 'max' (handled on change)
  const reached = latest?.scalars.step ?? 0;
  requestedTo = Math.max(requestedTo, reached);
  const next = pace(pacer.carry, rate, dt, requestedTo - reached);
  pacer.carry = next.carry;
  if (next.send > 0) {
    handle.step(next.send);
    requestedTo += next.send;
  }
}

function onRun(): void {
  if (phase === 'paused' && handle) {
    if (speed === 'max') handle.resume();
    else startPacer();
    setPhase('running');
    setMessage('Running…');
  } else {
    startRun(false);
  }
}

function onPause(): void {
  if (phase !== 'running' || !handle) return;
  stopPacer();
  handle.pause(); // also drops steps the pacer requested but the worker has not done yet
  setPhase('paused');
  setMessage('Paused: Step advances one step, Run resumes.');
}

function onStep(): void {
  if (phase === 'paused' && handle) {
    handle.step(1);
    requestedTo = Math.max(requestedTo, latest?.scalars.step ?? 0) + 1;
  } else {
    startRun(true)?.step(1);
    requestedTo = 1;
  }
}

function onReset(): void {
  dropRun();
  setPhase('idle');
  setMessage('Reset. Press Run to start again.');
}

function onSpeed(): void {
  const before = speed;
  speed = parseSpeed(ui.speed.value);
  if (phase !== 'running' || !handle) return;
  if (speed === 'max' && before !== 'max') {
    stopPacer();
    handle.resume();
  } else if (speed !== 'max' && before === 'max') {
    handle.pause();
    startPacer();
  }
}

// ---- state --------------------------------------------------------------------------------------

function writeHash(): void {
  if (!schema || !state) return;
  const hash = formatHash(schema, state);
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
}

/** Asks the core about the current values (debounced); shows its errors or clears them. */
function validateSoon(): void {
  window.clearTimeout(validateTimer);
  validateTimer = window.setTimeout(() => {
    if (!schema || !state) return;
    const seq = ++validateSeq;
    pool.validate(state.scenario, runParams(schema, state)).then(
      (res) => {
        if (seq !== validateSeq) return;
        showParamErrors(res.ok ? [] : res.errors);
      },
      (err: unknown) => {
        if (seq !== validateSeq) return;
        const errors = paramErrorsOf(err);
        if (errors) showParamErrors(errors);
        else setMessage(`Could not check the parameters: ${err instanceof Error ? err.message : String(err)}`, 'error');
      },
    );
  }, 120);
}

/** Settings changed: the shown run no longer matches them, so it is dropped (and restarted if it was running). */
function settingsChanged(): void {
  writeHash();
  validateSoon();
  if (!handle) return;
  const wasRunning = phase === 'running';
  dropRun();
  setPhase('idle');
  if (wasRunning) {
    setMessage('Settings changed: restarting…');
    restartTimer = window.setTimeout(() => startRun(false), 350);
  } else {
    setMessage('Settings changed: the run was reset.');
  }
}

function showScenario(): void {
  const spec = currentScenario();
  if (!schema || !state || !spec) return;
  ui.scenario.value = spec.name;
  ui.title.textContent = spec.title;
  ui.summary.textContent = spec.summary;
  controls = renderControls(ui.fields, spec, {
    change(name, text) {
      if (!state) return;
      state = withValue(state, name, text);
      controls?.update(state.values);
      settingsChanged();
    },
    newSeed() {
      if (!state) return;
      const seed = crypto.getRandomValues(new Uint32Array(1))[0] ?? 1;
      state = withValue(state, SEED_PARAM, String(seed));
      controls?.update(state.values);
      settingsChanged();
    },
  });
  controls.update(state.values);
  ui.armsCard.hidden = false;
}

/** Applies the URL hash (page load, or the user edited the address / went back). */
function applyHash(): void {
  if (!schema) return;
  const parsed = parseHash(schema, location.hash);
  const scenarioChanged = !state || parsed.state.scenario !== state.scenario;
  state = parsed.state;
  if (scenarioChanged) showScenario();
  else controls?.update(state.values);
  if (handle) {
    dropRun();
    setPhase('idle');
  }
  writeHash();
  validateSoon();
  if (parsed.notes.length > 0) setMessage(parsed.notes.join(' '), 'warning');
}

async function boot(): Promise<void> {
  setPhase('loading');
  try {
    schema = await pool.schema();
  } catch (err) {
    ui.title.textContent = 'The computation core could not be loaded';
    setPhase('loading');
    ui.phase.textContent = 'unavailable';
    setMessage(`Could not load the WebAssembly core: ${err instanceof Error ? err.message : String(err)}`, 'error');
    return;
  }
  if (schema.scenarios.length === 0) {
    ui.title.textContent = 'No scenarios';
    setMessage('The core lists no scenarios.', 'error');
    return;
  }
  ui.scenario.replaceChildren(
    ...schema.scenarios.map((s) => {
      const o = document.createElement('option');
      o.value = s.name;
      o.textContent = s.title ? `${s.title} (${s.name})` : s.name;
      return o;
    }),
  );
  ui.scenario.disabled = false;
  setPhase('idle');
  setMessage('');
  applyHash();
}

// ---- wiring -------------------------------------------------------------------------------------

ui.run.addEventListener('click', onRun);
ui.pause.addEventListener('click', onPause);
ui.step.addEventListener('click', onStep);
ui.reset.addEventListener('click', onReset);
ui.speed.addEventListener('change', onSpeed);
speed = parseSpeed(ui.speed.value);
ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (phase === 'paused') onRun();
  else startRun(false);
});
// Enter in a text field runs (a form with several text fields has no implicit submission).
ui.form.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement) || e.target.type !== 'text') return;
  e.preventDefault();
  ui.form.requestSubmit();
});
ui.scenario.addEventListener('change', () => {
  if (!schema || !state) return;
  state = withScenario(schema, state, ui.scenario.value);
  showScenario();
  settingsChanged();
});
ui.reveal.addEventListener('change', () => {
  arms.setReveal(ui.reveal.checked);
  renderTable(true);
});
ui.armsDetails.addEventListener('toggle', () => renderTable(true));
window.addEventListener('hashchange', applyHash);
window.addEventListener('unhandledrejection', (e) => {
  // Nothing should get here; if something does, say so instead of failing silently.
  console.error(e.reason);
  setMessage(`Unexpected error: ${e.reason instanceof Error ? e.reason.message : String(e.reason)}`, 'error');
});

void boot();
