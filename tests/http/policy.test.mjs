// The basic security policy over real HTTP: the guided form (suggestions,
// drafts saved per step, over-long text refused with the text kept),
// suggestions from the weak items of the latest assessment, the preview,
// publishing versions and their stable addresses, an external address,
// unpublishing, rights for owner / member / supporter (edit, read, none) /
// another organisation / anonymous, XSS payloads escaped on every page and
// kept as text in the PDF (checked with pdftotext).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertCleanExit, sqlite, sqlString, startServer } from './helpers.mjs';
import { Browser, createOrg, csrfOf, mailsTo, nextMail, signUp } from './org_client.mjs';
import { MAX_BODY, POLICY_HTML, POLICY_SITE_ALLOW, startPolicySite } from './policy_site.mjs';

const XSS = '<script>alert("x")</script>"><img src=x onerror=alert(1)>';
const STEPS = ['preamble', 'commitment-1', 'commitment-2', 'commitment-3', 'commitment-4', 'commitment-5'];
const HEADINGS = ['経営者の責任', '社内の体制', '従業員の取り組み', '法令・規範・契約の順守', '違反と事故への対応'];

let server;
let site; // the firm's own website, on loopback
let owner, member, supEdit, supRead, supNone, other;
let pid; // the owner's organisation's public id
let base; // /policy/edit/{pid}

function assertNoPolicyKeys(html, label) {
  const m = /(?<![\w/.@-])policy\.[a-z0-9_-]+(?:\.[a-z0-9_-]+)*/.exec(html);
  assert.equal(m, null, `${label}: catalogue key shown as text: ${m?.[0]}`);
}

function assertEscaped(html, label) {
  assert.doesNotMatch(html, /<script>alert/, `${label}: a script tag from the user got through`);
  assert.doesNotMatch(html, /<img src=x/, `${label}: an img tag from the user got through`);
  assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/, `${label}: the payload is shown as text`);
}

async function registerSupporter(b, name) {
  const form = await b.get('/supporter');
  const r = await b.req('POST', '/supporter', {
    form: { csrf: csrfOf(form.text), kind: 'sme_consultant', prefecture: '23', organisation_name: name },
  });
  assert.equal(r.status, 303);
}

async function join(b, email) {
  const seen = mailsTo(server.tmpDir, email).length;
  const r = await owner.submit('/org/invite', { email, role: 'member' });
  assert.equal(r.status, 303);
  const mail = await nextMail(server.tmpDir, email, seen);
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail)[1];
  const page = await b.get(`/invite/${token}`);
  const accept = await b.req('POST', `/invite/${token}`, { form: { csrf: csrfOf(page.text) } });
  assert.equal(accept.status, 303);
}

/** Saves one step as b (posting with the step page's own token). */
function saveStep(b, step, fields) {
  return b.submit(`${base}/step/${step}`, { action: 'save', ...fields });
}

before(async () => {
  site = await startPolicySite();
  // One firm gives a score of addresses here, more than the hourly
  // allowance of fetches (MAMORI_FETCH_RATE), which attacks.test.mjs tests.
  server = await startServer({ threads: 4, env: { MAMORI_FETCH_ALLOW: POLICY_SITE_ALLOW, MAMORI_FETCH_RATE: '100/100' } });
  [owner, member, supEdit, supRead, supNone, other] = await Promise.all(
    ['owner@example.jp', 'member@example.jp', 'edit@example.jp', 'read@example.jp', 'none@example.jp', 'other@example.jp']
      .map((e) => signUp(server, e)),
  );
  await createOrg(owner);
  await createOrg(other, { corporate_number: '', sole_proprietor: '1', name: '別の商店' });
  await join(member, 'member@example.jp');
  await Promise.all([registerSupporter(supEdit, '編集事務所'), registerSupporter(supRead, '閲覧事務所'),
    registerSupporter(supNone, '無関係事務所')]);
  assert.equal((await owner.submit('/org/supporters/grant', { supporter: 'edit@example.jp', access: 'edit' })).status, 303);
  assert.equal((await owner.submit('/org/supporters/grant', { supporter: 'read@example.jp', access: 'read' })).status, 303);
  const mine = await owner.get('/policy/edit');
  assert.equal(mine.status, 303);
  [, pid] = /^\/policy\/edit\/([a-z2-7]+)$/.exec(mine.headers.location);
  base = `/policy/edit/${pid}`;
});

