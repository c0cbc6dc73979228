// identity.test.mjs — the corporate-number data in a real browser on a
// 360 px phone: the owner types the 13 digits of the firm's corporate
// number above the organisation form and gets the registered name, kana,
// postal code, prefecture and address filled in (no script), completes and
// saves the form, then opens the identity page and asks for a letter with
// a code. Every page is checked with axe-core (WCAG 2.2 AA and best
// practices), for one <h1>, <html lang>, sideways scrolling and small tap
// targets, and saved as test-output/e2e/identity-ja-360-STEP.png.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  MAMORI_BIN,
  REPO_ROOT,
  assertNoProblems,
  catalogue,
  checkPage,
  clickAndWait,
  launchBrowser,
  recordCspViolations,
  signUpInBrowser,
  startServer,
  textOf,
  viewportOptions,
  watchPage,
} from './helpers.mjs';

const PASSWORD = 'paper lantern by the river';
const WIDTH = 360;
const FIXTURES = path.join(REPO_ROOT, 'tests', 'http', 'fixtures', 'corp');
const MINATO = '6010401234561';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const r = spawnSync(MAMORI_BIN, ['corp', 'import', '--db', path.join(server.tmpDir, 'mamori.db'),
    path.join(FIXTURES, 'bulk.csv'), path.join(FIXTURES, 'diff.csv')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an owner types 13 digits and gets the form filled from the corporate-number data (ja, 360 px)', { timeout: 180_000 }, async () => {
  const lang = 'ja';
  const t = catalogue(lang, ['site', 'account', 'org', 'identity']);
  const context = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true });
  try {
    const page = await context.newPage();
    const problems = watchPage(page);
    const check = (step) => checkPage(page, { lang, name: `identity-${lang}-${WIDTH}-${step}` });
    await signUpInBrowser(page, server, { email: `identity-${process.pid}@example.jp`, password: PASSWORD, lang });

    let resp = await page.goto(`${server.url}/org/new`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    await check('01-org-new');
    await page.locator('#lookup_number').fill('６０１０４０１２３４５６１');
    resp = await clickAndWait(page, page.locator('form.corp-lookup button[type="submit"]'));
    assert.equal(resp.status(), 200, 'the form, filled');
    assert.equal(await page.locator('#name').inputValue(), '株式会社みなと精機');
    assert.equal(await page.locator('#name_kana').inputValue(), 'ミナトセイキ');
    assert.equal(await page.locator('#postal_code').inputValue(), '105-0023');
    assert.equal(await page.locator('#prefecture').inputValue(), '13');
    assert.equal(await page.locator('#address').inputValue(), '港区芝浦一丁目２－３');
    assert.equal(await page.locator('#corporate_number').inputValue(), MINATO);
    assert.match(await textOf(page.locator('main p.notice[role="status"]')), /国税庁の法人番号公表サイトのデータ/);
    await check('02-org-new-filled');

    // The owner keeps a trading name and completes the rest.
    await page.locator('#name').fill('みなと精機');
    for (const [id, value] of Object.entries({
      employees: '12', capital: '10,000,000', representative_title: '代表取締役', representative_name: '港 一郎',
      contact_name: '港 花子', contact_email: 'info@minato.example.jp',
    })) await page.locator(`#${id}`).fill(value);
    await page.locator('#industry').selectOption('E');
    resp = await clickAndWait(page, page.locator('form[action="/org/new"][method="post"] button[type="submit"]'));
    assert.equal(resp.status(), 200, 'created');
    assert.equal(new URL(page.url()).pathname, '/org');
    assert.equal(await textOf(page.locator('h1')), 'みなと精機');
    await check('03-org-created');

    resp = await clickAndWait(page, page.locator('main a[href="/org/identity"]'));
    assert.equal(resp.status(), 200, '/org/identity');
    assert.equal(await textOf(page.locator('h1')), t('identity.org.title'));
    assert.match(await textOf(page.locator('main')), /株式会社みなと精機/, 'the registered name beside the trading name');
    await check('04-identity');
    resp = await clickAndWait(page, page.locator('form[action="/org/identity/letter"] button[type="submit"]'));
    assert.equal(resp.status(), 200);
    assert.equal(await textOf(page.locator('.notice').first()), t('identity.notice.requested'));
    await check('05-identity-requested');
    assertNoProblems(problems, 'identity flow');
  } finally {
    await context.close();
  }
});

test('with script: leaving the corporate number field fills the empty fields, under the site\'s CSP', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ ...viewportOptions(WIDTH) }); // the page's CSP applies
  await recordCspViolations(context);
  try {
    const page = await context.newPage();
    const problems = watchPage(page);
    await signUpInBrowser(page, server, { email: `identity-js-${process.pid}@example.jp`, password: PASSWORD, lang: 'ja' });
    const resp = await page.goto(`${server.url}/org/new`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    await page.locator('#name_kana').fill('ミナト');
    await page.locator('#corporate_number').fill('６０１０４０１２３４５６１');
    await page.locator('#postal_code').focus(); // leaves the number field
    await page.waitForFunction(() => document.getElementById('name').value !== '');
    assert.equal(await page.locator('#name').inputValue(), '株式会社みなと精機');
    assert.equal(await page.locator('#name_kana').inputValue(), 'ミナト', 'what was typed stays');
    assert.equal(await page.locator('#address').inputValue(), '港区芝浦一丁目２－３');
    assert.equal(await page.locator('#prefecture').inputValue(), '13');
    assert.match(await textOf(page.locator('#corp-note')), /国税庁の法人番号公表サイトのデータ/);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no CSP violation');
    assertNoProblems(problems, 'identity script');
  } finally {
    await context.close();
  }
});
