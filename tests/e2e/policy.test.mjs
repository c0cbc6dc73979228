// policy.test.mjs — building and publishing a basic security policy in a
// real browser on a 360 px phone, in Japanese: sign up, create the
// organisation, follow the link from /org to the builder, open the steps
// from its task list, take a suggested text in every section (editing
// one), save each step, check the footer
// filled from the organisation, preview, publish, and open the public page
// as a visitor. Every page visited is checked (one <h1>, no sideways
// scrolling, tap targets, axe-core WCAG 2.2 AA and best practices with no
// violations) and saved as test-output/e2e/policy-ja-360-STEP.png.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
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

const WIDTH = 360;
const LANG = 'ja';
const PASSWORD = 'a quiet policy for a small firm';
const STEPS = ['preamble', 'commitment-1', 'commitment-2', 'commitment-3', 'commitment-4', 'commitment-5'];

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

test('a firm builds, previews and publishes its policy on a phone, and a visitor reads it', { timeout: 180_000 }, async () => {
  const t = catalogue(LANG, ['site', 'policy']);
  const context = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true, locale: 'ja-JP' });
  try {
    const page = await context.newPage();
    const problems = watchPage(page);
    const check = (name) => checkPage(page, { lang: LANG, name: `policy-${LANG}-${WIDTH}-${name}` });

    await signUpInBrowser(page, server, { email: `policy-${process.pid}@example.jp`, password: PASSWORD, lang: LANG });
    await page.goto(`${server.url}/org/new`, { waitUntil: 'load' });
    const org = {
      name: '木もれび設計事務所', name_kana: 'コモレビセッケイジムショ', corporate_number: '', postal_code: '150-0001',
      address: '渋谷区神宮前1-2-3', employees: '6', capital: '', representative_title: '所長',
      representative_name: '木村 葉子', contact_name: '木村 葉子', contact_email: 'info@komorebi.example.jp',
      contact_phone: '03-1234-5678', website: '',
    };
    for (const [id, v] of Object.entries(org)) await page.locator(`#${id}`).fill(v);
    await page.locator('#sole_proprietor').check();
    await page.locator('#prefecture').selectOption('13');
    await page.locator('#industry').selectOption('L');
    let resp = await clickAndWait(page, page.locator('main form button[type="submit"]').last());
    assert.equal(resp.status(), 200, 'organisation created');

    // /org → the builder's overview with its task list.
    resp = await clickAndWait(page, page.getByRole('link', { name: t('policy.org_link') }));
    assert.equal(resp.status(), 200);
    assert.equal(await textOf(page.locator('h1')), t('policy.builder.title'));
    assert.equal(await page.locator('.policy-task').count(), 7);
    await check('1-overview');

    // Each section: take the first suggestion, save and go on.
    // One section at a time, from the task list (the start button opens the one-page builder).
    assert.match(await page.getByRole('link', { name: t('policy.builder.start') }).getAttribute('href'), /\/write$/);
    resp = await clickAndWait(page, page.locator('main ol.policy-tasks a').first());
    for (const [i, step] of STEPS.entries()) {
      assert.match(new URL(page.url()).pathname, new RegExp(`/step/${step}$`));
      if (i === 0) await check('2-step-preamble');
      resp = await clickAndWait(page, page.getByRole('button', { name: t('policy.suggestion.add') }).first());
      assert.equal(resp.status(), 200, `${step}: suggestion added`);
      const box = page.locator('#text');
      assert.ok((await box.inputValue()).length > 20, `${step}: the suggestion is in the box`);
      if (step === 'commitment-2') {
        await box.fill(`${await box.inputValue()}\n\n担当は所長の木村とします。`);
        await check('3-step-edited');
      }
      resp = await clickAndWait(page, page.getByRole('button', { name: t('policy.step.save_next') }));
      assert.equal(resp.status(), 200, `${step}: saved`);
    }

    // The footer, filled from the organisation.
    assert.match(new URL(page.url()).pathname, /\/step\/footer$/);
    assert.equal(await page.locator('#organisation_name').inputValue(), org.name);
    assert.equal(await page.locator('#representative_title').inputValue(), '所長');
    assert.equal(await page.locator('#representative_name').inputValue(), '木村 葉子');
    await page.locator('#established_on').fill('2026-04-01');
    await check('4-footer');
    resp = await clickAndWait(page, page.getByRole('button', { name: t('policy.step.save_preview') }));
    assert.equal(resp.status(), 200);

    // The preview, then publishing.
    assert.equal(await textOf(page.locator('h1')), t('policy.preview.title'));
    assert.match(await textOf(page.locator('.policy-document')), /担当は所長の木村とします。/);
    assert.match(await textOf(page.locator('.policy-signature')), /2026年4月1日 木もれび設計事務所 所長 木村 葉子/);
    await check('5-preview');
    resp = await clickAndWait(page, page.getByRole('button', { name: t('policy.publish.button') }));
    assert.equal(resp.status(), 200);
    assert.equal(await textOf(page.locator('.notice')), t('policy.notice.published'));
    await check('6-published');

    // A visitor opens the public page from the address shown, an absolute one to share.
    const publicUrl = await page.locator('main dl a').first().getAttribute('href');
    assert.ok(publicUrl.startsWith(`${server.url}/policy/`), `an absolute address: ${publicUrl}`);
    assert.equal(await textOf(page.locator('main dl a').first()), publicUrl);
    const visitor = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true, locale: 'ja-JP' });
    try {
      const pub = await visitor.newPage();
      const pubProblems = watchPage(pub);
      resp = await pub.goto(publicUrl, { waitUntil: 'load' });
      assert.equal(resp.status(), 200);
      assert.equal(await textOf(pub.locator('h1')), org.name);
      assert.equal(await textOf(pub.locator('.policy-title')), t('policy.doc.title'));
      assert.equal(await pub.locator('.policy-commitment').count(), 5);
      assert.match(await textOf(pub.locator('.policy-document')), /担当は所長の木村とします。/);
      const pdf = await pub.locator('a[href$=".pdf"]').getAttribute('href');
      const pdfResp = await pub.request.get(`${server.url}${pdf}`);
      assert.equal(pdfResp.status(), 200);
      assert.equal(pdfResp.headers()['content-type'], 'application/pdf');
      await checkPage(pub, { lang: LANG, name: `policy-${LANG}-${WIDTH}-7-public` });
      await pub.emulateMedia({ media: 'print' });
      assert.equal(await pub.locator('.site-header').isVisible(), false, 'printing leaves the site header out');
      assert.equal(await pub.locator('.policy-document').isVisible(), true);
      assertNoProblems(pubProblems, 'public page');
    } finally {
      await visitor.close();
    }
    assertNoProblems(problems, 'builder');
  } finally {
    await context.close();
  }
});
