// Keyboard-only operation of a run (issue 8 "Accessible"): with Tab, Enter, Space and the arrow /
// letter keys only — pick a demo on the landing page, pick another view in the picker, change a
// parameter, set the speed, start, cancel — and at every stop the focused control shows a visible
// focus ring (:focus-visible with a real outline or shadow).
import { expect, test, type Page } from '@playwright/test';

/** Presses Tab (Shift+Tab with `back`) until `is` holds for the focused element; fails after `max`. */
async function tabTo(page: Page, what: string, is: (el: Element) => boolean, max = 80, back = false): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate(`(${is.toString()})(document.activeElement ?? document.body)`)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

/** The focused element shows a focus indicator: :focus-visible and an outline (or box shadow) that is drawn. */
async function expectFocusVisible(page: Page, what: string): Promise<void> {
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { ok: false, why: 'nothing focused' };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
    const shadow = cs.boxShadow !== 'none';
    const rect = el.getBoundingClientRect();
    return {
      ok: el.matches(':focus-visible') && (outline || shadow) && rect.width > 0 && rect.height > 0,
      why: `${el.tagName}#${el.id} focus-visible=${el.matches(':focus-visible')} outline=${cs.outlineStyle} ${cs.outlineWidth} shadow=${cs.boxShadow}`,
    };
  });
  expect(ring.ok, `${what}: ${ring.why}`).toBe(true);
}

test('keyboard only: pick a demo and a view, change a parameter and the speed, start, cancel — focus always visible', async ({ page }) => {
  await page.goto('./#home');
  await expect(page.locator('.catalog-card').first()).toBeVisible();

  // 1. A landing card, by Tab and Enter.
  await tabTo(page, 'the first card', (el) => el.classList.contains('card-link'));
  await expectFocusVisible(page, 'card link');
  await page.keyboard.press('Enter');
  await expect(page.locator('#scenario')).toBeEnabled();
  const first = await page.locator('#scenario').inputValue();

  // 2. Another view in the picker: focus it, then the arrow keys (a closed <select> changes on ArrowDown).
  await tabTo(page, 'the view picker', (el) => el.id === 'scenario', 80, true);
  await expectFocusVisible(page, 'view picker');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#scenario')).not.toHaveValue(first);
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('#scenario')).toHaveValue(first);
  await expect(page.locator('#status')).toHaveAttribute('data-phase', /idle|done/, { timeout: 30_000 });

  // 3. A parameter: Tab to the steps field, select its text, type a new value (not Enter: that would run).
  await tabTo(page, 'the steps field', (el) => el instanceof HTMLInputElement && el.type === 'text' && el.name === 'steps');
  await expectFocusVisible(page, 'steps field');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('400');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('steps=400');

  // 4. The speed: Tab to it, type to pick "10 steps/s" (a 400-pull run then plays for 40 s).
  await tabTo(page, 'the speed control', (el) => el.id === 'speed');
  await expectFocusVisible(page, 'speed');
  await page.keyboard.type('10 ');
  await expect(page.locator('#speed')).toHaveValue('10');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('speed=10');

  // 5. Start: Shift+Tab back to Run, Space.
  await tabTo(page, 'Run', (el) => el.id === 'btn-run', 20, true);
  await expectFocusVisible(page, 'Run');
  await page.keyboard.press('Space');
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'running');
  await expect(page.locator('#status')).not.toHaveAttribute('data-step', '');

  // 6. Cancel: Tab to Reset (enabled while running), Enter. The run stops where it was.
  await tabTo(page, 'Reset', (el) => el.id === 'btn-reset', 20);
  await expectFocusVisible(page, 'Reset');
  await page.keyboard.press('Enter');
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'idle');
  const step = await page.locator('#status').getAttribute('data-step');
  await page.waitForTimeout(500);
  await expect(page.locator('#status')).toHaveAttribute('data-phase', 'idle');
  expect(await page.locator('#status').getAttribute('data-step')).toBe(step);
  expect(await page.evaluate(() => document.activeElement?.id)).not.toBe(undefined);
});
