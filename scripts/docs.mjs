// `npm run docs`: the API reference of the npm package (web/lib's exports) → dist/api (HTML).
// typedoc lives in its own small package (docs/api): it needs TypeScript 5–6's compiler API,
// while the project compiles with TypeScript 7; npm cannot keep both at the root.
import { existsSync } from 'node:fs';
import { run, step } from './sh.mjs';

const here = (p) => new URL(`../${p}`, import.meta.url).pathname;
try {
  if (!existsSync(here('docs/api/node_modules/typedoc/package.json'))) {
    step('typedoc (docs/api: npm ci)');
    run('npm', ['ci', '--prefix', here('docs/api'), '--no-audit', '--no-fund']);
  }
  step('API reference (typedoc → dist/api)');
  run('node', [here('docs/api/node_modules/typedoc/bin/typedoc'), '--options', here('docs/api/typedoc.json')]);
  console.log(`\nAPI reference: ${here('dist/api/index.html')}`);
} catch (e) {
  console.error(e.message);
  process.exit(e.status || 1);
}
