// news.test.mjs — news: an administrator's site news and a community's
// news written by its organisers; drafts and scheduled articles invisible
// to the public until their time; the "updated on" note; slugs unique and
// fixed once published; who may write (administrator, organiser of the
// community, organiser of another, member, outsider, anonymous); the Atom
// feeds, parsed, with ids that do not change; the weekly digest that
// users opt into, sent only when something is new, with a one-click link
// that needs no log-in and the List-Unsubscribe headers.
//
// One server for the file, restarted (as the next week would) to run the
// digest; accounts made by signing up, promoted or made organisers in the
// database as the communities' pages would.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertCleanExit, makeTmpDir, newDatabase, request, sleep, sqlString, sqlite, startServer, waitFor } from './helpers.mjs';
import { Browser, csrfOf, mailsTo, nextMail, signUp } from './org_client.mjs';

let server;
let tmpDir;
let dbPath;
const db = (sql) => sqlite(dbPath, sql);
const one = (sql) => db(sql)[0];
const tag = `${process.pid}`;
const email = (who) => `news-${who}-${tag}@example.jp`;
const b = {}; // signed-in browsers by actor
let anon;
let north; // the community the organiser runs
let south; // another community

async function restart() {
  assertCleanExit(await server.stop(), 'mamori serve');
  server = await startServer({ tmpDir, dbPath });
  for (const x of [...Object.values(b), anon]) x.port = server.port;
}

function userId(who) {
  return one(`SELECT id FROM "user" WHERE email = ${sqlString(email(who))}`);
}

function addCommunity(name) {
  db(`INSERT INTO community (name, prefectures, industry, description, join_policy, created_at, updated_at)
      VALUES (${sqlString(name)}, 1, '', 'test', 'open', 1, 1)`);
  return one(`SELECT id FROM community WHERE name = ${sqlString(name)}`);
}

const now = () => Math.floor(Date.now() / 1000);

/** A strict little XML parser (well-formedness: one root, tags nested and
 * closed, attributes quoted, only the five entities and character
 * references): a tree of {name, attrs, children, text}. Throws on any
 * fault, as a feed reader would. */
