// Playground controller: owns the AppState (pure model in state.ts), the URL, the view picker and
// the parameter controls, and routes to the controller of the view shown (live-view.ts,
// compare-view.ts, table-view.ts). It talks to the fastslow library exactly as an npm user would.
//
// History: switching views pushes a history entry (Back returns to the previous view); editing a
// control replaces the current one (the address always holds the whole state, without flooding
// the history). Back / Forward and edits of the address apply the hash (popstate / hashchange).

import { BANDIT_POLICIES, COLUMN_TITLES, TABLE1_SETTINGS, createPool } from 'fastslow';
import { CompareView } from './compare-view.ts';
import { GO_EXPLORE_VIEW, GoExploreView } from './go-explore/go-explore-view.ts';
import { EPISODIC_VIEW, EpisodicView } from './episodic/episodic-view.ts';
import { renderControls, type ControlsView } from './controls.ts';
import { LiveView } from './live-view.ts';
import { NAV_VIEW, NavView } from './maml/nav-view.ts';
import { SINUSOID_VIEW, SinusoidView } from './maml/sinusoid-view.ts';
import { rl2Controllers } from './rl2/index.ts';
import type { Runner, RunUi } from './runner.ts';
import {
  buildViews,
  COMPARE_VIEW,
  describeError,
  findView,
  formatHash,
  groupErrors,
  LIVE_VIEW,
  paramErrorsOf,
  parseHash,
  parseSpeed,
  SEED_PARAM,
  sameRun,
  TABLE_VIEW,
  withOption,
  withValue,
  withSpeed,
  withView,
  type AppState,
  type ParamError,
  type Speed,
  type TableReference,
  type ViewSpec,
} from './state.ts';
import { Shell } from './shell.ts';
import { TableView } from './table-view.ts';
import { byId, MessageLine, type ViewController } from './view.ts';
import { applyOptions, watchOptions } from './view-options.ts';

const ui = {
  picker: byId<HTMLSelectElement>('scenario'),
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
  progress: byId<HTMLProgressElement>('progress'),
  runPanel: byId<HTMLElement>('run-panel'),
  skipLink: byId<HTMLAnchorElement>('skip-link'),
  tablePanel: byId<HTMLElement>('table-panel'),
};
const bootMessage = new MessageLine(byId('message'));

/** The library's RL² Table 1 reference: rows, columns, and runBanditTable's default trials. */
const TABLE_REFERENCE: TableReference = {
  settings: TABLE1_SETTINGS,
  policies: [...BANDIT_POLICIES, 'rl2'], // RL²: the shipped weights where they exist (table-view.ts)
  titles: COLUMN_TITLES,
  trials: 1000,
};

const pool = createPool();
const runUi: RunUi = {
  run: ui.run,
  pause: ui.pause,
  step: ui.step,
  reset: ui.reset,
  status: ui.status,
  phase: ui.phase,
  progress: ui.progress,
};
let speed: Speed = parseSpeed(ui.speed.value);
const hooks = { showErrors, speed: () => speed, setValues };
const controllers = new Map<string, ViewController & { runner?: Runner }>([
  [LIVE_VIEW, new LiveView(pool, runUi, hooks)],
  [COMPARE_VIEW, new CompareView(pool, runUi, hooks)],
  [TABLE_VIEW, new TableView(pool, hooks)],
  [GO_EXPLORE_VIEW, new GoExploreView(pool, runUi, hooks)],
  [EPISODIC_VIEW, new EpisodicView(pool, runUi, hooks)],
  [NAV_VIEW, new NavView(pool, runUi, hooks)],
  [SINUSOID_VIEW, new SinusoidView(pool, runUi, hooks)],
  ...rl2Controllers(pool, runUi, hooks),
]);

let views: ViewSpec[] = [];
let state: AppState | undefined;
let active: (ViewController & { runner?: Runner }) | undefined;
let controls: ControlsView | undefined;
let validateTimer = 0;
let validateSeq = 0;
// Landing page, share / embed / export buttons, embed mode: generic over the views (shell.ts).
const shell = new Shell({ views: () => views, state: () => state, active: () => active });

// ---- errors -------------------------------------------------------------------------------------

