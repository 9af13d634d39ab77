// The RL² views (issue 4 "Playground") and the training checkpoint round trip (issue 8:
// "checkpoint save → load → identical continuation"): RL² beside Gittins on one bandit task; RL²
// in a maze with both episodes' paths; train it yourself, save a checkpoint mid-run, load it in a
// fresh page and check the continuation's learning curve equals an uninterrupted run's, number for
// number; the bandit table's RL² column from the shipped weights, the paper's value elsewhere.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

async function runToEnd(page: Page, timeout = 30_000): Promise<void> {
  await page.locator('#speed').selectOption('max');
  await button(page, 'Run').click();
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout });
}

const curveOf = async (page: Page): Promise<number[]> => JSON.parse((await page.locator('#rl2-curve').getAttribute('data-curve')) ?? '[]') as number[];

test('RL² and Gittins play the same bandit task side by side', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#scenario=rl2-live&n=10&k=5&taskIndex=0&seed=1');
  await expect(page.locator('#scenario')).toHaveValue('rl2-live');
  await expect(page.locator('#rl2-bandit-cards')).toBeVisible();
  await expect(page.locator('#regret-card')).toBeHidden();
  // The maze parameters are not this view's.
  await expect(page.locator('#param-fields')).not.toContainText('episodes');
  await runToEnd(page);
  const status = page.locator('#status');
  await expect(status).toHaveAttribute('data-t', '10');
  const rl2 = Number(await status.getAttribute('data-rl2-total'));
  const gittins = Number(await status.getAttribute('data-gittins-total'));
  expect(rl2).toBeGreaterThanOrEqual(0);
  expect(rl2).toBeLessThanOrEqual(10);
  expect(gittins).toBeGreaterThanOrEqual(0);
  expect(gittins).toBeLessThanOrEqual(10);
  await expect(page.locator('#rl2-regret')).toHaveAttribute('data-points', '10');
  await expect(page.locator('#rl2-totals')).toContainText(`RL²: total reward ${rl2}`);
  expect(errors).toEqual([]);
});

test('RL² in a maze: two episodes, their lengths and paths', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#view=rl2-maze&size=5&episodes=2&taskIndex=0&seed=1');
  await expect(page.locator('#scenario')).toHaveValue('rl2-maze');
  await expect(page.locator('#rl2-maze-cards')).toBeVisible();
  await runToEnd(page);
  const lengths = ((await page.locator('#status').getAttribute('data-lengths')) ?? '').split(',').map(Number);
  expect(lengths).toHaveLength(2);
  for (const l of lengths) expect(l).toBeGreaterThan(0);
  await expect(page.locator('#rl2-lengths tbody tr')).toHaveCount(2);
  await expect(page.locator('#rl2-lengths tbody tr').nth(1)).toContainText(String(lengths[1]));
  // Keyboard: the episode-2 path switch.
  const second = page.getByLabel('episode 2 (dashed)');
  await second.focus();
  await page.keyboard.press('Space');
  await expect(second).not.toBeChecked();
  expect(errors).toEqual([]);
});

test('training checkpoint: save mid-run, load in a fresh page, the continuation equals an uninterrupted run', async ({ page, browser }) => {
  const errors = watchErrors(page);
  const hash = '#scenario=rl2-train&n=10&k=3&iterations=12&hidden=8&seed=5';

  // The uninterrupted run.
  await page.goto(`./${hash}`);
  await expect(page.locator('#rl2-train-cards')).toBeVisible();
  await runToEnd(page, 60_000);
  const uninterrupted = await curveOf(page);
  expect(uninterrupted).toHaveLength(12);

  // The same run, paced, paused after a few iterations: its checkpoint saved to a file.
  await button(page, 'Reset').click();
  await page.locator('#speed').selectOption('100');
  await button(page, 'Run').click();
  await expect
    .poll(async () => Number(await page.locator('#status').getAttribute('data-iteration')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(3);
  await button(page, 'Pause').click();
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'paused');
  const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Save checkpoint').click()]);
  expect(download.suggestedFilename()).toMatch(/^fastslow-rl2-train-n10-k3-seed5-it\d+\.json$/);
  const file = await download.path();
  const checkpoint = JSON.parse(await readFile(file, 'utf8')) as { scenario: string; state: { trainer: { iteration: number } } };
  expect(checkpoint.scenario).toBe('rl2-train');
  const at = checkpoint.state.trainer.iteration;
  expect(at).toBeGreaterThanOrEqual(3);
  expect(at).toBeLessThan(12);

  // A fresh page with other settings: loading the file takes its parameters and continues.
  const fresh = await browser.newPage();
  const freshErrors = watchErrors(fresh);
  await fresh.goto('./#scenario=rl2-train');
  await expect(fresh.locator('#rl2-train-cards')).toBeVisible();
  // Every iteration the status shows is recorded: the resumed run must start at the checkpoint's
  // iteration, not at 0 (a fresh run of the same seed would end with the same curve too).
  await fresh.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenIterations: string[] }).seenIterations = seen;
    const status = document.getElementById('status')!;
    new MutationObserver(() => {
      const it = status.dataset.iteration ?? '';
      if (it !== '' && seen[seen.length - 1] !== it) seen.push(it);
    }).observe(status, { attributes: true, attributeFilter: ['data-iteration'] });
  });
  await fresh.locator('#speed').selectOption('max');
  await fresh.getByLabel('Load checkpoint').setInputFiles(file);
  await expect(fresh).toHaveURL(/#scenario=rl2-train&n=10&k=3&iterations=12&hidden=8&seed=5$/);
  await expect(fresh.locator('#rl2-checkpoint-status')).toHaveAttribute('data-resumed', String(at));
  await expect(fresh.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  const continued = await curveOf(fresh);
  expect(continued).toEqual(uninterrupted);
  const seen = (await fresh.evaluate(() => (window as unknown as { seenIterations: string[] }).seenIterations)).map(Number);
  expect(seen[0]).toBe(at);
  expect(seen[seen.length - 1]).toBe(12);
  await fresh.close();
  expect([...errors, ...freshErrors]).toEqual([]);
});

test('bandit table: the RL² column from the shipped weights, the paper’s value where none are shipped', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#view=bandit-table&trials=20&settings=n10k5,n100k50&policies=random,rl2&seed=1');
  const cell = (setting: string, policy: string) => page.locator(`#bandit-table td[data-setting="${setting}"][data-policy="${policy}"]`);
  await expect(cell('n100k50', 'rl2')).toHaveAttribute('data-weights', 'false');
  await button(page, 'Run').click();
  await expect(page.locator('#table-status')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(cell('n10k5', 'rl2')).toHaveAttribute('data-state', 'done');
  await expect(cell('n10k5', 'rl2').locator('.tag')).toHaveText('ours');
  await expect(cell('n10k5', 'rl2')).toHaveAttribute('title', /shipped RL² weights/);
  await expect(cell('n100k50', 'rl2')).toHaveAttribute('data-state', 'paper');
  await expect(cell('n100k50', 'rl2').locator('.tag')).toHaveText('paper');
  await expect(cell('n100k50', 'rl2')).toHaveAttribute('title', /No RL² weights are shipped/);
  expect(errors).toEqual([]);
});
