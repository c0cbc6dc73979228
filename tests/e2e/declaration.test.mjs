// declaration.test.mjs — declaring ★ and upgrading to ★★ in a real browser
// on a 360 px phone, in Japanese (?lang=ja first): sign up and confirm,
// create the organisation (a company with a valid corporate number), then
// /declaration → the four steps of the task list (the details, the level ★,
// what ★ needs, the pledge page with every rule ticked) → declare →
// the 11-digit ID on the confirmation page → its verification page says
// "active, ★" for the organisation → the mark downloads (an SVG with the ID,
// a PNG that is a PNG) → the 25-item self-assessment → write the policy on
// one page at /policy/edit/{org}/write and publish it → /declaration/upgrade → the verification page says
// ★★, with the same ID and a link to the published policy.
//
// Every page visited gets the checks of checkPage (one <h1>, <html lang>, no
// sideways scrolling at 360 px, tap targets of 44×44 px, axe-core WCAG 2.2
// AA and best practices with no violations) and is saved as
// test-output/e2e/declaration-ja-360-STEP.png. A page that fails its checks
// is recorded and the flow goes on, so one run reports every page; the test
// fails at the end. axe is injected inline, so the context bypasses CSP.

import assert from 'node:assert/strict';
import fs from 'node:fs';
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
import { corporateNumber } from '../http/verify_fixtures.mjs';

const WIDTH = 360;
const LANG = 'ja';
const PASSWORD = 'a small firm keeps its promises';
const TEST_TIMEOUT_MS = 90_000;
const ASSESSMENT_ANSWERS = ['done', 'partly', 'not_done', 'dont_know'];

