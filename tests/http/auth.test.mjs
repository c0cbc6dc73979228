// auth.test.mjs — sign-up, confirmation, log-in, log-out, the account page
// and password reset, against the real sanitizer binary over HTTP.
//
// One server for the whole file; every test uses its own e-mail
// addresses, so tests do not see each other's mail or sessions. Mail is
// read from TMPDIR/mail/*.eml (the mailer writes once a second); the
// database is inspected and aged with sqlite() (sqlite3, or psql on
// PostgreSQL).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  assertCleanExit,
  cookieJar,
  csrfFromHtml,
  getForm,
  httpGet,
  parseSetCookies,
  post,
  readMails,
  request,
  sqlString,
  sqlite,
  startServer,
  waitForMail,
} from './helpers.mjs';

const PASSWORD = 'blue kettle morning 42';
const NEW_PASSWORD = 'seven quiet harbour lamps';
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

let server;
let mailDir;
let seq = 0;

before(async () => {
  server = await startServer();
  mailDir = path.join(server.tmpDir, 'mail');
});

after(async () => {
  if (!server) return;
  const r = await server.stop();
  assertCleanExit(r, 'mamori serve');
});

/** A fresh address for one test. */
const newEmail = (label) => `${label}-${process.pid}-${++seq}@example.jp`;
const url = (p) => `${server.url}${p}`;

function db(sql) {
  return sqlite(server.dbPath, sql);
}

function outboxCount(email) {
  return Number(db(`SELECT count(*) FROM outbox WHERE to_addr = ${sqlString(email)}`)[0]);
}

function sessionCount(email) {
  return Number(db(`SELECT count(*) FROM session WHERE user_id = (SELECT id FROM "user" WHERE email = ${sqlString(email)})`)[0]);
}

function userCount(email) {
  return Number(db(`SELECT count(*) FROM "user" WHERE email = ${sqlString(email)}`)[0]);
}

/** The path and token of a mail's link that starts with prefix ("/confirm/"). */
function linkIn(mail, prefix) {
  const link = mail.links.find((l) => new URL(l).pathname.startsWith(prefix));
  assert.ok(link, `no ${prefix} link in the mail to ${mail.to}:\n${mail.body}`);
  const u = new URL(link);
  assert.equal(u.origin, server.url, `the link points to this server: ${link}`);
  const token = u.pathname.slice(prefix.length);
  assert.match(token, TOKEN_RE, `token in ${link}`);
  return { path: u.pathname, token };
}

const isConfirmMail = (email) => (m) => m.to === email && m.links.some((l) => l.includes('/confirm/'));
const isResetMail = (email) => (m) => m.to === email && m.links.some((l) => l.includes('/password/reset/'));

/** The hrefs of the links in the error summary (empty when there is none). */
function summaryLinks(html) {
  const m = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  if (!m) return [];
  return [...m[1].matchAll(/<a href="([^"]*)"/g)].map((x) => x[1]);
}

function summaryHtml(html) {
  const m = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  return m ? m[1] : null;
}

/** The value attribute of <input id="ID">, or null when it has none. */
function inputValue(html, id) {
  const tag = new RegExp(`<input\\b[^>]*\\bid="${id}"[^>]*>`).exec(html);
  assert.ok(tag, `no <input id="${id}">`);
  const v = /\bvalue="([^"]*)"/.exec(tag[0]);
  return v ? v[1] : null;
}

function sessionCookie(res) {
  return parseSetCookies(res.headers).find((c) => c.name === 'mamori_session');
}

function assertRedirect(res, location, label) {
  assert.equal(res.status, 303, `${label}: status (body: ${res.text.slice(0, 200)})`);
  assert.equal(res.headers.location, location, `${label}: Location`);
}

/** POSTs /signup with a fresh anonymous form. */
async function signUp(email, password = PASSWORD, jar = cookieJar()) {
  const { csrf } = await getForm(url('/signup'), jar);
  assert.ok(csrf, 'the sign-up form has a csrf field');
  const res = await post(url('/signup'), { csrf, email, password }, jar);
  return { res, jar };
}

