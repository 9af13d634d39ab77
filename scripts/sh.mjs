// Small process helpers shared by the build, test and start scripts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

// Runs a command with inherited stdio; throws (with the command line) when it fails.
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts, env: { ...process.env, ...opts.env } });
  if (res.status !== 0) {
    const err = new Error(`command failed (${res.status ?? res.signal}): ${cmd} ${args.join(' ')}`);
    err.status = res.status ?? 1;
    throw err;
  }
}

// Runs a command and returns its status without throwing (output inherited).
export function status(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts, env: { ...process.env, ...opts.env } });
  return res.status ?? 1;
}

export function quiet(cmd, args) {
  return spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
}

export const exists = (p) => existsSync(new URL(p, new URL('..', import.meta.url)));

export function step(title) {
  console.log(`\n== ${title}`);
}
