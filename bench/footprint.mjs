// `npm run bench -- footprint`: the wasm heap each scenario's run holds, measured in a fresh
// SIMD core per run — at a typical config and at a large one (the biggest sizes the playground
// offers, e.g. an episodic memory at capacity). Reported per scenario in the README ("Memory").
//
// In use = the allocator's top (where a fresh 1 MiB block lands, see heapTop) minus the top
// before the run was created, sampled after every step() call: the peak is what the run
// needed at its largest; `end` is at completion (before close), so peak ≈ end shows a
// footprint that stays bounded as the run goes on.
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);

/** [scenario, label, params] — add a typical and a large config for every new scenario. */
export const FOOTPRINT_RUNS = [
  ['bandit-live', 'typical', { k: 10, steps: 500, policy: 'thompson' }],
  ['bandit-live', 'large', { k: 1000, steps: 1000000, policy: 'epsilon-greedy' }],
  ['bandit-live', 'Gittins n=1000', { k: 10, steps: 1000, policy: 'gittins', gittinsDiscount: 0.995 }],
  ['bandit-eval', 'typical', { n: 100, k: 10, trials: 1000, policy: 'thompson' }],
  ['bandit-eval', 'large', { n: 1000, k: 1000, trials: 20000, policy: 'epsilon-greedy' }],
  ['go-explore', 'typical', { frames: 200000, phase2Frames: 200000 }],
  ['go-explore', 'large', { rooms: 8, roomSize: 31, keys: 14, frames: 2000000, phase2Frames: 0 }],
  ['episodic', 'typical', { method: 'mfec', maze: 5, frames: 5000 }],
  ['episodic', 'NEC at capacity', { method: 'nec', maze: 9, capacity: 1000, frames: 6000 }],
  ['episodic', 'MFEC at capacity', { method: 'mfec', maze: 21, capacity: 2000, frames: 20000 }],
  ['rl2-live', 'typical', { n: 100, k: 10 }],
  ['rl2-train', 'typical', { n: 10, k: 5, iterations: 3 }],
  ['rl2-train', 'large', { n: 10, k: 10, iterations: 2, hidden: 64 }],
  ['maml-sinusoid-train', 'typical', { iterations: 200 }],
  ['maml-sinusoid-eval', 'typical', { trials: 200 }],
  ['maml-nav-train', 'typical', { iterations: 1 }],
  ['maml-nav-eval', 'typical', { trials: 5 }],
];

async function freshCore() {
  const { default: createCore } = await import(new URL('dist/lib/wasm/core-simd.mjs', root));
  return createCore({ wasmBinary: readFileSync(new URL('dist/lib/wasm/core-simd.wasm', root)) });
}

function heapTop(core) {
  const p = core._malloc(1 << 20);
  core._free(p);
  return p;
}

export async function footprintBench() {
  const rows = [];
  for (const [scenario, label, params] of FOOTPRINT_RUNS) {
    const core = await freshCore();
    const raw = new core.RawParams();
    for (const [name, value] of Object.entries(params)) raw.push_back({ name, kind: 2, number: 0, text: String(value) });
    core.schemaJson();  // the scenario list and the shipped weights it names: built once per instance, not per run
    const base = heapTop(core);
    const run = new core.Run(scenario, raw);
    raw.delete();
    if (!run.ok()) throw new Error(`${scenario} ${label}: ${run.errorJson()}`);
    let peak = 0;
    const started = performance.now();
    while (!run.step(1 << 16)) peak = Math.max(peak, heapTop(core) - base);
    const end = heapTop(core) - base;
    peak = Math.max(peak, end);
    run.delete();
    rows.push({ scenario, label, params, peakBytes: peak, endBytes: end, heapBytes: core.HEAP8.buffer.byteLength,
      seconds: (performance.now() - started) / 1000 });
  }
  return { name: 'footprint', rows };
}

const mib = (b) => `${(b / 1048576).toFixed(2)} MiB`;

export function formatFootprint(r) {
  const lines = ['\nfootprint: wasm heap in use by one run (peak / at the end), fresh SIMD core each'];
  for (const row of r.rows) {
    lines.push(`  ${`${row.scenario} (${row.label})`.padEnd(34)} peak ${mib(row.peakBytes).padStart(11)}  end ${mib(row.endBytes).padStart(11)}  ` +
      `${JSON.stringify(row.params)}`);
  }
  return lines.join('\n');
}
