// Policy rollouts per second on 2D navigation (MAML's policy: 2-100-100-2 ReLU MLP, Gaussian
// actions, horizon 100), side by side: the core natively (build/native/fastslow_native), the
// core's wasm builds (SIMD, scalar) under Node, and the same rollout written with TensorFlow.js
// on its wasm backend (@tensorflow/tfjs-core + @tensorflow/tfjs-backend-wasm, dev dependencies
// of this benchmark only).
//
//   import { mamlBench, formatMamlBench } from './maml.mjs'   (bench/run.mjs: npm run bench -- maml)
//
// The core's side is `maml-nav-eval` with steps=0: `trials` goals × `trajectories` rollouts of
// the shipped nav-maml policy, the trajectories of one goal run side by side (one batched forward
// pass per time step); it also computes the returns, the linear baseline and the advantages of
// each batch (work the TensorFlow.js side does not do). The TensorFlow.js side runs the same
// policy (the same shipped weights) on the same environment: per time step one batched forward
// pass (tf.fused.matMul with bias and ReLU, the library's fastest form), Gaussian noise from
// tf.randomNormal, the actions read back with dataSync and the environment stepped in JS.
// Episodes end early at the goal (|dx|, |dy| < 0.01); the shipped policy rarely gets there, so
// rollouts are ~99 steps long on every side (the mean length is shown for the wasm builds, from
// the eval run's frame, and for TensorFlow.js; the native CLI prints no frames). The unit
// compared is rollouts per second.
// Two batch sizes: 20 trajectories per goal (MAML's inner batch) and 1 (batch-1 forward passes,
// where per-operation overheads dominate).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mulberry32 } from './knn.mjs';
import { cpuOfProcess, paramArgs, runNative } from './native.mjs';

const root = new URL('..', import.meta.url);
const HORIZON = 100;
// The action of core/meta/nav.hpp nav_action(): the policy output scaled by 0.1 and clipped to ±0.1
// (rllab normalize() of the paper's point environment). The TF.js side repeats the environment
// only to time the same rollouts.
const ACTION_BOUND = 0.1;

async function loadCore(variant) {
  const { default: createCore } = await import(new URL(`dist/lib/wasm/core-${variant}.mjs`, root));
  return createCore({ wasmBinary: readFileSync(new URL(`dist/lib/wasm/core-${variant}.wasm`, root)) });
}

function evalParams(trajectories, rollouts) {
  return { model: 'maml', steps: 0, trajectories, batch: 'trajectories', trials: Math.max(1, Math.round(rollouts / trajectories)), seed: 1 };
}

/** One timed run of maml-nav-eval in a wasm core: { seconds, envSteps, rollouts }. */
function wasmOnce(core, params) {
  const raw = new core.RawParams();
  for (const [name, text] of Object.entries(params)) raw.push_back({ name, kind: 2, number: 0, text: String(text) });
  const run = new core.Run('maml-nav-eval', raw);
  raw.delete();
  if (!run.ok()) throw new Error(run.errorJson());
  const start = performance.now();
  while (!run.step(1 << 20));
  const seconds = (performance.now() - start) / 1000;
  const envSteps = run.frame().scalars.envSteps;
  run.delete();
  return { seconds, envSteps, rollouts: params.trials * params.trajectories };
}

/** One timed native run; cpu: user + system seconds of the whole process (GNU time). */
function nativeOnce(params) {
  const r = runNative(['time', 'maml-nav-eval', ...paramArgs(params)]);
  return { seconds: JSON.parse(r.stdout).seconds, cpu: r.cpu, rollouts: params.trials * params.trajectories };
}


// ---- TensorFlow.js (wasm backend) ----

async function loadTf() {
  const require = createRequire(import.meta.url);
  const tf = require('@tensorflow/tfjs-core');
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(1);  // one thread, like one core instance
  await tf.setBackend('wasm');
  await tf.ready();
  return {
    tf,
    info: {
      backend: tf.getBackend(), version: tf.version_core, simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      threads: wasm.getThreadsCount(),
    },
  };
}

/** The shipped nav-maml weights as TensorFlow.js tensors. The core's flat layout per layer is W
 *  (outputs × inputs, column-major) then b, which read row-major is Wᵀ (inputs × outputs). */
