// Builds the playground (web/app) into dist/site. The library is imported as `fastslow` and
// resolved to the compiled package in dist/lib, so the site uses it exactly as an npm user would
// (its worker and the wasm files are picked up from there via `new URL(..., import.meta.url)`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./web/app'),
  // Relative asset URLs: the site works from any sub-path (GitHub Pages, a course page folder...).
  base: './',
  publicDir: here('./web/app/public'),
  resolve: {
    alias: [{ find: /^fastslow$/, replacement: here('./dist/lib/index.js') }],
  },
  worker: {
    // The library's worker uses top-level await (wasm factory); iife workers cannot.
    format: 'es',
  },
  build: {
    outDir: here('./dist/site'),
    emptyOutDir: true,
    target: 'es2022',
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    fs: { allow: [here('.')] },
  },
});
