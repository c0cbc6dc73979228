// auth.test.mjs — signing up, confirming, logging out and in again in a
// real browser on a 360 px phone, in Japanese and in English.
//
// Each flow: /signup → submit the empty form (the error summary links to
// the field, and following the link puts the cursor in it) → fill in and
// submit → "check your email" → open the link from the .eml the server
// wrote → press the button → マイページ (/home) says the account is ready →
// the header's menu (a <details> on a phone) leads to /account, which shows
// the address → log out with the button of that menu → log in again,
// which lands on マイページ. Every page visited (the one with
// errors too) is checked with axe-core (WCAG 2.2 AA and best practices),
// for sideways scrolling, for tap targets under 44 px in the header and
// the forms, and saved as test-output/e2e/auth-LANG-360-STEP.png.
//
// axe is injected inline, which the CSP forbids, so these contexts bypass
// CSP; a last test submits the forms with the CSP enforced.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  REPO_ROOT,
  assertNoProblems,
  formatViolations,
  launchBrowser,
  mailDirOf,
  recordCspViolations,
  runAxe,
  screenshot,
  sidewaysOverflow,
  smallTargets,
  startServer,
  viewportOptions,
  waitForMail,
  watchPage,
} from './helpers.mjs';

const PASSWORD = 'green tea at half past three';
const WIDTH = 360;
const TEST_TIMEOUT_MS = 120_000;

let server;
let browser;
let seq = 0;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await server?.stop();
  if (r && (r.timedOut || r.signal || r.code !== 0)) {
    console.error(`mamori did not stop cleanly (code ${r.code}, signal ${r.signal}, timed out ${r.timedOut})`);
  }
});

/** The catalogue texts for lang (site, account and mypage areas). */
function catalogue(lang) {
  const dir = path.join(REPO_ROOT, 'content', 'i18n');
  const t = {};
  for (const area of ['site', 'account', 'mypage']) Object.assign(t, JSON.parse(fs.readFileSync(path.join(dir, `${area}.${lang}.json`), 'utf8')));
  return (key) => {
    assert.ok(key in t, `catalogue key ${key} (${lang})`);
    return t[key];
  };
}

const isConfirmMail = (email) => (m) => m.to === email && m.links.some((l) => new URL(l).pathname.startsWith('/confirm/'));

/** Clicks and waits for the navigation it starts; resolves to the response. */
async function clickAndWait(page, locator) {
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return resp;
}

