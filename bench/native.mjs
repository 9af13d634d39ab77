// Shared by the benches: CPU seconds of this process, and one run of the native CLI
// (build/native/fastslow_native) under GNU time, which reports the whole process's CPU seconds
// (user + system, every thread) and its peak resident memory.
import { spawnSync } from 'node:child_process';

const exe = new URL('../build/native/fastslow_native', import.meta.url).pathname;

/** CPU seconds (user + system) of this process so far; worker threads count in it. */
export const cpuOfProcess = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

/** `name=value` words of a params object, as the native CLI takes them. */
export const paramArgs = (params) => Object.entries(params).map(([k, v]) => `${k}=${v}`);

/**
 * Runs `fastslow_native ...args` (stdin from `input` if given) under GNU time: its stdout, the
 * process's CPU seconds and peak resident memory in MB (NaN where GNU time did not report them).
 */
export function runNative(args, { input } = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S %M', exe, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`native ${args.slice(0, 2).join(' ')} failed: ${r.stderr}`);
  const m = [...r.stderr.matchAll(/cpu ([\d.]+) ([\d.]+) (\d+)/g)].at(-1);
  return { stdout: r.stdout, cpu: m ? Number(m[1]) + Number(m[2]) : NaN, peakMb: m ? Number(m[3]) / 1024 : NaN };
}
