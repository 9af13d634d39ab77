// dist/lib/worker.js spoken to directly over node:worker_threads, without the pool.
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { after, before, test } from 'node:test';
import { dist, waitFor } from './helpers.mjs';

let worker;
const replies = [];
before(() => {
  worker = new Worker(new URL('worker.js', dist));
  worker.on('message', (message) => replies.push(message));
});
after(() => worker.terminate());

const replyTo = async (predicate, what) => {
  await waitFor(() => replies.some(predicate), what);
  return replies.find(predicate);
};

test('answers a request posted before the wasm has loaded', async () => {
  worker.postMessage({ type: 'schema', id: 1 }); // posted right after the worker started
  const reply = await replyTo((m) => m.type === 'schema' && m.id === 1, 'the schema reply');
  assert.ok(reply.schema.scenarios.some((s) => s.name === 'bandit-live'));
});

test("malformed messages get a 'bad-message' reply and the worker keeps serving", async () => {
  const malformed = [
    42,
    null,
    'start',
    [],
    {},
    { type: 'launch' },
    { type: 'schema' },
    { type: 'schema', id: -1 },
    { type: 'init', variant: 'avx512' },
    { type: 'validate', id: 2, scenario: 'bandit-live' },
    { type: 'start', runId: 7, scenario: 5, params: [], paused: false },
    { type: 'start', runId: 8, scenario: 'bandit-live', params: [{ name: 'k' }], paused: false },
    { type: 'start', runId: 9, scenario: 'bandit-live', params: [] },
    { type: 'step', runId: 1, count: 0 },
    { type: 'pause' },
  ];
  const before = replies.length;
  for (const message of malformed) worker.postMessage(message);
  await waitFor(() => replies.length - before >= malformed.length, 'one reply per malformed message');
  const answers = replies.slice(before);
  for (const [i, answer] of answers.entries()) {
    assert.equal(answer.type, 'error', `reply ${i} is an error`);
    assert.equal(answer.error.code, 'bad-message', `reply ${i}: ${answer.error.message}`);
  }
  assert.equal(answers.find((a) => a.id === 2)?.error.code, 'bad-message', 'the id is echoed when readable');
  assert.deepEqual(answers.filter((a) => a.runId !== undefined).map((a) => a.runId).sort(), [1, 7, 8, 9]);

  // Still serving: a real run goes from first frame to result.
  worker.postMessage({ type: 'start', runId: 100, scenario: 'bandit-live', params: [
    { name: 'steps', kind: 1, number: 300, text: '' },
    { name: 'seed', kind: 2, number: 0, text: '3' },
  ], paused: false });
  const done = await replyTo((m) => m.type === 'done' && m.runId === 100, 'the run to finish');
  assert.equal(done.result.steps, 300);
  assert.equal(done.result.seed, 3);
  const frames = replies.filter((m) => m.type === 'frame' && m.runId === 100);
  assert.ok(frames.length >= 2);
  assert.ok(frames.at(-1).arrays.pulls instanceof Float64Array);
});

test('control messages for unknown runs are ignored; cancel is acknowledged', async () => {
  const before = replies.length;
  worker.postMessage({ type: 'pause', runId: 555 });
  worker.postMessage({ type: 'resume', runId: 555 });
  worker.postMessage({ type: 'step', runId: 555, count: 3 });
  worker.postMessage({ type: 'cancel', runId: 555 });
  await replyTo((m) => m.type === 'cancelled' && m.runId === 555, 'the cancel acknowledgement');
  assert.deepEqual(replies.slice(before), [{ type: 'cancelled', runId: 555 }]);
});

test('a duplicate runId is refused without disturbing the running run', async () => {
  const start = (runId) => ({ type: 'start', runId, scenario: 'bandit-live', params: [], paused: true });
  worker.postMessage(start(200));
  worker.postMessage(start(200));
  const refused = await replyTo((m) => m.type === 'error' && m.runId === 200, 'the refusal');
  assert.equal(refused.error.code, 'bad-message');
  worker.postMessage({ type: 'resume', runId: 200 });
  const done = await replyTo((m) => m.type === 'done' && m.runId === 200, 'the first run to finish');
  assert.equal(done.result.steps, 500);
});
