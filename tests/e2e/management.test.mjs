// management.test.mjs — the management self-check in a real browser on a
// 360 px phone, in Japanese and in English, with the keyboard only: Tab to
// the start button, then on each of the ten directive pages Tab into each
// question's group of seven answers and Space or the arrow keys to choose,
// Enter on "save and continue"; the check page and the submit; the result
// with its radar chart (a screenshot shows it) and its table. Every page
// visited is checked with axe-core, for sideways scrolling and for small
// tap targets, and saved as test-output/e2e/management-LANG-360-STEP.png.
// A last test prints a result to A4 and checks it fits on one sheet.
//
// axe is injected inline, which the CSP forbids, so these contexts bypass
// CSP; the assertNoProblems checks still catch console errors and failed
// requests.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  REPO_ROOT,
  SCREENSHOT_DIR,
  assertNoProblems,
  formatViolations,
  launchBrowser,
  runAxe,
  screenshot,
  sidewaysOverflow,
  smallTargets,
  startServer,
  viewportOptions,
  watchPage,
} from './helpers.mjs';

const TEST_TIMEOUT_MS = 300_000;
const DIRECTIVES = 10;
const CHOICES = ['0', '1', '2', '3', '4', '5', 'dont_know']; // in the order of the radios
/** The answer to question n: a level, and "don't know" for every seventh. */
const answerOf = (n) => (n % 7 === 0 ? 'dont_know' : String(n % 6));
const levelOf = (a) => (a === 'dont_know' ? 0 : Number(a));
const roundHalfUp = (num, den) => Math.floor((2 * num + den) / (2 * den));
const EXPECTED_OVERALL = (() => {
  let total = 0;
  for (let d = 1; d <= DIRECTIVES; d++) {
    let sum = 0;
    for (let n = 4 * d - 3; n <= 4 * d; n++) sum += 100 * levelOf(answerOf(n));
    total += roundHalfUp(sum, 4);
  }
  const o = roundHalfUp(total, DIRECTIVES);
  return `${Math.floor(o / 100)}.${String(o % 100).padStart(2, '0')}`;
})();

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

function catalogue(lang) {
  const t = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'content', 'i18n', `management.${lang}.json`), 'utf8'));
  return (key) => {
    assert.ok(key in t, `catalogue key ${key} (${lang})`);
    return t[key];
  };
}

function assertNoProblemsHere(problems, label) {
  problems.failedRequests = problems.failedRequests.filter((f) => !/favicon\.[0-9a-f]+\.svg: net::ERR_ABORTED$/.test(f));
  assertNoProblems(problems, label);
}

async function checkPage(page, label, shot) {
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, shot);
  assert.equal(await page.locator('h1').count(), 1, `${label}: exactly one <h1>`);
  const o = await sidewaysOverflow(page);
  assert.ok(o.scrollWidth <= o.viewport, `${label}: scrolls sideways (${o.scrollWidth} > ${o.viewport}): ${o.wide.join(', ')}`);
  assert.deepEqual(await smallTargets(page), [], `${label}: tap targets under 44×44 px`);
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `${label}: axe found ${violations.length} violation(s):\n${formatViolations(violations)}`);
}

async function tabTo(page, what, test, max = 300) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const d = await page.evaluate(() => {
      const e = document.activeElement;
      return { tag: e?.tagName?.toLowerCase(), name: e?.getAttribute('name'), value: e?.getAttribute('value'), href: e?.getAttribute('href'), type: e?.getAttribute('type') };
    });
    if (test(d)) return d;
  }
  throw new Error(`Tab never reached ${what}`);
}

async function enterAndWait(page) {
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  return resp;
}

async function answerQuestion(page, n) {
  await tabTo(page, `question ${n}`, (d) => d.name === `question-${n}`);
  const k = CHOICES.indexOf(answerOf(n));
  if (k === 0) await page.keyboard.press('Space');
  for (let i = 0; i < k; i++) await page.keyboard.press('ArrowDown');
  const checked = await page.locator(`input[name="question-${n}"]:checked`).getAttribute('value');
  assert.equal(checked, answerOf(n), `question ${n} answered with the keyboard`);
}

