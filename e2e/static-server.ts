// A tiny static server for the e2e tests: serves dist/site under a sub-path (as a course site or
// GitHub Pages would), plus extra pages (a host page with iframes or the custom element), with
// optional response headers (a Content-Security-Policy). No special header is set otherwise.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SITE_DIR = fileURLToPath(new URL('../dist/site/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export interface StaticSite {
  readonly origin: string;
  close(): Promise<void>;
}

export interface StaticOptions {
  /** The folder the site is served from, e.g. "/course/fastslow/". */
  readonly prefix: string;
  /** Extra pages: path → HTML (e.g. "/course/host.html"). */
  readonly pages?: Readonly<Record<string, string>>;
  /** Headers on every response (e.g. a CSP). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Headers on the extra pages only (the host page's CSP). */
  readonly pageHeaders?: Readonly<Record<string, string>>;
}

export async function serveSite(opts: StaticOptions): Promise<StaticSite> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      for (const [k, v] of Object.entries(opts.headers ?? {})) res.setHeader(k, v);
      const page = opts.pages?.[path];
      if (page !== undefined) {
        for (const [k, v] of Object.entries(opts.pageHeaders ?? {})) res.setHeader(k, v);
        res.setHeader('Content-Type', TYPES['.html']!);
        res.end(page);
        return;
      }
      if (!path.startsWith(opts.prefix)) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      let rel = path.slice(opts.prefix.length);
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = normalize(join(SITE_DIR, rel));
      if (!file.startsWith(SITE_DIR)) {
        res.statusCode = 403;
        res.end();
        return;
      }
      try {
        const body = await readFile(file);
        res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
        res.end(body);
      } catch {
        res.statusCode = 404;
        res.end('not found');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
