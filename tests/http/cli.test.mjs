// The command line: help, version, errors, migrate, seed-demo, MAMORI_LISTEN,
// the settings serve refuses, and the sender and links of its mail.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';

import {
  assertCleanExit,
  assertNoSanitizerReports,
  freePort,
  getForm,
  makeTmpDir,
  newDatabase,
  ON_POSTGRES,
  post,
  request,
  runCli,
  sqlite,
  startServer,
  waitForMail,
} from './helpers.mjs';

const tmpDirs = [];
const servers = [];

/** A new database: a file in a directory of its own, or one in the
 * PostgreSQL test cluster. */
function tmpDb() {
  const dir = makeTmpDir();
  tmpDirs.push(dir);
  return newDatabase(dir);
}

after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function describe(r) {
  return `status=${r.status} signal=${r.signal} timedOut=${r.timedOut}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

function assertSuccess(r, label) {
  assert.ok(!r.timedOut, `${label}: did not finish\n${describe(r)}`);
  assert.equal(r.status, 0, `${label}\n${describe(r)}`);
  assertNoSanitizerReports(r.stderr, label);
}

/** Failed with a non-zero status (not a crash/timeout) and a one-line message on stderr. */
function assertOneLineFailure(r, label, mentions) {
  assert.ok(!r.timedOut, `${label}: did not finish\n${describe(r)}`);
  assert.equal(r.signal, null, `${label}: killed by a signal\n${describe(r)}`);
  assert.ok(r.status !== 0 && r.status !== null, `${label}: expected a non-zero exit\n${describe(r)}`);
  assertNoSanitizerReports(r.stderr, label);
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  assert.equal(lines.length, 1, `${label}: stderr should be exactly one line\n${describe(r)}`);
  assert.ok(lines[0].trim().length > 0, `${label}: the error line is empty`);
  if (mentions) assert.match(lines[0], mentions, `${label}: the error line`);
}

test('mamori --help lists the serve, migrate and seed-demo commands', () => {
  const r = runCli(['--help']);
  assertSuccess(r, '--help');
  for (const cmd of ['serve', 'migrate', 'seed-demo']) assert.match(r.stdout, new RegExp(`\\b${cmd}\\b`), cmd);
});

test('mamori serve --help lists --listen, --db and --threads', () => {
  const r = runCli(['serve', '--help']);
  assertSuccess(r, 'serve --help');
  for (const opt of ['--listen', '--db', '--threads']) assert.ok(r.stdout.includes(opt), `${opt} in:\n${r.stdout}`);
});

test('mamori routes --help names every right that mamori routes prints', () => {
  const help = runCli(['routes', '--help']);
  assertSuccess(help, 'routes --help');
  const routes = runCli(['routes']);
  assertSuccess(routes, 'routes');
  const rights = new Set(routes.stdout.trim().split('\n').map((line) => line.split('\t')[2]));
  for (const right of rights) assert.match(help.stdout, new RegExp(`\\b${right}\\b`), `right ${right} in:\n${help.stdout}`);
});

test('mamori --version prints one line starting with "mamori "', () => {
  const r = runCli(['--version']);
  assertSuccess(r, '--version');
  const lines = r.stdout.replace(/\n$/, '').split('\n');
  assert.equal(lines.length, 1, `one line:\n${r.stdout}`);
  assert.match(lines[0], /^mamori \S/);
});

test('an unknown option fails with one line naming it', () => {
  assertOneLineFailure(runCli(['serve', '--bogus']), 'serve --bogus', /--bogus/);
});

test('an unknown command fails with one line', () => {
  assertOneLineFailure(runCli(['frobnicate']), 'frobnicate');
});

test('migrate into a directory that does not exist fails with one line', () => {
  assertOneLineFailure(runCli(['migrate', '--db', '/nonexistent-dir/x/mamori.db']), 'migrate --db /nonexistent-dir/...');
});

test('serve --threads 0 is rejected', async () => {
  const port = await freePort();
  const r = runCli(['serve', '--listen', `127.0.0.1:${port}`, '--db', tmpDb(), '--threads', '0'], { timeoutMs: 10_000 });
  assertOneLineFailure(r, 'serve --threads 0');
});

test('serve on a port that is already in use fails within 10 s with one line', async () => {
  const blocker = net.createServer();
  await new Promise((resolve, reject) => {
    blocker.once('error', reject);
    blocker.listen(0, '127.0.0.1', resolve);
  });
  const { port } = blocker.address();
  try {
    const started = Date.now();
    const r = runCli(['serve', '--listen', `127.0.0.1:${port}`, '--db', tmpDb(), '--threads', '2'], {
      timeoutMs: 10_000,
    });
    assert.ok(Date.now() - started < 10_000);
    assertOneLineFailure(r, 'serve on a busy port', new RegExp(`127\\.0\\.0\\.1:${port}|\\b${port}\\b|in use`, 'i'));
  } finally {
    blocker.close();
  }
});

test('migrate is idempotent', () => {
  const db = tmpDb();
  assertSuccess(runCli(['migrate', '--db', db]), 'first migrate');
  if (!ON_POSTGRES) assert.ok(fs.existsSync(db), 'migrate created the database file');
  assertSuccess(runCli(['migrate', '--db', db]), 'second migrate');
});

test('seed-demo is idempotent', () => {
  const db = tmpDb();
  assertSuccess(runCli(['migrate', '--db', db]), 'migrate');
  assertSuccess(runCli(['seed-demo', '--db', db]), 'first seed-demo');
  const counts = () => sqlite(db, `SELECT (SELECT count(*) FROM consultation) || ' '
    || (SELECT count(*) FROM consultation WHERE status = 'new') || ' '
    || (SELECT count(*) FROM consultation_offer) || ' ' || (SELECT count(*) FROM outbox)`)[0];
  // demo consultations for the desk and the responders: three waiting (offered, without mail), two answered
  assert.equal(counts(), '5 3 4 0');
  const now = Math.floor(Date.now() / 1000);
  assert.equal(sqlite(db, `SELECT count(*) FROM event_registration g JOIN event e ON e.id = g.event_id
    WHERE g.attended = TRUE AND e.starts_at > ${now}`)[0], '0', 'attendance only at events already held');
  assertSuccess(runCli(['seed-demo', '--db', db]), 'second seed-demo');
  assert.equal(counts(), '5 3 4 0');
});

test('serve takes its listen address from MAMORI_LISTEN', async () => {
  const server = await startServer({ listenViaEnv: true });
  servers.push(server);
  const r = await request(server.port, '/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.text, 'ok\n');
  assertCleanExit(await server.stop());
});

test('serve works on a database that has been seeded with demo data', async () => {
  const server = await startServer({ seed: true });
  servers.push(server);
  for (const p of ['/', '/rules']) {
    const r = await request(server.port, p);
    assert.equal(r.status, 200, p);
  }
  assertCleanExit(await server.stop());
});

// A password in the address (user:password@ or password=) may reach libpq,
// never a log line or an error message.
const PASSWORD = 'Pw-never-logged-7Qx';

/** url with the password as user:password@ or as a password= parameter
 * (string edits: new URL() refuses libpq's host-less form). */
function withPassword(url, form) {
  if (form === 'userinfo') {
    const m = /^(postgres(?:ql)?:\/\/)(?:([^@/?#]*)@)?(.*)$/.exec(url);
    return `${m[1]}${m[2] || 'mamori'}:${PASSWORD}@${m[3]}`;
  }
  return `${url}${url.includes('?') ? '&' : '?'}password=${PASSWORD}`;
}

function assertNoPassword(r, label) {
  assertNoSanitizerReports(r.stderr, label);
  assert.ok(!r.stderr.includes(PASSWORD), `${label}: the password is on stderr:\n${r.stderr}`);
  assert.ok(!r.stdout.includes(PASSWORD), `${label}: the password is on stdout:\n${r.stdout}`);
}

test('a PostgreSQL address with a password that cannot be reached fails without showing it', async () => {
  const port = await freePort();
  for (const form of ['userinfo', 'parameter']) {
    const db = withPassword(`postgresql://mamori@127.0.0.1:${port}/nowhere`, form);
    for (const args of [['migrate', '--db', db], ['seed-demo', '--db', db]]) {
      const r = runCli(args, { timeoutMs: 15_000 });
      assertOneLineFailure(r, `${args[0]} (${form})`);
      assertNoPassword(r, `${args[0]} (${form})`);
    }
    const r = runCli(['migrate'], { env: { MAMORI_DB: db }, timeoutMs: 15_000 });
    assertOneLineFailure(r, `MAMORI_DB (${form})`);
    assertNoPassword(r, `MAMORI_DB (${form})`);
  }
});

