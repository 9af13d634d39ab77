// Installs what fastslow needs on a fresh Debian 12 machine, and nothing when it is there:
// Debian packages with apt-get (the machine user is root), npm packages with `npm ci`.
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { run, quiet, exists, step } from './sh.mjs';

export const debianPackages = [
  'cmake', 'ninja-build', 'g++',
  'emscripten',          // C++ → wasm (3.1.6), pulls clang/lld/binaryen
  'libeigen3-dev',       // linear algebra (header-only)
  'libxsimd-dev',        // SIMD kernels (header-only)
  'nlohmann-json3-dev',  // JSON for schema export and results (header-only)
  'catch2',              // C++ unit tests
  'chromium',            // Playwright runs Debian's Chromium; browsers are never downloaded
  'clang',               // libFuzzer targets (tests/fuzz) ...
  'libclang-rt-14-dev',  // ... and their runtime (libclang_rt.fuzzer)
];

function missingDebian() {
  const res = quiet('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...debianPackages]);
  const installed = new Set(
    (res.stdout || '').split('\n').filter((l) => l.endsWith(' installed')).map((l) => l.split(' ')[0]),
  );
  return debianPackages.filter((p) => !installed.has(p));
}

function npmStale() {
  if (!exists('node_modules/.package-lock.json')) return true;
  const lock = statSync(new URL('../package-lock.json', import.meta.url)).mtimeMs;
  const installed = statSync(new URL('../node_modules/.package-lock.json', import.meta.url)).mtimeMs;
  return lock > installed;
}

export function ensureDeps() {
  const missing = missingDebian();
  if (missing.length) {
    step(`installing Debian packages: ${missing.join(' ')}`);
    const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
    const apt = (args) => (sudo.length ? run('sudo', ['apt-get', ...args]) : run('apt-get', args));
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', ...missing], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (npmStale()) {
    step('installing npm packages (npm ci)');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) ensureDeps();
