// The views beyond "Bandit, live": the RL² Table 1 run, the side-by-side policy comparison, and
// routing between views (URL hash, Back / Forward). Real library, wasm in Web Workers.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './page-errors.ts';

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const textbox = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
const checkbox = (page: Page, name: string) => page.getByRole('checkbox', { name, exact: true });
const cell = (page: Page, setting: string, policy: string) =>
  page.locator(`#bandit-table td[data-setting="${setting}"][data-policy="${policy}"]`);

async function openTable(page: Page, hash: string): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(page.locator('#scenario')).toHaveValue('bandit-table');
  await expect(page.locator('#table-panel')).toBeVisible();
}

async function openCompare(page: Page, hash: string): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(page.locator('#scenario')).toHaveValue('bandit-compare');
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'idle');
}

const SMALL_TABLE = '#view=bandit-table&trials=20&settings=n10k5&policies=random,ucb1,greedy&seed=1';

test.describe('RL² table', () => {
  test('a small run fills its cells with agreement marks and tooltips, beside the paper', async ({ page }) => {
    const errors = collectErrors(page);
    await openTable(page, SMALL_TABLE);
    await expect(textbox(page, 'trials')).toHaveValue('20');
    await expect(checkbox(page, 'n=10, k=5')).toBeChecked();
    await expect(checkbox(page, 'n=100, k=10')).not.toBeChecked();
    await expect(checkbox(page, 'UCB1')).toBeChecked();
    await expect(checkbox(page, 'Gittins')).not.toBeChecked();
    // Before the run: the paper's values everywhere, the chosen cells ready.
    await expect(cell(page, 'n10k5', 'ucb1')).toHaveAttribute('data-state', 'ready');
    await expect(cell(page, 'n100k10', 'gittins')).toContainText('paper 82.8');

    await button(page, 'Run').click();
    await expect(page.locator('#table-status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
    for (const policy of ['random', 'ucb1', 'greedy']) {
      const c = cell(page, 'n10k5', policy);
      await expect(c).toHaveAttribute('data-state', 'done');
      await expect(c).toHaveAttribute('data-agrees', /^(true|false)$/);
      const agrees = (await c.getAttribute('data-agrees')) === 'true';
      // A symbol, not colour alone.
      await expect(c.locator('.mark')).toHaveText(agrees ? '✓' : '✗');
      await expect(c.locator('.ours')).toHaveText(/^\d+\.\d\d$/);
      await expect(c.locator('.paper')).toHaveText(/^paper \d/);
      const title = (await c.getAttribute('title')) ?? '';
      expect(title).toMatch(/± [\d.]+ \(standard error, 20 tasks\)/);
      expect(title).toContain('acceptance band');
      expect(title).toContain('Hyperparameters:');
      // The same text for assistive technology.
      await expect(c.locator('.visually-hidden')).toHaveText(title);
    }
    expect(await cell(page, 'n10k5', 'ucb1').getAttribute('title')).toContain('ucbC = ');
    // Not in the run: the paper's value only. RL²: the paper's value, marked.
    await expect(cell(page, 'n10k5', 'gittins')).toHaveAttribute('data-state', 'off');
    await expect(cell(page, 'n10k5', 'rl2')).toHaveAttribute('data-state', 'paper');
    await expect(cell(page, 'n10k5', 'rl2')).toContainText('6.7');
    await expect(cell(page, 'n10k5', 'rl2').locator('.tag')).toHaveText('paper');
    // Hover (or focus) shows the details below the table.
    await cell(page, 'n10k5', 'ucb1').hover();
    await expect(page.locator('#cell-detail')).toContainText('UCB1, n=10, k=5');
    await cell(page, 'n10k5', 'random').focus();
    await expect(page.locator('#cell-detail')).toContainText('Random, n=10, k=5');
    await expect(page.locator('#table-progress')).toHaveJSProperty('value', 1);
    await expect(page.locator('#table-message')).toContainText('agree with the paper');
    await page.screenshot({ path: 'test-results/table-small.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  test('CSV and JSON exports download the computed cells', async ({ page }) => {
    await openTable(page, '#view=bandit-table&trials=15&settings=n10k5,n10k10&policies=random,greedy&seed=3');
    await expect(button(page, 'Export CSV')).toBeDisabled();
    await button(page, 'Run').click();
    await expect(page.locator('#table-status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });

    const [csv] = await Promise.all([page.waitForEvent('download'), button(page, 'Export CSV').click()]);
    expect(csv.suggestedFilename()).toBe('fastslow-rl2-table1-trials15-seed3.csv');
    const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('n,k,policy,trials,mean,se,paper,agrees,hyperparams');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      '10,5,random,15',
      '10,5,greedy,15',
      '10,10,random,15',
      '10,10,greedy,15',
    ]);

    const [json] = await Promise.all([page.waitForEvent('download'), button(page, 'Export JSON').click()]);
    expect(json.suggestedFilename()).toBe('fastslow-rl2-table1-trials15-seed3.json');
    const data = JSON.parse(await readFile(await json.path(), 'utf8')) as {
      complete: boolean;
      trials: number;
      seed: number;
      cells: { n: number; k: number; policy: string; mean: number; se: number; paper: number; agrees: boolean }[];
    };
    expect(data).toMatchObject({ complete: true, trials: 15, seed: 3 });
    expect(data.cells.map((c) => `${c.n},${c.k},${c.policy}`)).toEqual(['10,5,random', '10,5,greedy', '10,10,random', '10,10,greedy']);
    for (const c of data.cells) {
      expect(Number.isFinite(c.mean) && Number.isFinite(c.se)).toBe(true);
      expect(typeof c.agrees).toBe('boolean');
    }
    // The numbers shown are the ones exported.
    const shown = await cell(page, 'n10k10', 'greedy').locator('.ours').innerText();
    expect(shown).toBe(data.cells[3]!.mean.toFixed(2));
  });

  test('Cancel stops a long run; the finished cells stay', async ({ page }) => {
    const errors = collectErrors(page);
    await openTable(page, '#view=bandit-table&trials=100000&seed=1');
    await button(page, 'Run').click();
    await expect(page.locator('#table-status')).toHaveAttribute('data-phase', 'running');
    await expect(button(page, 'Run')).toBeDisabled();
    // Progress moves, with an estimate of the time left.
    await expect.poll(async () => page.locator('#table-progress').evaluate((p) => (p as HTMLProgressElement).value)).toBeGreaterThan(0);
    await expect(page.locator('#table-progress-text')).toContainText('left');
    await page.screenshot({ path: 'test-results/table-running.png', fullPage: true });
    await button(page, 'Cancel').click();
    await expect(page.locator('#table-status')).toHaveAttribute('data-phase', 'cancelled');
    await expect(page.locator('#table-message')).toContainText('Cancelled');
    await expect(button(page, 'Run')).toBeEnabled();
    await expect(button(page, 'Cancel')).toBeDisabled();
    // 9 settings × 7 policies, plus RL² on the 6 settings with shipped weights (n=10: k = 5, 10, 50;
    // n=100: k = 5, 10; n=500: k=5).
    const cells = 63 + 6;
    const done = await page.locator('#bandit-table td[data-state="done"]').count();
    expect(done).toBeLessThan(cells);
    await expect(page.locator('#bandit-table td[data-state="pending"]')).toHaveCount(0);
    await expect(page.locator('#bandit-table td[data-state="missing"]')).toHaveCount(cells - done);
    // Nothing more arrives after the cancel.
    await page.waitForTimeout(1500);
    await expect(page.locator('#bandit-table td[data-state="done"]')).toHaveCount(done);
    expect(errors).toEqual([]);
  });

  test('invalid trials: the library’s error is shown by the control', async ({ page }) => {
    await openTable(page, '#view=bandit-table&trials=0&settings=n10k5&policies=ucb1&seed=1');
    const error = page.locator('[data-error-for="trials"]');
    await expect(error).toBeVisible(); // checked as soon as the view opens, nothing runs
    await expect(error).toContainText('trials');
    await expect(textbox(page, 'trials')).toHaveAttribute('aria-invalid', 'true');
    await button(page, 'Run').click();
    await expect(page.locator('#table-status')).toHaveAttribute('data-phase', 'failed');
    await expect(page.locator('#table-message')).toContainText('trials');
    await textbox(page, 'trials').fill('abc');
    await expect(error).toContainText('trials');
    await textbox(page, 'trials').fill('12');
    await expect(error).toBeHidden();
    // No policy chosen: the set control says so.
    await checkbox(page, 'UCB1').uncheck();
    await expect(page.locator('[data-error-for="policies"]')).toContainText('at least 1');
    await checkbox(page, 'TS').check();
    await expect(page.locator('[data-error-for="policies"]')).toBeHidden();
    await expect(page).toHaveURL(/#view=bandit-table&trials=12&settings=n10k5&policies=thompson&seed=1$/);
  });

  test('the URL holds the table view’s whole state and survives a reload', async ({ page }) => {
    await openTable(page, '#view=bandit-table&trials=50&settings=n10k5,n100k10&policies=ucb1,gittins&seed=7');
    await expect(textbox(page, 'trials')).toHaveValue('50');
    await expect(textbox(page, 'seed')).toHaveValue('7');
    await expect(checkbox(page, 'n=100, k=10')).toBeChecked();
    await expect(checkbox(page, 'n=500, k=50')).not.toBeChecked();
    await checkbox(page, 'OTS').check();
    await checkbox(page, 'n=10, k=5').uncheck();
    const expected = /#view=bandit-table&trials=50&settings=n100k10&policies=gittins,optimistic-thompson,ucb1&seed=7$/;
    await expect(page).toHaveURL(expected);
    await page.reload();
    await expect(page.locator('#table-panel')).toBeVisible();
    await expect(checkbox(page, 'OTS')).toBeChecked();
    await expect(checkbox(page, 'n=10, k=5')).not.toBeChecked();
    await expect(textbox(page, 'trials')).toHaveValue('50');
    await expect(page).toHaveURL(expected);
    // All / None.
    await page.getByRole('button', { name: 'all settings' }).click();
    await expect(page.locator('.field[data-param="settings"] input:checked')).toHaveCount(9);
  });
});

test.describe('comparison', () => {
  test('one curve and one panel per policy, bands over tasks, the index per arm', async ({ page }) => {
    const errors = collectErrors(page);
    await openCompare(page, '#view=bandit-compare&k=6&steps=400&policies=greedy,ucb1,thompson,gittins&tasks=6&seed=5');
    await expect(page.locator('.policy-panel')).toHaveCount(4);
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
    await button(page, 'Run').click();
    await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
    await expect(page.locator('#status')).toHaveAttribute('data-step', '400');
    const plot = page.locator('#compare-plot');
    await expect(plot).toHaveAttribute('data-series', '4');
    await expect(plot).toHaveAttribute('data-policies', 'Greedy,UCB1,Thompson sampling,Gittins index');
    expect(Number(await plot.getAttribute('data-points'))).toBeGreaterThan(100);
    // uPlot draws 4 means + 4 upper + 4 lower series (the bands fill between the last two).
    expect(await plot.evaluate((el) => el.querySelectorAll('canvas').length)).toBeGreaterThan(0);
    await expect(page.locator('#compare-legend li[data-policy]')).toHaveCount(4);
    await expect(page.locator('#compare-legend li[data-policy="ucb1"]')).toContainText(/UCB1 — [\d.]+ ± [\d.]+ at pull 400/);
    await expect(page.locator('#compare-legend')).toContainText('mean of 6 tasks');
    await expect(page.locator('#stat-runs')).toHaveText('4 policies × 6 tasks');
    // Panels: the first task of each policy, the same task for all (same best arm).
    const best = new Set<string>();
    for (const policy of ['greedy', 'ucb1', 'thompson', 'gittins']) {
      const panel = page.locator(`.policy-panel[data-policy="${policy}"]`);
      await expect(panel).toContainText('task seed 5');
      const canvas = panel.locator('canvas');
      const pulls = ((await canvas.getAttribute('data-pulls')) ?? '').split(',').map(Number);
      expect(pulls).toHaveLength(6);
      expect(pulls.reduce((a, b) => a + b, 0)).toBe(400);
      const index = ((await canvas.getAttribute('data-index')) ?? '').split(',').map(Number);
      expect(index).toHaveLength(6);
      expect(index.every(Number.isFinite)).toBe(true);
      best.add((await canvas.getAttribute('data-best-arm')) ?? '');
      await expect(canvas).toHaveAttribute('aria-label', /pulled arm \d/);
    }
    expect(best.size).toBe(1);
    await page.getByLabel('Reveal the true probabilities').check();
    await page.screenshot({ path: 'test-results/compare-desktop.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  test('paced playback, Pause and Step move every policy together', async ({ page }) => {
    await openCompare(page, '#view=bandit-compare&k=5&steps=100000&policies=ucb1,thompson&tasks=3&seed=1');
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('1000');
    await button(page, 'Run').click();
    await expect.poll(async () => Number(await page.locator('#status').getAttribute('data-step'))).toBeGreaterThan(0);
    await button(page, 'Pause').click();
    await expect(page.locator('#status')).toHaveAttribute('data-phase', 'paused');
    await page.waitForTimeout(300);
    const paused = Number(await page.locator('#status').getAttribute('data-step'));
    await button(page, 'Step').click();
    await expect(page.locator('#status')).toHaveAttribute('data-step', String(paused + 1));
    // Every panel is at the same pull.
    for (const policy of ['ucb1', 'thompson']) {
      const pulls = ((await page.locator(`.policy-panel[data-policy="${policy}"] canvas`).getAttribute('data-pulls')) ?? '')
        .split(',')
        .map(Number);
      expect(pulls.reduce((a, b) => a + b, 0)).toBe(paused + 1);
    }
    await button(page, 'Reset').click();
    await expect(page.locator('#status')).toHaveAttribute('data-phase', 'idle');
    await expect(page.locator('#compare-plot')).toHaveAttribute('data-points', '0');
  });

  test('the URL holds the comparison; reload restores it; the policy count is checked', async ({ page }) => {
    await openCompare(page, '#view=bandit-compare&k=5&steps=200&policies=ucb1,thompson&tasks=3&seed=2');
    await expect(checkbox(page, 'UCB1')).toBeChecked();
    await expect(checkbox(page, 'Thompson sampling')).toBeChecked();
    await expect(checkbox(page, 'Gittins index')).not.toBeChecked();
    await expect(textbox(page, 'tasks')).toHaveValue('3');
    await checkbox(page, 'Gittins index').check();
    await textbox(page, 'k').fill('7');
    await expect(page).toHaveURL(/#view=bandit-compare&k=7&steps=200&policies=ucb1,thompson,gittins&.*tasks=3&seed=2$/);
    await expect(page.locator('.policy-panel')).toHaveCount(3);
    await page.reload();
    await expect(page.locator('#scenario')).toHaveValue('bandit-compare');
    await expect(checkbox(page, 'Gittins index')).toBeChecked();
    await expect(textbox(page, 'k')).toHaveValue('7');
    await expect(page.locator('.policy-panel')).toHaveCount(3);
    // Fewer than two policies: the control says so, Run does not start.
    await checkbox(page, 'UCB1').uncheck();
    await checkbox(page, 'Thompson sampling').uncheck();
    await expect(page.locator('[data-error-for="policies"]')).toContainText('at least 2');
    await button(page, 'Run').click();
    await expect(page.locator('#status')).toHaveAttribute('data-phase', 'failed');
    // A core error (one policy's limit) is shown too: Gittins allows fewer pulls than other policies.
    await checkbox(page, 'UCB1').check();
    await textbox(page, 'steps').fill('1000000');
    await expect(page.locator('[data-error-for="steps"]')).toContainText('steps');
  });
});

test.describe('routing', () => {
  test('the picker offers the views (not the internal bandit-eval) and Back / Forward walk through them', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('./#scenario=bandit-live&k=8&seed=4');
    await expect(page.locator('#status')).toHaveAttribute('data-phase', 'idle');
    const options = await page.locator('#scenario option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(['bandit-live', 'bandit-compare', 'go-explore', 'episodic', 'maml-nav-live', 'maml-sinusoid-live', 'rl2-live', 'rl2-maze', 'rl2-train', 'bandit-table']);

    await page.locator('#scenario').selectOption('bandit-compare');
    await expect(page.locator('#compare-card')).toBeVisible();
    await expect(page.locator('#arms-card')).toBeHidden();
    await expect(page).toHaveURL(/#view=bandit-compare&k=8&.*seed=4$/); // bandit-live's parameters carry over
    await page.locator('#scenario').selectOption('bandit-table');
    await expect(page.locator('#table-panel')).toBeVisible();
    await expect(page.locator('#run-panel')).toBeHidden();
    await expect(page).toHaveURL(/#view=bandit-table&trials=1000&.*seed=4$/); // the seed too

    await page.goBack();
    await expect(page.locator('#scenario')).toHaveValue('bandit-compare');
    await expect(page.locator('#compare-card')).toBeVisible();
    await expect(page.locator('.policy-panel')).toHaveCount(3);
    await page.goBack();
    await expect(page.locator('#scenario')).toHaveValue('bandit-live');
    await expect(page.locator('#arms-card')).toBeVisible();
    await expect(page.locator('#compare-card')).toBeHidden();
    await expect(textbox(page, 'k')).toHaveValue('8');
    await page.goForward();
    await expect(page.locator('#scenario')).toHaveValue('bandit-compare');
    await page.goForward();
    await expect(page.locator('#scenario')).toHaveValue('bandit-table');
    await expect(page.locator('#table-panel')).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('control edits replace the history entry; the internal scenario has no view', async ({ page }) => {
    await page.goto('./#scenario=bandit-live&k=8&seed=4');
    await expect(page.locator('#status')).toHaveAttribute('data-phase', 'idle');
    const length = await page.evaluate(() => history.length);
    await textbox(page, 'k').fill('9');
    await textbox(page, 'k').fill('12');
    await expect(page).toHaveURL(/[#&]k=12(&|$)/);
    expect(await page.evaluate(() => history.length)).toBe(length);

    await page.goto('./#scenario=bandit-eval&n=10');
    await expect(page.locator('#scenario')).toHaveValue('bandit-live');
    await expect(page.locator('#message')).toContainText('bandit-eval');
  });

  test('a table run goes on while another view is shown', async ({ page }) => {
    await openTable(page, '#view=bandit-table&trials=30&settings=n10k5,n100k5&policies=random,ucb1&seed=1');
    await button(page, 'Run').click();
    await page.locator('#scenario').selectOption('bandit-live');
    await expect(page.locator('#arms-card')).toBeVisible();
    await page.goBack();
    await expect(page.locator('#table-panel')).toBeVisible();
    await expect(page.locator('#table-status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
    await expect(page.locator('#bandit-table td[data-state="done"]')).toHaveCount(4);
  });
});

test('the table and the comparison work at 360 px wide', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await openTable(page, SMALL_TABLE);
  await button(page, 'Run').click();
  await expect(page.locator('#table-status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  // The table scrolls inside its box; the page itself does not.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/table-360.png', fullPage: true });
  await openCompare(page, '#view=bandit-compare&k=5&steps=300&policies=ucb1,gittins&tasks=4&seed=1');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  await button(page, 'Run').click();
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/compare-360.png', fullPage: true });
});
