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
import { COMMANDS } from './commands/index.js';
import { UsageError, type CliCommand } from './commands/command.js';
import { Engine } from './compute.js';
import { FastslowError, describe } from './errors.js';
import type { ParamError, ParamSpec, Schema, ScenarioSpec } from './schema.js';

const USAGE = `usage: fastslow run <scenario> [--<param> <value> ...] [--json]
       fastslow <command> [--<flag> <value> ...] [--json]   an experiment (commands below)
       fastslow --help             list scenarios, commands and their flags
       fastslow help <scenario|command>`;

/** Exit codes: 0 ok, 1 internal failure, 2 bad command line (usage or parameter values). */
const EXIT_USAGE = 2;
const RESERVED = new Set(['json', 'help']);

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
  const experiment = COMMANDS.find((c) => c.name === command);
  if (experiment !== undefined) {
    if (scenario !== undefined) throw new UsageError(`unexpected argument "${scenario}" (flags look like --seed 1)`);
    const out = await runCommand(experiment, values);
    process.stdout.write(json ? `${JSON.stringify(out.json)}\n` : out.text);
    return 0;
  }
  if (command !== 'run') throw new UsageError(`unknown command "${command}"; commands: run, ${COMMANDS.map((c) => c.name).join(', ')}`);
  if (scenario === undefined) throw new UsageError(`run needs a scenario: ${names(schema)}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" (flags look like --k 10)`);
  const result = engine.run(scenario, paramsFrom(values));
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : summary(result));
  return 0;
}

/** Rejects flags the command does not declare, then runs it with a TTY progress line. */
async function runCommand(command: CliCommand, values: Record<string, string | boolean | undefined>) {
  const declared = Object.keys(command.flags);
  const own: Record<string, string | boolean | undefined> = {};
  for (const [name, value] of Object.entries(values)) {
    if (RESERVED.has(name)) continue;
    if (!(name in command.flags)) {
      throw new UsageError(`${command.name} has no flag --${name}; flags: ${declared.map((f) => `--${f}`).join(' ')} --json`);
    }
    const flag = command.flags[name]!;
    if (flag.type === 'string' && typeof value !== 'string') throw new UsageError(`--${name} needs a value`);
    own[name] = value;
  }
  const tty = process.stderr.isTTY;
  const progress = tty ? (line: string) => process.stderr.write(`\r${line.padEnd(60)}`) : undefined;
  try {
    return await command.run(own, progress);
  } finally {
    if (tty) process.stderr.write('\n');
  }
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
  for (const command of COMMANDS) {
    for (const [name, flag] of Object.entries(command.flags)) options[name] ??= { type: flag.type };
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
  const commands = only === undefined ? COMMANDS : COMMANDS.filter((c) => c.name === only);
  if (scenarios.length + commands.length === 0) {
    throw new UsageError(`unknown scenario or command "${only}"; scenarios: ${names(schema)}; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
  }
  const options = '  --json              print the result as one JSON object\n  --help, -h          this help\n';
  const parts = [USAGE, ''];
  if (scenarios.length) parts.push(`scenarios (fastslow run <scenario>):\n${scenarios.map(scenarioHelp).join('\n')}`);
  if (commands.length) parts.push(`commands:\n${commands.map(commandHelp).join('\n')}`);
  return `${parts.join('\n')}\noptions:\n${options}`;
}

function commandHelp(command: CliCommand): string {
  const head = `  ${command.name} — ${command.summary}\n`;
  return head + Object.entries(command.flags).map(([name, f]) => `    ${(f.type === 'string' ? `--${name} <value>` : `--${name}`).padEnd(24)}${f.help}\n`).join('');
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