/** Signs up, confirms through the mailed link; resolves to the signed-in jar. */
async function signUpConfirmed(email, password = PASSWORD) {
  const { res, jar } = await signUp(email, password);
  assertRedirect(res, '/signup/sent', `sign-up ${email}`);
  const mail = await waitForMail(mailDir, isConfirmMail(email));
  const link = linkIn(mail, '/confirm/');
  const { csrf } = await getForm(url(link.path), jar);
  const done = await post(url(link.path), { csrf }, jar);
  assertRedirect(done, '/home?notice=confirmed', `confirm ${email}`);
  assert.ok(jar.get('mamori_session'), 'signed in after confirming');
  return jar;
}

/** Logs in with a new jar (or the one given); resolves to { res, jar }. */
async function logIn(email, password = PASSWORD, jar = cookieJar()) {
  let csrf;
  if (jar.get('mamori_session')) {
    csrf = csrfFromHtml((await httpGet(url('/account'), jar)).text);
  } else {
    csrf = (await getForm(url('/login'), jar)).csrf;
  }
  assert.ok(csrf, 'a csrf token for the log-in form');
  const res = await post(url('/login'), { csrf, email, password, next: '' }, jar);
  return { res, jar };
}

/** The page's csrf token for a signed-in jar (from /account). */
async function accountCsrf(jar) {
  const res = await httpGet(url('/account'), jar);
  assert.equal(res.status, 200, '/account while signed in');
  const csrf = csrfFromHtml(res.text);
  assert.ok(csrf, '/account has a csrf token');
  return csrf;
}

const onlyCookie = (name, value) => cookieJar({ [name]: value });

// ---------------------------------------------------------------------------

