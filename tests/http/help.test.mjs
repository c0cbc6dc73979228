// help.test.mjs — "/help" over real HTTP: every situation page in Japanese
// and English with its steps, what not to do, its contacts, the reporting
// duty where personal data may be involved and the consultation button;
// no script anywhere; unknown situations 404; the header and footer link
// of many pages (signed in or not, errors included); the print
// stylesheet.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { request, startServer, stylesheetUrl } from './helpers.mjs';
import { signUp } from './org_client.mjs';

const SITUATIONS = {
  ransomware: { category: 'malware', duty: true },
  'suspicious-email': { category: 'malware', duty: true },
  'account-takeover': { category: 'unauthorised_access', duty: true },
  'lost-device': { category: 'data_leak', duty: true },
  'data-leak': { category: 'data_leak', duty: true },
  'fraud-payment': { category: 'fraud', duty: false },
  'defaced-website': { category: 'unauthorised_access', duty: true },
};
const HEADINGS = {
  ja: ['最初の1時間にすること', 'してはいけないこと', '連絡先'],
  en: ['In the first hour', 'What not to do', 'Whom to contact'],
};
const HELP_LABEL = { ja: '困ったとき', en: 'Something happened' };

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

const get = (p, headers = {}) => request(server.port, p, { headers });

/** The hrefs of <a> elements inside the first element matching tag. */
function linksIn(html, tag) {
  const m = new RegExp(`<${tag}[\\s>][\\s\\S]*?</${tag}>`).exec(html);
  assert.ok(m, `a <${tag}>`);
  return [...m[0].matchAll(/<a [^>]*href="([^"]*)"[^>]*>([^<]*)</g)].map((x) => ({ href: x[1], text: x[2] }));
}

function mainOf(html) {
  return /<main[\s\S]*<\/main>/.exec(html)[0];
}

describe('situation pages', () => {
  for (const lang of ['ja', 'en']) {
    test(`/help lists every situation (${lang})`, async () => {
      const r = await get(`/help?lang=${lang}`);
      assert.equal(r.status, 200);
      const hrefs = [...mainOf(r.text).matchAll(/href="(\/help\/[^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(hrefs, Object.keys(SITUATIONS).map((s) => `/help/${s}`));
      assert.match(r.text, /個人情報保護委員会|Personal Information Protection Commission/);
      assert.match(r.text, /href="\/consultations\/new\?category=other&amp;urgency=now"/);
    });

    for (const [slug, s] of Object.entries(SITUATIONS)) {
      test(`/help/${slug} (${lang})`, async () => {
        const r = await get(`/help/${slug}?lang=${lang}`);
        assert.equal(r.status, 200);
        assert.match(r.text, new RegExp(`<html lang="${lang}"`));
        const main = mainOf(r.text);
        assert.equal((main.match(/<h1>/g) ?? []).length, 1, 'one <h1>');
        for (const h of HEADINGS[lang]) assert.ok(main.includes(`<h2>${h}</h2>`), `heading ${h}`);
        const steps = /<ol>([\s\S]*?)<\/ol>/.exec(main)[1].match(/<li>/g).length;
        assert.ok(steps >= 5 && steps <= 8, `first-hour steps: ${steps}`);
        assert.ok(main.includes(`href="/consultations/new?category=${s.category}&amp;urgency=now"`), 'the consultation button');
        assert.equal(main.includes('help-duty'), s.duty, 'the duty to report a personal-data leak');
        if (s.duty) {
          assert.match(main, lang === 'ja' ? /3〜5日以内/ : /3 to 5 days/);
          assert.match(main, lang === 'ja' ? /30日以内/ : /within 30 days/);
          assert.match(main, /60/);
        }
        assert.doesNotMatch(r.text, /<script/i, 'no script');
        assert.doesNotMatch(main, /\b(help|nav)\.[a-z_.]+\b(?![^<]*>)/, 'no catalogue key shown');
        if (slug === 'fraud-payment') assert.match(main, lang === 'ja' ? /銀行/ : /bank/);
      });
    }
  }

  test('an unknown situation is 404; a trailing part too', async () => {
    assert.equal((await get('/help/nothing')).status, 404);
    assert.equal((await get('/help/ransomware/more')).status, 404);
    assert.equal((await get('/help/RANSOMWARE')).status, 404);
  });

  test('the language follows Accept-Language without ?lang', async () => {
    const r = await get('/help/ransomware', { 'Accept-Language': 'en-GB,en;q=0.9' });
    assert.match(r.text, /In the first hour/);
  });
});

describe('linked from every page', () => {
  const pages = ['/', '/rules', '/verify', '/declarants', '/login', '/signup', '/assessment', '/help', '/help/data-leak', '/no-such-page'];
  for (const lang of ['ja', 'en']) {
    test(`header and footer of ${pages.length} pages (${lang}), without signing in`, async () => {
      for (const p of pages) {
        const r = await get(`${p}${p.includes('?') ? '&' : '?'}lang=${lang}`);
        for (const tag of ['header', 'footer']) {
          const link = linksIn(r.text, tag).find((l) => l.href === '/help');
          assert.ok(link, `${p}: a link to /help in the <${tag}>`);
          assert.equal(link.text, HELP_LABEL[lang], `${p}: its words in the <${tag}>`);
        }
        // Outside the folded menu: one tap on a phone.
        const header = /<header[\s\S]*?<\/header>/.exec(r.text)[0];
        const outside = header.replace(/<details[\s\S]*?<\/details>/, '').replace(/<nav[\s\S]*?<\/nav>/g, '');
        assert.match(outside, /href="\/help"/, `${p}: the header link is not inside the menu`);
      }
    });
  }

  test('signed in: the header and footer of signed-in pages', async () => {
    const b = await signUp(server, 'help-user@example.jp');
    for (const p of ['/home', '/account', '/org/new', '/help']) {
      const r = await b.get(p);
      assert.equal(r.status, 200, p);
      for (const tag of ['header', 'footer']) {
        assert.ok(linksIn(r.text, tag).some((l) => l.href === '/help'), `${p}: /help in the <${tag}>`);
      }
    }
  });
});

test('the stylesheet prints a situation on one A4 sheet without buttons or navigation', async () => {
  const html = (await get('/help/ransomware')).text;
  const css = (await get(stylesheetUrl(html))).text;
  const print = [...css.matchAll(/@media print\s*{([\s\S]*?)\n}/g)].map((m) => m[1]).join('\n');
  assert.match(print, /@page help-sheet\s*{[^}]*size:\s*A4/);
  assert.match(print, /body:has\(\.help-page\)\s*{\s*page:\s*help-sheet/);
  for (const hidden of ['.help-consult-top', '.help-link', 'body:has(.help-page) .site-footer']) {
    assert.ok(print.includes(hidden), `${hidden} hidden in print`);
  }
});
