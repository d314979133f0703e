import { expect, type Page } from './fixtures.ts';

/** Open the page with URL parameters and wait for the run to end; returns the HUD's data attributes. */
export async function openAndConverge(page: Page, query: string) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`/?${query}`);
  const result = await waitForEnd(page);
  expect(errors).toEqual([]);
  return result;
}

/** How many runs the page has started (the HUD's `data-run`). */
export async function runNumber(page: Page): Promise<number> {
  return Number((await page.locator('#hud').getAttribute('data-run')) ?? 0);
}

/**
 * Do `action`, which starts a run, and wait for that run to converge. Waiting for the state alone
 * could read the previous run's "converged" while an import is still being read.
 */
export async function afterNextRun(page: Page, action: () => Promise<unknown>) {
  const since = await runNumber(page);
  await action();
  await expect.poll(() => runNumber(page), { timeout: 170_000 }).toBeGreaterThan(since);
  return waitForEnd(page);
}

/** Wait until the run converges (failing with the HUD's message if it ends otherwise). */
export async function waitForEnd(page: Page) {
  const hud = page.locator('#hud');
  await expect(hud).toHaveAttribute('data-state', /converged|stopped|error/, { timeout: 170_000 });
  const state = await hud.getAttribute('data-state');
  const message = (await page.locator('.hud-message').textContent()) ?? '';
  expect(state, `run ended in "${state}": ${message}`).toBe('converged');
  return hudValues(page);
}

export async function hudValues(page: Page) {
  const hud = page.locator('#hud');
  const read = async (name: string) => (await hud.getAttribute(`data-${name}`)) ?? '';
  return {
    state: await read('state'),
    backend: await read('backend'),
    cpuEngine: await read('cpu-engine'),
    iteration: Number(await read('iteration')),
    inertia: Number(await read('inertia')),
    customers: Number(await read('customers')),
    k: Number(await read('k')),
    frameMs: Number(await read('frame-ms')),
    message: (await page.locator('.hud-message').textContent()) ?? '',
  };
}

/**
 * Count canvas pixels near each of the given colours and near-white marker outline pixels, read
 * from the WebGL canvas (it keeps its drawing buffer); `covered`: pixels unlike the background
 * (its corner pixel), `nearAny`: those near one of the colours.
 */
export async function canvasColours(page: Page, colours: readonly string[]) {
  return page.evaluate((hexes) => {
    const source = document.querySelector<HTMLCanvasElement>('#scatter')!;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const context = copy.getContext('2d')!;
    context.drawImage(source, 0, 0);
    const { data } = context.getImageData(0, 0, copy.width, copy.height);
    const targets = hexes.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
    const counts = targets.map(() => 0);
    let white = 0;
    let covered = 0;
    let nearAny = 0;
    const [r0, g0, b0] = [data[0]!, data[1]!, data[2]!];
    for (let p = 0; p < data.length; p += 4) {
      const r = data[p]!, g = data[p + 1]!, b = data[p + 2]!;
      if (r > 235 && g > 235 && b > 235) white++;
      if (Math.abs(r - r0) + Math.abs(g - g0) + Math.abs(b - b0) >= 24) covered++;
      let near = false;
      targets.forEach((t, i) => {
        if (Math.abs(r - t[0]!) + Math.abs(g - t[1]!) + Math.abs(b - t[2]!) < 60) {
          counts[i]!++;
          near = true;
        }
      });
      if (near) nearAny++;
    }
    return { counts, white, covered, nearAny };
  }, colours);
}

/**
 * Wait until the centroid markers have glided to where the run left them (the canvas's
 * data-gliding turns "0" in the frame that places them there), and until the frame the page asked
 * for before now is drawn (a frame callback of ours runs after the page's): the canvas shows the
 * finished run.
 */
export async function waitForGlideEnd(page: Page) {
  await expect(page.locator('#scatter')).toHaveAttribute('data-gliding', '0');
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
}

/**
 * Wait until the page draws ten quick frames in a row: the last glide of a million
 * software-rendered points (each frame a second or more) has ended, so what follows is timed alone.
 */
export async function waitForQuietFrames(page: Page) {
  await page.evaluate(() => new Promise<void>((resolve) => {
    let quick = 0;
    let last = performance.now();
    const tick = (now: number) => {
      quick = now - last < 100 ? quick + 1 : 0;
      last = now;
      if (quick >= 10) resolve();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }));
}

/** A lasso round the middle of the view, drawer closed. */
export async function lassoMiddle(page: Page) {
  const box = (await page.locator('#scatter').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.locator('button[name="lasso"]').click();
  await page.mouse.move(cx + 149, cy - 150);
  await page.mouse.down();
  for (const [x, y] of [[cx + 150, cy + 150], [cx - 150, cy + 150], [cx - 150, cy - 150], [cx + 148, cy - 150]]) await page.mouse.move(x!, y!, { steps: 6 });
  await page.mouse.up();
  await expect(page.locator('#selection')).toBeVisible();
}
