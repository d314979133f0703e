import { expect, type Page } from '@playwright/test';

/** Open the page with URL parameters and wait for the run to converge; returns the HUD's data attributes. */
export async function openAndConverge(page: Page, query: string) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`/?${query}`);
  const hud = page.locator('#hud');
  await expect(hud).toHaveAttribute('data-state', /converged|stopped|error/);
  const state = await hud.getAttribute('data-state');
  const message = await page.locator('.hud-message').textContent();
  expect(state, `run ended in "${state}": ${message}`).toBe('converged');
  expect(errors).toEqual([]);
  const read = async (name: string) => (await hud.getAttribute(`data-${name}`)) ?? '';
  return {
    backend: await read('backend'),
    iteration: Number(await read('iteration')),
    inertia: Number(await read('inertia')),
    customers: Number(await read('customers')),
    k: Number(await read('k')),
    message: message ?? '',
  };
}
