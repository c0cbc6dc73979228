// org.test.mjs — the organisation flow in a real browser on a 360 px
// phone, in Japanese and in English.
//
// Each flow: sign up and confirm → /org ("you have no organisation") →
// /org/new → submit with one field wrong (ja: a full-width corporate
// number with a wrong check digit; en: no kana reading) → the error
// summary, whose link puts the cursor in the field → fix it and submit →
// /org with the notice and the SME size class → invite a member by e-mail
// → in a second browser the invitee signs up, opens the link from the mail
// and joins → the owner sees the new member.
//
// Every page visited is checked with axe-core (WCAG 2.2 AA and best
// practices, as in pages.test.mjs), for one <h1>, <html lang>, sideways
// scrolling and small tap targets, and saved as
// test-output/e2e/org-LANG-360-STEP.png. axe is injected inline, so the
// contexts bypass CSP.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertNoProblems,
  catalogue,
  checkPage,
  clickAndWait,
  launchBrowser,
  mailDirOf,
  signUpInBrowser,
  startServer,
  textOf,
  viewportOptions,
  waitForMail,
  watchPage,
} from './helpers.mjs';

const PASSWORD = 'paper lantern by the river';
const WIDTH = 360;
const TEST_TIMEOUT_MS = 180_000;

// What is typed, per language: digits full-width where people type them so.
const ORGS = {
  ja: {
    fields: {
      name: 'さくら精密工業株式会社',
      name_kana: 'サクラセイミツコウギョウ',
      corporate_number: '７１２３４５６７８９０１２',
      postal_code: '４６０－０００１',
      address: '名古屋市中区丸の内1-2-3',
      employees: '４８',
      capital: '30,000,000',
      representative_title: '代表取締役',
      representative_name: '桜 太郎',
      contact_name: '桜 花子',
      contact_email: 'info@sakura.example.jp',
      contact_phone: '０５２－１２３－４５６７',
      website: 'https://sakura.example.jp/',
    },
    selects: { prefecture: '23', industry: 'E', trade: '' },
    // the check digit (the first digit) is wrong: 8 instead of 7
    wrong: { field: 'corporate_number', value: '８１２３４５６７８９０１２', error: 'org.error.corporate_number.mistyped' },
    size: 'org.size.sme', // manufacturing, 48 people, ¥30M
  },
  en: {
    fields: {
      name: 'Minato Trading',
      name_kana: 'ミナトトレーディング',
      corporate_number: '４０１１００１０９８９９３',
      postal_code: '１０５－００１１',
      address: 'Minato-ku, Shibakoen 1-1-1',
      employees: '4',
      capital: '3,000,000',
      representative_title: 'President',
      representative_name: 'Minato Ichiro',
      contact_name: 'Minato Hanako',
      contact_email: 'info@minato.example.jp',
      contact_phone: '03-1234-5678',
      website: '',
    },
    selects: { prefecture: '13', industry: 'I', trade: 'retail' },
    wrong: { field: 'name_kana', value: '', error: 'org.error.name_kana.missing' },
    size: 'org.size.small', // retail, 4 people, ¥3M
  },
};

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

const pathAndQuery = (page) => {
  const u = new URL(page.url());
  return `${u.pathname}${u.search}`;
};

async function fillOrgForm(page, org, overrides = {}) {
  for (const [id, value] of Object.entries({ ...org.fields, ...overrides })) await page.locator(`#${id}`).fill(value);
  for (const [id, value] of Object.entries(org.selects)) await page.locator(`#${id}`).selectOption(value);
}

