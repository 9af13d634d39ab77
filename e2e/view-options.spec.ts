// View options in the URL (issue 8: "everything needed to rerun — scenario, parameters, seed,
// view options — lives in the URL"): the reveal switches and the arm data table, through a reload,
// a view switch and Back / Forward; an option never restarts the run it changes the look of.
import { expect, test, type Page } from '@playwright/test';

const status = (page: Page) => page.locator('#status');
const reveal = (page: Page) => page.locator('#reveal');
const compareReveal = (page: Page) => page.locator('#compare-reveal');
const table = (page: Page) => page.locator('#arms-details');

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(status(page)).toHaveAttribute('data-phase', 'idle');
}

test('options follow the URL: toggles, reload, view switch, Back / Forward, an edited address', async ({ page }) => {
  await open(page, '#scenario=bandit-live&k=4&steps=200&seed=5');
  await expect(reveal(page)).not.toBeChecked();
  await expect(page).toHaveURL(/&seed=5$/);

  // Switching the options writes them after the parameters (the speed, not auto, last); the run is not touched.
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  await expect(page).toHaveURL(/&seed=5&speed=max$/);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(page)).toHaveAttribute('data-phase', 'done');
  await page.getByLabel('Reveal true probabilities').check();
  await expect(page).toHaveURL(/&seed=5&opt\.reveal=1&speed=max$/);
  await page.getByText('Arm data table').click();
  await expect(page).toHaveURL(/&seed=5&opt\.reveal=1&opt\.table=1&speed=max$/);
  await expect(status(page)).toHaveAttribute('data-phase', 'done');
  await expect(status(page)).toHaveAttribute('data-step', '200');
  // The table shows the true p only when revealed.
  await expect(page.locator('#arms-table tr')).toHaveCount(4);
  await expect(page.locator('#arms-table')).not.toContainText('hidden');

  // A reload (a shared link) shows the view the same way.
  await page.reload();
  await expect(status(page)).toHaveAttribute('data-phase', 'idle');
  await expect(reveal(page)).toBeChecked();
  await expect(table(page)).toHaveAttribute('open', '');

  // To the comparison: reveal carries over (it has the option), the table does not (it has none).
  await page.getByRole('combobox', { name: 'View' }).selectOption('bandit-compare');
  await expect(page).toHaveURL(/view=bandit-compare.*&seed=5&opt\.reveal=1&speed=max$/);
  await expect(compareReveal(page)).toBeChecked();
  await compareReveal(page).uncheck();
  await expect(page).toHaveURL(/view=bandit-compare.*&seed=5&speed=max$/);

  // Back: the live view as it was; Forward: the comparison as it was left (reveal off).
  await page.goBack();
  await expect(page).toHaveURL(/scenario=bandit-live.*&opt\.reveal=1&opt\.table=1&speed=max$/);
  await expect(reveal(page)).toBeChecked();
  await expect(table(page)).toHaveAttribute('open', '');
  await page.goForward();
  await expect(page).toHaveURL(/view=bandit-compare.*&seed=5&speed=max$/);
  await expect(compareReveal(page)).not.toBeChecked();

  // An edited address that changes only an option: applied, and the finished run stays.
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(page)).toHaveAttribute('data-phase', 'done');
  const step = await status(page).getAttribute('data-step');
  await page.evaluate(() => {
    location.hash = `${location.hash}&opt.reveal=1`;
  });
  await expect(compareReveal(page)).toBeChecked();
  await expect(status(page)).toHaveAttribute('data-phase', 'done');
  await expect(status(page)).toHaveAttribute('data-step', step ?? '');
});
