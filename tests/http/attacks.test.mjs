// attacks.test.mjs — the attacks of the trust review played end to end
// against the real binary, one `describe` per attack, each named after what
// it stops. Every one of them succeeded before its fix.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import {
  ON_POSTGRES,
  assertCleanExit,
  assertNoSanitizerReports,
  rawRequest,
  request,
  runCli,
  sleep,
  sqlString,
  sqlite,
  startServer,
  waitFor,
} from './helpers.mjs';
import { Browser, PASSWORD, csrfOf, mailsTo, nextMail } from './org_client.mjs';

let seq = 0;
const newEmail = (label) => `${label}-${process.pid}-${++seq}@example.jp`;
const NEW_PASSWORD = 'seven quiet lanterns over kyoto';

/** The token of the first link starting with prefix in a mail's text. */
function tokenIn(mail, prefix) {
  const m = new RegExp(`${prefix.replace(/\//g, '\\/')}([A-Za-z0-9_-]{43})`).exec(mail);
  assert.ok(m, `no ${prefix} link in:\n${mail}`);
  return m[1];
}

/** Signs b up and returns the confirmation token of the mail (unused). */
async function signUpUnconfirmed(server, b, email, password = PASSWORD) {
  const seen = mailsTo(server.tmpDir, email).length;
  assert.equal((await b.submit('/signup', { email, password })).status, 303, `sign-up of ${email}`);
  return tokenIn(await nextMail(server.tmpDir, email, seen), '/confirm/');
}

/** A confirmed, signed-in browser. */
async function signedIn(server, email) {
  const b = new Browser(server.port);
  const token = await signUpUnconfirmed(server, b, email);
  assert.equal((await b.submit(`/confirm/${token}`, {})).status, 303, 'confirmed');
  b.email = email;
  return b;
}

/** Asks for a reset link for email and returns its token. */
async function resetToken(server, email) {
  const seen = mailsTo(server.tmpDir, email).length;
  const b = new Browser(server.port);
  assert.equal((await b.submit('/password/forgot', { email })).status, 303);
  return tokenIn(await nextMail(server.tmpDir, email, seen), '/password/reset/');
}

/** The access log lines written so far (they are flushed every second). */
async function accessLogAfter(server, marker) {
  await request(server.port, marker);
  return waitFor(() => (server.stderr().includes(marker) ? server.stderr() : null), { what: 'the access log' });
}

// ---------------------------------------------------------------------------

describe('token replay from the access log', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  test('link tokens in paths are logged as the route pattern, never as themselves', async () => {
    const email = newEmail('logged');
    const b = new Browser(server.port);
    const confirm = await signUpUnconfirmed(server, b, email);
    assert.equal((await b.get(`/confirm/${confirm}`)).status, 200);
    assert.equal((await b.submit(`/confirm/${confirm}`, {})).status, 303);
    const reset = await resetToken(server, email);
    assert.equal((await b.get(`/password/reset/${reset}`)).status, 200);
    // Refused before dispatch (headers too large): still not in the log.
    const big = await request(server.port, `/password/reset/${reset}`, { headers: { 'X-Pad': 'a'.repeat(40 * 1024) } });
    assert.equal(big.status, 431);
    const admin = runCli(['admin', 'create', '--email', newEmail('admin'), '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
    assert.equal(admin.status, 0, admin.stderr);
    const welcome = /\/admin\/welcome\/([A-Za-z0-9_-]{43})/.exec(admin.stdout)[1];
    assert.equal((await request(server.port, `/admin/welcome/${welcome}`)).status, 200);
    assert.equal((await request(server.port, `/invite/${'x'.repeat(43)}`)).status, 303);

    const log = await accessLogAfter(server, '/marker-after-tokens');
    for (const [what, token] of [['confirmation', confirm], ['reset', reset], ['welcome', welcome], ['invitation', 'x'.repeat(43)]]) {
      assert.ok(!log.includes(token), `the ${what} token is in the log:\n${log.split('\n').filter((l) => l.includes(token)).join('\n')}`);
    }
    assert.match(log, / GET \/confirm\/\{token\} 200 /);
    assert.match(log, / POST \/confirm\/\{token\} 303 /);
    assert.match(log, / GET \/password\/reset\/\{token\} 431 /);
    assert.match(log, / GET \/admin\/welcome\/\{token\} 200 /);
  });
});

describe('links mailed before a new password still act for the account', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  test('a password reset revokes the other reset links of the account', async () => {
    const email = newEmail('resets');
    await signedIn(server, email);
    const stolen = await resetToken(server, email);
    const own = await resetToken(server, email);
    const b = new Browser(server.port);
    assert.equal((await b.submit(`/password/reset/${own}`, { password: NEW_PASSWORD })).status, 303, 'the owner resets');
    const replay = await b.submit(`/password/reset/${stolen}`, { password: 'an attacker chose this one' });
    assert.equal(replay.status, 410, 'the older link is dead');
  });

  test('a password change revokes a change-of-address link taken before it', async () => {
    const email = newEmail('hijack');
    const b = await signedIn(server, email);
    // Someone with the session asks to move the account to their address …
    const theirs = newEmail('thief');
    assert.equal((await b.submit('/account/email', { email: theirs, current_password: PASSWORD })).status, 303);
    const link = tokenIn(await nextMail(server.tmpDir, theirs, 0), '/account/email/confirm/');
    // … and the owner changes the password before the link is used.
    const changed = await b.submit('/account/password', { current_password: PASSWORD, new_password: NEW_PASSWORD });
    assert.equal(changed.status, 303, `password change: ${changed.status}`);
    const thief = new Browser(server.port);
    assert.equal((await thief.submit(`/account/email/confirm/${link}`, {})).status, 410, 'the link died with the old password');
    assert.equal(sqlite(server.dbPath, `SELECT count(*) FROM "user" WHERE email = ${sqlString(email)}`)[0], '1', 'the address is unchanged');
  });

  test('a reset revokes a confirmation link still unused', async () => {
    const email = newEmail('unconfirmed');
    const b = new Browser(server.port);
    const confirm = await signUpUnconfirmed(server, b, email);
    const reset = await resetToken(server, email);
    assert.equal((await new Browser(server.port).submit(`/password/reset/${reset}`, { password: NEW_PASSWORD })).status, 303);
    assert.equal((await b.submit(`/confirm/${confirm}`, {})).status, 410);
  });
});

