// The MAML views (issue 7): the navigation world (a click sets the goal and a new run adapts to
// it; the step slider; ES mode's population) and the sinusoid (a click adds a support point and a
// new run fits it); both keep everything in the URL.
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './page-errors.ts';

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

const hashParam = async (page: Page, name: string) =>
  new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get(name);

test('navigation: a run draws the trajectories per step; a click sets a goal and a new run adapts to it; the URL round-trips', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./#scenario=maml-nav-live&model=maml&steps=3&trajectories=20&seed=1');
  await expect(page.locator('#scenario')).toHaveValue('maml-nav-live');
  await expect(page.locator('#nav-cards')).toBeVisible();
  await expect(page.locator('#regret-card')).toBeHidden();
  await page.locator('#speed').selectOption('max');
  await button(page, 'Run').click();
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  const first = (await page.locator('#status').getAttribute('data-returns'))!.split(',').map(Number);
  expect(first).toHaveLength(4);
  await expect(page.locator('#nav-world')).toHaveAttribute('data-trajectories', '20');
  await expect(page.locator('#nav-world')).toHaveAttribute('data-step', '3');
  await expect(page.locator('#nav-returns')).toHaveAttribute('data-points', '4');
  // The slider shows the trajectories before adaptation.
  await page.locator('#nav-step').fill('0');
  await expect(page.locator('#nav-world')).toHaveAttribute('data-step', '0');
  await expect(page.locator('#nav-step-out')).toContainText('before adaptation');

  // A click at a quarter of the world's width and height: the goal (−extent/2, extent/2), the
  // world showing [−extent, extent]² (at least ±0.7), clamped to the goal range ±0.5.
  const extent = Number(await page.locator('#nav-world').getAttribute('data-extent'));
  expect(extent).toBeGreaterThanOrEqual(0.7);
  const want = Math.min(0.5, extent / 2);
  const box = (await page.locator('#nav-world').boundingBox())!;
  await page.locator('#nav-world').click({ position: { x: box.width / 4, y: box.height / 4 } });
  await expect.poll(async () => Number(await hashParam(page, 'goalX'))).toBeCloseTo(-want, 1);
  expect(Number(await hashParam(page, 'goalY'))).toBeCloseTo(want, 1);
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  await expect(page.locator('#status')).toHaveAttribute('data-goal', `${await hashParam(page, 'goalX')},${await hashParam(page, 'goalY')}`);
  const second = (await page.locator('#status').getAttribute('data-returns'))!.split(',').map(Number);
  expect(second).toHaveLength(4);
  expect(second).not.toEqual(first);
  await expect(page.locator('#nav-world')).toHaveAttribute('data-step', '3'); // a new run shows its last step
  await expect(page.locator('#nav-summary')).toContainText('after 3 steps');

  // The arrow keys move the goal too.
  const before = Number(await hashParam(page, 'goalX'));
  await page.locator('#nav-world').focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => Number(await hashParam(page, 'goalX'))).toBeCloseTo(before + 0.05, 5);

  // Reload: the same state, and Run reproduces the run (same seed).
  const hash = await page.evaluate(() => location.hash);
  await page.reload();
  await expect(page.locator('#scenario')).toHaveValue('maml-nav-live');
  expect(await page.evaluate(() => location.hash)).toBe(hash);
  await expect(page.locator('#param-fields div.field[data-param="goalX"] input.num')).toHaveValue(String(await hashParam(page, 'goalX')));
  expect(errors).toEqual([]);
});

test('navigation ES mode draws the population of each generation', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./#scenario=maml-nav-live&model=es-maml&mode=es&steps=2&trajectories=10&seed=3');
  await page.locator('#speed').selectOption('max');
  await button(page, 'Run').click();
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  await expect(page.locator('#nav-world')).toHaveAttribute('data-trajectories', '10');
  await expect(page.locator('#nav-cards figcaption').first()).toContainText('ES population');
  await expect(page.locator('#nav-summary')).toContainText('10 population members per generation');
  expect(errors).toEqual([]);
});

test('sinusoid: a run draws the predictions per step; a click adds a support point and a new run fits it; the URL round-trips', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./#scenario=maml-sinusoid-live&amplitude=3&phase=1&shots=5&steps=5&seed=1');
  await expect(page.locator('#sin-cards')).toBeVisible();
  // The given points' controls are hidden while unused.
  await expect(page.locator('#param-fields div.field[data-param="x1"]')).toBeHidden();
  await page.locator('#speed').selectOption('max');
  await button(page, 'Run').click();
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  await expect(page.locator('#status')).toHaveAttribute('data-support', '5');
  await expect(page.locator('#sin-plot')).toHaveAttribute('data-step', '5');
  await expect(page.locator('#sin-mse')).toHaveAttribute('data-points', '6');
  // Adaptation helps MAML: its MSE after 5 steps is below its MSE before.
  const mse = (await page.locator('#status').getAttribute('data-maml-mse'))!.split(',').map(Number);
  expect(mse).toHaveLength(6);
  expect(mse[5]!).toBeLessThan(mse[0]!);

  // A click in the middle of the plot (x ≈ 0) adds a point on the true curve.
  const box = (await page.locator('#sin-plot').boundingBox())!;
  await page.locator('#sin-plot').click({ position: { x: box.width / 2, y: box.height / 3 } });
  await expect(page).toHaveURL(/points=1/);
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  await expect(page.locator('#status')).toHaveAttribute('data-support', '6');
  await expect(page.locator('#sin-points li')).toHaveCount(1);
  await expect(page.locator('#param-fields div.field[data-param="x1"]')).toBeVisible();
  await expect(page.locator('#param-fields div.field[data-param="x2"]')).toBeHidden();
  const x1 = Number(await hashParam(page, 'x1')), y1 = Number(await hashParam(page, 'y1'));
  expect(Math.abs(x1)).toBeLessThan(0.3);
  expect(y1).toBeCloseTo(3 * Math.sin(x1 - 1), 1);

  // Reload: the point is still there; Run uses it.
  const hash = await page.evaluate(() => location.hash);
  await page.reload();
  expect(await page.evaluate(() => location.hash)).toBe(hash);
  await page.locator('#speed').selectOption('max');
  await button(page, 'Run').click();
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  await expect(page.locator('#status')).toHaveAttribute('data-support', '6');

  // Removing it: back to the K drawn points.
  await page.getByRole('button', { name: /Remove given point 1/ }).click();
  await expect(page).toHaveURL(/points=0/);
  await expect(page.locator('#status')).toHaveAttribute('data-support', '5', { timeout: 30_000 });
  expect(errors).toEqual([]);
});
