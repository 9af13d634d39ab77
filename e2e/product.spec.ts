// The playground as a product (issue 8): the static build from a sub-path, the landing catalogue,
// the URL round trip of every catalogue entry, back / forward, copy link, "Embed this", the embed
// page (hidden controls, autoplay, compact), two embeds on one page, the <fastslow-demo> element,
// a host page and a site under a strict Content-Security-Policy, exports (CSV, JSON, PNG),
// keyboard-only use, reduced motion and a 360 px layout. Built site: dist/site.
import { readFile } from 'node:fs/promises';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { CATALOG } from '../web/app/src/catalog.ts';
import { serveSite, type StaticSite } from './static-server.ts';

const PREFIX = '/course/fastslow/';

function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Waits until the run status of a page or frame says done; returns its total reward. */
async function runsToDone(where: Page | Frame): Promise<string | null> {
  const status = where.locator('#status');
  await expect(status).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  return status.getAttribute('data-total-reward');
}

test.describe('served from a sub-path by a plain static server', () => {
  let site: StaticSite;
  test.beforeAll(async () => {
    site = await serveSite({ prefix: PREFIX });
  });
  test.afterAll(async () => {
    await site.close();
  });

  test('landing, a card, a run: every request stays under the sub-path', async ({ page }) => {
    const errors = pageErrors(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${site.origin}${PREFIX}`);
    const cards = page.locator('.catalog-card');
    await expect(cards.first()).toBeVisible();
    await expect(page.locator('main.layout')).toBeHidden();
    await page.getByRole('link', { name: CATALOG[0]!.title }).click();
    await expect(page.locator('#scenario')).toHaveValue(CATALOG[0]!.view);
    await runsToDone(page); // a card starts its demo
    expect(requests.filter((p) => !p.startsWith(PREFIX))).toEqual([]);
    expect(requests.some((p) => p.endsWith('.wasm'))).toBe(true);
    expect(errors).toEqual([]);
  });

  test('the embed page and index.html reference assets relatively', async () => {
    for (const file of ['index.html', 'embed.html']) {
      const html = await readFile(new URL(`../dist/site/${file}`, import.meta.url), 'utf8');
      const urls = [...html.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1]!);
      expect(urls.length).toBeGreaterThan(0);
      for (const u of urls) expect(u, `${file}: ${u}`).toMatch(/^\.\//);
    }
  });
});

test.describe('landing and URL state', () => {
  test('every catalogue entry opens its view, and its URL survives a reload unchanged', async ({ page }) => {
    const errors = pageErrors(page);
    await page.goto('./#home');
    await expect(page.locator('.catalog-card').first()).toBeVisible();
    const shown = await page.locator('.catalog-card').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.entry));
    expect(shown.length).toBeGreaterThan(0);
    for (const entry of CATALOG.filter((e) => shown.includes(e.id))) {
      await page.goto(`./#${entry.state}`);
      await expect(page.locator('#scenario')).toHaveValue(entry.view);
      const hash = await page.evaluate(() => location.hash);
      // Every parameter the entry sets is in the canonical hash with the same value.
      const want = new URLSearchParams(entry.state);
      const got = new URLSearchParams(hash.slice(1));
      for (const [k, v] of want) if (k !== 'scenario' && k !== 'view') expect(got.get(k), `${entry.id}: ${k}`).toBe(v);
      await page.reload();
      await expect(page.locator('#scenario')).toHaveValue(entry.view);
      expect(await page.evaluate(() => location.hash)).toBe(hash);
      await expect(page.locator('#message')).not.toHaveAttribute('data-kind', 'warning');
    }
    expect(errors).toEqual([]);
  });

  test('every view of the picker has a landing card, and its canonical URL survives reload, back and forward', async ({ page }) => {
    await page.goto('./#home');
    await expect(page.locator('.catalog-card').first()).toBeVisible();
    const cards = await page.locator('.card-link').evaluateAll((links) => links.map((a) => (a as HTMLElement).dataset.view));
    await page.goto('./#scenario=bandit-live');
    await expect(page.locator('#scenario')).toBeEnabled();
    const views = await page.locator('#scenario option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(new Set(cards)).toEqual(new Set(views));
    const hashes: string[] = [];
    for (const id of views) {
      await page.locator('#scenario').selectOption(id);
      await expect(page.locator('#scenario')).toHaveValue(id);
      const hash = await page.evaluate(() => location.hash);
      hashes.push(hash);
      await page.reload();
      await expect(page.locator('#scenario')).toHaveValue(id);
      expect(await page.evaluate(() => location.hash)).toBe(hash);
    }
    for (let i = views.length - 2; i >= 0; i--) {
      await page.goBack();
      await expect(page.locator('#scenario')).toHaveValue(views[i]!);
      expect(await page.evaluate(() => location.hash)).toBe(hashes[i]);
    }
  });

  test('back and forward move between the landing page and views', async ({ page }) => {
    await page.goto('./');
    await expect(page.locator('.catalog-card').first()).toBeVisible();
    await page.getByRole('link', { name: CATALOG[0]!.title }).click();
    await expect(page.locator('#scenario')).toHaveValue(CATALOG[0]!.view);
    await page.locator('#scenario').selectOption('bandit-compare');
    await expect(page.locator('#scenario')).toHaveValue('bandit-compare');
    await page.goBack();
    await expect(page.locator('#scenario')).toHaveValue(CATALOG[0]!.view);
    await page.goBack();
    await expect(page.locator('.catalog-card').first()).toBeVisible();
    await expect(page.locator('main.layout')).toBeHidden();
    await page.goForward();
    await expect(page.locator('#scenario')).toHaveValue(CATALOG[0]!.view);
    await page.getByRole('link', { name: 'All demos' }).click();
    await expect(page.locator('.catalog-card').first()).toBeVisible();
  });

  test('copy link puts the address with the whole state on the clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('./#scenario=bandit-live&k=7&seed=42');
    await expect(page.locator('#scenario')).toHaveValue('bandit-live');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.locator('.share-status')).toContainText('Link copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(page.url());
    expect(copied).toContain('k=7');
    expect(copied).toContain('seed=42');
  });

  test('"Embed this" gives both snippets for the current state and options', async ({ page }) => {
    await page.goto('./#scenario=bandit-live&k=6&seed=3');
    await expect(page.locator('#scenario')).toHaveValue('bandit-live');
    await page.getByRole('button', { name: 'Embed this…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Embed this demo' });
    await expect(dialog).toBeVisible();
    const iframe = dialog.getByRole('textbox', { name: 'Iframe' });
    const element = dialog.getByRole('textbox', { name: 'Custom element' });
    await expect(iframe).toHaveValue(/embed\.html#scenario=bandit-live&amp;k=6/);
    await dialog.getByLabel('Hide the controls').check();
    await dialog.getByLabel('Autoplay').check();
    await expect(iframe).toHaveValue(/embed\.html\?hide-controls&amp;autoplay#scenario=bandit-live/);
    await expect(element).toHaveValue(/<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/fastslow-demo\.js"><\/script>/);
    await expect(element).toHaveValue(/<fastslow-demo scenario="bandit-live" params="k=6&amp;[^"]*seed=3" hide-controls autoplay><\/fastslow-demo>/);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });
});

test.describe('embedding', () => {
  let site: StaticSite;
  const twoIframes = (origin: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>course page</title><link rel="icon" href="data:,"></head><body>
<h1>Two demos</h1>
<iframe id="a" title="demo a" width="700" height="640" src="${origin}${PREFIX}embed.html?hide-controls&autoplay#scenario=bandit-live&policy=ucb1&seed=1"></iframe>
<iframe id="b" title="demo b" width="700" height="640" src="${origin}${PREFIX}embed.html?compact#scenario=bandit-live&policy=thompson&seed=2"></iframe>
</body></html>`;
  const elements = (origin: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>course page</title><link rel="icon" href="data:,">
<script type="module" src="${origin}${PREFIX}fastslow-demo.js"></script></head><body>
<h1>Two elements</h1>
<fastslow-demo id="x" scenario="bandit-live" params="policy=gittins&seed=5" hide-controls autoplay compact></fastslow-demo>
<fastslow-demo id="y" scenario="bandit-compare" params="tasks=2&seed=6" autoplay></fastslow-demo>
</body></html>`;
  // The strictest policy this site runs under (docs/course.md): the glue compiles wasm
  // ('wasm-unsafe-eval') and Embind builds its invokers with new Function ('unsafe-eval').
  const SITE_CSP =
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'; worker-src 'self'; connect-src 'self'; " +
    "style-src 'self'; img-src 'self' data: blob:; frame-ancestors *";

  // fastslow-demo.js is a module script: loaded from another origin it needs CORS (GitHub Pages
  // sends Access-Control-Allow-Origin: * for every file; docs/course.md).
  const CORS = { 'Access-Control-Allow-Origin': '*' };
  test.beforeAll(async () => {
    site = await serveSite({ prefix: PREFIX, headers: CORS });
  });
  test.afterAll(async () => {
    await site.close();
  });

  test('embed page: hidden controls, autoplay, link back to the playground', async ({ page }) => {
    const errors = pageErrors(page);
    await page.setViewportSize({ width: 700, height: 800 });
    await page.goto(`${site.origin}${PREFIX}embed.html?hide-controls&autoplay#scenario=bandit-live&policy=ucb1&seed=1`);
    await expect(page.locator('.panel.setup')).toBeHidden();
    await expect(page.locator('.site-header')).toBeHidden();
    await runsToDone(page);
    const open = page.getByRole('link', { name: /Open in the fastslow playground/ });
    await expect(open).toHaveAttribute('href', `${site.origin}${PREFIX}index.html#scenario=bandit-live&k=10&steps=500&policy=ucb1&epsilon=0.1&ucbC=1&gittinsMode=discounted&gittinsDiscount=0.99&priorA=1&priorB=1&seed=1`);
    await page.screenshot({ path: test.info().outputPath('embed.png') });
    expect(errors).toEqual([]);
  });

  test('two iframes on one page run independently', async ({ page }) => {
    const errors = pageErrors(page);
    const s2 = await serveSite({ prefix: PREFIX, pages: { '/course/page.html': twoIframes(site.origin) } });
    try {
      await page.goto(`${s2.origin}/course/page.html`);
      const a = page.frameLocator('#a');
      const b = page.frameLocator('#b');
      // a autoplays, b waits for its Run button.
      await expect(a.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
      await expect(b.locator('#status')).toHaveAttribute('data-phase', 'idle');
      await expect(b.locator('.panel.setup')).toBeVisible();
      await b.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(b.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
      const ra = await a.locator('#status').getAttribute('data-total-reward');
      const rb = await b.locator('#status').getAttribute('data-total-reward');
      expect(ra).not.toBe('');
      expect(rb).not.toBe('');
      expect(await a.locator('#status').getAttribute('data-phase')).toBe('done'); // b's run did not reset a
      await expect(b.locator('body')).toHaveClass(/embed-compact/);
    } finally {
      await s2.close();
    }
    expect(errors).toEqual([]);
  });

  test('<fastslow-demo> from one script tag: two elements, options as attributes, height follows content', async ({ page }) => {
    const errors = pageErrors(page);
    const s2 = await serveSite({ prefix: PREFIX, pages: { '/course/elements.html': elements(site.origin) } });
    try {
      await page.goto(`${s2.origin}/course/elements.html`);
      const x = page.locator('#x').frameLocator('iframe');
      const y = page.locator('#y').frameLocator('iframe');
      await expect(x.locator('body')).toHaveClass(/embed-hide-controls/);
      await expect(x.locator('body')).toHaveClass(/embed-compact/);
      await expect(x.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
      await expect(y.locator('#scenario')).toHaveValue('bandit-compare');
      // Chromium does not animate a cross-origin iframe out of view (and the playground paces its
      // runs by animation frames): the second demo plays once scrolled to.
      await page.locator('#y').scrollIntoViewIfNeeded();
      await expect(y.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
      // The iframe's height is the embed page's content height (posted by the page).
      const content = await x.locator('html').evaluate((h) => h.getBoundingClientRect().height);
      await expect
        .poll(() => page.locator('#x').evaluate((host) => host.shadowRoot?.querySelector('iframe')?.getBoundingClientRect().height ?? 0))
        .toBeCloseTo(Math.ceil(content), 0);
    } finally {
      await s2.close();
    }
    expect(errors).toEqual([]);
  });

  test('a host page and the site under a strict Content-Security-Policy', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused/i.test(m.text())) violations.push(m.text());
    });
    const strict = await serveSite({ prefix: PREFIX, headers: { 'Content-Security-Policy': SITE_CSP, ...CORS } });
    // The course page (another origin) allows only the element's script and the frames.
    const host = await serveSite({
      prefix: '/nothing/',
      pages: { '/course/elements.html': elements(strict.origin) },
      pageHeaders: { 'Content-Security-Policy': `default-src 'none'; script-src ${strict.origin}; frame-src ${strict.origin}; img-src data:` },
    });
    try {
      await page.goto(`${host.origin}/course/elements.html`);
      const x = page.locator('#x').frameLocator('iframe');
      await expect(x.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
      await page.goto(`${strict.origin}${PREFIX}#scenario=bandit-live&seed=2`);
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await runsToDone(page);
      expect(violations).toEqual([]);
    } finally {
      await strict.close();
      await host.close();
    }
  });

  test('without \'unsafe-eval\' (Embind builds functions with new Function) the core cannot load, and the page says why', async ({ page }) => {
    const csp = SITE_CSP.replace(" 'unsafe-eval'", '');
    const s = await serveSite({ prefix: PREFIX, headers: { 'Content-Security-Policy': csp } });
    try {
      await page.goto(`${s.origin}${PREFIX}#scenario=bandit-live`);
      await expect(page.locator('#message')).toContainText('Could not load the WebAssembly core', { timeout: 20_000 });
      await expect(page.locator('#message')).toContainText("'unsafe-eval'");
    } finally {
      await s.close();
    }
  });

  test('without \'unsafe-eval\' nor \'wasm-unsafe-eval\' the core cannot load, and the page says so', async ({ page }) => {
    const csp = SITE_CSP.replace(" 'wasm-unsafe-eval' 'unsafe-eval'", '');
    const s = await serveSite({ prefix: PREFIX, headers: { 'Content-Security-Policy': csp } });
    try {
      await page.goto(`${s.origin}${PREFIX}#scenario=bandit-live`);
      await expect(page.locator('#message')).toContainText('Could not load the WebAssembly core', { timeout: 20_000 });
    } finally {
      await s.close();
    }
  });
});

test('long jobs: the progress bar shows elapsed time and time left, in every view', async ({ page }) => {
  await page.goto('./#scenario=bandit-live&steps=3000&seed=1');
  await expect(page.locator('#scenario')).toHaveValue('bandit-live');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('1000');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const text = page.locator('#progress-text');
  await expect(text).toContainText(/\d+% · [\d.]+ s elapsed · about [\d.]+ s left/);
  const eta = Number(await page.locator('#progress').getAttribute('data-eta'));
  expect(eta).toBeGreaterThan(0.2); // 3000 steps at 1000/s: about 3 s in all
  expect(eta).toBeLessThan(6);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(text).toContainText('paused');
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(text).toHaveText('');
  // The table view's progress is the same component (cells as its detail).
  await page.goto('./#view=bandit-table&trials=20&settings=n10k5,n100k5&policies=random,ucb1&seed=1');
  await expect(page.locator('#scenario')).toHaveValue('bandit-table');
  await page.locator('#btn-table-run').click();
  await expect(page.locator('#table-status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  await expect(page.locator('#table-progress-text')).toContainText(/^4 of 4 cells · 100% · [\d.]+ s elapsed$/);
});

test.describe('exports', () => {
  test('results as CSV and JSON, plots as PNG', async ({ page }) => {
    await page.goto('./#scenario=bandit-live&steps=200&seed=9');
    await expect(page.locator('#scenario')).toHaveValue('bandit-live');
    const csv = page.getByRole('button', { name: 'Results CSV' });
    await expect(csv).toBeDisabled();
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const reward = await runsToDone(page);
    await expect(csv).toBeEnabled();

    const [csvDl] = await Promise.all([page.waitForEvent('download'), csv.click()]);
    expect(csvDl.suggestedFilename()).toBe('fastslow-bandit-live-seed9.csv');
    const csvText = await readFile((await csvDl.path())!, 'utf8');
    const lines = csvText.trim().split('\r\n');
    expect(lines[0]).toBe('run,scenario,k,steps,policy,epsilon,ucbC,gittinsMode,gittinsDiscount,priorA,priorB,seed,field,index,value');
    expect(lines).toContain(`0,bandit-live,10,200,epsilon-greedy,0.1,1,discounted,0.99,1,1,9,totalReward,,${reward}`);

    const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Results JSON' }).click()]);
    const json = JSON.parse(await readFile((await jsonDl.path())!, 'utf8')) as { runs: { scenario: string; result: { totalReward: number } }[] };
    expect(json.runs).toHaveLength(1);
    expect(String(json.runs[0]!.result.totalReward)).toBe(reward);

    const [pngDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save “Cumulative regret” as PNG' }).click()]);
    expect(pngDl.suggestedFilename()).toBe('fastslow-bandit-live-seed9-cumulative-regret.png');
    const png = await readFile((await pngDl.path())!);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(100); // width
  });

  test('the comparison exports one run per policy and task', async ({ page }) => {
    await page.goto('./#view=bandit-compare&policies=ucb1,thompson&tasks=2&steps=50&seed=1');
    await expect(page.locator('#scenario')).toHaveValue('bandit-compare');
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await runsToDone(page);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Results JSON' }).click()]);
    const json = JSON.parse(await readFile((await dl.path())!, 'utf8')) as { runs: { params: Record<string, string> }[] };
    expect(json.runs.map((r) => `${r.params.policy}/${r.params.seed}`)).toEqual(['ucb1/1', 'ucb1/2', 'thompson/1', 'thompson/2']);
  });
});

test.describe('accessibility', () => {
  test('keyboard only: from the landing page to a finished run', async ({ page }) => {
    await page.goto('./#home');
    await expect(page.locator('.catalog-card').first()).toBeVisible();
    // Tab until the first card's link has focus, then Enter.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.classList.contains('card-link'))) break;
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(CATALOG[0]!.title);
    await page.keyboard.press('Enter');
    await expect(page.locator('#scenario')).toHaveValue(CATALOG[0]!.view);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('run-panel'); // focus follows
    await runsToDone(page); // the card started it
    // Tab to Run and press it: a second run.
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.id === 'btn-run')) break;
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('btn-run');
    await page.keyboard.press('Enter');
    await expect(page.locator('#status')).not.toHaveAttribute('data-phase', 'done');
    await runsToDone(page);
  });

  test('every control of the landing page and the views has a visible label or name', async ({ page }) => {
    for (const hash of ['#home', '#scenario=bandit-live', '#view=bandit-compare', '#view=bandit-table']) {
      await page.goto(`./${hash}`);
      await page.waitForTimeout(300);
      await expect(page.locator('#scenario')).toBeEnabled();
      const unnamed = await page.evaluate(() => {
        const bad: string[] = [];
        for (const n of document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]')) {
          if (n.closest('[hidden]') || n.getClientRects().length === 0) continue;
          const labelled = (n as HTMLInputElement).labels?.length || n.getAttribute('aria-label') || n.getAttribute('aria-labelledby');
          const text = n.textContent?.trim();
          if (!labelled && !text) bad.push(n.outerHTML.slice(0, 80));
        }
        return bad;
      });
      expect(unnamed, hash).toEqual([]);
    }
  });

  test('reduced motion: the embed does not autoplay and says why', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./embed.html?autoplay#scenario=bandit-live');
    await expect(page.locator('#message')).toContainText('reduced motion');
    await expect(page.locator('#status')).toHaveAttribute('data-phase', 'idle');
  });

  test('360 px wide: landing and a view fit without horizontal scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const [name, hash] of [['landing', '#home'], ['live', '#scenario=bandit-live&steps=100'], ['compare', '#view=bandit-compare'], ['table', '#view=bandit-table']] as const) {
      await page.goto(`./${hash}`);
      if (name === 'landing') await expect(page.locator('.catalog-card').first()).toBeVisible();
      else await expect(page.locator('#scenario')).toBeEnabled();
      if (name === 'live') {
        await page.getByRole('button', { name: 'Run', exact: true }).click();
        await runsToDone(page);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, name).toBeLessThanOrEqual(0);
      await page.screenshot({ path: test.info().outputPath(`360-${name}.png`), fullPage: true });
    }
  });
});