after(async () => {
  await site?.stop();
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
});

test('the organisation page links to the builder, which starts with a task list', async () => {
  assert.match((await owner.get('/org')).text, /href="\/policy\/edit"/);
  const r = await owner.get(base);
  assert.equal(r.status, 200);
  assert.match(r.text, /まだ公開していません/);
  for (const s of [...STEPS, 'footer']) assert.match(r.text, new RegExp(`href="${base}/step/${s}"`));
  assertNoPolicyKeys(r.text, 'overview');
  const en = await owner.get(`${base}?lang=en`);
  assertNoPolicyKeys(en.text, 'English overview');
  assert.match(en.text, /Not published yet/);
  await owner.get(`${base}?lang=ja`);
});

test('a step offers suggested texts; adding one saves it into the draft to edit', async () => {
  const page = await owner.get(`${base}/step/preamble`);
  assert.equal(page.status, 200);
  const offered = [...page.text.matchAll(/name="use" value="(s\d)"/g)].map((m) => m[1]);
  assert.ok(offered.length >= 2 && offered.length <= 3, `2–3 suggestions, got ${offered.length}`);
  assert.match(page.text, /お客様や取引先からお預かりした情報/);
  assert.match((await owner.get(`${base}/step/commitment-5`)).text, /自己診断を受けると/,
    'without an assessment, a commitment says where more suggestions come from');
  const r = await owner.req('POST', `${base}/step/preamble`, {
    form: { csrf: csrfOf(page.text), text: '', use: 's0' },
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, `${base}/step/preamble#text`);
  const again = await owner.get(`${base}/step/preamble`);
  assert.match(again.text, /<textarea[^>]*>当社は、お客様や取引先から/);
  const overview = await owner.get(base);
  assert.match(overview.text, /前文<\/a> <span class="tag policy-tag-done">済み/);
});

test('the footer step is filled from the organisation and can be changed', async () => {
  const r = await owner.get(`${base}/step/footer`);
  assert.equal(r.status, 200);
  assert.match(r.text, /id="organisation_name"[^>]*value="さくら精密工業株式会社"/);
  assert.match(r.text, /id="representative_title"[^>]*value="代表取締役"/);
  assert.match(r.text, /id="representative_name"[^>]*value="桜 太郎"/);
  assert.match(r.text, /id="established_on"[^>]*value="\d{4}-\d{2}-\d{2}"/);
  const bad = await saveStep(owner, 'footer', {
    established_on: '2026-02-30', organisation_name: 'x'.repeat(101), representative_title: '代表取締役',
    representative_name: '桜 太郎', lang: 'ja',
  });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /<a href="#established_on">/);
  assert.match(bad.text, /<a href="#organisation_name">/);
  assert.match(bad.text, new RegExp(`value="${'x'.repeat(101)}"`), 'the over-long name is kept');
  assert.match(bad.text, /value="2026-02-30"/);
  assert.match(bad.text, /日付は 2026年4月1日 のように/);
  assert.match((await owner.get(`${base}/step/footer`)).text, /例：2026年4月1日/, 'the example is a Japanese date');
  const japanese = await saveStep(owner, 'footer', {
    established_on: '２０２６年４月１日', organisation_name: 'さくら精密工業株式会社',
    representative_title: '代表取締役', representative_name: '桜 太郎', lang: 'ja',
  });
  assert.equal(japanese.status, 303, 'a date typed as 年月日 in full-width digits is read');
  assert.match((await owner.get(`${base}/step/footer`)).text, /id="established_on"[^>]*value="2026-04-01"/);
  const ok = await saveStep(owner, 'footer', {
    established_on: '2026-04-01', organisation_name: `さくら精密工業株式会社${XSS}`,
    representative_title: '代表取締役', representative_name: `桜 太郎${XSS}`, lang: 'ja',
  });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, `${base}/step/footer?notice=saved`);
});