// A company (not a sole proprietor), so the declaration carries its
// corporate number. Each run has its own database, so one number will do.
const CORPORATE_NUMBER = corporateNumber('123456789012');
const ORG = {
  fields: {
    name: 'ひまわり電機株式会社',
    name_kana: 'ヒマワリデンキ',
    corporate_number: CORPORATE_NUMBER,
    postal_code: '530-0001',
    address: '大阪市北区梅田1-2-3',
    employees: '25',
    capital: '10,000,000',
    representative_title: '代表取締役',
    representative_name: '日向 一郎',
    contact_name: '日向 花子',
    contact_email: 'info@himawari.example.jp',
    contact_phone: '06-1234-5678',
    website: 'https://himawari.example.jp/',
  },
  selects: { prefecture: '27', industry: 'E', trade: '' },
  prefecture: '大阪府',
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

/** The <dd> of a summary list whose <dt> is label, white space collapsed. */
async function ddOf(page, label) {
  const pairs = await page.locator('main dl.summary-list dt').evaluateAll((dts) =>
    dts.map((dt) => {
      let dd = dt.nextElementSibling;
      while (dd && dd.tagName !== 'DD') dd = dd.nextElementSibling;
      return [dt.textContent.trim(), (dd?.textContent ?? '').replace(/\s+/g, ' ').trim()];
    }),
  );
  const hit = pairs.find(([dt]) => dt === label);
  assert.ok(hit, `a summary row "${label}" (rows: ${pairs.map(([dt]) => dt).join(', ')})`);
  return hit[1];
}

test('a firm declares ★ on a phone, downloads its mark, then upgrades to ★★ with the same ID', { timeout: TEST_TIMEOUT_MS }, async () => {
  assert.equal(CORPORATE_NUMBER, '7123456789012', 'the check digit of the corporate number');
  const t = catalogue(LANG, ['site', 'declaration', 'verify', 'policy', 'assessment']);
  const context = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true, locale: 'ja-JP', acceptDownloads: true });
  try {
    const page = await context.newPage();
    const problems = watchPage(page);
    const failures = [];
    const visited = [];
    const check = async (step) => {
      visited.push(step);
      try {
        await checkPage(page, { lang: LANG, name: `declaration-${LANG}-${WIDTH}-${step}` });
      } catch (err) {
        if (!(err instanceof assert.AssertionError)) throw err;
        failures.push(err.message);
      }
    };
    // What a page shows wrongly is recorded like a failed page check, so the flow goes on.
    const soft = (fn) => {
      try {
        fn();
      } catch (err) {
        if (!(err instanceof assert.AssertionError)) throw err;
        failures.push(err.message);
      }
    };
    const submit = () => page.locator('main form button[type="submit"]');

    // 1. Sign up (?lang=ja) and confirm; every page checked.
    await signUpInBrowser(page, server, {
      email: `declaration-${process.pid}@example.jp`, password: PASSWORD, lang: LANG, onPage: (s) => check(`01-${s}`),
    });

    // 2. The organisation: a company with a valid corporate number.
    let resp = await page.goto(`${server.url}/org/new`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200, '/org/new');
    await check('02-org-new');
    for (const [id, v] of Object.entries(ORG.fields)) await page.locator(`#${id}`).fill(v);
    for (const [id, v] of Object.entries(ORG.selects)) await page.locator(`#${id}`).selectOption(v);
    resp = await clickAndWait(page, submit().last());
    assert.equal(resp.status(), 200, 'organisation created');
    assert.equal(pathAndQuery(page), '/org?notice=created');
    await check('03-org');

    // 3. /org → /declaration: not declared yet, the task list, the start button.
    resp = await clickAndWait(page, page.locator('main a[href="/declaration"]'));
    assert.equal(resp.status(), 200, '/declaration');
    assert.equal(await textOf(page.locator('h1')), t('declaration.title'));
    assert.equal(await textOf(page.locator('main p.lead')), t('declaration.show.none'));
    assert.deepEqual(
      (await page.locator('main ol li').allTextContents()).map((s) => s.trim()),
      ['details', 'level', 'prerequisites', 'pledge'].map((k) => t(`declaration.tasks.${k}`)),
      'the task list',
    );
    await check('04-overview-none');
    resp = await clickAndWait(page, page.getByRole('link', { name: t('declaration.show.start') }));
    assert.equal(resp.status(), 200);

    // Step 1: the details as they will be copied.
    const stepLabel = (n) => t('declaration.step_of').replace('{step}', n).replace('{steps}', 4);
    assert.equal(pathAndQuery(page), '/declaration/new');
    assert.equal(await textOf(page.locator('main p.hint').first()), stepLabel(1));
    assert.equal(await textOf(page.locator('h1')), t('declaration.new.title'));
    assert.equal(await page.locator('.error-summary').count(), 0, 'no problems with the details');
    assert.equal(await ddOf(page, t('declaration.field.name')), ORG.fields.name);
    assert.equal(await ddOf(page, t('declaration.field.corporate_number')), CORPORATE_NUMBER);
    assert.equal(await ddOf(page, t('declaration.field.prefecture')), ORG.prefecture);
    await check('05-step1-details');
    resp = await clickAndWait(page, page.getByRole('link', { name: t('declaration.continue') }));
    assert.equal(resp.status(), 200);

    // Step 2: the level, ★.
    assert.equal(pathAndQuery(page), '/declaration/new/level');
    assert.equal(await textOf(page.locator('main p.hint').first()), stepLabel(2));
    await check('06-step2-level');
    await page.getByLabel(t('declaration.level.one')).check();
    resp = await clickAndWait(page, submit());
    assert.equal(resp.status(), 200);

    // Step 3: ★ needs nothing beforehand.
    assert.equal(pathAndQuery(page), '/declaration/new/prerequisites?level=1');
    assert.equal(await textOf(page.locator('main p.hint').first()), stepLabel(3));
    assert.equal(await textOf(page.locator('main p.lead')), t('declaration.prerequisites.one'));
    assert.equal(await textOf(page.locator('h1')), t('declaration.prerequisites.title_one'), 'step 3 of ★ is headed with ★');
    await check('07-step3-prerequisites');
    resp = await clickAndWait(page, page.getByRole('link', { name: t('declaration.continue') }));
    assert.equal(resp.status(), 200);

    // Step 4: the pledge; every rule and the terms ticked.
    assert.equal(pathAndQuery(page), '/declaration/new/pledge?level=1');
    assert.equal(await textOf(page.locator('main p.hint').first()), stepLabel(4));
    const boxes = page.locator('main form input[type="checkbox"]');
    assert.deepEqual(await boxes.evaluateAll((bs) => bs.map((b) => b.name)), ['rule_1', 'rule_2', 'rule_3', 'rule_4', 'rule_5', 'terms']);
    await check('08-step4-pledge');
    for (let i = 1; i <= 5; i++) await page.getByLabel(t(`declaration.rule.${i}`)).check();
    await page.getByLabel(t('declaration.terms.accept')).check();
    assert.equal(await ddOf(page, t('declaration.field.level')), t('declaration.level.one'));
    const declare = page.getByRole('button', { name: t('declaration.check.submit') });
    resp = await clickAndWait(page, declare);
    assert.equal(resp.status(), 200, 'declared');

    // The confirmation: the 11-digit ID.
    assert.equal(pathAndQuery(page), '/declaration/declared');
    assert.equal(await textOf(page.locator('h1')), t('declaration.declared.title'));
    const id = await textOf(page.locator('.notice .lead strong'));
    assert.match(id, /^\d{11}$/, 'an 11-digit declaration ID');
    // The level once, as the catalogue writes it ("★ 一つ星"), not "★ ★ 一つ星".
    const levelLine = await textOf(page.locator('.notice p').last());
    soft(() => assert.equal(levelLine, `${t('declaration.level.one')} — ${ORG.fields.name}`, '/declaration/declared: the level and the organisation'));
    await check('10-declared');

    // The verification page, from the link on the confirmation page.
    const verifyPath = `/verify/${id}`;
    resp = await clickAndWait(page, page.locator(`main ol a[href="${server.url}${verifyPath}"]`));
    assert.equal(resp.status(), 200, verifyPath);
    assert.equal(new URL(page.url()).pathname, verifyPath);
    assert.match(await textOf(page.locator('h1')), new RegExp(id));
    assert.equal(await textOf(page.locator('.verify-answer-valid #answer-heading')), t('verify.answer.valid'));
    assert.equal(await ddOf(page, t('verify.level.label')), t('verify.level.1'));
    assert.equal(await ddOf(page, t('verify.name.label')), ORG.fields.name);
    assert.equal(await ddOf(page, t('verify.corporate_number.label')), CORPORATE_NUMBER);
    assert.equal(await page.locator('main a', { hasText: t('verify.policy.link') }).count(), 0, 'no policy link at ★');
    await check('11-verify-one-star');

    // The mark: the SVG downloaded by tapping its link, a PNG fetched from its href.
    const marks = page.locator('#mark-heading ~ ul.links a[download]');
    const svgLink = marks.filter({ hasText: t('verify.mark.svg_light') });
    assert.equal(await svgLink.count(), 1, 'the SVG link');
    const [download] = await Promise.all([page.waitForEvent('download'), svgLink.click()]);
    assert.match(download.suggestedFilename(), /\.svg$/);
    const svg = fs.readFileSync(await download.path(), 'utf8');
    assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg[\s>]/, 'an SVG document');
    assert.ok(svg.includes(id), 'the SVG carries the declaration ID');
    const pngHref = await marks.filter({ hasText: t('verify.mark.png_light').replace('{size}', '640') }).getAttribute('href');
    const png = await page.request.get(new URL(pngHref, page.url()).href);
    assert.equal(png.status(), 200, pngHref);
    assert.equal(png.headers()['content-type'], 'image/png');
    assert.deepEqual([...(await png.body()).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');

    // 4. The 25-item self-assessment, any answers.
    resp = await page.goto(`${server.url}/assessment`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200, '/assessment');
    await check('12-assessment-start');
    resp = await clickAndWait(page, page.locator('main a[href="/assessment/part/1"]'));
    assert.equal(resp.status(), 200);
    let answered = 0;
    for (const part of [1, 2, 3]) {
      assert.equal(new URL(page.url()).pathname, `/assessment/part/${part}`);
      await check(`13-assessment-part${part}`);
      const items = await page.locator('fieldset.assessment-item').evaluateAll((fs) => fs.map((f) => Number(f.id.slice(2))));
      for (const n of items) await page.locator(`input[name="item-${n}"][value="${ASSESSMENT_ANSWERS[n % 4]}"]`).check();
      answered += items.length;
      resp = await clickAndWait(page, page.locator('main button[value="next"]'));
      assert.equal(resp.status(), 200, `after part ${part}`);
    }
    assert.equal(answered, 25, 'all 25 items answered');
    assert.equal(new URL(page.url()).pathname, '/assessment/check');
    await check('14-assessment-check');
    resp = await clickAndWait(page, submit().last());
    assert.equal(resp.status(), 200);
    assert.match(new URL(page.url()).pathname, /^\/assessment\/results\/\d+$/);
    await check('15-assessment-result');
    // Folded advice and folded services of each weak item: the result of 25
    // mixed answers, with "firms like yours", fits a few phone screens.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    soft(() => assert.ok(height < 7500, `the result page is ${height} px tall at ${WIDTH} px`));

    // 5. The policy on one page: every section starts from an example, the footer from the organisation; publish.
    resp = await page.goto(`${server.url}/policy/edit`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200, '/policy/edit');
    assert.equal(await textOf(page.locator('h1')), t('policy.builder.title'));
    await check('16-policy-overview');
    resp = await clickAndWait(page, page.getByRole('link', { name: t('policy.builder.start') }));
    assert.match(new URL(page.url()).pathname, /\/write$/);
    assert.equal(await textOf(page.locator('h1')), t('policy.write.title'));
    const sections = await page.locator('main textarea').all();
    assert.equal(sections.length, 6, 'the preamble and five commitments');
    for (const box of sections) assert.ok((await box.inputValue()).length > 20, 'every section starts filled');
    assert.equal(await page.locator('#organisation_name').inputValue(), ORG.fields.name);
    if (!(await page.locator('#established_on').inputValue())) await page.locator('#established_on').fill('2026-04-01');
    await check('17-policy-write');
    resp = await clickAndWait(page, page.getByRole('button', { name: t('policy.step.save_preview') }));
    assert.equal(resp.status(), 200);
    assert.equal(await textOf(page.locator('h1')), t('policy.preview.title'));
    await check('19-policy-preview');
    resp = await clickAndWait(page, page.getByRole('button', { name: t('policy.publish.button') }));
    assert.equal(resp.status(), 200);
    assert.equal(await textOf(page.locator('.notice')), t('policy.notice.published'));
    const policyUrl = await page.locator('main dl a').first().getAttribute('href');
    assert.ok(policyUrl.startsWith(`${server.url}/policy/`), `the published policy's address is absolute: ${policyUrl}`);
    await check('20-policy-published');

    // 6. Upgrade to ★★ from the overview.
    resp = await page.goto(`${server.url}/declaration`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    assert.equal(await ddOf(page, t('declaration.field.id')), id);
    await check('21-overview-one-star');
    resp = await clickAndWait(page, page.getByRole('link', { name: t('declaration.show.upgrade_link') }));
    assert.equal(resp.status(), 200);
    assert.equal(pathAndQuery(page), '/declaration/upgrade');
    assert.equal(await textOf(page.locator('h1')), t('declaration.upgrade.title'));
    assert.equal(await page.locator('.error-summary').count(), 0, 'nothing missing for ★★');
    await check('22-upgrade');
    resp = await clickAndWait(page, page.getByRole('button', { name: t('declaration.upgrade.submit') }));
    assert.equal(resp.status(), 200, 'upgraded');
    assert.equal(pathAndQuery(page), '/declaration?notice=upgraded');
    assert.equal(await textOf(page.locator('main .notice').first()), t('declaration.notice.upgraded'));
    assert.equal(await ddOf(page, t('declaration.field.id')), id, 'the same ID');
    const levelRow = await ddOf(page, t('declaration.field.level'));
    assert.match(levelRow, /二つ星/);
    soft(() => assert.equal(levelRow, t('declaration.level.two'), '/declaration: the level row'));
    await check('23-overview-two-stars');

    // The verification page says ★★, the same ID, and links the policy.
    resp = await clickAndWait(page, page.getByRole('link', { name: t('declaration.show.verify_link') }));
    assert.equal(resp.status(), 200);
    assert.equal(new URL(page.url()).pathname, verifyPath, 'the same ID');
    assert.match(await textOf(page.locator('h1')), new RegExp(id));
    assert.equal(await textOf(page.locator('.verify-answer-valid #answer-heading')), t('verify.answer.valid'));
    assert.equal(await ddOf(page, t('verify.level.label')), t('verify.level.2'));
    assert.equal(await ddOf(page, t('verify.name.label')), ORG.fields.name);
    // The history says why the level changed in words, not with the internal code.
    const history = (await page.locator('main table tbody tr').allTextContents()).map((r) => r.replace(/\s+/g, ' ').trim());
    assert.equal(history.length, 2, `two events: ${history.join(' | ')}`);
    soft(() => assert.doesNotMatch(history[1], /\bupgrade\b/, `${verifyPath}: the history row of the upgrade shows the reason code: ${history[1]}`));
    const policyLink = page.getByRole('link', { name: t('verify.policy.link') });
    assert.equal(await policyLink.count(), 1, 'the policy link');
    assert.equal(new URL(await policyLink.getAttribute('href'), page.url()).pathname, new URL(policyUrl).pathname);
    await check('24-verify-two-stars');

    assertNoProblems(problems, 'declaration flow');
    assert.ok(visited.length >= 24, `pages checked: ${visited.length}`);
    assert.deepEqual(failures, [], `pages that failed their checks (axe, layout, tap targets; ${visited.length} pages) or showed something wrong`);
  } finally {
    await context.close();
  }
});
