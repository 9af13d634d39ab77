// Okabe–Ito colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008), shared by the
// canvases and the uPlot charts so that they all read the same way. Hues are paired with shapes
// (circle, tick, ★, ▲, ◆, dash patterns, ✓ / ✗) so nothing relies on colour alone.
export const PALETTE = {
  pulls: '#56B4E9', // sky blue: pull-count bars
  last: '#D55E00', // vermillion: last-pulled arm
  lastTint: 'rgba(213, 94, 0, 0.10)',
  estimate: '#0072B2', // blue: estimated probability (circle)
  density: '#0072B2', // blue: posterior density curves
  densityFill: 'rgba(0, 114, 178, 0.12)',
  index: '#1b1f24', // near-black: a policy's index (◆)
  truth: '#E69F00', // orange: true probability (tick), shown only when revealed
  best: '#007A56', // bluish green (Okabe–Ito #009E73, darkened for text contrast): best arm
  bestTint: 'rgba(0, 158, 115, 0.13)',
  regret: '#0072B2',
  regretFill: 'rgba(0, 114, 178, 0.08)',
  grid: '#d9dde3',
  beyond: 'rgba(89, 97, 112, 0.07)', // the part of an axis past p = 1
  muted: '#596170',
  text: '#1b1f24',
  surface: '#ffffff',
} as const;

/** One look per compared policy (by position): an Okabe–Ito hue and a dash pattern. */
export const SERIES_STYLES: readonly { readonly color: string; readonly fill: string; readonly dash: readonly number[]; readonly name: string }[] = [
  { color: '#0072B2', fill: 'rgba(0, 114, 178, 0.16)', dash: [], name: 'solid' },
  { color: '#D55E00', fill: 'rgba(213, 94, 0, 0.16)', dash: [8, 4], name: 'dashed' },
  { color: '#007A56', fill: 'rgba(0, 158, 115, 0.18)', dash: [2, 3], name: 'dotted' },
  { color: '#B3508A', fill: 'rgba(204, 121, 167, 0.20)', dash: [10, 3, 2, 3], name: 'dash-dot' },
];
