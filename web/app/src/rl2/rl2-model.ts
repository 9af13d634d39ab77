// The RL² views of the playground (issue 4 "Playground"), as the picker offers them. Pure (no
// DOM, no library calls): built from the core's schema like every other view (state.ts).
//   rl2-live   RL² (shipped weights) beside the Gittins index policy on one seeded bandit task:
//              the rl2-live scenario's bandit parameters (task=bandit).
//   rl2-maze   RL² in a grid maze: the same scenario with task=maze (its maze parameters).
//   rl2-train  "Train it yourself": the rl2-train scenario (n ≤ 10), with checkpoints.

import type { ParamSpec, ScenarioSpec, SchemaSpec, ViewSpec } from '../state.ts';

export const RL2_LIVE = 'rl2-live';
export const RL2_MAZE = 'rl2-maze';
export const RL2_TRAIN = 'rl2-train';

/** rl2-live's parameters that only one task reads. */
const TASK_PARAM = 'task';
const BANDIT_ONLY = ['n', 'k'];
const MAZE_ONLY = ['size', 'episodes'];

function without(spec: ScenarioSpec, names: readonly string[]): ParamSpec[] {
  return spec.params.filter((p) => !names.includes(p.name));
}

/** The RL² views the core supports (none when its schema lacks the scenarios). */
export function rl2Views(schema: SchemaSpec): ViewSpec[] {
  const views: ViewSpec[] = [];
  const live = schema.scenarios.find((s) => s.name === RL2_LIVE);
  if (live && live.params.some((p) => p.name === TASK_PARAM)) {
    views.push({
      id: RL2_LIVE,
      kind: 'scenario',
      title: 'RL² vs Gittins on a bandit',
      summary:
        'A GRU policy trained with PPO across many bandit tasks (RL², Duan et al. 2016) plays one seeded Bernoulli bandit; ' +
        'the Gittins index policy plays the same task with the same reward coins beside it. Watch RL²’s action ' +
        'probabilities sharpen step by step and its hidden state move as it learns the task within one trial.',
      params: without(live, [TASK_PARAM, ...MAZE_ONLY]),
      scenario: RL2_LIVE,
    });
    views.push({
      id: RL2_MAZE,
      kind: 'app',
      title: 'RL² in a maze',
      summary:
        'The RL² policy trained on random 5×5 mazes, seeing only the walls around it, runs two episodes in the same maze ' +
        'with its hidden state carried over: episode 1 explores, episode 2 can use what the first one found.',
      params: without(live, [TASK_PARAM, ...BANDIT_ONLY]),
      scenario: RL2_LIVE,
    });
  }
  const train = schema.scenarios.find((s) => s.name === RL2_TRAIN);
  if (train) {
    views.push({
      id: RL2_TRAIN,
      kind: 'scenario',
      title: 'RL²: train it yourself',
      summary:
        'Trains a small RL² policy (GRU, PPO) on bandits of n ≤ 10 pulls in this page, with the learning curve live. ' +
        'Save a checkpoint to a file at any time and load it later (here or in another browser) to continue exactly where it was.',
      params: train.params,
      scenario: RL2_TRAIN,
    });
  }
  return views;
}

/** The rl2-live parameters of a view's values: the task the view shows added. */
export function liveParams(view: string, params: Readonly<Record<string, string>>): Record<string, string> {
  return { ...params, [TASK_PARAM]: view === RL2_MAZE ? 'maze' : 'bandit' };
}

/** A checkpoint file's scenario and parameters (undefined: not a fastslow checkpoint text). */
export function checkpointInfo(text: string): { scenario: string; params: Record<string, string> } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const c = parsed as { format?: unknown; scenario?: unknown; params?: unknown };
  if (c.format !== 'fastslow-checkpoint' || typeof c.scenario !== 'string' || typeof c.params !== 'object' || c.params === null) return undefined;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.params as Record<string, unknown>)) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') params[k] = String(v);
  }
  return { scenario: c.scenario, params };
}

/** Download name of a training checkpoint, e.g. "fastslow-rl2-train-n10-k5-seed1-it12.json". */
export function checkpointName(params: Readonly<Record<string, string>>, iteration: number): string {
  const clean = (s: string | undefined): string => (s ?? '').replace(/[^0-9A-Za-z.-]/g, '');
  return `fastslow-rl2-train-n${clean(params.n)}-k${clean(params.k)}-seed${clean(params.seed)}-it${iteration}.json`;
}
