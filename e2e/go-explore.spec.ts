// The "Go-Explore, live" view: a small run draws the world and the archive, the history slider
// shows earlier archives, phase 2 reports its evaluation, and "Compare methods" adds curves.
import { expect, test, type Page } from '@playwright/test';

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

test('a small go-explore run draws the archive, its history and phase 2; the comparison adds curves', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto('./#scenario=go-explore&rooms=2&keys=2&frames=20000&phase2Frames=200000&evalEpisodes=20&seed=1');
  await expect(page.locator('#scenario')).toHaveValue('go-explore');
  await expect(page.locator('#ge-cards')).toBeVisible();
  await expect(page.locator('#regret-card')).toBeHidden();
  await page.locator('#speed').selectOption('max');
  await button(page, 'Run').click();
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  const cells = Number(await page.locator('#status').getAttribute('data-cells'));
  expect(cells).toBeGreaterThan(50);
  await expect(page.locator('#ge-world')).toHaveAttribute('data-cells', String(cells));
  await expect(page.locator('#ge-phase')).toContainText('Phase 2');
  await expect(page.locator('#ge-phase')).toContainText('/20 episodes');
  expect(Number(await page.locator('#ge-plot').getAttribute('data-points'))).toBeGreaterThan(10);

  // The history slider: the archive at an early frame has fewer cells.
  const slider = page.locator('#ge-history');
  await slider.fill('2000');
  const early = Number(await page.locator('#ge-world').getAttribute('data-cells'));
  expect(early).toBeGreaterThan(0);
  expect(early).toBeLessThan(cells);

  await button(page, 'Compare methods').click();
  await expect(page.locator('#ge-compare-status')).toContainText('uniform random', { timeout: 30_000 });
  await expect(page.locator('#ge-plot')).toHaveAttribute('data-series', '5');
  expect(errors).toEqual([]);
});
