// Pure numerics of the policy comparison (no DOM): posterior counts from a bandit-live frame, Beta
// density shapes, and regret curves of many tasks averaged onto one grid with 95% bands.

/** z of a two-sided 95% normal interval. */
export const Z95 = 1.96;

/** Successes per arm, as the bandit-live frame reports them (with `pulls`, the exact posterior). */
export function successesOf(arrays: Readonly<Record<string, Float64Array>>): Float64Array | undefined {
  const { pulls, successes } = arrays;
  return successes && pulls && successes.length === pulls.length ? successes : undefined;
}

/**
 * The Beta(a, b) density at `points` evenly spaced x in [0, 1] (cell centres, so never exactly 0
 * or 1 where a or b < 1 makes it infinite), scaled so that its largest value is 1. Scaling per
 * curve is what a ridgeline shows: the shape and where the mass sits, not the height; it also
 * cancels the normalising constant B(a, b), so only (a−1)·ln x + (b−1)·ln(1−x) is evaluated.
 * A posterior narrower than one cell still shows: its peak cell is the maximum, scaled to 1.
 */
export function betaShape(a: number, b: number, points: number): Float64Array {
  const out = new Float64Array(points);
  let max = -Infinity;
  for (let i = 0; i < points; i++) {
    const x = (i + 0.5) / points;
    const v = (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x);
    out[i] = v;
    if (v > max) max = v;
  }
  for (let i = 0; i < points; i++) out[i] = Number.isFinite(max) ? Math.exp(out[i]! - max) : 0;
  return out;
}

/** y at x on the polyline (xs ascending); undefined beyond its last point. */
export function interpolate(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number | undefined {
  const n = Math.min(xs.length, ys.length);
  if (n === 0 || x > xs[n - 1]! || x < xs[0]!) return undefined;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo]!;
  const x1 = xs[hi]!;
  if (x1 === x0 || x <= x0) return ys[lo]!;
  return ys[lo]! + ((ys[hi]! - ys[lo]!) * (x - x0)) / (x1 - x0);
}

/** `points + 1` whole-step x values from 0 to `steps` (fewer when steps is small). */
export function stepGrid(steps: number, points = 300): Float64Array {
  const n = Math.max(1, Math.min(points, Math.floor(steps)));
  const out = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) out[i] = Math.round((i * steps) / n);
  return out;
}

export interface Band {
  readonly mean: (number | null)[];
  readonly lo: (number | null)[];
  readonly hi: (number | null)[];
  /** Tasks averaged (the curves given). */
  readonly tasks: number;
  /** Last grid index every task has reached (-1: none). */
  readonly reached: number;
}

/**
 * Mean cumulative regret of several tasks on `grid`, with the band mean ± 1.96·SE (SE = sample
 * standard deviation / √tasks; no band for a single task). A grid point counts only once every
 * task has reached it, so the mean is never of a changing subset of tasks; beyond that: null.
 * `floor` clips the lower edge (regret is never negative; the normal band can dip below 0).
 */
export function regretBand(
  curves: readonly { xs: ArrayLike<number>; ys: ArrayLike<number> }[],
  grid: ArrayLike<number>,
  floor = -Infinity,
): Band {
  const m = curves.length;
  const mean: (number | null)[] = [];
  const lo: (number | null)[] = [];
  const hi: (number | null)[] = [];
  let reached = -1;
  const values = new Float64Array(m);
  for (let g = 0; g < grid.length; g++) {
    const x = grid[g]!;
    let ok = m > 0;
    for (let r = 0; r < m && ok; r++) {
      const v = interpolate(curves[r]!.xs, curves[r]!.ys, x);
      if (v === undefined) ok = false;
      else values[r] = v;
    }
    if (!ok) {
      mean.push(null);
      lo.push(null);
      hi.push(null);
      continue;
    }
    reached = g;
    let sum = 0;
    for (let r = 0; r < m; r++) sum += values[r]!;
    const mu = sum / m;
    let ss = 0;
    for (let r = 0; r < m; r++) ss += (values[r]! - mu) ** 2;
    const half = m > 1 ? Z95 * Math.sqrt(ss / (m - 1) / m) : 0;
    mean.push(mu);
    lo.push(m > 1 ? Math.max(floor, mu - half) : null);
    hi.push(m > 1 ? mu + half : null);
  }
  return { mean, lo, hi, tasks: m, reached };
}

/**
 * Which arms a panel draws, in arm order: all of them when they fit, else the `max` with the
 * highest index (ties: more pulls), always including the last-pulled and the best arm.
 */
export function armsToShow(
  k: number,
  max: number,
  index: ArrayLike<number> | undefined,
  pulls: ArrayLike<number>,
  always: readonly number[],
): number[] {
  const all = Array.from({ length: k }, (_, i) => i);
  if (k <= max) return all;
  const keep = new Set(always.filter((i) => i >= 0 && i < k));
  const score = (i: number): number => (index ? (index[i] ?? 0) : 0);
  const ranked = [...all].sort((a, b) => score(b) - score(a) || (pulls[b] ?? 0) - (pulls[a] ?? 0) || a - b);
  for (const i of ranked) {
    if (keep.size >= max) break;
    keep.add(i);
  }
  return [...keep].sort((a, b) => a - b);
}

/** Index of the largest value (first on ties), or -1 for an empty or all-NaN array. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i]! > values[best]!) best = i;
  return best;
}

/** Right end of a panel's p axis: 1, or a round value past the largest finite index (at most 3). */
export function axisMax(index: ArrayLike<number> | undefined, started: boolean): number {
  let max = 1;
  if (index && started) for (let i = 0; i < index.length; i++) if (Number.isFinite(index[i]!)) max = Math.max(max, index[i]!);
  if (max <= 1) return 1;
  for (const m of [1.25, 1.5, 2, 2.5, 3]) if (max <= m) return m;
  return 3;
}
