import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './fixtures.ts';
import Papa from 'papaparse';
import { afterNextRun, openAndConverge, waitForQuietFrames } from './run.ts';

// Asking the 3D view about customers: search, hover, pin, lasso with export, legend isolation.
// CPU engine (no WebGPU in this project); the picking is on the page's main thread either way.

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url));
const MALL = 'mall-customers.csv';
const INCOME = 'annual income (K$)';
const SPENDING = 'SPENDING SCORE (1-100)';

/** The mall file's rows, as the test reads them itself. */
function mallRows(): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(fixture(MALL), 'utf8'), { header: true, skipEmptyLines: true }).data;
}

async function importMall(page: Page) {
  await openAndConverge(page, 'backend=cpu&n=3000&speed=max');
  await page.locator('.drawer-tabs button[data-tab="data"]').click();
  await page.locator('.drawer-panel[data-tab="data"] input[name="csv-file"]').setInputFiles(fixture(MALL));
  await afterNextRun(page, () => page.locator('dialog.mapping-dialog button[name="import"]').click());
  await expect(page.locator('#scatter')).toHaveAttribute('data-projection', 'flat');
  // Close the drawer: the whole view is the lasso's.
  await page.locator('.drawer-tabs button[data-tab="data"]').click();
  await page.locator('#offer button[name="dismiss-offer"]').click();
}

async function search(page: Page, id: string) {
  await page.locator('input[name="customer"]').fill(id);
  await page.locator('input[name="customer"]').press('Enter');
}

test('search by id pins the right customer with its values; hovering where it is drawn shows the same card', async ({ page }) => {
  await importMall(page);
  const rows = mallRows();
  // A customer no other shares a drawn position with, so the pointer over it can only mean it.
  const key = (row: Record<string, string>) => `${row[INCOME]}|${row[SPENDING]}`;
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  const customer = rows.find((row, i) => i > 30 && counts.get(key(row)) === 1)!;
  const id = customer['customer_id']!;

  await search(page, id);
  const card = page.locator('#hover-card');
  await expect(card).toHaveClass(/pinned/);
  await expect(card).toHaveAttribute('data-id', id);
  await expect(card).toContainText(`customer_id ${id}`);
  await expect(card.locator('dd')).toHaveText([customer[INCOME]!, customer[SPENDING]!]);
  await expect(card.locator('.hover-card-segment')).toHaveCount(1);
  await page.screenshot({ path: 'artifacts/search-pinned.png' });

  // Esc unpins; the pointer where the card said the customer is shows it again, as a hover.
  const x = Number(await card.getAttribute('data-x'));
  const y = Number(await card.getAttribute('data-y'));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(card).toBeHidden();
  await page.mouse.move(x + 30, y + 30);
  await page.mouse.move(x, y);
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute('data-id', id);
  await expect(card).not.toHaveClass(/pinned/);

  // An id nobody has says so, naming the columns searched.
  await search(page, 'nobody-42');
  await expect(page.locator('.query-status')).toHaveText('No customer has the id or any text "nobody-42" (searched customer_id, Gender, Age).');

  // A text from another column selects every customer who has it, in any case, as a lasso would.
  const women = rows.filter((row) => row['Gender'] === 'Female').length;
  await search(page, 'gender = female');
  await expect(page.locator('.query-status')).toHaveText(`${women} customers with Gender = "female".`);
  await expect(page.locator('#selection')).toHaveAttribute('data-count', String(women));
  await expect(page.locator('#scatter')).toHaveAttribute('data-highlighted', String(women));
});