test('over-long text is refused with 422, keeps what was typed and leaves the draft as it was', async () => {
  const long = 'あ'.repeat(401);
  const r = await saveStep(owner, 'commitment-1', { text: long });
  assert.equal(r.status, 422);
  assert.match(r.text, /<a href="#text">本文は400文字以内にしてください<\/a>/);
  assert.match(r.text, new RegExp(`<textarea[^>]*>${long}</textarea>`));
  assert.doesNotMatch((await owner.get(`${base}/step/commitment-1`)).text, /ああああ/);
  const preamble = await saveStep(owner, 'preamble', { text: 'い'.repeat(601) });
  assert.equal(preamble.status, 422);
  assert.match(preamble.text, /前文は600文字以内/);
  const exact = await saveStep(owner, 'commitment-1', { text: 'う'.repeat(400) });
  assert.equal(exact.status, 303, '400 characters exactly are fine');
});

test('publishing an incomplete draft is refused and the preview lists what is missing', async () => {
  const preview = await owner.get(`${base}/preview`);
  assert.equal(preview.status, 200);
  assert.match(preview.text, new RegExp(`href="${base}/step/commitment-2"`));
  assert.doesNotMatch(preview.text, /action="[^"]*\/publish"/, 'no publish button yet');
  const r = await owner.req('POST', `${base}/publish`, { form: { csrf: csrfOf(preview.text) } });
  assert.equal(r.status, 422);
  assert.match(r.text, /公開できませんでした/);
});

test('members and supporters with edit access save drafts; only the owner may publish', async () => {
  assert.equal((await saveStep(member, 'commitment-2', { text: `担当者を決めます。${XSS}` })).status, 303);
  assert.equal((await saveStep(supEdit, 'commitment-3', { text: `全員で学びます。${XSS}` })).status, 303);
  for (const b of [member, supEdit]) {
    const page = await b.get(`${base}/preview`);
    assert.equal(page.status, 200);
    const token = csrfOf(page.text);
    assert.equal((await b.req('POST', `${base}/publish`, { form: { csrf: token } })).status, 403);
    assert.equal((await b.get(`${base}/unpublish`)).status, 403);
    assert.equal((await b.req('POST', `${base}/unpublish`, { form: { csrf: token } })).status, 403);
    assert.equal((await b.get(`${base}/external`)).status, 403);
    assert.equal((await b.req('POST', `${base}/external`, { form: { csrf: token, url: 'https://example.jp/' } })).status, 403);
  }
  const sup = await supEdit.get('/supporter');
  assert.equal(sup.status, 200);
});

test('a supporter with read access sees the builder and the preview but cannot edit', async () => {
  assert.equal((await supRead.get(base)).status, 200);
  assert.equal((await supRead.get(`${base}/preview`)).status, 200);
  assert.equal((await supRead.get(`${base}/step/preamble`)).status, 403);
  const token = csrfOf((await supRead.get(`${base}/preview`)).text);
  const r = await supRead.req('POST', `${base}/step/preamble`, { form: { csrf: token, text: 'x', action: 'save' } });
  assert.equal(r.status, 403);
  assert.equal((await supRead.req('POST', `${base}/publish`, { form: { csrf: token } })).status, 403);
});

