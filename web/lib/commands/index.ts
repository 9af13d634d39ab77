/** Every experiment command of the CLI: the one place a new command is listed. */
import { banditTableCommand } from './bandit-table.js';
import type { CliCommand } from './command.js';
import { mamlNavEvalCommand } from './maml-nav-eval.js';
import { mamlSinusoidEvalCommand } from './maml-sinusoid-eval.js';

export const COMMANDS: readonly CliCommand[] = [banditTableCommand, mamlSinusoidEvalCommand, mamlNavEvalCommand];
