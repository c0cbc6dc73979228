// journeys.test.mjs — four people do their job in a real browser, each
// starting from `/` and going on by following links and pressing buttons
// only:
//
//   owner      a firm's owner on a 360 px phone, in Japanese: signs up,
//              registers the organisation, takes the self-assessment
//              (its last part submits), writes the basic policy on one
//              page and publishes it, declares ★★ from マイページ through
//              the pledge page that declares, and downloads the mark
//              from マイページ
//   clerk      a subsidy office at 1280 px: checks one declaration with
//              the applicant's corporate number, then a CSV of several
//   visitor    an English-speaking visitor: switches to English, reads the
//              five rules, checks a declaration, finds a declarant
//   supporter  a tax accountant: signs up from the supporter link of `/`,
//              registers as a supporter, is granted access by a client
//              (the mail says so), opens the client's steps, its result
//              and its draft policy
//
// After the first page.goto('/'), the only addresses a journey may open
// itself are links read from mail (the outbox, as the other tests read
// it). A step that finds no link or button to click fails the test:
// that is a place where a real person would have to type an address.
// Every page visited is saved as test-output/e2e/journey-WHO-NN-STEP.png
// and gets the checks of checkPage (one <h1>, <html lang>, no sideways
// scrolling, tap targets at 360 px, axe-core with no violations); the
// failures are gathered so one run reports every page.
//
// Each journey prints what it took: page loads, form submissions, fields
// typed (and addresses typed). With MAMORI_JOURNEYS_MEASURE=1 the same
// journeys run against a server that lacks the links (an older build):
// where no link exists the address is typed and counted instead of
// failing, and the page checks are left out, so the counts of before
// and after can be compared.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  OUTPUT_ROOT,
  checkPage,
  launchBrowser,
  mailDirOf,
  readMails,
  screenshot,
  sleep,
  startServer,
  viewportOptions,
  waitForMail,
  watchPage,
} from './helpers.mjs';
import { corporateNumber, standardFixtures } from '../http/verify_fixtures.mjs';
import { Browser, createOrg, signUp } from '../http/org_client.mjs';
import { sqlite } from '../http/helpers.mjs';

const MEASURE = process.env.MAMORI_JOURNEYS_MEASURE === '1';
const TEST_TIMEOUT_MS = 240_000;
const PASSWORD = 'a small firm keeps its promises';
const POLICY_STEPS = 6;
const ASSESSMENT_ANSWERS = ['done', 'partly', 'not_done', 'dont_know'];

let server;
let browser;
let fx;
const results = {};