test('a supporter without a grant, another organisation and a bad id get 404; anonymous visitors log in', async () => {
  for (const b of [supNone, other]) {
    for (const p of [base, `${base}/preview`, `${base}/step/preamble`, `${base}/external`, `${base}/unpublish`]) {
      assert.equal((await b.get(p)).status, 404, `${b.email} GET ${p}`);
    }
    const token = csrfOf((await b.get('/account')).text);
    for (const p of [`${base}/step/preamble`, `${base}/publish`, `${base}/external`, `${base}/unpublish`]) {
      assert.equal((await b.req('POST', p, { form: { csrf: token, text: 'x', url: 'https://x.jp/' } })).status, 404, `${b.email} POST ${p}`);
    }
  }
  assert.equal((await owner.get('/policy/edit/aaaaaaaaaaaa')).status, 404);
  assert.equal((await owner.get(`${base}/step/commitment-6`)).status, 404);
  const anon = new Browser(server.port);
  const r = await anon.get(`${base}/step/preamble`);
  assert.equal(r.status, 303);
  assert.match(r.headers.location, /^\/login\?next=/);
  assert.equal((await anon.req('POST', `${base}/publish`, { form: {} })).status, 403, 'no CSRF token, no session');
  assert.equal((await anon.get(`/policy/${pid}`)).status, 404, 'nothing published yet');
});

test('weak items of the latest assessment suggest sentences and say why', async () => {
  const [orgId] = sqlite(server.dbPath, `SELECT id FROM organisation WHERE public_id = ${sqlString(pid)}`);
  const answers = Array.from({ length: 25 }, (_, i) => (i + 1 === 24 ? 'not_done' : i + 1 === 11 ? 'dont_know' : 'done'));
  sqlite(server.dbPath, `INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1, part2, part3, submit_token)
    VALUES (${orgId}, 'v1', 1767225600, 91, 20, 47, 24, 'policy-test-token');
    INSERT INTO assessment_result_answer (result_id, item, answer)
    ${answers.map((a, i) => `SELECT (SELECT id FROM assessment_result WHERE submit_token = 'policy-test-token'), ${i + 1}, '${a}'`).join(' UNION ALL ')};`);
  const page = await owner.get(`${base}/step/commitment-5`);
  assert.equal(page.status, 200);
  assert.match(page.text, /自己診断の結果からの文例/);
  assert.match(page.text, /誰が何をするかを前もって決め/, 'item 24: an incident plan');
  assert.match(page.text, /項目24：できていない/);
  assert.match(page.text, /項目11：わからない/);
  assert.match(page.text, /おすすめの理由/);
  const use = /name="use" value="(w\d+)"[^>]*aria-describedby="suggestion-w\d+">この文例/.exec(page.text);
  assert.ok(use, 'a weak-item suggestion can be added');
  const r = await owner.req('POST', `${base}/step/commitment-5`, { form: { csrf: csrfOf(page.text), text: '事故に備えます。', use: use[1] } });
  assert.equal(r.status, 303);
  const after = await owner.get(`${base}/step/commitment-5`);
  assert.match(after.text, /<textarea[^>]*>事故に備えます。\n\n(誰が|重要な)/);
  assert.doesNotMatch((await owner.get(`${base}/step/commitment-1`)).text, /誰が何をするかを前もって/, 'only in its own section');
});

test('the owner completes the draft and sees it in the preview exactly as it will be published', async () => {
  assert.equal((await saveStep(owner, 'preamble', { text: `第一段落です。${XSS}\r\n\r\n第二段落の一行目\r\n二行目` })).status, 303);
  assert.equal((await saveStep(owner, 'commitment-1', { text: `経営者が責任を持ちます。${XSS}` })).status, 303);
  assert.equal((await saveStep(owner, 'commitment-4', { text: `法令を守ります。${XSS}` })).status, 303);
  assert.equal((await saveStep(owner, 'commitment-5', { text: `事故に対応します。${XSS}` })).status, 303);
  const r = await owner.get(`${base}/preview`);
  assert.equal(r.status, 200);
  assertEscaped(r.text, 'preview');
  assert.match(r.text, /<p><span class="policy-line">第二段落の一行目<\/span><span class="policy-line">二行目<\/span><\/p>/);
  assert.match(r.text, new RegExp(`action="${base}/publish"`));
  for (const h of HEADINGS) assert.match(r.text, new RegExp(h));
  assertNoPolicyKeys(r.text, 'preview');
});