test('a PostgreSQL address with a password is never logged while migrating, seeding and serving', {
  skip: !ON_POSTGRES && 'needs the PostgreSQL test cluster (make http-pg)',
}, async () => {
  const dir = makeTmpDir();
  tmpDirs.push(dir);
  for (const form of ['userinfo', 'parameter']) {
    // The test cluster trusts its local users: the password is accepted
    // and ignored, so every step runs to its end and logs what it did.
    const db = withPassword(newDatabase(dir), form);
    for (const args of [['migrate', '--db', db], ['seed-demo', '--db', db],
      ['admin', 'create', '--email', 'root@example.jp', '--db', db]]) {
      const r = runCli(args);
      assertSuccess(r, `${args.slice(0, 2).join(' ')} (${form})`);
      assertNoPassword(r, `${args[0]} (${form})`);
      assert.match(r.stderr, /\*\*\*/, `${args[0]} (${form}) logs the address, masked:\n${r.stderr}`);
    }
    const server = await startServer({ dbPath: db, tmpDir: dir });
    servers.push(server);
    assert.equal((await request(server.port, '/healthz')).status, 200);
    const result = await server.stop();
    assertCleanExit(result);
    assert.ok(!result.stderr.includes(PASSWORD), `serve (${form}) logged the password:\n${result.stderr}`);
  }
});

