// The playground against the real library (dist/lib via the `fastslow` alias), wasm in Web Workers.
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './page-errors.ts';

const status = (page: Page) => page.locator('#status');
const textbox = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

async function open(page: Page, hash = '#scenario=bandit-live'): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(status(page)).toHaveAttribute('data-phase', 'idle');
  await expect(page.locator('#scenario')).toBeEnabled();
}

async function setSpeed(page: Page, value: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Speed' }).selectOption(value);
}

/** Steps a paused run `n` pulls with the Step button and waits until the page shows step n. */
async function stepTimes(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await button(page, 'Step').click();
  await expect(status(page)).toHaveAttribute('data-step', String(n));
}

/** What the page shows after a run or some steps: the numbers a user (or a test) can compare. */
async function snapshot(page: Page) {
  const s = status(page);
  const arms = page.locator('#arms');
  return {
    step: await s.getAttribute('data-step'),
    totalReward: await s.getAttribute('data-total-reward'),
    cumRegret: await s.getAttribute('data-cum-regret'),
    pulls: await arms.getAttribute('data-pulls'),
    estimates: await arms.getAttribute('data-estimates'),
    statusText: await page.locator('.stats').innerText(),
  };
}

test('the page is built from the schema: scenario, title, labelled controls with help', async ({ page }) => {
  const errors = collectErrors(page);
  await open(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('fastslow');
  await expect(page.locator('#scenario')).toHaveValue('bandit-live');
  await expect(page.locator('#scenario-title')).not.toBeEmpty();
  await expect(page.locator('#scenario-summary')).not.toBeEmpty();
  for (const name of ['k', 'steps', 'epsilon', 'seed']) await expect(textbox(page, name)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'policy' })).toHaveValue('epsilon-greedy');
  await expect(page.getByRole('slider', { name: 'k' })).toBeVisible();
  await expect(page.getByRole('slider', { name: 'seed' })).toHaveCount(0);
  await expect(button(page, 'New seed')).toBeVisible();
  // Defaults land in the URL hash, every parameter included.
  await expect(page).toHaveURL(/#scenario=bandit-live&k=10&steps=500&policy=epsilon-greedy&epsilon=0\.1&(.+&)?seed=1$/);
  expect(errors).toEqual([]);
});