describe('sign-up and confirmation', () => {
  test('GET /signup: a form with a csrf field and the mamori_csrf cookie', async () => {
    const jar = cookieJar();
    const { res, csrf } = await getForm(url('/signup'), jar);
    assert.equal(res.status, 200);
    assert.match(res.text, /<form method="post" action="\/signup"/);
    assert.match(res.text, /<input type="hidden" name="csrf" value="[A-Za-z0-9_-]{43}">/);
    const cookie = parseSetCookies(res.headers).find((c) => c.name === 'mamori_csrf');
    assert.ok(cookie, 'Set-Cookie: mamori_csrf');
    assert.equal(cookie.value, csrf, 'the form repeats the cookie (double submit)');
    assert.equal(cookie.attrs.httponly, true, 'HttpOnly');
    assert.equal(cookie.attrs.samesite, 'Lax', 'SameSite=Lax');
    assert.equal(cookie.attrs.path, '/', 'Path=/');

    // A second visit keeps the same token.
    const again = await getForm(url('/signup'), jar);
    assert.equal(again.csrf, csrf);
    assert.equal(parseSetCookies(again.res.headers).find((c) => c.name === 'mamori_csrf'), undefined, 'no new cookie');
  });

  test('sign up, follow the mailed link, press the button: signed in, the link used up', async () => {
    const email = newEmail('signup');
    const { res, jar: visitor } = await signUp(email);
    assertRedirect(res, '/signup/sent', 'POST /signup');
    assert.equal(sessionCookie(res), undefined, 'no session before confirming');
    assert.equal((await request(server.port, '/signup/sent')).status, 200);

    const mail = await waitForMail(mailDir, isConfirmMail(email));
    const link = linkIn(mail, '/confirm/');

    // GET shows a button (in the browser that signed up) and does not use
    // the link (mail scanners follow links).
    for (let i = 0; i < 2; i++) {
      const page = await getForm(url(link.path), visitor);
      assert.equal(page.res.status, 200, `GET ${link.path} #${i + 1}`);
      assert.match(page.res.text, new RegExp(`<form method="post" action="/confirm/${link.token}">`));
      assert.match(page.res.text, /<button class="button" type="submit">/);
      assert.equal(sessionCookie(page.res), undefined, 'GET does not sign in');
    }
    assert.equal(db(`SELECT count(*) FROM "user" WHERE email = ${sqlString(email)} AND confirmed_at IS NULL`)[0], '1', 'still unconfirmed after GET');

    const { csrf } = await getForm(url(link.path), visitor);
    const done = await post(url(link.path), { csrf }, visitor);
    assertRedirect(done, '/home?notice=confirmed', `POST ${link.path}`);
    const cookie = sessionCookie(done);
    assert.ok(cookie && cookie.value, 'Set-Cookie: mamori_session');
    assert.match(cookie.value, TOKEN_RE);
    assert.equal(cookie.attrs.httponly, true, 'HttpOnly');
    assert.equal(cookie.attrs.samesite, 'Lax', 'SameSite=Lax');
    assert.equal(cookie.attrs.path, '/', 'Path=/');
    assert.ok(Number(cookie.attrs['max-age']) > 0, 'Max-Age');

    const account = await httpGet(url('/account?notice=confirmed'), visitor);
    assert.equal(account.status, 200);
    assert.ok(account.text.includes(email), '/account shows the address');
    assert.match(account.text, /<div class="notice" role="status">/);

    // The link is used up: with the right token for this (now signed-in)
    // visitor, the answer is 410.
    const used = await getForm(url(link.path), visitor);
    const again = await post(url(link.path), { csrf: used.csrf }, visitor);
    assert.equal(again.status, 410, 'POST on a used link');
    assert.match(again.text, /href="\/password\/forgot"/);
    assert.equal(sessionCookie(again), undefined, 'no new session from a used link');
    // Anonymous, too.
    const stranger = await getForm(url(link.path));
    assert.equal((await post(url(link.path), { csrf: stranger.csrf }, stranger.jar)).status, 410);
  });

  test('signing up with a registered address answers the same and mails the owner', async () => {
    const email = newEmail('twice');
    await signUpConfirmed(email);
    const fresh = await signUp(newEmail('fresh'));
    const { res } = await signUp(email.toUpperCase(), 'another good passphrase');
    assert.equal(res.status, fresh.res.status, 'same status as a new address');
    assert.equal(res.headers.location, fresh.res.headers.location, 'same Location as a new address');
    assertRedirect(res, '/signup/sent', 'POST /signup with a registered address');
    assert.equal(sessionCookie(res), undefined);

    const notice = await waitForMail(mailDir, (m) => m.to === email && m.links.some((l) => new URL(l).pathname === '/login'));
    assert.ok(!notice.links.some((l) => l.includes('/confirm/')), 'the notice has no confirmation link');
    assert.equal(readMails(mailDir).filter(isConfirmMail(email)).length, 1, 'no second confirmation link');
    assert.equal(userCount(email), 1);
  });

  test('the mail to the owner of a registered address is in the owner\'s language, not the visitor\'s', async () => {
    const email = newEmail('twice-lang');
    await signUpConfirmed(email); // Japanese pages: the account's language is Japanese
    const { res } = await signUp(email, 'another good passphrase', onlyCookie('lang', 'en'));
    assertRedirect(res, '/signup/sent', 'POST /signup in English with a registered address');
    const notice = await waitForMail(mailDir, (m) => m.to === email && m.links.some((l) => new URL(l).pathname === '/login'));
    assert.equal(notice.subject, '【mamori】登録の申し込みがありました');
  });

  const invalid = [
    { name: 'no address', email: '', password: PASSWORD, field: 'email' },
    { name: 'a malformed address', email: 'not an address', password: PASSWORD, field: 'email' },
    { name: 'markup in the address', email: 'a<b>"c@example.jp', password: PASSWORD, field: 'email' },
    { name: 'a short password', email: 'short@example.jp', password: 'short1', field: 'password' },
    { name: 'a common password', email: 'common@example.jp', password: 'password1234', field: 'password' },
    { name: 'the address in the password', email: 'tanaka.hanako@example.jp', password: 'Tanaka.Hanako-2024!', field: 'password' },
  ];
  for (const c of invalid) {
    test(`sign-up with ${c.name}: 422, the summary links to #${c.field}, input kept, password not echoed`, async () => {
      const { res } = await signUp(c.email, c.password);
      assert.equal(res.status, 422);
      assert.equal(sessionCookie(res), undefined);
      assert.deepEqual(summaryLinks(res.text), [`#${c.field}`], 'error summary links');
      assert.match(res.text, new RegExp(`<div class="field field-has-error">\\s*<label for="${c.field}">`), 'the field is marked');
      assert.match(res.text, new RegExp(`<p class="field-error" id="${c.field}-error">`), 'the message is by the field');
      const escaped = c.email.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      const kept = inputValue(res.text, 'email');
      assert.ok(kept === escaped || kept === c.email.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;'),
        `the e-mail field keeps what was typed, escaped: ${kept}`);
      assert.ok(!res.text.includes('<b>'), 'markup from the input is escaped');
      assert.ok(!res.text.includes(c.password), 'the password is never sent back');
      assert.equal(inputValue(res.text, 'password'), null, 'the password field is empty');
      if (c.email) assert.equal(outboxCount(c.email.toLowerCase()), 0, 'no mail');
      assert.equal(userCount(c.email), 0, 'no account');
    });
  }
});

