// The RL² views' controllers, keyed by view id (registered in main.ts; the views themselves are
// built from the schema in rl2-model.ts, registered in state.ts).

import type { Pool } from 'fastslow';
import type { RunPanelHooks } from '../live-view.ts';
import type { Runner, RunUi } from '../runner.ts';
import type { ViewController } from '../view.ts';
import { Rl2BanditView } from './rl2-bandit-view.ts';
import { Rl2MazeView } from './rl2-maze-view.ts';
import { RL2_LIVE, RL2_MAZE, RL2_TRAIN } from './rl2-model.ts';
import { Rl2TrainView } from './rl2-train-view.ts';
import './rl2.css';

export function rl2Controllers(pool: Pool, runUi: RunUi, hooks: RunPanelHooks): [string, ViewController & { runner?: Runner }][] {
  return [
    [RL2_LIVE, new Rl2BanditView(pool, runUi, hooks)],
    [RL2_MAZE, new Rl2MazeView(pool, runUi, hooks)],
    [RL2_TRAIN, new Rl2TrainView(pool, runUi, hooks)],
  ];
}
