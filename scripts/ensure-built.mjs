// Before `npm run cli`: builds the wasm module and the library if they are missing, with all
// build output on stderr so that `--json` keeps stdout to exactly one JSON object.
import { spawnSync } from 'node:child_process';
import { exists, root } from './sh.mjs';

const needed = ['dist/lib/cli.js', 'dist/lib/wasm/core-simd.wasm', 'dist/lib/wasm/core-scalar.wasm'];
if (!needed.every(exists)) {
  const res = spawnSync(process.execPath, ['scripts/build.mjs', 'wasm', 'lib'], { cwd: root, stdio: ['inherit', 2, 2] });
  if (res.status !== 0) process.exit(res.status ?? 1);
}