let v1Html;

test('publishing makes version 1 public at /policy/{id}; publishing the same text again keeps version 1', async () => {
  const r = await owner.submit(`${base}/preview`, {}, `${base}/publish`);
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, `${base}?notice=published`);
  const pub = await new Browser(server.port).get(`/policy/${pid}`);
  assert.equal(pub.status, 200);
  assertEscaped(pub.text, 'public page');
  assert.match(pub.text, /第1版/);
  assert.match(pub.text, new RegExp(`href="/policy/${pid}/v/1.pdf"`));
  for (const h of HEADINGS) assert.match(pub.text, new RegExp(h));
  assert.match(pub.text, /2026年4月1日/);
  assertNoPolicyKeys(pub.text, 'public page');
  v1Html = (await new Browser(server.port).get(`/policy/${pid}/v/1`)).text;
  assert.match(v1Html, /経営者が責任を持ちます。/);
  const again = await owner.submit(`${base}/preview`, {}, `${base}/publish`);
  assert.equal(again.headers.location, `${base}?notice=republished`);
  assert.deepEqual(sqlite(server.dbPath, 'SELECT count(*) FROM policy_version'), ['1']);
  const overview = await owner.get(base);
  assert.match(overview.text, /owner@example\.jp/, 'who published');
  assert.match(overview.text, new RegExp(`href="/policy/${pid}/v/1"`));
});

test('a second version changes the current page; version 1 keeps its address and text', async () => {
  assert.equal((await saveStep(owner, 'commitment-1', { text: '改定後の約束です。' })).status, 303);
  const r = await owner.submit(`${base}/preview`, {}, `${base}/publish`);
  assert.equal(r.headers.location, `${base}?notice=published`);
  const anon = new Browser(server.port);
  const current = await anon.get(`/policy/${pid}`);
  assert.match(current.text, /改定後の約束です。/);
  assert.match(current.text, /第2版/);
  assert.match(current.text, new RegExp(`href="/policy/${pid}/v/1"`), 'links to the earlier version');
  const v1 = await anon.get(`/policy/${pid}/v/1`);
  assert.equal(v1.status, 200);
  assert.match(v1.text, /経営者が責任を持ちます。/);
  assert.doesNotMatch(v1.text, /改定後の約束です。/);
  assert.match(v1.text, /これは以前の版です/);
  const article = (html) => /<article[\s\S]*<\/article>/.exec(html)[0];
  assert.equal(article(v1.text), article(v1Html), 'version 1 reads exactly as before');
  for (const bad of ['3', '0', '01', 'abc', '1.pdfx', '-1', '99999999999']) {
    assert.equal((await anon.get(`/policy/${pid}/v/${bad}`)).status, 404, `/v/${bad}`);
  }
  assert.equal((await anon.get('/policy/aaaaaaaaaaaa')).status, 404);
  assert.throws(() => sqlite(server.dbPath, "UPDATE policy_version SET preamble = 'x'"), /immutable/);
});