function parseXml(src) {
  let i = 0;
  const decode = (s) => {
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bad entity in ${s.slice(0, 40)}`);
    if (/[<]/.test(s)) throw new Error('a bare < in text');
    return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e) =>
      ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ??
      String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
  };
  if (!src.startsWith('<?xml ')) throw new Error('no XML declaration');
  i = src.indexOf('?>') + 2;
  const skipSpace = () => { while (/\s/.test(src[i] ?? '')) i++; };
  function element() {
    const open = /^<([A-Za-z_][\w.:-]*)/.exec(src.slice(i));
    if (!open) throw new Error(`expected an element at ${i}: ${src.slice(i, i + 30)}`);
    const node = { name: open[1], attrs: {}, children: [], text: '' };
    i += open[0].length;
    for (;;) {
      skipSpace();
      if (src.startsWith('/>', i)) { i += 2; return node; }
      if (src[i] === '>') { i++; break; }
      const a = /^([A-Za-z_][\w.:-]*)="([^"<]*)"/.exec(src.slice(i));
      if (!a) throw new Error(`bad attribute at ${i}: ${src.slice(i, i + 30)}`);
      if (a[1] in node.attrs) throw new Error(`attribute ${a[1]} twice`);
      node.attrs[a[1]] = decode(a[2]);
      i += a[0].length;
    }
    for (;;) {
      const lt = src.indexOf('<', i);
      if (lt < 0) throw new Error(`unclosed <${node.name}>`);
      node.text += decode(src.slice(i, lt));
      i = lt;
      if (src.startsWith(`</${node.name}>`, i)) { i += node.name.length + 3; return node; }
      if (src.startsWith('</', i)) throw new Error(`mismatched close at ${i}: ${src.slice(i, i + 20)}`);
      node.children.push(element());
    }
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== src.length) throw new Error('content after the root element');
  return root;
}

const kids = (node, name) => node.children.filter((c) => c.name === name);
const kid = (node, name) => kids(node, name)[0];
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** The feed at path, checked against RFC 4287's requirements. */
async function feed(path) {
  const r = await anon.get(path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  assert.match(r.headers['content-type'], /^application\/atom\+xml/);
  const f = parseXml(r.text);
  assert.equal(f.name, 'feed');
  assert.equal(f.attrs.xmlns, 'http://www.w3.org/2005/Atom');
  assert.equal(kids(f, 'id').length, 1);
  assert.equal(kids(f, 'title').length, 1);
  assert.equal(kids(f, 'updated').length, 1);
  assert.match(kid(f, 'updated').text, RFC3339);
  const self = kids(f, 'link').find((l) => l.attrs.rel === 'self');
  assert.ok(self, 'a link rel="self"');
  assert.equal(new URL(self.attrs.href).pathname, path);
  const entries = kids(f, 'entry').map((e) => {
    for (const n of ['id', 'title', 'updated', 'published']) assert.equal(kids(e, n).length, 1, `entry ${n}`);
    assert.match(kid(e, 'updated').text, RFC3339);
    assert.ok(kid(kid(e, 'author'), 'name').text, 'an author with a name');
    const link = kids(e, 'link').find((l) => l.attrs.rel === 'alternate');
    const content = kid(e, 'content');
    if (content) assert.equal(content.attrs.type, 'html');
    return {
      id: kid(e, 'id').text,
      title: kid(e, 'title').text,
      path: new URL(link.attrs.href).pathname,
      summary: kid(e, 'summary')?.text,
      content: content?.text,
      categories: kids(e, 'category').map((c) => c.attrs.term),
      updated: kid(e, 'updated').text,
    };
  });
  return { id: kid(f, 'id').text, title: kid(f, 'title').text, entries };
}

/** Writes an article through an editor form; the response. */
async function write(browser, base, fields, id = 'new') {
  const form = `${base}/${id}`;
  return browser.submit(form, {
    title: 'タイトル',
    summary: '要約',
    body: '本文',
    tags: '',
    author: '運営者',
    publish: 'now',
    publish_date: '',
    publish_time: '',
    ...fields,
  });
}

function idOfSaved(r) {
  assert.equal(r.status, 303, `saving: ${r.status} ${r.text.slice(0, 1500)}`);
  const m = /\/(\d+)\?notice=saved$/.exec(r.headers.location);
  assert.ok(m, r.headers.location);
  return m[1];
}

before(async () => {
  tmpDir = makeTmpDir();
  dbPath = newDatabase(tmpDir);
  server = await startServer({ tmpDir, dbPath });
  anon = new Browser(server.port);
  for (const who of ['admin', 'organiser', 'other', 'member', 'outsider']) b[who] = await signUp(server, email(who));
  db(`UPDATE "user" SET is_admin = TRUE WHERE email = ${sqlString(email('admin'))}`);
  north = addCommunity(`北のセキュリティ会 ${tag}`);
  south = addCommunity(`南の医療機関の会 ${tag}`);
  db(`INSERT INTO community_organiser (community_id, user_id, added_at) VALUES (${north}, ${userId('organiser')}, 1)`);
  db(`INSERT INTO community_organiser (community_id, user_id, added_at) VALUES (${south}, ${userId('other')}, 1)`);
  db(`INSERT INTO community_member (community_id, user_id, status, requested_at, joined_at)
      VALUES (${north}, ${userId('member')}, 'active', 1, 1)`);
});

after(async () => {
  if (server) assertCleanExit(await server.stop(), 'mamori serve');
});

describe('site news by an administrator', () => {
  let draftId;

  test('a draft is invisible to the public and shown to its writers with a note', async () => {
    draftId = idOfSaved(await write(b.admin, '/admin/news', { title: `下書きの記事 ${tag}`, slug: `draft-${tag}`, publish: 'draft' }));
    for (const who of [anon, b.outsider, b.member, b.organiser]) {
      assert.equal((await who.get(`/news/draft-${tag}`)).status, 404);
      assert.ok(!(await who.get('/news')).text.includes(`下書きの記事 ${tag}`));
    }
    const own = await b.admin.get(`/news/draft-${tag}`);
    assert.equal(own.status, 200);
    assert.match(own.text, /下書きです/);
    assert.ok(!(await feed('/news.atom')).entries.some((e) => e.path === `/news/draft-${tag}`));
    const list = await b.admin.get('/admin/news');
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(`下書きの記事 ${tag}`), 'the editors\' list has drafts');
  });

  test('published, it is on /news, its page and the feed; a draft slug could still change', async () => {
    const r = await write(b.admin, '/admin/news', { title: `公開した記事 ${tag}`, slug: `published-${tag}`, publish: 'now' }, draftId);
    assert.equal(idOfSaved(r), draftId);
    const list = await anon.get('/news');
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(`公開した記事 ${tag}`));
    assert.ok(list.text.includes(`href="/news/published-${tag}"`));
    const page = await anon.get(`/news/published-${tag}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /更新日/);
    assert.equal((await anon.get(`/news/draft-${tag}`)).status, 404, 'the old slug is gone');
  });

  test('a published slug stays; a taken one is refused; the form keeps what was typed', async () => {
    const moved = await write(b.admin, '/admin/news', { title: `公開した記事 ${tag}`, slug: `moved-${tag}` }, draftId);
    assert.equal(moved.status, 422);
    assert.match(moved.text, /公開した記事のアドレスは変えられません/);
    const taken = await write(b.admin, '/admin/news', { title: `もう一つ ${tag}`, slug: `published-${tag}`, body: '残る本文' });
    assert.equal(taken.status, 422);
    assert.match(taken.text, /ほかの記事が使っています/);
    assert.ok(taken.text.includes('残る本文'), 'nothing typed is lost');
    for (const publish of ['draft', 'at']) {
      const back = await write(b.admin, '/admin/news', {
        title: `公開した記事 ${tag}`, slug: `published-${tag}`, publish, publish_date: '2099-01-01', publish_time: '09:00',
      }, draftId);
      assert.equal(back.status, 422, `back to ${publish}`);
      assert.match(back.text, /下書きや公開予約に戻せません/);
    }
    assert.equal((await anon.get(`/news/published-${tag}`)).status, 200, 'still public');
    for (const slug of ['A-B', 'a--b', 'ab', '-abc', 'a b c', 'セミナー']) {
      const bad = await write(b.admin, '/admin/news', { slug });
      assert.equal(bad.status, 422, `slug ${slug}`);
    }
  });

  test('a change after publication shows "updated on"', async () => {
    const r = await write(b.admin, '/admin/news', { title: `公開した記事 ${tag}`, slug: `published-${tag}`, body: '直した本文' }, draftId);
    assert.equal(r.status, 303);
    db(`UPDATE news_article SET publish_at = publish_at - 86400, changed_at = changed_at WHERE id = ${draftId}`);
    const page = await anon.get(`/news/published-${tag}`);
    assert.match(page.text, /<\/time>（更新日 \d{4}年\d+月\d+日）/);
    assert.ok(page.text.includes('直した本文'));
    const en = await new Browser(server.port).get(`/news/published-${tag}?lang=en`);
    assert.match(en.text, /<\/time> \(updated on \d+ [A-Z][a-z]{2} \d{4}\)/, 'English brackets in English');
  });

  test('a scheduled article appears at its time, with no job', async () => {
    const at = new Date((now() + 2 * 86400 + 9 * 3600) * 1000).toISOString();
    const id = idOfSaved(await write(b.admin, '/admin/news', {
      title: `予約した記事 ${tag}`, slug: `scheduled-${tag}`, publish: 'at',
      publish_date: at.slice(0, 10), publish_time: at.slice(11, 16),
    }));
    assert.equal((await anon.get(`/news/scheduled-${tag}`)).status, 404);
    assert.ok(!(await anon.get('/news')).text.includes(`予約した記事 ${tag}`));
    assert.match((await b.admin.get(`/news/scheduled-${tag}`)).text, /公開予約中です/);
    // a time in the past is no schedule
    const past = await write(b.admin, '/admin/news', { slug: `past-${tag}`, publish: 'at', publish_date: '2020-01-01', publish_time: '09:00' });
    assert.equal(past.status, 422);
    assert.match(past.text, /いまより後にしてください/);
    // its time comes
    db(`UPDATE news_article SET publish_at = ${now() - 5} WHERE id = ${id}`);
    assert.equal((await anon.get(`/news/scheduled-${tag}`)).status, 200);
    assert.ok((await anon.get('/news')).text.includes(`予約した記事 ${tag}`));
  });

  test('CommonMark is rendered safely: raw HTML and javascript: links are dropped', async () => {
    idOfSaved(await write(b.admin, '/admin/news', {
      title: `安全な本文 ${tag}`, slug: `safe-${tag}`,
      body: '**太字** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>',
    }));
    const page = await anon.get(`/news/safe-${tag}`);
    assert.ok(page.text.includes('<strong>太字</strong>'));
    assert.ok(!page.text.includes('<script>alert'));
    assert.ok(!page.text.includes('javascript:'));
    assert.ok(!page.text.includes('onerror'));
  });

  test('the body\'s headings start below the article\'s title: "#" is h2 on the page and in the feed', async () => {
    idOfSaved(await write(b.admin, '/admin/news', {
      title: `見出しのある本文 ${tag}`, slug: `headings-${tag}`,
      body: '# 概要\n\n本文\n\n## 日程\n\n###### 小さな見出し',
    }));
    const page = await anon.get(`/news/headings-${tag}`);
    assert.equal(page.status, 200);
    assert.equal(page.text.match(/<h1[\s>]/g).length, 1, 'the title is the one h1');
    assert.ok(page.text.includes('<h2>概要</h2>'), 'a "#" heading is h2');
    assert.ok(page.text.includes('<h3>日程</h3>'));
    assert.ok(page.text.includes('<h4>小さな見出し</h4>'), 'no level skipped');
    const entry = (await feed('/news.atom')).entries.find((e) => e.path === `/news/headings-${tag}`);
    assert.ok(entry?.content.includes('<h2>概要</h2>'), entry?.content);
  });
});

