// Seeded fuzzing of the public client (createPool) and of a worker's message handling:
// random and malformed scenario names, params and raw protocol messages. Properties:
//   - nothing crashes a worker (no 'worker-crashed', no worker 'exit' / 'error' event);
//   - nothing hangs (every request and run settles within a per-case timeout);
//   - every bad input rejects with a FastslowError whose code is in the ErrorCode union,
//     invalid-params errors name a param (a given key, a schema param or "scenario"), and
//     start() agrees with validate() (same errors; valid ⇒ a result with the validated params);
//   - every valid input gives a result.
// The seed is printed in every failure; rerun one with FASTSLOW_FUZZ_SEED=<seed>
// (FASTSLOW_FUZZ_CASES=<n> changes how many configs are tried; default 3000).
// Bugs found here are regression tests at the end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { after, before, describe, test } from 'node:test';
import { dist, lib, mulberry32, waitFor } from './helpers.mjs';

const { createPool, FastslowError } = lib;

const SEED = Number(process.env.FASTSLOW_FUZZ_SEED ?? 20261122) >>> 0;
const CASES = Number(process.env.FASTSLOW_FUZZ_CASES ?? 3000);
const MESSAGES = 400;
const CASE_TIMEOUT_MS = 20_000;
const CODES = new Set(['invalid-params', 'unknown-scenario', 'cancelled', 'worker-crashed', 'bad-message', 'disposed', 'internal']);

// mulberry32, with the usual helpers.
function makeRandom(seed) {
  const next = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, chance: (p) => next() < p, pick: (list) => list[int(0, list.length - 1)] };
}

