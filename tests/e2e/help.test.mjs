// help.test.mjs — "困ったとき" (/help) in a real browser, on a 360 px phone
// in Japanese: from other pages to the ransomware first-hour steps in one
// tap (the header link, visible without opening the menu, opens /help,
// which shows them), then to the whole ransomware page, axe-core with
// no violations on the help pages, the pages readable with JavaScript off,
// and every situation printed on exactly one A4 sheet.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  checkPage,
  clickAndWait,
  formatViolations,
  launchBrowser,
  runAxe,
  screenshot,
  sidewaysOverflow,
  signUpInBrowser,
  startServer,
  viewportOptions,
} from './helpers.mjs';

const SITUATIONS = ['ransomware', 'suspicious-email', 'account-takeover', 'lost-device', 'data-leak',
  'fraud-payment', 'defaced-website'];
const TEST_TIMEOUT_MS = 120_000;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function assertAxeClean(page, label) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `${label}: axe found ${violations.length} violation(s):\n${formatViolations(violations)}`);
}

async function assertNoSidewaysScroll(page, label) {
  const m = await sidewaysOverflow(page);
  assert.ok(m.scrollWidth <= m.viewport, `${label}: page scrolls sideways (${m.scrollWidth} > ${m.viewport})`);
}

/** Pages in a PDF made by Chromium: the count of /Type /Page objects. */
function pdfPageCount(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

describe('help at 360 px in Japanese', () => {
  for (const start of ['/', '/rules', '/verify', '/login']) {
    test(`from ${start}: one tap on 困ったとき shows the ransomware first-hour steps`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const context = await browser.newContext({ ...viewportOptions(360), bypassCSP: true, locale: 'ja-JP' });
      try {
        const page = await context.newPage();
        await page.goto(`${server.url}${start}?lang=ja`);
        const link = page.locator('header .help-link a');
        assert.ok(await link.isVisible(), `${start}: the header's 困ったとき is visible without opening the menu`);
        assert.equal((await link.textContent()).trim(), '困ったとき');
        await link.tap();
        await page.waitForURL(/\/help$/);
        await assertAxeClean(page, '/help');
        await assertNoSidewaysScroll(page, '/help');
        const first = page.locator('.help-first');
        assert.match(await first.locator('h2').textContent(), /ファイルが暗号化されたら/);
        const firstSteps = first.locator('ol li');
        assert.ok((await firstSteps.count()) >= 5, 'the first-hour steps of ransomware on /help');
        await firstSteps.first().scrollIntoViewIfNeeded();
        assert.ok(await firstSteps.first().isVisible());
        // and one more tap to the whole page (what not to do, whom to contact)
        await page.locator('.help-situations').getByRole('link', { name: /ランサムウェア/ }).tap();
        await page.waitForURL(/\/help\/ransomware$/);
        const steps = page.locator('.help-steps ol').first().locator('li');
        assert.ok((await steps.count()) >= 5, 'the first-hour steps are listed');
        assert.ok(await steps.first().isVisible(), 'the first step is on the screen');
        const consult = page.locator('.help-consult-top a');
        assert.equal(await consult.getAttribute('href'), '/consultations/new?category=malware&urgency=now');
        assert.equal((await consult.textContent()).trim(), '相談する');
        if (start === '/') await screenshot(page, 'help-ransomware-ja-360');
      } finally {
        await context.close();
      }
    });
  }

  test('every situation: axe 0, no sideways scrolling, readable without JavaScript', { timeout: TEST_TIMEOUT_MS }, async () => {
    const withAxe = await browser.newContext({ ...viewportOptions(360), bypassCSP: true });
    const noScript = await browser.newContext({ ...viewportOptions(360), javaScriptEnabled: false });
    try {
      const page = await withAxe.newPage();
      const plain = await noScript.newPage();
      for (const s of SITUATIONS) {
        const url = `${server.url}/help/${s}?lang=ja`;
        assert.equal((await page.goto(url)).status(), 200, s);
        await assertAxeClean(page, s);
        await assertNoSidewaysScroll(page, s);
        await plain.goto(url);
        assert.ok(await plain.locator('.help-steps ol li').first().isVisible(), `${s}: steps without JavaScript`);
      }
    } finally {
      await withAxe.close();
      await noScript.close();
    }
  });

  test('every situation prints on exactly one A4 sheet, in ja and en', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    try {
      const page = await context.newPage();
      for (const lang of ['ja', 'en']) {
        for (const s of SITUATIONS) {
          await page.goto(`${server.url}/help/${s}?lang=${lang}`);
          await page.emulateMedia({ media: 'print' });
          assert.equal(await page.locator('.help-consult-top').isVisible(), false, `${s} ${lang}: no button on paper`);
          assert.equal(await page.locator('.help-steps').isVisible(), true, `${s} ${lang}: the steps on paper`);
          await page.emulateMedia({ media: null }); // page.pdf() prints unless screen is forced
          const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
          assert.equal(pdfPageCount(pdf), 1, `${s} ${lang}: printed on one A4 page`);
        }
      }
    } finally {
      await context.close();
    }
  });
});

describe('experts directory at 360 px in Japanese', () => {
  test('the list, the profile form with its errors, the saved profile: axe 0', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await browser.newContext({ ...viewportOptions(360), bypassCSP: true, locale: 'ja-JP' });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/experts?lang=ja`);
      await checkPage(page, { lang: 'ja', name: 'experts-ja-360' });
      await signUpInBrowser(page, server, { email: 'expert-e2e@example.jp', password: 'correct horse battery staple 9', lang: 'ja' });
      await page.goto(`${server.url}/experts/profile`);
      await checkPage(page, { lang: 'ja', name: 'experts-profile-ja-360' });
      await page.locator('#name').fill('青空セキュリティ事務所');
      let resp = await clickAndWait(page, page.locator('main form button[type="submit"]'));
      assert.equal(resp.status(), 422);
      await checkPage(page, { lang: 'ja', name: 'experts-profile-errors-ja-360' });
      assert.equal(await page.locator('#name').inputValue(), '青空セキュリティ事務所', 'nothing typed lost');
      await page.locator('#kind').selectOption('security_specialist');
      await page.locator('#qualifications').fill('情報処理安全確保支援士 第000001号');
      await page.getByLabel('東京都').check();
      await page.getByLabel('ウイルス・ランサムウェア').check();
      await page.locator('#consent').check();
      resp = await clickAndWait(page, page.locator('main form button[type="submit"]'));
      assert.equal(resp.status(), 200);
      assert.match(page.url(), /\/experts\/profile\?notice=submitted$/);
      await checkPage(page, { lang: 'ja', name: 'experts-profile-saved-ja-360' });
    } finally {
      await context.close();
    }
  });
});
