// services.test.mjs — finding services in a real browser on a 360 px
// phone: a visitor takes the self-assessment with item 12 not done, finds
// on the result the services of item 12 (its fold opened: a tap), opens
// one and compares it with the two others — or, from the open fold,
// compares all three at once (the two taps of the issue); then searches
// /services by two
// characters, ticks three results and compares them; and three compared
// in English keep whole words in their row headings. Every page visited
// is checked with axe-core (no violation), for sideways scrolling and for
// small tap targets, and saved as test-output/e2e/services-STEP.png.
//
// Listings are written into the database as the catalogue stores them and
// indexed with `mamori services reindex` (the catalogue's own pages have
// their tests). axe is injected inline, which the CSP forbids, so the
// context bypasses CSP.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  MAMORI_BIN, assertNoProblems, assertResultsOnScreen, checkPage, clickAndWait, launchBrowser, startServer,
  viewportOptions, watchPage,
} from './helpers.mjs';

const TEST_TIMEOUT_MS = 180_000;
const PROVIDER = 'みはりセキュリティ株式会社';

let server;
let browser;

function sql(text) {
  const r = spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 5000', path.join(server.tmpDir, 'mamori.db'), text], { encoding: 'utf8' });
  assert.equal(r.status, 0, `sqlite3: ${r.stderr}\n${text}`);
  return r.stdout.trim();
}

function cli(...args) {
  const r = spawnSync(MAMORI_BIN, [...args, '--db', path.join(server.tmpDir, 'mamori.db')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `mamori ${args.join(' ')}: ${r.stderr}`);
}

/** A live listing for item 12 (tag_items bit 11), serving every prefecture. */
function addListing(key, name, kind, description, extra = '') {
  sql(`INSERT INTO service (provider_id, kind, external_key, created_at, updated_at)
    SELECT id, '${kind}', '${key}', 1, 1 FROM service_provider WHERE company_name = '${PROVIDER}'`);
  sql(`INSERT INTO service_version (service_id, number, status, name, description, prefectures, nationwide, on_site,
      price_min, price_max, price_unit, bundle_class, bundle_contents, categories, tag_items, tag_rules, tag_directives,
      languages, submitted_at, detail_help_desk)
    SELECT id, 1, 'approved', '${name}', '${description}', 0, 1, 1, 5000, 0, 'month',
      ${kind === 'support_bundle' ? 1 : 0}, ${kind === 'support_bundle' ? 31 : 0}, ${kind === 'standard_service' ? 3 : 0},
      ${2 ** 11}, 1, 0, 3, 1, '${extra}' FROM service WHERE external_key = '${key}'`);
  sql(`UPDATE service SET live_version_id = (SELECT id FROM service_version WHERE service_id = service.id), name = '${name}'
    WHERE external_key = '${key}'`);
  // the live version's lookup rows, as store_service_make_live writes them
  sql(`INSERT INTO service_region (prefecture, service_id) SELECT 0, id FROM service WHERE external_key = '${key}'`);
  sql(`INSERT INTO service_tag (tag, service_id) SELECT t, id FROM service, (SELECT 'item-12' AS t UNION SELECT 'rule-1')
    WHERE external_key = '${key}'`);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  cli('seed-demo'); // invented organisations (one more becomes a provider), providers and listings
  sql(`INSERT INTO service_provider (organisation_id, company_name, corporate_number, address, contact_name,
      contact_email, status, created_at, updated_at)
    SELECT id, '${PROVIDER}', '7123456789012', '東京都千代田区', '担当', 'p@example.jp', 'approved', 1, 1
    FROM organisation WHERE id NOT IN (SELECT organisation_id FROM service_provider) ORDER BY id LIMIT 1`);
  addListing('e2e-bundle', '中小企業まるごと見守りパック', 'support_bundle',
    '相談窓口、**24時間の監視**、駆けつけ対応、サイバー保険をひとつの契約にまとめました。', '平日9時から18時まで電話とメールで相談できます');
  addListing('e2e-audit', 'はじめての情報セキュリティ監査', 'standard_service', '小さな事務所向けの監査と脆弱性診断です。');
  addListing('e2e-backup', '自動バックアップ装置', 'it_product', '事務所のパソコンのデータを毎晩自動で複製します。');
  cli('services', 'reindex');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage() {
  const context = await browser.newContext({ ...viewportOptions(360), bypassCSP: true, locale: 'ja-JP' });
  const page = await context.newPage();
  return { context, page, problems: watchPage(page) };
}

/** Answers the self-assessment as an anonymous visitor, item 12 not done; ends on the result. */
async function takeAssessment(page) {
  await page.goto(`${server.url}/assessment/part/1?lang=ja`, { waitUntil: 'load' });
  const parts = [[1, 5], [6, 18], [19, 25]];
  for (const [lo, hi] of parts) {
    for (let i = lo; i <= hi; i++) await page.locator(`input[name="item-${i}"][value="${i === 12 ? 'not_done' : 'done'}"]`).check();
    await clickAndWait(page, page.locator('button[name="action"][value="next"]'));
  }
  assert.equal(new URL(page.url()).pathname, '/assessment/check');
  await clickAndWait(page, page.locator('main form button[type="submit"]'));
  assert.match(new URL(page.url()).pathname, /^\/assessment\/results\/\d+$/);
}

test('from a weak item of a result to a listing to three compared, at 360 px', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, problems } = await newPage();
  await takeAssessment(page);
  const section = page.locator('section.services-weak');
  assert.equal(await section.count(), 1, 'the result has the services of its weak items');
  const item = section.locator('details.services-weak-item', { hasText: '12．重要な書類や記録媒体の保管' });
  assert.equal(await item.locator('.service-list > li').count(), 3, 'three listings for item 12');
  // the item's heading opens its listings (the result folds every weak item's)
  await item.locator('summary').click();
  await item.scrollIntoViewIfNeeded();
  await checkPage(page, { lang: 'ja', name: 'services-1-result' });

  // click 1: a listing of item 12
  await clickAndWait(page, item.locator('.service-list > li a').first());
  assert.match(new URL(page.url()).pathname, /^\/services\/\d+$/);
  assert.equal(await page.locator('h1').count(), 1);
  await checkPage(page, { lang: 'ja', name: 'services-2-listing' });

  // click 2: compare it with the other two of item 12
  await clickAndWait(page, page.locator('a[href^="/services/compare?ids="]'));
  assert.equal(new URL(page.url()).pathname, '/services/compare');
  assert.equal(await page.locator('table.services-compare thead th[scope="col"]').count(), 3, 'three side by side');
  await checkPage(page, { lang: 'ja', name: 'services-3-compare' });
  // the short way: the result again, item 12's fold, "compare these"
  await page.goBack();
  await page.goBack();
  await item.locator('summary').click();
  await clickAndWait(page, item.locator('a[href^="/services/compare?ids="]'));
  assert.equal(await page.locator('table.services-compare thead th[scope="col"]').count(), 3, 'two taps to three side by side');
  assertNoProblems(problems, 'weak item to comparison');
  await context.close();
});

