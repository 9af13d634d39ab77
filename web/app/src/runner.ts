// Drives a group of library runs as one: Run / Pause / Step / Reset, the playback speed, the status
// phase and progress. The live view runs a group of one; the comparison runs every policy × task.
// Frames are kept (newest per run) and handed to the view through the render scheduler
// (render-scheduler.ts): at most once per animation frame, in a task of its own, less often when
// drawing is slow, so no view's drawing blocks the page while its runs compute.
//
// Below 'max' speed the library runs stay paused and a requestAnimationFrame pacer asks each of
// them for the steps now due (handle.step(n)), so the page, not the workers, sets the tempo, and
// all runs of a group advance together (the pacer waits for the slowest one).

import type { Frame, Pool, RunHandle } from 'fastslow';
import type { ExportResults } from './export.ts';
import { ProgressMeter, progressTextFor } from './progress.ts';
import { cancelDraw, scheduleDraw } from './render-scheduler.ts';
import { buttonsFor, errorCode, formatStat, pace, paceRate, type Phase, type Speed } from './state.ts';

/** Dispatched on document when a view's exportable results appear or go away (share.ts listens). */
export const RESULTS_EVENT = 'fastslow:results';

export interface RunUi {
  readonly run: HTMLButtonElement;
  readonly pause: HTMLButtonElement;
  readonly step: HTMLButtonElement;
  readonly reset: HTMLButtonElement;
  readonly status: HTMLElement;
  readonly phase: HTMLElement;
  readonly progress: HTMLProgressElement;
}

/** One run of the group. */
export interface Launch {
  readonly scenario: string;
  readonly params: Record<string, string>;
}

export type MessageKind = 'info' | 'warning' | 'error';

export interface RunnerHost {
  /** The runs to start now; undefined when they cannot start (the host has said why). */
  launches(): Launch[] | undefined;
  /** Draws the newest frame of each run (undefined: none yet; an empty list: no run). */
  render(frames: readonly (Frame | undefined)[]): void;
  /** A run of the group failed (the others are cancelled). */
  failed(err: unknown): void;
  message(text: string, kind?: MessageKind): void;
}