before(async () => {
  server = await startServer();
  fx = standardFixtures(path.join(server.tmpDir, 'mamori.db'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (Object.keys(results).length) {
    fs.mkdirSync(path.join(OUTPUT_ROOT, 'e2e'), { recursive: true });
    const file = path.join(OUTPUT_ROOT, 'e2e', MEASURE ? 'journeys-counts-measured.json' : 'journeys-counts.json');
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  }
});

/** One person's way through the site: the page, what it counted, what failed. */
class Journey {
  constructor(who, page, lang) {
    this.who = who;
    this.page = page;
    this.lang = lang;
    this.counts = { pageLoads: 0, submissions: 0, typedFields: 0, typedUrls: 0 };
    this.typed = []; // the addresses typed (measure mode only)
    this.failures = [];
    this.step = 0;
    this.problems = watchPage(page);
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.counts.pageLoads++;
    });
  }

  get path() {
    const u = new URL(this.page.url());
    return `${u.pathname}${u.search}`;
  }

  /** The page checks and the screenshot; a failure is noted, the journey goes on. */
  async check(name) {
    const shot = `journey-${this.who}-${String(++this.step).padStart(2, '0')}-${name}`;
    if (MEASURE) {
      await screenshot(this.page, `measured-${shot}`);
      return;
    }
    const options = { lang: this.lang, name: shot, tapTargets: this.page.viewportSize().width <= 480 };
    try {
      try {
        await checkPage(this.page, options);
      } catch (err) {
        // Chromium sometimes fails to capture a tall page on a busy
        // machine; once more is enough.
        if (!/Unable to capture screenshot/.test(err.message)) throw err;
        await checkPage(this.page, options);
      }
    } catch (err) {
      if (!(err instanceof assert.AssertionError)) throw err;
      this.failures.push(err.message);
    }
  }

  /** An assertion about what a page shows (skipped when measuring another build). */
  expect(fn) {
    if (MEASURE) return;
    try {
      fn();
    } catch (err) {
      if (!(err instanceof assert.AssertionError)) throw err;
      this.failures.push(`${this.who} at ${this.path}: ${err.message}`);
    }
  }

  async start() {
    const resp = await this.page.goto(`${server.url}/`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200, '/');
    await this.check('home');
  }

  /** Opens a link read from a mail (the one address a person may open without a link on the page). */
  async fromMail(link, name) {
    const resp = await this.page.goto(link, { waitUntil: 'load' });
    assert.ok(resp.status() < 400, `${link}: ${resp.status()}`);
    await this.check(name);
  }

  /** The first of the locators that is on the page and visible, or null. */
  async first(...locators) {
    for (const l of locators) {
      const n = await l.count();
      for (let i = 0; i < n; i++) if (await l.nth(i).isVisible()) return l.nth(i);
    }
    return null;
  }

  /** A link of the site header; on a phone the menu is opened first. */
  async header(href) {
    const menu = this.page.locator('header details.site-nav-menu');
    if ((await menu.count()) && (await menu.isVisible())) {
      if (!(await menu.evaluate((d) => d.open))) await menu.locator('summary').click();
      return this.page.locator(`header details.site-nav-menu a[href="${href}"]`);
    }
    return this.page.locator(`header a[href="${href}"]`);
  }

  /**
   * Follows the first link (or button) of locators that is there. When
   * none is, the journey fails: a person would have to type `typed`. When
   * measuring another build, the address is typed and counted instead;
   * returns false then, so the caller skips what the links would have
   * led through.
   */
  async go(locators, typed, name) {
    const target = await this.first(...[].concat(locators));
    if (target) {
      const [resp] = await Promise.all([this.page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
      assert.ok(resp.status() < 400, `${name}: ${resp.status()} at ${this.path}`);
      await this.check(name);
      return true;
    }
    assert.ok(MEASURE, `${this.who}: no link to follow at ${this.path} for "${name}": a person would have to type ${typed}`);
    this.counts.typedUrls++;
    this.typed.push(typed);
    const resp = await this.page.goto(`${server.url}${typed}`, { waitUntil: 'load' });
    assert.ok(resp.status() < 400, `${typed}: ${resp.status()}`);
    await this.check(name);
    return false;
  }

  /** Presses a submit button and waits for the answer. */
  async submit(locator, name) {
    this.counts.submissions++;
    const [resp] = await Promise.all([this.page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
    assert.ok(resp.status() < 400, `${name}: ${resp.status()} at ${this.path}`);
    await this.check(name);
  }

  async type(selector, value) {
    this.counts.typedFields++;
    await this.page.locator(selector).fill(value);
  }

  report() {
    results[this.who] = { ...this.counts, ...(MEASURE ? { typed: this.typed } : {}) };
    console.log(`journey ${this.who}${MEASURE ? ' (measured)' : ''}: ${this.counts.pageLoads} page loads, ${this.counts.submissions} form submissions, ${this.counts.typedFields} typed fields, ${this.counts.typedUrls} typed addresses${this.typed.length ? ` (${this.typed.join(', ')})` : ''}`);
    if (!MEASURE) {
      const { console: errors, pageErrors, csp } = this.problems;
      assert.deepEqual([...errors, ...pageErrors, ...csp], [], `${this.who}: console errors, page errors or CSP messages`);
      assert.deepEqual(this.failures, [], `${this.who}: pages that failed their checks or showed something wrong`);
    }
  }
}

async function withJourney(who, { width, lang, locale }, fn) {
  const context = await browser.newContext({ ...viewportOptions(width), bypassCSP: true, locale, acceptDownloads: true });
  try {
    const j = new Journey(who, await context.newPage(), lang);
    await fn(j);
    j.report();
  } finally {
    await context.close();
  }
}

/** Signs up from wherever the journey is: the sign-up link, the form, the mail, the button. */
async function signUpAndConfirm(j, email, signupLinks) {
  await j.go(signupLinks, '/signup', 'signup');
  await j.type('#email', email);
  await j.type('#password', PASSWORD);
  await j.submit(j.page.locator('main form button[type="submit"]'), 'signup-sent');
  const isConfirm = (m) => m.to === email && m.links.some((l) => new URL(l).pathname.startsWith('/confirm/'));
  const mail = await waitForMail(mailDirOf(server), isConfirm);
  await j.fromMail(mail.links.find((l) => new URL(l).pathname.startsWith('/confirm/')), 'confirm');
  await j.submit(j.page.locator('main form button[type="submit"]'), 'confirmed');
}

test('the owner, on a phone in Japanese, from / to ★★ and the mark', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withJourney('owner', { width: 360, lang: 'ja', locale: 'ja-JP' }, async (j) => {
    const { page } = j;
    await j.start();
    await signUpAndConfirm(j, `owner-${process.pid}@example.jp`, [await j.header('/signup')]);
    j.expect(() => assert.equal(j.path, '/home?notice=confirmed', 'confirmation lands on マイページ'));

    // The organisation, from マイページ's one button.
    await j.go(page.locator('main a.button[href="/org/new"]'), '/org/new', 'org-new');
    const org = {
      name: 'ひまわり電機株式会社', name_kana: 'ヒマワリデンキ', corporate_number: corporateNumber('246813579024'),
      postal_code: '530-0001', address: '大阪市北区梅田1-2-3', employees: '25', capital: '10,000,000',
      representative_title: '代表取締役', representative_name: '日向 一郎', contact_name: '日向 花子',
      contact_email: 'info@himawari.example.jp', contact_phone: '06-1234-5678',
    };
    for (const [id, v] of Object.entries(org)) await j.type(`#${id}`, v);
    await page.locator('#prefecture').selectOption('27');
    await page.locator('#industry').selectOption('E');
    await j.submit(page.locator('main form button[type="submit"]').last(), 'org-created');

    // The self-assessment, from the organisation page; its last part
    // submits (an older build has a check page after it).
    await j.go(page.locator('main a.button[href="/assessment"]'), '/assessment', 'assessment-start');
    await j.go(page.locator('main a[href="/assessment/part/1"]'), '/assessment/part/1', 'assessment-part1');
    for (const part of [1, 2, 3]) {
      const items = await page.locator('fieldset.assessment-item').evaluateAll((fs) => fs.map((f) => Number(f.id.slice(2))));
      for (const n of items) await page.locator(`input[name="item-${n}"][value="${ASSESSMENT_ANSWERS[n % 4]}"]`).check();
      const submitNow = part === 3 ? await j.first(page.locator('main button[name="action"][value="submit"]')) : null;
      if (submitNow) {
        await j.submit(submitNow, 'assessment-result');
      } else {
        await j.submit(page.locator('main button[value="next"]'), part < 3 ? `assessment-part${part + 1}` : 'assessment-check');
      }
    }
    if (!j.path.startsWith('/assessment/results/')) {
      j.expect(() => assert.fail('the last part submits the self-assessment'));
      await j.submit(page.locator('main form button[type="submit"]').last(), 'assessment-result');
    }

    // The policy: back to マイページ, its button, then the whole policy on
    // one page, every section filled in (an older build: six steps).
    if (await j.go(page.locator('main a[href="/home"]'), '/policy/edit', 'home-after-assessment')) {
      await j.go(page.locator('main a.button[href^="/policy/edit/"]'), '/policy/edit', 'policy-overview');
    }
    const write = page.locator('main a.button[href$="/write"]');
    if ((await j.first(write)) || !MEASURE) {
      await j.go(write, '/policy/edit', 'policy-write');
      const sections = await page.locator('main textarea').evaluateAll((boxes) => boxes.map((b) => b.value.trim().length));
      j.expect(() => assert.ok(sections.length >= 5 && sections.every((n) => n > 20), `every section starts filled: ${sections}`));
      if (!(await page.locator('#established_on').inputValue())) await j.type('#established_on', '2026-04-01');
      await j.submit(page.locator('main button[name="action"][value="preview"]'), 'policy-preview');
    } else {
      await j.go(page.locator('main a.button[href*="/step/"]'), '/policy/edit', 'policy-step-1');
      for (let i = 0; i < POLICY_STEPS; i++) {
        await j.submit(page.locator('main button[name="use"]').first(), `policy-step-${i + 1}-suggested`);
        await j.submit(page.locator('main button[name="action"][value="next"]'), i + 1 < POLICY_STEPS ? `policy-step-${i + 2}` : 'policy-footer');
      }
      if (!(await page.locator('#established_on').inputValue())) await j.type('#established_on', '2026-04-01');
      await j.submit(page.locator('main button[name="action"][value="next"]'), 'policy-preview');
    }
    await j.submit(page.locator('main form[action$="/publish"] button[type="submit"]'), 'policy-published');

    // The declaration: back to マイページ, whose ★★ step leads straight to
    // the pledge page, which declares (an older build: the details, the
    // level, the prerequisites, the pledge and a check page).
    if (await j.go(page.locator('main a[href="/home"]'), '/declaration', 'home-after-policy')) {
      const pledge = page.locator('main a[href="/declaration/new/pledge?level=2"]');
      if ((await j.first(pledge)) || !MEASURE) {
        await j.go(pledge, '/declaration/new/pledge?level=2', 'declaration-pledge');
      } else {
        await j.go(page.locator('main a.button[href="/declaration/new"]'), '/declaration/new', 'declaration-details');
      }
    } else {
      await j.go(page.locator('main a.button[href="/declaration/new"]'), '/declaration/new', 'declaration-details');
    }
    if (new URL(page.url()).pathname === '/declaration/new') {
      await j.go(page.locator('main a.button[href="/declaration/new/level"]'), '/declaration/new/level', 'declaration-level');
      await page.locator('input[name="level"][value="2"]').check();
      await j.submit(page.locator('main form button[type="submit"]'), 'declaration-prerequisites');
      await j.go(page.locator('main a.button[href^="/declaration/new/pledge"]'), '/declaration/new/pledge?level=2', 'declaration-pledge');
    }
    for (const name of ['rule_1', 'rule_2', 'rule_3', 'rule_4', 'rule_5', 'terms']) await page.locator(`input[name="${name}"]`).check();
    await j.submit(page.locator('main form button[type="submit"]'), 'declared');
    if (new URL(page.url()).pathname !== '/declaration/declared') {
      j.expect(() => assert.fail('the pledge page declares'));
      await j.submit(page.locator('main form button[type="submit"]'), 'declared-after-check');
    }
    const id = /\b(9\d{10})\b/.exec(await page.locator('main').textContent())?.[1];
    assert.ok(id, 'the confirmation page shows the ID');

    // The mark: from マイページ, whose verification address is absolute
    // (an older build has no マイページ: its confirmation page links the
    // verification page, which offers the mark too).
    const markLink = page.locator(`main a[download][href^="/verify/${id}/mark"]`);
    await j.go([await j.header('/home'), page.locator(`main a[href="/verify/${id}"]`)], `/verify/${id}`, 'home-declared');
    j.expect(() => assert.equal(j.path, '/home', 'マイページ from the header'));
    if (new URL(page.url()).pathname === '/home') {
      const url = await page.locator('#verify-url').inputValue();
      j.expect(() => assert.equal(url, `${server.url}/verify/${id}`, 'the verification address, absolute'));
    }
    const [download] = await Promise.all([page.waitForEvent('download'), markLink.first().click()]);
    assert.match(download.suggestedFilename(), /\.svg$/);
    assert.ok(fs.readFileSync(await download.path(), 'utf8').includes(id), 'the mark carries the ID');
  });
});

test('the subsidy office clerk, at 1280 px, checks a declaration and a batch', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withJourney('clerk', { width: 1280, lang: 'ja', locale: 'ja-JP' }, async (j) => {
    const { page } = j;
    await j.start();
    await j.go([await j.header('/verify'), page.locator('main a[href="/verify"]')], '/verify', 'verify-form');
    await j.type('#id', fx.sakura.id);
    await j.type('#corporate_number', fx.sakura.corporateNumber);
    await j.submit(page.locator('main form button[type="submit"]'), 'verify-answer');
    j.expect(() => assert.match(j.path, new RegExp(fx.sakura.id)));
    await j.go(page.locator('main a[href="/verify/batch"]'), '/verify/batch', 'batch-form');
    const csv = `id,corporate_number\n${fx.sakura.id},${fx.sakura.corporateNumber}\n${fx.yamada.id},\n`;
    await page.setInputFiles('#file', { name: 'applicants.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await j.submit(page.locator('main button[value="html"]'), 'batch-results');
    const text = await page.locator('main').textContent();
    j.expect(() => assert.ok(text.includes(fx.sakura.id) && text.includes(fx.yamada.id), 'both rows answered'));
  });
});

test('an English-speaking visitor reads the rules, checks a declaration and finds a declarant', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withJourney('visitor', { width: 1280, lang: 'en', locale: 'en-GB' }, async (j) => {
    const { page } = j;
    const resp = await page.goto(`${server.url}/`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    // The first page answers in Japanese to an English browser? It follows Accept-Language.
    if ((await page.evaluate(() => document.documentElement.lang)) !== 'en') {
      await j.go(page.locator('header .lang-switch a[hreflang="en"]'), '/?lang=en', 'home-en');
    } else {
      await j.check('home-en');
    }
    await j.go([await j.header('/rules'), page.locator('main a[href="/rules"]')], '/rules', 'rules');
    await j.go([await j.header('/verify'), page.locator('main a[href="/verify"]')], '/verify', 'verify-form');
    await j.type('#id', fx.yamada.id);
    await j.submit(page.locator('main form button[type="submit"]'), 'verify-withdrawn');
    await j.go([await j.header('/declarants'), page.locator('main a[href="/declarants"]')], '/declarants', 'declarants');
    await j.type('#q', 'さくら');
    await j.submit(page.locator('main form button[type="submit"]'), 'declarants-found');
    await j.go(page.locator(`main a[href="/verify/${fx.sakura.id}"]`), `/verify/${fx.sakura.id}`, 'declarant-verify');
    j.expect(() => assert.equal(new URL(page.url()).pathname, `/verify/${fx.sakura.id}`));
  });
});

test('the supporter, a tax accountant, is granted access by a client and opens its steps, result and draft', { timeout: TEST_TIMEOUT_MS }, async () => {
  // The client firm, outside the browser: an owner with an organisation
  // and a submitted self-assessment.
  const firm = await signUp(server, `client-${process.pid}@example.jp`);
  await createOrg(firm, { corporate_number: corporateNumber('135792468013') });
  const dbPath = path.join(server.tmpDir, 'mamori.db');
  const [orgId] = sqlite(dbPath, `SELECT organisation_id FROM membership WHERE user_id = (SELECT id FROM "user" WHERE email = '${firm.email}')`);
  const [orgPublicId] = sqlite(dbPath, `SELECT public_id FROM organisation WHERE id = ${orgId}`);
  const answers = Array.from({ length: 25 }, (_, i) => (i % 5 === 0 ? 'partly' : 'done'));
  sqlite(dbPath, `INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1, part2, part3, submit_token)
    VALUES (${orgId}, 'v1', ${Math.floor(Date.now() / 1000)}, 90, 18, 46, 26, 'journey-client');
    INSERT INTO assessment_result_answer (result_id, item, answer)
    ${answers.map((a, i) => `SELECT (SELECT id FROM assessment_result WHERE submit_token = 'journey-client'), ${i + 1}, '${a}'`).join(' UNION ALL ')};`);

  await withJourney('supporter', { width: 1280, lang: 'ja', locale: 'ja-JP' }, async (j) => {
    const { page } = j;
    const email = `tax-${process.pid}@example.jp`;
    await j.start();
    // "/supporter" asks to log in first; the log-in page links sign-up.
    await j.go([page.locator('main a[href="/supporter"]'), await j.header('/supporter')], '/supporter', 'supporter-login');
    await signUpAndConfirm(j, email, [page.locator('main a[href^="/signup"]'), await j.header('/signup')]);
    if (!j.path.startsWith('/supporter')) {
      await j.go([page.locator('main a[href="/supporter"]'), await j.header('/supporter')], '/supporter', 'supporter-register');
    }
    await page.locator('#kind').selectOption('tax_accountant');
    await page.locator('#prefecture').selectOption('13');
    await j.type('#organisation_name', 'みなと税理士事務所');
    await j.submit(page.locator('main form button[type="submit"]'), 'supporter-dashboard');
    const code = (await page.locator('#supporter-code').textContent()).trim();

    // The client grants read and edit access by the code (outside this browser).
    const seen = readMails(mailDirOf(server)).filter((m) => m.to === email).length;
    const grant = await firm.submit('/org/supporters/grant', { supporter: code, access: 'edit' });
    assert.equal(grant.status, 303, 'the client grants access');

    // The mail says so and links マイページ.
    let mail = null;
    for (const deadline = Date.now() + 5000; !mail && Date.now() < deadline; await sleep(100)) {
      mail = readMails(mailDirOf(server)).filter((m) => m.to === email)[seen] ?? null;
    }
    assert.ok(mail || MEASURE, 'a mail tells the supporter of the grant');
    if (mail) {
      await j.fromMail(mail.links.find((l) => new URL(l).pathname === '/home'), 'home-from-mail');
      await j.go(page.locator(`main a[href="/home?org=${orgPublicId}"]`), `/home?org=${orgPublicId}`, 'client-steps');
      await j.go(page.locator('main a[href^="/assessment/results/"]'), `/assessment/history/${orgPublicId}`, 'client-result');
    } else {
      await j.go([], '/supporter', 'supporter-dashboard-again');
      await j.go(page.locator(`main a[href="/assessment/history/${orgPublicId}"]`), `/assessment/history/${orgPublicId}`, 'client-history');
      await j.go(page.locator('main a[href^="/assessment/results/"]'), '/assessment/results/', 'client-result');
    }
    const heading = (await page.locator('h1').textContent()).trim();
    j.expect(() => assert.equal(heading, 'お客さまの自己診断の結果', 'a client\'s result, not "your" result'));
    const body = await page.locator('main').textContent();
    j.expect(() => assert.doesNotMatch(body, /閲覧のみで、変更はできません/, 'an edit consent is not told it is read-only'));

    // The client's draft policy, which the consent allows editing.
    if (await j.go(await j.header('/home'), `/policy/edit/${orgPublicId}`, 'home-again')) {
      await j.go(page.locator(`main a[href="/policy/edit/${orgPublicId}"]`), `/policy/edit/${orgPublicId}`, 'client-policy');
    }
    j.expect(() => assert.equal(new URL(page.url()).pathname, `/policy/edit/${orgPublicId}`));
  });
});
