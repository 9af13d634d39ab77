// Runs the bandit-live scenario from Node with three policies on the same task (same seed) and
// prints what each earned. Usage: node examples/node/run-bandit.mjs [seed]
import { createPool } from 'fastslow';
import { Engine } from 'fastslow/compute';

const seed = Number(process.argv[2] ?? 1);
const params = { k: 10, steps: 1000, seed };
const pool = createPool(); // one worker thread per core (os.availableParallelism())
try {
  const policies = ['epsilon-greedy', 'ucb1', 'thompson'];
  // Runs go to the pool's workers in parallel; frames stream while they run.
  const runs = policies.map((policy) => pool.start('bandit-live', { ...params, policy }));
  runs[0].onFrame((f) => process.stderr.write(`\r${policies[0]}: step ${f.scalars.step} of ${f.scalars.steps}`));
  const results = await Promise.all(runs.map((r) => r.result));
  process.stderr.write('\n');
  for (const [i, r] of results.entries()) {
    console.log(`${policies[i].padEnd(15)} total reward ${String(r.totalReward).padStart(5)}   regret ${r.cumulativeRegret.toFixed(2)}`);
  }
  // The same computation without a worker (scripts, tests): same seed, same numbers.
  const engine = await Engine.load();
  const same = engine.run('bandit-live', { ...params, policy: 'ucb1' });
  console.log(`same-thread ucb1 total reward ${same.totalReward} (${same.totalReward === results[1].totalReward ? 'identical' : 'DIFFERENT'})`);
} finally {
  pool.dispose();
}
