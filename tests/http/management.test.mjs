// The management self-check over real HTTP: an anonymous visitor saves and
// resumes directive by directive, submits once however often the button is
// pressed, and keeps the answers and the result when signing up; every kind
// of bad input is a 400 with nothing stored; the result shows the radar
// chart with the previous result, the table of the same figures and the
// three largest gaps, and comes as CSV, JSON and PDF; results and history
// are seen by the organisation's members and consenting supporters only.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertCleanExit, startServer } from './helpers.mjs';
import { Browser, PASSWORD, createOrg, csrfOf, mailsTo, nextMail, signUp } from './org_client.mjs';

const DIRECTIVES = 10;
const questions = (d) => [1, 2, 3, 4].map((k) => (d - 1) * 4 + k);

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

function hidden(html, name) {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  assert.ok(m, `no hidden field ${name}`);
  return m[1];
}

/** Opens directive d and posts answerOf(question) for its questions (null: left out). */
async function saveDirective(b, d, answerOf, { action = 'next', extra = [], override = {} } = {}) {
  const page = await b.get(`/management/part/${d}`);
  assert.equal(page.status, 200, `GET directive ${d}`);
  const base = { csrf: csrfOf(page.text), version: hidden(page.text, 'version'), org: hidden(page.text, 'org'), action, ...override };
  const answers = questions(d).flatMap((n) => (answerOf(n) != null ? [[`question-${n}`, String(answerOf(n))]] : []));
  return b.req('POST', `/management/part/${d}`, { form: [...Object.entries(base), ...answers, ...extra] });
}

async function answerAll(b, answerOf) {
  for (let d = 1; d <= DIRECTIVES; d++) {
    const r = await saveDirective(b, d, answerOf);
    assert.equal(r.status, 303, `directive ${d}: ${r.status}`);
  }
}

async function submit(b) {
  const page = await b.get('/management/check');
  assert.equal(page.status, 200);
  const form = { csrf: csrfOf(page.text), submit_token: hidden(page.text, 'submit_token'), version: hidden(page.text, 'version'), org: hidden(page.text, 'org') };
  return [await b.req('POST', '/management/submit', { form }), form];
}

const resultId = (r) => {
  const m = /^\/management\/results\/(\d+)$/.exec(r.headers.location ?? '');
  assert.ok(m, `redirect to a result, got ${r.status} ${r.headers.location}`);
  return m[1];
};

// The links of a page's breadcrumb trail (its last, the page itself, is no link).
const trailOf = (html) =>
  [...(/<nav class="breadcrumbs[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '').matchAll(/<a href="([^"]*)">/g)].map((m) => m[1]);
const checkedCount = (html) => (html.match(/ checked>/g) ?? []).length;
const managementCookie = (r) => [].concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('mamori_management='));

async function signUpWith(b, email) {
  const seen = mailsTo(server.tmpDir, email).length;
  assert.equal((await b.submit('/signup', { email, password: PASSWORD })).status, 303);
  const mail = await nextMail(server.tmpDir, email, seen);
  const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail)[1];
  assert.equal((await b.submit(`/confirm/${token}`, {})).status, 303);
  b.email = email;
  return b;
}

/** The directive of question n (1–40). */
const directiveOf = (n) => Math.ceil(n / 4);

test('the start page lists the ten directives and is linked from / and マイページ', async () => {
  const b = new Browser(server.port);
  const start = await b.get('/management?lang=en');
  assert.equal(start.status, 200);
  assert.match(start.text, /Start the management self-check/);
  assert.equal((start.text.match(/<li>[^<]+<\/li>/g) ?? []).length >= 10, true);
  assert.match((await b.get('/?lang=en')).text, /href="\/management"/);
  const ja = await b.get('/management?lang=ja');
  assert.match(ja.text, /経営チェックを始める/);
  const owner = await signUp(server, 'home-link@example.jp');
  await createOrg(owner, { name: 'リンク株式会社', corporate_number: '', sole_proprietor: '1', capital: '' });
  assert.match((await owner.get('/home?lang=en')).text, /href="\/management"/);
});

