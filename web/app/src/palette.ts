// Okabe–Ito colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008), shared by the
// canvas and the uPlot chart so that both read the same way. Hues are paired with shapes (circle,
// tick, ★, ▲) so nothing relies on colour alone.
export const PALETTE = {
  pulls: '#56B4E9', // sky blue: pull-count bars
  last: '#D55E00', // vermillion: last-pulled arm
  estimate: '#0072B2', // blue: estimated probability (circle)
  truth: '#E69F00', // orange: true probability (tick), shown only when revealed
  best: '#007A56', // bluish green (Okabe–Ito #009E73, darkened for text contrast): best arm
  bestTint: 'rgba(0, 158, 115, 0.13)',
  regret: '#0072B2',
  regretFill: 'rgba(0, 114, 178, 0.08)',
  grid: '#d9dde3',
  muted: '#596170',
  text: '#1b1f24',
  surface: '#ffffff',
} as const;
