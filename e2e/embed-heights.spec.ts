// The "Embed this" iframe heights come from measured content heights (scripts/embed-heights.mjs →
// web/app/src/embed-heights.ts), per view and option set. The page test fails when a layout change
// makes the measured height stale (re-run the script).
import { expect, test } from '@playwright/test';
import { EMBED_HEIGHTS, MEASURED_WIDTH } from '../web/app/src/embed-heights.ts';
import { embedSnippets, NO_OPTIONS, snippetHeight } from '../web/app/src/embed-options.ts';

test('snippet heights: the measured one per view and options; the tallest for a view not measured', () => {
  const live = EMBED_HEIGHTS['bandit-live']!;
  expect(snippetHeight(NO_OPTIONS, 'bandit-live')).toBe(live.plain);
  expect(snippetHeight({ ...NO_OPTIONS, hideControls: true, compact: true }, 'bandit-live')).toBe(live.compactHideControls);
  const tallest = Math.max(...Object.values(EMBED_HEIGHTS).map((h) => h.hideControls));
  expect(snippetHeight({ ...NO_OPTIONS, hideControls: true }, 'a-new-view')).toBe(tallest);
  const s = embedSnippets('https://x.org/fs/', '#view=bandit-compare&seed=2', { ...NO_OPTIONS, compact: true }, 'Compare');
  expect(s.iframe).toContain(`height="${EMBED_HEIGHTS['bandit-compare']!.compact}"`);
});

for (const [query, key] of [
  ['autoplay&compact&hide-controls', 'compactHideControls'],
  ['autoplay&hide-controls', 'hideControls'],
] as const) {
  test(`the embed page fits its measured height (bandit-live, ${query})`, async ({ page }) => {
    await page.setViewportSize({ width: MEASURED_WIDTH, height: 900 });
    await page.goto(`./embed.html?${query}#scenario=bandit-live&steps=100&seed=1`);
    await expect(page.locator('#status')).toHaveAttribute('data-phase', 'done');
    const height = await page.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const measured = EMBED_HEIGHTS['bandit-live']![key];
    // No scroll bar in the frame, and not much empty space below the demo either.
    expect(height).toBeLessThanOrEqual(measured);
    expect(height).toBeGreaterThan(measured * 0.9);
  });
}