describe('the list, a page at a time', () => {
  test('/news shows 20 articles a page, newest first, with links between pages', async () => {
    const base = now() - 30 * 86400;
    const values = Array.from({ length: 25 }, (_, i) =>
      `('page-${tag}-${i}', 'ページの記事 ${tag} ${i}', 's', 'b', 'a', ${base + i}, ${base}, ${base})`).join(', ');
    db(`INSERT INTO news_article (slug, title, summary, body, author_name, publish_at, created_at, changed_at) VALUES ${values}`);
    const total = Number(one('SELECT count(*) FROM news_article WHERE publish_at IS NOT NULL AND publish_at <= ' + now()));
    const first = await anon.get('/news');
    assert.equal((first.text.match(/class="card news-card"/g) ?? []).length, 20);
    assert.ok(first.text.includes('href="/news?page=2"'));
    const last = await anon.get(`/news?page=${Math.ceil(total / 20)}`);
    assert.equal((last.text.match(/class="card news-card"/g) ?? []).length, total - 20 * (Math.ceil(total / 20) - 1));
    assert.ok(last.text.includes(`ページの記事 ${tag} 0<`), 'the oldest on the last page');
    assert.equal((await anon.get('/news?page=999')).status, 200, 'past the end: the last page');
  });
});

describe('community news and who may write it', () => {
  let articleId;

  test('the organiser of a community writes its news; it shows on /news with the community', async () => {
    const form = await b.organiser.get(`/communities/${north}/news/new`);
    assert.equal(form.status, 200);
    articleId = idOfSaved(await write(b.organiser, `/communities/${north}/news`, {
      title: `北の会の勉強会 ${tag}`, slug: `north-${tag}`, author: '北の会', tags: '勉強会、ランサムウェア',
    }));
    assert.equal(one(`SELECT community_id FROM news_article WHERE id = ${articleId}`), String(north));
    const page = await anon.get(`/news/north-${tag}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`北のセキュリティ会 ${tag}`));
    assert.ok(page.text.includes('ランサムウェア'));
    const list = await b.organiser.get(`/communities/${north}/news`);
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(`北の会の勉強会 ${tag}`));
  });

  test('the community\'s page has its news and feed; its organisers a way to write', async () => {
    const page = await anon.get(`/communities/${north}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`href="/news/north-${tag}"`));
    assert.ok(page.text.includes(`href="/communities/${north}/news.atom"`));
    assert.ok(!page.text.includes(`href="/communities/${north}/news"`), 'no editors\' link for the public');
    assert.ok((await b.organiser.get(`/communities/${north}`)).text.includes(`href="/communities/${north}/news"`));
    assert.ok(!(await b.member.get(`/communities/${north}`)).text.includes(`href="/communities/${north}/news"`));
    assert.ok(!(await anon.get(`/communities/${south}`)).text.includes(`/news/north-${tag}`), 'only its own');
  });

  test('rights: administrator yes; organiser of another community, member, outsider no', async () => {
    const paths = [`/communities/${north}/news`, `/communities/${north}/news/new`, `/communities/${north}/news/${articleId}`];
    for (const p of paths) {
      assert.equal((await b.admin.get(p)).status, 200, `admin ${p}`);
      assert.equal((await b.organiser.get(p)).status, 200, `organiser ${p}`);
      for (const who of ['other', 'member', 'outsider']) assert.equal((await b[who].get(p)).status, 403, `${who} ${p}`);
      const a = await anon.get(p);
      assert.equal(a.status, 303, `anonymous ${p}`);
      assert.match(a.headers.location, /^\/login\?next=/);
    }
    // a POST by someone who may not write changes nothing
    for (const who of ['other', 'member', 'outsider']) {
      const csrf = csrfOf((await b[who].get('/account')).text);
      const r = await b[who].req('POST', `/communities/${north}/news/${articleId}`, {
        form: { csrf, title: '乗っ取り', slug: `north-${tag}`, summary: 's', body: 'b', tags: '', author: 'x', publish: 'now' },
      });
      assert.equal(r.status, 403, who);
    }
    assert.equal(one(`SELECT title FROM news_article WHERE id = ${articleId}`), `北の会の勉強会 ${tag}`);
    // the other community's organiser reaches it through neither address
    assert.equal((await b.other.get(`/communities/${south}/news/${articleId}`)).status, 404);
    assert.equal((await b.organiser.get('/admin/news')).status, 404);
    assert.equal((await b.organiser.get(`/admin/news/${articleId}`)).status, 404);
    assert.equal((await b.admin.get(`/communities/999999/news/new`)).status, 404);
    // the organiser may see their community's draft, not the administrators'
    idOfSaved(await write(b.organiser, `/communities/${north}/news`, { slug: `north-draft-${tag}`, publish: 'draft' }));
    assert.equal((await b.organiser.get(`/news/north-draft-${tag}`)).status, 200);
    assert.equal((await b.other.get(`/news/north-draft-${tag}`)).status, 404);
    assert.equal((await b.organiser.get(`/news/draft-${tag}`)).status, 404);
  });
});

