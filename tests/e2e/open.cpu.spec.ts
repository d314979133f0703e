import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures.ts';
import { kmeansCommand, runKmeans } from '../helpers.ts';

// `kmeans open customers.csv --model model.json`: the printed address opens the page with the
// customers imported (no mapping step: the model names their columns) and assigned to the model's
// segments, under the model's names; Ctrl-C stops the server.

test('kmeans open: the page opens with the file imported and assigned to the model\'s segments', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'kmeans-open-e2e-'));
  try {
    expect(runKmeans(dir, ['generate', '--n', '3000', '--seed', '5', '--out', 'customers.csv']).status).toBe(0);
    expect(runKmeans(dir, ['fit', '--input', 'customers.csv', '--k', '4', '--model', 'model.json']).status).toBe(0);
    const names = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).segmentNames as string[];

    const [command, prefix] = kmeansCommand();
    const server = spawn(command, [...prefix, 'open', 'customers.csv', '--model', 'model.json', '--no-open', '--port', '0'], { cwd: dir, env: { ...process.env, INIT_CWD: dir } });
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    try {
      const address = await new Promise<string>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        server.on('exit', (code) => reject(new Error(`kmeans open ended with ${code}`)));
      });
      await page.goto(address);
      const hud = page.locator('#hud');
      await expect(hud).toHaveAttribute('data-state', 'scored', { timeout: 120_000 });
      await expect(hud).toHaveAttribute('data-customers', '3000');
      await expect(page.locator('#legend .legend-name')).toHaveText(names);
      await expect(page.locator('dialog.mapping-dialog')).toHaveCount(0);
      await page.locator('.drawer-tabs button[data-tab="data"]').click();
      await expect(page.locator('.data-status')).toContainText('Assigned 3,000 customers to the 4 segments of model.json');
      await page.screenshot({ path: 'artifacts/kmeans-open-1280.png' });
    } finally {
      server.kill('SIGINT');
    }
    expect(await exited).toBe(130);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a workspace saved in the page: the command line fits it to the same labels, and kmeans open shows it in another browser', async ({ page, browser }) => {
  const dir = mkdtempSync(join(tmpdir(), 'kmeans-open-workspace-'));
  try {
    await page.goto('/?backend=cpu&n=2000&k=5&speed=max&intro=false');
    await expect(page.locator('#hud')).toHaveAttribute('data-state', 'converged', { timeout: 120_000 });
    await page.locator('.drawer-tabs button[data-tab="data"]').click();
    const panel = page.locator('.drawer-panel[data-tab="data"]');
    const runs = Number(await page.locator('#hud').getAttribute('data-run'));
    await panel.locator('input[name="csv-file"]').setInputFiles(fileURLToPath(new URL('../fixtures/csv/mall-customers.csv', import.meta.url)));
    await page.locator('dialog.mapping-dialog button[name="import"]').click();
    await expect.poll(async () => Number(await page.locator('#hud').getAttribute('data-run'))).toBeGreaterThan(runs);
    await expect(page.locator('#hud')).toHaveAttribute('data-state', 'converged', { timeout: 120_000 });
    await page.locator('.drawer-tabs button[data-tab="segments"]').click();
    const nameBox = page.locator('table.profiles input').nth(1);
    await nameBox.fill('Careful savers');
    await nameBox.dispatchEvent('change');
    await page.locator('.drawer-tabs button[data-tab="data"]').click();
    const [exported] = await Promise.all([page.waitForEvent('download'), panel.locator('button[name="export-csv"]').click()]);
    const [workspace] = await Promise.all([page.waitForEvent('download'), panel.locator('button[name="download-workspace"]').click()]);
    await workspace.saveAs(join(dir, 'mall.workspace.zip'));
    const inertia = await page.locator('#hud').getAttribute('data-inertia');
    const names = await page.locator('#legend .legend-name').allTextContents();

    // The command line: the same labels and names as the page's export, row for row.
    const fitted = runKmeans(dir, ['fit', '--input', 'mall.workspace.zip', '--out', 'segmented.csv', '--json']);
    expect(fitted.status, fitted.stderr).toBe(0);
    expect(fitted.stderr).toContain("the workspace's run: kmeans on");
    expect(readFileSync(join(dir, 'segmented.csv'), 'utf8')).toBe(readFileSync(await exported.path(), 'utf8'));

    // kmeans open in another browser profile: the same segments, names and inertia.
    const [command, prefix] = kmeansCommand();
    const server = spawn(command, [...prefix, 'open', 'mall.workspace.zip', '--no-open', '--port', '0'], { cwd: dir, env: { ...process.env, INIT_CWD: dir } });
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    try {
      const address = await new Promise<string>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        server.on('exit', (code) => reject(new Error(`kmeans open ended with ${code}`)));
      });
      const other = await (await browser.newContext({ viewport: page.viewportSize()! })).newPage();
      await other.goto(address);
      await expect(other.locator('#hud')).toHaveAttribute('data-customers', '200', { timeout: 120_000 });
      await expect(other.locator('#hud')).toHaveAttribute('data-state', 'converged', { timeout: 120_000 });
      await expect(other.locator('#hud')).toHaveAttribute('data-inertia', inertia!);
      await expect(other.locator('#legend .legend-name')).toHaveText(names);
    } finally {
      server.kill('SIGINT');
    }
    expect(await exited).toBe(130);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
