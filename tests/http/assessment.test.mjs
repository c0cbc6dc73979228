// The 25-item self-assessment over real HTTP: an anonymous visitor saves
// and resumes, submits once however often the button is pressed, and keeps
// the answers when signing up or logging in; every kind of bad input is a
// 400 (or the check page again) with nothing stored; results and history
// are seen by the organisation's members and consenting supporters only.

import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';

import { assertCleanExit, sqlite, startServer } from './helpers.mjs';
import { Browser, PASSWORD, createOrg, csrfOf, mailsTo, nextMail, signUp } from './org_client.mjs';

const PARTS = { 1: [1, 5], 2: [6, 18], 3: [19, 25] };
const ANSWERS = ['done', 'partly', 'not_done', 'dont_know'];

let server;

before(async () => {
  server = await startServer({ threads: 4 });
});

after(async () => {
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
});

/** The value of a hidden field of the page. */
function hidden(html, name) {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  assert.ok(m, `no hidden field ${name}`);
  return m[1];
}

const items = (part) => Array.from({ length: PARTS[part][1] - PARTS[part][0] + 1 }, (_, i) => PARTS[part][0] + i);

/** Answers of one part as form pairs: answerOf(item) → value (or null: left out). */
function pairs(part, answerOf) {
  return items(part).flatMap((n) => (answerOf(n) ? [[`item-${n}`, answerOf(n)]] : []));
}

/** Opens part n and posts it with answerOf, plus extra pairs; returns the response. */
async function savePart(b, part, answerOf, { action = 'next', extra = [], override = {} } = {}) {
  const page = await b.get(`/assessment/part/${part}`);
  assert.equal(page.status, 200, `GET part ${part}`);
  const base = { csrf: csrfOf(page.text), version: hidden(page.text, 'version'), org: hidden(page.text, 'org'), action, ...override };
  const form = [...Object.entries(base), ...pairs(part, answerOf), ...extra];
  return b.req('POST', `/assessment/part/${part}`, { form });
}

async function answerAll(b, answerOf) {
  for (const p of [1, 2, 3]) {
    const r = await savePart(b, p, answerOf);
    assert.equal(r.status, 303, `part ${p}: ${r.status}`);
  }
}

/** Presses "submit" on the check page; returns [response, the form fields]. */
async function submit(b) {
  const page = await b.get('/assessment/check');
  assert.equal(page.status, 200);
  const form = { csrf: csrfOf(page.text), submit_token: hidden(page.text, 'submit_token'), version: hidden(page.text, 'version'), org: hidden(page.text, 'org') };
  return [await b.req('POST', '/assessment/submit', { form }), form];
}

const resultId = (r) => {
  const m = /^\/assessment\/results\/(\d+)$/.exec(r.headers.location ?? '');
  assert.ok(m, `redirect to a result, got ${r.status} ${r.headers.location}`);
  return m[1];
};

// The links of a page's breadcrumb trail (its last, the page itself, is no link).
const trailOf = (html) =>
  [...(/<nav class="breadcrumbs[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '').matchAll(/<a href="([^"]*)">/g)].map((m) => m[1]);
const checkedCount = (html) => (html.match(/ checked>/g) ?? []).length;
const assessmentCookie = (r) => [].concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('mamori_assessment='));

/** Signs up and confirms with an existing browser (keeping its cookies). */
async function signUpWith(b, email) {
  const seen = mailsTo(server.tmpDir, email).length;
  assert.equal((await b.submit('/signup', { email, password: PASSWORD })).status, 303);
  const mail = await nextMail(server.tmpDir, email, seen);
  const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail)[1];
  assert.equal((await b.submit(`/confirm/${token}`, {})).status, 303);
  b.email = email;
  return b;
}

async function logIn(b, email) {
  const r = await b.submit('/login', { email, password: PASSWORD });
  assert.equal(r.status, 303, `log-in of ${email}`);
}

const mixed = (n) => ANSWERS[n % 4];

