// journey_star2.test.mjs — the shortest way to ★★ as an owner on a 360 px
// phone, in Japanese: from `/`, sign up and confirm, register the
// organisation, take the self-assessment answering every item "done", write
// and publish the basic policy, declare ★★, then open the verification page
// and download the mark. Everything is done by clicking: マイページ's
// button, then the site header's links (on a phone, in its folded menu)
// to 自己診断, 基本方針 and 自己宣言; a step with no link to click fails
// (a person would have to type an address).
//
// It counts what the owner had to do — form submissions, pages loaded,
// fields typed (an address typed is a failure) — prints the counts and fails above
// MAX_SUBMISSIONS (issue 14: from 29 submissions and 51 page loads to at
// most 12). A submission is a form sent (counted in the page by a submit
// listener, and checked against the POST navigations); a page load is a
// document shown in the tab. Every page gets checkPage (axe-core, one <h1>,
// no sideways scrolling, tap targets) and a screenshot,
// test-output/e2e/journey-star2-STEP.png.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import {
  assertNoProblems,
  catalogue,
  checkPage,
  clickAndWait,
  launchBrowser,
  mailDirOf,
  startServer,
  textOf,
  viewportOptions,
  waitForMail,
  watchPage,
} from './helpers.mjs';
import { corporateNumber } from '../http/verify_fixtures.mjs';

const WIDTH = 360;
const LANG = 'ja';
const PASSWORD = 'two stars for a careful shop';
const TEST_TIMEOUT_MS = 120_000;
const MAX_SUBMISSIONS = 12;

const ORG = {
  fields: {
    name: 'あさがお商店株式会社',
    name_kana: 'アサガオショウテン',
    corporate_number: corporateNumber('234567890123'),
    postal_code: '460-0008',
    address: '名古屋市中区栄1-2-3',
    employees: '8',
    representative_title: '代表取締役',
    representative_name: '朝顔 太郎',
    contact_name: '朝顔 花子',
    contact_email: 'info@asagao.example.jp',
  },
  selects: { prefecture: '23', industry: 'I', trade: 'retail' },
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

/** What the owner did: counted by the page and by the browser. */
function counter(page) {
  const c = { submissions: 0, posts: 0, loads: 0, fields: 0, fromMail: 0 };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) c.loads++;
  });
  page.on('request', (req) => {
    if (req.isNavigationRequest() && req.frame() === page.mainFrame() && req.method() === 'POST') c.posts++;
  });
  return c;
}