test('an anonymous visitor saves each directive with level descriptions shown, and resumes', async () => {
  const b = new Browser(server.port);
  const page = await b.get('/management/part/1?lang=en');
  assert.equal(page.status, 200);
  assert.match(page.text, /Directive 1 of 10 · 0 of 40 answered/);
  assert.match(page.text, /<summary>Why this matters<\/summary>/, '"why this matters" is folded');
  assert.equal((page.text.match(/type="radio"/g) ?? []).length, 4 * 7, 'levels 0–5 and don\'t know for each of four questions');
  assert.match(page.text, /Level 5<\/strong> <span class="management-level-text">[^<]+<\/span>/, 'each level has its description');
  const r = await saveDirective(b, 1, (n) => n % 6);
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/management/part/2');
  const cookie = managementCookie(r);
  assert.ok(cookie, 'the anonymous cookie is set at the first save');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  const later = await saveDirective(b, 2, (n) => (n === 5 ? 'dont_know' : null), { action: 'later' });
  assert.equal(later.headers.location, '/management?notice=saved');
  const back = await b.get('/management?notice=saved&lang=en');
  assert.match(back.text, /Your answers are saved/);
  assert.match(back.text, /href="\/management\/part\/2"/, 'continues at the first directive with a gap');
  const part2 = await b.get('/management/part/2?lang=en');
  assert.match(part2.text, /5 of 40 answered/);
  assert.match(part2.text, /name="question-5" value="dont_know" checked>/);
  const goBack = await saveDirective(b, 2, () => null, { action: 'back' });
  assert.equal(goBack.headers.location, '/management/part/1');
  assert.equal(checkedCount((await b.get('/management/part/1')).text), 4);
  const stranger = new Browser(server.port);
  assert.equal(checkedCount((await stranger.get('/management/part/1')).text), 0, 'another visitor sees none of it');
});