// ---------------------------------------------------------------------------

describe('CSRF', () => {
  test('POST /signup without or with a wrong token: 403, no account, no mail', async () => {
    const email = newEmail('csrf-signup');
    const { csrf, jar } = await getForm(url('/signup'));
    const other = await getForm(url('/signup'));
    const cases = [
      ['no token', { email, password: PASSWORD }, jar],
      ['an empty token', { csrf: '', email, password: PASSWORD }, jar],
      ['a wrong token', { csrf: 'x'.repeat(43), email, password: PASSWORD }, jar],
      ["another visitor's token", { csrf: other.csrf, email, password: PASSWORD }, jar],
      ['a token but no cookie', { csrf, email, password: PASSWORD }, cookieJar()],
      ['a token and a cookie that differ', { csrf, email, password: PASSWORD }, onlyCookie('mamori_csrf', other.csrf)],
    ];
    for (const [name, fields, j] of cases) {
      const res = await post(url('/signup'), fields, new Map(j));
      assert.equal(res.status, 403, `${name}: status`);
    }
    assert.equal(userCount(email), 0, 'no account');
    assert.equal(outboxCount(email), 0, 'no mail queued');
  });

  test('POST /login without or with a wrong token: 403 and no session', async () => {
    const email = newEmail('csrf-login');
    await signUpConfirmed(email);
    const before = sessionCount(email);
    const { jar } = await getForm(url('/login'));
    for (const fields of [{ email, password: PASSWORD }, { csrf: 'y'.repeat(43), email, password: PASSWORD }]) {
      const res = await post(url('/login'), fields, new Map(jar));
      assert.equal(res.status, 403);
      assert.equal(sessionCookie(res), undefined, 'no session cookie');
    }
    assert.equal(sessionCount(email), before, 'no session created');
    assert.equal(Number(db(`SELECT count(*) FROM login_failure WHERE email = ${sqlString(email)}`)[0]), 0, 'not counted as failures');
  });

  test('POST /logout and /account/sessions without or with a wrong token: 403, sessions untouched', async () => {
    const email = newEmail('csrf-session');
    const a = await signUpConfirmed(email);
    const { jar: b } = await logIn(email);
    assert.ok(b.get('mamori_session'));
    const anonymous = (await getForm(url('/login'))).csrf;
    for (const target of ['/logout', '/account/sessions']) {
      for (const fields of [{}, { csrf: 'z'.repeat(43) }, { csrf: anonymous }]) {
        const res = await post(url(target), fields, new Map(a));
        assert.equal(res.status, 403, `${target} ${JSON.stringify(fields)}`);
        assert.equal(sessionCookie(res), undefined, `${target}: the session cookie is not touched`);
      }
    }
    // b's token does not work for a either: tokens belong to one session.
    const bToken = await accountCsrf(b);
    assert.equal((await post(url('/logout'), { csrf: bToken }, new Map(a))).status, 403, "another session's token");
    assert.equal(sessionCount(email), 2, 'both sessions remain');
    assert.equal((await httpGet(url('/account'), new Map(a))).status, 200);
    assert.equal((await httpGet(url('/account'), new Map(b))).status, 200);
  });
});

