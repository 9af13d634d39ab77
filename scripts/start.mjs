// `npm start`: installs what is missing, builds, and serves the production playground.
import { build } from './build.mjs';
import { run } from './sh.mjs';

const port = process.env.PORT || '4173';
try {
  build(['wasm', 'lib', 'site']);  // the playground needs no native build
  console.log(`\nfastslow playground: http://127.0.0.1:${port}/`);
  console.log(`embed page:          http://127.0.0.1:${port}/embed.html?hide-controls&autoplay#scenario=bandit-live`);
  console.log(`custom element:      http://127.0.0.1:${port}/fastslow-demo.js (docs/course.md)\n`);
  run('npx', ['vite', 'preview', '--port', port, '--host', '127.0.0.1', '--strictPort']);
} catch (e) {
  console.error(e.message);
  process.exit(e.status || 1);
}