describe('administrator welcome link replayed', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  test('the welcome link is spent by a refused password and says a new one is needed', async () => {
    const email = newEmail('welcome');
    const r = runCli(['admin', 'create', '--email', email, '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
    assertNoSanitizerReports(r.stderr, 'admin create');
    const path = new URL(r.stdout.trim()).pathname;
    const b = new Browser(server.port);
    const weak = await b.submit(path, { password: 'short' });
    assert.equal(weak.status, 422, 'the refusal is shown');
    assert.match(weak.text, /error-summary/);
    assert.match(weak.text, /mamori admin create/, 'the page says how to get a new link');
    assert.doesNotMatch(weak.text, /name="password"/, 'no form to try again with');
    const again = await b.submit(path, { password: 'granite lighthouse keeps watch' });
    assert.equal(again.status, 410, 'the link no longer works');
    assert.equal(sqlite(server.dbPath, `SELECT CAST(confirmed_at IS NULL AS integer) FROM "user" WHERE email = ${sqlString(email)}`)[0], '1');
  });
});

describe('a leaked confirmation link signs in another browser', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  test('another browser must give the password; the one that signed up needs one click', async () => {
    const email = newEmail('leaked');
    const owner = new Browser(server.port);
    const token = await signUpUnconfirmed(server, owner, email);

    const other = new Browser(server.port);
    const page = await other.get(`/confirm/${token}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /name="password"/, 'another browser is asked for the password');
    const bare = await other.req('POST', `/confirm/${token}`, { form: { csrf: csrfOf(page.text) } });
    assert.notEqual(bare.status, 303, 'no sign-in without the password');
    assert.ok(![...other.cookies.keys()].some((k) => k.endsWith('mamori_session')), 'no session cookie');
    const wrong = await other.req('POST', `/confirm/${token}`, { form: { csrf: csrfOf(page.text), password: 'not the password at all' } });
    assert.equal(wrong.status, 422);
    assert.equal(sqlite(server.dbPath, `SELECT CAST(confirmed_at IS NULL AS integer) FROM "user" WHERE email = ${sqlString(email)}`)[0], '1', 'still unconfirmed');

    const mine = await owner.get(`/confirm/${token}`);
    assert.doesNotMatch(mine.text, /name="password"/, 'the browser that signed up is not asked');
    const done = await owner.req('POST', `/confirm/${token}`, { form: { csrf: csrfOf(mine.text) } });
    assert.equal(done.status, 303);
    assert.equal(done.headers.location, '/home?notice=confirmed');
  });

  test('with the password, another browser confirms and is signed in', async () => {
    const email = newEmail('elsewhere');
    const token = await signUpUnconfirmed(server, new Browser(server.port), email);
    const phone = new Browser(server.port);
    const r = await phone.submit(`/confirm/${token}`, { password: PASSWORD });
    assert.equal(r.status, 303);
    assert.equal((await phone.get('/account')).status, 200, 'signed in');
  });
});

// ---------------------------------------------------------------------------

/** The Set-Cookie lines of a response. */
const setCookies = (r) => [].concat(r.headers['set-cookie'] ?? []);

describe('cookies planted by a sibling subdomain', () => {
  let server;
  before(async () => {
    server = await startServer({ env: { MAMORI_SECURE_COOKIES: '1' } });
  });
  after(async () => assertCleanExit(await server.stop()));

  test('over TLS the session, CSRF and assessment cookies are __Host- and Secure', async () => {
    const b = new Browser(server.port);
    const page = await b.get('/assessment/part/1');
    const csrfCookie = setCookies(page).find((c) => c.includes('mamori_csrf='));
    assert.match(csrfCookie, /^__Host-mamori_csrf=[^;]+; Path=\/;.*; Secure$/);
    const version = /name="version" value="([^"]*)"/.exec(page.text)[1];
    const saved = await b.req('POST', '/assessment/part/1', { form: { csrf: csrfOf(page.text), version, org: '', action: 'later', 'item-1': 'done' } });
    assert.equal(saved.status, 303);
    const assessment = setCookies(saved).find((c) => c.includes('mamori_assessment='));
    assert.match(assessment ?? '', /^__Host-mamori_assessment=[^;]+; Path=\/;.*; Secure$/, `assessment cookie: ${assessment}`);

    const email = newEmail('secure');
    const token = await signUpUnconfirmed(server, b, email);
    const confirmed = await b.submit(`/confirm/${token}`, {});
    const session = setCookies(confirmed).find((c) => c.includes('mamori_session='));
    assert.match(session ?? '', /^__Host-mamori_session=[^;]+; Path=\/;.*; Secure$/, `session cookie: ${session}`);
    assert.equal((await b.get('/account')).status, 200, 'the prefixed session works');
  });

  test('an unprefixed CSRF cookie (planted from a subdomain) is not accepted', async () => {
    const planted = 'P'.repeat(43);
    const r = await request(server.port, '/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mamori_csrf=${planted}` },
      body: `csrf=${planted}&email=a%40example.jp&password=whatever12345`,
    });
    assert.equal(r.status, 403);
  });
});