test('in a manual start, clicks on empty places put centroids on the plane under the pointer', async ({ page }) => {
  await importMall(page);
  // The widest gap between incomes: right of a customer at its edge nobody is drawn, so clicks there land on the plane.
  const rows = mallRows();
  const incomes = [...new Set(rows.map((row) => Number(row[INCOME])))].sort((a, b) => a - b);
  const [gapStart, gapEnd] = incomes.slice(1).map((v, i) => [incomes[i]!, v] as const).reduce((a, b) => (b[1] - b[0] > a[1] - a[0] ? b : a));
  const customer = rows.find((row) => Number(row[INCOME]) === gapStart)!;
  await page.locator('button[name="place"]').click();
  await search(page, customer['customer_id']!);
  const card = page.locator('#hover-card');
  await expect(card).toHaveAttribute('data-id', customer['customer_id']!);
  const at = { x: Number(await card.getAttribute('data-x')), y: Number(await card.getAttribute('data-y')) };
  await card.locator('button').click(); // unpin
  // Pixels per unit of income, from two income ticks on the same row of the axis labels.
  const ticks = await page.locator('.axis-tick').evaluateAll((labels) => labels.map((label) => {
    const box = label.getBoundingClientRect();
    return { text: label.textContent, x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }));
  const [low, high] = ticks.filter((a) => a.text === '40')
    .flatMap((a) => ticks.filter((b) => b.text === '60' && Math.abs(a.y - b.y) < 1).map((b) => [a, b] as const))[0]!;
  const pixelsPerUnit = (high.x - low.x) / 20;
  const steps = [(gapEnd - gapStart) / 3, (2 * (gapEnd - gapStart)) / 3];
  const placement = page.locator('#placement');
  for (const [i, step] of steps.entries()) {
    await page.mouse.click(at.x + step * pixelsPerUnit, at.y);
    await expect(placement).toHaveAttribute('data-placed', String(i + 1));
  }
  await expect(page.locator('.query-status')).toHaveText(`Placed on the ${INCOME} and ${SPENDING} plane.`);
  // Each placed centroid is listed as "income v, spending v": straight right of the customer, as far as clicked.
  const placed = (await placement.locator('.placed-list li span').allTextContents()).map((text) => text.split(', ').map((part) => Number(part.split(' ').pop())));
  const pixel = 1 / pixelsPerUnit;
  placed.forEach(([income, spending], i) => {
    expect(Math.abs(income! - (gapStart + steps[i]!))).toBeLessThan(2 * pixel);
    expect(Math.abs(spending! - Number(customer[SPENDING]))).toBeLessThan(2 * pixel);
  });
});

test('a lasso over the left half selects exactly the customers drawn there, and its export holds exactly those rows', async ({ page }) => {
  await importMall(page);
  const canvas = page.locator('#scatter');
  const box = (await canvas.boundingBox())!;
  await page.locator('button[name="lasso"]').click();
  // The flat view draws income across: the left half of the canvas is every income below some value.
  const half = box.x + box.width / 2;
  // Start mid-height (the top edge has the keys hint on it); the pointer is captured for the rest of the path.
  const mid = box.y + box.height / 2;
  const path = [[half, mid], [half, box.y + box.height - 2], [box.x + 1, box.y + box.height - 2], [box.x + 1, box.y + 2], [half, box.y + 2], [half, mid - 1]];
  await page.mouse.move(path[0]![0]!, path[0]![1]!);
  await page.mouse.down();
  for (const [px, py] of path.slice(1)) await page.mouse.move(px!, py!, { steps: 10 });
  await page.mouse.up();
  const panel = page.locator('#selection');
  await expect(panel).toBeVisible();
  const count = Number(await panel.getAttribute('data-count'));
  expect(count).toBeGreaterThan(20);
  expect(count).toBeLessThan(200);
  await expect(canvas).toHaveAttribute('data-highlighted', String(count));
  await page.screenshot({ path: 'artifacts/lasso-selection.png' });

  const [file] = await Promise.all([page.waitForEvent('download'), panel.locator('button[name="export-selection"]').click()]);
  expect(file.suggestedFilename()).toBe('selected_customers.csv');
  const exported = Papa.parse<Record<string, string>>(readFileSync((await file.path())!, 'utf8'), { header: true, skipEmptyLines: true }).data;
  expect(exported).toHaveLength(count);
  expect(Object.keys(exported[0]!)).toEqual(['customer_id', 'Gender', 'Age', INCOME, SPENDING, 'Cluster', 'Segment']);
  // Exactly the customers left of the line: every exported income is below every other's.
  const exportedIds = new Set(exported.map((row) => row['customer_id']));
  const others = mallRows().filter((row) => !exportedIds.has(row['customer_id']));
  expect(Math.max(...exported.map((row) => Number(row[INCOME])))).toBeLessThan(Math.min(...others.map((row) => Number(row[INCOME]))));

  // Kept as a filter, it stays highlighted without the lasso; Esc clears it.
  await panel.locator('button[name="keep-filter"]').click();
  await expect(page.locator('button[name="lasso"]')).toHaveAttribute('aria-pressed', 'false');
  await expect(panel).toContainText(`Filter: ${count} of 200 customers`);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(canvas).not.toHaveAttribute('data-highlighted');
});

test('a legend click isolates one segment in the view, the Explore charts and the URL; a reload keeps it; a second click clears it; a histogram bar filters the view', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=3000&speed=max');
  const first = page.locator('.legend-row').first();
  const size = Number((await first.locator('.legend-size').textContent())!.split(' ')[0]!.replace(/,/g, ''));
  await first.click();
  await expect(page.locator('#scatter')).toHaveAttribute('data-highlighted', String(size));
  await expect(first).toHaveAttribute('aria-pressed', 'true');
  expect(new URL(page.url()).searchParams.get('only')).toBe('0');
  await page.screenshot({ path: 'artifacts/legend-isolated.png' });

  await openAndConverge(page, new URL(page.url()).search.slice(1));
  await expect(page.locator('#scatter')).toHaveAttribute('data-highlighted', String(size));

  // The Explore charts are coloured by segment and follow the isolation too.
  await page.locator('.drawer-tabs button[data-tab="explore"]').click();
  const explore = page.locator('.drawer-panel[data-tab="explore"]');
  await expect(explore).toHaveAttribute('data-ready', 'true');
  await expect(explore).toHaveAttribute('data-isolated', '0');
  const dots = (faded: boolean) => explore.locator(faded ? '.chart-pair circle[fill="#3a4152"]' : '.chart-pair circle:not([fill="#3a4152"])').count();
  expect(await dots(true)).toBeGreaterThan(0);
  expect(await dots(false)).toBeGreaterThan(0);
  await page.screenshot({ path: 'artifacts/explore-isolated.png' });
  await page.locator('.legend-row').first().click();
  await expect(page.locator('#scatter')).not.toHaveAttribute('data-highlighted');
  expect(new URL(page.url()).searchParams.has('only')).toBe(false);
  await expect(explore).toHaveAttribute('data-isolated', '');
  expect(await dots(true)).toBe(0);

  // The Segments table's colour keys isolate too.
  await page.locator('.drawer-tabs button[data-tab="segments"]').click();
  await page.locator('table.profiles tr[data-cluster="0"] button[name="isolate-segment"]').click();
  await expect(page.locator('#scatter')).toHaveAttribute('data-highlighted', String(size));
  await page.locator('table.profiles tr[data-cluster="0"] button[name="isolate-segment"]').click();
  await expect(page.locator('#scatter')).not.toHaveAttribute('data-highlighted');
  await page.locator('.drawer-tabs button[data-tab="explore"]').click();

  // A histogram bar shows its customers in the view; the same bar again clears. The charts redraw
  // when the isolation ends: measure the bar only once they have.
  await expect(explore).toHaveAttribute('data-isolated', '');
  const histogram = explore.locator('.chart-histogram').first();
  await expect(histogram).toBeVisible();
  const bar = (await histogram.boundingBox())!;
  await histogram.click({ position: { x: bar.width * 0.45, y: bar.height * 0.5 } });
  await expect(page.locator('#scatter')).toHaveAttribute('data-highlighted', /^[1-9]\d*$/);
  await histogram.click({ position: { x: bar.width * 0.45, y: bar.height * 0.5 } });
  await expect(page.locator('#scatter')).not.toHaveAttribute('data-highlighted');
});

