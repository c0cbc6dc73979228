// account.test.mjs — the rest of /account: profile, password change,
// e-mail change through a link on the new address, the personal-data
// export and account deletion, against the real sanitizer binary.
//
// One server for the whole file; every test uses its own addresses. Mail
// is read from TMPDIR/mail/*.eml (the mailer writes once a second); the
// database is inspected, and organisations are set up, with sqlite() (the
// sqlite3 CLI, or psql on PostgreSQL: the SQL reads the same in both).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  assertCleanExit,
  cookieJar,
  csrfFromHtml,
  getForm,
  httpGet,
  post,
  sqlString,
  sqlite,
  startServer,
  waitForMail,
} from './helpers.mjs';

const PASSWORD = 'amber lantern over the bay';
const NEW_PASSWORD = 'nine copper kites at dawn';

let server;
let mailDir;
let seq = 0;

before(async () => {
  server = await startServer();
  mailDir = path.join(server.tmpDir, 'mail');
});

after(async () => {
  if (!server) return;
  assertCleanExit(await server.stop(), 'mamori serve');
});

const newEmail = (label) => `${label}-${process.pid}-${++seq}@example.jp`;
const url = (p) => `${server.url}${p}`;
const db = (sql) => sqlite(server.dbPath, sql);
const one = (sql) => db(sql)[0];

function assertRedirect(res, location, label) {
  assert.equal(res.status, 303, `${label}: status (body: ${res.text.slice(0, 300)})`);
  assert.equal(res.headers.location, location, `${label}: Location`);
}

/** The path of the mailed link that starts with prefix. */
function linkPath(mail, prefix) {
  const link = mail.links.find((l) => new URL(l).pathname.startsWith(prefix));
  assert.ok(link, `no ${prefix} link in the mail to ${mail.to}:\n${mail.body}`);
  return new URL(link).pathname;
}

/** Signs up and confirms; resolves to the signed-in jar. */
async function signUpConfirmed(email, password = PASSWORD) {
  const jar = cookieJar();
  const { csrf } = await getForm(url('/signup'), jar);
  assertRedirect(await post(url('/signup'), { csrf, email, password }, jar), '/signup/sent', `sign up ${email}`);
  const mail = await waitForMail(mailDir, (m) => m.to === email && m.links.some((l) => l.includes('/confirm/')));
  const confirm = linkPath(mail, '/confirm/');
  const page = await getForm(url(confirm), jar);
  assertRedirect(await post(url(confirm), { csrf: page.csrf }, jar), '/home?notice=confirmed', `confirm ${email}`);
  return jar;
}

async function logIn(email, password, jar = cookieJar()) {
  const { csrf } = await getForm(url('/login'), jar);
  const res = await post(url('/login'), { csrf, email, password, next: '' }, jar);
  return { res, jar };
}

/** The csrf token of a signed-in page. */
async function csrfOf(jar, page = '/account') {
  const res = await httpGet(url(page), jar);
  assert.equal(res.status, 200, `GET ${page}`);
  const csrf = csrfFromHtml(res.text);
  assert.ok(csrf, `${page} has a csrf token`);
  return csrf;
}

const userRow = (email) => db(`SELECT id, name, lang FROM "user" WHERE email = ${sqlString(email)}`)[0];
const sessionCount = (email) =>
  Number(one(`SELECT count(*) FROM session WHERE user_id = (SELECT id FROM "user" WHERE email = ${sqlString(email)})`));

