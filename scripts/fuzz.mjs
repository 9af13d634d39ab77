// `npm run fuzz`: builds the libFuzzer targets (tests/fuzz, native clang + ASan + UBSan, in
// build/fuzz), replays every committed regression input, then fuzzes each target for a while
// starting from its committed seed corpus.
//   node scripts/fuzz.mjs                      20 s per target (CI)
//   node scripts/fuzz.mjs --seconds 600        a long run
//   node scripts/fuzz.mjs --targets knn,step   some targets only
//   node scripts/fuzz.mjs --seconds 0          build + regressions only
//   node scripts/fuzz.mjs --merge              afterwards, merge what was found into tests/fuzz/corpus
//                                              (set cover over edges: stays small)
// Layout (tests/fuzz/README.md):
//   tests/fuzz/corpus/<target>/              seed corpus (committed, small)
//   tests/fuzz/regressions/<target>/         inputs that once crashed: each must now pass
//   tests/fuzz/regressions/<target>/open/    reproducers of reported, not yet fixed bugs: run with
//                                            FASTSLOW_FUZZ_OPEN_BUGS=1 (the harness guards off);
//                                            reported, never counted as failures
//   build/fuzz/corpus/<target>/              what a run adds (not committed)
//   build/fuzz/artifacts/<target>/           crash / timeout inputs of a run
// Exits non-zero when a target crashes or a regression input fails. Last line:
//   fuzz: N passed, M failed        (N, M: targets)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { quiet, root, run, step } from './sh.mjs';

export const TARGETS = ['validate', 'step', 'knn', 'checkpoint', 'env'];
const BUILD = 'build/fuzz';
// Debian 12: clang (14) and the libFuzzer runtime, which is in libclang-rt-14-dev (clang-14
// only recommends it, so an install without recommends lacks it).
const PACKAGES = ['clang', 'libclang-rt-14-dev'];
const SANITIZER_ENV = {
  ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:symbolize=1',
  UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
};

function parseArgs(argv) {
  const opts = { seconds: 20, targets: TARGETS, merge: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--seconds') {
      opts.seconds = Number(value());
      if (!Number.isInteger(opts.seconds) || opts.seconds < 0) throw new Error('--seconds must be an integer >= 0');
    } else if (arg === '--targets') {
      opts.targets = value().split(',').filter(Boolean);
      const unknown = opts.targets.filter((t) => !TARGETS.includes(t));
      if (unknown.length) throw new Error(`unknown target(s) ${unknown.join(', ')}; expected ${TARGETS.join(', ')}`);
    } else if (arg === '--merge') {
      opts.merge = true;
    } else {
      throw new Error(`unknown argument ${arg}; usage: node scripts/fuzz.mjs [--seconds N] [--targets a,b] [--merge]`);
    }
  }
  return opts;
}

function ensureToolchain() {
  const res = quiet('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...PACKAGES]);
  const installed = new Set((res.stdout || '').split('\n').filter((l) => l.endsWith(' installed')).map((l) => l.split(' ')[0]));
  const missing = PACKAGES.filter((p) => !installed.has(p));
  if (!missing.length) return;
  step(`installing Debian packages: ${missing.join(' ')}`);
  const asRoot = !process.getuid || process.getuid() === 0;
  const apt = (args, env = {}) => (asRoot ? run('apt-get', args, { env }) : run('sudo', ['apt-get', ...args], { env }));
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', ...missing], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
}

function build() {
  step('libFuzzer targets (clang, ASan + UBSan, build/fuzz)');
  const env = { CXX: 'clang++', CC: 'clang' };
  if (!existsSync(join(root, BUILD, 'build.ninja'))) {
    run('cmake', ['-S', '.', '-B', BUILD, '-G', 'Ninja', '-DFASTSLOW_FUZZ=ON', '-DFASTSLOW_SANITIZE=ON',
      '-DFASTSLOW_SIMD=OFF', '-DCMAKE_BUILD_TYPE=RelWithDebInfo'], { env });
  }
  run('cmake', ['--build', BUILD, '--target', 'fuzz_all'], { env });
}

const binary = (target) => join(root, BUILD, 'tests/fuzz', `fuzz_${target}`);
const files = (dir) =>
  existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)).filter((f) => statSync(f).isFile() && !f.endsWith('.md')) : [];