const text = async (locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/**
 * The checks every visited page gets: language, one <h1>, no sideways
 * scrolling, large tap targets, axe with no violations; then a screenshot.
 */
async function checkPage(page, lang, step) {
  const label = `${lang} ${WIDTH}px ${step} (${new URL(page.url()).pathname})`;
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, `auth-${lang}-${WIDTH}-${step}`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${label}: <html lang>`);
  assert.equal(await page.locator('h1').count(), 1, `${label}: exactly one <h1>`);
  const o = await sidewaysOverflow(page);
  assert.ok(o.scrollWidth <= o.viewport, `${label}: scrolls sideways (${o.scrollWidth} > ${o.viewport}): ${o.wide.join(', ')}`);
  assert.deepEqual(await smallTargets(page), [], `${label}: tap targets under 44×44 px`);
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `${label}: axe found ${violations.length} violation(s):\n${formatViolations(violations)}`);
}

async function flow(lang) {
  const t = catalogue(lang);
  const email = `e2e-${lang}-${process.pid}-${++seq}@example.jp`;
  const mailDir = mailDirOf(server);
  const context = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true });
  try {
    const page = await context.newPage();
    const problems = watchPage(page);

    // 1. The sign-up form.
    let resp = await page.goto(`${server.url}/signup?lang=${lang}`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200, '/signup');
    assert.equal(await text(page.locator('h1')), t('signup.heading'));
    await checkPage(page, lang, '1-signup');

    // 2. Submitted empty: the error summary, linking to the field.
    const submit = page.locator('main form button[type="submit"]');
    resp = await clickAndWait(page, submit);
    assert.equal(resp.status(), 422, 'empty sign-up form');
    const summary = page.locator('.error-summary');
    assert.ok(await summary.isVisible(), 'the error summary is shown');
    assert.equal(await text(summary.locator('h2')), t('form.error_summary'));
    const links = summary.locator('a');
    assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), ['#email'], 'summary links');
    assert.equal(await text(links.first()), t('signup.email_missing'));
    assert.equal(await text(page.locator('.field-has-error .field-error')), t('signup.email_missing'), 'the message by the field');
    assert.equal(await page.locator('.field-has-error #email').count(), 1, 'the e-mail field is marked');
    const summaryBox = await summary.boundingBox();
    const formBox = await page.locator('main form').boundingBox();
    assert.ok(summaryBox.y < formBox.y, 'the summary is above the form');
    await checkPage(page, lang, '2-signup-errors');

    await links.first().click();
    await page.waitForFunction(() => location.hash === '#email');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'following the summary link puts the cursor in the field');
    assert.ok(await page.locator('#email').isVisible());

    // 3. Filled in: "check your email".
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(PASSWORD);
    resp = await clickAndWait(page, submit);
    assert.equal(resp.status(), 200, 'sign-up result');
    assert.equal(new URL(page.url()).pathname, '/signup/sent');
    assert.equal(await text(page.locator('h1')), t('signup.sent_title'));
    await checkPage(page, lang, '3-signup-sent');

    // 4. The link from the mail, and the button on its page.
    const mail = await waitForMail(mailDir, isConfirmMail(email));
    const link = mail.links.find((l) => new URL(l).pathname.startsWith('/confirm/'));
    resp = await page.goto(link, { waitUntil: 'load' });
    assert.equal(resp.status(), 200, 'the confirmation page');
    assert.equal(await text(page.locator('h1')), t('confirm.heading'));
    await checkPage(page, lang, '4-confirm');
    const confirm = page.locator('main form button[type="submit"]');
    assert.equal(await text(confirm), t('confirm.submit'));
    resp = await clickAndWait(page, confirm);
    assert.equal(resp.status(), 200);
    assert.equal(`${new URL(page.url()).pathname}${new URL(page.url()).search}`, '/home?notice=confirmed');

    // 5. マイページ, then the account page from the header's menu.
    assert.equal(await text(page.locator('h1')), t('mypage.title'));
    assert.equal(await text(page.locator('.notice')), t('mypage.notice.confirmed'));
    await checkPage(page, lang, '5-mypage');
    const menu = page.locator('header details.site-nav-menu');
    assert.ok(await menu.isVisible(), 'on a phone the header links fold into a menu');
    assert.equal(await page.locator('header .site-nav-wide').isVisible(), false, 'and the row of links is hidden');
    await menu.locator('summary').click();
    resp = await clickAndWait(page, menu.locator('a[href="/account"]'));
    assert.equal(resp.status(), 200);
    assert.equal(await text(page.locator('h1')), t('account.heading'));
    assert.ok((await page.locator('.summary-list dd').allTextContents()).map((s) => s.trim()).includes(email), 'the address is shown');
    assert.equal(await page.locator('.table-wrap table tbody tr').count(), 1, 'one session');
    await checkPage(page, lang, '5-account');

    // 6. Log out with the button in the header's menu.
    await page.locator('header details.site-nav-menu summary').click();
    const logout = page.locator('header details.site-nav-menu button');
    assert.equal(await text(logout), t('nav.logout'));
    resp = await clickAndWait(page, logout);
    assert.equal(resp.status(), 200);
    assert.equal(`${new URL(page.url()).pathname}${new URL(page.url()).search}`, '/login?notice=logged_out');
    assert.equal(await text(page.locator('.notice')), t('notice.logged_out'));
    assert.equal(await page.locator('header details.site-nav-menu a[href="/login"]').count(), 1, 'the header offers log-in again');
    await checkPage(page, lang, '6-logged-out');

    // 7. Log in again.
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(PASSWORD);
    resp = await clickAndWait(page, page.locator('main form button[type="submit"]'));
    assert.equal(resp.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/home', 'log-in lands on マイページ');
    assert.equal(await text(page.locator('h1')), t('mypage.title'));
    await checkPage(page, lang, '7-mypage-again');

    // Only the deliberate 422 was an HTTP error (Chromium also logs it on
    // the console); nothing else failed or was logged.
    assert.deepEqual(problems.httpErrors, [`422 POST ${server.url}/signup`], 'HTTP errors');
    problems.console = problems.console.filter((m) => !(m.includes('status of 422') && m.includes(`${server.url}/signup`)));
    assertNoProblems(problems, `${lang} flow`, { requests: false });
    assert.deepEqual(problems.failedRequests, [], 'failed requests');
  } finally {
    await context.close();
  }
}

describe(`sign-up to log-in on a ${WIDTH} px phone`, () => {
  test('in Japanese', { timeout: TEST_TIMEOUT_MS }, () => flow('ja'));
  test('in English', { timeout: TEST_TIMEOUT_MS }, () => flow('en'));
});

test('the forms work with the Content Security Policy enforced', { timeout: TEST_TIMEOUT_MS }, async () => {
  const context = await browser.newContext({ ...viewportOptions(WIDTH) });
  await recordCspViolations(context);
  try {
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/signup?lang=ja`, { waitUntil: 'load' });
    const resp = await clickAndWait(page, page.locator('main form button[type="submit"]'));
    assert.equal(resp.status(), 422);
    await page.locator('#email').fill(`e2e-csp-${process.pid}@example.jp`);
    await page.locator('#password').fill(PASSWORD);
    await clickAndWait(page, page.locator('main form button[type="submit"]'));
    assert.equal(new URL(page.url()).pathname, '/signup/sent');
    await page.goto(`${server.url}/login`, { waitUntil: 'load' });
    const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => ({ href: s.href, rules: s.cssRules.length })));
    assert.ok(sheets.length > 0 && sheets.every((s) => s.rules > 0), `the stylesheet loaded: ${JSON.stringify(sheets)}`);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations ?? []), [], 'CSP violations');
    assert.deepEqual(problems.csp, [], 'CSP messages');
    assert.deepEqual(problems.httpErrors, [`422 POST ${server.url}/signup`], 'HTTP errors');
  } finally {
    await context.close();
  }
});