describe('profile', () => {
  test('display name and mail language are saved; an unknown language is refused with 422', async () => {
    const email = newEmail('profile');
    const jar = await signUpConfirmed(email);
    const form = await getForm(url('/account/profile'), jar);
    assert.equal(form.res.status, 200);
    assert.match(form.res.text, /<option value="ja" selected>/);

    const bad = await post(url('/account/profile'), { csrf: form.csrf, name: '山田 花子', lang: 'fr' }, jar);
    assert.equal(bad.status, 422);
    assert.match(bad.text, /class="error-summary"/);
    assert.match(bad.text, /value="山田 花子"/, 'what was typed is shown again');
    assert.equal(userRow(email), `${userRow(email).split('|')[0]}||ja`, 'nothing saved');

    const long = await post(url('/account/profile'), { csrf: form.csrf, name: 'x'.repeat(101), lang: 'en' }, jar);
    assert.equal(long.status, 422, 'a name over 100 characters');

    const ok = await post(url('/account/profile'), { csrf: form.csrf, name: '山田 花子', lang: 'en' }, jar);
    assertRedirect(ok, '/account?notice=profile_saved', 'POST /account/profile');
    assert.match(userRow(email), /\|山田 花子\|en$/);
    const account = await httpGet(url('/account?notice=profile_saved'), jar);
    assert.ok(account.text.includes('山田 花子'));
    assert.match(account.text, /<div class="notice" role="status">/);
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'profile.change' AND actor_user_id = ${userRow(email).split('|')[0]}`), '1');
  });

  test('POST without the CSRF token: 403 and nothing changed', async () => {
    const email = newEmail('csrf');
    const jar = await signUpConfirmed(email);
    const before = userRow(email);
    assert.equal((await post(url('/account/profile'), { name: 'Mallory', lang: 'en' }, jar)).status, 403);
    assert.equal((await post(url('/account/profile'), { csrf: 'x'.repeat(43), name: 'Mallory', lang: 'en' }, jar)).status, 403);
    assert.equal((await post(url('/account/delete'), { current_password: PASSWORD }, jar)).status, 403);
    assert.equal((await post(url('/account/password'), { current_password: PASSWORD, new_password: NEW_PASSWORD }, jar)).status, 403);
    assert.equal(userRow(email), before, 'the profile is unchanged');
    assert.equal((await httpGet(url('/account'), jar)).status, 200, 'still signed in, account still there');
  });

  test('session times are shown in Japan time, with the zone named', async () => {
    const jar = await signUpConfirmed(newEmail('jst'));
    const jstHour = () => String(new Date(Date.now() + 9 * 3600 * 1000).getUTCHours()).padStart(2, '0');
    const hours = [jstHour()];
    const page = await httpGet(url('/account'), jar);
    hours.push(jstHour());
    assert.equal(page.status, 200);
    const m = page.text.match(/\d{4}年\d{1,2}月\d{1,2}日 (\d{2}):\d{2}（日本時間）/);
    assert.ok(m, 'a time in Japan time');
    assert.ok(hours.includes(m[1]), `hour ${m[1]} is Japan's (${hours.join(' or ')})`);
    assert.doesNotMatch(page.text, /UTC/);
  });

  test('signed-in devices are named by their browser and system, not by the raw header', async () => {
    const email = newEmail('devices');
    const jar = await signUpConfirmed(email);
    const edge = { headers: { 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91' } };
    const phone = cookieJar();
    const { csrf } = await getForm(url('/login'), phone, edge);
    assert.equal((await post(url('/login'), { csrf, email, password: PASSWORD, next: '' }, phone, edge)).status, 303);
    const page = await httpGet(url('/account'), jar);
    assert.match(page.text, /<td>Edge（Windows）<\/td>/);
    assert.doesNotMatch(page.text, /Edg\/120/, 'not the header itself');
    assert.match(page.text, /<strong>（この端末）<\/strong>/, 'Japanese brackets on a Japanese page');
    const en = await httpGet(url('/account?lang=en'), jar);
    assert.match(en.text, /<td>Edge on Windows<\/td>/);
    assert.match(en.text, /<strong>\(this device\)<\/strong>/);
    await httpGet(url('/account?lang=ja'), jar);
  });
});

describe('password', () => {
  test('change password requires the current one and ends other sessions (old cookie no longer works)', async () => {
    const email = newEmail('password');
    const jar = await signUpConfirmed(email);
    const other = (await logIn(email, PASSWORD)).jar;
    assert.equal(sessionCount(email), 2);
    const oldValue = jar.get('mamori_session');
    const csrf = await csrfOf(jar, '/account/password');

    const wrong = await post(url('/account/password'), { csrf, current_password: 'not my password at all', new_password: NEW_PASSWORD }, jar);
    assert.equal(wrong.status, 422, 'a wrong current password');
    assert.ok(!wrong.text.includes('not my password at all'), 'passwords are never sent back');
    const weak = await post(url('/account/password'), { csrf, current_password: PASSWORD, new_password: 'short' }, jar);
    assert.equal(weak.status, 422, 'a new password password_problem() refuses');
    assert.equal(sessionCount(email), 2, 'nothing ended yet');

    const ok = await post(url('/account/password'), { csrf, current_password: PASSWORD, new_password: NEW_PASSWORD }, jar);
    assertRedirect(ok, '/account?notice=password_changed', 'POST /account/password');
    assert.notEqual(jar.get('mamori_session'), oldValue, 'a new session token');
    assert.equal((await httpGet(url('/account'), jar)).status, 200, 'this browser stays signed in');
    assertRedirect(await httpGet(url('/account'), other), '/login?next=%2Faccount', 'the other session ended');
    assertRedirect(await httpGet(url('/account'), cookieJar({ mamori_session: oldValue })), '/login?next=%2Faccount', 'the old token');
    assert.equal(sessionCount(email), 1);

    assert.equal((await logIn(email, PASSWORD)).res.status, 422, 'the old password no longer logs in');
    assertRedirect((await logIn(email, NEW_PASSWORD)).res, '/home', 'the new one does');
    await waitForMail(mailDir, (m) => m.to === email && /パスワードを変更しました/.test(m.subject));
    const audit = db(`SELECT outcome FROM audit WHERE action = 'password.change' AND target = ${sqlString(email)} ORDER BY id`);
    assert.deepEqual(audit, ['failed', 'ok'], 'the failed attempt and the change are audited');
  });
});

describe('e-mail address', () => {
  test('change e-mail only after the link on the new address is used; the link reused: 410', async () => {
    const email = newEmail('old');
    const target = newEmail('new');
    const jar = await signUpConfirmed(email);
    const { csrf } = await getForm(url('/account/email'), jar);

    const wrong = await post(url('/account/email'), { csrf, email: target, current_password: 'wrong wrong wrong' }, jar);
    assert.equal(wrong.status, 422, 'the current password is required');
    const same = await post(url('/account/email'), { csrf, email: email.toUpperCase(), current_password: PASSWORD }, jar);
    assert.equal(same.status, 422, 'the same address again');

    assertRedirect(await post(url('/account/email'), { csrf, email: target, current_password: PASSWORD }, jar), '/account/email/sent', 'POST /account/email');
    assert.equal((await httpGet(url('/account/email/sent'), jar)).status, 200);
    assert.equal(Number(one(`SELECT count(*) FROM "user" WHERE email = ${sqlString(email)}`)), 1, 'nothing changes before the link is used');

    const mail = await waitForMail(mailDir, (m) => m.to === target && m.links.some((l) => l.includes('/account/email/confirm/')));
    const link = linkPath(mail, '/account/email/confirm/');
    const visitor = cookieJar();
    const page = await getForm(url(link), visitor);
    assert.equal(page.res.status, 200);
    assert.match(page.res.text, new RegExp(`<form method="post" action="${link}">`));
    assert.equal(Number(one(`SELECT count(*) FROM "user" WHERE email = ${sqlString(email)}`)), 1, 'GET changes nothing');

    assertRedirect(await post(url(link), { csrf: page.csrf }, visitor), '/login?notice=email_changed', 'POST the link');
    assert.equal(Number(one(`SELECT count(*) FROM "user" WHERE email = ${sqlString(target)}`)), 1, 'the new address is the account\'s');
    assert.equal((await post(url(link), { csrf: page.csrf }, visitor)).status, 410, 'the link again');
    await waitForMail(mailDir, (m) => m.to === email && !m.links.some((l) => l.includes('/confirm/')));

    assertRedirect((await logIn(target, PASSWORD)).res, '/home', 'log in with the new address');
    assert.equal((await logIn(email, PASSWORD)).res.status, 422, 'the old address no longer logs in');
    const account = await httpGet(url('/account'), jar);
    assert.ok(account.text.includes(target), 'the first browser sees the new address');
  });

  test('an address that is registered already gets a notice, not a link; the page says the same', async () => {
    const email = newEmail('mover');
    const taken = newEmail('taken');
    const jar = await signUpConfirmed(email);
    await signUpConfirmed(taken);
    const { csrf } = await getForm(url('/account/email'), jar);
    assertRedirect(await post(url('/account/email'), { csrf, email: taken, current_password: PASSWORD }, jar), '/account/email/sent', 'POST');
    const notice = await waitForMail(mailDir, (m) => m.to === taken && m.links.some((l) => l.endsWith('/login')));
    assert.ok(!notice.links.some((l) => l.includes('/account/email/confirm/')), 'no link that could take the address');
    assert.equal(Number(one(`SELECT count(*) FROM "user" WHERE email = ${sqlString(email)}`)), 1);
  });
});

describe('export', () => {
  test('export JSON contains the user\'s e-mail but no password hash or session token', async () => {
    const email = newEmail('export');
    const jar = await signUpConfirmed(email);
    const res = await httpGet(url('/account/export.json'), jar);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.match(res.headers['content-disposition'], /^attachment; filename="[^"]+\.json"$/);
    assert.match(res.headers['cache-control'], /no-store/);
    const data = JSON.parse(res.text);
    assert.equal(data.user.email, email);
    assert.equal(data.user.password_hash, undefined);
    assert.ok(!res.text.includes('$argon2'), 'no password hash anywhere');
    assert.ok(!res.text.includes(jar.get('mamori_session')), 'no session token');
    assert.ok(!/token|csrf/i.test(Object.keys(data.sessions[0]).join(' ')), 'sessions carry no secrets');
    assert.equal(data.sessions.length, 1);
    assert.deepEqual(data.memberships, []);
    assert.ok(data.audit.some((e) => e.action === 'account.confirm'), 'the audit entries the user made');
    assert.ok(Number(one(`SELECT count(*) FROM audit WHERE action = 'account.export'`)) >= 1, 'the export is audited');
    assertRedirect(await httpGet(url('/account/export.json')), '/login?next=%2Faccount%2Fexport.json', 'anonymous');
  });

  test('the export lists the browsers that logged in, with their dates, never their token', async () => {
    const email = newEmail('devices');
    const jar = await signUpConfirmed(email); // confirming logs this browser in
    const { res: login, jar: other } = await logIn(email, PASSWORD);
    assert.equal(login.status, 303, 'a second browser logs in');
    const devices = [jar.get('mamori_device'), other.get('mamori_device')];
    assert.ok(devices.every(Boolean) && devices[0] !== devices[1], 'each browser has its device cookie');
    const res = await httpGet(url('/account/export.json'), jar);
    assert.equal(res.status, 200);
    const data = JSON.parse(res.text);
    assert.equal(data.login_devices.length, 2);
    assert.equal(data.login_devices_not_included, 0);
    for (const d of data.login_devices) {
      assert.deepEqual(Object.keys(d).sort(), ['created_at', 'last_used_at']);
      assert.match(d.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(d.last_used_at >= d.created_at);
    }
    for (const token of devices) assert.ok(!res.text.includes(token), 'no device token');
    assert.ok(!/[0-9a-f]{64}/i.test(res.text), 'no token hash');
    // another account's devices are not in it
    const stranger = await signUpConfirmed(newEmail('devices-other'));
    assert.equal(JSON.parse((await httpGet(url('/account/export.json'), stranger)).text).login_devices.length, 1);
  });
});

describe('deletion', () => {
  test('deletion with the password left empty asks for it, not that it is wrong; the address is shown in the page\'s punctuation', async () => {
    const email = newEmail('delete-empty');
    const jar = await signUpConfirmed(email);
    const page = await getForm(url('/account/delete'), jar);
    assert.match(page.res.text, new RegExp(`<li>メールアドレスとパスワード： ${email.replace(/[.+]/g, '\\$&')}</li>`));
    const empty = await post(url('/account/delete'), { csrf: page.csrf, current_password: '' }, jar);
    assert.match(empty.text, /<a href="#current_password">現在のパスワードを入力してください。<\/a>/);
    assert.doesNotMatch(empty.text, /現在のパスワードが違います/);
    const wrong = await post(url('/account/delete'), { csrf: page.csrf, current_password: 'not the password' }, jar);
    assert.match(wrong.text, /現在のパスワードが違います。/);
    await httpGet(url('/account?lang=en'), jar);
    const en = await post(url('/account/delete'), { csrf: page.csrf, current_password: '' }, jar);
    assert.match(en.text, /<a href="#current_password">Enter your current password\.<\/a>/);
    assert.match(en.text, new RegExp(`<li>Your email address and password: ${email.replace(/[.+]/g, '\\$&')}</li>`));
    assert.equal(Number(one(`SELECT count(*) FROM "user" WHERE email = ${sqlString(email)}`)), 1, 'still there');
  });

  test('deletion needs the password, then the old session is gone and logging in fails', async () => {
    const email = newEmail('delete');
    const jar = await signUpConfirmed(email);
    const id = userRow(email).split('|')[0];
    const page = await getForm(url('/account/delete'), jar);
    assert.equal(page.res.status, 200);
    assert.match(page.res.text, /action="\/account\/delete"/);

    const wrong = await post(url('/account/delete'), { csrf: page.csrf, current_password: 'not the password' }, jar);
    assert.equal(wrong.status, 422);
    assert.equal(Number(one(`SELECT count(*) FROM "user" WHERE id = ${id}`)), 1, 'still there');

    const session = jar.get('mamori_session');
    assertRedirect(await post(url('/account/delete'), { csrf: page.csrf, current_password: PASSWORD }, jar), '/login?notice=deleted', 'POST /account/delete');
    assert.equal(jar.get('mamori_session'), undefined, 'the cookie is cleared');
    assertRedirect(await httpGet(url('/account'), cookieJar({ mamori_session: session })), '/login?next=%2Faccount', 'the old session');
    const login = await logIn(email, PASSWORD);
    assert.equal(login.res.status, 422, 'logging in fails');
    assert.match(login.res.text, /class="error-summary"/);

    assert.equal(Number(one(`SELECT count(*) FROM "user" WHERE id = ${id}`)), 0, 'the user row is gone');
    assert.equal(Number(one(`SELECT count(*) FROM session WHERE user_id = ${id}`)), 0);
    assert.ok(Number(one(`SELECT count(*) FROM audit WHERE action = 'account.delete' AND outcome = 'ok' AND actor_user_id IS NULL`)) >= 1,
      'the deletion is audited and no longer points to the person');
    assert.equal(Number(one(`SELECT count(*) FROM audit WHERE actor_user_id = ${id}`)), 0);
    // The failed log-in after deletion names the address again (as any
    // failed log-in does); nothing from before the deletion does.
    assert.equal(Number(one(`SELECT count(*) FROM audit WHERE target = ${sqlString(email)} AND action <> 'login'`)), 0,
      'the address is gone from earlier audit entries');
  });

  test('the last owner of a shared organisation must hand over first; the only member must delete it first', async () => {
    const owner = newEmail('owner');
    const alone = newEmail('alone');
    const member = newEmail('member');
    const ownerJar = await signUpConfirmed(owner);
    const aloneJar = await signUpConfirmed(alone);
    db(`INSERT INTO "user" (email, password_hash, created_at) VALUES (${sqlString(member)}, 'x', 0);
        INSERT INTO organisation (public_id, name, name_kana, prefecture, industry, employees)
          VALUES ('t-shared-${seq}', '共有テスト株式会社', 'キョウユウテスト', 13, 'E', 5),
                 ('t-alone-${seq}', 'ひとり商店', 'ヒトリショウテン', 13, 'I', 1);
        INSERT INTO membership (organisation_id, user_id, role, created_at) VALUES
          ((SELECT id FROM organisation WHERE public_id = 't-shared-${seq}'), (SELECT id FROM "user" WHERE email = ${sqlString(owner)}), 'owner', 0),
          ((SELECT id FROM organisation WHERE public_id = 't-shared-${seq}'), (SELECT id FROM "user" WHERE email = ${sqlString(member)}), 'member', 0),
          ((SELECT id FROM organisation WHERE public_id = 't-alone-${seq}'), (SELECT id FROM "user" WHERE email = ${sqlString(alone)}), 'owner', 0);`);

    const page = await getForm(url('/account/delete'), ownerJar);
    assert.equal(page.res.status, 200);
    assert.ok(page.res.text.includes('共有テスト株式会社'), 'the organisation is named');
    assert.ok(!page.res.text.includes('action="/account/delete"'), 'no deletion form');
    const refused = await post(url('/account/delete'), { csrf: page.csrf, current_password: PASSWORD }, ownerJar);
    assert.equal(refused.status, 409);
    assert.equal(Number(one(`SELECT count(*) FROM "user" WHERE email = ${sqlString(owner)}`)), 1, 'not deleted');

    const alonePage = await getForm(url('/account/delete'), aloneJar);
    assert.ok(alonePage.res.text.includes('ひとり商店'));
    assert.match(alonePage.res.text, /href="\/org"/, 'a link to the organisation pages');
    assert.equal((await post(url('/account/delete'), { csrf: alonePage.csrf, current_password: PASSWORD }, aloneJar)).status, 409);

    // A member (not an owner) may leave by deleting the account.
    const memberId = one(`SELECT id FROM "user" WHERE email = ${sqlString(member)}`);
    db(`UPDATE membership SET role = 'owner' WHERE user_id = ${memberId}`);
    const now = await getForm(url('/account/delete'), ownerJar);
    assert.match(now.res.text, /action="\/account\/delete"/, 'with a second owner the form is offered');
    assertRedirect(await post(url('/account/delete'), { csrf: now.csrf, current_password: PASSWORD }, ownerJar), '/login?notice=deleted', 'deleted');
    assert.equal(Number(one(`SELECT count(*) FROM membership WHERE organisation_id = (SELECT id FROM organisation WHERE public_id = 't-shared-${seq}')`)), 1,
      'the organisation keeps its other member');
  });
});

test('mail about the account goes out in the chosen language', async () => {
  const email = newEmail('english');
  const jar = await signUpConfirmed(email);
  const csrf = await csrfOf(jar, '/account/profile');
  assertRedirect(await post(url('/account/profile'), { csrf, name: '', lang: 'en' }, jar), '/account?notice=profile_saved', 'profile');
  const pw = await csrfOf(jar, '/account/password');
  assertRedirect(await post(url('/account/password'), { csrf: pw, current_password: PASSWORD, new_password: NEW_PASSWORD }, jar), '/account?notice=password_changed', 'password');
  const mail = await waitForMail(mailDir, (m) => m.to === email && /^\[mamori\] Your password/.test(m.subject));
  assert.match(mail.body, /logged out on every other device/);
});