/** Settles a promise into { ok, value | error }, failing the test with `what` after a timeout. */
async function settle(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: ${what} did not settle in ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts `error` is a FastslowError with a known code, never a worker crash. */
function assertTyped(error, where) {
  assert.ok(error instanceof FastslowError, `${where}: expected a FastslowError, got ${error?.stack ?? error}`);
  assert.ok(CODES.has(error.code), `${where}: code ${error.code} is not in the ErrorCode union`);
  assert.notEqual(error.code, 'worker-crashed', `${where}: the worker crashed: ${error.message}`);
  assert.equal(typeof error.message, 'string', where);
}

// ---------------------------------------------------------------------------------------------
// Random configs

const BAD_VALUES = () => [
  NaN, Infinity, -Infinity, 1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -1, -0.5, 0.5,
  2 ** 53 + 2, -(2 ** 53), 4294967296, 1001, 1e7, '', ' ', 'abc', '12abc', '0x10', ' 12 ', '1e3', 'NaN', 'Infinity',
  '-Infinity', '1,5', '١٢', 'true', true, false, null, undefined, {}, { value: 3 }, [], [10], [[1]], new Date(0),
  new Map([[1, 2]]), new Set([1]), /x/, new Float64Array(2), new ArrayBuffer(8), Symbol('v'), () => 3, 10n,
  new Error('e'), Object.create(null), 'gittins', 'GITTINS', ' finite-horizon ', 'x'.repeat(10_000),
  { toString: () => '5', valueOf: () => 5 }, new Number(5), new String('5'), new Boolean(true),
];

const GARBAGE_KEYS = ['', ' ', 'K', 'Steps', 'seed ', 'arms', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  '0', 'length', 'scenario', 'k\u0000', 'ü', '🎲', 'x'.repeat(1000)];

const GARBAGE_SCENARIOS = () => ['', 'bandit', 'BANDIT-LIVE', ' bandit-live', 'bandit-live\u0000', 'bandit_eval',
  '__proto__', 'x'.repeat(100_000), '🎰', 5, 0, NaN, null, undefined, true, {}, ['bandit-live'], Symbol('s'), 10n,
  () => 'bandit-live', new String('bandit-live')];

// Sizes small enough that a valid run takes milliseconds.
const SMALL = { k: [2, 50], steps: [1, 300], n: [1, 60], trials: [1, 3], frames: [1000, 3000], phase2Frames: [0, 20000], evalEpisodes: [1, 5] };

function validValue(r, spec, policy) {
  switch (spec.type) {
    case 'int': {
      let [lo, hi] = SMALL[spec.name] ?? [spec.min, spec.max];
      lo = Math.max(lo, spec.min);  // SMALL never widens a scenario's own range
      hi = Math.min(hi, spec.max);
      if (policy === 'gittins' && (spec.name === 'n' || spec.name === 'steps')) hi = 10;
      const x = r.chance(0.2) ? r.pick([lo, hi]) : r.int(lo, hi);
      return r.chance(0.15) ? String(x) : x;
    }
    case 'float': {
      const x = r.chance(0.2) ? r.pick([spec.min, spec.max]) : spec.min + r.next() * (spec.max - spec.min);
      return r.chance(0.15) ? String(x) : x;
    }
    case 'enum':
      return r.pick(spec.choices);
    case 'bool':
      return r.chance(0.5);
    default:
      return undefined;
  }
}

/** One random case: { scenario, params, keys, expectValid, what }. */
function randomCase(r, schema, index) {
  const specOf = (name) => schema.scenarios.find((s) => s.name === name);
  const real = r.chance(0.8);
  const scenario = real ? r.pick(schema.scenarios).name : r.pick(GARBAGE_SCENARIOS());
  const spec = typeof scenario === 'string' ? specOf(scenario) : undefined;
  const names = spec ? spec.params.map((p) => p.name) : schema.scenarios[0].params.map((p) => p.name);
  const kind = r.next();
  if (kind < 0.06) {  // not a params object at all
    const params = r.pick([null, undefined, 5, 'k=3', true, [3], Symbol('p'), () => ({ k: 3 }), 10n]);
    const keys = params === null || params === undefined ? [] : Object.keys(Object(params));
    return { scenario, params, keys, expectValid: false, what: `case ${index}: params ${show(params)}` };
  }
  const validOnly = spec && r.chance(0.45);
  const policySpec = spec?.params.find((p) => p.name === 'policy');  // scenarios without one: undefined
  const policy = spec ? (policySpec ? r.pick(policySpec.choices) : undefined) : 'random';
  const base = r.chance(0.1) ? Object.create(null) : {};
  if (spec && policy !== undefined) base.policy = policy;  // so the sizes chosen below fit the policy
  // Small sizes by default for every real scenario, so that a valid run stays fast.
  if (spec) for (const p of spec.params) if (SMALL[p.name]) base[p.name] = validValue(r, p, policy);
  // rl2-eval / rl2-live accept only the (n, k) settings with shipped weights: start from one.
  const assetBound = scenario === 'rl2-eval' || scenario === 'rl2-live';
  if (assetBound) Object.assign(base, { n: 10, k: 5 });
  const count = r.int(0, 6);
  for (let i = 0; i < count; i++) {
    const name = validOnly || r.chance(0.8) ? r.pick(names) : r.pick(GARBAGE_KEYS);
    const p = spec?.params.find((q) => q.name === name);
    if (name === 'policy') continue;  // chosen above
    const value = validOnly && p ? validValue(r, p, policy) : r.chance(0.35) && p ? validValue(r, p, policy) : r.pick(BAD_VALUES());
    // An own property even for '__proto__' (plain assignment would replace the prototype, e.g.
    // by a String object whose read-only indices then make later assignments throw).
    Object.defineProperty(base, name, { value, enumerable: true, writable: true, configurable: true });
  }
  // The rooms world's cross-field rule (go-explore scenarios): keys <= 2 (rooms - 1).
  const rule = (name) => spec?.params.find((p) => p.name === name);
  if (validOnly && rule('rooms') && rule('keys')) {
    const rooms = Number(base.rooms ?? rule('rooms').default), keys = Number(base.keys ?? rule('keys').default);
    if (keys > 2 * (rooms - 1)) base.keys = 2 * (rooms - 1);
  }
  // 2D-navigation training's ES member runs (memberBegin < memberEnd <= 2 esPairs, mode es-maml
  // only): a valid case keeps a whole training run.
  if (validOnly && rule('memberEnd')) {
    base.memberBegin = 0;
    base.memberEnd = 0;
  }
  // Its `threads` (native builds only): the WebAssembly core refuses any value above 1.
  if (validOnly && rule('threads')) base.threads = 1;
  let params = base;
  if (kind > 0.97) {  // a getter that throws, or a Proxy that refuses to list its keys
    params = r.chance(0.5)
      ? Object.defineProperty({ ...base }, 'k', { enumerable: true, get() { throw new Error('getter says no'); } })
      : new Proxy(base, { ownKeys() { throw new TypeError('ownKeys says no'); } });
    return { scenario, params, keys: [], expectValid: false, what: `case ${index}: params with a throwing ${show(params)}` };
  }
  return { scenario, params, keys: Object.keys(params), expectValid: Boolean(validOnly) && !assetBound, what: `case ${index}: ${show(scenario)} ${show(params)}` };
}

function show(value) {
  try {
    if (typeof value === 'symbol' || typeof value === 'function' || typeof value === 'bigint') return String(value);
    const text = JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function' ? String(v) : v));
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return '(undescribable)';
  }
}

/** A valid run that would take long (many pulls, or a big Gittins table): cancelled at once. */
function expensive(scenario, params) {
  const gittins = params.policy === 'gittins';
  if (scenario === 'bandit-live') return params.steps * params.k > 200_000 || (gittins && params.steps > 50);
  if (scenario === 'bandit-eval') return params.n * params.trials * params.k > 200_000 || (gittins && params.n > 10);
  if (scenario === 'go-explore' || scenario === 'go-explore-eval') {
    return params.frames > 5000 || params.phase2Frames > 50_000 || params.evalEpisodes > 20 || params.rooms * params.roomSize > 40;
  }
  if (scenario === 'rl2-live') return false;  // at most a few hundred GRU steps
  if (scenario === 'rl2-eval') return params.n * params.trials > 2_000;
  return true;
}

// ---------------------------------------------------------------------------------------------

let pool;
let schema;
before(async () => {
  pool = createPool({ size: 2 });
  schema = await pool.schema();
});
after(() => pool.dispose());

describe(`client fuzz (seed ${SEED})`, () => {
  test(`${CASES} random configs through validate() and start()`, async (t) => {
    const r = makeRandom(SEED);
    const codes = {};
    let results = 0, cancelled = 0;
    const messages = new Map();  // what the non-invalid-params errors said
    const cases = Array.from({ length: CASES }, (_, i) => randomCase(r, schema, i));
    const one = async (c) => {
      const where = `seed ${SEED}, ${c.what}`;
      const validation = await settle(pool.validate(c.scenario, c.params), `validate (${where})`);
      const handle = pool.start(c.scenario, c.params);
      assert.equal(typeof handle.id, 'number', where);
      let run;
      if (validation.ok && validation.value.ok && expensive(c.scenario, validation.value.params)) {
        handle.cancel();
        run = await settle(handle.result, `run (${where})`);
        assert.equal(run.ok, false, `${where}: a cancelled run resolved`);
        assert.equal(run.error.code, 'cancelled', where);
        cancelled++;
        return;
      }
      run = await settle(handle.result, `run (${where})`);
      if (!run.ok) {
        assertTyped(run.error, where);
        codes[run.error.code] = (codes[run.error.code] ?? 0) + 1;
        if (run.error.code === 'internal' || run.error.code === 'bad-message') {
          const kind = `${run.error.code}: ${run.error.message.replace(/^DataCloneError: .* could not/s, 'DataCloneError: <value> could not').slice(0, 70)}`;
          messages.set(kind, (messages.get(kind) ?? 0) + 1);
        }
      }
      if (!validation.ok) {  // the request itself failed: the run must fail the same way
        assertTyped(validation.error, `${where} (validate)`);
        assert.equal(run.ok, false, `${where}: validate rejected (${validation.error.code}) but the run succeeded`);
        assert.equal(run.error.code, validation.error.code, where);
        return;
      }
      const v = validation.value;
      // In-range sizes may still add up to more than the per-run memory budget: that refusal
      // (and only it) is expected of a config whose every field is valid.
      const overBudget = !v.ok && v.errors.every((e) => e.allowed.startsWith('an estimated footprint of at most'));
      if (c.expectValid && !overBudget) assert.equal(v.ok, true, `${where}: valid params rejected: ${show(v.errors)}`);
      if (!v.ok) {
        assert.ok(Array.isArray(v.errors) && v.errors.length > 0, `${where}: not ok without errors`);
        assert.equal(run.ok, false, `${where}: validate said no, the run succeeded`);
        assert.equal(run.error.code, 'invalid-params', where);
        assert.deepStrictEqual(run.error.details, v.errors, `${where}: start and validate disagree`);
        const names = new Set(['scenario', 'params', ...c.keys, ...schema.scenarios.flatMap((s) => s.params.map((p) => p.name))]);
        for (const e of run.error.details) {
          assert.ok(names.has(e.param), `${where}: error names "${e.param}", neither a given key nor a param`);
          assert.ok(typeof e.message === 'string' && e.message.length > 0, where);
          assert.ok(typeof e.allowed === 'string' && e.allowed.length > 0, where);
        }
        return;
      }
      assert.equal(run.ok, true, `${where}: valid params but the run failed: ${run.error?.message}`);
      assert.equal(run.value.scenario, c.scenario, where);
      assert.equal(run.value.done, true, where);
      assert.deepStrictEqual(run.value.params, v.params, `${where}: the run used other params than validated`);
      results++;
    };
    // A few cases in flight at once, so both workers and their queues are busy.
    const IN_FLIGHT = 12;
    let next = 0;
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < cases.length) await one(cases[next++]);
    }));
    t.diagnostic(`seed ${SEED}: ${results} results, ${cancelled} long valid runs cancelled, errors by code ${JSON.stringify(codes)}`);
    for (const [kind, n] of messages) t.diagnostic(`  ${n} x ${kind}`);
    // Valid configs: those run to the end and the long ones cancelled (scenarios other than the
    // bandits' are all cancelled at once, so they count here).
    assert.ok(results + cancelled > CASES / 5, `only ${results + cancelled} of ${CASES} configs were valid: the generator is off`);
    assert.ok((codes['invalid-params'] ?? 0) > CASES / 5, 'too few invalid configs: the generator is off');
  });

  test('step counts and start options of every type are typed errors, never crashes', async () => {
    const r = makeRandom(SEED ^ 0x51ed);
    const handle = pool.start('bandit-live', { steps: 50, k: 3 }, { paused: true });
    const printable = (v) => {
      try {
        String(v);
        return true;
      } catch {
        return false;  // Object.create(null): the open bug 'step() with a value String() cannot print' below
      }
    };
    for (let i = 0; i < 200; i++) {
      const count = r.pick(BAD_VALUES().filter(printable));
      try {
        handle.step(count);
        const fine = count === undefined || (Number.isSafeInteger(count) && count >= 1);  // undefined: the default, 1
        assert.ok(fine, `seed ${SEED}: step(${show(count)}) was accepted`);
      } catch (error) {
        assertTyped(error, `seed ${SEED}: step(${show(count)})`);
        assert.equal(error.code, 'invalid-params');
        assert.equal(error.details[0].param, 'count');
      }
    }
    handle.resume();
    const done = await settle(handle.result, 'the paused run after bad steps');
    assert.equal(done.ok, true, `seed ${SEED}: ${done.error?.message}`);
    for (const opts of [null, 5, 'paused', [], { paused: 'yes' }, { paused: 1 }, Symbol('o')]) {
      const run = await settle(pool.start('bandit-live', { steps: 5 }, opts).result, `start with options ${show(opts)}`);
      if (!run.ok) assertTyped(run.error, `options ${show(opts)}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Raw messages straight to a pool's worker

/** Messages the worker must refuse with 'bad-message' (each breaks one rule of protocol.ts). */
function malformed(r, i) {
  const runId = 10_000 + i;
  const params = [{ name: 'steps', kind: 1, number: 5, text: '' }];
  const valid = () => r.pick([
    { type: 'init', variant: 'auto' },
    { type: 'schema', id: runId },
    { type: 'validate', id: runId, scenario: 'bandit-live', params },
    { type: 'start', runId, scenario: 'bandit-live', params, paused: true },
    { type: 'pause', runId },
    { type: 'resume', runId },
    { type: 'step', runId, count: 3 },
    { type: 'cancel', runId },
  ]);
  const badId = () => r.pick([-1, 1.5, NaN, Infinity, -Infinity, '7', null, undefined, 2 ** 53, [], {}, true, -0.1]);
  const badRaw = () => r.pick([
    null, 5, 'k', [], { name: 'k' }, { name: 5, kind: 1, number: 1, text: '' }, { name: 'k', kind: 6, number: 1, text: '' },
    { name: 'k', kind: -1, number: 1, text: '' }, { name: 'k', kind: 1.5, number: 1, text: '' },
    { name: 'k', kind: '1', number: 1, text: '' }, { name: 'k', kind: NaN, number: 1, text: '' },
    { name: 'k', kind: 1, number: '1', text: '' }, { name: 'k', kind: 1, number: 1, text: 5 },
    { name: 'k', kind: 1, number: 1n, text: '' }, { name: 'k', kind: 1, number: 1 },
  ]);
  const m = valid();
  switch (r.int(0, 5)) {
    case 0:  // not an object / no known type
      return r.pick([42, 'start', null, undefined, true, [], [m], new Date(0), new Map(), /start/, new Uint8Array(4),
        { ...m, type: r.pick(['launch', '', 'START', 5, null, undefined, ['start']]) }]);
    case 1: {  // a required field missing
      const keys = Object.keys(m).filter((k) => k !== 'type');
      if (!keys.length) return { type: 'init', variant: r.pick(['avx512', '', null, 5, 'SIMD']) };
      const copy = { ...m };
      delete copy[r.pick(keys)];
      return copy;
    }
    case 2:  // an id of the wrong kind
      if ('id' in m) return { ...m, id: badId() };
      if ('runId' in m) return { ...m, runId: badId() };
      return { ...m, variant: r.pick(['avx512', 7, null]) };
    case 3:  // params that are not RawParams
      return { type: r.pick(['validate', 'start']), id: runId, runId, scenario: 'bandit-live', paused: false,
        params: r.chance(0.3) ? r.pick([null, {}, 'k=3', 5]) : [...params, badRaw()] };
    case 4:  // step counts, paused flags, scenarios of the wrong kind
      return r.pick([
        { type: 'step', runId, count: r.pick([0, -1, 1.5, NaN, Infinity, '3', null, 2 ** 53, 1e300]) },
        { type: 'start', runId, scenario: 'bandit-live', params, paused: r.pick([0, 1, 'true', null, undefined]) },
        { type: 'start', runId, scenario: r.pick([5, null, undefined, {}, ['bandit-live']]), params, paused: false },
      ]);
    default:  // a deep or huge value
      return r.chance(0.5)
        ? { type: 'validate', id: runId, scenario: 'bandit-live', params: nest(r.int(50, 2000)) }
        : { type: 'validate', id: runId, scenario: 'bandit-live', params: [...Array(r.int(1, 50)).fill(params[0]), 7] };
  }
}

function nest(depth) {
  let v = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Well-formed messages with random RawParams: answered by validation, frames, errors, or nothing. */
function wellFormed(r, i) {
  const id = 50_000 + i;
  const raw = Array.from({ length: r.int(0, 8) }, () => ({
    name: r.pick(['k', 'steps', 'n', 'trials', 'policy', 'seed', 'epsilon', 'gittinsMode', 'gittinsDiscount', 'priorA', 'x', '']),
    kind: r.int(0, 5),
    number: r.pick([0, -0, 1, 3, 7, 20, -1, 0.5, NaN, Infinity, -Infinity, 1e308, 5e-324, 4294967295]),
    text: r.pick(['', '3', ' 7 ', 'gittins', 'ucb1', 'finite-horizon', '0x10', 'nan', 'object', 'array', '1e-400']),
  }));
  // Runs are small: the sizes are fixed after the random entries (a repeated name is an error).
  const scenario = r.pick(['bandit-live', 'bandit-eval', 'nope']);
  const small = scenario === 'bandit-live'
    ? [{ name: 'steps', kind: 1, number: 30, text: '' }]
    : [{ name: 'n', kind: 1, number: 5, text: '' }, { name: 'trials', kind: 1, number: 1, text: '' }];
  const sized = [...raw.filter((p) => !['steps', 'n', 'trials', 'k'].includes(p.name)), ...small];
  return r.pick([
    { type: 'validate', id, scenario, params: raw },
    { type: 'start', runId: id, scenario, params: sized, paused: r.chance(0.5) },
    { type: 'pause', runId: id + 1e6 },
    { type: 'resume', runId: id + 1e6 },
    { type: 'step', runId: id + 1e6, count: r.pick([1, 2 ** 53 - 1]) },
    { type: 'cancel', runId: id + 1e6 },
    { type: 'init', variant: r.pick(['auto', 'simd', 'scalar']) },
  ]);
}

describe(`worker fuzz (seed ${SEED})`, () => {
  test(`${MESSAGES} malformed and ${MESSAGES / 2} random well-formed messages posted to a pool's worker`, async () => {
    const r = makeRandom(SEED ^ 0xbad);
    const workers = [];
    const events = [];
    const replies = [];
    const own = createPool({
      size: 1,
      createWorker: () => {
        const worker = new Worker(new URL('worker.js', dist));
        worker.on('message', (m) => replies.push(m));
        worker.on('error', (e) => events.push(`error: ${e}`));
        worker.on('exit', (code) => events.push(`exit ${code}`));
        workers.push(worker);
        return worker;
      },
    });
    try {
      assert.equal((await own.validate('bandit-live', {})).ok, true);  // starts the worker
      const worker = workers[0];
      const base = replies.length;
      let bad = 0;
      const starts = [];
      for (let i = 0; i < MESSAGES; i++) {
        const m = malformed(r, i);
        try {
          worker.postMessage(m);
          bad++;
        } catch (error) {  // not structured-cloneable: the sender's problem, never the worker's
          assert.equal(error.name, 'DataCloneError', `seed ${SEED}: posting ${show(m)} threw ${error}`);
        }
        if (i % 2 === 0) {
          const w = wellFormed(r, i);
          worker.postMessage(w);
          if (w.type === 'start') {
            starts.push(w.runId);
            worker.postMessage({ type: 'resume', runId: w.runId });
          }
        }
      }
      worker.postMessage({ type: 'schema', id: 999_999 });  // answered after everything above
      await waitFor(() => replies.some((m) => m.type === 'schema' && m.id === 999_999), `seed ${SEED}: the final schema reply`, CASE_TIMEOUT_MS);
      const answers = replies.slice(base);
      const badReplies = answers.filter((m) => m.type === 'error' && m.error.code === 'bad-message');
      assert.equal(badReplies.length, bad, `seed ${SEED}: ${bad} malformed messages, ${badReplies.length} bad-message replies`);
      for (const m of answers.filter((a) => a.type === 'error')) {
        assert.ok(CODES.has(m.error.code) && m.error.code !== 'worker-crashed' && m.error.code !== 'internal',
          `seed ${SEED}: worker error ${show(m.error)}`);
      }
      // Every run started ends: with an error, or frames then done (sizes are tiny).
      await waitFor(() => starts.every((id) => replies.some((m) => m.runId === id && (m.type === 'done' || m.type === 'error'))),
        `seed ${SEED}: every started run to end`, CASE_TIMEOUT_MS);
      assert.deepEqual(events, [], `seed ${SEED}: the worker died`);
      // And the pool still works on the same worker.
      const result = await own.start('bandit-live', { k: 4, steps: 100, seed: 2 }).result;
      assert.equal(result.steps, 100);
      assert.equal(workers.length, 1, 'the worker was never replaced');
    } finally {
      own.dispose();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Bugs this fuzzing found, fixed; each test keeps its fix in place.

describe('regressions found by fuzzing', () => {
  test('a param name with a lone UTF-16 surrogate is named as given in the error', async () => {
    for (const key of ['\uD800x', 'k\uDC00', '\uDBFF']) {
      const v = await pool.validate('bandit-live', { [key]: 1 });
      assert.equal(v.ok, false);
      assert.equal(v.errors[0].param, key);
    }
  });

  test('params that are not an object are invalid-params, not silently the defaults', async () => {
    for (const params of [5, true, Symbol('p'), () => ({}), 'k=3', [3]]) {
      const run = await settle(pool.start('bandit-live', params).result, `params ${show(params)}`);
      assert.equal(run.ok, false, `params ${show(params)} ran`);
      assert.equal(run.error.code, 'invalid-params');
      assert.equal(run.error.details[0].param, 'params');
    }
  });

  test('a scenario that is not a string is invalid-params naming "scenario"', async () => {
    for (const scenario of [5, null, {}, Symbol('s')]) {
      const run = await settle(pool.start(scenario, {}).result, `scenario ${show(scenario)}`);
      assert.equal(run.ok, false);
      assert.equal(run.error.code, 'invalid-params', `scenario ${show(scenario)}: ${run.error.code}`);
      assert.equal(run.error.details?.[0]?.param, 'scenario');
    }
  });

  test("step() with a value String() cannot print throws a FastslowError", () => {
    const handle = pool.start('bandit-live', { steps: 5 }, { paused: true });
    try {
      for (const count of [Object.create(null), { toString() { throw new Error('no'); } }]) {
        assert.throws(() => handle.step(count), (e) => e instanceof FastslowError && e.code === 'invalid-params');
      }
    } finally {
      handle.cancel();
    }
  });

  const native = new URL('../../build/native/fastslow_native', import.meta.url);
  test('the native CLI reports a parameter that is not UTF-8 instead of aborting', {
    skip: existsSync(native) ? false : 'build/native/fastslow_native is not built',
  }, () => {
    // Node passes arguments as UTF-8, so the shell's printf makes the byte 0xff.
    const res = spawnSync('sh', ['-c', `"$0" run bandit-live "$(printf 'k=\\377')"`, native.pathname], { encoding: 'utf8' });
    assert.equal(res.status, 2, `exit ${res.status ?? res.signal}: ${res.stderr}`);
  });
});
