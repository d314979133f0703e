import { expect, test } from './fixtures.ts';
import { waitForEnd } from './run.ts';

// The page's opening run, as a new user sees it: the restarts run unseen and only the winning start
// plays at the slow opening pace; its first converged result comes within 15 s of loading, and each
// segment keeps one colour from the first frame to the last.

declare global {
  interface Window {
    legendStates: string[][];
    iterationTexts: string[];
  }
}

test('the opening plays the winning start only, converges within 15 s, and never changes a segment\'s colour', async ({ page }) => {
  await page.addInitScript(() => {
    window.legendStates = [];
    window.iterationTexts = [];
    const record = () => {
      const rows = [...document.querySelectorAll('#legend .legend-row')].map((row) =>
        `${row.querySelector('.legend-name')?.textContent}|${getComputedStyle(row.querySelector('.legend-swatch')!).backgroundColor}`);
      if (rows.length > 0) window.legendStates.push(rows);
      const iteration = document.querySelector('#hud [data-field="iteration"]')?.textContent;
      if (iteration && iteration !== window.iterationTexts.at(-1)) window.iterationTexts.push(iteration);
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['style'] });
  });
  const started = Date.now();
  // The CPU engine, as a browser without WebGPU runs it (this project has none).
  await page.goto('/?backend=cpu');
  await expect(page.locator('#hud .hud-message')).toHaveText('The opening run plays slowly to watch it converge (View: slow opening run).', { timeout: 30_000 });
  const run = await waitForEnd(page);
  const seconds = (Date.now() - started) / 1000;
  console.warn(`opening: converged after ${seconds.toFixed(1)} s, ${run.iteration} iterations of the winning start`);
  expect(seconds).toBeLessThan(15);

  // Only the winning start played: its iterations 1, 2, ... once each, said to be the best of 3.
  const texts = await page.evaluate(() => window.iterationTexts);
  const played = texts.filter((text) => text.includes('best of'));
  expect(played.length).toBeGreaterThanOrEqual(run.iteration - 1);
  played.forEach((text, i) => expect(text).toBe(`${i + 1} (best of 3 starts)`));

  // One colour per segment name in every frame, the first to the last, and the same set throughout.
  const states = await page.evaluate(() => window.legendStates);
  expect(states.length).toBeGreaterThan(3);
  const colourOf = new Map<string, string>();
  for (const state of states) {
    for (const entry of state) {
      const [name, colour] = entry.split('|') as [string, string];
      expect(colourOf.get(name) ?? colour, `${name} changed colour`).toBe(colour);
      colourOf.set(name, colour);
    }
  }
  expect(colourOf.size).toBe(4);
});