test('the PDF of a version is A4 with the organisation name and every section as text', async () => {
  const r = await new Browser(server.port).get(`/policy/${pid}/v/2.pdf`);
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/pdf');
  assert.match(r.headers['content-disposition'], new RegExp(`filename="policy-${pid}-v2.pdf"`));
  const file = path.join(server.tmpDir, 'v2.pdf');
  fs.writeFileSync(file, r.body);
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  assert.match(info.stdout, /Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
  const text = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout;
  const flat = text.replace(/\s+/g, '');
  assert.match(flat, /情報セキュリティ基本方針/);
  assert.match(flat, /さくら精密工業株式会社/);
  for (const h of HEADINGS) assert.ok(flat.includes(h), `heading ${h} in the PDF`);
  for (const s of ['第一段落です。', '第二段落の一行目', '改定後の約束です。', '担当者を決めます。', '全員で学びます。',
    '法令を守ります。', '事故に対応します。', '代表取締役', '2026年4月1日']) {
    assert.ok(flat.includes(s), `${s} in the PDF`);
  }
  assert.ok(flat.includes('<script>alert("x")</script>'.replace(/\s+/g, '')), 'the payload is text in the PDF');
  const v1 = await new Browser(server.port).get(`/policy/${pid}/v/1.pdf`);
  assert.equal(v1.status, 200);
  fs.writeFileSync(file, v1.body);
  assert.ok(spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout.includes('経営者が責任を持ちます。'));
});

test('an external address must be a well-formed http(s) URL; it replaces the hosted page until published again', async () => {
  for (const url of ['', 'javascript:alert(1)', 'ftp://example.jp/', 'https://', 'https://exa mple.jp/', `https://example.jp/${'a'.repeat(500)}`]) {
    const r = await owner.submit(`${base}/external`, { url });
    assert.equal(r.status, 422, `refused: ${url.slice(0, 40)}`);
    assert.match(r.text, /<a href="#url">/);
  }
  const kept = await owner.submit(`${base}/external`, { url: 'javascript:alert(1)' });
  assert.match(kept.text, /value="javascript:alert\(1\)"/, 'what was typed is kept');
  const given = site.url('/security-policy?x=1&y=2');
  const ok = await owner.submit(`${base}/external`, { url: given });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, `${base}?notice=external`);
  assert.deepEqual(sqlite(server.dbPath, 'SELECT kind, CAST(version_id IS NULL AS integer), url FROM policy_publication'),
    [`external|1|${given}`]);
  const anon = new Browser(server.port);
  const page = await anon.get(`/policy/${pid}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`href="${given.replace('&', '&amp;')}"`), 'the given address is linked');
  assert.equal((await anon.get(`/policy/${pid}/v/1`)).status, 404, 'versions are not shown while external');
  const back = await owner.submit(`${base}/preview`, {}, `${base}/publish`);
  assert.equal(back.headers.location, `${base}?notice=republished`);
  assert.equal((await anon.get(`/policy/${pid}/v/1`)).status, 200, 'the same addresses work again');
  assert.deepEqual(sqlite(server.dbPath, 'SELECT kind, url FROM policy_publication'), ['hosted|']);
});

/** Gives url as the external address; returns the response. */
const giveAddress = (url, lang = '') => owner.submit(`${base}/external${lang}`, { url }, `${base}/external`);

/** The newest recorded fetch as 'outcome|status|content_type|kind|size|sha256'. */
const lastFetch = () => sqlite(server.dbPath,
  'SELECT outcome, status, content_type, kind, size, sha256, url FROM policy_fetch ORDER BY id DESC LIMIT 1')[0];

test('the external address is fetched once: a web page or a PDF that answers 200 is taken and what was seen is recorded', async () => {
  const sha = (text) => crypto.createHash('sha256').update(text).digest('hex');
  const before = site.requests.length;
  const html = await giveAddress(site.url('/policy.html'));
  assert.equal(html.status, 303);
  assert.deepEqual(site.requests.slice(before), ['/policy.html'], 'fetched once');
  assert.equal(lastFetch(), `ok|200|text/html|html|${Buffer.byteLength(POLICY_HTML)}|${sha(POLICY_HTML)}|${site.url('/policy.html')}`);
  for (const p of ['/policy.pdf', '/untyped.pdf']) {
    assert.equal((await giveAddress(site.url(p))).status, 303, p);
    assert.match(lastFetch(), /^ok\|200\|[a-z/-]+\|pdf\|\d+\|[0-9a-f]{64}\|/, p);
  }
  assert.equal((await giveAddress(site.url('/hops/2'))).status, 303, 'three redirects are followed');
  assert.match(lastFetch(), /^ok\|200\|text\/html\|html\|/);
  assert.deepEqual(sqlite(server.dbPath, 'SELECT url FROM policy_publication'), [site.url('/hops/2')]);
});

test('an external address that does not show a policy is refused with what was typed kept, in Japanese and English', async () => {
  const published = sqlite(server.dbPath, 'SELECT url FROM policy_publication');
  const cases = [
    ['/missing', /公開しているページのURLを入れてください/, 'status|404|text/html||'],
    ['/plain', /ウェブページ（HTML）でもPDFでもありませんでした/, 'not_document|200|text/plain||'],
    ['/image', /ウェブページ（HTML）でもPDFでもありませんでした/, 'not_document|200|image/png||'],
    ['/fake.pdf', /ウェブページ（HTML）でもPDFでもありませんでした/, 'not_document|200|application/pdf||'],
    ['/empty', /ウェブページ（HTML）でもPDFでもありませんでした/, 'not_document|200|text/html||0|'],
    ['/big', /2MBを超えています/, 'too_large|200|'],
    ['/hops/3', /転送（リダイレクト）が多すぎます/, 'too_many_redirects|302|'],
  ];
  for (const [p, message, seen] of cases) {
    const r = await giveAddress(site.url(p));
    assert.equal(r.status, 422, p);
    assert.match(r.text, message, p);
    assert.match(r.text, /<a href="#url">/, `${p}: in the error summary`);
    assert.ok(r.text.includes(`value="${site.url(p)}"`), `${p}: what was typed is kept`);
    assert.ok(lastFetch().startsWith(seen), `${p}: recorded ${lastFetch()}`);
  }
  const en = await giveAddress(site.url('/missing'), '?lang=en');
  assert.equal(en.status, 422);
  assert.match(en.text, /could not be shown \(it is missing or not public\)/);
  assert.equal((await owner.get(`${base}?lang=ja`)).status, 200, 'back to Japanese');
  assert.equal((await giveAddress(site.url('/exactly-max'))).status, 303, 'exactly 2 MiB is taken');
  assert.match(lastFetch(), new RegExp(`^ok\\|200\\|text/html\\|html\\|${MAX_BODY}\\|`));
  assert.equal((await giveAddress(published[0])).status, 303, 'back as it was');
});

test('a page that does not finish within 5 seconds is refused after 5 seconds', async () => {
  const started = Date.now();
  const r = await giveAddress(site.url('/slow'));
  const took = Date.now() - started;
  assert.equal(r.status, 422);
  assert.match(r.text, /5秒以内に読み終わりませんでした/);
  assert.ok(took >= 4500 && took < 8000, `answered after ${took} ms`);
  assert.ok(lastFetch().startsWith('timeout|200|text/html||'), lastFetch());
});

test('unpublishing asks first, explains the ★★ consequence, deletes the publication and hides every version', async () => {
  const confirm = await owner.get(`${base}/unpublish`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /★★（二つ星）を宣言している場合/);
  assert.match(confirm.text, /★（一つ星）に下がり/);
  assert.deepEqual(sqlite(server.dbPath, 'SELECT count(*) FROM policy_publication'), ['1'], 'a GET changes nothing');
  const r = await owner.req('POST', `${base}/unpublish`, { form: { csrf: csrfOf(confirm.text) } });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, `${base}?notice=unpublished`);
  assert.deepEqual(sqlite(server.dbPath, 'SELECT count(*) FROM policy_publication'), ['0']);
  assert.deepEqual(sqlite(server.dbPath, 'SELECT count(*) FROM policy_version'), ['2'], 'versions are kept');
  const anon = new Browser(server.port);
  for (const p of [`/policy/${pid}`, `/policy/${pid}/v/1`, `/policy/${pid}/v/2.pdf`]) {
    assert.equal((await anon.get(p)).status, 404, p);
  }
  const twice = await owner.req('POST', `${base}/unpublish`, { form: { csrf: csrfOf(confirm.text) } });
  assert.equal(twice.status, 303, 'a second click is harmless');
  const gone = await owner.get(`${base}/unpublish`);
  assert.equal(gone.status, 303, 'nothing to unpublish: back to the overview');
  const audit = sqlite(server.dbPath, "SELECT action FROM audit WHERE action LIKE 'policy.%' ORDER BY id");
  assert.deepEqual([...new Set(audit)], ['policy.publish', 'policy.external', 'policy.unpublish']);
});

test('the one-page builder: every section starts filled in the page language, saves at once, and untouched examples follow the policy language', async () => {
  const mine = await other.get('/policy/edit');
  const [, opid] = /^\/policy\/edit\/([a-z2-7]+)$/.exec(mine.headers.location);
  const write = `/policy/edit/${opid}/write`;
  const textOf = (html, name) => {
    const m = new RegExp(`<textarea id="${name}" name="${name}"[^>]*>([^<]*)</textarea>`).exec(html);
    assert.ok(m, `a textarea ${name}`);
    return m[1];
  };
  const sections = ['preamble', 'commitment_1', 'commitment_2', 'commitment_3', 'commitment_4', 'commitment_5'];
  const en = await other.get(`${write}?lang=en`);
  assert.equal(en.status, 200);
  for (const s of sections) {
    assert.ok(textOf(en.text, s).length > 20, `${s} starts filled`);
    assert.doesNotMatch(textOf(en.text, s), /[\u3040-\u30ff]/, `${s}: no Japanese example in the English interface`);
  }
  assert.match(en.text, /<option value="en" selected>/);
  const ja = await other.get(`${write}?lang=ja`);
  assert.equal((ja.text.match(/<span class="required-mark">必須<\/span>/g) ?? []).length, 11, 'every field marked 必須');
  const fields = Object.fromEntries(sections.map((s) => [s, textOf(ja.text, s).replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&')]));
  const footer = { established_on: '2026-04-01', organisation_name: '別の商店', representative_title: '店主', representative_name: '山田 一郎' };

  // Over-long text: 422, what was typed kept, nothing saved.
  const long = await other.req('POST', write, { form: { csrf: csrfOf(ja.text), lang: 'ja', ...fields, ...footer, commitment_2: 'あ'.repeat(401), action: 'save' } });
  assert.equal(long.status, 422);
  assert.match(long.text, /あ{401}/);
  const [orgId] = sqlite(server.dbPath, `SELECT id FROM organisation WHERE public_id = ${sqlString(opid)}`);
  assert.deepEqual(sqlite(server.dbPath, `SELECT count(*) FROM policy_draft WHERE organisation_id = ${orgId}`), ['0']);

  // The Japanese examples left as they were, saved as an English policy: they become the English examples.
  const saved = await other.req('POST', write, { form: { csrf: csrfOf(ja.text), lang: 'en', ...fields, ...footer, preamble: '私たちの言葉で書いた前文。', action: 'preview' } });
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.location, `/policy/edit/${opid}/preview`);
  const again = await other.get(`${write}?lang=ja`);
  assert.equal(textOf(again.text, 'preamble'), '私たちの言葉で書いた前文。', 'a changed text is kept');
  assert.doesNotMatch(textOf(again.text, 'commitment_1'), /[\u3040-\u30ff]/, 'an untouched example follows the language');
  const preview = await other.get(`/policy/edit/${opid}/preview`);
  assert.equal(preview.status, 200);
  assert.match(preview.text, /私たちの言葉で書いた前文。/);
  // The overview starts the one-page builder.
  const overview = await other.get(`/policy/edit/${opid}`);
  assert.match(overview.text, /href="\/policy\/edit\/[a-z2-7]+\/write"/);
});

test('a step of a Japanese policy opened in English says the examples are in Japanese and where to change it', async () => {
  const en = await owner.get(`${base}/step/commitment-2?lang=en`);
  assert.equal(en.status, 200);
  assert.match(en.text, /The examples are in the language of the policy \(Japanese\)\. <a href="\/policy\/edit\/[a-z2-7]+\/step\/footer">Change the language of the policy<\/a>/);
  const ja = await owner.get(`${base}/step/commitment-2?lang=ja`);
  assert.doesNotMatch(ja.text, /文例は方針の言語/, 'nothing to say when the languages agree');
});
