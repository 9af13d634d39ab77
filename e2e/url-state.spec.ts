// The URL holds the whole state, for every scenario the core lists (issue 8: "URL round-trip for
// every scenario; back/forward"). The scenario list is the core's own schema (dist/lib, loaded
// here in Node), so a scenario added to the core is covered without touching this file: one shown
// by a view of its own (state.ts buildViews) must round-trip a non-default value of its first
// parameter, its seed and the speed through the address, a reload and Back / Forward; one run only
// by another view (bandit-eval by the table) is covered through that view; one without any view
// must be named in a note, never break the page. The catalogue's entries are checked against the
// same schema (a card for a view that is still being written is valid before it is shown).
import { expect, test, type Page } from '@playwright/test';
import { CATALOG, viewOfState } from '../web/app/src/catalog.ts';
import { buildViews, formatHash, parseHash, valueText, withSpeed, withValue, defaultState, type ParamSpec, type SchemaSpec, type ViewSpec } from '../web/app/src/state.ts';

const root = new URL('../', import.meta.url);

interface Lib {
  Engine: { load(v: string): Promise<{ schema(): SchemaSpec; validate(s: string, p: Record<string, string>): { ok: boolean; errors?: unknown[] } }> };
  TABLE1_SETTINGS: { n: number; k: number }[];
  BANDIT_POLICIES: string[];
  COLUMN_TITLES: Record<string, string>;
}

async function loadCore() {
  const lib = (await import(new URL('dist/lib/index.js', root).href)) as Lib;
  const engine = await lib.Engine.load('auto');
  const schema = engine.schema();
  const views = buildViews(schema, { settings: lib.TABLE1_SETTINGS, policies: lib.BANDIT_POLICIES, titles: lib.COLUMN_TITLES, trials: 1000 });
  return { engine, schema, views };
}

/** A valid value other than the default (the URL must carry it, not fall back to the default). */
function otherValue(p: ParamSpec): string | undefined {
  switch (p.type) {
    case 'bool':
      return String(!(p.default === true || p.default === 'true'));
    case 'enum':
      return p.choices?.find((c) => c !== valueText(p.default));
    case 'int': {
      const d = Number(p.default);
      return String(p.max === undefined || d + 1 <= p.max ? d + 1 : d - 1);
    }
    case 'float': {
      const d = Number(p.default);
      const hi = p.max ?? d + 1;
      const lo = p.min ?? d - 1;
      return String(Number((hi > d ? (d + hi) / 2 : (d + lo) / 2).toPrecision(3)));
    }
    default:
      return undefined;
  }
}

/** A state of `view` with its first parameter and the seed changed, played at 100 steps/s. */
function changedState(views: readonly ViewSpec[], view: ViewSpec, seed: string) {
  let s = withSpeed(defaultState(views, view.id), 100);
  const first = view.params.find((p) => p.name !== 'seed' && otherValue(p) !== undefined);
  if (first) s = withValue(s, first.name, otherValue(first)!);
  if (view.params.some((p) => p.name === 'seed')) s = withValue(s, 'seed', seed);
  return { state: s, param: first?.name };
}

const hashOf = (page: Page) => page.evaluate(() => location.hash);

async function shows(page: Page, view: string): Promise<void> {
  await expect(page.locator('#scenario')).toBeEnabled();
  await expect(page.locator('#scenario')).toHaveValue(view);
}

test('every catalogue entry names a view of the core’s schema with parameters the core accepts', async () => {
  const { engine, schema, views } = await loadCore();
  const names = schema.scenarios.map((s) => s.name);
  for (const entry of CATALOG) {
    const q = new URLSearchParams(entry.state);
    const view = viewOfState(entry.state);
    expect(view, entry.id).toBe(entry.view);
    if (q.has('scenario')) {
      // Keyed by the scenario: the view that shows it registers under the scenario's name.
      expect(names, `${entry.id}: the core has no scenario "${entry.view}"`).toContain(entry.view);
      const params: Record<string, string> = {};
      for (const [k, v] of q) if (k !== 'scenario') params[k] = v;
      const res = engine.validate(entry.view, params);
      expect(res.ok ? [] : res.errors, `${entry.id}: ${entry.state}`).toEqual([]);
    } else {
      const spec = views.find((v) => v.id === entry.view);
      expect(spec, `${entry.id}: no app view "${entry.view}"`).toBeDefined();
      const parsed = parseHash(views, entry.state);
      expect(parsed.notes, entry.id).toEqual([]);
    }
  }
});