// ---- a malformed setting stops serve before anything is touched ----------

/** A malformed value of each setting serve reads, and what its one line of
 * error must name: the variable it came from. */
const MALFORMED_SETTINGS = [
  ['MAMORI_THREADS', '0', /MAMORI_THREADS/],
  ['MAMORI_LISTEN', '127.0.0.1:99999', /MAMORI_LISTEN=/],
  ['MAMORI_DB_REPLICA', 'replica.db', /MAMORI_DB_REPLICA/],
  ['MAMORI_TRUSTED_PROXIES', 'localhost', /MAMORI_TRUSTED_PROXIES/],
  ['MAMORI_METRICS_ALLOW', '10.0.0.1,nonsense', /MAMORI_METRICS_ALLOW/],
  ['MAMORI_FETCH_ALLOW', '10.0.0.0/33', /MAMORI_FETCH_ALLOW/],
  ['MAMORI_MAIL_RATE', '60', /MAMORI_MAIL_RATE/],
  ['MAMORI_FETCH_RATE', '30/x', /MAMORI_FETCH_RATE/],
  ['MAMORI_VERIFY_RATE', 'fast', /MAMORI_VERIFY_RATE/],
  ['MAMORI_VERIFY_CACHE_MB', '-1', /MAMORI_VERIFY_CACHE_MB/],
  ['MAMORI_SMTP_URL', 'ftp://mamori:pw@mail.example.jp/', /MAMORI_SMTP_URL/],
  ['MAMORI_CONTACT_EMAIL', 'info@example', /MAMORI_CONTACT_EMAIL/],
  ['MAMORI_BASE_URL', 'mamori.example.jp', /MAMORI_BASE_URL=/],
  ['MAMORI_MAIL_FROM', 'no-reply', /MAMORI_MAIL_FROM=/],
  ['MAMORI_OIDC_ISSUER', 'http://id.example.jp', /MAMORI_OIDC_ISSUER/],
  ['MAMORI_OIDC_INSECURE_LOOPBACK', 'yes', /MAMORI_OIDC_INSECURE_LOOPBACK=/],
  // yes-or-no settings take 1 or 0: "0" must never turn one on
  ['MAMORI_PIN_THREADS', 'yes', /MAMORI_PIN_THREADS=/],
  ['MAMORI_SECURE_COOKIES', 'true', /MAMORI_SECURE_COOKIES=/],
  ['MAMORI_HSTS', 'on', /MAMORI_HSTS=/],
  ['MAMORI_SEARCH_CACHE', 'off', /MAMORI_SEARCH_CACHE=/],
  ['MAMORI_OIDC_PROVIDERS', 'Gbiz', /MAMORI_OIDC_PROVIDERS/],
];