// ---------------------------------------------------------------------------

describe('log-in', () => {
  test('the session cookie changes at every log-in; the old value stops working', async () => {
    const email = newEmail('fixation');
    await signUpConfirmed(email);

    // A value planted before log-in is never adopted.
    const planted = 'A'.repeat(43);
    const jar = cookieJar({ mamori_session: planted });
    const { csrf } = await getForm(url('/login'), jar);
    const first = await post(url('/login'), { csrf, email, password: PASSWORD, next: '' }, jar);
    assertRedirect(first, '/home', 'first log-in');
    const v1 = jar.get('mamori_session');
    assert.ok(v1 && v1 !== planted, 'a new value, not the planted one');

    const { res: second } = await logIn(email, PASSWORD, jar);
    assertRedirect(second, '/home', 'second log-in');
    const v2 = jar.get('mamori_session');
    assert.ok(v2 && v2 !== v1, 'a new value at the second log-in');

    assert.equal((await httpGet(url('/account'), onlyCookie('mamori_session', v2))).status, 200, 'the new value works');
    const old = await httpGet(url('/account'), onlyCookie('mamori_session', v1));
    assertRedirect(old, '/login?next=%2Faccount', 'the old value');
  });

  test('wrong password and unknown account: the same status and message', async () => {
    const email = newEmail('wrong');
    const nobody = newEmail('nobody');
    await signUpConfirmed(email);
    const wrong = (await logIn(email, 'not the password at all')).res;
    const unknown = (await logIn(nobody, 'not the password at all')).res;
    assert.equal(wrong.status, 422);
    assert.equal(unknown.status, wrong.status);
    assert.equal(sessionCookie(wrong), undefined);
    assert.equal(sessionCookie(unknown), undefined);
    assert.ok(summaryHtml(wrong.text), 'an error summary');
    assert.equal(summaryHtml(unknown.text), summaryHtml(wrong.text), 'the same message');
    assert.ok(!wrong.text.includes('not the password at all'), 'the password is not echoed');
    // The audit log tells them apart: the account's own id for a wrong
    // password, no actor for an address nobody has.
    const failure = (target) => db(`SELECT detail || ' ' || CAST(actor_user_id IS NOT NULL AND actor_user_id = (SELECT id FROM "user" WHERE email = ${sqlString(email)}) AS integer)
      FROM audit WHERE action = 'login' AND outcome = 'failed' AND target = ${sqlString(target)}`);
    assert.deepEqual(failure(email), ['password 1']);
    assert.deepEqual(failure(nobody), ['unknown 0']);
  });

  test('after 5 failures the 6th attempt is refused with 429, even with the right password', async () => {
    const email = newEmail('throttle');
    await signUpConfirmed(email);
    for (let i = 1; i <= 5; i++) {
      const { res } = await logIn(email, `wrong password number ${i}`);
      assert.equal(res.status, 422, `failure ${i}`);
    }
    const { res: failedPage } = await logIn(newEmail('other'), 'wrong password again');
    const { res } = await logIn(email, PASSWORD);
    assert.equal(res.status, 429);
    assert.equal(sessionCookie(res), undefined, 'no session');
    assert.deepEqual(summaryLinks(res.text), ['#email'], 'a message in the error summary');
    assert.notEqual(summaryHtml(res.text), summaryHtml(failedPage.text), 'a message other than "wrong password"');
    assert.match(summaryHtml(res.text), /\d/, 'the message says how long to wait');
    assert.equal(sessionCount(email), 1, 'only the session from confirming');
  });

  test('an unconfirmed account: a message and a new confirmation mail', async () => {
    const email = newEmail('unconfirmed');
    const { res: signup } = await signUp(email);
    assertRedirect(signup, '/signup/sent', 'sign-up');
    const first = await waitForMail(mailDir, isConfirmMail(email));

    const { res, jar: loggedIn } = await logIn(email, PASSWORD);
    assert.equal(res.status, 422);
    assert.equal(sessionCookie(res), undefined, 'not signed in');
    assert.deepEqual(summaryLinks(res.text), ['#email']);
    const failed = (await logIn(newEmail('nobody'), PASSWORD)).res;
    assert.notEqual(summaryHtml(res.text), summaryHtml(failed.text), 'not the "wrong password" message');

    const second = await waitForMail(mailDir, (m) => isConfirmMail(email)(m) && m.file !== first.file);
    const a = linkIn(first, '/confirm/');
    const b = linkIn(second, '/confirm/');
    assert.notEqual(a.token, b.token, 'a new link');
    // The new link works, with one click in the browser that asked for it.
    const { csrf } = await getForm(url(b.path), loggedIn);
    assertRedirect(await post(url(b.path), { csrf }, loggedIn), '/home?notice=confirmed', 'the new link');
  });

  test('the new confirmation mail of an unconfirmed account is in the account\'s language', async () => {
    const email = newEmail('unconfirmed-lang');
    assertRedirect((await signUp(email)).res, '/signup/sent', 'sign-up on Japanese pages');
    const first = await waitForMail(mailDir, isConfirmMail(email));
    assert.equal((await logIn(email, PASSWORD, onlyCookie('lang', 'en'))).res.status, 422, 'log-in on English pages');
    const second = await waitForMail(mailDir, (m) => isConfirmMail(email)(m) && m.file !== first.file);
    assert.equal(second.subject, '【mamori】メールアドレスの確認');
  });

  test('a local next= is followed after log-in; another site is not', async () => {
    const email = newEmail('next');
    await signUpConfirmed(email);
    for (const [next, expected] of [['/account?x=1', '/account?x=1'], ['//evil.example/', '/home'], ['/\\evil.example/', '/home'],
      // not a path of this site either: the landing page, as with no next
      ['/\u007fevil.example/', '/home'], ['/\t/evil.example/', '/home'],
      // as typed in a browser's bar: the header carries it percent-encoded
      ['/services?q=監視 東京', '/services?q=%E7%9B%A3%E8%A6%96%20%E6%9D%B1%E4%BA%AC'],
      ['/x\\y?a="<b>"&c=%20', '/x%5Cy?a=%22%3Cb%3E%22&c=%20']]) {
      const jar = cookieJar();
      const { csrf } = await getForm(url(`/login?next=${encodeURIComponent(next)}`), jar);
      const res = await post(url('/login'), { csrf, email, password: PASSWORD, next }, jar);
      assertRedirect(res, expected, `next=${next}`);
    }
  });

  test('a visitor sent to sign up from a page comes back to it after confirming', async () => {
    const email = newEmail('back');
    const jar = cookieJar();
    const { csrf } = await getForm(url('/signup?next=%2Forg'), jar);
    const res = await post(url('/signup'), { csrf, email, password: PASSWORD, next: '/org' }, jar);
    assertRedirect(res, '/signup/sent', 'sign-up with next');
    const mail = await waitForMail(mailDir, isConfirmMail(email));
    const link = new URL(mail.links.find((l) => new URL(l).pathname.startsWith('/confirm/')));
    assert.equal(link.searchParams.get('next'), '/org', 'the confirmation link remembers where to go');
    const form = await getForm(url(link.pathname + link.search), jar);
    assertRedirect(await post(url(link.pathname + link.search), { csrf: form.csrf }, jar), '/org', 'confirm');
  });
});

