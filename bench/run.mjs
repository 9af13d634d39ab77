// `npm run bench [-- <name> ...] [--json]`: speed figures measured side by side in one run.
// Each benchmark times the same work natively (build/native/fastslow_native) and in the wasm
// builds (SIMD and scalar) under Node, repeats it, and prints best-of-N times and ratios.
// Benchmarks are never unit tests: the machines are noisy, so only ratios from one run count.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url);
const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, repeats: { type: 'string', default: '5' } },
});
const repeats = Number(opts.repeats);
if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) {
  console.error(`--repeats: expected an integer in [1, 100], got ${opts.repeats}`);
  process.exit(2);
}

async function loadCore(variant) {
  const { default: createCore } = await import(new URL(`dist/lib/wasm/core-${variant}.mjs`, root));
  return createCore({ wasmBinary: readFileSync(new URL(`dist/lib/wasm/core-${variant}.wasm`, root)) });
}

// Seconds for one run of `scenario` with `params` (strings) to completion in a wasm core.
function timeWasm(core, scenario, params) {
  const raw = new core.RawParams();
  for (const [name, text] of Object.entries(params)) raw.push_back({ name, kind: 2, number: 0, text: String(text) });
  const run = new core.Run(scenario, raw);
  raw.delete();
  if (!run.ok()) throw new Error(run.errorJson());
  const start = performance.now();
  while (!run.step(1 << 20));
  const seconds = (performance.now() - start) / 1000;
  run.delete();
  return seconds;
}

function timeNative(scenario, params) {
  const args = ['time', scenario, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)];
  const out = execFileSync(new URL('build/native/fastslow_native', root).pathname, args, { encoding: 'utf8' });
  return JSON.parse(out).seconds;
}

const best = (f) => Math.min(...Array.from({ length: repeats }, f));

// Throughput of a scenario's run loop: native vs wasm SIMD vs wasm scalar.
async function scenarioBench(name, scenario, params, unit, units) {
  const cores = { simd: await loadCore('simd'), scalar: await loadCore('scalar') };
  const seconds = {
    native: best(() => timeNative(scenario, params)),
    wasmSimd: best(() => timeWasm(cores.simd, scenario, params)),
    wasmScalar: best(() => timeWasm(cores.scalar, scenario, params)),
  };
  const perSecond = Object.fromEntries(Object.entries(seconds).map(([k, s]) => [k, units / s]));
  return {
    name, unit, params, seconds, perSecond,
    ratios: { wasmSimdOverNative: perSecond.wasmSimd / perSecond.native, wasmScalarOverNative: perSecond.wasmScalar / perSecond.native },
  };
}

const benches = {
  'bandit-live': () => scenarioBench('bandit-live', 'bandit-live',
    { k: 10, steps: 1000000, policy: 'epsilon-greedy', seed: 1 }, 'pulls', 1e6),
};

const names = positionals.length ? positionals : Object.keys(benches);
const results = [];
for (const name of names) {
  if (!benches[name]) {
    console.error(`unknown benchmark "${name}"; expected one of ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  results.push(await benches[name]());
}
if (opts.json) {
  console.log(JSON.stringify({ repeats, results }, null, 2));
} else {
  for (const r of results) {
    console.log(`\n${r.name} (${JSON.stringify(r.params)}), best of ${repeats}`);
    for (const [k, v] of Object.entries(r.perSecond))
      console.log(`  ${k.padEnd(11)} ${(v / 1e6).toFixed(2).padStart(8)} M ${r.unit}/s  (${(r.seconds[k] * 1000).toFixed(1)} ms)`);
    for (const [k, v] of Object.entries(r.ratios)) console.log(`  ${k.padEnd(22)} ${v.toFixed(2)}×`);
  }
}