async function flow(lang) {
  const t = catalogue(lang);
  const width = 360;
  const context = await browser.newContext({ ...viewportOptions(width), bypassCSP: true });
  try {
    const page = await context.newPage();
    const problems = watchPage(page);
    const shot = (step) => `management-${lang}-${width}-${step}`;

    let resp = await page.goto(`${server.url}/management?lang=${lang}`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    await checkPage(page, `${lang} start`, shot('00-start'));
    await tabTo(page, 'the start button', (d) => d.href === '/management/part/1');
    await enterAndWait(page);
    for (let d = 1; d <= DIRECTIVES; d++) {
      assert.equal(new URL(page.url()).pathname, `/management/part/${d}`);
      const progress = t('management.progress').replace('{part}', d).replace('{parts}', DIRECTIVES).replace('{answered}', 4 * (d - 1)).replace('{total}', 40);
      assert.equal((await page.locator('.assessment-progress-text').textContent()).trim(), progress, `directive ${d} progress`);
      assert.equal(await page.locator('details.management-why').count(), 1, '"why this matters" is folded');
      if (d === 1 || d === DIRECTIVES) await checkPage(page, `${lang} directive ${d}`, shot(`${String(d).padStart(2, '0')}-directive`));
      for (let n = 4 * d - 3; n <= 4 * d; n++) await answerQuestion(page, n);
      await tabTo(page, 'save and continue', (x) => x.tag === 'button' && x.value === 'next');
      resp = await enterAndWait(page);
      assert.equal(resp.status(), 200, `after directive ${d}`);
    }
    assert.equal(new URL(page.url()).pathname, '/management/check');
    await checkPage(page, `${lang} check`, shot('11-check'));
    await tabTo(page, 'submit', (x) => x.tag === 'button' && x.type === 'submit' && x.name === null);
    await enterAndWait(page);
    assert.match(new URL(page.url()).pathname, /^\/management\/results\/\d+$/);
    assert.equal((await page.locator('.assessment-total-value').textContent()).trim(), EXPECTED_OVERALL);
    const svg = page.locator('svg.chart[role="img"]');
    assert.equal(await svg.count(), 1, 'the radar chart');
    assert.ok((await svg.locator('title').textContent()).length > 0);
    assert.ok((await svg.locator('desc').textContent()).length > 0);
    assert.ok(await svg.isVisible());
    const box = await svg.boundingBox();
    assert.ok(box.width > 250 && box.height > 250, `the chart is drawn large enough (${box.width}×${box.height})`);
    assert.equal(await page.locator('#directives-caption').count(), 1, 'the same figures in a table');
    assert.equal(await page.locator('.management-gap').count(), 3, 'three gaps');
    await checkPage(page, `${lang} result`, shot('12-result'));
    await svg.screenshot({ path: path.join(SCREENSHOT_DIR, `management-${lang}-radar.png`) });
    assertNoProblemsHere(problems, `${lang} flow`);
  } finally {
    await context.close();
  }
}

describe('the management self-check with the keyboard on a 360 px phone', () => {
  for (const lang of ['ja', 'en']) {
    test(`${lang}: the ten directives, the check, the result and its radar chart`, { timeout: TEST_TIMEOUT_MS }, () => flow(lang));
  }
});

describe('printing', () => {
  test('a result prints on one A4 sheet', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await browser.newContext({ ...viewportOptions(1280), bypassCSP: true });
    try {
      const page = await context.newPage();
      const problems = watchPage(page);
      for (let d = 1; d <= DIRECTIVES; d++) {
        await page.goto(`${server.url}/management/part/${d}?lang=ja`, { waitUntil: 'load' });
        for (let n = 4 * d - 3; n <= 4 * d; n++) await page.locator(`input[name="question-${n}"][value="${(n + d) % 6}"]`).check();
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('button[value="next"]').click()]);
      }
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('main form button[type="submit"]').click()]);
      assert.match(new URL(page.url()).pathname, /^\/management\/results\/\d+$/);
      await checkPage(page, 'ja result 1280', 'management-ja-1280-result');
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, 'management-ja-print-result');
      const pdf = await page.pdf({ format: 'A4' });
      fs.writeFileSync(path.join(SCREENSHOT_DIR, 'management-ja-print.pdf'), pdf);
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.equal(pages, 1, `the printed result is one A4 sheet, not ${pages}`);
      assertNoProblemsHere(problems, 'print');
    } finally {
      await context.close();
    }
  });
});
