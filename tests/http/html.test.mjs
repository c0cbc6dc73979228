// html.test.mjs — every page mamori serves is valid HTML, as the
// validators that check the site from outside would find it.
//
// The site of tests/http/site.mjs: the demo data and its cast (an owner
// with everything done, a beginner half-way, a supporter, an
// administrator, a linker whose identity waits to be linked). Each of
// them, and a plain visitor, crawls the site in Japanese and in English
// as site.mjs's crawl() does (the first, the last and one from the middle
// of the links of one shape a page shows). Every text/html answer is
// checked with html-validate against the repository's .htmlvalidate.json
// (the HTML standard, not a style), and so are the pages of a link from a
// mail, forms sent back with errors (422) and the error pages (400, 403,
// 404, 405). A failure names each page with the rule, the message and the
// line. A link (or a redirect) the crawl followed, to a page or a
// download, that answers 4xx to the actor it was shown to is a broken link
// and fails the crawl, named with the page that showed it; the error pages
// above, and the 4xx answers of the addresses a crawl starts from (the
// linker's pages to anyone else, a callback without its sign-in), are the
// only 4xx checked on purpose.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { HtmlValidate } from 'html-validate';

import { REPO_ROOT, assertCleanExit, runCli } from './helpers.mjs';
import { Browser, PASSWORD } from './org_client.mjs';
import { LINK_PAGE, LISTING, OIDC_PROVIDER, crawl, sampledByShape, startSite, stopSite, tokenMailed } from './site.mjs';

const LANGS = ['ja', 'en'];
const CRAWL_TIMEOUT_MS = 120_000;

const validator = new HtmlValidate(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, '.htmlvalidate.json'), 'utf8')));

let server;
let cast; // actor name → Browser (anon has no session; linker neither, only an identity to link)
let starts; // the addresses every crawl starts from: '/' and pages no link leads to
const validated = new Set(); // every address checked (with its status), over all tests

// ---- validating -----------------------------------------------------------------