test('searching by two characters and comparing the ticked results, at 360 px', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { context, page, problems } = await newPage();
  await page.goto(`${server.url}/services?lang=ja`, { waitUntil: 'load' });
  await checkPage(page, { lang: 'ja', name: 'services-4-search' });
  await page.locator('#q').fill('監視');
  await clickAndWait(page, page.locator('form[role="search"] button[type="submit"]'));
  assert.ok(await page.locator('.service-card', { hasText: '中小企業まるごと見守りパック' }).count() === 1,
    '監視 is in its description');
  await page.locator('#q').fill('');
  await page.locator('#tag-item-12').check({ force: true }).catch(async () => {
    await page.locator('details.services-tags > summary').click();
    await page.locator('#tag-item-12').check();
  });
  await clickAndWait(page, page.locator('form[role="search"] button[type="submit"]'));
  const boxes = page.locator('input[name="ids"]');
  assert.ok((await boxes.count()) >= 3, 'the three listings for item 12 (and the demo\'s)');
  await assertResultsOnScreen(page); // the filters fill several screens of a phone
  await checkPage(page, { lang: 'ja', name: 'services-5-results' });
  for (let i = 0; i < 3; i++) await boxes.nth(i).check();
  await clickAndWait(page, page.locator('.services-results button[type="submit"]'));
  assert.equal(new URL(page.url()).pathname, '/services/compare');
  assert.equal(await page.locator('table.services-compare thead th[scope="col"]').count(), 3);
  assertNoProblems(problems, 'search to comparison');
  await context.close();
});

test('three listings compared in English at 360 px: the row headings keep whole words, nothing scrolls sideways', { timeout: TEST_TIMEOUT_MS }, async () => {
  const ids = sql('SELECT id FROM service WHERE live_version_id IS NOT NULL ORDER BY id LIMIT 3').split('\n').join(',');
  const { context, page, problems } = await newPage();
  await page.goto(`${server.url}/services/compare?ids=${ids}&lang=en`, { waitUntil: 'load' });
  assert.equal(await page.locator('table.services-compare thead th[scope="col"]').count(), 3);
  await checkPage(page, { lang: 'en', name: 'services-6-compare-en' });
  // a word on two lines gives its range two boxes
  const split = await page.evaluate(() => [...document.querySelectorAll('.services-compare th[scope="row"]')].flatMap((th) => {
    const text = th.firstChild;
    const words = [];
    for (const m of text.textContent.matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(text, m.index);
      range.setEnd(text, m.index + m[0].length);
      if (range.getClientRects().length > 1) words.push(m[0]);
    }
    return words;
  }));
  assert.deepEqual(split, [], 'no row heading breaks inside a word');
  const wrap = await page.evaluate(() => {
    const w = document.querySelector('.services-compare-wrap');
    return { scroll: w.scrollWidth, client: w.clientWidth, page: document.documentElement.scrollWidth };
  });
  assert.ok(wrap.scroll <= wrap.client && wrap.page <= 360, `no sideways scrolling: ${JSON.stringify(wrap)}`);
  assertNoProblems(problems, 'comparison in English');
  await context.close();
});