test('URL round-trip of every scenario of the schema: reload, Back / Forward, speed', async ({ page }) => {
  test.setTimeout(180_000);
  const { schema, views } = await loadCore();
  const covered: string[] = [];
  const viewless: string[] = [];
  await page.goto('./#home');
  for (const scenario of schema.scenarios) {
    const own = views.find((v) => v.kind === 'scenario' && v.id === scenario.name);
    const host = own ?? views.find((v) => v.scenario === scenario.name);
    await test.step(scenario.name, async () => {
      if (!host) {
        // No view shows it: the address names it in a note and the first view is shown instead.
        viewless.push(scenario.name);
        await page.goto(`./#scenario=${scenario.name}&seed=3`);
        await shows(page, views[0]!.id);
        await expect(page.locator('#message')).toContainText(`"${scenario.name}"`);
        return;
      }
      covered.push(`${scenario.name} (${host.id})`);
      const a = changedState(views, host, '7');
      const b = changedState(views, host, '8');
      const hashA = formatHash(views, a.state);
      const hashB = formatHash(views, withSpeed(b.state, 'max'));
      await page.goto(`./${hashA}`);
      await shows(page, host.id);
      expect(await hashOf(page)).toBe(hashA);
      await expect(page.locator('#speed')).toHaveValue('100');
      if (a.param) await expect(page.locator(`#param-fields [name="${a.param}"]`).first()).toHaveValue(a.state.values[a.param]!);
      await page.reload();
      await shows(page, host.id);
      expect(await hashOf(page), `${scenario.name}: reload`).toBe(hashA);
      await expect(page.locator('#speed')).toHaveValue('100');
      await expect(page.locator('#message')).not.toHaveAttribute('data-kind', 'warning');
      // A second state of the same view (an edited address), then Back and Forward.
      await page.goto(`./${hashB}`);
      await expect(page.locator('#speed')).toHaveValue('max');
      expect(await hashOf(page)).toBe(hashB);
      await page.goBack();
      await expect(page.locator('#speed')).toHaveValue('100');
      expect(await hashOf(page), `${scenario.name}: back`).toBe(hashA);
      await expect(page.locator('#param-fields [name="seed"]').first()).toHaveValue('7');
      await page.goForward();
      await expect(page.locator('#speed')).toHaveValue('max');
      expect(await hashOf(page), `${scenario.name}: forward`).toBe(hashB);
      await expect(page.locator('#param-fields [name="seed"]').first()).toHaveValue('8');
    });
  }
  test.info().annotations.push({ type: 'scenarios', description: `round-trip: ${covered.join(', ')}; no view yet: ${viewless.join(', ') || 'none'}` });
  expect(covered.length).toBeGreaterThan(0);
});

test('the speed control writes the address, survives a reload, and Back / Forward restore it without restarting', async ({ page }) => {
  await page.goto('./#scenario=bandit-live&steps=100000&seed=2');
  await shows(page, 'bandit-live');
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'idle');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('1000');
  await expect.poll(() => hashOf(page)).toMatch(/&seed=2&speed=1000$/);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'running');
  // Max: the same run goes on (no restart: the step count keeps growing from where it was).
  const before = Number(await page.locator('#status').getAttribute('data-step'));
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  await expect.poll(() => hashOf(page)).toMatch(/&speed=max$/);
  await expect(page.locator('#message')).not.toContainText('restarting');
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  expect(Number(await page.locator('#status').getAttribute('data-step'))).toBeGreaterThanOrEqual(before);
  // The default (auto) has no key.
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('auto');
  await expect.poll(() => hashOf(page)).toMatch(/&seed=2$/);
  // A speed the list does not offer, from a link: offered and selected; a reload keeps it.
  await page.goto('./#scenario=bandit-live&steps=100000&seed=2&speed=50');
  await expect(page.locator('#speed')).toHaveValue('50');
  await page.reload();
  await expect(page.locator('#speed')).toHaveValue('50');
  // Switching view keeps it (the speed is the user's, not the view's); Back restores the view.
  await page.locator('#scenario').selectOption('bandit-compare');
  await shows(page, 'bandit-compare');
  expect(await hashOf(page)).toMatch(/&speed=50$/);
  await page.goBack();
  await shows(page, 'bandit-live');
  await expect(page.locator('#speed')).toHaveValue('50');
  // Nonsense in the address: a note, and auto.
  await page.goto('./#scenario=bandit-live&seed=2&speed=fast');
  await expect(page.locator('#speed')).toHaveValue('auto');
  await expect(page.locator('#message')).toContainText('speed');
});
