// assessment.test.mjs — the 25-item self-assessment in a real browser on a
// 360 px phone, in Japanese and in English, with the keyboard only: Tab to
// each question's radio group, Space or the arrow keys to answer, Enter on
// the buttons; then the check page, the result with its chart, and the CSV
// download. Every page visited is checked with axe-core (the options of
// pages.test.mjs), for sideways scrolling and for small tap targets, and
// saved as test-output/e2e/assessment-LANG-WIDTH-STEP.png. A last test
// looks at the result and the history of a signed-up firm at 1280 px.
//
// axe is injected inline, which the CSP forbids, so these contexts bypass
// CSP; the assertNoProblems checks still catch console errors and failed
// requests.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  REPO_ROOT,
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

const TEST_TIMEOUT_MS = 180_000;
const ANSWERS = ['done', 'partly', 'not_done', 'dont_know'];
const POINTS = { done: 4, partly: 2, not_done: 0, dont_know: -1 };
const answerOf = (n) => ANSWERS[n % 4];
const EXPECTED_TOTAL = Array.from({ length: 25 }, (_, i) => POINTS[answerOf(i + 1)]).reduce((a, b) => a + b, 0);

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
  const t = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'content', 'i18n', `assessment.${lang}.json`), 'utf8'));
  return (key) => {
    assert.ok(key in t, `catalogue key ${key} (${lang})`);
    return t[key];
  };
}

/** assertNoProblems, except a favicon request cut short by the next navigation. */
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

/** Presses Tab until the focused element satisfies test (given its description). */
async function tabTo(page, what, test, max = 200) {
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

/** Answers item n with the keyboard: Tab into its group, then Space or arrows. */
async function answerItem(page, n) {
  await tabTo(page, `item ${n}`, (d) => d.name === `item-${n}`);
  const k = ANSWERS.indexOf(answerOf(n));
  if (k === 0) await page.keyboard.press('Space');
  for (let i = 0; i < k; i++) await page.keyboard.press('ArrowDown');
  const checked = await page.locator(`input[name="item-${n}"]:checked`).getAttribute('value');
  assert.equal(checked, answerOf(n), `item ${n} answered with the keyboard`);
}

async function flow(lang) {
  const t = catalogue(lang);
  const width = 360;
  const context = await browser.newContext({ ...viewportOptions(width), bypassCSP: true, acceptDownloads: true });
  try {
    const page = await context.newPage();
    const problems = watchPage(page);
    const shot = (step) => `assessment-${lang}-${width}-${step}`;

    let resp = await page.goto(`${server.url}/assessment?lang=${lang}`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    await checkPage(page, `${lang} start`, shot('0-start'));
    await tabTo(page, 'the start button', (d) => d.href === '/assessment/part/1');
    resp = await enterAndWait(page);
    assert.equal(new URL(page.url()).pathname, '/assessment/part/1');

    const parts = [[1, 5], [6, 18], [19, 25]];
    for (const [i, [first, last]] of parts.entries()) {
      const part = i + 1;
      const progress = t('assessment.progress').replace('{part}', part).replace('{parts}', 3).replace('{answered}', first - 1).replace('{total}', 25);
      assert.equal((await page.locator('.assessment-progress-text').textContent()).trim(), progress, `part ${part} progress`);
      await checkPage(page, `${lang} part ${part}`, shot(`${part}-part`));
      for (let n = first; n <= last; n++) await answerItem(page, n);
      await tabTo(page, 'save and continue', (d) => d.tag === 'button' && d.value === 'next');
      resp = await enterAndWait(page);
      assert.equal(resp.status(), 200, `after part ${part}`);
    }
    assert.equal(new URL(page.url()).pathname, '/assessment/check');
    assert.equal((await page.locator('h1').textContent()).trim(), t('assessment.check.title'));
    await checkPage(page, `${lang} check`, shot('4-check'));
    await tabTo(page, 'submit', (d) => d.tag === 'button' && d.type === 'submit' && d.name === null);
    resp = await enterAndWait(page);
    assert.match(new URL(page.url()).pathname, /^\/assessment\/results\/\d+$/);
    assert.equal((await page.locator('.assessment-total-value').textContent()).trim(), String(EXPECTED_TOTAL));
    const svg = page.locator('svg.chart[role="img"]');
    assert.equal(await svg.count(), 1, 'the chart');
    assert.ok((await svg.locator('title').textContent()).length > 0);
    assert.ok(await svg.isVisible());
    await checkPage(page, `${lang} result`, shot('5-result'));

    await tabTo(page, 'the CSV link', (d) => /\.csv$/.test(d.href ?? ''));
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'CSV starts with a BOM');
    const rows = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    assert.equal(rows.length, 26, 'header and 25 items');
    assert.ok(rows[0].includes(t('assessment.csv.question')), 'localised header');
    assertNoProblemsHere(problems, `${lang} flow`);
  } finally {
    await context.close();
  }
}

describe('the self-assessment with the keyboard on a 360 px phone', () => {
  for (const lang of ['ja', 'en']) {
    test(`${lang}: all 25 questions, the result and its chart, the CSV`, { timeout: TEST_TIMEOUT_MS }, () => flow(lang));
  }
});

describe('wide screens and printing', () => {
  test('a result and the history of a firm at 1280 px, and the result printed to A4', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await browser.newContext({ ...viewportOptions(1280), bypassCSP: true });
    try {
      const page = await context.newPage();
      const problems = watchPage(page);
      // Two anonymous results make no history; this checks the result page
      // at 1280 and its print layout. Ten other organisations' results
      // first, so that its "firms like yours" shows figures and the
      // histogram (compared with all organisations: the result is anonymous).
      for (let i = 0; i < 10; i++) {
        const id = `e2epeer${i}`;
        execFileSync('sqlite3', [path.join(server.tmpDir, 'mamori.db'), `INSERT INTO organisation (public_id, name, name_kana, prefecture, industry, employees)
          VALUES ('${id}', '比較${i}', 'ヒカク', 13, 'E', 30);
          INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1, part2, part3, submit_token,
          bench_industry, bench_size, bench_region) SELECT id, 'v1', 1767193200, ${40 + 5 * i}, 10, ${30 + 5 * i}, 0,
          'e2e-${id}', 'E', 2, 3 FROM organisation WHERE public_id = '${id}';`]);
      }
      for (const p of [1, 2, 3]) {
        await page.goto(`${server.url}/assessment/part/${p}?lang=en`, { waitUntil: 'load' });
        for (const n of await page.locator('fieldset.assessment-item').evaluateAll((fs) => fs.map((f) => Number(f.id.slice(2))))) {
          await page.locator(`input[name="item-${n}"][value="${n % 3 ? 'done' : 'not_done'}"]`).check();
        }
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('button[value="next"]').click()]);
      }
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('main form button[type="submit"]').click()]);
      await checkPage(page, 'en result 1280', 'assessment-en-1280-result');
      assert.match(await page.locator('.benchmark-group').innerText(), /all 10 organisations/);
      assert.ok(await page.locator('.benchmark-chart svg[role="img"]').isVisible(), 'the histogram is drawn');
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, 'assessment-en-print-result');
      const pdf = await page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 1000, 'prints to A4');
      assertNoProblemsHere(problems, 'en 1280');
    } finally {
      await context.close();
    }
  });
});