// ---------------------------------------------------------------------------

describe('log-out and the account page', () => {
  test('POST /logout ends the session; the old cookie no longer opens /account', async () => {
    const email = newEmail('logout');
    const jar = await signUpConfirmed(email);
    const value = jar.get('mamori_session');
    const csrf = await accountCsrf(jar);
    const res = await post(url('/logout'), { csrf }, jar);
    assertRedirect(res, '/login?notice=logged_out', 'POST /logout');
    const cleared = sessionCookie(res);
    assert.ok(cleared, 'the session cookie is cleared');
    assert.equal(cleared.value, '');
    assert.equal(cleared.attrs['max-age'], '0');
    assert.equal(sessionCount(email), 0, 'the session is gone from the database');
    assertRedirect(await httpGet(url('/account'), onlyCookie('mamori_session', value)), '/login?next=%2Faccount', 'old cookie');
    const loginPage = await httpGet(url('/login?notice=logged_out'));
    assert.match(loginPage.text, /<div class="notice" role="status">/);
  });

  test('/account: anonymous visitors are sent to log in, with next=', async () => {
    assertRedirect(await httpGet(url('/account')), '/login?next=%2Faccount', 'GET /account');
    assertRedirect(await httpGet(url('/account?notice=confirmed')), '/login?next=%2Faccount%3Fnotice%3Dconfirmed', 'GET /account?…');
    assert.equal((await post(url('/account/sessions'), { csrf: 'q'.repeat(43) })).status, 403, 'POST anonymous');
  });

  test('/account shows the address and sessions; "log out everywhere else" ends the others', async () => {
    const email = newEmail('everywhere');
    const a = await signUpConfirmed(email);
    const { jar: b } = await logIn(email, PASSWORD, cookieJar());

    const page = await httpGet(url('/account'), a);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(email), 'the address');
    assert.equal(page.headers['cache-control'], 'private, no-store', 'personal pages are not cached');
    const rows = page.text.match(/<tbody>([\s\S]*?)<\/tbody>/)[1].match(/<tr>/g) ?? [];
    assert.equal(rows.length, 2, 'two sessions listed');
    assert.match(page.text, /<form method="post" action="\/account\/sessions">/);

    const csrf = csrfFromHtml(page.text);
    const res = await post(url('/account/sessions'), { csrf }, a);
    assertRedirect(res, '/account?notice=sessions_ended', 'POST /account/sessions');
    assertRedirect(await httpGet(url('/account'), b), '/login?next=%2Faccount', 'the other session');

    const after = await httpGet(url('/account?notice=sessions_ended'), a);
    assert.equal(after.status, 200, 'this session stays');
    assert.equal((after.text.match(/<tbody>([\s\S]*?)<\/tbody>/)[1].match(/<tr>/g) ?? []).length, 1, 'one session left');
    assert.ok(!after.text.includes('action="/account/sessions"'), 'no button when there are no others');
    assert.match(after.text, /<div class="notice" role="status">/);
  });

  test('a session idle for 3 hours has expired', async () => {
    const email = newEmail('idle');
    const jar = await signUpConfirmed(email);
    assert.equal((await httpGet(url('/account'), jar)).status, 200);
    db(`UPDATE session SET last_seen_at = ${Math.floor(Date.now() / 1000) - 3 * 3600} WHERE user_id = (SELECT id FROM "user" WHERE email = ${sqlString(email)})`);
    const value = jar.get('mamori_session');
    const res = await httpGet(url('/account'), jar);
    assertRedirect(res, '/login?next=%2Faccount', 'GET /account after 3 idle hours');
    assert.equal(sessionCookie(res)?.value, '', 'the cookie is cleared');
    assert.equal(sessionCount(email), 0, 'the session is deleted');
    assertRedirect(await httpGet(url('/account'), onlyCookie('mamori_session', value)), '/login?next=%2Faccount', 'the value again');
  });
});

