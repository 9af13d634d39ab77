/** `fastslow bandit-table`: RL² Table 1 (every baseline, 9 settings) on the worker pool. */
import { COLUMN_TITLES, type BanditColumn } from '../bandit-reference.js';
import { parseSettings, runBanditTable, type BanditTable, type BanditTableCell, type BanditTableOptions } from '../bandit-table.js';
import { createPool } from '../client.js';
import { numberFlag, stringFlag, type CliCommand } from './command.js';

export const banditTableCommand: CliCommand = {
  name: 'bandit-table',
  summary: 'RL² Table 1: every baseline on the 9 (n, k) settings, on the worker pool',
  flags: {
    trials: { type: 'string', help: 'tasks per cell (default 1000)' },
    seed: { type: 'string', help: 'evaluation seed (default 1)' },
    settings: { type: 'string', help: '"n=100,k=10;..." (default: all 9)' },
    policies: { type: 'string', help: 'comma-separated columns (default: all baselines; rl2 = the shipped RL² weights)' },
  },
  async run(values, progress) {
    const opts: BanditTableOptions = {};
    const trials = numberFlag(values, 'trials');
    const seed = numberFlag(values, 'seed');
    const settings = stringFlag(values, 'settings');
    const policies = stringFlag(values, 'policies');
    if (trials !== undefined) opts.trials = trials;
    if (seed !== undefined) opts.seed = seed;
    if (settings !== undefined) opts.settings = parseSettings(settings);
    if (policies !== undefined) opts.policies = policies.split(',').map((p) => p.trim()) as BanditColumn[];
    const pool = createPool();
    try {
      const table = await runBanditTable(pool, {
        ...opts,
        onProgress: progress && ((p) => progress(`${(100 * p.fraction).toFixed(0)}%  ${p.cellsDone}/${p.cells} cells  ETA ${p.etaSeconds?.toFixed(0) ?? '?'} s`)),
      });
      return { json: table, text: formatTable(table) };
    } finally {
      pool.dispose();
    }
  },
};

/** Rows are settings, columns policies: "ours (paper)" with ± SE, and * where outside the band. */
function formatTable(table: BanditTable): string {
  const policies = [...new Set(table.cells.map((c) => c.policy))];
  const rows = [...new Set(table.cells.map((c) => `n=${c.n},k=${c.k}`))];
  const cell = (c: BanditTableCell | undefined) =>
    c === undefined ? '' : `${c.mean.toFixed(1)}±${c.se.toFixed(1)} (${c.paper?.toFixed(1) ?? '–'})${c.agrees === false ? '*' : ''}`;
  const width = 24;
  const lines = [
    `RL² Table 1: mean total reward ± SE over ${table.trials} tasks (seed ${table.seed}); paper in parentheses; * = outside max(2%, 3 SE)`,
    `${'setting'.padEnd(12)}${policies.map((p) => COLUMN_TITLES[p].padEnd(width)).join('')}`,
    ...rows.map((r) => `${r.padEnd(12)}${policies.map((p) => cell(table.cells.find((c) => `n=${c.n},k=${c.k}` === r && c.policy === p)).padEnd(width)).join('')}`),
    `${table.cells.filter((c) => c.agrees).length}/${table.cells.length} cells agree; ${table.seconds.toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}
