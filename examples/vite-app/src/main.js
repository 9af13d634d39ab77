import { createPool } from 'fastslow';

const pool = createPool({ size: 1 });
const out = document.getElementById('out');
const progress = document.getElementById('progress');
const button = document.getElementById('run');

button.addEventListener('click', async () => {
  button.disabled = true;
  out.textContent = 'Running…';
  const run = pool.start('bandit-live', { k: 10, steps: 2000, policy: 'ucb1', seed: 1 });
  // Frames arrive as the worker computes (an async iterable; onFrame works too).
  for await (const frame of run) progress.value = frame.scalars.step / frame.scalars.steps;
  const result = await run.result;
  out.textContent = `total reward ${result.totalReward}, regret ${result.cumulativeRegret.toFixed(2)}`;
  out.dataset.totalReward = String(result.totalReward);
  button.disabled = false;
});
