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
import { Browser, ORG_FORM, PASSWORD, createOrg, csrfOf, mailsTo, nextMail } from './org_client.mjs';
import { POLICY_SITE_ALLOW, startPolicySite } from './policy_site.mjs';
import { makeId } from './verify_fixtures.mjs';

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

  test('a token in an absolute-form target is logged as the pattern, served or refused', async () => {
    const token = 'y'.repeat(43);
    const served = await rawRequest(server.port, `GET http://mamori.example/password/reset/${token} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.ok(served.status < 500, served.statusLine);
    const refused = await rawRequest(server.port, `GET http://mamori.example/password/reset/${token} HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n`);
    assert.equal(refused.status, 400, refused.statusLine);
    const big = await rawRequest(server.port, `GET http://mamori.example/password/reset/${token} HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(40 * 1024)}\r\nConnection: close\r\n\r\n`);
    assert.equal(big.status, 431, big.statusLine);
    const log = await accessLogAfter(server, '/marker-after-absolute-form');
    assert.ok(!log.includes(token), `the token is in the log:\n${log.split('\n').filter((l) => l.includes(token)).join('\n')}`);
    assert.match(log, / GET \/password\/reset\/\{token\} 400 /);
    assert.match(log, / GET \/password\/reset\/\{token\} 431 /);
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

describe('yes-or-no settings set to 0', () => {
  let server;
  before(async () => {
    server = await startServer({ env: { MAMORI_SECURE_COOKIES: '0', MAMORI_HSTS: '0' } });
  });
  after(async () => assertCleanExit(await server.stop()));

  test('MAMORI_SECURE_COOKIES=0 and MAMORI_HSTS=0 turn them off, as unset does', async () => {
    const page = await new Browser(server.port).get('/assessment/part/1');
    const csrfCookie = setCookies(page).find((c) => c.includes('mamori_csrf='));
    assert.match(csrfCookie ?? '', /^mamori_csrf=[^;]+; Path=\//, `csrf cookie: ${csrfCookie}`);
    assert.doesNotMatch(csrfCookie, /Secure/);
    assert.equal(page.headers['strict-transport-security'], undefined);
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

  test('a connection reset before the answer logs neither the token nor the bytes of its path', async () => {
    const token = 'R'.repeat(43);
    const paths = [Buffer.from(`/password/reset/${token}`), Buffer.from([0x2f, 0x1b, 0x5b, 0x32, 0x4a, 0x7f, 0xff])];
    const failures = () => (server.stderr().match(/Failed to send/g) ?? []).length;
    // The client resets the connection as soon as its request is out: the
    // answer, sent a few microseconds later, fails and the HTTP library says so.
    for (let i = 0; i < 5000 && failures() < 4; i++) {
      await new Promise((resolve) => {
        const s = net.connect(server.port, '127.0.0.1', () => {
          s.write(Buffer.concat([Buffer.from('GET '), paths[i % 2], Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]));
          setImmediate(() => {
            s.resetAndDestroy();
            resolve();
          });
        });
        s.on('error', resolve);
      });
    }
    assert.ok(failures() >= 4, 'no answer failed to be sent');
    const log = await accessLogAfter(server, '/marker-after-resets');
    assert.ok(!log.includes(token), `the token is in the log:\n${log.split('\n').filter((l) => l.includes(token)).join('\n')}`);
    const raw = log.split('\n').filter((l) => /[\u0000-\u0009\u000b-\u001f\u007f\ufffd]/.test(l));
    assert.deepEqual(raw, [], 'log lines with raw control bytes');
  });
});

// ---------------------------------------------------------------------------
// Integrity of declarations: a declaration cannot be turned into someone
// else's, a revocation sticks, and the badge says whose it is.

describe('declarations that lie about whose they are', () => {
  let server;
  let admin;
  const db = (sql) => sqlite(server.dbPath, sql);
  const one = (sql) => db(sql)[0];
  const PLEDGE = { rule_1: 'yes', rule_2: 'yes', rule_3: 'yes', rule_4: 'yes', rule_5: 'yes', terms: 'yes' };

  /** A valid 13-digit corporate number, different for every call. */
  function corporateNumber() {
    const body = String(100000000000 + ((process.pid * 7919 + ++seq * 104729) % 800000000000)).padStart(12, '0');
    let sum = 0;
    for (let n = 1; n <= 12; n++) sum += Number(body[12 - n]) * (n % 2 ? 1 : 2);
    return `${9 - (sum % 9)}${body}`;
  }

  /** A signed-in owner of a new organisation (form fields overridden). */
  async function owner(label, fields = {}) {
    const b = await signedIn(server, newEmail(label));
    b.form = { ...ORG_FORM, corporate_number: corporateNumber(), ...fields };
    await createOrg(b, b.form);
    b.orgId = Number(one(`SELECT m.organisation_id FROM membership m JOIN "user" u ON u.id = m.user_id WHERE u.email = ${sqlString(b.email)}`));
    return b;
  }

  /** The POST of the pledge page, which declares ★ (the steps before it only guide). */
  async function declareAttempt(b) {
    const pledge = await b.get('/declaration/new/pledge?level=1');
    const csrf = pledge.status === 200 ? csrfOf(pledge.text) : csrfOf((await b.get('/account')).text);
    return b.req('POST', '/declaration/new', { form: { csrf, level: '1', ...PLEDGE } });
  }

  async function declare(b) {
    const r = await declareAttempt(b);
    assert.equal(r.status, 303, `declaring: ${r.status} ${r.text.slice(0, 400)}`);
    return one(`SELECT public_id FROM declaration WHERE organisation_id = ${b.orgId} AND status = 'active'`);
  }

  const row = (id) => {
    const [name, number, flagged, reasons] = one(
      `SELECT org_name, corporate_number, CAST(flagged AS integer), flag_reasons FROM declaration WHERE public_id = ${sqlString(id)}`,
    ).split('|');
    return { name, number, flagged: flagged === '1', reasons };
  };
  // (psql prints an empty value as no line: '-' stands for none)
  const pending = (id) => one(`SELECT coalesce(nullif(pending_corporate_number, ''), '-') FROM declaration WHERE public_id = ${sqlString(id)}`);

  async function revoke(id) {
    const page = await admin.get(`/admin/declarations/${id}`);
    const r = await admin.req('POST', `/admin/declarations/${id}/revoke`, { form: { csrf: csrfOf(page.text), reason: 'false_information', note: 'not the firm it claims to be' } });
    assert.equal(r.status, 303, 'revoked');
  }

  before(async () => {
    server = await startServer();
    const adminEmail = newEmail('admin');
    const r = runCli(['admin', 'create', '--email', adminEmail, '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
    assert.equal(r.status, 0, r.stderr);
    admin = new Browser(server.port);
    assert.equal((await admin.submit(new URL(r.stdout.trim()).pathname, { password: PASSWORD })).status, 303);
    assert.equal((await admin.submit('/login', { email: adminEmail, password: PASSWORD, next: '' })).status, 303);
  });
  after(async () => assertCleanExit(await server.stop()));

  test('identity swap on a live declaration goes to review and shows in the history', async () => {
    const small = await owner('swap', { name: 'こもれび文具店', name_kana: 'コモレビブングテン' });
    const id = await declare(small);
    const oldNumber = small.form.corporate_number;
    assert.equal(row(id).flagged, false, 'an ordinary declaration');
    const famousNumber = corporateNumber();
    // the owner turns the organisation into a well-known company, then copies it onto the declaration
    const edit = await small.submit('/org/edit', { ...small.form, name: '大日本重工業株式会社', name_kana: 'ダイニッポンジュウコウギョウ', corporate_number: famousNumber, prefecture: '13' });
    assert.equal(edit.status, 303);
    const details = await small.get('/declaration/details');
    assert.match(details.text, /運営者の確認が必要/);
    const r = await small.submit('/declaration/details', {});
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/declaration?notice=number_pending');

    const d = row(id);
    assert.equal(d.number, oldNumber, 'the declaration keeps the number it was made with');
    assert.equal(pending(id), famousNumber);
    assert.ok(d.flagged, 'the change goes to the review queue');
    assert.match(d.reasons, /corporate_number_change/);
    assert.match((await admin.get('/admin/declarations')).text, new RegExp(`/admin/declarations/${id}"`));

    // verifiers: the new number is not this declaration's; the page says what it was called
    const byNumber = JSON.parse((await request(server.port, `/api/v1/declarations?corporate_number=${famousNumber}`)).text);
    assert.deepEqual(byNumber.items, [], 'the famous number holds no declaration');
    let page = await request(server.port, `/verify/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(oldNumber));
    assert.match(page.text, /宣言の内容（名称・法人番号・都道府県）を変更。変更前の名称：こもれび文具店/);
    const api = JSON.parse((await request(server.port, `/api/v1/declarations/${id}`)).text);
    assert.deepEqual(api.history.map((e) => [e.event, e.from]).at(-1), ['details', 'こもれび文具店']);
    assert.equal(api.organisation.corporate_number, oldNumber);

    // the number changes only when an administrator approves it
    const review = await admin.get(`/admin/declarations/${id}`);
    assert.match(review.text, new RegExp(famousNumber));
    const csrf = csrfOf(review.text);
    const badRevoke = await admin.req('POST', `/admin/declarations/${id}/revoke`, { form: { csrf, reason: '', note: '' } });
    assert.equal(badRevoke.status, 422, 'the page with both forms shows the revocation errors');
    const undecided = await admin.req('POST', `/admin/declarations/${id}/approve`, { form: { csrf } });
    assert.equal(undecided.status, 422, 'approving needs a decision on the number');
    assert.equal(row(id).number, oldNumber);
    const approved = await admin.req('POST', `/admin/declarations/${id}/approve`, { form: { csrf, number: 'apply' } });
    assert.equal(approved.status, 303);
    assert.equal(row(id).number, famousNumber);
    assert.equal(pending(id), '-');
    assert.equal(row(id).flagged, false);
    page = await request(server.port, `/verify/${id}`);
    assert.match(page.text, new RegExp(`変更前の法人番号：${oldNumber}`));
  });

  test('a rename to the name of a declarant at the same address goes to review', async () => {
    const address = { postal_code: '100-0001', prefecture: '13', address: '千代田区丸の内9丁目8番7号' };
    const real = await owner('real', { name: '株式会社しらかば計測', name_kana: 'シラカバケイソク', ...address });
    await declare(real);
    const copy = await owner('copy', { name: '有限会社ゆうやけ', name_kana: 'ユウヤケ', ...address, address: '千代田区丸の内9-8-7' });
    const id = await declare(copy);
    assert.equal(row(id).flagged, false);
    assert.equal((await copy.submit('/org/edit', { ...copy.form, name: 'しらかば計測株式会社', name_kana: 'シラカバケイソク' })).status, 303);
    assert.equal((await copy.submit('/declaration/details', {})).headers.location, '/declaration?notice=details_updated');
    assert.equal(row(id).name, 'しらかば計測株式会社');
    assert.ok(row(id).flagged, 'the rename is reviewed as a declaration would be');
    assert.match(row(id).reasons, /similar_name_address/);
  });

  test('a revoked firm cannot declare again until an administrator lifts the block with a reason', async () => {
    const firm = await owner('revoked', { name: '株式会社にせもの', name_kana: 'ニセモノ' });
    const first = await declare(firm);
    await revoke(first);
    const again = await declareAttempt(firm);
    assert.equal(again.status, 409, 'no fresh, clean ID after a revocation');
    assert.match(again.text, /取り消されています/);
    assert.equal(one(`SELECT count(*) FROM declaration WHERE organisation_id = ${firm.orgId} AND status = 'active'`), '0');
    assert.match((await firm.get('/declaration')).text, /運営者が制限を解除するまで/);

    // lifting: a confirmation page, CSRF, and a reason that goes to the audit log
    const confirm = await admin.get(`/admin/declarations/${first}/lift-block`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, new RegExp(`action="/admin/declarations/${first}/lift-block"`));
    assert.equal((await admin.req('POST', `/admin/declarations/${first}/lift-block`, { form: { reason: 'x' } })).status, 403, 'no CSRF token');
    assert.equal((await firm.req('POST', `/admin/declarations/${first}/lift-block`, { form: { csrf: csrfOf((await firm.get('/account')).text), reason: 'x' } })).status, 404, 'not for owners');
    const csrf = csrfOf(confirm.text);
    assert.equal((await admin.req('POST', `/admin/declarations/${first}/lift-block`, { form: { csrf, reason: '  ' } })).status, 422, 'a reason is required');
    assert.equal((await declareAttempt(firm)).status, 409, 'still blocked');
    const lifted = await admin.req('POST', `/admin/declarations/${first}/lift-block`, { form: { csrf, reason: '登記を確認し、本人の宣言と認めた' } });
    assert.equal(lifted.status, 303);
    assert.equal(one(`SELECT detail FROM audit WHERE action = 'admin.declaration_lift_block' AND target = '${first}' AND outcome = 'ok'`), '登記を確認し、本人の宣言と認めた');

    const second = await declare(firm);
    assert.notEqual(second, first);
    assert.ok(row(second).flagged, 'its own past revocation is a review signal');
    assert.match(row(second).reasons, /earlier_revoked/);
    const page = await request(server.port, `/verify/${second}`);
    assert.match(page.text, /以前に取り消された宣言があります/);
    assert.match(page.text, new RegExp(`href="/verify/${first}"`));
    const api = JSON.parse((await request(server.port, `/api/v1/declarations/${second}`)).text);
    assert.deepEqual(api.earlier_revoked.map((e) => e.id), [first]);
  });

  test('a revoked firm cannot declare again under a new organisation with the same corporate number', async () => {
    const firm = await owner('revoked-number');
    const first = await declare(firm);
    await revoke(first);
    // the firm deletes its organisation and starts a new one under the same corporate number
    const gone = await firm.submit('/org/delete', { confirm_name: firm.form.name });
    assert.equal(gone.status, 303, `organisation deleted: ${gone.text.slice(0, 300)}`);
    const twin = await owner('new-org', { corporate_number: firm.form.corporate_number, name: '株式会社あたらしい名前', name_kana: 'アタラシイナマエ' });
    const r = await declareAttempt(twin);
    assert.equal(r.status, 409);
    assert.match(r.text, /取り消されています/);
    assert.equal(one(`SELECT count(*) FROM declaration WHERE organisation_id = ${twin.orgId}`), '0');
    // a withdrawal is a signal too, not a block
    const quitter = await owner('withdrew');
    const w = await declare(quitter);
    const confirm = await quitter.get('/declaration/withdraw');
    assert.equal((await quitter.req('POST', '/declaration/withdraw', { form: { csrf: csrfOf(confirm.text) } })).status, 303);
    const back = await declare(quitter);
    assert.notEqual(back, w);
    assert.match(row(back).reasons, /earlier_withdrawn/);
  });

  test('a hotlinked badge names its declarant', async () => {
    const longName = '株式会社みなとみらい精密機械製作所ホールディングス東日本営業本部';
    const firm = await owner('badge', { name: longName, name_kana: 'ミナトミライセイミツ' });
    const id = await declare(firm);
    const badge = await request(server.port, `/badge/${id}.svg`);
    assert.equal(badge.status, 200);
    assert.match(badge.text, new RegExp(`ID ${id}`));
    // 33 full-width characters do not fit: shortened, with an ellipsis
    assert.match(badge.text, />株式会社みなとみらい精密機械[^<]*…</);
    assert.doesNotMatch(badge.text, />[^<]*東日本営業本部[^<]*</, 'the drawn name is shortened');
    assert.match(badge.text, new RegExp(`aria-label="[^"]*${longName}`), 'the full name is in the text alternative');
    const etag = badge.headers.etag;
    assert.ok(etag);
    assert.equal((await request(server.port, `/badge/${id}.svg`, { headers: { 'If-None-Match': etag } })).status, 304);

    // a short Latin name is drawn whole
    assert.equal((await firm.submit('/org/edit', { ...firm.form, name: 'Minato Trading' })).status, 303);
    assert.equal((await firm.submit('/declaration/details', {})).status, 303);
    const renamed = await request(server.port, `/badge/${id}.svg`, { headers: { 'If-None-Match': etag } });
    assert.equal(renamed.status, 200, 'a new name is a new picture, not a 304');
    assert.notEqual(renamed.headers.etag, etag);
    assert.match(renamed.text, />Minato Trading</);

    // the snippet links the badge to the verification page, which says the badge alone proves nothing
    const page = await request(server.port, `/verify/${id}`);
    const snippet = /<textarea id="badge-snippet"[^>]*>([^<]*)<\/textarea>/.exec(page.text)[1];
    assert.match(snippet, new RegExp(`&lt;a href=&quot;[^&]*/verify/${id}&quot;&gt;&lt;img src=&quot;[^&]*/badge/${id}\\.svg&quot;`));
    assert.match(page.text, /バッジの画像だけでは宣言の証明になりません/);
  });
});

describe('a result id freed by deletion', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  /** Answers the 25 items with answer and submits; returns the result's path. */
  async function takeAssessment(b, answer) {
    for (const part of [1, 2, 3]) {
      const page = await b.get(`/assessment/part/${part}`);
      assert.equal(page.status, 200, `part ${part}`);
      const field = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)[1];
      const items = [...new Set([...page.text.matchAll(/name="(item-\d+)"/g)].map((m) => m[1]))];
      const form = [['csrf', csrfOf(page.text)], ['version', field('version')], ['org', field('org')], ['action', 'next'],
        ...items.map((item) => [item, answer])];
      assert.equal((await b.req('POST', `/assessment/part/${part}`, { form })).status, 303, `saving part ${part}`);
    }
    const check = await b.get('/assessment/check');
    const field = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(check.text)[1];
    const r = await b.req('POST', '/assessment/submit', { form: { csrf: csrfOf(check.text), submit_token: field('submit_token'),
      version: field('version'), org: field('org') } });
    assert.equal(r.status, 303, 'submitted');
    assert.match(r.headers.location, /^\/assessment\/results\/\d+$/);
    return r.headers.location;
  }

  const totalOf = (html) => /class="assessment-total-value">(-?\d+)</.exec(html)?.[1];

  test('a result id freed by deletion is never shown to the next tenant', async () => {
    const first = await signedIn(server, newEmail('first-tenant'));
    await createOrg(first);
    const firstResult = await takeAssessment(first, 'done');
    const seen = await first.get(firstResult);
    assert.equal(seen.status, 200);
    assert.equal(totalOf(seen.text), '100', 'the first tenant sees its own result (and it is now cached)');

    const page = await first.get('/org/delete');
    const del = await first.req('POST', '/org/delete', { form: { csrf: csrfOf(page.text), confirm_name: ORG_FORM.name } });
    assert.equal(del.status, 303, 'organisation deleted with its results');

    const next = await signedIn(server, newEmail('next-tenant'));
    await createOrg(next, { name: 'みなと商店', name_kana: 'ミナトショウテン' });
    const nextResult = await takeAssessment(next, 'not_done');
    const shown = await next.get(nextResult);
    assert.equal(shown.status, 200);
    assert.equal(totalOf(shown.text), '0', `the next tenant sees its own answers at ${nextResult}, not those of ${firstResult}`);
    assert.notEqual(nextResult, firstResult, 'the id of a deleted result is not given again');
    assert.equal((await next.get(firstResult)).status, 404, 'the old address shows nothing');
  });
});

describe('an external policy address that reaches inside (server-side request forgery)', () => {
  let site, strict, testing;
  before(async () => {
    site = await startPolicySite({ second: true });
    [strict, testing] = await Promise.all([startServer(), startServer({ env: { MAMORI_FETCH_ALLOW: POLICY_SITE_ALLOW } })]);
  });
  after(async () => {
    await site.stop();
    assertCleanExit(await strict.stop());
    assertCleanExit(await testing.stop());
  });

  /** An owner with an organisation on server; returns [browser, the external form's path]. */
  async function owner(server) {
    const b = await signedIn(server, newEmail('ssrf'));
    await createOrg(b);
    const overview = await b.get('/policy/edit');
    const where = overview.status === 303 ? overview.headers.location : '';
    assert.match(where, /^\/policy\/edit\/[^/?]+$/, `the builder of the organisation: ${overview.status} ${where}`);
    return [b, `${where}/external`];
  }

  const refusedMessage = /社内や機器の中のアドレスを指しているため、登録できません/;

  test('loopback, private, link-local and metadata addresses are refused without the test setting', async () => {
    const [b, form] = await owner(strict);
    const seen = site.requests.length;
    for (const url of [site.url('/policy.html'), 'http://localhost:' + site.port + '/policy.html',
      `http://[::1]:${site.port}/policy.html`, 'http://10.0.0.1/policy.html', 'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:127.0.0.1]:' + site.port + '/policy.html', 'http://0.0.0.0:' + site.port + '/', 'http://[fd00:ec2::254]/']) {
      const started = Date.now();
      const r = await b.submit(form, { url });
      assert.equal(r.status, 422, url);
      // a name without a dot (localhost) and an IPv6 literal are already
      // refused by the address's shape; a redirect to [::1] is tested below
      if (!/localhost|\[/.test(url)) assert.match(r.text, refusedMessage, url);
      assert.ok(r.text.includes(`value="${url}"`), `${url}: kept in the form`);
      assert.ok(Date.now() - started < 3000, `${url}: refused at once, not by a timeout`);
    }
    assert.equal(site.requests.length, seen, 'no request reached the site');
    assert.deepEqual(sqlite(strict.dbPath, 'SELECT count(*) FROM policy_publication'), ['0']);
    assert.deepEqual(sqlite(strict.dbPath, "SELECT DISTINCT outcome FROM policy_fetch"), ['refused']);
  });

  test('a redirect from an allowed host to a refused one is refused', async () => {
    const [b, form] = await owner(testing);
    assert.equal((await b.submit(form, { url: site.url('/policy.html') })).status, 303, 'the allowed host itself is fetched');
    for (const target of [site.url2('/policy.html'), 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/',
      `http://[::1]:${site.port}/policy.html`]) {
      const seen = site.requests.length;
      const url = site.url(`/to?url=${encodeURIComponent(target)}`);
      const r = await b.submit(form, { url });
      assert.equal(r.status, 422, target);
      assert.match(r.text, refusedMessage, target);
      assert.deepEqual(site.requests.slice(seen), [`/to?url=${encodeURIComponent(target)}`], `${target}: only the first hop was fetched`);
    }
    const bad = await b.submit(form, { url: site.url(`/to?url=${encodeURIComponent('file:///etc/passwd')}`) });
    assert.equal(bad.status, 422, 'a redirect to file:// is refused');
    assert.deepEqual(sqlite(testing.dbPath, 'SELECT url FROM policy_publication'), [site.url('/policy.html')], 'the taken address stays');
  });
});

describe('policy address floods', () => {
  let site, server;
  before(async () => {
    site = await startPolicySite();
    // 4 fetches an hour per network, 2 per organisation.
    server = await startServer({
      env: { MAMORI_FETCH_ALLOW: POLICY_SITE_ALLOW, MAMORI_TRUSTED_PROXIES: '127.0.0.1', MAMORI_FETCH_RATE: '4/2' },
    });
  });
  after(async () => {
    await site.stop();
    assertCleanExit(await server.stop());
  });

  /** An owner with an organisation; returns [browser, the external form's path]. */
  async function owner() {
    const b = await signedIn(server, newEmail('fetcher'));
    await createOrg(b, { name: `取得商店${seq}`, corporate_number: '', sole_proprietor: '1', capital: '' });
    const where = (await b.get('/policy/edit')).headers.location;
    assert.match(where, /^\/policy\/edit\/[^/?]+$/);
    return [b, `${where}/external`];
  }

  /** Gives url on form from address (a client behind the trusted proxy). */
  async function give([b, form], url, address, lang = '') {
    const headers = { 'X-Forwarded-For': address };
    const page = await b.req('GET', form + lang, { headers });
    assert.equal(page.status, 200);
    return b.req('POST', form + lang, { form: { csrf: csrfOf(page.text), url }, headers });
  }

  test('repeated policy address submissions get 429', async () => {
    // Each submission holds a serving thread for up to 5 s while mamori
    // fetches the address: per organisation, the third within the hour is
    // refused whatever the network it comes from.
    const firm = await owner();
    const url = site.url('/policy.html');
    assert.equal((await give(firm, url, '198.51.100.1')).status, 303);
    assert.equal((await give(firm, url, '198.51.100.2')).status, 303);
    const seen = site.requests.length;
    const typed = site.url('/policy.pdf');
    for (const [address, lang, message] of [['198.51.100.3', '', /受付をいったん止めています/],
      ['198.51.100.4', '?lang=en', /paused for now/]]) {
      const r = await give(firm, typed, address, lang);
      assert.equal(r.status, 429, address);
      assert.ok(Number(r.headers['retry-after']) > 0, 'Retry-After');
      assert.match(r.text, message);
      assert.ok(r.text.includes(`value="${typed}"`), 'what the user typed is kept');
    }
    assert.equal(site.requests.length, seen, 'nothing was fetched');
    const pid = firm[1].split('/')[3];
    assert.deepEqual(sqlite(server.dbPath, `SELECT p.url FROM policy_publication p JOIN organisation o
      ON o.id = p.organisation_id WHERE o.public_id = ${sqlString(pid)}`), [url], 'the taken address stays');
    assert.deepEqual(sqlite(server.dbPath, `SELECT count(*) FROM audit WHERE action = 'policy.external'
      AND outcome = 'denied' AND detail = 'rate'`), ['2']);

    // Per network: the fifth fetch from one network, whichever firm it is for.
    const firms = [await owner(), await owner(), await owner()];
    for (const f of firms.slice(0, 2)) {
      for (let i = 0; i < 2; i++) assert.equal((await give(f, url, '203.0.113.9')).status, 303);
    }
    assert.equal((await give(firms[2], url, '203.0.113.9')).status, 429, 'the network has spent its fetches');
    assert.equal((await give(firms[2], url, '203.0.113.10')).status, 303, 'another network has its own');
  });
});

// ---------------------------------------------------------------------------
// Guessing passwords, flooding mail forms, enumerating by batch.

/** A fresh browser with the CSRF token of the log-in form. */
async function loginForm(server, browser = new Browser(server.port), headers = {}) {
  const page = await browser.req('GET', '/login', { headers });
  assert.equal(page.status, 200);
  return { browser, csrf: csrfOf(page.text) };
}

/** One log-in attempt with the token of loginForm(). */
function tryLogin({ browser, csrf }, email, password, headers = {}) {
  return browser.req('POST', '/login', { form: { csrf, email, password }, headers });
}

describe('concurrent password guesses', () => {
  let server;
  before(async () => {
    server = await startServer({ threads: 8 });
  });
  after(async () => assertCleanExit(await server.stop()));

  test('concurrent password guesses: at most the allowed number are checked', async () => {
    const email = newEmail('guessed');
    await signedIn(server, email);
    const forms = [];
    for (let i = 0; i < 16; i++) forms.push(await loginForm(server));
    const answers = await Promise.all(forms.map((f, i) => tryLogin(f, email, `wrong guess number ${i}`)));
    const checked = answers.filter((a) => a.status !== 429);
    assert.ok(checked.every((a) => a.status === 422), `statuses: ${answers.map((a) => a.status)}`);
    assert.ok(checked.length >= 1 && checked.length <= 5, `${checked.length} of 16 concurrent guesses were checked`);
    const refused = answers.find((a) => a.status === 429);
    assert.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After');
    const recorded = sqlite(server.dbPath, `SELECT count(*) FROM login_failure WHERE email = ${sqlString(email)}`)[0];
    assert.equal(Number(recorded), checked.length, 'every checked guess is counted, no more');
    // The allowance is spent: even the right password waits now.
    assert.equal((await tryLogin(await loginForm(server), email, PASSWORD)).status, 429);
  });
});

describe('a stranger locking a known user out', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  test("a stranger's guesses do not lock out a device that logged in before", async () => {
    const email = newEmail('owner');
    const owner = await signedIn(server, email);
    assert.equal((await owner.submit('/account', {}, '/logout')).status, 303, 'logged out');
    assert.equal((await tryLogin(await loginForm(server, owner), email, PASSWORD)).status, 303, 'a log-in');
    assert.equal((await owner.submit('/account', {}, '/logout')).status, 303, 'logged out again');
    // A device cookie of another account, or a forged one, exempts nobody.
    const other = await signedIn(server, newEmail('other'));
    assert.equal((await other.submit('/account', {}, '/logout')).status, 303);
    const forged = new Browser(server.port);
    forged.cookies.set('mamori_device', 'A'.repeat(43));

    for (let i = 0; i < 6; i++) await tryLogin(await loginForm(server), email, `stranger guess ${i}`);
    assert.equal((await tryLogin(await loginForm(server), email, PASSWORD)).status, 429, 'strangers are stopped');
    assert.equal((await tryLogin(await loginForm(server, other), email, PASSWORD)).status, 429, "another account's device");
    assert.equal((await tryLogin(await loginForm(server, forged), email, PASSWORD)).status, 429, 'a forged device cookie');

    const mine = await tryLogin(await loginForm(server, owner), email, PASSWORD);
    assert.equal(mine.status, 303, 'the device that logged in before is not locked out');
    assert.equal(mine.headers.location, '/home');
    const device = [...owner.cookies.keys()].find((k) => k.endsWith('mamori_device'));
    assert.ok(device, `a device cookie: ${[...owner.cookies.keys()]}`);
    const setCookie = [].concat(mine.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${device}=`));
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.match(setCookie, /Max-Age=31536000/);
  });
});

describe('guesses spread over an IPv6 network', () => {
  let server;
  before(async () => {
    server = await startServer({ threads: 4, env: { MAMORI_TRUSTED_PROXIES: '127.0.0.1' } });
  });
  after(async () => assertCleanExit(await server.stop()));

  test('IPv6 guesses from one /64 share one throttle', async () => {
    const form = await loginForm(server);
    const from = (address) => ({ 'X-Forwarded-For': address });
    // 36 accounts, 36 addresses of 2001:db8:1:2::/64: neither repeats.
    // (In waves, so that each answer comes within the request's timeout.)
    const answers = [];
    for (let wave = 0; wave < 6; wave++) {
      answers.push(...(await Promise.all(Array.from({ length: 6 }, (_, k) => {
        const i = wave * 6 + k;
        return tryLogin(form, newEmail(`net${i}`), 'a guess from one network', from(`2001:db8:1:2:${(i + 1).toString(16)}::${i + 7}`));
      }))));
    }
    const checked = answers.filter((a) => a.status !== 429).length;
    assert.equal(checked, 30, `guesses checked from one /64: ${answers.map((a) => a.status)}`);
    const elsewhere = await tryLogin(form, newEmail('elsewhere'), 'a guess', from('2001:db8:1:3::1'));
    assert.equal(elsewhere.status, 422, 'the next /64 has its own allowance');
    assert.equal((await tryLogin(form, newEmail('v4'), 'a guess', from('198.51.100.7'))).status, 422);
  });
});

describe('mail floods', () => {
  let server;
  before(async () => {
    // 3 mails an hour per network, 2 per address.
    server = await startServer({ env: { MAMORI_TRUSTED_PROXIES: '127.0.0.1', MAMORI_MAIL_RATE: '3/2' } });
  });
  after(async () => assertCleanExit(await server.stop()));

  /** POSTs fields to path from address, with the token of the form at path. */
  async function post(path, fields, address, browser = new Browser(server.port), lang = 'ja') {
    const headers = { 'X-Forwarded-For': address, 'Accept-Language': lang };
    const page = await browser.req('GET', path, { headers });
    assert.equal(page.status, 200, `GET ${path}`);
    return browser.req('POST', path, { form: { csrf: csrfOf(page.text), ...fields }, headers });
  }

  function assertTooMany(r, typed, lang = 'ja') {
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers['retry-after']) > 0, 'Retry-After');
    assert.match(r.text, lang === 'ja' ? /受付をいったん止めています/ : /paused for now/);
    assert.ok(r.text.includes(`value="${typed}"`), 'what the user typed is kept');
  }

  test('sign-up / forgot-password / resend / invitation floods get 429', async () => {
    // Sign-up: the fourth from one network.
    for (let i = 0; i < 3; i++) {
      assert.equal((await post('/signup', { email: newEmail('flood'), password: PASSWORD }, '198.51.100.1')).status, 303);
    }
    const typed = newEmail('flood');
    assertTooMany(await post('/signup', { email: typed, password: PASSWORD }, '198.51.100.1'), typed);
    assertTooMany(await post('/signup', { email: typed, password: PASSWORD }, '198.51.100.1', undefined, 'en'), typed, 'en');
    assert.equal(mailsTo(server.tmpDir, typed).length, 0, 'no mail was sent');

    // Forgotten password: the third for one address, whatever the network
    // (counted whether or not the address has an account, which stays secret).
    const victim = newEmail('bombed');
    for (const n of [1, 2]) assert.equal((await post('/password/forgot', { email: victim }, `203.0.113.${n}`)).status, 303);
    assertTooMany(await post('/password/forgot', { email: victim }, '203.0.113.3'), victim);

    // The confirmation sent again at log-in: sign-up sent one, a log-in one more, then no more.
    const unconfirmed = newEmail('resend');
    assert.equal((await post('/signup', { email: unconfirmed, password: PASSWORD }, '192.0.2.10')).status, 303);
    assert.equal((await post('/login', { email: unconfirmed, password: PASSWORD }, '192.0.2.11')).status, 422, 'resent');
    assertTooMany(await post('/login', { email: unconfirmed, password: PASSWORD }, '192.0.2.12'), unconfirmed);
    await nextMail(server.tmpDir, unconfirmed, 1);

    // Invitations: the fourth from one network.
    const owner = await signedIn(server, newEmail('inviter'));
    assert.equal((await owner.submit('/org/new', { ...ORG_FORM })).status, 303);
    for (let i = 0; i < 3; i++) {
      assert.equal((await post('/org/invite', { email: newEmail('guest'), role: 'member' }, '192.0.2.20', owner)).status, 303);
    }
    const guest = newEmail('guest');
    assertTooMany(await post('/org/invite', { email: guest, role: 'member' }, '192.0.2.20', owner), guest);
    // What was refused sent nothing (the outbox is written within a second).
    await sleep(1500);
    for (const [to, n] of [[typed, 0], [victim, 0], [unconfirmed, 2], [guest, 0]]) {
      assert.equal(mailsTo(server.tmpDir, to).length, n, `mails to ${to}`);
    }
  });
});

describe('batch enumeration', () => {
  let server;
  before(async () => {
    // 1 token a second, 150 at once.
    server = await startServer({ env: { MAMORI_VERIFY_RATE: '1/150' } });
  });
  after(async () => assertCleanExit(await server.stop()));

  const ids = (n) => Array.from({ length: n }, (_, i) => makeId(5000 + i));

  test('a 1,000-ID batch costs 100 tokens', async () => {
    const body = JSON.stringify({ items: ids(1000).map((id) => ({ id })) });
    const batch = () => request(server.port, '/api/v1/declarations/verify', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }, body,
    });
    const first = await batch();
    assert.equal(first.status, 200);
    assert.equal(JSON.parse(first.text).count, 1000);
    const second = await batch();
    assert.equal(second.status, 429, 'about 50 tokens are left, a second batch needs 100');
    assert.ok(Number(second.headers['retry-after']) >= 40, `Retry-After: ${second.headers['retry-after']}`);
    assert.equal(JSON.parse(second.text).error.code, 'rate_limited');
    // What is left: about 150 - 100 - 1 (the refused batch's first token).
    let left = 0;
    while ((await request(server.port, `/api/v1/declarations/${makeId(1)}`)).status !== 429) left++;
    assert.ok(left >= 45 && left <= 60, `${left} single look-ups were left after one batch`);
  });

  test('the CSV upload of /verify/batch pays by its size too', async () => {
    await sleep(1000);
    const b = new Browser(server.port);
    const page = await b.get('/verify/batch');
    const boundary = '----mamori-attack';
    const csv = ['宣言ID', ...ids(1000)].join('\r\n');
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrfOf(page.text)}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ids.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const r = await b.req('POST', '/verify/batch', { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } });
    assert.equal(r.status, 429, 'the bucket holds a few tokens, the upload costs 100');
    assert.ok(Number(r.headers['retry-after']) > 0);
  });
});

describe('invitations outliving their sender', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  /** An organisation with a first owner and a second owner who invited someone. */
  async function secondOwnerWhoInvited(corporateNumber) {
    const first = await signedIn(server, newEmail('first'));
    assert.equal((await first.submit('/org/new', { ...ORG_FORM, corporate_number: corporateNumber })).status, 303);
    const secondEmail = newEmail('second');
    assert.equal((await first.submit('/org/invite', { email: secondEmail, role: 'owner' })).status, 303);
    const invite = tokenIn(await nextMail(server.tmpDir, secondEmail, 0), '/invite/');
    const second = await signedIn(server, secondEmail);
    assert.equal((await second.submit(`/invite/${invite}`, {})).status, 303, 'joined as owner');
    const guest = newEmail('guest');
    assert.equal((await second.submit('/org/invite', { email: guest, role: 'owner' })).status, 303);
    const pending = tokenIn(await nextMail(server.tmpDir, guest, 0), '/invite/');
    const orgPage = (await first.get('/org')).text;
    const ids = [...orgPage.matchAll(/\/org\/members\/(\d+)\/remove/g)].map((m) => m[1]);
    const secondId = sqlite(server.dbPath, `SELECT id FROM "user" WHERE email = ${sqlString(secondEmail)}`)[0];
    assert.ok(ids.includes(secondId), `the second owner is listed: ${ids}`);
    return { first, secondId, guest, pending };
  }

  async function assertDead(guestEmail, token) {
    const guest = await signedIn(server, guestEmail);
    assert.equal((await guest.get(`/invite/${token}`)).status, 410, 'the invitation is withdrawn');
    const audit = sqlite(server.dbPath, `SELECT count(*) FROM audit WHERE action = 'invite.cancel' AND target = ${sqlString(guestEmail)}`)[0];
    assert.equal(audit, '1', 'the withdrawal is in the audit log');
  }

  test('removing an owner cancels their pending invitations', async () => {
    const { first, secondId, guest, pending } = await secondOwnerWhoInvited('4011001098993');
    assert.equal((await first.submit(`/org/members/${secondId}/remove`, {})).status, 303);
    await assertDead(guest, pending);
  });

  test('demoting an owner cancels their pending invitations', async () => {
    const { first, secondId, guest, pending } = await secondOwnerWhoInvited('2120901007402');
    assert.equal((await first.submit('/org', { role: 'member' }, `/org/members/${secondId}/role`)).status, 303);
    await assertDead(guest, pending);
  });
});

describe('a language switch that links to another site', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  /** The href of the page's language switch, unescaped. */
  const switchLink = (html) => /<p class="lang-switch"><a href="([^"]*)"/.exec(html)?.[1].replace(/&amp;/g, '&');

  test('a path that starts like another host gives a switch link on this site, to the same page', async () => {
    const cases = [
      ['//evil.example', '/%2Fevil.example?lang=en'],
      ['/%2F%2Fevil.example/x?a=1', '/%2F%2Fevil.example/x?a=1&lang=en'],
      ['/%5Cevil.example', '/%5Cevil.example?lang=en'],
      ['/%2F%5Cevil.example', '/%2F%5Cevil.example?lang=en'],
    ];
    for (const [target, expected] of cases) {
      const r = await rawRequest(server.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.equal(r.status, 404, target);
      const link = switchLink(r.text);
      assert.equal(link, expected, `GET ${target}`);
      assert.equal(new URL(link, 'http://mamori.test/').host, 'mamori.test', `GET ${target}: ${link}`);
    }
  });

  test('a ? or # decoded from the path stays in the path of the switch link', async () => {
    const r = await request(server.port, '/verify/a%3Fb%23c');
    assert.equal(switchLink(r.text), '/verify/a%3Fb%23c?lang=en');
    const rules = await request(server.port, '/rules?lang=en');
    assert.equal(switchLink(rules.text), '/rules?lang=ja', 'an ordinary path is left as it is');
  });
});

describe('a cookie replayed to every visitor by a shared cache', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  test('a public answer carries no Set-Cookie: not the clearing of a stale session, not ?lang=', async () => {
    const home = await request(server.port, '/');
    const css = /href="(\/static\/style\.[0-9a-f]{16}\.css)"/.exec(home.text)[1];
    for (const p of [css, '/api/openapi.json', `${css}?lang=en`, '/api/openapi.json?lang=en']) {
      const r = await request(server.port, p, { headers: { Cookie: 'mamori_session=stale-or-forged' } });
      assert.equal(r.status, 200, p);
      assert.match(r.headers['cache-control'], /\bpublic\b/, `${p} is kept by shared caches`);
      assert.equal(r.headers['set-cookie'], undefined, `${p}: a cache would hand this cookie to everyone`);
    }
    const page = await request(server.port, '/rules?lang=en', { headers: { Cookie: 'mamori_session=stale-or-forged' } });
    const cookies = [].concat(page.headers['set-cookie'] ?? []);
    assert.ok(cookies.some((c) => /^mamori_session=;/.test(c)), 'a page still clears the stale session cookie');
    assert.ok(cookies.some((c) => /^lang=en;/.test(c)), 'a page still remembers ?lang=');
  });
});