async function flow(lang) {
  const t = catalogue(lang, ['site', 'account', 'org']);
  const org = ORGS[lang];
  const n = ++seq;
  const ownerEmail = `org-owner-${lang}-${process.pid}-${n}@example.jp`;
  const memberEmail = `org-member-${lang}-${process.pid}-${n}@example.jp`;
  const shot = (step) => `org-${lang}-${WIDTH}-${step}`;
  const owner = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true });
  const invitee = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true });
  try {
    // A page that fails its checks is recorded and the flow goes on, so one
    // run reports every page; the test fails at the end.
    const failures = [];
    const checker = (p) => async (step) => {
      try {
        await checkPage(p, { lang, name: shot(step) });
      } catch (err) {
        if (!(err instanceof assert.AssertionError)) throw err;
        failures.push(err.message);
      }
    };
    const page = await owner.newPage();
    const problems = watchPage(page);
    const check = checker(page);

    // 1. Sign up and confirm (every page checked).
    await signUpInBrowser(page, server, { email: ownerEmail, password: PASSWORD, lang, onPage: (s) => check(`01-${s}`) });

    // 2. No organisation yet: the page says how to create one.
    let resp = await page.goto(`${server.url}/org`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200, '/org without an organisation');
    assert.equal(await textOf(page.locator('h1')), t('org.none.heading'));
    await check('02-org-none');

    // 3. The form.
    const create = page.locator('main a[href="/org/new"]');
    assert.equal(await textOf(create), t('org.none.create'));
    resp = await clickAndWait(page, create);
    assert.equal(resp.status(), 200, '/org/new');
    assert.equal(new URL(page.url()).pathname, '/org/new');
    await check('03-org-new');

    // 4. One field wrong: 422, the summary above the form links to it.
    await fillOrgForm(page, org, { [org.wrong.field]: org.wrong.value });
    const submit = page.locator('main form button[type="submit"]');
    resp = await clickAndWait(page, submit);
    assert.equal(resp.status(), 422, 'the form with a mistake');
    const summary = page.locator('.error-summary');
    assert.ok(await summary.isVisible(), 'the error summary is shown');
    assert.equal(await textOf(summary.locator('h2')), t('form.error_summary'));
    const links = summary.locator('a');
    assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [`#${org.wrong.field}`], 'summary links');
    assert.equal(await textOf(links.first()), t(org.wrong.error));
    assert.equal(await textOf(page.locator(`#${org.wrong.field}-error`)), t(org.wrong.error), 'the message by the field');
    assert.equal(await page.locator(`#${org.wrong.field}`).getAttribute('aria-invalid'), 'true');
    const summaryBox = await summary.boundingBox();
    const formBox = await page.locator('main form').boundingBox();
    assert.ok(summaryBox.y < formBox.y, 'the summary is above the form');
    assert.equal(await page.locator('#name').inputValue(), org.fields.name, 'what was typed is kept');
    await check('04-org-new-error');

    // 5. Following the link puts the cursor in the field; fix it and submit.
    await links.first().click();
    await page.waitForFunction((id) => location.hash === `#${id}`, org.wrong.field);
    assert.equal(await page.evaluate(() => document.activeElement?.id), org.wrong.field, 'the summary link focuses the field');
    await page.locator(`#${org.wrong.field}`).fill(org.fields[org.wrong.field]);
    resp = await clickAndWait(page, submit);
    assert.equal(resp.status(), 200, 'created');
    assert.equal(pathAndQuery(page), '/org?notice=created');
    assert.equal(await textOf(page.locator('h1')), org.fields.name);
    assert.equal(await textOf(page.locator('.notice')), t('org.notice.created'));
    const dds = (await page.locator('.summary-list dd').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
    const digits = lang === 'ja' ? '7123456789012' : '4011001098993';
    assert.ok(dds.includes(digits), `the corporate number in half-width digits: ${dds.join(' | ')}`);
    assert.ok(dds.some((d) => d.startsWith(t(org.size))), `the size class ${t(org.size)}: ${dds.join(' | ')}`);
    await check('05-org-created');

    // 6. Invite a member.
    resp = await clickAndWait(page, page.locator('main a[href="/org/invite"]'));
    assert.equal(resp.status(), 200, '/org/invite');
    assert.equal(await textOf(page.locator('h1')), t('org.invite.heading'));
    await check('06-invite');
    await page.locator('#email').fill(memberEmail);
    await page.locator('#role').selectOption('member');
    resp = await clickAndWait(page, page.locator('main form button[type="submit"]'));
    assert.equal(resp.status(), 200);
    assert.equal(pathAndQuery(page), '/org?notice=invited');
    assert.equal(await textOf(page.locator('.notice')), t('org.notice.invited'));
    assert.match(await textOf(page.locator('main')), new RegExp(memberEmail.replace(/[.+]/g, '\\$&')), 'the invitation is listed');
    await check('07-invited');

    // 7. The invitee, in a second browser: signs up, opens the link, joins.
    const page2 = await invitee.newPage();
    const problems2 = watchPage(page2);
    const check2 = checker(page2);
    await signUpInBrowser(page2, server, { email: memberEmail, password: PASSWORD, lang, onPage: (s) => check2(`08-invitee-${s}`) });
    const mail = await waitForMail(mailDirOf(server), (m) => m.to === memberEmail && m.links.some((l) => l.includes('/invite/')));
    resp = await page2.goto(mail.links.find((l) => l.includes('/invite/')), { waitUntil: 'load' });
    assert.equal(resp.status(), 200, 'the invitation page');
    assert.equal(await textOf(page2.locator('h1')), t('invite.heading'));
    assert.ok((await page2.locator('.summary-list dd').allTextContents()).map((s) => s.trim()).includes(org.fields.name));
    await check2('09-invitation');
    const join = page2.locator('main form button[type="submit"]');
    assert.equal(await textOf(join), t('invite.accept'));
    resp = await clickAndWait(page2, join);
    assert.equal(resp.status(), 200);
    assert.equal(pathAndQuery(page2), '/org?notice=joined');
    assert.equal(await textOf(page2.locator('.notice')), t('org.notice.joined'));
    assert.equal(await page2.locator('main a[href="/org/edit"]').count(), 0, 'a member gets no owner controls');
    await check2('10-joined');

    // 8. The owner sees the member.
    resp = await page.goto(`${server.url}/org`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    const rows = await page.locator('main table').first().locator('tbody tr').allTextContents();
    assert.ok(rows.some((r) => r.includes(memberEmail) && r.includes(t('org.role.member'))), `the member is listed: ${rows.join(' | ')}`);
    await check('11-members');

    // 9. The owner names the firm's support bundle (a folded section of the
    // form); the member then finds it first among the contacts of /help.
    resp = await page.goto(`${server.url}/org/edit`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200, '/org/edit');
    const bundle = page.locator('details.org-support');
    assert.equal(await bundle.getAttribute('open'), null, 'folded while empty');
    await bundle.locator('summary').click();
    await check('12-support-form');
    await page.locator('#support_name').fill('Mimamori Net');
    await page.locator('#support_phone').fill('0120-123-456');
    await page.locator('#support_url').fill('https://mimamori.example.jp/');
    resp = await clickAndWait(page, page.locator('main form button[type="submit"]'));
    assert.equal(resp.status(), 200);
    assert.equal(pathAndQuery(page), '/org?notice=updated');
    resp = await page2.goto(`${server.url}/help`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200, '/help');
    const support = page2.locator('.help-contacts li').first();
    assert.match(await textOf(support), /Mimamori Net/, 'the support bundle comes first');
    assert.equal(await support.locator('a[href="tel:0120123456"]').count(), 1);
    await check2('13-help-support');

    // Only the deliberate 422 was an HTTP error (Chromium logs it on the console too).
    assert.deepEqual(problems.httpErrors, [`422 POST ${server.url}/org/new`], 'HTTP errors');
    problems.console = problems.console.filter((m) => !(m.includes('status of 422') && m.includes(`${server.url}/org/new`)));
    assertNoProblems(problems, `${lang} owner`, { requests: false });
    assert.deepEqual(problems.failedRequests, [], 'failed requests');
    assertNoProblems(problems2, `${lang} invitee`);
    assert.deepEqual(failures, [], `${lang}: pages that failed their checks (axe, layout, tap targets)`);
  } finally {
    await owner.close();
    await invitee.close();
  }
}

describe(`the organisation flow on a ${WIDTH} px phone`, () => {
  test('in Japanese', { timeout: TEST_TIMEOUT_MS }, () => flow('ja'));
  test('in English', { timeout: TEST_TIMEOUT_MS }, () => flow('en'));
});
