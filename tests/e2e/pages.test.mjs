// pages.test.mjs — the public pages in a real browser.
//
// For / and /rules, in Japanese and English, on a 360 px phone and a 1280 px
// desktop: the <html lang>, the expected content, no sideways scrolling on
// the phone, the skip link as the first Tab stop, the language switch, and
// axe-core (WCAG 2.2 AA and best practices) with no violations. A full-page
// screenshot of each is saved to test-output/e2e/NAME-LANG-WIDTH.png.
//
// axe is injected as an inline script, which the server's CSP (rightly)
// forbids, so those contexts bypass CSP. Separate contexts then load the
// pages with the CSP enforced and assert that nothing is blocked or fails,
// and with JavaScript disabled, that /rules still shows all five rules.
// On the pages of /help, the breadcrumbs: on the phone the links whole
// and not the page's own name, on the desktop all of them.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertNoProblems,
  formatViolations,
  launchBrowser,
  recordCspViolations,
  runAxe,
  screenshot,
  startServer,
  viewportOptions,
  watchPage,
} from './helpers.mjs';

const LANGS = ['ja', 'en'];
const WIDTHS = [360, 1280];
const RULE_IDS = ['rule-1', 'rule-2', 'rule-3', 'rule-4', 'rule-5'];
const TEST_TIMEOUT_MS = 90_000;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await server?.stop();
  if (r && (r.timedOut || r.signal)) {
    console.error(`mamori did not stop cleanly (signal ${r.signal}, timed out ${r.timedOut})`);
  }
});

const pageUrl = (p, lang) => `${server.url}${p}?lang=${lang}`;

async function headingCount(page, selector) {
  return page.locator(selector).count();
}

/** The ids of the rule headings, in document order. */
function ruleIds(page) {
  return page.locator('h2[id^="rule-"]').evaluateAll((els) => els.map((e) => e.id));
}

async function assertRules(page, label) {
  assert.equal(await headingCount(page, 'h1'), 1, `${label}: exactly one <h1>`);
  assert.deepEqual(await ruleIds(page), RULE_IDS, `${label}: <h2 id="rule-N"> headings`);
  const texts = await page.locator('h2[id^="rule-"]').allTextContents();
  for (const [i, t] of texts.entries()) assert.ok(t.trim().length > 0, `${label}: rule-${i + 1} heading is empty`);
}

async function assertHome(page, label) {
  assert.equal(await headingCount(page, 'h1'), 1, `${label}: exactly one <h1>`);
  assert.ok((await page.locator('h1').first().textContent()).trim(), `${label}: <h1> is empty`);
  const rulesLinks = await page.locator('a[href]').evaluateAll((as) =>
    as.filter((a) => new URL(a.href, location.href).pathname === '/rules').map((a) => a.getAttribute('href')),
  );
  assert.ok(rulesLinks.length > 0, `${label}: no link to /rules`);
}

const PAGES = [
  { name: 'home', path: '/', check: assertHome },
  { name: 'rules', path: '/rules', check: assertRules },
];

describe('pages in a browser (CSP bypassed for axe)', () => {
  for (const pg of PAGES) {
    for (const lang of LANGS) {
      for (const width of WIDTHS) {
        const label = `${pg.path} ${lang} ${width}px`;
        test(label, { timeout: TEST_TIMEOUT_MS }, async () => {
          const context = await browser.newContext({ ...viewportOptions(width), bypassCSP: true });
          try {
            const page = await context.newPage();
            const problems = watchPage(page);
            const resp = await page.goto(pageUrl(pg.path, lang), { waitUntil: 'load' });
            assert.equal(resp.status(), 200, `${label}: status`);
            await page.evaluate(() => document.fonts.ready);
            await screenshot(page, `${pg.name}-${lang}-${width}`);

            // Language of the document.
            assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${label}: <html lang>`);

            // Content.
            await pg.check(page, label);

            // No sideways scrolling on a phone. With isMobile, Chromium widens
            // window.innerWidth to fit overflowing content (it zooms out), so
            // the layout viewport (clientWidth) is the real reference.
            if (width <= 480) {
              const m = await page.evaluate(() => ({
                scrollWidth: document.documentElement.scrollWidth,
                innerWidth: Math.min(window.innerWidth, document.documentElement.clientWidth),
                wide: [...document.querySelectorAll('body *')]
                  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
                  .slice(0, 5)
                  .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''} right=${Math.round(e.getBoundingClientRect().right)}`),
              }));
              assert.ok(
                m.scrollWidth <= m.innerWidth && m.scrollWidth <= width,
                `${label}: page scrolls sideways (scrollWidth ${m.scrollWidth} > viewport width ${m.innerWidth}); widest: ${m.wide.join(', ')}`,
              );
            }

            // Accessibility, before anything has focus (a focused skip link
            // overlaps the header by design).
            const violations = await runAxe(page);
            assert.equal(violations.length, 0, `${label}: axe found ${violations.length} violation(s):\n${formatViolations(violations)}`);

            // The skip link is the first Tab stop, points to #main, and is
            // visible once focused.
            await page.keyboard.press('Tab');
            const focused = await page.evaluate(() => {
              const el = document.activeElement;
              const r = el?.getBoundingClientRect();
              return {
                tag: el?.tagName?.toLowerCase() ?? null,
                href: el?.getAttribute?.('href') ?? null,
                text: el?.textContent?.trim() ?? '',
                visible: !!r && r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
                  r.top < window.innerHeight && r.left < window.innerWidth,
                mainExists: !!document.getElementById('main'),
              };
            });
            assert.equal(focused.tag, 'a', `${label}: first Tab stop is a <${focused.tag}> (${focused.text}), not the skip link`);
            assert.equal(focused.href, '#main', `${label}: first Tab stop "${focused.text}" points to ${focused.href}`);
            assert.ok(focused.text, `${label}: skip link has no text`);
            assert.ok(focused.visible, `${label}: skip link is not visible when focused`);
            assert.ok(focused.mainExists, `${label}: no element with id="main"`);

            // The language switch: a link with hreflang that leads to the
            // same page in the other language.
            const switchLink = page.locator('a[hreflang]');
            assert.ok((await switchLink.count()) >= 1, `${label}: no <a hreflang> language switch`);
            const other = await switchLink.first().getAttribute('hreflang');
            assert.notEqual(other, lang, `${label}: the language switch points to the current language`);
            assert.ok(LANGS.includes(other), `${label}: language switch hreflang="${other}"`);
            await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), switchLink.first().click()]);
            assert.equal(await page.evaluate(() => document.documentElement.lang), other, `${label}: <html lang> after the switch (${page.url()})`);
            assert.equal(new URL(page.url()).pathname, pg.path, `${label}: the language switch left the page (${page.url()})`);

            assertNoProblems(problems, label);
          } finally {
            await context.close();
          }
        });
      }
    }
  }
});

