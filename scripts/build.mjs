// Builds everything `npm start` and `npm test` need, skipping what is up to date:
//   native  — core + native CLI + Catch2 tests (build/native)
//   asan    — the same under AddressSanitizer + UBSan (build/native-asan)
//   wasm    — the SIMD and scalar wasm modules, copied to dist/lib/wasm
//   lib     — the TypeScript library (web/lib → dist/lib, with .d.ts)
//   site    — the playground (web/app → dist/site)
//   debug   — the wasm module with Emscripten assertions (dist/lib/wasm/core-debug.*); not in the default set
// Usage: node scripts/build.mjs [native] [asan] [wasm] [lib] [site] [debug]   (no argument = all but debug)
import { copyFileSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ensureDeps } from './deps.mjs';
import { run, exists, step } from './sh.mjs';

// TOOLCHAIN.md: emcc's JS optimizer needs Debian's acorn, which Node finds only on this path.
const emEnv = { NODE_PATH: '/usr/share/nodejs' };

function cmakeBuild(dir, configureArgs, { emscripten = false, env = {} } = {}) {
  const wrap = (cmd, args) => (emscripten ? ['emcmake', [cmd, ...args]] : [cmd, args]);
  if (!exists(`${dir}/build.ninja`)) {
    const [cmd, args] = wrap('cmake', ['-S', '.', '-B', dir, '-G', 'Ninja', ...configureArgs]);
    run(cmd, args, { env: { ...emEnv, ...env } });
  }
  run('cmake', ['--build', dir], { env: { ...emEnv, ...env } });
}

export const wasmVariants = {
  simd: ['-DFASTSLOW_SIMD=ON', '-DCMAKE_BUILD_TYPE=Release'],
  scalar: ['-DFASTSLOW_SIMD=OFF', '-DCMAKE_BUILD_TYPE=Release'],
  debug: ['-DFASTSLOW_SIMD=ON', '-DCMAKE_BUILD_TYPE=Debug'],
};

function buildWasm(variant) {
  step(`wasm (${variant})`);
  const dir = `build/wasm-${variant}`;
  cmakeBuild(dir, wasmVariants[variant], { emscripten: true });
  mkdirSync(new URL('../dist/lib/wasm', import.meta.url), { recursive: true });
  for (const ext of ['mjs', 'wasm'])
    copyFileSync(new URL(`../${dir}/core-${variant}.${ext}`, import.meta.url),
      new URL(`../dist/lib/wasm/core-${variant}.${ext}`, import.meta.url));
}

const targets = {
  native() {
    step('native core + tests');
    cmakeBuild('build/native', ['-DCMAKE_BUILD_TYPE=Release']);
  },
  asan() {
    step('native core + tests under AddressSanitizer + UndefinedBehaviorSanitizer');
    cmakeBuild('build/native-asan', ['-DCMAKE_BUILD_TYPE=RelWithDebInfo', '-DFASTSLOW_SANITIZE=ON']);
  },
  wasm() {
    buildWasm('simd');
    buildWasm('scalar');
  },
  debug() {
    buildWasm('debug');
  },
  lib() {
    step('TypeScript library');
    run('npx', ['tsc', '-p', 'tsconfig.json']);
  },
  site() {
    step('playground (type-check, then Vite build)');
    run('npx', ['tsc', '-p', 'web/app', '--noEmit']);
    run('npx', ['tsc', '-p', 'e2e', '--noEmit']);
    run('npx', ['vite', 'build', '--logLevel', 'warn']);
  },
};

export function build(names = ['native', 'asan', 'wasm', 'lib', 'site']) {
  ensureDeps();
  for (const name of names) {
    if (!targets[name]) throw new Error(`unknown build target "${name}"; expected one of ${Object.keys(targets).join(', ')}`);
    targets[name]();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    build(process.argv.length > 2 ? process.argv.slice(2) : undefined);
  } catch (e) {
    console.error(e.message);
    process.exit(e.status || 1);
  }
}