function tfPolicy(tf) {
  const asset = JSON.parse(readFileSync(new URL('core/meta/weights/nav-maml.json', root), 'utf8'));
  const p = Float32Array.from(asset.params);
  const sizes = [2, 100, 100, 2];
  const layers = [];
  let o = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const n = sizes[l], m = sizes[l + 1];
    const w = tf.tensor2d(p.subarray(o, o + n * m), [n, m]);
    o += n * m;
    const b = tf.tensor1d(p.subarray(o, o + m));
    o += m;
    layers.push({ w, b });
  }
  const std = tf.tensor1d([Math.exp(p[o]), Math.exp(p[o + 1])]);
  if (o + 2 !== p.length) throw new Error(`nav-maml: expected ${o + 2} parameters, got ${p.length}`);
  return { layers, std, dispose: () => { for (const L of layers) { L.w.dispose(); L.b.dispose(); } std.dispose(); } };
}

/** `trials` goals × `trajectories` rollouts side by side: { seconds, envSteps, rollouts }. */
function tfOnce(tf, policy, { trajectories: n, trials }, seed = 1) {
  const rand = mulberry32(seed);  // goals of the TensorFlow.js side
  tf.setSeed?.(seed);
  const [L1, L2, L3] = policy.layers;
  let envSteps = 0;
  let returns = 0;
  const start = performance.now();
  for (let g = 0; g < trials; g++) {
    const gx = rand() - 0.5, gy = rand() - 0.5;
    const px = new Float64Array(n), py = new Float64Array(n), ret = new Float64Array(n);
    let active = Array.from({ length: n }, (_, j) => j);
    for (let t = 0; t < HORIZON && active.length; t++) {
      const m = active.length;
      const obs = new Float32Array(2 * m);
      for (let i = 0; i < m; i++) { obs[2 * i] = px[active[i]]; obs[2 * i + 1] = py[active[i]]; }
      const act = tf.tidy(() => {
        const x = tf.tensor2d(obs, [m, 2]);
        const h1 = tf.fused.matMul({ a: x, b: L1.w, bias: L1.b, activation: 'relu' });
        const h2 = tf.fused.matMul({ a: h1, b: L2.w, bias: L2.b, activation: 'relu' });
        const mu = tf.fused.matMul({ a: h2, b: L3.w, bias: L3.b });
        return tf.add(mu, tf.mul(policy.std, tf.randomNormal([m, 2])));
      });
      const a = act.dataSync();
      act.dispose();
      const still = [];
      for (let i = 0; i < m; i++) {
        const j = active[i];
        px[j] += Math.min(ACTION_BOUND, Math.max(-ACTION_BOUND, ACTION_BOUND * a[2 * i]));
        py[j] += Math.min(ACTION_BOUND, Math.max(-ACTION_BOUND, ACTION_BOUND * a[2 * i + 1]));
        const dx = px[j] - gx, dy = py[j] - gy;
        ret[j] -= Math.sqrt(dx * dx + dy * dy);
        if (!(Math.abs(dx) < 0.01 && Math.abs(dy) < 0.01)) still.push(j);
      }
      envSteps += m;
      active = still;
    }
    for (const r of ret) returns += r;
  }
  const seconds = (performance.now() - start) / 1000;
  return { seconds, envSteps, rollouts: trials * n, meanReturn: returns / (trials * n) };
}


