// mypage.test.mjs — マイページ (/home) over real HTTP: sign-up confirmation
// and log-in land there (a safe ?next= still wins); the owner's task list
// in the scheme's order with its states (fresh user, after the
// organisation, after the assessment, after the policy, after ★, after
// ★★) and exactly one button for the next step; the declaration's ID,
// absolute verification address and mark once declared; a member told
// that the owner declares; a supporter's client list, the mail that tells
// them of a grant, the switcher (?org=) and its 404 for organisations
// they have no role in; the client's result and history as a supporter
// with edit consent sees them; and the header links of every page (the
// areas for a signed-in user, verification for a visitor, the folding
// menu).
//
// One server for the file; every test makes its own users. Facts that
// other areas' flows produce (a submitted assessment, a published
// policy) are written with sqlite() (or psql on PostgreSQL), as the
// declaration tests do.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertCleanExit, sqlString, sqlite, startServer } from './helpers.mjs';
import { Browser, PASSWORD, createOrg, csrfOf, mailsTo, nextMail, signUp } from './org_client.mjs';

let server;
let seq = 0;

const db = (sql) => sqlite(server.dbPath, sql);
const one = (sql) => db(sql)[0];
const nowS = () => Math.floor(Date.now() / 1000);
const email = (label) => `${label}-${process.pid}-${++seq}@example.jp`;

/** A valid 13-digit corporate number, different for every call. */
function corporateNumber() {
  const body = String(100000000000 + ((process.pid * 7919 + ++seq * 104729) % 800000000000)).padStart(12, '0');
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(body[12 - n]) * (n % 2 ? 1 : 2);
  return `${9 - (sum % 9)}${body}`;
}

/** A signed-in owner of a fresh organisation. */
async function owner(label) {
  const b = await signUp(server, email(label));
  await createOrg(b, { corporate_number: corporateNumber() });
  b.orgId = Number(one(`SELECT organisation_id FROM membership m JOIN "user" u ON u.id = m.user_id WHERE u.email = ${sqlString(b.email)}`));
  b.orgPublicId = one(`SELECT public_id FROM organisation WHERE id = ${b.orgId}`);
  return b;
}

/** A submitted assessment of 25 answers ("done" but two), total 91. */
function addAssessment(orgId, takenAt = nowS()) {
  const token = `t-${process.pid}-${++seq}`;
  const answers = Array.from({ length: 25 }, (_, i) => (i === 3 ? 'not_done' : i === 10 ? 'dont_know' : 'done'));
  db(`INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1, part2, part3, submit_token)
      VALUES (${orgId}, 'v1', ${takenAt}, 91, 16, 51, 28, '${token}');
      INSERT INTO assessment_result_answer (result_id, item, answer)
      ${answers.map((a, i) => `SELECT (SELECT id FROM assessment_result WHERE submit_token = '${token}'), ${i + 1}, '${a}'`).join(' UNION ALL ')};`);
  return Number(one(`SELECT id FROM assessment_result WHERE submit_token = '${token}'`));
}

function addPolicy(orgId) {
  db(`INSERT INTO policy_version (organisation_id, number, published_at, lang, preamble, commitment_1, commitment_2,
        commitment_3, commitment_4, commitment_5, established_on, organisation_name, representative_title, representative_name)
      VALUES (${orgId}, 1, ${nowS()}, 'ja', 'p', 'c1', 'c2', 'c3', 'c4', 'c5', '2025-04-01', 'n', 't', 'r');
      INSERT INTO policy_publication (organisation_id, kind, version_id, url, published_at)
      VALUES (${orgId}, 'hosted', (SELECT max(id) FROM policy_version WHERE organisation_id = ${orgId}), '', ${nowS()});`);
}

const PLEDGE = { rule_1: 'yes', rule_2: 'yes', rule_3: 'yes', rule_4: 'yes', rule_5: 'yes', terms: 'yes' };

