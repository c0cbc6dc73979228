// axe_crawl.test.mjs — axe-core finds nothing on any page a visitor or an
// owner can reach, as the accessibility checkers that visit the site from
// outside would find it.
//
// The site of tests/http/site.mjs (the demo data and its cast, made
// through the real forms) is crawled as tests/http/html.test.mjs crawls it
// (the first, the last and one from the middle of the links of one shape a
// page shows), as a plain visitor and as the owner whose organisation has
// done everything, in Japanese and in English. Each HTML page the crawl
// reached is then opened in Chromium with the actor's session and
// language, in Japanese on a 1280 px desktop and on a 360 px phone, in
// English on the phone only (where its longer words are tightest; both
// widths would take the test past three minutes), and axe-core runs with
// the rules of helpers.mjs (WCAG 2.2 AA and best practices). A failure
// names each page, width, rule and the elements it found.
//
// axe is injected inline, so the contexts bypass the Content Security
// Policy (the other browser tests check the pages with it enforced).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, runAxe, viewportOptions } from './helpers.mjs';
import { crawl, startSite, stopSite } from '../http/site.mjs';

const ACTORS = ['anon', 'owner'];
const WIDTHS = { ja: [1280, 360], en: [360] }; // by language
const PAGES_IN_FLIGHT = 2; // browser tabs axe runs in at once
const TEST_TIMEOUT_MS = 240_000;

let server;
let cast;
let starts;
let browser;

before(async () => {
  ({ server, cast, starts } = await startSite());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const r = await stopSite();
  if (r && (r.timedOut || r.signal)) console.error(`mamori did not stop cleanly (signal ${r.signal}, timed out ${r.timedOut})`);
});

/** The addresses of the HTML pages actor reaches in lang. */
async function pagesReached(actor, lang) {
  const addresses = [];
  await crawl(actor, lang, starts, async (address) => {
    addresses.push(address);
  });
  return addresses;
}

/** One line per element axe finds on address: "address at WIDTHpx: rule [impact] target". */
async function violationsOn(page, address, width) {
  await page.goto(`${server.url}${address}`, { waitUntil: 'load' });
  const reached = new URL(page.url());
  assert.equal(`${reached.pathname}${reached.search}`, address, `${address}: the browser was sent elsewhere`);
  return (await runAxe(page)).flatMap((v) =>
    v.nodes.map((n) => `${address} at ${width}px: ${v.id} [${v.impact}] ${n.target.join(' ')}: ${v.help}`));
}

/** Runs axe on every address at width, in PAGES_IN_FLIGHT tabs of one context with actor's cookies. */
async function violationsAt(actor, lang, width, addresses) {
  const context = await browser.newContext({ ...viewportOptions(width), bypassCSP: true });
  const cookies = [...(actor?.cookies ?? [])].filter(([name]) => name !== 'lang');
  await context.addCookies([...cookies, ['lang', lang]].map(([name, value]) => ({ name, value, url: server.url })));
  const queue = [...addresses];
  const found = [];
  const tab = async () => {
    const page = await context.newPage();
    while (queue.length) found.push(...(await violationsOn(page, queue.shift(), width)));
  };
  try {
    await Promise.all(Array.from({ length: PAGES_IN_FLIGHT }, tab));
  } finally {
    await context.close();
  }
  return found;
}

describe('axe-core finds nothing on the pages a crawl reaches', () => {
  for (const actor of ACTORS) {
    for (const lang of Object.keys(WIDTHS)) {
      test(`as ${actor} in ${lang}`, { timeout: TEST_TIMEOUT_MS }, async (t) => {
        const addresses = await pagesReached(cast[actor], lang);
        t.diagnostic(`${addresses.length} pages`);
        assert.ok(addresses.length >= 20, `only ${addresses.length} pages crawled as ${actor} in ${lang}`);
        const found = [];
        for (const width of WIDTHS[lang]) found.push(...(await violationsAt(cast[actor], lang, width, addresses)));
        assert.deepEqual(found, [], `axe-core on the pages ${actor} reaches in ${lang}:\n${found.join('\n')}`);
      });
    }
  }
});
