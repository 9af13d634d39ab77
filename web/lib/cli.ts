#!/usr/bin/env node
/**
 * The command line: `fastslow run <scenario> [--param value ...] [--json]`, `fastslow --help`.
 *
 * `run` uses the compute module on this thread rather than a worker pool: a terminal has no
 * UI thread to keep responsive, so time slicing and message passing would only add start-up
 * cost and moving parts; the numbers are the same (one core, one seed → one result).
 * Flags are passed to the core as strings; the core validates them (contract).
 */
import { parseArgs } from 'node:util';
import { COLUMN_TITLES, type BanditPolicyName } from './bandit-reference.js';
import { parseSettings, runBanditTable, type BanditTable, type BanditTableCell, type BanditTableOptions, type TableProgress } from './bandit-table.js';
import { createPool } from './client.js';
import { Engine } from './compute.js';
import { FastslowError, describe } from './errors.js';
import type { ParamError, ParamSpec, Schema, ScenarioSpec } from './schema.js';

const USAGE = `usage: fastslow run <scenario> [--<param> <value> ...] [--json]
       fastslow bandit-table [--trials 1000] [--seed 1] [--settings "n=100,k=10;..."]
                             [--policies ucb1,gittins,...] [--json]   RL² Table 1, on the worker pool
       fastslow --help             list scenarios and their parameters
       fastslow help <scenario>    one scenario's parameters`;

/** Exit codes: 0 ok, 1 internal failure, 2 bad command line (usage or parameter values). */
const EXIT_USAGE = 2;
const RESERVED = new Set(['json', 'help']);

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const engine = await Engine.load('auto');
  const schema = engine.schema();
  const { values, positionals } = parse(argv, schema);
  const [command, scenario, ...extra] = positionals;
  if (values.help === true || command === undefined || command === 'help') {
    process.stdout.write(help(schema, scenario));
    return 0;
  }
  const json = values.json === true || values.json === 'true';
  if (command === 'bandit-table') {
    if (scenario !== undefined) throw new UsageError(`unexpected argument "${scenario}" (flags look like --trials 1000)`);
    const table = await banditTable(values);
    process.stdout.write(json ? `${JSON.stringify(table)}\n` : formatTable(table));
    return 0;
  }
  if (command !== 'run') throw new UsageError(`unknown command "${command}"`);
  if (scenario === undefined) throw new UsageError(`run needs a scenario: ${names(schema)}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" (flags look like --k 10)`);
  const result = engine.run(scenario, paramsFrom(values));
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : summary(result));
  return 0;
}

const TABLE_FLAGS = new Set(['trials', 'seed', 'settings', 'policies', 'json', 'help']);

/** The table on a worker pool; trials and seed are validated by the core (bandit-eval). */
async function banditTable(values: Record<string, unknown>): Promise<BanditTable> {
  for (const name of Object.keys(values)) {
    if (!TABLE_FLAGS.has(name)) throw new UsageError(`bandit-table has no flag --${name}; flags: --trials --seed --settings --policies --json`);
  }
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const opts: BanditTableOptions = {};
  if (text('trials') !== undefined) opts.trials = Number(text('trials'));
  if (text('seed') !== undefined) opts.seed = Number(text('seed'));
  if (text('settings') !== undefined) opts.settings = parseSettings(text('settings')!);
  if (text('policies') !== undefined) opts.policies = text('policies')!.split(',').map((p) => p.trim()) as BanditPolicyName[];
  // A non-numeric --trials/--seed reaches the core as NaN, which names the parameter.
  const pool = createPool();
  const progress = process.stderr.isTTY
    ? (p: TableProgress) => process.stderr.write(`\r${(100 * p.fraction).toFixed(0)}%  ${p.cellsDone}/${p.cells} cells  ETA ${p.etaSeconds?.toFixed(0) ?? '?'} s  `)
    : undefined;
  try {
    return await runBanditTable(pool, { ...opts, onProgress: progress });
  } finally {
    if (progress) process.stderr.write('\n');
    pool.dispose();
  }
}

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

interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