test('at 1 M customers: hover and a full-screen lasso, timed', async ({ page }) => {
  test.setTimeout(300_000);
  await openAndConverge(page, 'backend=cpu&n=1000000&speed=max');
  await waitForQuietFrames(page);
  const box = (await page.locator('#scatter').boundingBox())!;
  const card = page.locator('#hover-card');
  // Sweep the pointer across the middle until it is over a customer: after each move, wait for the
  // page's pick there (the card's data-picks counts them, data-picked is the customer found, -1 none).
  const picks = async () => Number((await card.getAttribute('data-picks')) ?? 0);
  for (let x = box.x + box.width * 0.3; x < box.x + box.width * 0.7; x += 6) {
    const before = await picks();
    await page.mouse.move(x, box.y + box.height * 0.5);
    await expect.poll(picks).toBeGreaterThan(before);
    if ((await card.getAttribute('data-picked')) !== '-1') break;
  }
  await expect(card).toBeVisible();
  const hoverMs = Number(await card.getAttribute('data-ms'));

  await page.locator('button[name="lasso"]').click();
  // From the middle out to the right edge, round the whole canvas, and back the same way.
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  const [right, bottom] = [box.x + box.width - 1, box.y + box.height - 1];
  const path = [[cx, cy], [right, cy], [right, box.y + 1], [box.x + 1, box.y + 1], [box.x + 1, bottom], [right, bottom], [right, cy], [cx, cy]];
  await page.mouse.move(path[0]![0]!, path[0]![1]!);
  await page.mouse.down();
  for (const [px, py] of path.slice(1)) await page.mouse.move(px!, py!, { steps: 4 });
  await page.mouse.up();
  const panel = page.locator('#selection');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  const lassoMs = Number(await panel.getAttribute('data-ms'));
  // The whole canvas holds every customer (the camera frames the data).
  expect(Number(await panel.getAttribute('data-count'))).toBe(1_000_000);
  console.warn(`1 M customers: hover card in ${hoverMs} ms (pick on the main thread, card from the worker); ` +
    `full-screen lasso to its summary in ${lassoMs} ms (SwiftShader machine, 2 cores)`);
});

