// Meta-training of the shipped MAML / baseline weights (natively, under nice -n 10), and the
// generated core/meta/weights_data.cpp that compiles every committed asset into the core.
//   npm run train:maml -- --task sinusoid --mode maml --seed 1 [--iterations N] [name=value ...]
//   npm run train:maml -- --embed        (only regenerate weights_data.cpp from the assets)
// Writes core/meta/weights/<task>-<mode>.json: {"version":1,"name","network","params",
// "training":{"command","scenario","params","seed","seconds","curve"}} and the manifest
// core/meta/weights/manifest.json (name → command, seed, seconds). Rebuild afterwards
// (node scripts/build.mjs native wasm lib) so the cores carry the new weights.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './sh.mjs';

const dir = join(root, 'core/meta/weights');
const SCENARIO = { sinusoid: 'maml-sinusoid-train', nav: 'maml-nav-train' };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    task: { type: 'string' },
    mode: { type: 'string', default: 'maml' },
    seed: { type: 'string', default: '1' },
    iterations: { type: 'string' },
    embed: { type: 'boolean', default: false },
    resume: { type: 'boolean', default: false },
    segments: { type: 'string', default: '1' },
  },
});

const command = `npm run train:maml -- ${process.argv.slice(2).join(' ')}`;
const segments = Number(values.segments);
if (!values.embed) {
  const scenario = SCENARIO[values.task];
  if (!scenario || !(segments >= 1)) {
    console.error('usage: npm run train:maml -- --task sinusoid|nav [--mode maml|first-order|pretrained|es-maml] [--seed N] [--iterations N] [--resume] [--segments S] [name=value ...]');
    process.exit(2);
  }
  const name = `${values.task}-${values.mode}`;
  const file = join(dir, `${name}.json`);
  // --segments S: S runs of --iterations each, the weights written (and the native binary
  // rebuilt with them) after each, every run after the first resuming from the last.
  for (let seg = 0; seg < segments; seg++) {
    const resume = values.resume || seg > 0;
    const previous = resume ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
    if (resume) rebuildNative();
    const args = [`mode=${values.mode}`, `seed=${values.seed}`, ...(values.iterations ? [`iterations=${values.iterations}`] : []),
      ...(resume ? ['resume=true', `startIteration=${previous.training.iterations}`] : []), ...positionals];
    console.error(`training: fastslow_native run ${scenario} ${args.join(' ')} (nice -n 10)`);
    const start = Date.now();
    const res = spawnSync('nice', ['-n', '10', join(root, 'build/native/fastslow_native'), 'run', scenario, ...args], {
      encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (res.status !== 0) process.exit(res.status ?? 1);
    const seconds = (Date.now() - start) / 1000;
    const result = JSON.parse(res.stdout);
    const curve = previous
      ? Object.fromEntries(Object.entries(result.curve).map(([k, v]) => [k, [...previous.training.curve[k], ...v]]))
      : result.curve;
    const asset = {
      version: 1,
      name,
      network: result.network,
      params: result.weights,
      training: {
        command: previous ? previous.training.command : command,
        resumed: [...(previous?.training.resumed ?? []), ...(previous ? [{ command, args, seconds }] : [])],
        scenario, args: previous ? previous.training.args : args, seed: Number(values.seed),
        iterations: result.iterations, seconds: (previous?.training.seconds ?? 0) + seconds, curve,
      },
    };
    writeFileSync(file, `${JSON.stringify(asset)}\n`);
    console.error(`${name}: ${result.weights.length} parameters, ${result.iterations} iterations, ${seconds.toFixed(0)} s`);
    embed();
  }
} else {
  embed();
}

function rebuildNative() {
  embed();
  const res = spawnSync('nice', ['-n', '10', 'cmake', '--build', join(root, 'build/native'), '--target', 'fastslow_native', '-j1'], { stdio: ['ignore', 2, 2] });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

// Manifest and generated C++ from every asset.
function embed() {
  const assets = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'manifest.json').sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  const manifest = { version: 1, models: Object.fromEntries(assets.map((a) => [a.name, {
    file: `${a.name}.json`, params: a.params.length, command: a.training.command, seed: a.training.seed,
    iterations: a.training.iterations, seconds: a.training.seconds,
  }])) };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const num = (x) => { const s = String(x); return /[.eE]/.test(s) ? s : `${s}.0`; };
  const entries = assets.map((a) => {
    const lines = [];
    for (let i = 0; i < a.params.length; i += 8) lines.push(`      ${a.params.slice(i, i + 8).map(num).join(', ')},`);
    return `    {"${a.name}", {\n${lines.join('\n')}\n    }},`;
  });
  writeFileSync(join(root, 'core/meta/weights_data.cpp'), `// GENERATED by scripts/train-maml.mjs from core/meta/weights/*.json — do not edit.
// Each number is the shortest decimal that reads back as the trained double.
#include <map>

#include "meta/weights.hpp"

namespace fastslow::meta {

const std::vector<double>* trained_weights(const std::string& name) {
  static const std::map<std::string, std::vector<double>> all = {
${entries.join('\n')}
  };
  const auto it = all.find(name);
  return it == all.end() ? nullptr : &it->second;
}

}  // namespace fastslow::meta
`);
  console.error(`core/meta/weights_data.cpp: ${assets.map((a) => a.name).join(', ') || 'no assets'}`);
}
