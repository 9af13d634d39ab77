// The one progress bar of the playground: a <progress> and a line "42% · 3.1 s elapsed · about
// 4.2 s left", used by every view for every job (the runner's runs, the table's cells). The time
// left is the caller's estimate when it has one (the table's, from work done), else one made here
// from the rate of progress since the job last (re)started running.

/** A duration: "0.4 s", "45 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 9.95) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Seconds left at a constant rate: from (t0, f0) to (t, f); undefined until there is a rate. */
export function estimateLeft(f0: number, t0: number, f: number, t: number): number | undefined {
  const df = f - f0;
  const dt = t - t0;
  if (!(df > 0.005) || !(dt > 0.25)) return undefined;
  return Math.max(0, ((1 - f) * dt) / df);
}

export interface ProgressText {
  readonly fraction: number;
  readonly elapsedSeconds: number;
  readonly etaSeconds?: number;
  /** What is counted, e.g. "3 of 9 cells". */
  readonly detail?: string;
  readonly state?: 'running' | 'paused' | 'done';
}

export function progressLine(p: ProgressText): string {
  const pct = `${Math.floor(Math.min(1, Math.max(0, p.fraction)) * 100)}%`;
  const parts = [...(p.detail ? [p.detail] : []), pct, `${formatDuration(p.elapsedSeconds)} elapsed`];
  if (p.state === 'paused') parts.push('paused');
  else if (p.state !== 'done') parts.push(p.etaSeconds === undefined ? 'estimating time left…' : `about ${formatDuration(p.etaSeconds)} left`);
  return parts.join(' · ');
}

export class ProgressMeter {
  private startedAt = 0;
  private elapsedBefore = 0;
  private running = false;
  private segment = { t0: 0, f0: 0 };
  private fraction = 0;

  constructor(
    readonly bar: HTMLProgressElement,
    readonly text: HTMLElement,
  ) {}

  /** A new job: counting from zero. */
  start(): void {
    this.elapsedBefore = 0;
    this.fraction = 0;
    this.running = false;
    this.resume();
    this.show(0);
  }

  /** Work goes on (after a pause): the rate is measured anew. */
  resume(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = performance.now();
    this.segment = { t0: this.startedAt, f0: this.fraction };
  }

  pause(): void {
    if (!this.running) return;
    this.elapsedBefore += (performance.now() - this.startedAt) / 1000;
    this.running = false;
    this.show(this.fraction, { state: 'paused' });
  }

  elapsed(): number {
    return this.elapsedBefore + (this.running ? (performance.now() - this.startedAt) / 1000 : 0);
  }

  /** Progress `fraction` in [0, 1]; `etaSeconds` when the caller knows better; `detail` counts. */
  update(fraction: number, opts: { etaSeconds?: number; detail?: string } = {}): void {
    this.fraction = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
    const now = performance.now();
    const eta = opts.etaSeconds ?? (this.running ? estimateLeft(this.segment.f0, this.segment.t0 / 1000, this.fraction, now / 1000) : undefined);
    this.show(this.fraction, { ...(eta === undefined ? {} : { etaSeconds: eta }), ...(opts.detail ? { detail: opts.detail } : {}), state: this.running ? 'running' : 'paused' });
  }

  /** The job ended (finished or cancelled): the line says how long it took. */
  finish(detail?: string): void {
    if (this.running) this.pause();
    this.show(this.fraction, { state: 'done', ...(detail ? { detail } : {}) });
  }

  /** No job. */
  clear(): void {
    this.running = false;
    this.elapsedBefore = 0;
    this.fraction = 0;
    this.bar.value = 0;
    this.text.textContent = '';
    delete this.bar.dataset.eta;
  }

  private show(fraction: number, p: Omit<ProgressText, 'fraction' | 'elapsedSeconds'> = {}): void {
    this.bar.value = fraction;
    const line = progressLine({ fraction, elapsedSeconds: this.elapsed(), ...p });
    this.text.textContent = line;
    this.bar.setAttribute('aria-valuetext', line);
    if (p.etaSeconds !== undefined) this.bar.dataset.eta = String(p.etaSeconds);
    else delete this.bar.dataset.eta;
  }
}

/** The text element shown beside a <progress> (created after it when the page has none). */
export function progressTextFor(bar: HTMLProgressElement): HTMLElement {
  const id = `${bar.id || 'progress'}-text`;
  const existing = document.getElementById(id);
  if (existing) return existing;
  const span = document.createElement('span');
  span.id = id;
  span.className = 'progress-text';
  bar.after(span);
  return span;
}
