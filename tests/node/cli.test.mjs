// The CLI as a user runs it: `node dist/lib/cli.js ...`, checked against the library.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { dist, lib } from './helpers.mjs';

const cliPath = fileURLToPath(new URL('cli.js', dist));
const cli = (...args) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000 });

let engine;
before(async () => {
  engine = await lib.Engine.load('auto');
});

const ARGS = ['run', 'bandit-live', '--k', '10', '--steps', '500', '--policy', 'epsilon-greedy', '--seed', '3'];
const PARAMS = { k: 10, steps: 500, policy: 'epsilon-greedy', seed: 3 };

test('run --json prints exactly one JSON object equal to the library result', () => {
  const { status, stdout, stderr } = cli(...ARGS, '--json');
  assert.equal(status, 0, stderr);
  assert.equal(stderr, '');
  assert.equal(stdout.trim().split('\n').length, 1, 'one line');
  const printed = JSON.parse(stdout);
  assert.equal(typeof printed, 'object');
  assert.ok(!Array.isArray(printed));
  const expected = engine.run('bandit-live', PARAMS);
  assert.equal(printed.totalReward, expected.totalReward);
  assert.equal(printed.cumulativeRegret, expected.cumulativeRegret);
  assert.equal(printed.bestArm, expected.bestArm);
  assert.deepStrictEqual(printed, expected);
});

test('--k=10 and --k 10 spell the same flag; flags may come before the command', () => {
  const spaced = JSON.parse(cli(...ARGS, '--json').stdout);
  const joined = cli('run', 'bandit-live', '--k=10', '--steps=500', '--policy=epsilon-greedy', '--seed=3', '--json');
  assert.deepStrictEqual(JSON.parse(joined.stdout), spaced);
  const early = cli('--json', '--seed', '3', 'run', 'bandit-live', '--k', '10', '--steps', '500');
  assert.deepStrictEqual(JSON.parse(early.stdout), spaced);
});

test('without --json it prints a short human summary', () => {
  const { status, stdout } = cli(...ARGS);
  const expected = engine.run('bandit-live', PARAMS);
  assert.equal(status, 0);
  assert.throws(() => JSON.parse(stdout), 'not JSON');
  assert.match(stdout, /^bandit-live\b.*\bk=10\b.*\bseed=3\b/);
  assert.match(stdout, new RegExp(`totalReward\\s+${expected.totalReward}\\n`));
  assert.match(stdout, /cumulativeRegret\s+\d/);
  assert.ok(stdout.split('\n').length < 20, 'short');
});

const badValues = [
  ['out of range', ['--k', '1'], 'k', /\[2, 1000\]/],
  ['not a number', ['--steps', 'lots'], 'steps', /\[1, 1000000\]/],
  ['bad choice', ['--policy', 'best'], 'policy', /one of random, greedy, epsilon-greedy/],
  ['NaN', ['--epsilon', 'NaN'], 'epsilon', /\[0, 1\]/],
  ['unknown flag', ['--arms', '4'], 'arms', /k, steps, policy, epsilon, .*seed/],
  ['flag without value', ['--seed'], 'seed', /4294967295/],
];
for (const [name, flags, param, allowed] of badValues) {
  test(`a bad value (${name}) exits 2 naming --${param} and what is allowed`, () => {
    const { status, stdout, stderr } = cli('run', 'bandit-live', ...flags, '--json');
    assert.equal(status, 2, stderr);
    assert.equal(stdout, '', 'nothing on stdout');
    assert.match(stderr, new RegExp(`--${param}\\b`));
    assert.match(stderr, allowed);
  });
}

test('an unknown scenario or command exits 2', () => {
  const scenario = cli('run', 'no-such-scenario');
  assert.equal(scenario.status, 2);
  assert.match(scenario.stderr, /scenario.*no-such-scenario.*bandit-live/);
  assert.equal(cli('frobnicate').status, 2);
  assert.equal(cli('run').status, 2);
  assert.equal(cli('run', 'bandit-live', 'stray').status, 2);
});

test('--help lists bandit-live and its params with ranges and defaults', () => {
  const { status, stdout } = cli('--help');
  assert.equal(status, 0);
  assert.match(stdout, /bandit-live/);
  for (const param of engine.schema().scenarios[0].params) {
    assert.match(stdout, new RegExp(`--${param.name} <${param.type}>.*default ${param.default}`));
  }
  assert.match(stdout, /--k <int>.*2 \.\. 1000/);
  assert.match(stdout, /random \| greedy \| epsilon-greedy \| ucb1 \| thompson \| optimistic-thompson \| gittins/);
  assert.match(stdout, /--json/);
  assert.equal(cli('run', 'bandit-live', '--help').stdout, cli('help', 'bandit-live').stdout);
});
