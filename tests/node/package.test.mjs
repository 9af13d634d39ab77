// The npm package as a user gets it: `npm pack`, install the tarball into a fresh project
// (offline: the package has no dependencies), then import it by name in Node — the main entry and
// fastslow/compute, types resolved through `exports` — and run a scenario in worker threads; then
// bundle examples/vite-app against it with Vite and run it in Chromium (Web Worker + wasm).
// Needs dist/lib (node scripts/build.mjs wasm lib).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import './helpers.mjs'; // fails early with the build command when dist/lib is missing

const root = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quiet = { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' };
let dir;
let files;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fastslow-pack-'));
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { ...quiet, cwd: root }));
  files = packed[0].files.map((f) => f.path);
  const tarball = join(dir, packed[0].filename);
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', tarball], { ...quiet, cwd: app });
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the tarball holds the library, its types and the two wasm builds, and nothing else', () => {
  for (const f of ['package.json', 'README.md', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/compute.js', 'dist/lib/compute.d.ts',
    'dist/lib/worker.js', 'dist/lib/cli.js', 'dist/lib/wasm/core-simd.wasm', 'dist/lib/wasm/core-simd.mjs', 'dist/lib/wasm/core-scalar.wasm', 'dist/lib/wasm/core-scalar.mjs']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  const stray = files.filter((f) => !/^(package\.json|README\.md|dist\/lib\/.*\.(js|d\.ts|mjs|wasm))$/.test(f) || /core-debug|\.map$/.test(f));
  assert.deepEqual(stray, []);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const s of ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'postpack']) assert.equal(pkg.scripts?.[s], undefined, `no "${s}" script`);
  assert.deepEqual(pkg.dependencies ?? {}, {});
  for (const [entry, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue;
    assert.ok(target.types && files.includes(target.types.slice(2)), `${entry}: types packed`);
    assert.ok(files.includes(target.default.slice(2)), `${entry}: code packed`);
  }
});

test('installed from the tarball, it runs bandit-live in Node worker threads and same-thread', () => {
  const app = join(dir, 'app');
  assert.ok(existsSync(join(app, 'node_modules', 'fastslow', 'dist', 'lib', 'wasm', 'core-simd.wasm')));
  writeFileSync(
    join(app, 'main.mjs'),
    `import { createPool } from 'fastslow';
import { Engine } from 'fastslow/compute';
const pool = createPool({ size: 1 });
try {
  const schema = await pool.schema();
  const run = pool.start('bandit-live', { k: 5, steps: 200, policy: 'ucb1', seed: 3 });
  let frames = 0;
  for await (const f of run) frames++;
  const r = await run.result;
  const engine = await Engine.load();
  const same = engine.run('bandit-live', { k: 5, steps: 200, policy: 'ucb1', seed: 3 });
  console.log(JSON.stringify({ scenarios: schema.scenarios.map((s) => s.name), frames, steps: r.steps, total: r.totalReward, sameTotal: same.totalReward }));
} finally {
  pool.dispose();
}
`,
  );
  const out = JSON.parse(execFileSync(process.execPath, ['main.mjs'], { ...quiet, cwd: app, timeout: 60_000 }));
  assert.ok(out.scenarios.includes('bandit-live'));
  assert.ok(out.frames >= 1);
  assert.equal(out.steps, 200);
  assert.equal(out.total, out.sameTotal, 'worker and same-thread runs agree (same seed)');
});

test('its types resolve through "exports" for a TypeScript user', () => {
  const app = join(dir, 'app');
  writeFileSync(
    join(app, 'check.ts'),
    `import { createPool, type BanditLiveResult, type Frame } from 'fastslow';
import { Engine } from 'fastslow/compute';
const pool = createPool();
const run = pool.start('bandit-live', { k: 5 });
run.onFrame((f: Frame) => f.scalars.step);
const r: Promise<BanditLiveResult> = run.result;
void r; void Engine;
// @ts-expect-error: start's params are a record, not a number
pool.start('bandit-live', 5);
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2023', 'DOM'], types: [] }, files: ['check.ts'] }),
  );
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', app], { ...quiet, cwd: app });
});

test('examples/vite-app, bundled by Vite against the tarball, runs a scenario in Chromium', async () => {
  const app = join(dir, 'app');
  for (const f of ['index.html', 'vite.config.js', 'src']) cpSync(join(root, 'examples', 'vite-app', f), join(app, f), { recursive: true });
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { ...quiet, cwd: app, timeout: 60_000 });
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname.replace(/\/$/, '/index.html');
    readFile(join(app, 'dist', path)).then(
      (body) => {
        res.setHeader('Content-Type', types[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream');
        res.end(body);
      },
      () => {
        res.statusCode = 404;
        res.end();
      },
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.click('#run');
    await page.waitForSelector('#out[data-total-reward]', { timeout: 30_000 });
    const total = Number(await page.getAttribute('#out', 'data-total-reward'));
    assert.ok(total > 0 && total <= 2000, `total reward ${total}`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});
