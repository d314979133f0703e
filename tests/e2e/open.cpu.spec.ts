import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
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
