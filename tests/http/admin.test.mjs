// admin.test.mjs — administrators: `mamori admin create` and its welcome
// link, who may see /admin, searching users, organisations and the audit
// log, disabling and enabling accounts, resending confirmation mail.
//
// One server (with the demo organisations) for the whole file and one
// administrator made through the command line; every test uses its own
// addresses. Mail is read from TMPDIR/mail/*.eml; the database is
// inspected with sqlite() (sqlite3, or psql on PostgreSQL).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  assertCleanExit,
  assertNoSanitizerReports,
  cookieJar,
  csrfFromHtml,
  getForm,
  httpGet,
  post,
  readMails,
  runCli,
  sqlString,
  sqlite,
  startServer,
  waitForMail,
} from './helpers.mjs';

const PASSWORD = 'quiet orchard under snow';
const ADMIN_PASSWORD = 'granite lighthouse keeps watch';

let server;
let mailDir;
let admin; // the administrator's signed-in jar
let seq = 0;

const newEmail = (label) => `${label}-${process.pid}-${++seq}@example.jp`;
const url = (p) => `${server.url}${p}`;
const db = (sql) => sqlite(server.dbPath, sql);
const one = (sql) => db(sql)[0];
const userId = (email) => one(`SELECT id FROM "user" WHERE email = ${sqlString(email)}`);

function assertRedirect(res, location, label) {
  assert.equal(res.status, 303, `${label}: status (body: ${res.text.slice(0, 300)})`);
  assert.equal(res.headers.location, location, `${label}: Location`);
}