test('an anonymous visitor saves each part, gets an HttpOnly cookie and resumes later', async () => {
  const b = new Browser(server.port);
  const start = await b.get('/assessment?lang=en');
  assert.equal(start.status, 200);
  assert.match(start.text, /Start the self-assessment/);
  const r = await savePart(b, 1, () => 'done');
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/assessment/part/2');
  const cookie = assessmentCookie(r);
  assert.ok(cookie, 'the anonymous cookie is set at the first save');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Max-Age=604800/);

  const later = await savePart(b, 2, (n) => (n <= 8 ? 'partly' : null), { action: 'later' });
  assert.equal(later.headers.location, '/assessment?notice=saved');
  const back = await b.get('/assessment?notice=saved&lang=en');
  assert.match(back.text, /Your answers are saved/);
  assert.match(back.text, /Continue where you left off/);
  assert.match(back.text, /href="\/assessment\/part\/2"/, 'continues at the first part with a gap');

  const part2 = await b.get('/assessment/part/2?lang=en');
  assert.match(part2.text, /Part 2 of 3 · 8 of 25 answered/);
  assert.equal(checkedCount(part2.text), 3);
  assert.match(part2.text, /id="item-6-partly" name="item-6" value="partly" checked>/);

  const goBack = await savePart(b, 2, () => null, { action: 'back' });
  assert.equal(goBack.headers.location, '/assessment/part/1', '"back" saves and returns to the previous part');
  assert.equal(checkedCount((await b.get('/assessment/part/1')).text), 5, 'answers kept after going back');

  const stranger = new Browser(server.port);
  assert.equal(checkedCount((await stranger.get('/assessment/part/1')).text), 0, 'another visitor sees none of it');
});

