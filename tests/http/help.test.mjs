// help.test.mjs — "/help" over real HTTP: every situation page in Japanese
// and English with its steps, what not to do, its contacts, the reporting
// duty where personal data may be involved and the consultation button;
// no script anywhere; unknown situations 404; the header and footer link
// of many pages (signed in or not, errors included); the address of the
// people who run the site (MAMORI_CONTACT_EMAIL) in the footer, on /help,
// on the refusal of /communities/new and on the 500 page, and nothing of
// it without one; the print
// stylesheet; the pages served with the database down; the firm's own
// support bundle (its profile) first among the contacts, for its members
// only. The experts directory: a profile written, refused when
// incomplete (nothing typed lost), approved or rejected by an administrator
// (audit-logged), public only while approved, back to review when changed,
// deleted; the public search by prefecture and skill, paged; no address
// published; the rights of each page.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  REPO_ROOT,
  assertCleanExit,
  freePort,
  makeTmpDir,
  newDatabase,
  request,
  runCli,
  sqlString,
  sqlite,
  startServer,
  stylesheetUrl,
} from './helpers.mjs';
import { Browser, ORG_FORM, createOrg, csrfOf, signUp } from './org_client.mjs';

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
      const list = /<nav class="help-situations"[\s\S]*?<\/nav>/.exec(r.text)[0];
      const hrefs = [...list.matchAll(/href="(\/help\/[^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(hrefs, Object.keys(SITUATIONS).map((s) => `/help/${s}`));
      // one tap from any page: the first hour of ransomware is on /help itself, the same steps as its page
      const first = /<section class="block help-first"[\s\S]*?<\/section>/.exec(r.text)[0];
      const steps = /<ol>[\s\S]*?<\/ol>/.exec(first)[0];
      const page = await get(`/help/ransomware?lang=${lang}`);
      assert.equal(/<ol>[\s\S]*?<\/ol>/.exec(mainOf(page.text))[0], steps);
      assert.ok(first.includes('href="/consultations/new?category=malware&amp;urgency=now"'));
      assert.ok(first.includes('href="/help/ransomware"'));
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

test('the hint under "ask for help" quotes the urgency as the consultation form labels it', async () => {
  const b = await signUp(server, 'help-hint@example.jp');
  await createOrg(b, { corporate_number: '', sole_proprietor: '1' });
  for (const lang of ['ja', 'en']) {
    const help = await b.get(`/help/ransomware?lang=${lang}`);
    const form = await b.get('/consultations/new?category=malware&urgency=now');
    const label = /<option value="now" selected>([^<]+)<\/option>/.exec(form.text)?.[1];
    assert.ok(label, `${lang}: the form has "now" chosen`);
    const quoted = lang === 'ja' ? `「${label}」` : `&quot;${label}&quot;`; // text escaped as HTML
    assert.ok(help.text.includes(quoted), `${lang}: the hint quotes ${quoted}`);
  }
  await b.get('/help?lang=ja');
});

test('a visitor is told before asking for help that asking needs a free account, and the steps do not', async () => {
  const ja = await get('/help/ransomware?lang=ja');
  assert.match(ja.text, /相談にはアカウント（無料、メールアドレスで作れます）が要ります。このページの手順には要りません。/);
  assert.match((await get('/help?lang=ja')).text, /相談にはアカウント（無料、メールアドレスで作れます）が要ります。/);
  const en = await get('/help/ransomware?lang=en');
  assert.match(en.text, /Asking needs an account \(free, made with your e-mail address\); the steps on this page do not\./);
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

test('the help pages answer while the database is down', async () => {
  // a throw-away PostgreSQL of its own (scripts/pg-test.sh), stopped under the server
  const pgTest = (...args) => {
    const r = spawnSync(path.join(REPO_ROOT, 'scripts', 'pg-test.sh'), args, { encoding: 'utf8' });
    assert.equal(r.status, 0, `scripts/pg-test.sh ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const dir = makeTmpDir();
  const serverDir = makeTmpDir();
  const url = pgTest('start', dir);
  let own;
  try {
    // its own directory for the mail (sign-up) on either store
    own = await startServer({ dbPath: url, tmpDir: serverDir, env: { MAMORI_MAIL_DIR: path.join(serverDir, 'mail') } });
    assert.equal((await request(own.port, '/help/ransomware')).status, 200, 'with the database');
    // a member of a firm with a support bundle, signed in before the database goes
    const firm = await signUp(own, 'down-owner@example.jp');
    await createOrg(firm, { name: 'くもり工業', corporate_number: '', sole_proprietor: '1', capital: '',
      support_name: '雨宿りサポート', support_phone: '03-0000-1111' });
    assert.match((await firm.get('/help')).text, /雨宿りサポート/, 'with the database');
    pgTest('stop', dir);
    for (const p of ['/help', '/help/ransomware', '/help/data-leak?lang=en']) {
      for (const [who, r] of [['anonymous', await request(own.port, p)], ['signed in', await firm.get(p)]]) {
        assert.equal(r.status, 200, `${p} without the database (${who})`);
        assert.match(r.text, /href="\/consultations\/new\?category=/);
        assert.doesNotMatch(r.text, /雨宿りサポート/, `${p}: nothing read without the database`);
      }
    }
    assert.ok((await request(own.port, '/experts')).status >= 500, 'a page that needs the database fails');
  } finally {
    await own?.stop();
    spawnSync(path.join(REPO_ROOT, 'scripts', 'pg-test.sh'), ['stop', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(serverDir, { recursive: true, force: true });
  }
});


// ---- the firm's support bundle ------------------------------------------------

describe("the firm's support bundle", () => {
  const SUPPORT = Object.freeze({
    support_name: '見守りネット株式会社',
    support_phone: '０１２０－１２３－４５６',
    support_url: 'https://mimamori.example.jp/desk',
  });
  let owner;
  let member;
  let stranger;

  /** The <li> of the support bundle on a page, or undefined. */
  const supportItem = (html) => /<li class="help-support">[\s\S]*?<\/li>/.exec(html)?.[0];

  before(async () => {
    owner = await signUp(server, 'bundle-owner@example.jp');
    await createOrg(owner, { name: 'あおば印刷株式会社', corporate_number: '', sole_proprietor: '1', capital: '' });
    member = await signUp(server, 'bundle-member@example.jp');
    db(`INSERT INTO membership (organisation_id, user_id, role, created_at)
        SELECT o.id, u.id, 'member', 0 FROM organisation o, "user" u
        WHERE o.name = 'あおば印刷株式会社' AND u.email = 'bundle-member@example.jp'`);
    stranger = await signUp(server, 'bundle-stranger@example.jp');
    await createOrg(stranger, { name: 'みどり食堂', corporate_number: '', sole_proprietor: '1', capital: '' });
  });

  test('the form keeps the contract, folded while empty, and refuses what cannot be right', async () => {
    const edit = await owner.get('/org/edit');
    assert.match(edit.text, /<details class="org-support">/, 'folded while empty');
    assert.match(edit.text, /<summary>契約しているサポートサービス <span class="optional-mark">任意<\/span><\/summary>/);
    const bad = await owner.submit('/org/edit', {
      ...ORG_FORM, name: 'あおば印刷株式会社', corporate_number: '', sole_proprietor: '1', capital: '',
      support_name: '', support_phone: '0120-12', support_url: 'javascript:alert(1)',
    });
    assert.equal(bad.status, 422);
    for (const field of ['support_name', 'support_phone', 'support_url']) {
      assert.match(bad.text, new RegExp(`<a href="#${field}">`), `summary links to ${field}`);
      assert.match(bad.text, new RegExp(`id="${field}-error"`), `message beside ${field}`);
    }
    assert.match(bad.text, /<details class="org-support" open>/, 'unfolded to show its errors');
    assert.match(bad.text, /value="0120-12"/);
    assert.match(bad.text, /value="javascript:alert\(1\)"/);
    const long = await owner.submit('/org/edit', {
      ...ORG_FORM, name: 'あおば印刷株式会社', corporate_number: '', sole_proprietor: '1', capital: '',
      support_name: 'あ'.repeat(101),
    });
    assert.equal(long.status, 422, 'a name over 100 characters');
    assert.match(long.text, /id="support_name-error"/);

    const ok = await owner.submit('/org/edit', {
      ...ORG_FORM, name: 'あおば印刷株式会社', corporate_number: '', sole_proprietor: '1', capital: '', ...SUPPORT,
    });
    assert.equal(ok.status, 303, ok.text.slice(0, 600));
    const again = await owner.get('/org/edit');
    assert.match(again.text, /<details class="org-support" open>/);
    assert.match(again.text, /value="0120-123-456"/, 'the phone number is normalised');
    const page = await owner.get('/org');
    assert.match(page.text, /見守りネット株式会社<br><a href="tel:0120123456">0120-123-456<\/a><br><a href="https:\/\/mimamori\.example\.jp\/desk"/);
    const exported = JSON.parse((await owner.get('/org/export.json')).text);
    assert.deepEqual(exported.organisation.support_bundle, {
      name: '見守りネット株式会社', phone: '0120-123-456', url: 'https://mimamori.example.jp/desk',
    });
  });

  test("/help names it first to the firm's members, and to nobody else", async () => {
    for (const p of ['/help', '/help/ransomware', '/help/fraud-payment']) {
      for (const who of [owner, member]) {
        const r = await who.get(p);
        assert.equal(r.status, 200);
        const item = supportItem(r.text);
        assert.ok(item, `${p}: the support bundle for ${who.email}`);
        assert.match(item, /契約しているサポートサービス/);
        assert.match(item, /見守りネット株式会社/);
        assert.match(item, /href="tel:0120123456"/);
        assert.match(item, /href="https:\/\/mimamori\.example\.jp\/desk"/);
        const list = /<ul>\s*<li[^>]*>[\s\S]*?<\/li>/g;
        const lists = [...mainOf(r.text).matchAll(list)].map((m) => m[0]);
        assert.ok(lists.some((l) => l.includes('class="help-support"')), `${p}: first item of a list`);
      }
      for (const [label, html] of [
        ['anonymous', (await get(p)).text],
        ['another firm', (await stranger.get(p)).text],
      ]) {
        assert.equal(supportItem(html), undefined, `${p}: ${label} does not see it`);
        assert.doesNotMatch(html, /見守りネット/, `${p}: ${label}`);
      }
    }
    // in English too (?lang=en stays for the browser: last)
    const en = await member.get('/help/ransomware?lang=en');
    assert.match(supportItem(en.text), /<strong>Your support service<\/strong>: 見守りネット株式会社/);
  });
});

// ---- whom to write to about the site itself (MAMORI_CONTACT_EMAIL) ----------

describe("the site's contact address", () => {
  // Capitals, an apostrophe, '&' and '+': normalised as sign-up reads
  // addresses, escaped in the text, percent-encoded in the mailto: URL.
  const SETTING = "O'Brien&Co+Desk@Example.jp";
  const LINK = '<a href="mailto:o%27brien%26co%2Bdesk@example.jp">o&#39;brien&amp;co+desk@example.jp</a>';
  const FOOTER_LABEL = { ja: 'このサイトについてのお問い合わせ：', en: 'Questions about this site: ' };
  const PAGES = ['/', '/rules', '/help', '/help/ransomware', '/login', '/no-such-page'];
  let withContact;

  before(async () => {
    withContact = await startServer({ env: { MAMORI_CONTACT_EMAIL: SETTING } });
  });
  after(async () => assertCleanExit(await withContact?.stop()));

  const footerOf = (html) => /<footer[\s\S]*?<\/footer>/.exec(html)[0];

  /** What a page answers while the table of communities is away: a 500. */
  async function pageWithoutCommunities(srv, lang) {
    sqlite(srv.dbPath, 'ALTER TABLE community RENAME TO community_away');
    try {
      return await request(srv.port, `/communities?lang=${lang}`);
    } finally {
      sqlite(srv.dbPath, 'ALTER TABLE community_away RENAME TO community');
    }
  }

  for (const lang of ['ja', 'en']) {
    test(`the footer of every page links it, under its label (${lang})`, async () => {
      for (const p of PAGES) {
        const r = await request(withContact.port, `${p}?lang=${lang}`);
        assert.ok(footerOf(r.text).includes(`<p class="footer-contact">${FOOTER_LABEL[lang]}${LINK}</p>`), `${p}: ${footerOf(r.text)}`);
      }
    });
  }

  test('/help says whom to write to about the site, apart from the consultations', async () => {
    for (const [lang, heading, consult] of [
      ['ja', 'このサイトについてのお問い合わせ', '「相談する」'],
      ['en', 'Questions about this site', '&quot;Ask for help&quot;'],
    ]) {
      const main = mainOf((await request(withContact.port, `/help?lang=${lang}`)).text);
      const section = /<section class="block help-site-contact"[\s\S]*?<\/section>/.exec(main)?.[0];
      assert.ok(section, `${lang}: a section of its own`);
      assert.ok(section.includes(`>${heading}</h2>`), section);
      assert.ok(section.includes(LINK), section);
      assert.ok(section.includes(consult), `${lang}: security questions go to the consultations`);
      assert.ok(main.indexOf('help-consult"') < main.indexOf('help-site-contact'), 'after the consultations');
      // the contacts for an incident stay as they were
      assert.doesNotMatch(/<section class="block help-contacts"[\s\S]*?<\/section>/.exec(main)[0], /mailto:/);
    }
  });

  test('the refusal of /communities/new gives it as where to ask', async () => {
    const user = await signUp(withContact, 'wants-a-community@example.jp');
    for (const [lang, lead] of [['ja', '依頼は、次のアドレスへメールで送ってください：'], ['en', 'Send your request by e-mail to: ']]) {
      const r = await user.get(`/communities/new?lang=${lang}`);
      assert.equal(r.status, 403);
      assert.ok(mainOf(r.text).includes(`<p class="error-contact">${lead}${LINK}</p>`), mainOf(r.text));
    }
  });

  test('the 500 page gives it with the reference number', async () => {
    for (const lang of ['ja', 'en']) {
      const r = await pageWithoutCommunities(withContact, lang);
      assert.equal(r.status, 500);
      const main = mainOf(r.text);
      assert.match(main, /<dl class="reference">/);
      assert.match(main, new RegExp(`<p class="error-contact">[^<]+${LINK.replace(/[.+?]/g, '\\$&')}</p>`));
    }
    // the 404 page does not: it is not a problem to report
    assert.doesNotMatch(mainOf((await request(withContact.port, '/no-such-page')).text), /mailto:/);
  });

  test('/.well-known/security.txt gives it for reporting a weakness (RFC 9116), expiring within a year', async () => {
    const r = await request(withContact.port, '/.well-known/security.txt');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/plain; charset=utf-8/);
    const fields = Object.fromEntries(r.text.trim().split('\n').map((line) => {
      const colon = line.indexOf(': ');
      return [line.slice(0, colon), line.slice(colon + 2)];
    }));
    assert.equal(fields.Contact, 'mailto:o%27brien%26co%2Bdesk@example.jp');
    assert.equal(fields['Preferred-Languages'], 'ja, en');
    assert.match(fields.Canonical, /^http:\/\/[^/]+\/\.well-known\/security\.txt$/);
    const expires = Date.parse(fields.Expires);
    assert.match(fields.Expires, /^\d{4}-\d\d-\d\dT00:00:00Z$/);
    assert.ok(expires > Date.now() + 30 * 86400e3 && expires < Date.now() + 365 * 86400e3, fields.Expires);
  });

  test('unset, no page mentions a contact', async () => {
    assert.equal((await get('/.well-known/security.txt')).status, 404, 'no security.txt without an address');
    for (const p of PAGES) {
      const r = await get(p);
      assert.doesNotMatch(r.text, /mailto:|footer-contact|help-site-contact|error-contact/, p);
    }
    const user = await signUp(server, 'no-contact-community@example.jp');
    const refused = await user.get('/communities/new');
    assert.equal(refused.status, 403);
    assert.match(refused.text, /このサイトを運営する管理者に/, 'the refusal reads as before');
    assert.doesNotMatch(refused.text, /mailto:|error-contact/);
    const failed = await pageWithoutCommunities(server, 'ja');
    assert.equal(failed.status, 500);
    assert.doesNotMatch(failed.text, /mailto:|error-contact/);
  });

  test('a value that is not an address stops serve with one line', async () => {
    for (const bad of ['info@example', 'info@example.jp, other@example.jp', '<info@example.jp>']) {
      const dir = makeTmpDir();
      try {
        const port = await freePort();
        const r = runCli(['serve', '--listen', `127.0.0.1:${port}`, '--db', newDatabase(dir), '--threads', '1'], {
          env: { MAMORI_CONTACT_EMAIL: bad, MAMORI_MAIL_DIR: path.join(dir, 'mail'), MAMORI_OPEN_DATA_DIR: path.join(dir, 'open-data') },
          timeoutMs: 15_000,
        });
        assert.ok(!r.timedOut && r.status !== 0 && r.signal === null, `${bad}: ${r.status} ${r.stderr}`);
        const lines = r.stderr.replace(/\n$/, '').split('\n');
        assert.equal(lines.length, 1, `${bad}: one line\n${r.stderr}`);
        assert.match(lines[0], /MAMORI_CONTACT_EMAIL/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});

// ---- the experts directory --------------------------------------------------

const ADMIN_PASSWORD = 'granite lighthouse keeps watch';
const db = (sql) => sqlite(server.dbPath, sql);
const one = (sql) => db(sql)[0];

/** A signed-in administrator made with `mamori admin create`. */
async function makeAdmin(email) {
  const r = runCli(['admin', 'create', '--email', email, '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
  assert.equal(r.status, 0, r.stderr);
  const b = new Browser(server.port);
  const link = new URL(r.stdout.trim()).pathname;
  assert.equal((await b.submit(link, { password: ADMIN_PASSWORD })).status, 303, 'welcome');
  const login = await b.submit('/login', { email, password: ADMIN_PASSWORD, next: '' });
  assert.equal(login.status, 303, 'administrator log-in');
  return b;
}

const PROFILE = Object.freeze({
  name: '安全ラボ 山田',
  kind: 'security_specialist',
  qualifications: '情報処理安全確保支援士 第012345号\nセキュリティプレゼンター 登録済み',
  introduction: '製造業と医療機関の支援が得意です。',
  pref_13: '1',
  pref_14: '1',
  skill_malware: '1',
  skill_data_leak: '1',
  lang_ja: '1',
  lang_en: '1',
  takes_consultations: '1',
  consent: '1',
});

const publicIds = async (query = '') => [...(await get(`/experts${query}`)).text.matchAll(/<h2><a href="\/experts\/(\d+)">/g)].map((m) => m[1]);

describe('experts directory', () => {
  let admin;
  let author;
  let id;

  before(async () => {
    admin = await makeAdmin('boss-experts@example.jp');
    author = await signUp(server, 'expert-author@example.jp');
  });

  test('the profile form needs an account', async () => {
    const r = await get('/experts/profile');
    assert.equal(r.status, 303);
    assert.match(r.headers.location, /^\/login\?next=%2Fexperts%2Fprofile/);
  });

  test('an incomplete profile is refused with every error and nothing typed lost', async () => {
    const r = await author.submit('/experts/profile', { name: '入力した名前', qualifications: '', kind: 'wizard', pref_99: '1', skill_magic: '1' });
    assert.equal(r.status, 422);
    for (const key of ['experts.error.qualifications', 'experts.error.kind', 'experts.error.prefectures', 'experts.error.skills',
      'experts.error.languages', 'experts.error.consent']) {
      const ja = JSON.parse(fs.readFileSync(new URL('../../content/i18n/experts.ja.json', import.meta.url)))[key];
      assert.ok(r.text.includes(ja), `error shown: ${key}`);
    }
    assert.match(r.text, /value="入力した名前"/);
    assert.equal(one('SELECT count(*) FROM expert'), '0');
  });

  test('limits: a name too long or with a line break, text with control characters', async () => {
    for (const bad of [{ name: 'あ'.repeat(101) }, { name: 'a\nb' }, { qualifications: 'x\u0007y' }, { introduction: 'i'.repeat(1001) }]) {
      const r = await author.submit('/experts/profile', { ...PROFILE, ...bad });
      assert.equal(r.status, 422, JSON.stringify(bad).slice(0, 40));
    }
    assert.equal(one('SELECT count(*) FROM expert'), '0');
  });

  test('a profile is saved waiting for review, with an audit line, and is not public', async () => {
    const r = await author.submit('/experts/profile', PROFILE);
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/experts/profile?notice=submitted');
    const page = await author.get('/experts/profile');
    assert.match(page.text, /確認待ち/);
    assert.match(page.text, /value="安全ラボ 山田"/);
    assert.match(page.text, /name="pref_13" value="1" checked/);
    assert.doesNotMatch(page.text, /name="pref_1" value="1" checked/);
    id = one(`SELECT e.id FROM expert e JOIN "user" u ON u.id = e.user_id WHERE u.email = 'expert-author@example.jp'`);
    assert.equal(one(`SELECT status FROM expert WHERE id = ${id}`), 'pending');
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'expert.submit'`), '1');
    assert.equal((await get(`/experts/${id}`)).status, 404);
    assert.ok(!(await publicIds()).includes(id));
  });

  test('only administrators see the review pages', async () => {
    for (const p of ['/admin/experts', `/admin/experts/${id}`]) {
      assert.equal((await author.get(p)).status, 404, `${p} for a user`);
      assert.equal((await admin.get(p)).status, 200, `${p} for an administrator`);
    }
    const tokenPage = await author.get('/experts/profile');
    const forged = await author.req('POST', `/admin/experts/${id}/approve`, { form: { csrf: csrfOf(tokenPage.text) } });
    assert.equal(forged.status, 404);
    assert.equal(one(`SELECT status FROM expert WHERE id = ${id}`), 'pending');
    assert.match((await admin.get('/admin/experts')).text, new RegExp(`href="/admin/experts/${id}">安全ラボ 山田<`));
  });

  test('a rejection is asked first, on a page that names the profile and holds the reason', async () => {
    const profile = await admin.get(`/admin/experts/${id}`);
    assert.match(profile.text, new RegExp(`<a class="button button-secondary" href="/admin/experts/${id}/reject">公開しない</a>`));
    assert.doesNotMatch(profile.text, /<textarea id="reason"/, 'the profile page does not reject in one click');
    const ask = await admin.get(`/admin/experts/${id}/reject`);
    assert.equal(ask.status, 200);
    assert.match(ask.text, /<h1>このプロフィールを公開しない<\/h1>/);
    assert.match(ask.text, /<p class="lead">安全ラボ 山田<\/p>/, 'the profile is named');
    assert.match(ask.text, /専門家の一覧に出なくなります/);
    assert.match(ask.text, new RegExp(`<form method="post" action="/admin/experts/${id}/reject" novalidate>`));
    assert.match(ask.text, /<textarea id="reason" name="reason"/);
    assert.match(ask.text, new RegExp(`<a href="/admin/experts/${id}">やめて戻る</a>`));
    assert.equal(one(`SELECT status FROM expert WHERE id = ${id}`), 'pending', 'asking changes nothing');
    assert.equal((await author.get(`/admin/experts/${id}/reject`)).status, 404);
    const empty = await admin.submit(`/admin/experts/${id}/reject`, { reason: '' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /<h1>このプロフィールを公開しない<\/h1>/, 'a refused reason is asked for again on the same page');
    assert.match(empty.text, /aria-invalid="true"/);
  });

  test('a rejection needs a reason; the author reads it; the profile stays private', async () => {
    const empty = await admin.submit(`/admin/experts/${id}`, { reason: '  ' }, `/admin/experts/${id}/reject`);
    assert.equal(empty.status, 422);
    const r = await admin.submit(`/admin/experts/${id}`, { reason: '登録番号を確認できませんでした。' }, `/admin/experts/${id}/reject`);
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, `/admin/experts/${id}?notice=rejected`);
    assert.match((await author.get('/experts/profile')).text, /登録番号を確認できませんでした。/);
    assert.equal((await get(`/experts/${id}`)).status, 404);
    assert.match(one(`SELECT detail FROM audit WHERE action = 'expert.reject'`), /登録番号を確認できませんでした/);
    // a refused change keeps showing where the stored profile stands
    const refused = await author.submit('/experts/profile', { ...PROFILE, consent: '' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /登録番号を確認できませんでした。/);
    assert.equal(one(`SELECT status FROM expert WHERE id = ${id}`), 'rejected');
  });

  test('a rejected profile has no rejection to ask about: its page is where to go', async () => {
    const r = await admin.get(`/admin/experts/${id}/reject`);
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, `/admin/experts/${id}`);
  });

  test('after a change it is reviewed again; approval publishes it without any address', async () => {
    assert.equal((await author.submit('/experts/profile', { ...PROFILE, qualifications: '情報処理安全確保支援士 第012346号' })).status, 303);
    assert.equal(one(`SELECT status FROM expert WHERE id = ${id}`), 'pending');
    assert.equal(one(`SELECT reject_reason FROM expert WHERE id = ${id}`) ?? '', '');
    const r = await admin.submit(`/admin/experts/${id}`, {}, `/admin/experts/${id}/approve`);
    assert.equal(r.headers.location, `/admin/experts/${id}?notice=approved`);
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'expert.approve'`), '1');
    for (const lang of ['ja', 'en']) {
      const p = await get(`/experts/${id}?lang=${lang}`);
      assert.equal(p.status, 200);
      assert.match(p.text, /安全ラボ 山田/);
      assert.match(p.text, lang === 'ja' ? /東京都、神奈川県/ : /Tokyo, Kanagawa/);
      assert.ok(p.text.includes(`href="/consultations/new?expert=${id}"`), 'contact through a consultation');
      assert.doesNotMatch(p.text, /expert-author@example\.jp|mailto:/, 'no address published');
    }
    // changed again: out of the list until approved again
    assert.equal((await author.submit('/experts/profile', PROFILE)).status, 303);
    assert.equal((await get(`/experts/${id}`)).status, 404);
    assert.equal((await admin.submit(`/admin/experts/${id}`, {}, `/admin/experts/${id}/approve`)).status, 303);
  });

  test('search by prefecture and skill, paged, with filters that cannot be read ignored', async () => {
    // 24 more approved profiles: prefecture 1 + (i % 3), skill bit i % 2 (malware, unauthorised_access), one waiting
    for (let i = 0; i < 25; i++) {
      const uid = one(`INSERT INTO "user" (email, password_hash, created_at) VALUES (${sqlString(`x${i}@experts.example.jp`)}, '!', 1) RETURNING id`);
      db(`INSERT INTO expert (user_id, name, kind, qualifications, prefectures, skills, languages, takes_consultations, status,
          consented_at, created_at, updated_at) VALUES (${uid}, ${sqlString(`専門家${i}`)}, 'other', 'q', ${1 << (i % 3)}, ${1 << (i % 2)},
          1, FALSE, ${sqlString(i === 24 ? 'pending' : 'approved')}, 1, 1, 1)`);
    }
    const all = await publicIds();
    assert.equal(all.length, 20, 'first page: 20');
    const page2 = await publicIds('?page=2');
    assert.equal(page2.length, 5, 'second page: the other 5 (25 approved)');
    assert.match((await get('/experts')).text, /href="\/experts\?page=2"/);
    const hokkaido = await publicIds('?prefecture=1');
    assert.equal(hokkaido.length, 8);
    const tokyo = await publicIds('?prefecture=13');
    assert.deepEqual(tokyo, [id]);
    const malware = await get('/experts?skill=malware&page=1');
    assert.equal([...malware.text.matchAll(/<h2><a href/g)].length, 13);
    const both = await publicIds('?prefecture=2&skill=unauthorised_access');
    assert.equal(both.length, 4);
    const paged = await get('/experts?prefecture=1&skill=malware');
    assert.match(paged.text, /<option value="1" selected>北海道/);
    assert.match(paged.text, /<option value="malware" selected>/);
    const bad = await get('/experts?prefecture=48&skill=%3Cscript%3E');
    assert.equal(bad.status, 200);
    assert.match(bad.text, /読み取れなかった/);
    assert.doesNotMatch(bad.text, /<script>/);
    assert.equal((await get('/experts?prefecture=1&prefecture=2')).status, 200);
    const beyond = await publicIds('?page=99');
    assert.deepEqual(beyond, page2, 'a page past the end shows the last one');
  });

  test("the account's export holds the profile", async () => {
    const r = await author.get('/account/export.json');
    assert.equal(r.status, 200);
    const p = JSON.parse(r.text).expert_profile;
    assert.equal(p.id, Number(id));
    assert.equal(p.name, '安全ラボ 山田');
    assert.deepEqual(p.prefectures, [13, 14]);
    assert.deepEqual(p.skills, ['malware', 'data_leak']);
    assert.deepEqual(p.languages, ['ja', 'en']);
    assert.equal(p.status, 'approved');
    assert.equal(p.takes_consultations, true);
    assert.equal(JSON.parse((await admin.get('/account/export.json')).text).expert_profile, null);
  });

  test('the author deletes the profile after a confirmation', async () => {
    const ask = await author.get('/experts/profile/delete');
    assert.equal(ask.status, 200);
    assert.match(ask.text, /安全ラボ 山田/);
    assert.equal(one(`SELECT count(*) FROM expert WHERE id = ${id}`), '1', 'asking deletes nothing');
    const r = await author.submit('/experts/profile/delete', {});
    assert.equal(r.headers.location, '/experts/profile?notice=deleted');
    assert.equal(one(`SELECT count(*) FROM expert WHERE id = ${id}`), '0');
    assert.equal((await get(`/experts/${id}`)).status, 404);
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'expert.delete'`), '1');
  });

  test('the directory is linked from / and the administration overview', async () => {
    assert.match((await get('/')).text, /href="\/experts"/);
    assert.match((await admin.get('/admin')).text, /href="\/admin\/experts"/);
  });
});
