// Builds the playground (web/app) into dist/site. The library is imported as `fastslow` and
// resolved to the compiled package in dist/lib, so the site uses it exactly as an npm user would
// (its worker and the wasm files are picked up from there via `new URL(..., import.meta.url)`).
//
// Three ways in, one set of assets:
//   index.html         the playground (landing catalogue + views)
//   embed.html         the same page in embed mode (generated from index.html at build time; the
//                      dev server answers /embed.html with index.html): options in its query
//   fastslow-demo.js   the <fastslow-demo> custom element (a stable name: course pages load it by
//                      one <script type="module"> tag)
// Every URL is relative (base './'): the folder works from any sub-path of any static host.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** index.html → embed.html: the same markup, marked as the embed page (no inline script: CSP). */
export function embedHtml(indexHtml: string): string {
  return indexHtml
    .replace(/<html\b([^>]*)>/, '<html$1 data-embed="">')
    .replace(/<title>[^<]*<\/title>/, '<title>fastslow demo</title>');
}

function embedPage(): Plugin {
  return {
    name: 'fastslow-embed-page',
    enforce: 'post',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url ?? '';
        if (!/^\/embed\.html(\?|#|$)/.test(url)) return next();
        const source = readFileSync(here('./web/app/index.html'), 'utf8');
        server.transformIndexHtml(url, embedHtml(source)).then((html) => {
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          res.end(html);
        }, next);
      });
    },
    generateBundle(_options, bundle) {
      const index = bundle['index.html'];
      if (!index || index.type !== 'asset') throw new Error('embed page: the build has no index.html');
      this.emitFile({ type: 'asset', fileName: 'embed.html', source: embedHtml(String(index.source)) });
    },
  };
}

export default defineConfig({
  root: here('./web/app'),
  // Relative asset URLs: the site works from any sub-path (GitHub Pages, a course page folder...).
  base: './',
  publicDir: here('./web/app/public'),
  resolve: {
    alias: [{ find: /^fastslow$/, replacement: here('./dist/lib/index.js') }],
  },
  plugins: [embedPage()],
  worker: {
    // The library's worker uses top-level await (wasm factory); iife workers cannot.
    format: 'es',
  },
  build: {
    outDir: here('./dist/site'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        index: here('./web/app/index.html'),
        'fastslow-demo': here('./web/app/src/fastslow-demo.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'fastslow-demo' ? 'fastslow-demo.js' : 'assets/[name]-[hash].js'),
      },
    },
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