describe('an anonymous result kept by a shared cache', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  test('a result shown through the anonymous cookie is Cache-Control: no-store', async () => {
    const b = new Browser(server.port);
    for (const part of [1, 2, 3]) {
      const page = await b.get(`/assessment/part/${part}`);
      const fields = { csrf: csrfOf(page.text), version: /name="version" value="([^"]*)"/.exec(page.text)[1], org: '', action: 'next' };
      for (const m of page.text.matchAll(/name="(item-\d+)"/g)) fields[m[1]] = 'done';
      assert.equal((await b.req('POST', `/assessment/part/${part}`, { form: fields })).status, 303);
    }
    const check = await b.get('/assessment/check');
    assert.match(check.headers['cache-control'], /no-store/, 'the answers page');
    const submitToken = /name="submit_token" value="([^"]*)"/.exec(check.text)[1];
    const version = /name="version" value="([^"]*)"/.exec(check.text)[1];
    const sent = await b.req('POST', '/assessment/submit', { form: { csrf: csrfOf(check.text), submit_token: submitToken, version, org: '' } });
    assert.equal(sent.status, 303);
    const result = await b.get(sent.headers.location);
    assert.equal(result.status, 200);
    assert.match(result.headers['cache-control'], /no-store/);
  });
});

// ---------------------------------------------------------------------------

