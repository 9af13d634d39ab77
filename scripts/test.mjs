// `npm test`: installs what is missing, builds, then runs the three tiers —
//   1. Catch2 unit/property tests of the core (native, ctest), then again under ASan + UBSan
//   2. Node tests of the wasm module, the TS client and the CLI (node --test)
//   3. libFuzzer targets for 20 s each (config validation, run stepping, the k-NN index)
//   4. Playwright tests of the playground in Debian's Chromium
// Exits non-zero if any tier fails or runs no test. Ends with "total: N passed, M failed".
import { spawn } from 'node:child_process';
import { build } from './build.mjs';
import { root, step } from './sh.mjs';

// Runs a command, streaming its output, and returns { code, output }.
function capture(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d) => { output += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { output += d; process.stderr.write(d); });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const num = (re, text) => {
  const all = [...text.matchAll(re)];
  return all.length ? Number(all[all.length - 1][1]) : 0;
};

async function ctest(dir) {
  const { code, output } = await capture('ctest', ['--test-dir', dir, '--output-on-failure', '--no-tests=error', '-j2']);
  const total = num(/tests failed out of (\d+)/g, output);
  const failed = num(/(\d+) tests failed out of/g, output);
  return { code, passed: total - failed, failed };
}

export const tiers = {
  catch2: () => ctest('build/native'),
  'catch2-asan': () => ctest('build/native-asan'),
  async node() {
    const { code, output } = await capture('node', ['--test', '--test-reporter=spec', '--test-concurrency=2', 'tests/node/']);
    return { code, passed: num(/^ℹ pass (\d+)/gm, output), failed: num(/^ℹ fail (\d+)/gm, output) };
  },
  async fuzz() {
    const { code, output } = await capture('node', ['scripts/fuzz.mjs', '--seconds', '20']);
    return { code, passed: num(/^fuzz: (\d+) passed/gm, output), failed: num(/^fuzz: \d+ passed, (\d+) failed/gm, output) };
  },
  async playwright() {
    const { code, output } = await capture('npx', ['playwright', 'test', '--reporter=list']);
    return { code, passed: num(/(\d+) passed/g, output), failed: num(/(\d+) failed/g, output) };
  },
};

async function main() {
  const only = process.argv.slice(2);
  build();
  let passed = 0, failed = 0, bad = [];
  for (const [name, tier] of Object.entries(tiers)) {
    if (only.length && !only.includes(name)) continue;
    step(`tests: ${name}`);
    const r = await tier();
    console.log(`${name}: ${r.passed} passed, ${r.failed} failed`);
    passed += r.passed;
    failed += r.failed;
    if (r.code !== 0 || r.failed > 0) bad.push(`${name} failed (exit ${r.code})`);
    else if (r.passed === 0) bad.push(`${name} ran no test`);
  }
  console.log(`\n${bad.length ? bad.join('; ') : 'all tiers passed'}`);
  console.log(`total: ${passed} passed, ${failed} failed`);
  process.exit(bad.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(e.status || 1);
});
