// The one place the playground's views draw from, so that a running computation never blocks the
// page (issue: no main-thread task over 50 ms while a job runs). Views do not draw when a frame
// arrives; they ask for a draw with `scheduleDraw(key, job)`:
//
//   - coalescing: one pending job per key (the newest replaces it, keeping its place in line), so
//     a plot or a canvas is drawn at most once per cycle however many frames arrived;
//   - one cycle per animation frame at most, and the jobs run in tasks of their own after it, not
//     inside the requestAnimationFrame callback: the browser's style / layout / paint / commit of
//     the frame is one task, our drawing others;
//   - a time budget per task (BUDGET_MS): when it is used up, the remaining jobs run in the next
//     task (a MessageChannel yield, so worker messages, input and rendering get in between);
//   - a bounded share of the main thread: after a cycle whose jobs took C ms, the next cycle starts
//     no sooner than C · (1 − SHARE) / SHARE ms later. On a fast machine that is every frame; on
//     a slow or loaded one the views draw less often instead of blocking the page.
//
// Jobs read the newest state when they run (they are closures over the view, not over a frame).
// The Runner (runner.ts) hands frames to its view through here, CanvasPanel (canvas-panel.ts) and
// the uPlot wrappers draw through here: every view built on them gets this for free.

type Job = () => void;

/** JavaScript per task before the remaining jobs yield to the event loop. */
export const BUDGET_MS = 8;
/** Largest share of main-thread time the draws take, averaged over a cycle and the gap after it. */
export const SHARE = 0.5;

let pending = new Map<object, Job>();
/** Jobs asked for again while their cycle was running: they wait for the next cycle. */
let deferred = new Map<object, Job>();
let ran = new Set<object>();
let inCycle = false;
let rafId = 0;
let timerId = 0;
let notBefore = 0;
let cycleCost = 0;

const channel = typeof MessageChannel === 'function' ? new MessageChannel() : undefined;
if (channel) channel.port1.onmessage = () => slice();

function yieldThen(): void {
  if (channel) channel.port2.postMessage(null);
  else setTimeout(slice, 0);
}

/** Draw `job` in the next cycle; a job already pending for `key` is replaced. */
export function scheduleDraw(key: object, job: Job): void {
  if (inCycle && ran.has(key)) {
    deferred.set(key, job);
    return;
  }
  pending.set(key, job);
  if (!inCycle) requestCycle();
}

/** Forget the pending job of `key` (its view went away). */
export function cancelDraw(key: object): void {
  pending.delete(key);
  deferred.delete(key);
}

/** Runs every pending job now (before reading a canvas back, e.g. a PNG export). */
export function flushDraws(): void {
  for (let guard = 0; guard < 8 && (pending.size > 0 || deferred.size > 0); guard++) {
    const jobs = [...pending.values(), ...deferred.values()];
    pending = new Map();
    deferred = new Map();
    for (const job of jobs) runJob(job);
  }
}

function requestCycle(): void {
  if (rafId !== 0 || timerId !== 0) return;
  const wait = notBefore - performance.now();
  if (wait > 1) {
    timerId = window.setTimeout(() => {
      timerId = 0;
      requestCycle();
    }, wait);
    return;
  }
  rafId = requestAnimationFrame(() => {
    rafId = 0;
    if (pending.size === 0) return;
    inCycle = true;
    ran = new Set();
    cycleCost = 0;
    yieldThen();
  });
}

function slice(): void {
  const start = performance.now();
  while (pending.size > 0) {
    const [key, job] = pending.entries().next().value as [object, Job];
    pending.delete(key);
    ran.add(key);
    runJob(job);
    if (pending.size > 0 && performance.now() - start >= BUDGET_MS) {
      cycleCost += performance.now() - start;
      yieldThen();
      return;
    }
  }
  const end = performance.now();
  cycleCost += end - start;
  notBefore = end + (cycleCost * (1 - SHARE)) / SHARE;
  inCycle = false;
  pending = deferred;
  deferred = new Map();
  if (pending.size > 0) requestCycle();
}

function runJob(job: Job): void {
  try {
    job();
  } catch (err) {
    // One view's failure must not stop the others' drawing; it still reaches the console.
    reportError(err);
  }
}