function adminCreate(email) {
  const r = runCli(['admin', 'create', '--email', email, '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
  assertNoSanitizerReports(r.stderr, 'admin create');
  return r;
}

async function logIn(email, password, jar = cookieJar()) {
  const { csrf } = await getForm(url('/login'), jar);
  const res = await post(url('/login'), { csrf, email, password, next: '' }, jar);
  return { res, jar };
}

async function signUp(email) {
  const jar = cookieJar();
  const { csrf } = await getForm(url('/signup'), jar);
  assertRedirect(await post(url('/signup'), { csrf, email, password: PASSWORD }, jar), '/signup/sent', `sign up ${email}`);
  return waitForMail(mailDir, (m) => m.to === email && m.links.some((l) => l.includes('/confirm/')));
}

async function signUpConfirmed(email) {
  const mail = await signUp(email);
  const link = new URL(mail.links.find((l) => l.includes('/confirm/'))).pathname;
  // Another browser than the one that signed up: the password confirms.
  const jar = cookieJar();
  const page = await getForm(url(link), jar);
  assertRedirect(await post(url(link), { csrf: page.csrf, password: PASSWORD }, jar), '/home?notice=confirmed', `confirm ${email}`);
  return jar;
}

async function csrfOf(jar, page) {
  const res = await httpGet(url(page), jar);
  assert.equal(res.status, 200, `GET ${page}`);
  return csrfFromHtml(res.text);
}

before(async () => {
  server = await startServer({ seed: true });
  mailDir = path.join(server.tmpDir, 'mail');
  const email = `boss-${process.pid}@example.jp`;
  const r = adminCreate(email);
  assert.equal(r.status, 0, r.stderr);
  const link = new URL(r.stdout.trim()).pathname;
  const jar = cookieJar();
  const page = await getForm(url(link), jar);
  assertRedirect(await post(url(link), { csrf: page.csrf, password: ADMIN_PASSWORD }, jar), '/login?notice=reset', 'welcome');
  const { res, jar: signedIn } = await logIn(email, ADMIN_PASSWORD);
  assertRedirect(res, '/home', 'administrator log-in');
  admin = signedIn;
});

after(async () => {
  if (!server) return;
  assertCleanExit(await server.stop(), 'mamori serve');
});

describe('mamori admin create', () => {
  test('`admin create` prints a link that sets the password; the link works once', async () => {
    const email = newEmail('newadmin');
    const r = adminCreate(email);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'one line on stdout: the link');
    const link = new URL(lines[0]);
    assert.equal(link.origin, server.url, 'the link starts with MAMORI_BASE_URL');
    assert.match(link.pathname, /^\/admin\/welcome\/[A-Za-z0-9_-]{43}$/);
    assert.equal(one(`SELECT CAST(is_admin AS integer) FROM "user" WHERE email = ${sqlString(email)}`), '1');
    assert.equal((await logIn(email, ADMIN_PASSWORD)).res.status, 422, 'no password works before the link is used');

    const jar = cookieJar();
    const page = await getForm(url(link.pathname), jar);
    assert.equal(page.res.status, 200);
    const weak = await post(url(link.pathname), { csrf: page.csrf, password: 'short' }, jar);
    assert.equal(weak.status, 422, 'password_problem() applies');
    assert.equal((await post(url(link.pathname), { csrf: page.csrf, password: ADMIN_PASSWORD }, jar)).status, 410, 'a refused password used the link up');
    const fresh = new URL(adminCreate(email).stdout.trim());
    assertRedirect(await post(url(fresh.pathname), { csrf: page.csrf, password: ADMIN_PASSWORD }, jar), '/login?notice=reset', 'set');
    assert.equal((await post(url(fresh.pathname), { csrf: page.csrf, password: ADMIN_PASSWORD }, jar)).status, 410, 'used up');
    const { res, jar: signedIn } = await logIn(email, ADMIN_PASSWORD);
    assertRedirect(res, '/home', 'log in');
    assert.equal((await httpGet(url('/admin'), signedIn)).status, 200, 'the new administrator sees /admin');
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'admin.create' AND target = ${sqlString(email)}`), '2', 'two links made');
  });

  test('`admin create` promotes an existing account and refuses a bad address', async () => {
    const email = newEmail('promoted');
    const jar = await signUpConfirmed(email);
    assert.equal((await httpGet(url('/admin'), jar)).status, 404);
    const r = adminCreate(email.toUpperCase());
    assert.equal(r.status, 0, r.stderr);
    assert.equal(one(`SELECT CAST(is_admin AS integer) FROM "user" WHERE email = ${sqlString(email)}`), '1', 'the same account, promoted');
    assert.equal((await httpGet(url('/admin'), jar)).status, 200);

    const bad = adminCreate('not-an-address');
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    const missing = runCli(['admin', 'create', '--db', server.dbPath]);
    assert.equal(missing.status, 2, 'without --email');
    const help = runCli(['admin', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /admin create --email/);
    assert.match(runCli(['--help']).stdout, /\badmin\b/, 'the main usage mentions it');
  });
});

describe('the administration overview', () => {
  test('/admin links every area an administrator works in, and each answers', async () => {
    const res = await httpGet(url('/admin'), admin);
    assert.equal(res.status, 200);
    const areas = ['/admin/users', '/admin/organisations', '/admin/audit', '/admin/declarations', '/admin/experts',
      '/admin/services', '/admin/identity', '/admin/statistics', '/admin/news'];
    for (const area of areas) {
      assert.ok(res.text.includes(`<a href="${area}">`), `/admin links ${area}`);
      assert.equal((await httpGet(url(area), admin)).status, 200, `GET ${area}`);
    }
  });
});

describe('who may see /admin', () => {
  const getRoutes = ['/admin', '/admin/users', '/admin/users/1', '/admin/users/1/resend', '/admin/organisations',
    '/admin/organisations/1', '/admin/audit'];
  const postRoutes = ['/admin/users/1/disable', '/admin/users/1/enable', '/admin/users/1/resend'];

  test('non-admins get 404 on every /admin route, anonymous visitors are sent to log in', async () => {
    const jar = await signUpConfirmed(newEmail('plain'));
    const csrf = await csrfOf(jar, '/account');
    for (const p of getRoutes) {
      assert.equal((await httpGet(url(p), jar)).status, 404, `GET ${p} as a user`);
      assertRedirect(await httpGet(url(p)), `/login?next=${encodeURIComponent(p)}`, `GET ${p} anonymous`);
      assert.equal((await httpGet(url(p), admin)).status, 200, `GET ${p} as an administrator`);
    }
    for (const p of postRoutes) {
      assert.equal((await post(url(p), { csrf, disable_reason: 'x', enable_reason: 'x' }, jar)).status, 404, `POST ${p} as a user`);
      assert.equal((await post(url(p), { csrf: 'x'.repeat(43), disable_reason: 'x' })).status, 403, `POST ${p} anonymous`);
    }
    assert.equal(one(`SELECT count(*) FROM "user" WHERE disabled_at IS NOT NULL`), '0', 'nothing was disabled');
  });

  test('unknown or malformed ids and bad paging answer 404 and 400', async () => {
    for (const p of ['/admin/users/999999', '/admin/users/abc', '/admin/users/0', '/admin/organisations/999999', '/admin/organisations/-1']) {
      assert.equal((await httpGet(url(p), admin)).status, 404, p);
    }
    for (const q of ['page=0', 'page=10001', 'page=abc', 'page=1&page=2', `q=${'a'.repeat(255)}`]) {
      assert.equal((await httpGet(url(`/admin/users?${q}`), admin)).status, 400, `/admin/users?${q}`);
    }
    assert.equal((await httpGet(url('/admin/audit?page=10000'), admin)).status, 200, 'the last allowed page');
    assert.equal((await httpGet(url(`/admin/audit?action=${'a'.repeat(65)}`), admin)).status, 400);
  });
});

describe('accounts', () => {
  test('user search matches part of the address, newest first, and treats % and _ literally', async () => {
    const tag = `srch${process.pid}x${++seq}`;
    for (const n of [1, 2, 3]) db(`INSERT INTO "user" (email, password_hash, created_at) VALUES ('${tag}-${n}@example.jp', 'x', ${1000 + n})`);
    const res = await httpGet(url(`/admin/users?q=${tag.toUpperCase()}`), admin);
    assert.equal(res.status, 200);
    const found = [...res.text.matchAll(new RegExp(`>(${tag}-\\d)@example.jp<`, 'g'))].map((m) => m[1]);
    assert.deepEqual(found, [`${tag}-3`, `${tag}-2`, `${tag}-1`]);
    for (const wildcard of ['%', '_', `${tag}-_`]) {
      const r = await httpGet(url(`/admin/users?q=${encodeURIComponent(wildcard)}`), admin);
      assert.ok(!r.text.includes(`${tag}-1@example.jp`), `q=${wildcard} is not a wildcard`);
    }
  });

  test('user pages are 50 to a page with links to the next', async () => {
    const tag = `pg${process.pid}x${++seq}`;
    const values = Array.from({ length: 51 }, (_, i) => `('${tag}-${i}@example.jp', 'x', ${2000 + i})`).join(',');
    db(`INSERT INTO "user" (email, password_hash, created_at) VALUES ${values}`);
    const first = await httpGet(url(`/admin/users?q=${tag}`), admin);
    assert.equal([...first.text.matchAll(new RegExp(`${tag}-\\d+@`, 'g'))].length, 50);
    assert.match(first.text, new RegExp(`href="/admin/users\\?q=${tag}&amp;page=2" rel="next"`));
    const second = await httpGet(url(`/admin/users?q=${tag}&page=2`), admin);
    assert.deepEqual([...second.text.matchAll(new RegExp(`(${tag}-\\d+)@`, 'g'))].map((m) => m[1]), [`${tag}-0`]);
  });

  test('XSS strings in a display name appear escaped on the admin user page', async () => {
    const email = newEmail('xss');
    const jar = await signUpConfirmed(email);
    const evil = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';
    const csrf = await csrfOf(jar, '/account/profile');
    assertRedirect(await post(url('/account/profile'), { csrf, name: evil, lang: 'ja' }, jar), '/account?notice=profile_saved', 'profile');
    for (const p of [`/admin/users/${userId(email)}`, `/admin/users?q=${encodeURIComponent(email)}`]) {
      const page = await httpGet(url(p), admin);
      assert.equal(page.status, 200);
      assert.ok(!page.text.includes('<script>alert(1)'), `${p}: no raw script`);
      assert.ok(!page.text.includes('<img src=x'), `${p}: no raw img`);
      assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${p}: shown escaped`);
    }
  });

  test('disable ends sessions and blocks log-in with the generic message; a reason is required', async () => {
    const email = newEmail('disabled');
    const jar = await signUpConfirmed(email);
    const id = userId(email);
    const page = `/admin/users/${id}`;
    const csrf = await csrfOf(admin, page);

    const noReason = await post(url(`${page}/disable`), { csrf, disable_reason: '  ' }, admin);
    assert.equal(noReason.status, 422, 'a reason is required');
    assert.equal((await httpGet(url('/account'), jar)).status, 200, 'still signed in');
    assert.equal((await post(url(`${page}/disable`), { disable_reason: 'spam' }, admin)).status, 403, 'no CSRF token');
    assert.equal(one(`SELECT CAST(disabled_at IS NULL AS integer) FROM "user" WHERE id = ${id}`), '1', 'nothing changed');

    assertRedirect(await post(url(`${page}/disable`), { csrf, disable_reason: 'sent spam to members' }, admin), `${page}?notice=disabled`, 'disable');
    assertRedirect(await httpGet(url('/account'), jar), '/login?next=%2Faccount', 'the session ended');
    assert.equal(one(`SELECT count(*) FROM session WHERE user_id = ${id}`), '0');
    const refused = await logIn(email, PASSWORD);
    const wrong = await logIn(email, 'some other password');
    assert.equal(refused.res.status, wrong.res.status, 'the same status as a wrong password');
    const message = (html) => /<p class="field-error" id="email-error">([^<]*)<\/p>/.exec(html)?.[1];
    assert.ok(message(refused.res.text), 'a message');
    assert.equal(message(refused.res.text), message(wrong.res.text), 'the same message as a wrong password');
    const view = await httpGet(url(page), admin);
    assert.ok(view.text.includes('sent spam to members'), 'the reason is shown');
    assert.match(view.text, /action="\/admin\/users\/\d+\/enable"/);

    const enableCsrf = csrfFromHtml(view.text);
    assert.equal((await post(url(`${page}/enable`), { csrf: enableCsrf, enable_reason: '' }, admin)).status, 422);
    assertRedirect(await post(url(`${page}/enable`), { csrf: enableCsrf, enable_reason: 'apologised' }, admin), `${page}?notice=enabled`, 'enable');
    assertRedirect((await logIn(email, PASSWORD)).res, '/home', 'log-in works again');
    const audit = db(`SELECT action || ':' || detail FROM audit WHERE target = 'user:${id}' AND action IN ('admin.user_disable', 'admin.user_enable') AND outcome = 'ok' ORDER BY id`);
    assert.deepEqual(audit, ['admin.user_disable:sent spam to members', 'admin.user_enable:apologised']);
  });

  test('an administrator cannot disable their own account', async () => {
    const id = one(`SELECT id FROM "user" WHERE email = 'boss-${process.pid}@example.jp'`);
    const csrf = await csrfOf(admin, `/admin/users/${id}`);
    const res = await post(url(`/admin/users/${id}/disable`), { csrf, disable_reason: 'testing' }, admin);
    assert.equal(res.status, 422);
    assert.equal((await httpGet(url('/admin'), admin)).status, 200, 'still signed in');
  });

  test('resend: a confirmation page, then a new mail for an unconfirmed account; refused once confirmed', async () => {
    const email = newEmail('unconfirmed');
    await signUp(email);
    const id = userId(email);
    const page = await httpGet(url(`/admin/users/${id}/resend`), admin);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<form method="post" action="/admin/users/${id}/resend">`));
    const before = readMails(mailDir).filter((m) => m.to === email).length;
    assertRedirect(await post(url(`/admin/users/${id}/resend`), { csrf: csrfFromHtml(page.text) }, admin), `/admin/users/${id}?notice=resent`, 'resend');
    await waitForMail(mailDir, () => readMails(mailDir).filter((m) => m.to === email && m.links.some((l) => l.includes('/confirm/'))).length > before);

    const confirmed = newEmail('confirmed');
    await signUpConfirmed(confirmed);
    const cid = userId(confirmed);
    const res = await post(url(`/admin/users/${cid}/resend`), { csrf: csrfFromHtml(page.text) }, admin);
    assert.equal(res.status, 409);
  });
});

describe('organisations and audit', () => {
  test('organisation search finds names by hiragana reading, corporate number with hyphens, and shows members', async () => {
    const kana = await httpGet(url(`/admin/organisations?q=${encodeURIComponent('きたぐに')}`), admin);
    assert.equal(kana.status, 200);
    assert.ok(kana.text.includes('北国運輸株式会社'), 'hiragana finds the katakana reading');
    assert.ok(!kana.text.includes('さくら精密工業株式会社'));
    const number = await httpGet(url(`/admin/organisations?q=${encodeURIComponent('２１２０９-０１')}`), admin);
    assert.ok(number.text.includes('医療法人はなみずきクリニック'), 'full-width digits and hyphens');
    const none = await httpGet(url('/admin/organisations?q=%25'), admin);
    assert.match(none.text, /: 0</, '% matches only itself');

    const orgId = one(`SELECT id FROM organisation WHERE public_id = 'demo-kita-unyu'`);
    const member = newEmail('driver');
    db(`INSERT INTO "user" (email, password_hash, created_at) VALUES (${sqlString(member)}, 'x', 0);
        INSERT INTO membership (organisation_id, user_id, role, created_at) VALUES (${orgId}, (SELECT id FROM "user" WHERE email = ${sqlString(member)}), 'owner', 0)`);
    const view = await httpGet(url(`/admin/organisations/${orgId}`), admin);
    assert.equal(view.status, 200);
    assert.ok(view.text.includes('4011001098993'));
    assert.ok(view.text.includes('50000000'), 'the capital, as it was given');
    assert.match(view.text, /<dd>北海道<\/dd>/, 'the prefecture by its name, not its code');
    assert.match(view.text, /<dd>H 運輸業/, 'the industry division with its name');
    assert.doesNotMatch(view.text, /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/, 'the date of registration is written for people, not as stored');
    assert.ok(view.text.includes(member), 'the members are listed');
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'admin.organisation_view' AND organisation_id = ${orgId}`), '1');
  });

  test('the audit log filters by action prefix and by account, newest first', async () => {
    const email = newEmail('audited');
    await signUpConfirmed(email);
    const id = userId(email);
    const byUser = await httpGet(url(`/admin/audit?user=${encodeURIComponent(email)}`), admin);
    assert.equal(byUser.status, 200);
    assert.ok(byUser.text.includes('<code>account.confirm</code>'));
    assert.ok(!byUser.text.includes('<code>admin.create</code>'), 'only entries of that account');
    const byId = await httpGet(url(`/admin/audit?user=${id}&action=account.`), admin);
    assert.ok(byId.text.includes('<code>account.confirm</code>'));
    const none = await httpGet(url('/admin/audit?user=nobody%40example.jp'), admin);
    assert.match(none.text, /: 0</, 'an unknown address selects nothing');
    const logins = await httpGet(url('/admin/audit?action=login'), admin);
    const actions = [...logins.text.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]);
    assert.ok(actions.length > 0 && actions.every((a) => a.startsWith('login')), actions.join(','));
    const wildcard = await httpGet(url('/admin/audit?action=_'), admin);
    assert.match(wildcard.text, /: 0</, '_ is not a wildcard');
  });

  test('the audit log, as filtered, downloads as CSV for the records; for administrators only', async () => {
    const email = newEmail('exported');
    await signUpConfirmed(email);
    const page = await httpGet(url(`/admin/audit?action=account.&user=${encodeURIComponent(email)}`), admin);
    const link = `/admin/audit.csv?action=account.&amp;user=${encodeURIComponent(email)}`;
    assert.ok(page.text.includes(`href="${link}"`), 'the page links the CSV of what it shows');
    const csv = await httpGet(url(link.replace('&amp;', '&')), admin);
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
    assert.match(csv.headers['content-disposition'], /^attachment; filename="audit\.csv"/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines[0], '"日時","操作した人","操作","組織","対象","結果","IPアドレス","詳細"', 'a header row in the page language');
    assert.ok(lines.length >= 2, lines.join('\n'));
    for (const line of lines.slice(1)) assert.match(line, /^"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00","[^"]*","account\./, line);
    const japan = new Set(db(`SELECT at FROM audit WHERE action LIKE 'account.%'`)
      .map((at) => new Date((Number(at) + 9 * 3600) * 1000).toISOString().replace('.000Z', '+09:00')));
    for (const line of lines.slice(1)) assert.ok(japan.has(line.slice(1, 26)), `the time in Japan, as the pages show it: ${line}`);
    assert.equal((await httpGet(url('/admin/audit.csv'), await signUpConfirmed(newEmail('nosy')))).status, 404, 'not for others');
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'admin.audit_export'`), '1', 'the export is itself recorded');
  });
});