test('a bookmark saves the camera, the isolated segment and the selection, restores them, and travels as a link', async ({ page, context }) => {
  await openAndConverge(page, 'backend=cpu&n=3000&speed=max');
  await waitForQuietFrames(page);
  const canvas = page.locator('#scatter');
  // A view worth keeping: turned, segment 1 isolated, a lasso around the middle.
  await page.locator('.label-layer').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.locator('.legend-row').nth(1).click();
  await page.locator('button[name="lasso"]').click();
  const box = (await canvas.boundingBox())!;
  const [cx, cy] = [box.x + box.width * 0.45, box.y + box.height * 0.5];
  // Pressed right of the legend; the pointer is captured for the rest of the path.
  await page.mouse.move(cx + 150, cy - 120);
  await page.mouse.down();
  for (const [x, y] of [[cx + 150, cy + 150], [cx - 150, cy + 150], [cx - 150, cy - 120], [cx + 149, cy - 120]]) await page.mouse.move(x!, y!, { steps: 6 });
  await page.mouse.up();
  const selection = page.locator('#selection');
  await expect(selection).toBeVisible();
  const count = await selection.getAttribute('data-count');
  const camera = await canvas.getAttribute('data-camera');

  await page.locator('button[name="bookmarks"]').click();
  const panel = page.locator('#bookmarks');
  await panel.locator('input[name="bookmark-name"]').fill('Middle, <b>segment 1</b>');
  await panel.locator('textarea[name="bookmark-notes"]').fill('check the overlap');
  await panel.getByRole('button', { name: 'Save view' }).click();
  await expect(panel.locator('.bookmark-list li')).toHaveCount(1);
  // Names are text: the markup shows as typed.
  await expect(panel.locator('.bookmark-list strong')).toHaveText('Middle, <b>segment 1</b>');

  // Change everything, then restore.
  await page.keyboard.press('Escape'); // lasso mode off
  await page.keyboard.press('Escape'); // selection cleared
  await page.locator('.legend-row').nth(1).click();
  await page.locator('.label-layer').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(canvas).not.toHaveAttribute('data-camera', camera!);
  await panel.locator('button[name="bookmark-restore"]').click();
  await expect(canvas).toHaveAttribute('data-camera', camera!);
  await expect(selection).toHaveAttribute('data-count', count!);
  expect(new URL(page.url()).searchParams.get('only')).toBe('1');

  // The link opens the same view in a fresh page.
  await panel.locator('button[name="bookmark-copy"]').click();
  const link = await panel.getAttribute('data-link');
  expect(link).toContain('#bookmark=');
  const other = await context.newPage();
  await other.setViewportSize(page.viewportSize()!);
  await other.goto(link!);
  await expect(other.locator('#hud')).toHaveAttribute('data-state', 'converged', { timeout: 60_000 });
  await expect(other.locator('#scatter')).toHaveAttribute('data-camera', camera!);
  // The same lasso on a fresh page: exactly the same customers (the bookmark keeps the projection
  // the lasso was drawn with; the camera alone once rounded a customer on its edge the other way).
  await expect(other.locator('#selection')).toHaveAttribute('data-count', count!);
  expect(new URL(other.url()).searchParams.get('only')).toBe('1');
  expect(new URL(other.url()).hash).toBe('');
});