describe('the Atom feeds', () => {
  test('the site feed parses, has every public article and ids that do not change', async () => {
    const id = idOfSaved(await write(b.admin, '/admin/news', { title: `記号 <&> "引用" 'と' ${tag}`, slug: `escaping-${tag}`, tags: 'a&b、<c>' }));
    db(`UPDATE news_article SET publish_at = publish_at - 60, changed_at = changed_at - 60 WHERE id = ${id}`);
    const f = await feed('/news.atom');
    assert.match(f.id, /^tag:[^,]+,\d{4}-\d\d-\d\d:news$/);
    const e = f.entries.find((x) => x.path === `/news/escaping-${tag}`);
    assert.ok(e, 'the new article is an entry');
    assert.equal(e.title, `記号 <&> "引用" 'と' ${tag}`, 'escaped, and read back as typed');
    assert.deepEqual(e.categories, ['a&b', '<c>']);
    assert.match(e.id, /^tag:[^,]+,\d{4}-\d\d-\d\d:news\/\d+$/);
    assert.equal(e.content, '<p>本文</p>\n', 'HTML content, escaped once');
    assert.ok(!f.entries.some((x) => x.path === `/news/north-draft-${tag}`), 'no draft');
    // an edit changes updated, never the id
    await write(b.admin, '/admin/news', { title: `記号 <&> "引用" 'と' ${tag}`, slug: `escaping-${tag}`, body: '変えた' }, id);
    const again = (await feed('/news.atom')).entries.find((x) => x.path === `/news/escaping-${tag}`);
    assert.equal(again.id, e.id);
    assert.ok(again.updated > e.updated, 'updated moved');
  });

  test('a community feed has only its own articles; an unknown community is 404', async () => {
    const f = await feed(`/communities/${north}/news.atom`);
    assert.ok(f.title.includes(`北のセキュリティ会 ${tag}`));
    assert.deepEqual(f.entries.map((x) => x.path), [`/news/north-${tag}`]);
    assert.equal((await feed(`/communities/${south}/news.atom`)).entries.length, 0);
    assert.equal((await anon.get('/communities/999999/news.atom')).status, 404);
  });
});