describe('with JavaScript disabled', () => {
  for (const lang of LANGS) {
    test(`/rules ${lang} shows all five rules without JavaScript`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const context = await browser.newContext({ ...viewportOptions(1280), javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        const resp = await page.goto(pageUrl('/rules', lang), { waitUntil: 'load' });
        assert.equal(resp.status(), 200);
        await assertRules(page, `/rules ${lang} without JavaScript`);
        for (const id of RULE_IDS) {
          assert.ok(await page.locator(`#${id}`).isVisible(), `/rules ${lang} without JavaScript: #${id} not visible`);
        }
        await screenshot(page, `rules-nojs-${lang}-1280`);
      } finally {
        await context.close();
      }
    });
  }
});

describe('with the Content Security Policy enforced', () => {
  for (const pg of PAGES) {
    for (const lang of LANGS) {
      const label = `${pg.path} ${lang} (CSP enforced)`;
      test(label, { timeout: TEST_TIMEOUT_MS }, async () => {
        const context = await browser.newContext({ ...viewportOptions(1280) });
        await recordCspViolations(context);
        try {
          const page = await context.newPage();
          const problems = watchPage(page);
          const resp = await page.goto(pageUrl(pg.path, lang), { waitUntil: 'load' });
          assert.equal(resp.status(), 200, `${label}: status`);
          const csp = (await resp.allHeaders())['content-security-policy'];
          assert.ok(csp, `${label}: no Content-Security-Policy header`);
          await page.waitForLoadState('networkidle');
          await pg.check(page, label);

          // Every stylesheet loaded (a CSP-blocked or failed one has no sheet).
          const sheets = await page.evaluate(() =>
            [...document.querySelectorAll('link[rel~="stylesheet"]')].map((l) => ({ href: l.href, loaded: !!l.sheet })),
          );
          assert.ok(sheets.length > 0, `${label}: no stylesheet linked`);
          for (const s of sheets) assert.ok(s.loaded, `${label}: stylesheet ${s.href} did not load`);

          const violations = await page.evaluate(() => window.__cspViolations ?? []);
          assert.deepEqual(violations, [], `${label}: CSP violations`);
          assertNoProblems(problems, label);
        } finally {
          await context.close();
        }
      });
    }
  }
});

// A breadcrumb cut to less than two characters' width shows a glyph or
// half of one, without the "…" that says it was shortened.
function crumbsAsShown(page) {
  return page.locator('nav.breadcrumbs li').evaluateAll((items) =>
    items.map((li) => {
      const el = li.querySelector('a, [aria-current]');
      const shown = getComputedStyle(li).display !== 'none';
      return {
        text: el.textContent.trim(),
        current: el.hasAttribute('aria-current'),
        shown,
        whole: el.scrollWidth <= el.clientWidth,
        roomForEllipsis: el.clientWidth >= 2 * parseFloat(getComputedStyle(el).fontSize),
      };
    }));
}

test('on a phone the breadcrumbs show the links above the page whole, not a sliver of its name', { timeout: TEST_TIMEOUT_MS }, async () => {
  for (const width of WIDTHS) {
    const context = await browser.newContext(viewportOptions(width));
    try {
      const page = await context.newPage();
      for (const p of ['/help/ransomware', '/help/data-leak']) {
        const resp = await page.goto(pageUrl(p, 'ja'), { waitUntil: 'load' });
        assert.equal(resp.status(), 200, p);
        const crumbs = await crumbsAsShown(page);
        const label = `${p} at ${width} px`;
        assert.deepEqual(crumbs.filter((c) => !c.current).map((c) => [c.text, c.shown, c.whole]),
          [['ホーム', true, true], ['困ったとき', true, true]], `${label}: the links, whole`);
        const current = crumbs.find((c) => c.current);
        assert.equal(current.shown, width > 480, `${label}: the page's own name only where there is room`);
        for (const c of crumbs.filter((x) => x.shown)) assert.ok(c.whole || c.roomForEllipsis, `${label}: "${c.text}" cut to a sliver`);
      }
    } finally {
      await context.close();
    }
  }
});
