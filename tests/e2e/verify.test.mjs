// verify.test.mjs — verification in a real browser on a 360 px phone:
// the QR code of a mark (decoded with zbarimg) opens the verification page;
// an office uploads a CSV on /verify/batch and reads the results; the
// search page and the form. Every page passes axe-core with no violations.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { checkPage, launchBrowser, startServer, viewportOptions } from './helpers.mjs';
import { makeId, mistype, standardFixtures } from '../http/verify_fixtures.mjs';

const TEST_TIMEOUT_MS = 90_000;
let server;
let browser;
let fx;

before(async () => {
  server = await startServer();
  fx = standardFixtures(path.join(server.tmpDir, 'mamori.db'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(fn) {
  // a Japanese phone: Accept-Language ja, as for most people scanning the mark
  const context = await browser.newContext({ ...viewportOptions(360), bypassCSP: true, locale: 'ja-JP' });
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

describe('verification on a phone', () => {
  test('the QR code of the mark opens the verification page', { timeout: TEST_TIMEOUT_MS }, async () => {
    const png = await fetch(`${server.url}/verify/${fx.sakura.id}/mark-640.png`);
    assert.equal(png.status, 200);
    const file = path.join(server.tmpDir, 'mark.png');
    fs.writeFileSync(file, Buffer.from(await png.arrayBuffer()));
    const z = spawnSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8' });
    assert.equal(z.status, 0, z.stderr);
    const payload = z.stdout.trim();
    assert.equal(payload, `${server.url}/verify/${fx.sakura.id}`);
    await phone(async (page) => {
      const resp = await page.goto(payload, { waitUntil: 'load' });
      assert.equal(resp.status(), 200);
      assert.match(await page.locator('h1').textContent(), new RegExp(fx.sakura.id));
      assert.match(await page.locator('.verify-answer-valid #answer-heading').textContent(), /有効な宣言です/);
      await checkPage(page, { lang: 'ja', name: 'verify-ja-360', tapTargets: false });
    });
  });

  test('a withdrawn declaration and a mistyped ID, in Japanese and English', { timeout: TEST_TIMEOUT_MS }, async () => {
    await phone(async (page) => {
      await page.goto(`${server.url}/verify/${fx.yamada.id}?lang=ja`, { waitUntil: 'load' });
      assert.match(await page.locator('.verify-answer-withdrawn #answer-heading').textContent(), /取り下げられた宣言です/);
      await checkPage(page, { lang: 'ja', name: 'verify-withdrawn-ja-360', tapTargets: false });
      const resp = await page.goto(`${server.url}/verify?id=${mistype(fx.sakura.id)}&lang=en`, { waitUntil: 'load' });
      assert.equal(resp.status(), 422);
      assert.match(await page.locator('.verify-answer-mistyped').textContent(), /may be mistyped/);
      await checkPage(page, { lang: 'en', name: 'verify-mistyped-en-360', tapTargets: false });
      // the answer is the first thing below the heading, above the form
      const answerTop = await page.locator('.verify-answer').evaluate((e) => e.getBoundingClientRect().top);
      const formTop = await page.locator('form[action="/verify"]').evaluate((e) => e.getBoundingClientRect().top);
      assert.ok(answerTop < formTop && answerTop < 400, `answer at ${answerTop} px, form at ${formTop} px`);
    });
  });

  test('every other answer in its own colour, never the colours of a valid one', { timeout: TEST_TIMEOUT_MS }, async () => {
    await phone(async (page) => {
      await page.goto(`${server.url}/verify?lang=ja`, { waitUntil: 'load' });
      const validColour = await page.evaluate(() => {
        const probe = document.createElement('section');
        probe.className = 'verify-answer verify-answer-valid';
        document.body.append(probe);
        const c = getComputedStyle(probe);
        const colours = [c.backgroundColor, c.borderTopColor];
        probe.remove();
        return colours;
      });
      const pages = [
        ['revoked', `/verify/${fx.revoked.id}`],
        ['mismatch', `/verify/${fx.sakura.id}?corporate_number=4011001098993`],
        ['unknown', `/verify?id=${makeId(4321)}`],
        ['empty', '/verify?id='],
      ];
      const seen = new Set();
      for (const [state, url] of pages) {
        await page.goto(`${server.url}${url}`, { waitUntil: 'load' });
        const box = page.locator(`.verify-answer-${state}`);
        assert.equal(await box.count(), 1, state);
        const colours = await box.evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).borderTopColor]);
        assert.notEqual(colours[0], validColour[0], `${state}: not the valid background`);
        assert.notEqual(colours[1], validColour[1], `${state}: not the valid border`);
        seen.add(colours.join());
        await checkPage(page, { lang: 'ja', name: `verify-${state}-ja-360`, tapTargets: false });
      }
      assert.equal(seen.size, pages.length, 'each answer has its own colours');
    });
  });

  test('the form: ID and corporate number, typed as people type them', { timeout: TEST_TIMEOUT_MS }, async () => {
    await phone(async (page) => {
      await page.goto(`${server.url}/verify?lang=ja`, { waitUntil: 'load' });
      await checkPage(page, { lang: 'ja', name: 'verify-form-ja-360', tapTargets: false });
      await page.fill('#id', '９０００－０００００１９');
      await page.fill('#corporate_number', fx.sakura.corporateNumber);
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
      assert.match(await page.locator('.verify-answer-valid').textContent(), /一致します/);
    });
  });
});

describe('office page on a phone', () => {
  test('upload a CSV and read the results', { timeout: TEST_TIMEOUT_MS }, async () => {
    await phone(async (page) => {
      await page.goto(`${server.url}/verify/batch?lang=ja`, { waitUntil: 'load' });
      await checkPage(page, { lang: 'ja', name: 'verify-batch-ja-360', tapTargets: false });
      const csv = ['宣言ID,法人番号', `${fx.sakura.id},${fx.sakura.corporateNumber}`, fx.yamada.id, 'abc', makeId(55)].join('\n');
      await page.setInputFiles('#file', { name: 'ids.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await Promise.all([page.waitForNavigation(), page.click('button[value="html"]')]);
      assert.match(await page.locator('[role="status"]').first().textContent(), /4件を確認しました。有効 1件/);
      const bad = await page.locator('.batch-unreadable').evaluate((e) => getComputedStyle(e).borderTopColor);
      assert.notEqual(bad, 'rgb(30, 107, 58)', 'the unreadable lines are not in the success colour');
      assert.match(await page.locator('#bad-heading + p + ul').textContent(), /4行目/);
      assert.equal(await page.locator('tbody tr').count(), 3);
      await checkPage(page, { lang: 'ja', name: 'verify-batch-results-ja-360', tapTargets: false });
    });
  });

  test('the declarant search', { timeout: TEST_TIMEOUT_MS }, async () => {
    await phone(async (page) => {
      await page.goto(`${server.url}/declarants?q=${encodeURIComponent('さ')}&lang=ja`, { waitUntil: 'load' });
      assert.match(await page.locator('#results-heading').textContent(), /1件/);
      await checkPage(page, { lang: 'ja', name: 'declarants-ja-360', tapTargets: false });
    });
  });
});