// Runs a fuzzer binary; returns { code, output }.
function fuzzer(target, args, env = {}) {
  const res = spawnSync(binary(target), args, {
    cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...SANITIZER_ENV, ...env },
  });
  return { code: res.status ?? 1, output: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

const lastLines = (text, n) => text.trimEnd().split('\n').slice(-n).join('\n');

function regressions(target) {
  const dir = join(root, 'tests/fuzz/regressions', target);
  let ok = true;
  const inputs = files(dir);
  if (inputs.length) {
    const { code, output } = fuzzer(target, inputs);
    if (code !== 0) {
      ok = false;
      console.log(`  FAIL regressions/${target}: an input crashes again\n${lastLines(output, 40)}`);
    } else {
      console.log(`  regressions/${target}: ${inputs.length} input(s) pass`);
    }
  }
  for (const input of files(join(dir, 'open'))) {
    const name = `regressions/${target}/open/${input.split('/').pop()}`;
    const { code } = fuzzer(target, [input], { FASTSLOW_FUZZ_OPEN_BUGS: '1' });
    console.log(code !== 0
      ? `  open bug still reproduces: ${name} (known; see tests/fuzz/README.md)`
      : `  NOTE: ${name} no longer crashes: once its guard in the harness is removed, move it up to regressions/${target}/`);
  }
  return ok;
}

function fuzz(target, seconds) {
  const work = join(root, BUILD, 'corpus', target);
  const artifacts = join(root, BUILD, 'artifacts', target);
  const seeds = join(root, 'tests/fuzz/corpus', target);
  mkdirSync(work, { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  const { code, output } = fuzzer(target, [
    work, ...(existsSync(seeds) ? [seeds] : []),
    `-max_total_time=${seconds}`, '-timeout=30', '-rss_limit_mb=4096', '-max_len=4096', '-print_final_stats=1',
    `-artifact_prefix=${artifacts}/`,
  ]);
  const stat = (name) => output.match(new RegExp(`stat::${name}:\\s+(\\d+)`))?.[1] ?? '?';
  const cov = [...output.matchAll(/cov: (\d+) ft: (\d+) corp: (\d+)/g)].at(-1);
  if (code !== 0) {
    const artifact = output.match(/Test unit written to (\S+)/)?.[1] ?? '(none written)';
    console.log(`  FAIL fuzz_${target} crashed (exit ${code}) after ${stat('number_of_executed_units')} inputs\n` +
      `${lastLines(output, 60)}\n  reproducer: ${artifact}\n` +
      `  replay: ${binary(target)} ${artifact}   (FASTSLOW_FUZZ_VERBOSE=1 prints what it does)\n` +
      `  keep it: copy it to tests/fuzz/regressions/${target}/ once fixed (or .../open/ with a guard while not)`);
    return false;
  }
  console.log(`  fuzz_${target}: ${seconds} s, ${stat('number_of_executed_units')} inputs ` +
    `(${stat('average_exec_per_sec')}/s), coverage ${cov ? `${cov[1]} edges, ${cov[2]} features, corpus ${cov[3]}` : '?'}, ` +
    `peak RSS ${stat('peak_rss_mb')} MB`);
  return true;
}

function merge(target) {
  const seeds = join(root, 'tests/fuzz/corpus', target);
  mkdirSync(seeds, { recursive: true });
  const before = files(seeds).length;
  // Greedy set cover over edges only (no hit counters): the committed corpus stays a few dozen
  // inputs with the same edge coverage as everything found.
  const { code, output } = fuzzer(target, ['-set_cover_merge=1', '-use_counters=0', seeds, join(root, BUILD, 'corpus', target)]);
  if (code !== 0) throw new Error(`merge of ${target} failed:\n${lastLines(output, 20)}`);
  console.log(`  corpus/${target}: ${before} -> ${files(seeds).length} inputs`);
}

export function main(argv) {
  const opts = parseArgs(argv);
  ensureToolchain();
  build();
  let passed = 0, failed = 0;
  for (const target of opts.targets) {
    step(`fuzz_${target}`);
    let ok = regressions(target);
    if (ok && opts.seconds > 0) ok = fuzz(target, opts.seconds);
    if (ok && opts.merge) merge(target);
    if (ok) passed++;
    else failed++;
  }
  console.log(`fuzz: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (e) {
    console.error(e.message);
    console.log('fuzz: 0 passed, 1 failed');
    process.exit(e.status || 1);
  }
}
