// The episodic-control comparison run natively: the same `episodic-eval` runs as
// `npm run --silent cli -- episodic-compare` (same core, same parameters, one process per
// (method, seed), `--jobs` at a time under `nice -n 10`), summarised by the same code
// (summarizeEpisodic in web/lib/commands/episodic-compare.ts, built to dist/lib).
// Every finished run is appended to a JSON-lines cache (--cache), so an interrupted comparison
// resumes where it stopped.
//
//   node results/episodic-native.mjs --frames 400000 --seeds 10 --jobs 2 \
//     --cache results/episodic-runs.jsonl --out results/episodic-compare.json [--first-seed 1]
//     [--methods mfec,nec,dqn,qlearning] [--set name=value ...]   (extra episodic-eval parameters)
// Needs build/native/fastslow_native (node scripts/build.mjs native) and dist/lib (… lib).
// Start it without `nice`: it runs every child under `nice -n 10` itself (nice adds up).
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '200000' },
    seeds: { type: 'string', default: '10' },
    'first-seed': { type: 'string', default: '1' },
    maze: { type: 'string', default: '9' },
    jobs: { type: 'string', default: '2' },
    methods: { type: 'string', default: 'mfec,nec,dqn,qlearning' },
    cache: { type: 'string', default: 'results/episodic-runs.jsonl' },
    out: { type: 'string' },
    set: { type: 'string', multiple: true, default: [] },
  },
});
const frames = Number(values.frames), seeds = Number(values.seeds), first = Number(values['first-seed']);
const methods = values.methods.split(',');
const binary = new URL('../build/native/fastslow_native', import.meta.url).pathname;
const base = { maze: values.maze, frames: String(frames), ...Object.fromEntries(values.set.map((s) => s.split('='))) };
const keyOf = (params) => JSON.stringify(Object.keys(params).sort().map((k) => [k, String(params[k])]));

const cache = new Map();
if (existsSync(values.cache))
  for (const line of readFileSync(values.cache, 'utf8').split('\n').filter(Boolean)) {
    const { params, result, seconds } = JSON.parse(line);
    cache.set(keyOf(params), { result, seconds });
  }

const jobs = [];
for (const method of methods)
  for (let i = 0; i < seeds; i++) jobs.push({ method, seed: first + i, params: { ...base, method, seed: String(first + i) } });
// Seed by seed (every method's seed 1 before any seed 2), so an interrupted comparison has the
// same seeds for every method.
const order = { nec: 0, dqn: 1, qlearning: 2, mfec: 3 };
jobs.sort((a, b) => a.seed - b.seed || (order[a.method] ?? 9) - (order[b.method] ?? 9));

const started = performance.now();
function runOne(job) {
  return new Promise((resolve, reject) => {
    const args = ['-n', '10', binary, 'run', 'episodic-eval', ...Object.entries(job.params).map(([k, v]) => `${k}=${v}`)];
    const child = spawn('nice', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const wall = performance.now();
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`fastslow_native ${args.slice(3).join(' ')} exited ${code}`));
      resolve({ result: JSON.parse(out), seconds: (performance.now() - wall) / 1000 });
    });
  });
}

let next = 0;
const lane = async () => {
  while (next < jobs.length) {
    const job = jobs[next++];
    const key = keyOf(job.params);
    if (cache.has(key)) continue;
    const r = await runOne(job);
    cache.set(key, r);
    appendFileSync(values.cache, `${JSON.stringify({ params: job.params, result: r.result, seconds: r.seconds })}\n`);
    console.error(`${job.method} seed ${job.seed}: framesTo90 ${r.result.framesTo90} (${r.seconds.toFixed(0)} s wall)`);
  }
};
await Promise.all(Array.from({ length: Number(values.jobs) }, lane));

const { summarizeEpisodic } = await import('../dist/lib/commands/episodic-compare.js');
const byJob = new Map(jobs.map((j) => [`${j.method}/${j.seed - first + 1}`, cache.get(keyOf(j.params))]));
const summary = summarizeEpisodic(
  { maze: Number(values.maze), mazeSeed: Number(base.mazeSeed ?? 1), obs: base.obs ?? 'noisy', frames, seeds, methods },
  (method, seed) => byJob.get(`${method}/${seed}`).result,
  (performance.now() - started) / 1000,
);
const runSeconds = Object.fromEntries(methods.map((m) => [m, jobs.filter((j) => j.method === m).map((j) => Number(cache.get(keyOf(j.params)).seconds.toFixed(1)))]));
const doc = { command: `node results/episodic-native.mjs ${process.argv.slice(2).join(' ')}`, firstSeed: first, extra: values.set, runWallSeconds: runSeconds, ...summary };
if (values.out) writeFileSync(values.out, `${JSON.stringify(doc, null, 1)}\n`);
for (const row of summary.rows)
  console.log(`${row.method.padEnd(10)} ${row.mean.toFixed(0).padStart(7)} ± ${row.se.toFixed(0).padEnd(6)} censored ${row.censored}/${seeds}  ` +
    `ratio to DQN ${row.ratioToDqn?.toFixed(3) ?? '–'}  per seed: ${row.framesTo90.map((x) => x ?? 'None').join(', ')}`);
console.log(`target: ${JSON.stringify(summary.target)}`);