/** Declares level through the declaration pages (level, prerequisites, the pledge that declares); returns the new ID. */
async function declare(b, level) {
  let r = await b.submit('/declaration/new/level', { level: String(level) });
  assert.equal(r.status, 303);
  const prerequisites = await b.get(r.headers.location);
  const next = /<a class="button" href="(\/declaration\/new\/pledge\?level=\d)">/.exec(prerequisites.text);
  assert.ok(next, `the prerequisites page leads to the pledge page: ${r.headers.location}`);
  const pledge = await b.get(next[1]);
  assert.equal(pledge.status, 200);
  assert.match(pledge.text, /action="\/declaration\/new"/, 'the pledge page declares');
  r = await b.req('POST', '/declaration/new', { form: { csrf: csrfOf(pledge.text), level: String(level), ...PLEDGE } });
  assert.equal(r.status, 303, `declare ★${level}: ${r.text.slice(0, 400)}`);
  return one(`SELECT public_id FROM declaration WHERE organisation_id = ${b.orgId} AND status = 'active'`);
}

/**
 * The task list of a /home page: [{ name, state, next, button, link, why }]
 * in page order, name the task's heading.
 */
function tasks(html) {
  const list = /<ol class="task-list">([\s\S]*?)<\/ol>/.exec(html);
  assert.ok(list, 'the page has a task list');
  return [...list[1].matchAll(/<li class="task task-([a-z-]+)( task-next)?">([\s\S]*?)<\/li>/g)].map((m) => ({
    state: m[1],
    next: Boolean(m[2]),
    name: /<h3 class="task-title">([^<]*)<\/h3>/.exec(m[3])[1],
    button: /<a class="button" href="([^"]*)">/.exec(m[3])?.[1] ?? null,
    links: [...m[3].matchAll(/<a href="([^"]*)">/g)].map((x) => x[1]),
    why: /<p class="hint">([^<]*)<\/p>/.exec(m[3])?.[1] ?? '',
  }));
}

const NAMES = ['組織を登録する', '自己診断を受ける', '基本方針を公開する', '一つ星（★）を宣言する', '二つ星（★★）を宣言する'];

function assertStates(html, states, label) {
  const t = tasks(html);
  assert.deepEqual(t.map((x) => x.name), NAMES, `${label}: the tasks in the scheme's order`);
  assert.deepEqual(t.map((x) => x.state), states, `${label}: states`);
  const main = /<main[\s\S]*<\/main>/.exec(html)[0];
  const buttons = [...main.matchAll(/<a class="button" /g)].length;
  assert.ok(buttons <= 1, `${label}: at most one button on the page (${buttons})`);
  return t;
}

