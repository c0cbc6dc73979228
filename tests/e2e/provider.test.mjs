// provider.test.mjs — the service catalogue's listing side in a real
// browser on a 360 px phone, in Japanese: a firm signs up, creates its
// organisation, finds the provider page from マイページ and applies; an
// administrator (made with `mamori admin create`) approves it from the
// administration overview; the provider writes a listing (an IT product,
// with its tags); the administrator reviews and publishes it; the
// provider's page shows it live with its history.
//
// Every page visited is checked as in org.test.mjs: axe-core (WCAG 2.2 AA
// and best practices) with no violation, one <h1>, <html lang>, no
// sideways scrolling, no small tap targets; screenshots go to
// test-output/e2e/provider-ja-360-STEP.png.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  MAMORI_BIN,
  assertNoProblems,
  catalogue,
  checkPage,
  clickAndWait,
  launchBrowser,
  signUpInBrowser,
  startServer,
  textOf,
  viewportOptions,
  watchPage,
} from './helpers.mjs';

const PASSWORD = 'paper lantern by the river';
const ADMIN_PASSWORD = 'granite lighthouse keeps watch';
const WIDTH = 360;
const LANG = 'ja';

const ORG = {
  name: 'まもりネットサポート株式会社',
  name_kana: 'マモリネットサポート',
  corporate_number: '９１８０００１０３１４５６',
  postal_code: '４５０－０００２',
  address: '名古屋市中村区名駅4-5-6',
  employees: '３５',
  capital: '20,000,000',
  representative_title: '代表取締役',
  representative_name: '守 一郎',
  contact_name: '守 花子',
  contact_email: 'info@mamori-net.example.jp',
  contact_phone: '０５２－０００－１２３４',
  website: 'https://mamori-net.example.jp/',
};

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

const pathAndQuery = (page) => {
  const u = new URL(page.url());
  return `${u.pathname}${u.search}`;
};