describe('metrics read from the internet', () => {
  let proxied;
  let listed;
  before(async () => {
    proxied = await startServer({ env: { MAMORI_TRUSTED_PROXIES: '127.0.0.1' } });
    listed = await startServer({ env: { MAMORI_TRUSTED_PROXIES: '127.0.0.1', MAMORI_METRICS_ALLOW: '203.0.113.9, 2001:db8::7' } });
  });
  after(async () => {
    assertCleanExit(await proxied.stop());
    assertCleanExit(await listed.stop());
  });

  test('a client behind the proxy gets 404; loopback and listed addresses get the metrics', async () => {
    const outside = await request(proxied.port, '/metrics', { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    assert.equal(outside.status, 404);
    assert.doesNotMatch(outside.text, /mamori_http_requests_total/);
    assert.equal((await request(proxied.port, '/metrics')).status, 200, 'loopback');
    assert.equal((await request(listed.port, '/metrics', { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status, 200, 'listed');
    assert.equal((await request(listed.port, '/metrics', { headers: { 'X-Forwarded-For': '2001:db8::7' } })).status, 200, 'listed IPv6');
    assert.equal((await request(listed.port, '/metrics', { headers: { 'X-Forwarded-For': '203.0.113.10' } })).status, 404, 'not listed');
  });

  test('through a proxy that is not trusted, a forwarded request is refused', async () => {
    const plain = await startServer();
    try {
      const r = await request(plain.port, '/metrics', { headers: { 'X-Forwarded-For': '198.51.100.4' } });
      assert.equal(r.status, 404);
    } finally {
      assertCleanExit(await plain.stop());
    }
  });

  test('a malformed MAMORI_METRICS_ALLOW stops the start', async () => {
    await assert.rejects(startServer({ env: { MAMORI_METRICS_ALLOW: '10.0.0.1,nonsense' } }), /MAMORI_METRICS_ALLOW/);
  });
});

// ---------------------------------------------------------------------------

/** A fake SMTP server that offers AUTH but not STARTTLS and records every line. */
function fakeSmtp() {
  const lines = [];
  const srv = net.createServer((sock) => {
    let buf = '';
    let inData = false;
    sock.write('220 fake ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      let i;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        lines.push(line);
        if (inData) {
          if (line === '.') {
            inData = false;
            sock.write('250 queued\r\n');
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') sock.write('250-fake\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n');
        else if (verb === 'AUTH') sock.write('235 accepted\r\n');
        else if (verb === 'DATA') {
          inData = true;
          sock.write('354 go on\r\n');
        } else if (verb === 'QUIT') sock.end('221 bye\r\n');
        else sock.write('250 ok\r\n');
      }
    });
    sock.on('error', () => {});
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({ srv, lines, port: srv.address().port })));
}

describe('SMTP password sent in clear', () => {
  test('with credentials in the URL, no STARTTLS means no AUTH', async () => {
    const smtp = await fakeSmtp();
    const server = await startServer({ env: { MAMORI_SMTP_URL: `smtp://mamori:s3cret-pw@127.0.0.1:${smtp.port}` } });
    try {
      const b = new Browser(server.port);
      assert.equal((await b.submit('/signup', { email: newEmail('smtp'), password: PASSWORD })).status, 303);
      await waitFor(() => smtp.lines.some((l) => /^EHLO/i.test(l)), { what: 'the mailer to connect' });
      await sleep(1500);
      const secret = Buffer.from('\0mamori\0s3cret-pw').toString('base64');
      assert.ok(!smtp.lines.some((l) => /^AUTH/i.test(l) || l.includes(secret)), `credentials were sent in clear:\n${smtp.lines.join('\n')}`);
    } finally {
      assertCleanExit(await server.stop());
      smtp.srv.close();
    }
  });

  test('credentials with a scheme that is not smtp:// or smtps:// stop the start with one line', async () => {
    const r = runCli(['serve', '--listen', '127.0.0.1:0', '--db', '/nonexistent/never-opened.db'], {
      env: { MAMORI_SMTP_URL: 'http://mamori:s3cret@mail.example.jp/' },
    });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /MAMORI_SMTP_URL .*smtps:\/\//);
  });
});

// ---------------------------------------------------------------------------

describe('a crash between the two writes of a first anonymous save', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  test('a first save that fails half-way leaves no empty draft', { skip: ON_POSTGRES && 'SQLite trigger' }, async () => {
    const before = Number(sqlite(server.dbPath, 'SELECT count(*) FROM assessment_draft')[0]);
    // The answers' write fails, as a crash after the draft's would.
    sqlite(server.dbPath, "CREATE TRIGGER answers_fail BEFORE INSERT ON assessment_draft_answer BEGIN SELECT RAISE(ABORT, 'injected'); END");
    try {
      const b = new Browser(server.port);
      const page = await b.get('/assessment/part/1');
      const version = /name="version" value="([^"]*)"/.exec(page.text)[1];
      const r = await b.req('POST', '/assessment/part/1', { form: { csrf: csrfOf(page.text), version, org: '', action: 'later', 'item-1': 'done' } });
      assert.equal(r.status, 500);
    } finally {
      sqlite(server.dbPath, 'DROP TRIGGER answers_fail');
    }
    assert.equal(Number(sqlite(server.dbPath, 'SELECT count(*) FROM assessment_draft')[0]), before, 'no draft without its answers');
  });
});

describe('raw bytes written into the access log', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  test('bytes over 0x7f and control characters in a path are logged as \\xHH', async () => {
    const path = Buffer.concat([Buffer.from('/caf'), Buffer.from([0xc3, 0xa9, 0xff, 0x7f]), Buffer.from('\\x')]);
    const r = await rawRequest(server.port, Buffer.concat([Buffer.from('GET '), path, Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]));
    assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}`);
    const log = await accessLogAfter(server, '/marker-after-bytes');
    const line = log.split('\n').find((l) => l.includes(' GET /caf'));
    assert.ok(line, `no access line for the request:\n${log}`);
    assert.ok(line.includes('/caf\\xc3\\xa9\\xff\\x7f\\x5cx '), line);
    assert.ok(!/[\u0080-\uffff\u0000-\u001f\u007f]/.test(line), `raw bytes in: ${JSON.stringify(line)}`);
  });
});