export async function mamlBench({ repeats = 3, rollouts = Number(process.env.BENCH_MAML_ROLLOUTS || 1000) } = {}) {
  const cores = { simd: await loadCore('simd'), scalar: await loadCore('scalar') };
  const { tf, info } = await loadTf();
  const policy = tfPolicy(tf);
  const configs = [];
  for (const trajectories of [20, 1]) {
    const params = evalParams(trajectories, rollouts);
    const tfRollouts = Math.min(params.trials * trajectories, trajectories === 1 ? 50 : 100);  // TF.js is slow: fewer
    const tfParams = { trajectories, trials: Math.max(1, Math.round(tfRollouts / trajectories)) };
    // Warm-up (V8 tiers wasm up; TensorFlow.js compiles its kernels on first use).
    wasmOnce(cores.simd, { ...params, trials: 1 });
    wasmOnce(cores.scalar, { ...params, trials: 1 });
    tfOnce(tf, policy, { trajectories, trials: 1 });
    const sides = {};
    const bestOf = (f) => {
      let best;
      for (let r = 0; r < repeats; r++) {
        const c0 = cpuOfProcess();
        const x = f();
        x.cpu = cpuOfProcess() - c0;
        if (!best || x.seconds < best.seconds) best = x;
      }
      return best;
    };
    const native = (() => {
      let best;
      for (let r = 0; r < repeats; r++) {
        const x = nativeOnce(params);
        if (!best || x.seconds < best.seconds) best = x;
      }
      return best;
    })();
    sides.native = native;
    sides.wasmSimd = bestOf(() => wasmOnce(cores.simd, params));
    sides.wasmScalar = bestOf(() => wasmOnce(cores.scalar, params));
    sides.tfjsWasm = bestOf(() => tfOnce(tf, policy, tfParams));
    const rate = (s) => ({ rolloutsPerSecond: s.rollouts / s.seconds,
      ...(s.envSteps !== undefined && { envStepsPerSecond: s.envSteps / s.seconds, meanEpisodeLength: s.envSteps / s.rollouts }) });
    const perSide = Object.fromEntries(Object.entries(sides).map(([k, s]) => [k, { ...s, ...rate(s) }]));
    const r = (a, b) => perSide[a].rolloutsPerSecond / perSide[b].rolloutsPerSecond;
    // The same ratios from CPU seconds (the machine is shared: under load wall time measures the load).
    const rc = (a, b) => (perSide[a].rollouts / perSide[a].cpu) / (perSide[b].rollouts / perSide[b].cpu);
    configs.push({
      trajectories, params, tfParams, sides: perSide,
      ratios: {
        wasmSimdOverNative: r('wasmSimd', 'native'), wasmScalarOverNative: r('wasmScalar', 'native'),
        wasmSimdOverTfjs: r('wasmSimd', 'tfjsWasm'), nativeOverTfjs: r('native', 'tfjsWasm'),
      },
      cpuRatios: {
        wasmSimdOverNative: rc('wasmSimd', 'native'), wasmScalarOverNative: rc('wasmScalar', 'native'),
        wasmSimdOverTfjs: rc('wasmSimd', 'tfjsWasm'),
      },
    });
  }
  policy.dispose();
  return {
    name: 'maml', repeats, tfjs: info, configs, loadAverage: (await import('node:os')).loadavg(),
    targets: { wasmSimdOverNative: '>= 0.6', wasmSimdOverTfjs: '>= 10' },
  };
}

export function formatMamlBench(r) {
  const lines = [`\nmaml (load average ${r.loadAverage.map((x) => x.toFixed(1)).join(' ')}): nav2d policy rollouts (2-100-100-2 MLP, horizon ${HORIZON}), best of ${r.repeats}; ` +
    `TensorFlow.js ${r.tfjs.version} ${r.tfjs.backend} (SIMD ${r.tfjs.simd}, ${r.tfjs.threads} thread)`];
  for (const c of r.configs) {
    lines.push(`  ${c.trajectories} trajector${c.trajectories === 1 ? 'y' : 'ies'} per batch:`);
    for (const [k, s] of Object.entries(c.sides)) {
      const length = s.meanEpisodeLength !== undefined ? `, mean length ${s.meanEpisodeLength.toFixed(1)}` : '';
      lines.push(`    ${k.padEnd(11)} ${s.rolloutsPerSecond.toFixed(1).padStart(8)} rollouts/s  (${s.rollouts} rollouts${length}, ` +
        `${s.seconds.toFixed(3)} s${s.cpu !== undefined ? `, cpu ${s.cpu.toFixed(3)} s` : ''})`);
    }
    for (const [k, v] of Object.entries(c.ratios)) {
      const cpu = c.cpuRatios[k] !== undefined ? `   (from CPU seconds: ${c.cpuRatios[k].toFixed(2)}×)` : '';
      lines.push(`    ${k.padEnd(22)} ${v.toFixed(2).padStart(7)}×${cpu}`);
    }
  }
  lines.push(`  targets: wasm SIMD / native ${r.targets.wasmSimdOverNative}, wasm SIMD / TensorFlow.js ${r.targets.wasmSimdOverTfjs}`);
  return lines.join('\n');
}