test('check your answers lists every gap and blocks an incomplete submission', async () => {
  const b = new Browser(server.port);
  await savePart(b, 1, () => 'done');
  const check = await b.get('/assessment/check?lang=en');
  assert.equal(check.status, 200);
  assert.match(check.text, /5 of 25 answered/);
  assert.equal((check.text.match(/href="\/assessment\/part\/\d#q-\d+" aria-label="Change the answer/g) ?? []).length, 25, 'a change link per item');
  assert.match(check.text, /Questions still to answer/);
  const [r] = await submit(b);
  assert.equal(r.status, 422);
  assert.match(r.text, /class="error-summary"/);
  for (let n = 6; n <= 25; n++) assert.match(r.text, new RegExp(`<a href="#q-${n}">`), `item ${n} in the summary`);
  assert.doesNotMatch(r.text, /<a href="#q-5">/);
  const empty = new Browser(server.port);
  const [none] = await submit(empty);
  assert.equal(none.status, 422, 'nothing answered at all');
});

test('submitting twice (double click, resubmitted form) makes one result', async () => {
  const b = new Browser(server.port);
  await answerAll(b, mixed);
  const [first, form] = await submit(b);
  assert.equal(first.status, 303);
  const id = resultId(first);
  const again = await b.req('POST', '/assessment/submit', { form });
  assert.equal(again.status, 303);
  assert.equal(resultId(again), id, 'the same result');
  const [both] = await Promise.all([1, 2, 3].map(() => b.req('POST', '/assessment/submit', { form })));
  assert.equal(resultId(both), id);
  const fresh = await b.get('/assessment/check?lang=en');
  assert.match(fresh.text, /0 of 25 answered/, 'a submitted assessment leaves no draft; the next one starts empty');
  const page = await b.get(`/assessment/results/${id}?lang=en`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<svg class="chart"[^>]*role="img"/);
});

test('the last part submits at once: three forms to a result; twice makes one; a gap shows the check page', async () => {
  const b = new Browser(server.port);
  for (const p of [1, 2]) assert.equal((await savePart(b, p, () => 'done')).status, 303);
  const page = await b.get('/assessment/part/3');
  assert.match(page.text, /<button class="button" type="submit" name="action" value="submit">/);
  const token = hidden(page.text, 'submit_token');
  assert.ok(token.length > 20, 'the draft\'s submit token');
  const form = [...Object.entries({ csrf: csrfOf(page.text), version: hidden(page.text, 'version'), org: hidden(page.text, 'org'), action: 'submit', submit_token: token }), ...pairs(3, () => 'done')];
  const first = await b.req('POST', '/assessment/part/3', { form });
  assert.equal(first.status, 303);
  const id = resultId(first);
  const again = await b.req('POST', '/assessment/part/3', { form });
  assert.equal(resultId(again), id, 'pressed twice: the same result');
  assert.equal((await b.get('/assessment')).text.includes('assessment-progress-box'), false, 'no stray draft left behind');
  const result = await b.get(`/assessment/results/${id}`);
  assert.match(result.text, />100</);

  // Only the last part may submit; with a gap the check page lists it (422).
  const c = new Browser(server.port);
  const early = await savePart(c, 1, () => 'done', { action: 'submit' });
  assert.equal(early.status, 400);
  assert.equal((await savePart(c, 1, () => 'done')).status, 303);
  const gap = await savePart(c, 3, () => 'done', { action: 'submit', extra: [['submit_token', '']] });
  assert.equal(gap.status, 422);
  assert.match(gap.text, /質問6がまだ回答されていません|Question 6/);
});

test('the result page shows score, band, parts, grouped items, advice in order and the chart', async () => {
  const b = new Browser(server.port);
  // Part 1 done, every other item "not done" except 7 (don't know) and 20 (partly).
  await answerAll(b, (n) => (n <= 5 ? 'done' : n === 7 ? 'dont_know' : n === 20 ? 'partly' : 'not_done'));
  const [r] = await submit(b);
  const id = resultId(r);
  const page = await b.get(`/assessment/results/${id}?lang=en`);
  const t = page.text;
  // 5×4 + (−1) + 2 = 21 → urgent
  assert.match(t, /<span class="assessment-total-value">21<\/span>/);
  assert.match(t, /Start with the basics now/);
  assert.match(t, /<title id="result-chart-title">/);
  assert.match(t, /<desc id="result-chart-desc">Total 21 out of 100\./);
  assert.match(t, /<caption id="parts-caption">Score per part<\/caption>/);
  assert.match(t, /<th scope="row">Part 1: Basic measures<\/th><td class="number">20<\/td><td class="number">20<\/td>/);
  const advice = [...t.matchAll(/<li class="assessment-advice-item">\s*<details>\s*<summary><h3>(\d+)\./g)].map((m) => Number(m[1]));
  const expected = [6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 7, 19, 21, 22, 23, 24, 25, 20];
  assert.deepEqual(advice, expected, 'part first, then not done, don\'t know, partly');
  assert.match(t, /<h3 id="group-done">Done \(5\)<\/h3>/);
  assert.match(t, /<h3 id="group-not_done">Not done \(18\)<\/h3>/);
  assert.match(t, /This result is kept on this device for 7 days/);
  assert.doesNotMatch(t, /<script/);

  const csv = await b.get(`/assessment/results/${id}.csv?lang=en`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
  assert.match(csv.headers['content-disposition'], /attachment; filename="mamori-assessment-\d+\.csv"/);
  assert.deepEqual([...csv.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = csv.body.toString('utf8').slice(1).split('\r\n').filter(Boolean);
  assert.equal(lines.length, 26);
  assert.equal(lines[0], '"Question no.","Part","Question","Answer","Points"');
  assert.match(lines[1], /^1,1,"Do all computers.*","Done",4$/);
  assert.match(lines[7], /^7,2,".*","Don't know",-1$/);

  const json = await b.get(`/assessment/results/${id}.json`);
  assert.equal(json.status, 200);
  const data = JSON.parse(json.text);
  assert.deepEqual(Object.keys(data), ['format', 'id', 'version', 'language', 'taken_at', 'total', 'max', 'band', 'parts', 'items']);
  assert.equal(data.format, 'mamori.assessment_result');
  assert.equal(data.id, Number(id));
  assert.equal(data.language, 'en');
  assert.match(data.taken_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(data.total, 21);
  assert.equal(data.band, 'urgent');
  assert.equal(data.version, 'v1');
  assert.equal(data.items.length, 25);
  assert.deepEqual(data.parts.map((p) => [p.score, p.max]), [[20, 20], [-1, 52], [2, 28]]);
});

// The result page is the layout around the pieces of its cached body and
// the sections made per request: the same bytes whether it is read
// first (rendered) or again (from the cache), gzipped or not, and a HEAD
// gives its length without a body.
test('the result page is whole however it is sent: again, gzipped, and to HEAD', async () => {
  const b = new Browser(server.port);
  await answerAll(b, (n) => (n % 3 === 0 ? 'not_done' : 'done'));
  const [r] = await submit(b);
  const url = `/assessment/results/${resultId(r)}?lang=en`;
  const first = await b.get(url);
  const again = await b.get(url);
  assert.equal(first.status, 200);
  const strip = (t) => t.replace(/name="csrf" value="[^"]*"/g, 'csrf');
  assert.equal(strip(again.text), strip(first.text));
  assert.match(again.text, /^<!DOCTYPE html>/i);
  assert.match(again.text, /<\/html>\s*$/);
  assert.doesNotMatch(again.text, /\0/, 'no mark of the body is left in the page');
  assert.equal(Number(again.headers['content-length']), again.body.length);
  const gz = await b.req('GET', url, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(strip(zlib.gunzipSync(gz.body).toString('utf8')), strip(first.text));
  const head = await b.req('HEAD', url);
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal(Number(head.headers['content-length']), again.body.length);
});

// A result is stored with its answers, and the page reads its row and its
// answers in two statements: a result deleted between them (an anonymous
// one purged at its expiry) is not found, never shown with blank answers.
// Deleting the answers alone stands for that moment.
test('a result whose answers are gone is a 404, as page and as download', async () => {
  const b = new Browser(server.port);
  await answerAll(b, () => 'done');
  const [r] = await submit(b);
  const id = resultId(r);
  sqlite(server.dbPath, `DELETE FROM assessment_result_answer WHERE result_id = ${id}`);
  for (const suffix of ['', '.csv', '.json']) {
    const res = await b.get(`/assessment/results/${id}${suffix}?lang=en`);
    assert.equal(res.status, 404, `${suffix || 'the page'}`);
    assert.doesNotMatch(res.text, /Total score|assessment-total-value/);
  }
});

test('bad input to a part page is a 400 and stores nothing', async () => {
  const b = new Browser(server.port);
  const cases = [
    ['an unknown item id', { extra: [['item-99', 'done']] }],
    ['an item of another part', { extra: [['item-6', 'done']] }],
    ['item 0', { extra: [['item-0', 'done']] }],
    ['a leading zero', { extra: [['item-01', 'done']] }],
    ['an answer outside the four', { extra: [['item-1', 'yes']] }],
    ['an answer in capitals', { extra: [['item-1', 'DONE']] }],
    ['a tampered version', { override: { version: 'v9' } }],
    ['an empty version', { override: { version: '' } }],
    ['another organisation', { override: { org: 'abcdefghijkl' } }],
    ['an item twice', { extra: [['item-1', 'done'], ['item-1', 'partly']] }],
    ['a huge answer', { extra: [['item-1', 'd'.repeat(200_000)]] }],
    ['an unknown field', { extra: [['comment', 'hello']] }],
    ['an unknown action', { override: { action: 'delete' } }],
    ['too many fields', { extra: Array.from({ length: 40 }, (_, i) => [`x${i}`, '1']) }],
  ];
  for (const [label, opts] of cases) {
    const r = await savePart(b, 1, (n) => (n === 2 ? 'done' : null), opts);
    assert.equal(r.status, 400, label);
    assert.equal(assessmentCookie(r), undefined, `${label}: no draft (and no cookie) is created`);
  }
  assert.equal(checkedCount((await b.get('/assessment/part/1')).text), 0, 'nothing was stored');
  const repeatedVersion = await savePart(b, 1, () => 'done', { extra: [['version', 'v1']] });
  assert.equal(repeatedVersion.status, 400, 'a control field twice');
  const noCsrf = await b.req('POST', '/assessment/part/1', { form: { version: 'v1', org: '', 'item-1': 'done' } });
  assert.equal(noCsrf.status, 403);
  assert.equal((await b.get('/assessment/part/4')).status, 404);
  assert.equal((await b.get('/assessment/part/01')).status, 404);
});

test('bad input to submit is a 400 and makes no result', async () => {
  const b = new Browser(server.port);
  await answerAll(b, () => 'done');
  const page = await b.get('/assessment/check');
  const base = { csrf: csrfOf(page.text), submit_token: hidden(page.text, 'submit_token'), version: 'v1', org: '' };
  for (const [label, form] of [
    ['a tampered version', { ...base, version: 'v2' }],
    ['a tampered submit token', { ...base, submit_token: 'x'.repeat(43) }],
    ['another organisation', { ...base, org: 'abcdefghijkl' }],
    ['an extra field', { ...base, 'item-1': 'not_done' }],
    ['a missing field', { csrf: base.csrf, submit_token: base.submit_token, version: 'v1' }],
  ]) {
    const r = await b.req('POST', '/assessment/submit', { form });
    assert.equal(r.status, 400, label);
  }
  const twice = await b.req('POST', '/assessment/submit', { form: [...Object.entries(base), ['version', 'v1']] });
  assert.equal(twice.status, 400, 'a field given twice');
  assert.match((await b.get('/assessment/check?lang=en')).text, /25 of 25 answered/, 'the draft is still there');
});

test('answers given before signing up join the new organisation, and so does an anonymous result', async () => {
  const b = new Browser(server.port);
  await answerAll(b, () => 'partly');
  const [r] = await submit(b);
  const anonymousResult = resultId(r);
  await savePart(b, 1, () => 'done');
  await signUpWith(b, 'attach@example.jp');
  const noOrg = await b.get('/assessment?lang=en');
  assert.match(noOrg.text, /not part of an organisation yet/);
  assert.match(noOrg.text, /href="\/org\/new"/);
  assert.equal(checkedCount((await b.get('/assessment/part/1')).text), 5, 'a user without an organisation keeps the answers as their own draft');
  const blocked = await b.get('/assessment/check?lang=en');
  assert.match(blocked.text, /register your organisation first/);
  assert.doesNotMatch(blocked.text, /action="\/assessment\/submit"/);
  const noHistory = await b.get('/assessment/history?lang=en');
  assert.equal(noHistory.status, 200);
  assert.deepEqual(trailOf(noHistory.text), ['/', '/assessment'], 'the history without an organisation keeps its way back, as the management check\'s does');
  await createOrg(b, { name: '引継ぎ株式会社', corporate_number: '', sole_proprietor: '1', capital: '' });
  const start = await b.get('/assessment?lang=en');
  assert.match(start.text, /are now your organisation&#39;s answers in progress|are now your organisation's answers in progress/);
  assert.match(start.text, /now in your organisation&#39;s history|now in your organisation's history/);
  const cleared = assessmentCookie(start);
  assert.ok(cleared && /Max-Age=0/.test(cleared), 'the anonymous cookie is cleared');
  assert.equal(checkedCount((await b.get('/assessment/part/1')).text), 5);
  const history = await b.get('/assessment/history?lang=en');
  assert.equal(history.status, 200);
  assert.match(history.text, new RegExp(`href="/assessment/results/${anonymousResult}"`));
  assert.equal((await b.get(`/assessment/results/${anonymousResult}`)).status, 200);
});

test('logging in attaches anonymous answers unless the organisation has answers in progress', async () => {
  const owner = await signUp(server, 'login-attach@example.jp');
  await createOrg(owner, { name: 'ログイン株式会社', corporate_number: '', sole_proprietor: '1', capital: '' });
  await owner.submit('/logout', {}, '/logout').catch(() => {});
  const b = new Browser(server.port);
  await savePart(b, 1, () => 'not_done');
  await logIn(b, 'login-attach@example.jp');
  const first = await b.get('/assessment?lang=en');
  assert.match(first.text, /are now your organisation/);
  assert.match((await b.get('/assessment/part/1')).text, /value="not_done" checked>/);

  const c = new Browser(server.port);
  await savePart(c, 1, () => 'done');
  await logIn(c, 'login-attach@example.jp');
  const second = await c.get('/assessment?lang=en');
  assert.match(second.text, /already had answers in progress/);
  assert.match((await c.get('/assessment/part/1')).text, /value="not_done" checked>/, 'the organisation\'s answers were kept');
});

test('results and history are for members and consenting supporters; others get 404', async () => {
  const owner = await signUp(server, 'authz-owner@example.jp');
  await createOrg(owner, { name: '権限株式会社', corporate_number: '', sole_proprietor: '1', capital: '' });
  const publicId = JSON.parse((await owner.get('/org/export.json')).text).organisation.public_id;

  // A member, by invitation.
  assert.equal((await owner.submit('/org/invite', { email: 'authz-member@example.jp', role: 'member' })).status, 303);
  const invite = /\/invite\/([A-Za-z0-9_-]+)/.exec(await nextMail(server.tmpDir, 'authz-member@example.jp', 0))[1];
  const member = await signUp(server, 'authz-member@example.jp');
  const page = await member.get(`/invite/${invite}`);
  assert.equal((await member.req('POST', `/invite/${invite}`, { form: { csrf: csrfOf(page.text) } })).status, 303);

  // Two results: the second is compared with the first.
  await answerAll(owner, () => 'not_done');
  const first = resultId((await submit(owner))[0]);
  await answerAll(member, (n) => (n <= 10 ? 'done' : 'not_done'));
  const second = resultId((await submit(member))[0]);
  const compared = await owner.get(`/assessment/results/${second}?lang=en`);
  assert.match(compared.text, /Change in total score: \+40/);
  assert.match(compared.text, /Questions that improved \(10\)/);

  const other = await signUp(server, 'authz-other@example.jp');
  await createOrg(other, { name: '他社株式会社', corporate_number: '', sole_proprietor: '1', capital: '' });
  const supporter = await signUp(server, 'authz-supporter@example.jp');
  const stranger = await signUp(server, 'authz-stranger@example.jp');
  for (const s of [supporter, stranger]) {
    const form = await s.get('/supporter');
    assert.equal((await s.req('POST', '/supporter', { form: { csrf: csrfOf(form.text), kind: 'tax_accountant', prefecture: '13', organisation_name: '事務所' } })).status, 303);
  }
  assert.equal((await owner.submit('/org/supporters/grant', { supporter: 'authz-supporter@example.jp', access: 'read' })).status, 303);
  const anonymous = new Browser(server.port);

  for (const id of [first, second]) {
    for (const suffix of ['', '.csv', '.json']) {
      const url = `/assessment/results/${id}${suffix}`;
      assert.equal((await owner.get(url)).status, 200, `owner ${url}`);
      assert.equal((await member.get(url)).status, 200, `member ${url}`);
      assert.equal((await supporter.get(url)).status, 200, `supporter with consent ${url}`);
      assert.equal((await other.get(url)).status, 404, `another organisation ${url}`);
      assert.equal((await stranger.get(url)).status, 404, `supporter without consent ${url}`);
      assert.equal((await anonymous.get(url)).status, 404, `anonymous ${url}`);
    }
  }
  const supporterView = await supporter.get(`/assessment/results/${first}?lang=en`);
  assert.match(supporterView.text, /shared with their consent/);
  // The trail: the start page, the history for a member only, the result.
  assert.deepEqual(trailOf(compared.text), ['/', '/assessment', '/assessment/history']);
  assert.deepEqual(trailOf(supporterView.text), ['/', '/assessment']);
  for (const bad of ['0', '-1', 'abc', '99999999', '1.xml', `${first}.csv.json`]) {
    assert.equal((await owner.get(`/assessment/results/${bad}`)).status, 404, `result ${bad}`);
  }

  const history = await owner.get('/assessment/history?lang=en');
  assert.equal(history.status, 200);
  assert.match(history.text, /<svg class="chart"[^>]*role="img"/);
  assert.equal((history.text.match(/href="\/assessment\/results\/\d+" aria-label/g) ?? []).length, 2);
  assert.equal((await member.get(`/assessment/history/${publicId}`)).status, 200, 'member, by public id');
  const shared = await supporter.get(`/assessment/history/${publicId}?lang=en`);
  assert.equal(shared.status, 200);
  assert.match(shared.text, /shared with their consent/);
  assert.equal((await stranger.get(`/assessment/history/${publicId}`)).status, 404);
  assert.equal((await other.get(`/assessment/history/${publicId}`)).status, 404);
  assert.equal((await owner.get('/assessment/history/nosuchorg000')).status, 404);
  const anon = await anonymous.get('/assessment/history');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.location, /^\/login\?next=/);
  const audit = await owner.get('/org/audit?lang=en');
  assert.match(audit.text, /assessment\.supporter_view/);
  assert.match(audit.text, /assessment\.submit/);
});