/** Shows errors next to their controls and in the view's status line (none: clears them). */
function showErrors(errors: readonly ParamError[]): void {
  const spec = state ? findView(views, state.view) : undefined;
  const { byParam } = groupErrors(errors, spec?.params.map((p) => p.name) ?? []);
  controls?.showErrors(byParam);
  const message = messageOf(active);
  if (errors.length > 0) {
    message.set(`Invalid parameter${errors.length > 1 ? 's' : ''}: ${errors.map(describeError).join('; ')}`, 'error');
  } else {
    message.clearError();
  }
}

/** Asks the view about the current values (debounced); shows its errors or clears them. */
function validateSoon(): void {
  window.clearTimeout(validateTimer);
  validateTimer = window.setTimeout(() => {
    const view = active;
    if (!state || !view) return;
    const seq = ++validateSeq;
    view.validate(state).then(
      (errors) => {
        if (seq === validateSeq && view === active) showErrors(errors);
      },
      (err: unknown) => {
        if (seq !== validateSeq || view !== active) return;
        const errors = paramErrorsOf(err);
        if (errors) showErrors(errors);
        else messageOf(view).set(`Could not check the parameters: ${err instanceof Error ? err.message : String(err)}`, 'error');
      },
    );
  }, 120);
}

function messageOf(view: ViewController | undefined): MessageLine {
  return view?.message ?? bootMessage;
}

// ---- views and state ----------------------------------------------------------------------------

/** Plays at the state's speed: the Speed control shows it, the running view's runs follow (no restart). */
function applySpeed(next: Speed): void {
  const text = String(next);
  if (![...ui.speed.options].some((o) => o.value === text)) {
    // A speed from a URL that the list does not offer (speed=50): offered from now on.
    const o = document.createElement('option');
    o.value = text;
    o.textContent = `${Number(text).toLocaleString('en-US')} steps/s`;
    const after = [...ui.speed.options].find((x) => Number(x.value) > Number(text) || x.value === 'max');
    ui.speed.insertBefore(o, after ?? null);
  }
  ui.speed.value = text;
  if (next === speed) return;
  speed = next;
  runner()?.onSpeed(speed);
}

/** Shows view `next.view` with these values (the previous view's runs stop; a table keeps going). */
function showView(next: AppState): void {
  const spec = findView(views, next.view);
  const controller = controllers.get(next.view);
  if (!spec || !controller) return;
  for (const [id, c] of controllers) if (id !== next.view) c.hide(); // idempotent; a table run goes on
  state = next;
  applySpeed(next.speed ?? 'auto'); // before the view activates its runner with hooks.speed()
  ui.runPanel.hidden = controller.panel !== ui.runPanel;
  ui.tablePanel.hidden = controller.panel !== ui.tablePanel;
  ui.skipLink.href = `#${controller.panel.id}`;
  ui.picker.value = spec.id;
  ui.title.textContent = spec.title;
  ui.summary.textContent = spec.summary;
  document.title = `${spec.title} · fastslow playground`;
  controls = renderControls(ui.fields, spec, {
    change(name, text) {
      if (!state) return;
      state = withValue(state, name, text);
      controls?.update(state.values);
      edited();
    },
    newSeed() {
      if (!state) return;
      const seed = crypto.getRandomValues(new Uint32Array(1))[0] ?? 1;
      state = withValue(state, SEED_PARAM, String(seed));
      controls?.update(state.values);
      edited();
    },
  });
  controls.update(state.values);
  active = controller;
  document.body.dataset.view = spec.id;
  controller.show(spec, state);
  applyOptions(controller.panel, state.options);
  shell.viewShown(spec);
  validateSoon();
}

/** A view sets values itself (a click on its picture), as controls would. */
function setValues(values: Readonly<Record<string, string>>): void {
  if (!state) return;
  for (const [name, text] of Object.entries(values)) state = withValue(state, name, text);
  controls?.update(state.values);
  edited();
}

/** A control changed the values: the address follows (replaceState), the view reacts. */
function edited(): void {
  if (!state) return;
  const hash = formatHash(views, state);
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
  active?.changed(state, true);
  shell.stateChanged();
  validateSoon();
}