test('running bandit-live: the regret plot gains points while it runs', async ({ page }) => {
  const errors = collectErrors(page);
  await open(page, '#scenario=bandit-live&k=10&steps=3000&policy=epsilon-greedy&epsilon=0.1&seed=3');
  const plot = page.locator('#regret-plot');
  await expect(plot).toHaveAttribute('data-points', '0');
  // Record every length the plot's series takes, frame by frame.
  await plot.evaluate((el) => {
    const seen: number[] = [];
    (window as unknown as { seenPoints: number[] }).seenPoints = seen;
    new MutationObserver(() => seen.push(Number(el.getAttribute('data-points')))).observe(el, {
      attributes: true,
      attributeFilter: ['data-points'],
    });
  });
  await button(page, 'Run').click(); // default speed 'auto': the run plays over a few seconds
  await expect(status(page)).toHaveAttribute('data-phase', 'running');
  await expect(status(page)).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  await expect(status(page)).toHaveAttribute('data-step', '3000');
  const seen = await page.evaluate(() => (window as unknown as { seenPoints: number[] }).seenPoints);
  const growing = new Set(seen.filter((n) => n > 0));
  expect(growing.size).toBeGreaterThan(5); // many frames, each with a longer curve
  // The curve is a full snapshot, downsampled by the core to ≤ 2048 points, so its length grows
  // and is halved now and then: it never exceeds the cap and ends well above where it started.
  expect(Math.max(...seen)).toBeLessThanOrEqual(2048);
  expect(Number(await plot.getAttribute('data-points'))).toBeGreaterThan(seen.find((n) => n > 0) ?? 0);
  await expect(page.locator('#stat-step')).toHaveText('3,000 / 3,000');
  await page.getByLabel('Reveal true probabilities').check();
  await page.screenshot({ path: 'test-results/playground-desktop.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('at max speed a million-step run finishes and its curve stays downsampled', async ({ page }) => {
  await open(page, '#scenario=bandit-live&k=10&steps=1000000&policy=epsilon-greedy&epsilon=0.1&seed=3');
  await setSpeed(page, 'max');
  await button(page, 'Run').click();
  await expect(status(page)).toHaveAttribute('data-phase', 'done', { timeout: 45_000 });
  await expect(status(page)).toHaveAttribute('data-step', '1000000');
  const points = Number(await page.locator('#regret-plot').getAttribute('data-points'));
  expect(points).toBeGreaterThan(100);
  expect(points).toBeLessThanOrEqual(2048);
  await expect(page.locator('#stat-step')).toHaveText('1,000,000 / 1,000,000');
});

for (const speed of ['1000', 'max'] as const) {
  test(`Pause, Step and Reset drive the run (speed ${speed})`, async ({ page }) => {
    await open(page, '#scenario=bandit-live&k=1000&steps=1000000&policy=epsilon-greedy&epsilon=0.1&seed=11');
    await setSpeed(page, speed);
    await expect(button(page, 'Pause')).toBeDisabled();
    await button(page, 'Run').click();
    await expect.poll(async () => Number(await status(page).getAttribute('data-step'))).toBeGreaterThan(0);
    await button(page, 'Pause').click();
    await expect(status(page)).toHaveAttribute('data-phase', 'paused');
    await page.waitForTimeout(300); // let frames already in flight land
    const paused = Number(await status(page).getAttribute('data-step'));
    expect(paused).toBeLessThan(1000000);
    await page.waitForTimeout(400);
    expect(Number(await status(page).getAttribute('data-step'))).toBe(paused); // really paused
    await button(page, 'Step').click();
    await expect(status(page)).toHaveAttribute('data-step', String(paused + 1));
    await button(page, 'Step').click();
    await expect(status(page)).toHaveAttribute('data-step', String(paused + 2));
    await button(page, 'Run').click(); // resumes
    await expect.poll(async () => Number(await status(page).getAttribute('data-step'))).toBeGreaterThan(paused + 2);
    await button(page, 'Reset').click();
    await expect(status(page)).toHaveAttribute('data-phase', 'idle');
    await expect(status(page)).toHaveAttribute('data-step', '');
    await expect(page.locator('#regret-plot')).toHaveAttribute('data-points', '0');
    await expect(page.locator('#stat-step')).toHaveText('–');
    await page.waitForTimeout(300);
    await expect(status(page)).toHaveAttribute('data-step', ''); // no late frame of the old run
  });
}

test('changing controls updates the URL hash', async ({ page }) => {
  await open(page);
  await textbox(page, 'k').fill('25');
  await expect(page).toHaveURL(/[#&]k=25(&|$)/);
  await page.getByRole('combobox', { name: 'policy' }).selectOption('random');
  await expect(page).toHaveURL(/[#&]policy=random(&|$)/);
  const slider = page.getByRole('slider', { name: 'epsilon' });
  await slider.focus();
  await slider.press('ArrowRight');
  await expect(page).toHaveURL(/[#&]epsilon=0\.101(&|$)/);
  await expect(textbox(page, 'epsilon')).toHaveValue('0.101');
  await page.getByRole('slider', { name: 'steps' }).fill('500'); // log scale: middle of 1..1e6
  await expect(textbox(page, 'steps')).toHaveValue('1000');
  await expect(page).toHaveURL(/[#&]steps=1000(&|$)/);
  // Editing the address (or going back) applies the new hash to the controls.
  await page.evaluate(() => {
    location.hash = '#scenario=bandit-live&k=33&steps=1000&policy=epsilon-greedy&epsilon=0.2&seed=1';
  });
  await expect(textbox(page, 'k')).toHaveValue('33');
  await expect(textbox(page, 'epsilon')).toHaveValue('0.2');
  await expect(page.getByRole('combobox', { name: 'policy' })).toHaveValue('epsilon-greedy');
  const before = await textbox(page, 'seed').inputValue();
  await button(page, 'New seed').click();
  await expect(textbox(page, 'seed')).not.toHaveValue(before);
  const seed = await textbox(page, 'seed').inputValue();
  expect(page.url()).toMatch(new RegExp(`[#&]seed=${seed}$`));
});

test('reloading restores the controls and reproduces the same frames', async ({ page }) => {
  await open(page);
  await textbox(page, 'k').fill('7');
  await textbox(page, 'steps').fill('300');
  await textbox(page, 'epsilon').fill('0.25');
  await textbox(page, 'seed').fill('42');
  await expect(page).toHaveURL(/#scenario=bandit-live&k=7&steps=300&policy=epsilon-greedy&epsilon=0\.25&(.+&)?seed=42$/);

  await setSpeed(page, 'max');
  await stepTimes(page, 12);
  await expect(status(page)).toHaveAttribute('data-phase', 'paused');
  const stepped = await snapshot(page);
  expect(stepped.pulls?.split(',')).toHaveLength(7);
  await button(page, 'Run').click();
  await expect(status(page)).toHaveAttribute('data-phase', 'done');
  const finished = await snapshot(page);

  await page.reload();
  await expect(status(page)).toHaveAttribute('data-phase', 'idle');
  await expect(textbox(page, 'k')).toHaveValue('7');
  await expect(textbox(page, 'steps')).toHaveValue('300');
  await expect(textbox(page, 'epsilon')).toHaveValue('0.25');
  await expect(textbox(page, 'seed')).toHaveValue('42');
  await expect(page.getByRole('combobox', { name: 'policy' })).toHaveValue('epsilon-greedy');

  await setSpeed(page, 'max');
  await stepTimes(page, 12);
  expect(await snapshot(page)).toEqual(stepped);
  await button(page, 'Run').click();
  await expect(status(page)).toHaveAttribute('data-phase', 'done');
  expect(await snapshot(page)).toEqual(finished);

  // A different seed gives a different run (the comparison above is not vacuous).
  await textbox(page, 'seed').fill('43');
  await button(page, 'Run').click();
  await expect(status(page)).toHaveAttribute('data-phase', 'done');
  expect((await snapshot(page)).pulls).not.toEqual(finished.pulls);
});

test('an invalid value shows an error naming the parameter and the page keeps working', async ({ page }) => {
  const errors = collectErrors(page);
  await open(page, '#scenario=bandit-live&k=10&steps=50&policy=epsilon-greedy&epsilon=0.1&seed=1');
  const k = textbox(page, 'k');
  await k.fill('abc');
  const fieldError = page.locator('[data-error-for="k"]');
  await expect(fieldError).toBeVisible();
  await expect(fieldError).toContainText('k');
  await expect(k).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#message')).toContainText('k');
  await expect(page).toHaveURL(/[#&]k=abc(&|$)/); // the hash keeps what was typed

  // Running anyway reports the same error, without breaking anything.
  await button(page, 'Run').click();
  await expect(status(page)).toHaveAttribute('data-phase', 'failed');
  await expect(page.locator('#message')).toContainText('k');
  await expect(fieldError).toBeVisible();

  // Out of range is caught too (by the core, not by the page).
  await k.fill('5000');
  await expect(fieldError).toContainText('k');
  await expect(fieldError).toBeVisible();

  // Fixing it clears the error and runs.
  await k.fill('4');
  await expect(fieldError).toBeHidden();
  await expect(k).not.toHaveAttribute('aria-invalid', 'true');
  await button(page, 'Run').click();
  await expect(status(page)).toHaveAttribute('data-phase', 'done');
  await expect(status(page)).toHaveAttribute('data-step', '50');
  expect((await page.locator('#arms').getAttribute('data-pulls'))?.split(',')).toHaveLength(4);
  expect(errors).toEqual([]);
});

test('invalid values in the URL are shown in their controls and flagged', async ({ page }) => {
  await page.goto('./#scenario=bandit-live&k=5000&policy=softmax&bogus=1');
  await expect(status(page)).toHaveAttribute('data-phase', 'idle');
  await expect(textbox(page, 'k')).toHaveValue('5000');
  await expect(page.locator('[data-error-for="k"]')).toBeVisible();
  await expect(page.locator('[data-error-for="policy"]')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'policy' })).toHaveValue('softmax');
  await page.getByRole('combobox', { name: 'policy' }).selectOption('random');
  await textbox(page, 'k').fill('3');
  await expect(page.locator('[data-error-for="k"]')).toBeHidden();
  await expect(page.locator('[data-error-for="policy"]')).toBeHidden();
  await expect(page).toHaveURL(/#scenario=bandit-live&k=3&steps=500&policy=random&epsilon=0\.1&(.+&)?seed=1$/);
});

test('unknown URL keys are reported, not silently dropped', async ({ page }) => {
  await page.goto('./#scenario=bandit-live&k=4&arms=9');
  await expect(status(page)).toHaveAttribute('data-phase', 'idle');
  await expect(textbox(page, 'k')).toHaveValue('4');
  await page.waitForTimeout(400); // after validation has answered
  await expect(page.locator('#message')).toContainText('arms');
  await expect(page).toHaveURL(/#scenario=bandit-live&k=4&steps=500&policy=epsilon-greedy&epsilon=0\.1&(.+&)?seed=1$/);
});

test('keyboard only: Enter in a field runs, the reveal checkbox toggles true probabilities', async ({ page }) => {
  await open(page, '#scenario=bandit-live&k=6&steps=400&policy=epsilon-greedy&epsilon=0.1&seed=5');
  await textbox(page, 'steps').focus();
  await page.keyboard.press('Enter');
  await expect(status(page)).toHaveAttribute('data-phase', 'done');
  // Tab order reaches the run buttons and the reveal checkbox.
  await page.locator('#btn-run').focus();
  await expect(page.locator('#btn-run')).toBeFocused();
  await page.locator('#arms-details summary').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#arms-table tr')).toHaveCount(6);
  await expect(page.locator('#arms-table tr').first().locator('td').nth(3)).toHaveText('hidden');
  await page.getByLabel('Reveal true probabilities').focus();
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Reveal true probabilities')).toBeChecked();
  await expect(page.locator('#arms-table tr').first().locator('td').nth(3)).toHaveText(/^0\.\d{3}$|^1\.000$/);
});

test('works at 360 px wide without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await open(page, '#scenario=bandit-live&k=10&steps=2000&policy=epsilon-greedy&epsilon=0.1&seed=2');
  await button(page, 'Run').click();
  await expect(status(page)).toHaveAttribute('data-phase', 'done');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const canvas = await page.locator('#arms').boundingBox();
  expect(canvas?.width ?? 0).toBeLessThanOrEqual(340);
  expect(canvas?.width ?? 0).toBeGreaterThan(250);
  await page.screenshot({ path: 'test-results/playground-360.png', fullPage: true });
});
