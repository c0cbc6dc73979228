// statistics.test.mjs — the public statistics in a real browser on a
// 360 px phone, reached from / by its link, in Japanese and English: every
// chart is drawn and visible at the width of the screen, every table
// beside it, the page does not scroll sideways, and axe-core finds
// nothing; and the open data page reached from the footer, whose table
// keeps English words whole at 360 px. The server's
// database is seeded with `mamori seed` first.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { MAMORI_BIN, checkPage, launchBrowser, startServer, viewportOptions } from './helpers.mjs';

const TEST_TIMEOUT_MS = 90_000;
let server;
let browser;

before(async () => {
  server = await startServer();
  const r = spawnSync(MAMORI_BIN, ['seed', '--orgs', '800', '--seed', '5', '--declared', '100', '--db', path.join(server.tmpDir, 'mamori.db')],
    { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(lang, fn) {
  const context = await browser.newContext({ ...viewportOptions(360), bypassCSP: true, locale: lang === 'ja' ? 'ja-JP' : 'en-GB' });
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

async function assertChartsVisible(page, label) {
  const charts = page.locator('svg.chart[role="img"]');
  assert.equal(await charts.count(), 7, `${label}: six bar charts and the map`);
  for (let i = 0; i < 7; i++) {
    const chart = charts.nth(i);
    await chart.scrollIntoViewIfNeeded();
    assert.ok(await chart.isVisible(), `${label}: chart ${i} visible`);
    const box = await chart.boundingBox();
    assert.ok(box.width > 250 && box.width <= 360 && box.height > 20, `${label}: chart ${i} is ${box.width}×${box.height}`);
    assert.ok((await chart.locator(':scope > title').textContent()).length > 3, `${label}: chart ${i} has a title`);
  }
  assert.equal(await page.locator('.statistics-map rect[fill]').count(), 47 + 6, `${label}: 47 tiles and the legend`);
  assert.equal(await page.locator('table').count(), 6, `${label}: a table per chart`);
}

/** The words of the cells matched by selector that the layout cut across two lines. */
function wordsCutAcrossLines(page, selector) {
  return page.evaluate((sel) => {
    const cut = [];
    for (const cell of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/[A-Za-z]{2,}/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) cut.push(m[0]);
        }
      }
    }
    return cut;
  }, selector);
}

describe('statistics on a phone', () => {
  test('from / to the statistics, in Japanese', { timeout: TEST_TIMEOUT_MS }, async () => {
    await phone('ja', async (page) => {
      await page.goto(`${server.url}/`, { waitUntil: 'load' });
      await page.locator('main a[href="/statistics"]').click();
      await page.waitForURL(/\/statistics$/);
      assert.match(await page.locator('h1').textContent(), /制度の統計/);
      await assertChartsVisible(page, 'ja');
      assert.ok(await page.locator('td', { hasText: '< 10' }).count() > 0, 'small figures hidden');
      await checkPage(page, { lang: 'ja', name: 'statistics-ja-360', tapTargets: false });
    });
  });

  test('the same in English, and a table downloads as CSV', { timeout: TEST_TIMEOUT_MS }, async () => {
    await phone('en', async (page) => {
      await page.goto(`${server.url}/statistics?lang=en`, { waitUntil: 'load' });
      assert.match(await page.locator('h1').textContent(), /Statistics of the scheme/);
      await assertChartsVisible(page, 'en');
      await checkPage(page, { lang: 'en', name: 'statistics-en-360', tapTargets: false });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('a[href="/statistics/prefectures.csv"]').click(),
      ]);
      assert.equal(download.suggestedFilename(), 'mamori-statistics-prefectures-en.csv');
    });
  });

  test('the open data, from the footer', { timeout: TEST_TIMEOUT_MS }, async () => {
    await phone('ja', async (page) => {
      await page.goto(`${server.url}/statistics`, { waitUntil: 'load' });
      await page.locator('footer a[href="/data"]').click();
      await page.waitForURL(/\/data$/);
      assert.match(await page.locator('h1').textContent(), /オープンデータ/);
      assert.ok(await page.locator('a[href^="/data/mamori-declarants-"]').count() === 2, 'the declarant list, CSV and JSON Lines');
      await checkPage(page, { lang: 'ja', name: 'open-data-ja-360', tapTargets: false });
    });
  });

  test('the open data in English: what each file holds keeps its words whole on a phone', { timeout: TEST_TIMEOUT_MS }, async () => {
    await phone('en', async (page) => {
      await page.goto(`${server.url}/data?lang=en`, { waitUntil: 'load' });
      await checkPage(page, { lang: 'en', name: 'open-data-en-360', tapTargets: false });
      assert.deepEqual(await wordsCutAcrossLines(page, 'main tbody td:nth-child(2)'), [], 'words cut in two');
    });
  });
});