function parse(argv: string[], schema: Schema): Parsed {
  const options = flagOptions(schema);
  const { values, tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  // parseArgs treats an undeclared flag as a boolean, so `--arms 3` leaves "3" behind as a
  // positional: give the value back to the flag, so the core can name the unknown param.
  const given = new Set<number>();
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (token.kind === 'option' && !(token.name in options) && token.value === undefined && next?.kind === 'positional') {
      values[token.name] = next.value;
      given.add(next.index);
    }
  });
  const positionals = tokens.flatMap((t) => (t.kind === 'positional' && !given.has(t.index) ? [t.value] : []));
  return { values, positionals };
}

/** Every parameter of every scenario is a string flag, so `--k 10` and `--k=10` both work
 *  (an undeclared flag would swallow its value as a positional). */
function flagOptions(schema: Schema): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const scenario of schema.scenarios) {
    for (const param of scenario.params) if (!RESERVED.has(param.name)) options[param.name] = { type: 'string' };
  }
  return options;
}

/** The flags meant for the core: strings as typed; a bare `--flag` is `true`. */
function paramsFrom(values: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) if (!RESERVED.has(name)) params[name] = value;
  return params;
}

function names(schema: Schema): string {
  return schema.scenarios.map((s) => s.name).join(', ');
}

function help(schema: Schema, only?: string): string {
  const scenarios = only === undefined ? schema.scenarios : schema.scenarios.filter((s) => s.name === only);
  if (scenarios.length === 0) throw new UsageError(`unknown scenario "${only}"; one of: ${names(schema)}`);
  const blocks = scenarios.map(scenarioHelp);
  const options = '  --json              print the result as one JSON object\n  --help, -h          this help\n';
  return `${USAGE}\n\nscenarios:\n${blocks.join('\n')}\noptions:\n${options}`;
}

function scenarioHelp(scenario: ScenarioSpec): string {
  const head = `  ${scenario.name} — ${scenario.title}\n    ${scenario.summary}\n`;
  return head + scenario.params.map((p) => `    ${`--${p.name} <${p.type}>`.padEnd(24)}${p.help} (${accepted(p)})\n`).join('');
}

function accepted(p: ParamSpec): string {
  const values =
    p.type === 'enum' ? (p.choices ?? []).join(' | ') : p.type === 'bool' ? 'true | false' : `${p.min} .. ${p.max}`;
  return `${values}; default ${String(p.default)}`;
}

/** A few readable lines: the params, then the result's fields — single values first,
 *  then arrays (abbreviated when long) and nested objects. */
function summary(result: unknown): string {
  if (typeof result !== 'object' || result === null) return `${String(result)}\n`;
  const { scenario, params, seed: _seed, done: _done, ...fields } = result as Record<string, unknown>;
  const settings = Object.entries((params ?? {}) as Record<string, unknown>)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const simple = (v: unknown) => typeof v !== 'object' || v === null;
  const entries = Object.entries(fields).sort(([, a], [, b]) => Number(!simple(a)) - Number(!simple(b)));
  const width = Math.max(0, ...entries.map(([k]) => k.length)) + 2;
  const lines = entries.map(([k, v]) => `  ${k.padEnd(width)}${brief(v)}`);
  return `${String(scenario)}  ${settings}\n${lines.join('\n')}\n`;
}

function brief(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(5)));
  if (Array.isArray(value)) return value.length <= 12 ? value.map(brief).join(' ') : `[${value.length} values]`;
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).map(([k, v]) => `${k}: ${brief(v)}`).join(', ');
  }
  return String(value);
}

/** "fastslow: invalid --k: 1 is out of range; expected an integer in [2, 1000]". */
function paramErrorLine(e: ParamError): string {
  const what = e.param === 'scenario' ? 'scenario' : `--${e.param}`;
  let text = e.message.startsWith(`${e.param}: `) ? e.message.slice(e.param.length + 2) : e.message;
  if (!text.includes(e.allowed)) text += ` (allowed: ${e.allowed})`;
  return `fastslow: invalid ${what}: ${text}`;
}

function report(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`fastslow: ${error.message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof FastslowError && error.code === 'invalid-params') {
    const lines = (error.details as ParamError[]).map(paramErrorLine);
    process.stderr.write(`${lines.join('\n')}\nsee: fastslow --help\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`fastslow: ${describe(error)}\n`);
  return 1;
}

// A reader that closes early (`| head`) is not an error of ours: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => (process.exitCode = report(error)),
);