/** Applies the URL hash (page load, Back / Forward, or the user edited the address). */
function applyHash(): void {
  if (views.length === 0) return;
  if (shell.isLanding(location.hash)) {
    for (const c of controllers.values()) c.hide();
    state = undefined;
    active = undefined;
    shell.showLanding(views);
    return;
  }
  shell.hideLanding();
  const parsed = parseHash(views, location.hash);
  const hash = formatHash(views, parsed.state);
  if (state && active && hash === formatHash(views, state)) {
    if (location.hash !== hash) {
      // An address that reads as the state shown (say, another view-less scenario): say what was not used.
      history.replaceState(history.state, '', hash);
      if (parsed.notes.length > 0) messageOf(active).set(parsed.notes.join(' '), 'warning');
    }
    return; // already shown (hashchange and popstate both fire for one navigation)
  }
  if (!state || parsed.state.view !== state.view) {
    showView(parsed.state);
  } else if (sameRun(parsed.state, state)) {
    state = parsed.state; // only options or the speed differ: the run goes on, shown and paced as the URL says
    if (active) applyOptions(active.panel, state.options);
    applySpeed(state.speed ?? 'auto');
  } else {
    state = parsed.state;
    applySpeed(state.speed ?? 'auto');
    controls?.update(state.values);
    active?.changed(state, false);
    validateSoon();
  }
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
  shell.stateChanged();
  if (parsed.notes.length > 0) messageOf(active).set(parsed.notes.join(' '), 'warning');
}

async function boot(): Promise<void> {
  runUi.phase.textContent = 'loading';
  let schema;
  try {
    schema = await pool.schema();
  } catch (err) {
    ui.title.textContent = 'The computation core could not be loaded';
    ui.phase.textContent = 'unavailable';
    bootMessage.set(`Could not load the WebAssembly core: ${err instanceof Error ? err.message : String(err)}`, 'error');
    return;
  }
  views = buildViews(schema, TABLE_REFERENCE);
  if (views.length === 0) {
    ui.title.textContent = 'Nothing to show';
    bootMessage.set('The core lists no scenario this playground has a view for.', 'error');
    return;
  }
  ui.picker.replaceChildren(
    ...views.map((v) => {
      const o = document.createElement('option');
      o.value = v.id;
      o.textContent = v.title;
      return o;
    }),
  );
  ui.picker.disabled = false;
  bootMessage.set('');
  applyHash();
  shell.booted();
}

// ---- wiring -------------------------------------------------------------------------------------

const runner = (): Runner | undefined => active?.runner;
ui.run.addEventListener('click', () => runner()?.onRun());
ui.pause.addEventListener('click', () => runner()?.onPause());
ui.step.addEventListener('click', () => runner()?.onStep());
ui.reset.addEventListener('click', () => runner()?.onReset());
// The speed is in the address (speed=…): a shared link plays as it did; the run goes on.
ui.speed.addEventListener('change', () => {
  speed = parseSpeed(ui.speed.value);
  runner()?.onSpeed(speed);
  if (!state) return;
  state = withSpeed(state, speed);
  const hash = formatHash(views, state);
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
  shell.stateChanged();
});
ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  active?.submit();
});
// Enter in a text field runs (a form with several text fields has no implicit submission).
ui.form.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement) || e.target.type !== 'text') return;
  e.preventDefault();
  ui.form.requestSubmit();
});
// View options (data-option controls): the address follows, the run goes on.
watchOptions(document.body, (name, on) => {
  if (!state) return;
  state = withOption(views, state, name, on);
  const hash = formatHash(views, state);
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
  shell.stateChanged();
});
ui.picker.addEventListener('change', () => {
  if (!state) return;
  const next = withView(views, state, ui.picker.value);
  history.pushState(null, '', formatHash(views, next));
  showView(next);
});
// The skip link moves focus without touching the hash (which holds the state, not an anchor).
ui.skipLink.addEventListener('click', (e) => {
  e.preventDefault();
  active?.panel.focus();
});
window.addEventListener('popstate', applyHash);
window.addEventListener('hashchange', applyHash);
window.addEventListener('unhandledrejection', (e) => {
  // Nothing should get here; if something does, say so instead of failing silently.
  console.error(e.reason);
  messageOf(active).set(`Unexpected error: ${e.reason instanceof Error ? e.reason.message : String(e.reason)}`, 'error');
});

void boot();