test('in 3D, a click on empty space places a centroid under the pointer at the depth of the view\'s centre, inside the range; the note ends with the placing', async ({ page }) => {
  await openAndConverge(page, 'backend=cpu&n=3000&speed=max&intro=false');
  // The view's centre: the middle of what the left column, the panel and the drawer leave free.
  const [column, panel, drawer] = await Promise.all(['.left-stack', '#panel', '#drawer'].map(async (selector) => (await page.locator(selector).boundingBox())!));
  const cx = (column!.x + column!.width + 24 + panel!.x) / 2;
  const cy = drawer!.y / 2;
  const step = Math.min(panel!.x - cx, cy) * 0.3;
  await page.locator('button[name="place"]').click();
  const placement = page.locator('#placement');
  // Four clicks around the view's centre, where the old axis-aligned plane met the ray at a glancing angle.
  const clicks = [[-1, -1], [1, -1], [-1, 1], [1, 1]];
  const status = page.locator('.query-status');
  for (const [i, [dx, dy]] of clicks.entries()) {
    await page.mouse.click(cx + dx! * step, cy + dy! * step);
    await expect(placement).toHaveAttribute('data-placed', String(i + 1));
    // A click on a customer leaves no note; one on empty space is placed where the pointer is, never pushed to an edge.
    await expect(status).not.toContainText('edge');
    await expect(status).not.toContainText('plane');
  }
  const placed = (await placement.locator('.placed-list li span').allTextContents()).map((text) => text.split(', ').map((part) => Number(part.split(' ').pop())));
  // Strictly inside the generated customers' range (income 20 to 150 k$, spending 1 to 100, credit 350 to 850).
  for (const [income, spending, credit] of placed) {
    expect(income).toBeGreaterThan(20);
    expect(income).toBeLessThan(150);
    expect(spending).toBeGreaterThan(1);
    expect(spending).toBeLessThan(100);
    expect(credit).toBeGreaterThan(350);
    expect(credit).toBeLessThan(850);
  }
  await placement.locator('button[name="run-placed"]').click();
  await expect(page.locator('.query-status')).toHaveText('');
});
