// Pure text of the RL² Table 1 view (no DOM, no library calls): what a cell says, its tooltip,
// the progress line. The numbers come from the library's runBanditTable (BanditTableCell); the
// types here are the parts of it this module reads.

/** The parts of a library BanditTableCell this module reads. */
export interface CellResult {
  readonly n: number;
  readonly k: number;
  readonly policy: string;
  readonly trials: number;
  readonly mean: number;
  readonly se: number;
  readonly paper?: number;
  readonly agrees?: boolean;
  readonly hyperparams: Readonly<Record<string, unknown>>;
}

/**
 * Half-width of the acceptance band around the paper's value: max(2% of it, 3 SE). The library's
 * `agrees` decides; this only says how wide the band it used was, for the tooltip.
 */
export function acceptanceBand(paper: number, se: number): number {
  return Math.max(0.02 * Math.abs(paper), 3 * se);
}

/** A table number: two decimals below 10 (n = 10 rows), one above, like the paper's. */
export function formatMean(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return v.toFixed(Math.abs(v) < 10 ? 2 : 1);
}

/** A standard error or band: two significant digits. */
export function formatSe(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  return Number(v.toPrecision(2)).toString();
}

export function describeHyperparams(h: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(h).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} = ${String(v)}`).join(', ');
}

/** Agreement mark: a symbol (never colour alone) and its word. */
export function agreementMark(agrees: boolean | undefined): { symbol: string; word: string; kind: 'agree' | 'disagree' | 'none' } {
  if (agrees === true) return { symbol: '✓', word: 'agrees with the paper', kind: 'agree' };
  if (agrees === false) return { symbol: '✗', word: 'differs from the paper', kind: 'disagree' };
  return { symbol: '', word: 'no paper value to compare with', kind: 'none' };
}

/** The full description of a finished cell (tooltip and screen-reader text). */
export function describeCell(c: CellResult, policyTitle: string): string {
  const mark = agreementMark(c.agrees);
  const head = `${policyTitle}, n=${c.n}, k=${c.k}: mean total reward ${formatMean(c.mean)} ± ${formatSe(c.se)} (standard error, ${c.trials.toLocaleString('en-US')} tasks)`;
  const paper =
    c.paper === undefined
      ? 'No paper value for this setting.'
      : `Paper ${c.paper}; acceptance band ${formatMean(c.paper - acceptanceBand(c.paper, c.se))} – ${formatMean(
          c.paper + acceptanceBand(c.paper, c.se),
        )} (paper ± max(2%, 3 SE) = ± ${formatSe(acceptanceBand(c.paper, c.se))}): ${mark.word}.`;
  return `${head}. ${paper} Hyperparameters: ${describeHyperparams(c.hyperparams)}.`;
}

import { formatDuration, progressLine } from './progress.ts';

export { formatDuration };

/** The parts of a library TableProgress this module reads. */
export interface ProgressLike {
  readonly fraction: number;
  readonly cellsDone: number;
  readonly cells: number;
  readonly elapsedSeconds: number;
  readonly etaSeconds?: number;
}

export function progressText(p: ProgressLike): string {
  return progressLine({
    fraction: p.fraction,
    elapsedSeconds: p.elapsedSeconds,
    detail: `${p.cellsDone} of ${p.cells} cells`,
    ...(p.etaSeconds === undefined ? {} : { etaSeconds: p.etaSeconds }),
  });
}

/** Download file name of an export, e.g. "fastslow-rl2-table1-trials1000-seed1.csv". */
export function exportName(trials: number, seed: number, ext: 'csv' | 'json'): string {
  return `fastslow-rl2-table1-trials${trials}-seed${seed}.${ext}`;
}
