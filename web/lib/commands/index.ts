/** Every experiment command of the CLI: the one place a new command is listed. */
import { banditTableCommand } from './bandit-table.js';
import type { CliCommand } from './command.js';
import { episodicCompareCommand } from './episodic-compare.js';
import { goExploreCompareCommand } from './go-explore-compare.js';
import { mamlEsTrainCommand } from './maml-es-train.js';
import { mamlNavEvalCommand } from './maml-nav-eval.js';
import { mamlSinusoidEvalCommand } from './maml-sinusoid-eval.js';
import { rl2EvalCommand } from './rl2-eval.js';

export const COMMANDS: readonly CliCommand[] = [
  banditTableCommand,
  rl2EvalCommand,
  episodicCompareCommand,
  mamlSinusoidEvalCommand,
  mamlNavEvalCommand,
  mamlEsTrainCommand,
  goExploreCompareCommand,
];