test('an owner reaches ★★ and its mark from / in at most 12 form submissions', { timeout: TEST_TIMEOUT_MS }, async () => {
  const t = catalogue(LANG, ['site', 'account', 'org', 'declaration', 'verify', 'policy', 'assessment']);
  const context = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true, locale: 'ja-JP', acceptDownloads: true });
  try {
    const page = await context.newPage();
    const problems = watchPage(page);
    const c = counter(page);
    await page.exposeFunction('__journeySubmitted', () => { c.submissions++; });
    await context.addInitScript(() => {
      document.addEventListener('submit', () => window.__journeySubmitted(), true);
    });
    const failures = [];
    let n = 0;
    const check = async (step) => {
      n++;
      try {
        await checkPage(page, { lang: LANG, name: `journey-star2-${String(n).padStart(2, '0')}-${step}` });
        // The trail of breadcrumbs keeps to one line (a wrapped one leaves a "›" dangling).
        const trail = page.locator('.breadcrumbs ol');
        if (await trail.count()) {
          const h = (await trail.boundingBox()).height;
          assert.ok(h < 60, `${step}: the breadcrumbs wrap (${h} px)`);
        }
      } catch (err) {
        if (!(err instanceof assert.AssertionError)) throw err;
        failures.push(err.message);
      }
    };
    const path = () => new URL(page.url()).pathname;
    const submit = async (locator) => {
      const resp = await clickAndWait(page, locator);
      assert.ok(resp.status() < 400, `${path()}: ${resp.status()}`);
      return resp;
    };
    // Clicks the first visible link matching selector; a step with none
    // fails, as a person would have to type the address.
    const follow = async (selector) => {
      const link = page.locator(selector).filter({ visible: true }).first();
      assert.ok(await link.count(), `${path()}: no link to click (${selector}); a person would have to type the address`);
      return submit(link);
    };
    const type = async (selector, value) => {
      c.fields++;
      await page.locator(selector).fill(value);
    };
    // A link of the site header; on a phone the menu is opened first.
    const header = async (href) => {
      const menu = page.locator('header details.site-nav-menu');
      if ((await menu.count()) && (await menu.isVisible()) && !(await menu.evaluate((d) => d.open))) await menu.locator('summary').click();
      return follow(`header a[href="${href}"]`);
    };

    // 1. The home page, then sign up from its header.
    let resp = await page.goto(`${server.url}/?lang=${LANG}`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    await check('home');
    await header('/signup');
    const email = `journey-${process.pid}@example.jp`;
    await type('#email', email);
    await type('#password', PASSWORD);
    await submit(page.locator('main form button[type="submit"]'));
    assert.equal(path(), '/signup/sent');

    // 2. The link in the mail, and its button.
    const mail = await waitForMail(mailDirOf(server), (m) => m.to === email);
    c.fromMail++;
    await page.goto(mail.links.find((l) => new URL(l).pathname.startsWith('/confirm/')), { waitUntil: 'load' });
    await submit(page.locator('main form button[type="submit"]'));
    await check('signed-in');

    // 3. The organisation, from マイページ's button.
    assert.equal(path(), '/home', 'the confirmation lands on マイページ');
    await follow('main a.button[href="/org/new"]');
    assert.equal(path(), '/org/new');
    await check('org-new');
    for (const [id, v] of Object.entries(ORG.fields)) await type(`#${id}`, v);
    for (const [id, v] of Object.entries(ORG.selects)) await page.locator(`#${id}`).selectOption(v);
    await submit(page.locator('main form button[type="submit"]').last());
    assert.equal(path(), '/org');
    await check('org');

    // 4. The self-assessment, every item "done", from the header.
    await header('/assessment');
    await check('assessment-start');
    await follow('main a[href="/assessment/part/1"]');
    for (let part = 1; ; part++) {
      assert.equal(path(), `/assessment/part/${part}`);
      if (part === 1) await check('assessment-part');
      for (const radio of await page.locator('main input[type="radio"][value="done"]').all()) await radio.check();
      await submit(page.locator('main form button[type="submit"]').first());
      if (!path().startsWith('/assessment/part/')) break;
      assert.ok(part < 3, 'the last part submits');
    }
    assert.match(path(), /^\/assessment\/results\/\d+$/);
    await check('assessment-result');

    // 5. The basic policy, from the header.
    await header('/policy/edit');
    await check('policy-edit');
    await follow('main a.button[href$="/write"]');
    assert.match(path(), /\/write$/);
    await check('policy-write');
    for (const box of await page.locator('main textarea').all()) assert.ok((await box.inputValue()).length > 20, 'every section starts filled');
    await submit(page.getByRole('button', { name: t('policy.step.save_preview') }));
    assert.match(path(), /\/preview$/);
    await check('policy-preview');
    await submit(page.getByRole('button', { name: t('policy.publish.button') }));
    await check('policy-published');

    // 6. The declaration, ★★, from the header.
    await header('/declaration');
    await check('declaration');
    // With the assessment taken and the policy published, ★★ is one page away.
    await follow('main a[href="/declaration/new/pledge?level=2"]');
    await check('declaration-pledge');
    // Each pledge box sits beside the first line of its label.
    for (const name of ['rule_1', 'rule_2', 'rule_3', 'rule_4', 'rule_5', 'terms']) {
      const box = await page.locator(`#${name}`).boundingBox();
      const label = await page.locator(`label[for="${name}"]`).boundingBox();
      assert.ok(label.x >= box.x + box.width && label.y < box.y + box.height, `${name}: the box beside its label (${JSON.stringify({ box, label })})`);
    }
    for (const box of await page.locator('main input[type="checkbox"]').all()) await box.check();
    await submit(page.getByRole('button', { name: t('declaration.check.submit') }));
    assert.equal(path(), '/declaration/declared');
    await check('declared');
    const id = await textOf(page.locator('.notice .lead strong'));
    assert.match(id, /^\d{11}$/);

    // 7. The verification page says ★★, and the mark downloads.
    await follow(`main a[href$="/verify/${id}"]`);
    assert.equal(path(), `/verify/${id}`);
    assert.equal(await textOf(page.locator('.verify-answer-valid #answer-heading')), t('verify.answer.valid'));
    await check('verify');
    const svgLink = page.locator('#mark-heading ~ ul.links a[download]').filter({ hasText: t('verify.mark.svg_light') });
    const [download] = await Promise.all([page.waitForEvent('download'), svgLink.click()]);
    assert.ok(fs.readFileSync(await download.path(), 'utf8').includes(id), 'the mark carries the ID');

    const line = `journey to ★★: ${c.submissions} form submissions (${c.posts} POST), ${c.loads} page loads, ` +
      `${c.fields} typed fields, 0 typed addresses, ${c.fromMail} link from mail`;
    console.log(line);
    assert.ok(c.submissions >= c.posts, `every POST came from a form (${c.submissions} < ${c.posts})`);
    assert.ok(c.submissions <= MAX_SUBMISSIONS, `${line}: more than ${MAX_SUBMISSIONS} submissions`);
    assertNoProblems(problems, 'journey to ★★');
    assert.deepEqual(failures, [], 'pages that failed their checks');
  } finally {
    await context.close();
  }
});