/** One line per message of html-validate: "label line:col rule: message". */
async function findings(html, label) {
  validated.add(label);
  const report = await validator.validateString(html, label);
  return report.results.flatMap((res) =>
    res.messages.map((m) => `${label} line ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}

function assertNoFindings(lines, what) {
  const shown = lines.slice(0, 60).join('\n');
  const more = lines.length > 60 ? `\n… and ${lines.length - 60} more` : '';
  assert.equal(lines.length, 0, `${what}: ${lines.length} HTML validity findings:\n${shown}${more}`);
}

// ---- the crawl -----------------------------------------------------------------

/** The visitor's crawl followed the log-in page's button to the provider
 * (its redirect leaves the site: not followed further). */
function assertSignInStarted(fetched) {
  const starts = [...fetched].filter(([a]) => a.startsWith(`/login/oidc/${OIDC_PROVIDER}?`));
  assert.ok(starts.length > 0, 'no sign-in with the provider started from a page');
  for (const [address, status] of starts) assert.equal(status, 303, `${address}: ${status}`);
}

/** The linker's crawl saw the pages of its waiting link. */
function assertLinkPagesSeen(fetched) {
  assert.equal(fetched.get(LINK_PAGE), 200, 'the waiting link page');
  assert.equal(fetched.get(`${LINK_PAGE}?sent=1`), 200, 'the waiting link page, its mail sent');
  assert.equal(fetched.get(`${LINK_PAGE}/${cast.linker.linkToken}`), 200, 'the page of the mailed link');
}

// ---- the tests ------------------------------------------------------------------

before(async () => {
  ({ server, cast, starts } = await startSite());
});

after(async () => {
  if (server) assertCleanExit(await stopSite(), 'mamori serve');
  console.log(`html.test: ${validated.size} distinct addresses validated`);
});

describe('the crawl', () => {
  test('of the links of one shape a page shows, it follows the first, the last and one from the middle', () => {
    const events = Array.from({ length: 9 }, (_, i) => `/events/${i + 1}`);
    assert.deepEqual(sampledByShape(['/news', ...events, '/help']), ['/news', '/events/1', '/events/9', '/events/5', '/help']);
    assert.deepEqual(sampledByShape(['/events/1', '/events/2', '/events/1']), ['/events/1', '/events/2'], 'a short list whole, once');
  });
});

describe('every page crawled is valid HTML, and no link it shows is broken', () => {
  for (const actor of ['anon', 'linker', 'owner', 'beginner', 'supporter', 'admin']) {
    for (const lang of LANGS) {
      test(`as ${actor} in ${lang}`, { timeout: CRAWL_TIMEOUT_MS }, async (t) => {
        const lines = [];
        const { pages, broken, fetched } = await crawl(cast[actor], lang, starts, async (address, r) => {
          lines.push(...(await findings(r.text, `${address} (${r.status})`)));
        });
        t.diagnostic(`${pages} pages`);
        assert.ok(pages >= 20, `only ${pages} pages crawled as ${actor} in ${lang}`);
        assertNoFindings(lines, `${pages} pages as ${actor} in ${lang}`);
        assert.deepEqual(broken, [], `links shown to ${actor} in ${lang} that answer 4xx:\n${broken.join('\n')}`);
        if (actor === 'anon') assertSignInStarted(fetched);
        if (actor === 'linker') assertLinkPagesSeen(fetched);
      });
    }
  }
});

describe('error pages are valid HTML', () => {
  const ERRORS = [
    { status: 404, what: 'an unknown address', send: (b) => b.get('/no-such-page') },
    { status: 404, what: 'an unknown declaration', send: (b) => b.get('/verify/00000000000') },
    { status: 400, what: 'a page number that is not a number', send: (b) => b.get('/declarants?page=x') },
    { status: 403, what: 'a form sent without its token', send: (b) => b.req('POST', '/login', { form: { email: 'a@example.jp' } }) },
    { status: 405, what: 'a POST to a page that is only read', send: (b) => b.req('POST', '/rules') },
  ];
  for (const lang of LANGS) {
    for (const e of ERRORS) {
      test(`${e.status} for ${e.what} in ${lang}`, async () => {
        const b = new Browser(server.port);
        b.cookies.set('lang', lang);
        const r = await e.send(b);
        assert.equal(r.status, e.status, `${e.what}: ${r.text.slice(0, 300)}`);
        assert.match(r.headers['content-type'] ?? '', /^text\/html\b/);
        assertNoFindings(await findings(r.text, `${e.status} page`), `${e.what} in ${lang}`);
      });
    }
  }
});

describe('pages of a link from a mail are valid HTML', () => {
  const LINKS = [
    { what: 'an invitation, to someone else signed in', as: 'supporter', address: () => `/invite/${cast.beginner.invitation}` },
    {
      what: 'the confirmation of a sign-up',
      as: 'anon',
      address: () => tokenMailed('new@example.jp', 'confirm', async () =>
        assert.equal((await new Browser(server.port).submit('/signup', { email: 'new@example.jp', password: PASSWORD })).status, 303)),
    },
    {
      what: 'a password reset',
      as: 'anon',
      address: () => tokenMailed(cast.supporter.email, 'password/reset', async () =>
        assert.equal((await new Browser(server.port).submit('/password/forgot', { email: cast.supporter.email })).status, 303)),
    },
    {
      what: 'the confirmation of a new e-mail address',
      as: 'beginner',
      address: () => tokenMailed('new-owner@tsubame.example.jp', 'account/email/confirm', async () => {
        const r = await cast.beginner.submit('/account/email', { email: 'new-owner@tsubame.example.jp', current_password: PASSWORD });
        assert.equal(r.status, 303, `asking for a new address: ${r.status}`);
      }),
    },
    {
      what: 'the welcome of a new administrator',
      as: 'anon',
      address: () => {
        const r = runCli(['admin', 'create', '--email', 'second-admin@example.jp', '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
        assert.equal(r.status, 0, r.stderr);
        return new URL(r.stdout.trim()).pathname;
      },
    },
    { what: 'an invitation that was never sent', as: 'supporter', address: () => '/invite/never-sent' },
    { what: 'a confirmation that was never sent', as: 'anon', address: () => '/confirm/never-sent' },
    { what: 'a password reset that was never sent', as: 'anon', address: () => '/password/reset/never-sent' },
    { what: 'an unsubscription that was never sent', as: 'anon', address: () => '/unsubscribe/never-sent' },
  ];
  for (const l of LINKS) {
    test(l.what, async () => {
      const address = await l.address();
      for (const lang of LANGS) {
        const b = new Browser(server.port);
        if (cast[l.as]) b.cookies = new Map(cast[l.as].cookies);
        b.cookies.set('lang', lang);
        const r = await b.get(address);
        assert.match(r.headers['content-type'] ?? '', /^text\/html\b/, `${address}: ${r.status}`);
        assertNoFindings(await findings(r.text, `${address} (${r.status})`), `${l.what} in ${lang}`);
      }
    });
  }
});

describe('forms sent back with their errors are valid HTML', () => {
  const FORMS = [
    { as: 'anon', page: '/signup', fields: { email: 'not an address', password: 'short' } },
    { as: 'anon', page: '/login', fields: { email: 'nobody@example.jp', password: 'wrong password', next: '' } },
    { as: 'anon', page: '/password/forgot', fields: { email: '' } },
    { as: 'beginner', page: '/org/edit', fields: { name: '', corporate_number: '123', postal_code: 'x', prefecture: '99' } },
    { as: 'beginner', page: '/org/invite', fields: { email: 'not an address', role: 'member' } },
    { as: 'beginner', page: '/declaration/new/level', fields: {} },
    { as: 'owner', page: '/provider/services/new', fields: { ...LISTING, price_min: 'abc', pref_23: '', lang_ja: '' } },
    { as: 'owner', page: '/consultations/new', fields: { category: '', urgency: '', question: '' } },
    { as: 'owner', page: '/account/password', fields: { current_password: 'wrong', password: 'short' } },
    { as: 'supporter', page: '/experts/profile', fields: { name: '' } },
    { as: 'supporter', page: '/org/new', fields: { name: '', corporate_number: '123' } },
    { as: 'admin', page: '/admin/news/new', fields: { title: '', slug: 'Not A Slug' } },
    { as: 'admin', page: '/communities/new', fields: { name: '' } },
  ];
  for (const f of FORMS) {
    test(`${f.page} as ${f.as}`, async () => {
      for (const lang of LANGS) {
        const b = new Browser(server.port);
        if (cast[f.as]) b.cookies = new Map(cast[f.as].cookies);
        b.cookies.set('lang', lang);
        const r = await b.submit(f.page, f.fields);
        assert.equal(r.status, 422, `${f.page}: the form was not sent back with its errors`);
        assert.match(r.headers['content-type'] ?? '', /^text\/html\b/);
        assertNoFindings(await findings(r.text, `POST ${f.page} (${r.status})`), `${f.page} sent back in ${lang}`);
      }
    });
  }
});
