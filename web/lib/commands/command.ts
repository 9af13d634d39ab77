/**
 * The shape of a CLI experiment command (`fastslow bandit-table ...`, `fastslow
 * episodic-compare ...`): one file per command under web/lib/commands/, listed once in
 * commands/index.ts. cli.ts parses the command line, rejects flags the command does not
 * declare, and prints the result as text or (with --json) as one JSON object.
 */

/** A command-line mistake: exit code 2 with the usage text. */
export class UsageError extends Error {}

export interface CommandFlag {
  /** `string` flags carry a value (`--seeds 10`); `boolean` flags do not. */
  type: 'string' | 'boolean';
  help: string;
}

export interface CommandOutput {
  /** The machine-readable result (printed by --json). */
  json: unknown;
  /** The human-readable result (printed otherwise), ending with a newline. */
  text: string;
}

export interface CliCommand {
  name: string;
  /** One line: what the command reproduces. */
  summary: string;
  /** Flags other than --json and --help. */
  flags: Record<string, CommandFlag>;
  /** Runs the command. `values` holds only declared flags, as typed (strings) or `true`.
   *  `progress` (a TTY's stderr, else undefined) takes one status line at a time. */
  run(values: Record<string, string | boolean | undefined>, progress?: (line: string) => void): Promise<CommandOutput>;
}

/** `--name value` as a number, or undefined when absent. A non-numeric value becomes NaN,
 *  which the core's validation reports naming the parameter. */
export function numberFlag(values: Record<string, unknown>, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UsageError(`--${name} needs a value`);
  return v.trim() === '' ? Number.NaN : Number(v);
}

export function stringFlag(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UsageError(`--${name} needs a value`);
  return v;
}