/** Tables in the database: none for a file never created or a PostgreSQL
 * database never migrated. */
function tablesIn(db) {
  if (!ON_POSTGRES) return fs.existsSync(db) ? sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table'") : [];
  return sqlite(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
}

/** A directory of its own with a database that a refused start must not
 * create or migrate, a free port, and the mail and open data directories
 * (in the directory, so that a start that went on would show there). */
async function placeToRefuse() {
  const dir = makeTmpDir();
  tmpDirs.push(dir);
  const env = { MAMORI_MAIL_DIR: path.join(dir, 'mail'), MAMORI_OPEN_DATA_DIR: path.join(dir, 'open-data') };
  return { dir, db: newDatabase(dir), port: await freePort(), env };
}

test('a malformed setting stops serve with one line naming it, before the database is created or migrated', async () => {
  const { dir, db, port, env } = await placeToRefuse();
  for (const [name, value, names] of MALFORMED_SETTINGS) {
    // The same value followed by a line of its own and a terminal escape:
    // shown escaped, on the same line.
    for (const bad of [value, `${value}\nmamori: a second line\x1b[2J`]) {
      const label = `${name}=${JSON.stringify(bad)}`;
      const args = ['serve', '--db', db];
      if (name !== 'MAMORI_LISTEN') args.push('--listen', `127.0.0.1:${port}`);
      if (name !== 'MAMORI_THREADS') args.push('--threads', '1');
      const r = runCli(args, {
        env: { ...env, [name]: bad },
        timeoutMs: 15_000,
      });
      assertOneLineFailure(r, label, names);
      assert.doesNotMatch(r.stderr.replace(/\n$/, ''), /[\x00-\x1f\x7f]/, `${label}: control characters are shown escaped`);
      assert.deepEqual(tablesIn(db), [], `${label}: the database was migrated`);
      if (!ON_POSTGRES) assert.deepEqual(fs.readdirSync(dir), [], `${label}: serve created files`);
    }
  }
});

test('a database address with a newline that cannot be opened fails with one line', async () => {
  const dir = makeTmpDir();
  tmpDirs.push(dir);
  const port = await freePort();
  for (const db of [path.join(dir, 'missing', 'mamori\n.db'), `postgresql://mamori@127.0.0.1:${port}/nowhere\nx`]) {
    const r = runCli(['serve', '--listen', `127.0.0.1:${port}`, '--threads', '1'], {
      env: { MAMORI_DB: db, MAMORI_MAIL_DIR: path.join(dir, 'mail'), MAMORI_OPEN_DATA_DIR: path.join(dir, 'open-data') },
      timeoutMs: 15_000,
    });
    assertOneLineFailure(r, `MAMORI_DB=${JSON.stringify(db)}`, /\\x0a/);
  }
});

test('a malformed --listen or --db-replica is named as the flag, not as the variable it overrides', async () => {
  const { db, port, env } = await placeToRefuse();
  const cases = [
    [['--listen', '127.0.0.1:99999'], { MAMORI_LISTEN: `127.0.0.1:${port}` }, /^mamori: --listen 127\.0\.0\.1:99999: /],
    [['--listen', `127.0.0.1:${port}`, '--db-replica', 'replica.db'], { MAMORI_DB_REPLICA: 'other.db' }, /^mamori: --db-replica /],
  ];
  for (const [flags, vars, names] of cases) {
    const label = flags.join(' ');
    const r = runCli(['serve', '--db', db, '--threads', '1', ...flags], { env: { ...env, ...vars }, timeoutMs: 15_000 });
    assertOneLineFailure(r, label, names);
    assert.doesNotMatch(r.stderr, /MAMORI_LISTEN|MAMORI_DB_REPLICA/, `${label}: the flag won, not the variable`);
    assert.deepEqual(tablesIn(db), [], `${label}: the database was migrated`);
  }
});

/** Values of MAMORI_BASE_URL that would make every absolute link wrong. */
const MALFORMED_BASE_URLS = [
  'mamori.example.jp',
  'https://',
  'https://mamori.example.jp/?a=b',
  'https://mamori.example.jp/#f',
  'https://user@mamori.example.jp',
  'https://mamori.example.jp/a b',
  'https://mamori.example.jp:0',
  `https://${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.jp`,
];

test('MAMORI_BASE_URL that would make every link wrong stops serve and admin create before the database is touched', async () => {
  const { dir, db, port, env } = await placeToRefuse();
  for (const url of MALFORMED_BASE_URLS) {
    for (const args of [['serve', '--listen', `127.0.0.1:${port}`, '--threads', '1'], ['admin', 'create', '--email', 'root@example.jp']]) {
      const label = `${args.slice(0, 2).join(' ')} with MAMORI_BASE_URL=${JSON.stringify(url)}`;
      const r = runCli([...args, '--db', db], { env: { ...env, MAMORI_BASE_URL: url }, timeoutMs: 15_000 });
      assertOneLineFailure(r, label, /^mamori: MAMORI_BASE_URL=/);
      assert.equal(r.stdout, '', `${label}: no link printed`);
      assert.deepEqual(tablesIn(db), [], `${label}: the database was migrated`);
      if (!ON_POSTGRES) assert.deepEqual(fs.readdirSync(dir), [], `${label}: files were created`);
    }
  }
});

test('admin create with MAMORI_BASE_URL empty prints a link to http:// and the listen address', () => {
  const db = tmpDb();
  const r = runCli(['admin', 'create', '--email', 'root@example.jp', '--db', db], {
    env: { MAMORI_BASE_URL: '', MAMORI_LISTEN: '127.0.0.1:9999' },
  });
  assertSuccess(r, 'admin create');
  assert.match(r.stdout, /^http:\/\/127\.0\.0\.1:9999\/admin\/welcome\/\S+\n$/);
});

/** Signs up address on server and resolves to the confirmation mail. */
async function confirmationMail(server, address) {
  const url = (p) => `${server.url}${p}`;
  const { csrf, jar } = await getForm(url('/signup'));
  const res = await post(url('/signup'), { csrf, email: address, password: 'blue kettle morning 42' }, jar);
  assert.equal(res.status, 303, `sign-up of ${address}`);
  return waitForMail(path.join(server.tmpDir, 'mail'), (m) => m.to === address);
}

test('mail is sent from MAMORI_MAIL_FROM read as sign-up reads addresses, with links under MAMORI_BASE_URL', async () => {
  const server = await startServer({
    env: { MAMORI_MAIL_FROM: 'ＮＯ-ＲＥＰＬＹ＠Mamori.Example.JP', MAMORI_BASE_URL: 'https://mamori.example.jp/' },
  });
  servers.push(server);
  const mail = await confirmationMail(server, 'from-set@example.jp');
  assert.equal(mail.headers.from, 'no-reply@mamori.example.jp');
  assert.ok(mail.links.some((l) => l.startsWith('https://mamori.example.jp/confirm/')), `links:\n${mail.body}`);
  assertCleanExit(await server.stop());
});

test('with MAMORI_MAIL_FROM and MAMORI_BASE_URL empty, mail is sent as when they are unset', async () => {
  const server = await startServer({ env: { MAMORI_MAIL_FROM: '', MAMORI_BASE_URL: '' } });
  servers.push(server);
  const mail = await confirmationMail(server, 'from-empty@example.jp');
  assert.equal(mail.headers.from, 'no-reply@localhost');
  assert.ok(mail.links.some((l) => l.startsWith(`${server.url}/confirm/`)), `links:\n${mail.body}`);
  assertCleanExit(await server.stop());
});