describe('the weekly digest', () => {
  const seenFor = (who) => mailsTo(server.tmpDir, email(who)).length;
  const nextWeek = async () => {
    db(`UPDATE job_lease SET done_day = 0 WHERE name = 'news_digest'`);
    await restart();
  };
  let link;
  let oneClick;

  test('opting in and out in the account', async () => {
    const account = await b.member.get('/account');
    assert.ok(account.text.includes('href="/account/news-digest"'), 'reachable from the account page');
    const page = await b.member.get('/account/news-digest');
    assert.equal(page.status, 200);
    assert.ok(!/name="digest"[^>]*checked/.test(page.text));
    let r = await b.member.submit('/account/news-digest', { digest: '1' });
    assert.equal(r.status, 303);
    assert.equal(one(`SELECT count(*) FROM news_digest WHERE user_id = ${userId('member')}`), '1');
    assert.match((await b.member.get('/account/news-digest')).text, /name="digest"[^>]*checked/);
    r = await b.member.submit('/account/news-digest', {});
    assert.equal(r.status, 303);
    assert.equal(one(`SELECT count(*) FROM news_digest WHERE user_id = ${userId('member')}`), '0');
    await b.member.submit('/account/news-digest', { digest: '1' });
    await b.outsider.submit('/account/news-digest', {}); // never asked: nothing
    assert.equal(JSON.parse((await b.member.get('/account/export.json')).text).news_digest, true, 'in the account\'s export');
    assert.equal(JSON.parse((await b.outsider.get('/account/export.json')).text).news_digest, false);
  });

  test('the job sends only when something is new, with the List-Unsubscribe headers', async () => {
    await sleep(1100); // articles published after the subscription
    idOfSaved(await write(b.admin, '/admin/news', { title: `まとめの記事 ${tag}`, slug: `digest-${tag}`, summary: 'まとめの要約' }));
    const seen = seenFor('member');
    const outsider = seenFor('outsider');
    await nextWeek();
    const mail = await nextMail(server.tmpDir, email('member'), seen);
    assert.ok(mail.includes(`まとめの記事 ${tag}`));
    assert.ok(mail.includes('まとめの要約'));
    assert.match(mail, new RegExp(`https?://\\S+/news/digest-${tag}`));
    assert.ok(!mail.includes(`北の会の勉強会 ${tag}`), 'published before the subscription');
    const header = /^List-Unsubscribe: <(https?:\/\/\S+\/unsubscribe\/[A-Za-z0-9_-]{43}\/one-click)>\r?$/m.exec(mail);
    assert.ok(header, 'a List-Unsubscribe header');
    assert.match(mail, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    oneClick = new URL(header[1]).pathname;
    link = new URL(mail.match(/https?:\/\/\S+\/unsubscribe\/[A-Za-z0-9_-]{43}(?=\s)/)[0]).pathname;
    assert.equal(`${link}/one-click`, oneClick);
    assert.equal(seenFor('outsider'), outsider, 'not to those who did not ask');
    // nothing new: nothing sent
    await nextWeek();
    await sleep(1500);
    assert.equal(seenFor('member'), seen + 1, 'no mail without something new');
    // something new again
    await sleep(1100);
    idOfSaved(await write(b.admin, '/admin/news', { title: `次の記事 ${tag}`, slug: `digest-next-${tag}` }));
    await nextWeek();
    const second = await nextMail(server.tmpDir, email('member'), seen + 1);
    assert.ok(second.includes(`次の記事 ${tag}`));
    assert.ok(!second.includes(`まとめの記事 ${tag}`), 'each article once');
  });

  test('the link in the mail stops it without signing in', async () => {
    const stranger = new Browser(server.port);
    const page = await stranger.get(link);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(email('member')));
    assert.match(page.text, /まとめメールを止める/);
    const done = await stranger.req('POST', link, { form: { csrf: csrfOf(page.text) } });
    assert.equal(done.status, 200);
    assert.match(done.text, /ニュースのまとめメールを止めました/);
    assert.equal(one(`SELECT count(*) FROM news_digest WHERE user_id = ${userId('member')}`), '0');
    assert.equal(one(`SELECT count(*) FROM nudge_optout WHERE user_id = ${userId('member')}`), '0', 'the reminders stay');
  });

  test('the mail program\'s one-click POST needs no cookie and no form token', async () => {
    await b.member.submit('/account/news-digest', { digest: '1' });
    assert.equal(one(`SELECT count(*) FROM news_digest WHERE user_id = ${userId('member')}`), '1');
    const post = (path, body) => request(server.port, path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)) },
      body,
    });
    assert.equal((await post(oneClick, 'other=1')).status, 400, 'not a one-click body');
    assert.equal(one(`SELECT count(*) FROM news_digest WHERE user_id = ${userId('member')}`), '1');
    assert.equal((await post(`/unsubscribe/${'x'.repeat(43)}/one-click`, 'List-Unsubscribe=One-Click')).status, 410);
    const r = await post(oneClick, 'List-Unsubscribe=One-Click');
    assert.equal(r.status, 200);
    assert.equal(one(`SELECT count(*) FROM news_digest WHERE user_id = ${userId('member')}`), '0');
    // the page's own form still needs its token
    assert.equal((await post(link, 'List-Unsubscribe=One-Click')).status, 403);
    // the access log shows the links' pattern, never their token
    const token = oneClick.split('/')[2];
    await waitFor(() => server.stderr().includes(' POST /unsubscribe/{token:token}/one-click 200 '), { what: 'the access line' });
    assert.ok(!server.stderr().includes(token), 'a token in the access log');
  });
});