test('check your answers lists the gaps and refuses an incomplete submission', async () => {
  const b = new Browser(server.port);
  await saveDirective(b, 1, () => 3);
  const check = await b.get('/management/check?lang=en');
  assert.equal(check.status, 200);
  assert.match(check.text, /4 of 40 answered/);
  assert.equal((check.text.match(/href="\/management\/part\/\d+#q-\d+" aria-label="Change the answer/g) ?? []).length, 40);
  const [r] = await submit(b);
  assert.equal(r.status, 422);
  assert.match(r.text, /class="error-summary"/);
  for (let n = 5; n <= 40; n++) assert.match(r.text, new RegExp(`<a href="#q-${n}">`), `question ${n} in the summary`);
});

test('submitting twice makes one result, and the result scores the mean maturity', async () => {
  const b = new Browser(server.port);
  // Directive d answers level d % 6 on every question, but question 40 is "don't know".
  await answerAll(b, (n) => (n === 40 ? 'dont_know' : directiveOf(n) % 6));
  const [first, form] = await submit(b);
  const id = resultId(first);
  const again = await b.req('POST', '/management/submit', { form });
  assert.equal(resultId(again), id, 'the same result');
  const page = await b.get(`/management/results/${id}?lang=en`);
  assert.equal(page.status, 200);
  // 1,2,3,4,5,0,1,2,3 and (4+4+4+0)/4 = 3 → mean of ten = 24/10 = 2.40
  assert.match(page.text, /<span class="assessment-total-value">2\.40<\/span>/);
  assert.match(page.text, /Answered Don&#39;t know:<\/strong> 1|Answered Don't know:<\/strong> 1/);
  assert.match(page.text, /<svg class="chart"[^>]*role="img" aria-labelledby="management-chart-title management-chart-desc"/);
  assert.match(page.text, /<title id="management-chart-title">/);
  assert.match(page.text, /<caption id="directives-caption">/);
  assert.match(page.text, /<th scope="row">6\. [^<]+<\/th><td class="number">0\.00<\/td>/);
  assert.match(page.text, /<th scope="row">10\. [^<]+<\/th><td class="number">3\.00<\/td>/);
  // Gaps: directive 6 (0.00), then 1 and 7 (1.00)
  const gaps = [...page.text.matchAll(/<li class="assessment-advice-item management-gap">\s*<h3>Directive (\d+):/g)].map((m) => m[1]);
  assert.deepEqual(gaps, ['6', '1', '7']);
  assert.match(page.text, /Now 0\.00 → next: level 1/);
  assert.doesNotMatch(page.text, /stroke-dasharray="6 4"\/?>/, 'no previous result drawn the first time');
  assert.deepEqual(trailOf(page.text), ['/', '/management'], 'no history for an anonymous visitor');
  const stranger = new Browser(server.port);
  assert.equal((await stranger.get(`/management/results/${id}`)).status, 404, 'another visitor cannot see it');
});

test('bad input to a directive page is a 400 and stores nothing', async () => {
  const b = new Browser(server.port);
  const cases = [
    ['an unknown question', { extra: [['question-99', '1']] }],
    ['a question of another directive', { extra: [['question-5', '1']] }],
    ['question 0', { extra: [['question-0', '1']] }],
    ['a leading zero', { extra: [['question-01', '1']] }],
    ['a level above 5', { extra: [['question-1', '6']] }],
    ['a negative level', { extra: [['question-1', '-1']] }],
    ['a fraction', { extra: [['question-1', '2.5']] }],
    ['dont_know in capitals', { extra: [['question-1', 'DONT_KNOW']] }],
    ['a tampered version', { override: { version: 'v9' } }],
    ['another organisation', { override: { org: 'abcdefghijkl' } }],
    ['a question twice', { extra: [['question-1', '1'], ['question-1', '2']] }],
    ['a huge answer', { extra: [['question-1', '1'.repeat(200_000)]] }],
    ['an unknown field', { extra: [['comment', 'hello']] }],
    ['an unknown action', { override: { action: 'delete' } }],
    ['submit from the first directive', { override: { action: 'submit' } }],
    ['too many fields', { extra: Array.from({ length: 20 }, (_, i) => [`x${i}`, '1']) }],
  ];
  for (const [label, opts] of cases) {
    const r = await saveDirective(b, 1, (n) => (n === 2 ? 3 : null), opts);
    assert.equal(r.status, 400, label);
    assert.equal(managementCookie(r), undefined, `${label}: no draft (and no cookie) is created`);
  }
  assert.equal(checkedCount((await b.get('/management/part/1')).text), 0, 'nothing was stored');
  const noCsrf = await b.req('POST', '/management/part/1', { form: { version: 'v1', org: '', 'question-1': '1' } });
  assert.equal(noCsrf.status, 403);
  for (const bad of ['0', '11', '01', 'x']) assert.equal((await b.get(`/management/part/${bad}`)).status, 404, `directive ${bad}`);
});

test('bad input to submit is a 400 and makes no result', async () => {
  const b = new Browser(server.port);
  await answerAll(b, () => 2);
  const page = await b.get('/management/check');
  const base = { csrf: csrfOf(page.text), submit_token: hidden(page.text, 'submit_token'), version: 'v1', org: '' };
  for (const [label, form] of [
    ['a tampered version', { ...base, version: 'v2' }],
    ['a tampered submit token', { ...base, submit_token: 'x'.repeat(43) }],
    ['another organisation', { ...base, org: 'abcdefghijkl' }],
    ['an extra field', { ...base, 'question-1': '5' }],
    ['a missing field', { csrf: base.csrf, submit_token: base.submit_token, version: 'v1' }],
  ]) {
    const r = await b.req('POST', '/management/submit', { form });
    assert.equal(r.status, 400, label);
  }
  assert.match((await b.get('/management/check?lang=en')).text, /40 of 40 answered/, 'the draft is still there');
});

test('answers and a result given before signing up join the new organisation', async () => {
  const b = new Browser(server.port);
  await answerAll(b, () => 1);
  const anonymousResult = resultId((await submit(b))[0]);
  await saveDirective(b, 1, () => 4);
  await signUpWith(b, 'mgmt-attach@example.jp');
  const noOrg = await b.get('/management/check?lang=en');
  assert.match(noOrg.text, /register your organisation first/);
  assert.doesNotMatch(noOrg.text, /action="\/management\/submit"/);
  await createOrg(b, { name: '経営引継ぎ株式会社', corporate_number: '', sole_proprietor: '1', capital: '' });
  const start = await b.get('/management?lang=en');
  assert.match(start.text, /now in your organisation(&#39;|')s history/);
  const cleared = managementCookie(start);
  assert.ok(cleared && /Max-Age=0/.test(cleared), 'the anonymous cookie is cleared');
  assert.match((await b.get('/management/part/1')).text, /name="question-1" value="4" checked>/);
  const history = await b.get('/management/history?lang=en');
  assert.match(history.text, new RegExp(`href="/management/results/${anonymousResult}"`));
});

test('results, downloads and history are for members and consenting supporters; others get 404', async () => {
  const owner = await signUp(server, 'mgmt-owner@example.jp');
  await createOrg(owner, { name: '経営権限株式会社', corporate_number: '', sole_proprietor: '1', capital: '' });
  const publicId = JSON.parse((await owner.get('/org/export.json')).text).organisation.public_id;
  await answerAll(owner, () => 1);
  const first = resultId((await submit(owner))[0]);
  await answerAll(owner, (n) => (directiveOf(n) <= 5 ? 3 : 1));
  const second = resultId((await submit(owner))[0]);

  const compared = await owner.get(`/management/results/${second}?lang=en`);
  assert.match(compared.text, new RegExp(`Previous result: <a href="/management/results/${first}">`));
  assert.match(compared.text, /stroke-dasharray="6 4"/, 'the previous result is drawn on the same chart');
  assert.match(compared.text, /<th scope="row">1\. [^<]+<\/th><td class="number">3\.00<\/td><td class="number">1\.00<\/td>/);

  const csv = await owner.get(`/management/results/${second}.csv?lang=en`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  assert.match(csv.headers['content-disposition'], /attachment; filename="mamori-management-\d+\.csv"/);
  assert.match(csv.text, /^\uFEFF?"directive","question","text","answer","maturity"\r\n/);
  assert.match(csv.text, /\r\n"","","overall","","2\.00"\r\n/);
  assert.match(csv.text, /\r\n1,"","[^"]+","","3\.00"\r\n/, 'a row per directive');
  assert.equal((csv.text.match(/\n\d+,\d+,"[^"]+","[0-5]",[0-5]\r/g) ?? []).length, 40, 'one row per question');
  const json = JSON.parse((await owner.get(`/management/results/${second}.json`)).text);
  assert.deepEqual(Object.keys(json), ['format', 'id', 'version', 'language', 'taken_at', 'overall', 'max', 'dont_know', 'directives']);
  assert.equal(json.format, 'mamori.management_result');
  assert.equal(json.id, Number(second));
  assert.equal(json.version, 'v1');
  assert.equal(json.overall, 2);
  assert.equal(json.directives.length, 10);
  assert.equal(json.directives[0].score, 3);
  assert.equal(json.directives[0].questions.length, 4);
  assert.equal(json.directives[9].questions[3].level, 1);
  const pdf = await owner.get(`/management/results/${second}.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.match(pdf.text.slice(0, 8), /^%PDF-1\./);
  assert.equal((pdf.body.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length, 1, 'the board summary is one A4 page');

  const other = await signUp(server, 'mgmt-other@example.jp');
  await createOrg(other, { name: '経営他社株式会社', corporate_number: '', sole_proprietor: '1', capital: '' });
  const supporter = await signUp(server, 'mgmt-supporter@example.jp');
  const stranger = await signUp(server, 'mgmt-stranger@example.jp');
  for (const s of [supporter, stranger]) {
    const form = await s.get('/supporter');
    assert.equal((await s.req('POST', '/supporter', { form: { csrf: csrfOf(form.text), kind: 'tax_accountant', prefecture: '13', organisation_name: '事務所' } })).status, 303);
  }
  assert.equal((await owner.submit('/org/supporters/grant', { supporter: 'mgmt-supporter@example.jp', access: 'read' })).status, 303);
  const anonymous = new Browser(server.port);
  for (const id of [first, second]) {
    for (const suffix of ['', '.csv', '.json', '.pdf']) {
      const url = `/management/results/${id}${suffix}`;
      assert.equal((await owner.get(url)).status, 200, `owner ${url}`);
      assert.equal((await supporter.get(url)).status, 200, `supporter with consent ${url}`);
      assert.equal((await other.get(url)).status, 404, `another organisation ${url}`);
      assert.equal((await stranger.get(url)).status, 404, `supporter without consent ${url}`);
      assert.equal((await anonymous.get(url)).status, 404, `anonymous ${url}`);
    }
  }
  // The trail: the start page, the history for a member only, the result.
  assert.deepEqual(trailOf(compared.text), ['/', '/management', '/management/history']);
  assert.deepEqual(trailOf((await supporter.get(`/management/results/${first}`)).text), ['/', '/management']);
  for (const bad of ['0', '-1', 'abc', '99999999', '1.xml', `${first}.csv.json`]) {
    assert.equal((await owner.get(`/management/results/${bad}`)).status, 404, `result ${bad}`);
  }
  const history = await owner.get('/management/history?lang=en');
  assert.equal(history.status, 200);
  assert.equal((history.text.match(/href="\/management\/results\/\d+" aria-label/g) ?? []).length, 2);
  assert.equal((await supporter.get(`/management/history/${publicId}`)).status, 200);
  assert.equal((await stranger.get(`/management/history/${publicId}`)).status, 404);
  assert.equal((await other.get(`/management/history/${publicId}`)).status, 404);
  const anon = await anonymous.get('/management/history');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.location, /^\/login\?next=/);

  const audit = await owner.get('/org/audit?lang=en');
  assert.match(audit.text, /management\.supporter_view/);
  assert.match(audit.text, /management\.submit/);
});