test('a firm applies, is approved, lists a product, and it is published after review', { timeout: 240_000 }, async () => {
  const t = catalogue(LANG, ['site', 'account', 'org', 'catalogue', 'admin', 'mypage']);
  const failures = [];
  const checker = (p) => async (step) => {
    try {
      await checkPage(p, { lang: LANG, name: `provider-${LANG}-${WIDTH}-${step}` });
    } catch (err) {
      if (!(err instanceof assert.AssertionError)) throw err;
      failures.push(err.message);
    }
  };
  const providerContext = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true });
  const adminContext = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true });
  try {
    const page = await providerContext.newPage();
    const problems = watchPage(page);
    const check = checker(page);

    // 1. The firm: sign up, create the organisation.
    await signUpInBrowser(page, server, { email: `provider-${process.pid}@example.jp`, password: PASSWORD, lang: LANG });
    let resp = await page.goto(`${server.url}/org/new`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    for (const [id, value] of Object.entries(ORG)) await page.locator(`#${id}`).fill(value);
    await page.locator('#prefecture').selectOption('23');
    await page.locator('#industry').selectOption('G');
    resp = await clickAndWait(page, page.locator('main form button[type="submit"]'));
    assert.equal(pathAndQuery(page), '/org?notice=created');

    // 2. マイページ links to the provider page; the application is prefilled.
    resp = await page.goto(`${server.url}/home`, { waitUntil: 'load' });
    resp = await clickAndWait(page, page.locator('main a[href="/provider"]'));
    assert.equal(resp.status(), 200, '/provider');
    assert.equal(await textOf(page.locator('h1')), t('catalogue.provider.heading'));
    assert.equal(await page.locator('#corporate_number').inputValue(), '9180001031456');
    await check('01-apply');
    await page.locator('#contact_email').fill('catalogue@mamori-net.example.jp');
    resp = await clickAndWait(page, page.locator('main form button[type="submit"]'));
    assert.equal(pathAndQuery(page), '/provider?notice=applied');
    assert.equal(await textOf(page.locator('.notice')), t('catalogue.provider.notice.applied'));
    await check('02-applied');

    // 3. The administrator approves the application.
    const email = `catalogue-admin-${process.pid}@example.jp`;
    const made = spawnSync(MAMORI_BIN, ['admin', 'create', '--email', email, '--db', path.join(server.tmpDir, 'mamori.db')], {
      encoding: 'utf8',
      env: { ...process.env, MAMORI_BASE_URL: server.url },
    });
    assert.equal(made.status, 0, made.stderr);
    const admin = await adminContext.newPage();
    const adminProblems = watchPage(admin);
    const adminCheck = checker(admin);
    await admin.goto(made.stdout.trim(), { waitUntil: 'load' });
    await admin.locator('#password').fill(ADMIN_PASSWORD);
    await clickAndWait(admin, admin.locator('main form button[type="submit"]'));
    await admin.goto(`${server.url}/login?lang=${LANG}`, { waitUntil: 'load' });
    await admin.locator('#email').fill(email);
    await admin.locator('#password').fill(ADMIN_PASSWORD);
    await clickAndWait(admin, admin.locator('main form button[type="submit"]'));
    resp = await admin.goto(`${server.url}/admin`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    await adminCheck('02-admin-home');
    resp = await clickAndWait(admin, admin.locator('main a[href="/admin/services"]'));
    assert.equal(resp.status(), 200, '/admin/services');
    await adminCheck('03-admin-queue');
    resp = await clickAndWait(admin, admin.locator('main a[href^="/admin/services/providers/"]').first());
    assert.equal(await textOf(admin.locator('h1')), ORG.name);
    await adminCheck('04-admin-application');
    // Rejecting is asked on a page of its own, with the reason; the administrator goes back.
    const application = new URL(admin.url()).pathname;
    resp = await clickAndWait(admin, admin.locator(`main a[href="${application}/reject"]`));
    assert.equal(resp.status(), 200, 'the question before a rejection');
    assert.equal(await textOf(admin.locator('h1')), t('catalogue.admin.reject_provider_title'));
    await adminCheck('04-admin-reject-question');
    resp = await clickAndWait(admin, admin.locator(`main a[href="${application}"]`));
    assert.equal(await textOf(admin.locator('h1')), ORG.name);
    resp = await clickAndWait(admin, admin.locator(`main form[action$="/approve"] button`));
    assert.equal(await textOf(admin.locator('.notice')), t('catalogue.admin.notice.approved'));

    // 4. The provider writes a listing.
    resp = await page.goto(`${server.url}/provider`, { waitUntil: 'load' });
    resp = await clickAndWait(page, page.locator('main a[href="/provider/services/new"]'));
    assert.equal(resp.status(), 200);
    await check('05-listing-form');
    await page.locator('#kind').selectOption('it_product');
    await page.locator('#name').fill('まもりバックアップ');
    await page.locator('#description').fill('毎晩の自動バックアップで、**ランサムウェア**に備えます。');
    await page.locator('#nationwide').check();
    await page.locator('#price_unit').selectOption('month');
    await page.locator('#price_min').fill('3,000');
    await page.locator('#product_function').fill('毎晩の自動バックアップ');
    await page.locator('input[name="tag_item-11"]').check();
    await page.locator('#contact').fill('電話 052-000-1234');
    resp = await clickAndWait(page, page.locator('main form.listing-form button[type="submit"]'));
    assert.equal(pathAndQuery(page), '/provider?notice=submitted');
    assert.match(await textOf(page.locator('main table')), /まもりバックアップ/);
    await check('06-submitted');

    // 5. The administrator reviews and publishes it.
    resp = await admin.goto(`${server.url}/admin/services`, { waitUntil: 'load' });
    resp = await clickAndWait(admin, admin.locator('main a[href^="/admin/services/versions/"]').first());
    assert.equal(await textOf(admin.locator('h1')), 'まもりバックアップ');
    assert.match(await textOf(admin.locator('main')), /3,000円（税抜）／税込 3,300円/);
    await adminCheck('07-admin-version');
    resp = await clickAndWait(admin, admin.locator(`main form[action$="/approve"] button`));
    assert.equal(await textOf(admin.locator('.notice')), t('catalogue.admin.notice.approved'));
    await adminCheck('08-admin-approved');

    // 6. The provider sees it published, with its history.
    resp = await page.goto(`${server.url}/provider`, { waitUntil: 'load' });
    resp = await clickAndWait(page, page.locator('main a[href^="/provider/services/"]').last());
    assert.match(await textOf(page.locator('main')), new RegExp(t('catalogue.state.live').replace(/[()（）]/g, '.')));
    await check('09-listing-live');

    assertNoProblems(problems, 'provider');
    assertNoProblems(adminProblems, 'administrator');
    assert.deepEqual(failures, [], failures.join('\n\n'));
  } finally {
    await providerContext.close();
    await adminContext.close();
  }
});