/** The links of the wide header nav (the folded copy says the same). */
function headerLinks(html) {
  const nav = /<nav class="account-nav site-nav-wide"[^>]*>([\s\S]*?)<\/nav>/.exec(html);
  assert.ok(nav, 'the header has its site links');
  const menu = /<details class="site-nav-menu">\s*<summary>[^<]+<\/summary>\s*<nav class="account-nav"[^>]*>([\s\S]*?)<\/nav>\s*<\/details>/.exec(html);
  assert.ok(menu, 'the header folds into a <details> menu for phones');
  assert.equal(menu[1], nav[1], 'the menu offers the same links');
  return [...nav[1].matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
}

before(async () => {
  server = await startServer();
});

after(async () => {
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
});

describe('landing', () => {
  test('the confirmation link and every log-in land on /home; a local ?next= still wins, another site does not', async () => {
    const address = email('land');
    const b = new Browser(server.port);
    const seen = mailsTo(server.tmpDir, address).length;
    assert.equal((await b.submit('/signup', { email: address, password: PASSWORD })).status, 303);
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(await nextMail(server.tmpDir, address, seen))[1];
    const confirmed = await b.submit(`/confirm/${token}`, {});
    assert.equal(confirmed.status, 303);
    assert.equal(confirmed.headers.location, '/home?notice=confirmed');
    const home = await b.get('/home?notice=confirmed');
    assert.equal(home.status, 200);
    assert.match(home.text, /<h1>マイページ<\/h1>/);
    assert.match(home.text, /登録が完了しました。下の「次にすること」から進めてください。/);
    assert.equal((await b.get('/login')).headers.location, '/home', 'a signed-in visitor of /login goes home');

    for (const [next, expected] of [['', '/home'], ['/org', '/org'], ['//evil.example/', '/home'], ['/\\evil.example/', '/home']]) {
      const c = new Browser(server.port);
      const r = await c.submit('/login', { email: address, password: PASSWORD, next });
      assert.equal(r.status, 303, `log-in with next=${next}`);
      assert.equal(r.headers.location, expected, `log-in with next=${next}`);
    }
  });

  test('anonymous: /home asks to log in and comes back', async () => {
    const r = await new Browser(server.port).get('/home');
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/login?next=%2Fhome');
  });
});

describe('the owner\'s task list', () => {
  test('a fresh user: register the organisation is the one next step, the rest cannot start yet and say why', async () => {
    const b = await signUp(server, email('fresh'));
    const home = await b.get('/home');
    const t = assertStates(home.text, ['not-started', 'blocked', 'blocked', 'blocked', 'blocked'], 'fresh');
    assert.equal(t[0].button, '/org/new');
    assert.ok(t[0].next);
    for (const x of t.slice(1)) assert.equal(x.why, '先に組織を登録してください。', `${x.name}: why`);
    assert.match(home.text, /href="\/supporter">支援者として登録する</, 'a way to the supporter area');
  });

  test('after the organisation, the assessment, the policy, ★ and ★★: states, the next button, the declaration', async () => {
    const b = await owner('steps');
    let t = assertStates((await b.get('/home')).text, ['done', 'not-started', 'not-started', 'not-started', 'blocked'], 'after org');
    assert.ok(t[0].links.includes('/org'), 'the organisation is linked');
    assert.equal(t[1].button, '/assessment', 'the next step is the self-assessment');
    assert.ok(t[2].links.includes(`/policy/edit/${b.orgPublicId}`), 'the policy can be started too');
    assert.ok(t[3].links.includes('/declaration/new'), '★ can be declared already');
    assert.equal(t[4].why, '二つ星には、自己診断と基本方針の公開が必要です。');

    const takenAt = Date.UTC(2026, 10, 25, 3) / 1000; // 2026-11-25 12:00 in Japan
    const resultId = addAssessment(b.orgId, takenAt);
    let home = await b.get('/home');
    t = assertStates(home.text, ['done', 'done', 'not-started', 'not-started', 'blocked'], 'after assessment');
    assert.match(home.text, /91点（100点満点）・2026年11月25日に受診/, 'the score and the date');
    assert.ok(t[1].links.includes(`/assessment/results/${resultId}`), 'the result is linked');
    assert.equal(t[2].button, `/policy/edit/${b.orgPublicId}`, 'the next step is the policy');
    assert.equal(t[4].why, '二つ星には、基本方針の公開が必要です。');

    addPolicy(b.orgId);
    t = assertStates((await b.get('/home')).text, ['done', 'done', 'done', 'not-started', 'not-started'], 'after policy');
    assert.ok(t[2].links.includes(`/policy/${b.orgPublicId}`), 'the public policy is linked');
    assert.equal(t[3].button, '/declaration/new', 'the next step is the declaration');
    assert.ok(t[3].next && !t[4].next);
    assert.ok(t[4].links.includes('/declaration/new/pledge?level=2'), '★★ is one form away: its pledge page');
    assert.doesNotMatch((await b.get('/home')).text, /id="verify-url"/, 'nothing declared yet');

    const id = await declare(b, 1);
    home = await b.get('/home');
    t = assertStates(home.text, ['done', 'done', 'done', 'done', 'not-started'], 'after ★');
    assert.match(home.text, new RegExp(`宣言ID ${id}・`));
    // the declaration history in each language's punctuation
    const history = (html) => /<ul class="level-history">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
    const enHistory = history((await b.get('/home?lang=en')).text);
    assert.match(enHistory, new RegExp(`<li>[^<]+: [^<]+ \\(Declaration ID ${id}\\)</li>`));
    assert.doesNotMatch(enHistory, /[（）　]/, 'no Japanese brackets or space in English');
    assert.match(history((await b.get('/home?lang=ja')).text), new RegExp(`<li>[^<]+：[^<]+（宣言ID ${id}）</li>`));
    assert.equal(t[4].button, '/declaration/upgrade', 'the next step is the upgrade');
    assert.match(home.text, new RegExp(`<strong id="declaration-id">${id}</strong>`));
    assert.match(home.text, new RegExp(`<input id="verify-url" class="copy-field" type="text" readonly value="${server.url}/verify/${id}"`),
      'the verification address is absolute, in a field to copy');
    assert.match(home.text, new RegExp(`href="/verify/${id}/mark.svg\\?theme=light" download`));
    assert.match(home.text, new RegExp(`href="/verify/${id}/mark-640.png\\?theme=light" download`));
    assert.equal((await b.get(`/verify/${id}/mark-640.png?theme=light`)).status, 200, 'the mark link works');

    const up = await b.get('/declaration/upgrade');
    assert.equal((await b.req('POST', '/declaration/upgrade', { form: { csrf: csrfOf(up.text), ...PLEDGE } })).status, 303);
    home = await b.get('/home');
    t = assertStates(home.text, ['done', 'done', 'done', 'done', 'done'], 'after ★★');
    assert.ok(!t.some((x) => x.next), 'no next step is left');
    assert.match(home.text, /すべての手順が済んでいます。/);
    assert.match(home.text, /二つ星（★★）<\/dd>/);
  });

  test('an assessment begun but not submitted is in progress, and the button says to carry on', async () => {
    const b = await owner('draft');
    const form = await b.get('/assessment/part/1');
    assert.equal(form.status, 200);
    const hidden = Object.fromEntries([...form.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    const radio = /<input type="radio" id="[^"]*" name="([^"]+)" value="done"/.exec(form.text)[1];
    const saved = await b.req('POST', '/assessment/part/1', { form: { ...hidden, [radio]: 'done', action: 'later' } });
    assert.ok([200, 303].includes(saved.status), `saving part 1: ${saved.status}`);
    const t = assertStates((await b.get('/home')).text, ['done', 'in-progress', 'not-started', 'not-started', 'blocked'], 'draft');
    assert.equal(t[1].button, '/assessment');
    assert.match((await b.get('/home')).text, /自己診断の続きに答える/);
  });

  test('the management self-check: a way to take it, then its latest result (maturity, date, link)', async () => {
    const b = await owner('management');
    const section = (html) => /<section aria-labelledby="management-heading">([\s\S]*?)<\/section>/.exec(html)[1];
    let home = section((await b.get('/home')).text);
    assert.ok(home.includes('まだ受けていません。'), 'none taken yet');
    assert.match(home, /<a href="\/management">経営チェックを受ける<\/a>/, 'a link to take it');
    const result = (takenAt, overall) => {
      const token = `m-${process.pid}-${++seq}`;
      db(`INSERT INTO management_result (organisation_id, version, taken_at, overall, dont_know,
            d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, submit_token)
          VALUES (${b.orgId}, 'v1', ${takenAt}, ${overall}, 0, 100, 200, 300, 100, 200, 300, 100, 200, 300, 100, '${token}')`);
      return Number(one(`SELECT id FROM management_result WHERE submit_token = '${token}'`));
    };
    result(Date.UTC(2026, 9, 1, 3) / 1000, 150);
    const latest = result(Date.UTC(2026, 10, 25, 3) / 1000, 225); // 2026-11-25 12:00 in Japan
    home = section((await b.get('/home')).text);
    assert.ok(home.includes('最新の結果： 全体の成熟度 2.25 / 5・2026年11月25日に回答'), 'the newest result, as its page names it');
    assert.match(home, new RegExp(`<a href="/management/results/${latest}">結果を見る</a>`));
    assert.match(home, /<a href="\/management">経営チェックをもう一度受ける<\/a>/);
    assert.ok(!home.includes('まだ受けていません。'));
    const en = section((await b.get('/home?lang=en')).text);
    assert.ok(en.includes('Latest result: overall maturity 2.25 / 5, taken on '), 'in English too');
    assert.ok((await b.get(`/management/results/${latest}?lang=ja`)).text.includes('2.25'), 'the result page shows the same maturity');
  });

  test('a member sees the states, and is told that an owner declares (no declaration button)', async () => {
    const o = await owner('with-member');
    addAssessment(o.orgId);
    addPolicy(o.orgId);
    const memberEmail = email('member');
    const m = await signUp(server, memberEmail);
    const seen = mailsTo(server.tmpDir, memberEmail).length;
    assert.equal((await o.submit('/org/invite', { email: memberEmail, role: 'member' })).status, 303);
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(await nextMail(server.tmpDir, memberEmail, seen))[1];
    const page = await m.get(`/invite/${token}`);
    assert.equal((await m.req('POST', `/invite/${token}`, { form: { csrf: csrfOf(page.text) } })).status, 303);
    const t = assertStates((await m.get('/home')).text, ['done', 'done', 'done', 'not-started', 'not-started'], 'member');
    for (const x of t.slice(3)) {
      assert.equal(x.why, '宣言は組織のオーナーが行います。');
      assert.equal(x.button, null);
      assert.ok(!x.links.some((l) => l.startsWith('/declaration/')), `${x.name}: no declaration link`);
    }
  });
});

describe('supporters', () => {
  let sup;
  let readFirm;
  let editFirm;
  let otherFirm;

  before(async () => {
    sup = await signUp(server, email('tax'));
    const form = await sup.get('/supporter');
    const r = await sup.req('POST', '/supporter', {
      form: { csrf: csrfOf(form.text), kind: 'tax_accountant', prefecture: '13', organisation_name: 'みなと税理士事務所' },
    });
    assert.equal(r.status, 303);
    [readFirm, editFirm, otherFirm] = await Promise.all([owner('read-firm'), owner('edit-firm'), owner('other-firm')]);
  });

  test('a grant sends the supporter a mail in their language with the link to マイページ', async () => {
    const seen = mailsTo(server.tmpDir, sup.email).length;
    assert.equal((await readFirm.submit('/org/supporters/grant', { supporter: sup.email, access: 'read' })).status, 303);
    const mail = await nextMail(server.tmpDir, sup.email, seen);
    assert.match(mail, /^Subject: /m);
    assert.match(mail, /閲覧のみ/, 'the access is named');
    assert.match(mail, new RegExp(`${server.url}/home`), 'the link to マイページ');
    const seen2 = mailsTo(server.tmpDir, sup.email).length;
    assert.equal((await editFirm.submit('/org/supporters/grant', { supporter: sup.email, access: 'edit' })).status, 303);
    assert.match(await nextMail(server.tmpDir, sup.email, seen2), /閲覧と編集/);
  });

  test('the supporter\'s マイページ lists the clients, with the policy draft only where the consent includes editing', async () => {
    const home = await sup.get('/home');
    assert.equal(home.status, 200);
    assert.doesNotMatch(home.text, /<ol class="task-list">/, 'a supporter without an organisation sees the clients first');
    assert.match(home.text, /支援しているお客さま/);
    assert.match(home.text, new RegExp(`href="/home\\?org=${readFirm.orgPublicId}"`));
    assert.match(home.text, new RegExp(`href="/assessment/history/${editFirm.orgPublicId}"`));
    assert.match(home.text, new RegExp(`href="/policy/edit/${editFirm.orgPublicId}"`), 'the edit client\'s draft');
    assert.doesNotMatch(home.text, new RegExp(`href="/policy/edit/${readFirm.orgPublicId}"`), 'not the read client\'s');
    assert.doesNotMatch(home.text, new RegExp(otherFirm.orgPublicId), 'no firm that granted nothing');
    assert.match(home.text, /<select id="switch-org" name="org">/, 'two clients: a switcher');
    const dash = await sup.get('/supporter');
    assert.match(dash.text, new RegExp(`href="/policy/edit/${editFirm.orgPublicId}">下書きを編集`), 'the dashboard links the draft too');
  });

  test('the switcher shows a client\'s tasks as the supporter may act on them; another organisation is 404', async () => {
    addAssessment(editFirm.orgId);
    const edit = await sup.get(`/home?org=${editFirm.orgPublicId}`);
    assert.equal(edit.status, 200);
    assert.match(edit.text, /お客さまの同意にもとづいて、この組織の進み具合を表示しています。/);
    assert.match(edit.text, new RegExp(`<option value="${editFirm.orgPublicId}" selected>`));
    let t = assertStates(edit.text, ['done', 'done', 'not-started', 'not-started', 'blocked'], 'edit client');
    assert.equal(t[2].button, `/policy/edit/${editFirm.orgPublicId}`, 'the policy draft is the supporter\'s next step');
    assert.equal(t[3].why, 'この手順は、お客さまの組織が行います。');
    const read = await sup.get(`/home?org=${readFirm.orgPublicId}`);
    t = assertStates(read.text, ['done', 'not-started', 'not-started', 'not-started', 'blocked'], 'read client');
    assert.ok(!t.some((x) => x.button), 'read consent: nothing to do');
    assert.equal((await sup.get(`/home?org=${otherFirm.orgPublicId}`)).status, 404, 'a firm that granted nothing');
    assert.equal((await sup.get('/home?org=no-such-org')).status, 404, 'an unknown id');
    assert.equal((await otherFirm.get(`/home?org=${readFirm.orgPublicId}`)).status, 404, 'another owner');
  });

  test('a client\'s steps do not link the provider area, which is the user\'s own organisation\'s', async () => {
    const client = await sup.get(`/home?org=${readFirm.orgPublicId}`);
    assert.equal(client.status, 200);
    assert.doesNotMatch(client.text, /href="\/provider"/, 'a link the supporter could not follow');
    assert.equal((await sup.get('/provider')).status, 404, 'what it would answer');
    assert.match((await readFirm.get('/home')).text, /href="\/provider"/, 'the owner still has it');
  });

  test('a supporter with edit consent is not told "read only", and a client\'s result is not "your" result', async () => {
    const resultId = addAssessment(editFirm.orgId);
    const history = await sup.get(`/assessment/history/${editFirm.orgPublicId}`);
    assert.doesNotMatch(history.text, /閲覧のみで、変更はできません/);
    assert.match(history.text, new RegExp(`href="/policy/edit/${editFirm.orgPublicId}"`));
    const readHistory = await sup.get(`/assessment/history/${readFirm.orgPublicId}`);
    assert.match(readHistory.text, /閲覧のみで、変更はできません/, 'read consent still says so');
    const result = await sup.get(`/assessment/results/${resultId}?lang=en`);
    assert.equal(result.status, 200);
    assert.doesNotMatch(result.text, /Your self-assessment result/);
    assert.match(result.text, /<h1>Your client(&#39;|')s self-assessment result<\/h1>/);
    const own = await editFirm.get(`/assessment/results/${resultId}?lang=en`);
    assert.match(own.text, /<h1>Your self-assessment result<\/h1>/, 'the owner still reads "your"');
    assert.match(own.text, /href="\/home">See the next step on your page/);
  });
});

describe('the header', () => {
  test('a visitor: verification, the declarants, the rules, the self-assessment, services, events, log-in and sign-up; / links the verification pages, the supporter area, events and services', async () => {
    const home = await new Browser(server.port).get('/');
    assert.deepEqual(headerLinks(home.text), ['/verify', '/declarants', '/rules', '/assessment', '/services', '/events', '/login', '/signup']);
    const main = /<main[\s\S]*<\/main>/.exec(home.text)[0];
    for (const href of ['/verify', '/verify/batch', '/declarants', '/supporter', '/events', '/communities', '/services']) assert.match(main, new RegExp(`href="${href}"`), `/ links ${href}`);
    assert.doesNotMatch(main, /申請の条件です。/, 'no undated claim about subsidies');
    assert.match(main, /2024年の時点では/);
  });

  test('an owner: マイページ and every area, marked where the page is; no supporter link', async () => {
    const b = await owner('header');
    const page = await b.get('/org');
    assert.deepEqual(headerLinks(page.text), ['/home', '/org', '/assessment', '/consultations', '/services', '/events', '/policy/edit', '/declaration', '/account']);
    assert.match(page.text, /<a href="\/org" aria-current="page">組織<\/a>/);
    assert.match(page.text, /<form class="inline-form" method="post" action="\/logout">/);
    assert.match(page.text, /href="\/assessment">セキュリティ自己診断を受ける/, 'the organisation page links the self-assessment');
  });

  test('a user without an organisation: マイページ, organisation, self-assessment, consultations and events; a supporter also the supporter and responder areas', async () => {
    const b = await signUp(server, email('plain'));
    assert.deepEqual(headerLinks((await b.get('/account')).text), ['/home', '/org', '/assessment', '/consultations', '/services', '/events', '/account']);
    const form = await b.get('/supporter');
    await b.req('POST', '/supporter', { form: { csrf: csrfOf(form.text), kind: 'chamber', prefecture: '1', organisation_name: '商工会' } });
    assert.deepEqual(headerLinks((await b.get('/home')).text), ['/home', '/org', '/assessment', '/consultations', '/services', '/events', '/supporter', '/responder', '/account']);
    assert.match((await b.get('/home?lang=en')).text, /<summary>Menu<\/summary>/);
  });
});