export class Runner {
  private phaseNow: Phase = 'idle';
  private handles: RunHandle[] = [];
  private unsubscribes: (() => void)[] = [];
  private latest: (Frame | undefined)[] = [];
  private restartTimer = 0;
  private speed: Speed = 'auto';
  private pacer: { raf: number; last: number; carry: number } | undefined;
  /** Step number the paced runs were asked to reach (requested but maybe not yet done). */
  private requestedTo = 0;
  private active = false;
  /** The progress bar with time left (progress.ts, the same one every view uses). */
  private readonly meter: ProgressMeter;
  /** The runs of the last group that finished, with their results (for the exports). */
  private finished: { launches: Launch[]; results: unknown[] } | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly ui: RunUi,
    private readonly host: RunnerHost,
  ) {
    this.meter = new ProgressMeter(ui.progress, progressTextFor(ui.progress));
  }

  /** Results of the finished group (undefined while none): every run's scenario, parameters, result. */
  results(name: string): ExportResults | undefined {
    const f = this.finished;
    if (!f) return undefined;
    return { name, runs: f.launches.map((l, i) => ({ scenario: l.scenario, params: l.params, result: f.results[i] })) };
  }

  private setFinished(next: { launches: Launch[]; results: unknown[] } | undefined): void {
    if (next === undefined && this.finished === undefined) return;
    this.finished = next;
    document.dispatchEvent(new CustomEvent(RESULTS_EVENT));
  }

  get phase(): Phase {
    return this.phaseNow;
  }

  get running(): boolean {
    return this.handles.length > 0;
  }

  /** This runner now owns the shared toolbar and status. */
  activate(speed: Speed): void {
    this.active = true;
    this.speed = speed;
    this.setPhase(this.phaseNow);
  }

  /** Another view takes the toolbar: the run is dropped. */
  deactivate(): void {
    this.drop();
    this.phaseNow = 'idle';
    this.active = false;
  }

  setPhase(next: Phase): void {
    this.phaseNow = next;
    if (!this.active) return;
    const b = buttonsFor(next);
    this.ui.run.disabled = !b.run;
    this.ui.pause.disabled = !b.pause;
    this.ui.step.disabled = !b.step;
    this.ui.reset.disabled = !b.reset;
    this.ui.phase.textContent = next;
    this.ui.status.dataset.phase = next;
  }

  /** The smallest step any run of the group has reached (0 before the first frame). */
  reached(): number {
    if (this.latest.length === 0) return 0;
    let min = Infinity;
    for (const f of this.latest) min = Math.min(min, f?.scalars.step ?? 0);
    return Number.isFinite(min) ? min : 0;
  }

  private stepsPerRun(): number | undefined {
    for (const f of this.latest) if (f?.scalars.steps !== undefined) return f.scalars.steps;
    return undefined;
  }

  /** Progress of the group: that of its slowest run. */
  progress(): number {
    if (this.latest.length === 0) return 0;
    let min = 1;
    for (const f of this.latest) {
      const s = f?.scalars;
      const p = s?.progress ?? (s?.step !== undefined && s.steps ? s.step / s.steps : 0);
      min = Math.min(min, Number.isFinite(p) ? p : 0);
    }
    return min;
  }

  private flush = (): void => {
    if (this.latest.length === 0) this.meter.clear();
    else if (this.phaseNow === 'running' || this.phaseNow === 'paused') this.meter.update(this.progress());
    this.host.render(this.latest);
  };

  /** Frames can arrive faster than the display refreshes: keep the newest, draw once per cycle. */
  private queue(i: number, f: Frame): void {
    this.latest[i] = f;
    scheduleDraw(this, this.flush);
  }

  /** Cancels the runs (if any) and clears the views. */
  drop(): void {
    window.clearTimeout(this.restartTimer);
    this.cancelRuns();
    this.setFinished(undefined);
    this.latest = [];
    cancelDraw(this);
    this.flush();
  }

  /** Starts the group. Below 'max' speed the runs stay paused and the pacer feeds them steps. */
  start(paused: boolean): boolean {
    this.drop();
    const launches = this.host.launches();
    if (!launches || launches.length === 0) {
      this.setPhase('failed');
      return false;
    }
    const handles = launches.map((l) => this.pool.start(l.scenario, l.params, { paused: paused || this.speed !== 'max' }));
    this.handles = handles;
    this.latest = handles.map(() => undefined);
    this.requestedTo = 0;
    this.unsubscribes = handles.map((h, i) =>
      h.onFrame((f) => {
        if (this.handles === handles) this.queue(i, f);
      }),
    );
    this.setPhase(paused ? 'paused' : 'running');
    this.meter.start();
    if (paused) this.meter.pause();
    this.host.message(paused ? 'Paused at the start: Step advances one step, Run plays.' : 'Running…');
    if (!paused && this.speed !== 'max') this.startPacer();
    Promise.all(handles.map((h) => h.result)).then(
      (results) => {
        if (this.handles !== handles) return;
        this.stopPacer();
        // The last frames are shown (not left to the scheduler) before the phase says done.
        cancelDraw(this);
        this.flush();
        this.setPhase('done');
        this.meter.update(1);
        this.meter.finish();
        this.setFinished({ launches, results });
        const steps = this.stepsPerRun();
        const runs = handles.length > 1 ? ` × ${handles.length} runs` : '';
        this.host.message(steps !== undefined ? `Finished: ${formatStat(steps)} steps${runs}.` : 'Finished.');
      },
      (err: unknown) => {
        if (this.handles !== handles) return; // cancelled by Reset or a new run: nothing to report
        if (errorCode(err) === 'cancelled') return;
        this.fail(err);
      },
    );
    return true;
  }

  /** Stops pacing, unsubscribes from the runs' frames and cancels them. */
  private cancelRuns(): void {
    this.stopPacer();
    const handles = this.handles;
    this.handles = [];
    for (const u of this.unsubscribes) u();
    this.unsubscribes = [];
    for (const h of handles) h.cancel();
  }

  private fail(err: unknown): void {
    this.cancelRuns();
    this.meter.finish();
    this.setPhase('failed');
    this.host.failed(err);
  }

  // The pacer: one requestAnimationFrame loop asking the paused runs for the steps now due.
  private startPacer(): void {
    if (this.pacer || this.handles.length === 0) return;
    this.pacer = { raf: requestAnimationFrame(this.pacerTick), last: performance.now(), carry: 0 };
  }

  private stopPacer(): void {
    if (this.pacer) cancelAnimationFrame(this.pacer.raf);
    this.pacer = undefined;
  }

  private pacerTick = (now: number): void => {
    const pacer = this.pacer;
    if (!pacer || this.handles.length === 0) return;
    pacer.raf = requestAnimationFrame(this.pacerTick);
    const dt = now - pacer.last;
    pacer.last = now;
    const steps = this.stepsPerRun();
    if (steps === undefined && this.latest.length === this.handles.length && this.latest.every((f) => f !== undefined)) {
      // Every run has shown a frame, none counts its work units (`step` / `steps` scalars): it
      // cannot be paced, so it runs at full speed rather than wait for ever.
      this.stopPacer();
      for (const h of this.handles) h.resume();
      return;
    }
    const rate = steps === undefined ? undefined : paceRate(this.speed, steps);
    if (rate === undefined) return; // no frame yet, or switched to 'max' (handled on change)
    const reached = this.reached();
    this.requestedTo = Math.max(this.requestedTo, reached);
    const next = pace(pacer.carry, rate, dt, this.requestedTo - reached);
    pacer.carry = next.carry;
    if (next.send > 0) {
      for (const h of this.handles) h.step(next.send);
      this.requestedTo += next.send;
    }
  };

  onRun(): void {
    if (this.phaseNow === 'paused' && this.handles.length > 0) {
      if (this.speed === 'max') for (const h of this.handles) h.resume();
      else this.startPacer();
      this.setPhase('running');
      this.meter.resume();
      this.host.message('Running…');
    } else {
      this.start(false);
    }
  }

  onPause(): void {
    if (this.phaseNow !== 'running' || this.handles.length === 0) return;
    this.stopPacer();
    for (const h of this.handles) h.pause(); // also drops steps requested but not done yet
    this.setPhase('paused');
    this.meter.pause();
    this.host.message('Paused: Step advances one step, Run resumes.');
  }

  onStep(): void {
    if (this.phaseNow === 'paused' && this.handles.length > 0) {
      for (const h of this.handles) h.step(1);
      this.requestedTo = Math.max(this.requestedTo, this.reached()) + 1;
    } else if (this.start(true)) {
      for (const h of this.handles) h.step(1);
      this.requestedTo = 1;
    }
  }

  onReset(): void {
    this.drop();
    this.setPhase('idle');
    this.host.message('Reset. Press Run to start again.');
  }

  onSpeed(speed: Speed): void {
    const before = this.speed;
    this.speed = speed;
    if (this.phaseNow !== 'running' || this.handles.length === 0) return;
    if (speed === 'max' && before !== 'max') {
      this.stopPacer();
      for (const h of this.handles) h.resume();
    } else if (speed !== 'max' && before === 'max') {
      for (const h of this.handles) h.pause();
      this.startPacer();
    }
  }

  /** Settings changed: the shown run no longer matches them, so it is dropped (and restarted if it was running). */
  settingsChanged(): void {
    if (this.handles.length === 0) return;
    const wasRunning = this.phaseNow === 'running';
    this.drop();
    this.setPhase('idle');
    if (wasRunning) {
      this.host.message('Settings changed: restarting…');
      this.restartTimer = window.setTimeout(() => this.start(false), 350);
    } else {
      this.host.message('Settings changed: the run was reset.');
    }
  }

  /** New values from the URL (back / forward): the run is dropped, nothing restarts. */
  reset(): void {
    if (this.handles.length === 0 && this.phaseNow !== 'failed') return;
    this.drop();
    this.setPhase('idle');
  }
}