// ---------------------------------------------------------------------------

describe('password reset', () => {
  test('registered and unknown addresses get the same answer; only the registered one gets mail', async () => {
    const email = newEmail('forgot');
    await signUpConfirmed(email);
    const unknown = newEmail('forgot-unknown');
    const answers = [];
    for (const address of [unknown, email]) {
      const { csrf, jar } = await getForm(url('/password/forgot'));
      const res = await post(url('/password/forgot'), { csrf, email: address }, jar);
      assertRedirect(res, '/password/forgot/sent', `POST /password/forgot ${address}`);
      answers.push(res.text);
    }
    assert.equal(answers[0], answers[1], 'the same body');
    await waitForMail(mailDir, isResetMail(email));
    assert.equal(outboxCount(unknown), 0, 'nothing queued for an unknown address');
    assert.equal(readMails(mailDir).filter((m) => m.to === unknown).length, 0, 'no mail to an unknown address');
    assert.equal((await request(server.port, '/password/forgot/sent')).status, 200);
  });

  test('the reset link works once, sets the new password and ends every session', async () => {
    const email = newEmail('reset');
    const before = await signUpConfirmed(email);
    const { jar: other } = await logIn(email);
    assert.equal(sessionCount(email), 2);

    const { csrf, jar } = await getForm(url('/password/forgot'));
    assertRedirect(await post(url('/password/forgot'), { csrf, email }, jar), '/password/forgot/sent', 'forgot');
    const link = linkIn(await waitForMail(mailDir, isResetMail(email)), '/password/reset/');

    const form = await getForm(url(link.path));
    assert.equal(form.res.status, 200);
    assert.match(form.res.text, new RegExp(`<form method="post" action="/password/reset/${link.token}"`));

    // A weak password is refused and the link stays usable.
    const weak = await post(url(link.path), { csrf: form.csrf, password: 'password1234' }, form.jar);
    assert.equal(weak.status, 422);
    assert.deepEqual(summaryLinks(weak.text), ['#password']);
    assert.ok(!weak.text.includes('password1234'), 'the password is not echoed');

    const done = await post(url(link.path), { csrf: form.csrf, password: NEW_PASSWORD }, form.jar);
    assertRedirect(done, '/login?notice=reset', 'POST reset');
    assert.equal(sessionCount(email), 0, 'every session ended');
    assertRedirect(await httpGet(url('/account'), before), '/login?next=%2Faccount', 'the first session');
    assertRedirect(await httpGet(url('/account'), other), '/login?next=%2Faccount', 'the second session');

    const again = await post(url(link.path), { csrf: form.csrf, password: 'yet another long passphrase' }, form.jar);
    assert.equal(again.status, 410, 'the link works once');

    assert.equal((await logIn(email, PASSWORD)).res.status, 422, 'the old password fails');
    assertRedirect((await logIn(email, NEW_PASSWORD)).res, '/home', 'the new password works');
  });

  test('an expired reset link: 410', async () => {
    const email = newEmail('expired');
    await signUpConfirmed(email);
    const { csrf, jar } = await getForm(url('/password/forgot'));
    assertRedirect(await post(url('/password/forgot'), { csrf, email }, jar), '/password/forgot/sent', 'forgot');
    const link = linkIn(await waitForMail(mailDir, isResetMail(email)), '/password/reset/');
    db(`UPDATE link_token SET expires_at = 0 WHERE purpose = 'reset' AND user_id = (SELECT id FROM "user" WHERE email = ${sqlString(email)})`);
    const form = await getForm(url(link.path));
    const res = await post(url(link.path), { csrf: form.csrf, password: NEW_PASSWORD }, form.jar);
    assert.equal(res.status, 410);
    assert.match(res.text, /href="\/password\/forgot"/);
    assertRedirect((await logIn(email, PASSWORD)).res, '/home', 'the password is unchanged');
  });

  test('an unknown or malformed reset token: 410, the same as a used one', async () => {
    for (const token of ['A'.repeat(43), 'short', '%E3%81%82']) {
      const form = await getForm(url(`/password/reset/${token}`));
      const res = await post(url(`/password/reset/${token}`), { csrf: form.csrf, password: NEW_PASSWORD }, form.jar);
      assert.equal(res.status, 410, `token ${token}`);
    }
  });
});

test('the server wrote no sanitizer report', () => {
  assert.ok(server.isRunning(), 'still running');
  for (const marker of ['ERROR: AddressSanitizer', 'ERROR: LeakSanitizer', 'runtime error:']) {
    assert.ok(!server.stderr().includes(marker), `stderr contains ${marker}:\n${server.stderr().slice(-3000)}`);
  }
});
