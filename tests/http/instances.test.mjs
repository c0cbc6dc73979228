// Several instances on one PostgreSQL behind nginx (issue 13): a session
// made on one instance works on the other, a withdrawal made through one
// is seen by the other's verification cache within a second, and the
// outbox drained by both sends each message exactly once. nginx is set up
// with deploy/nginx/proxy.conf, the same settings production uses.
//
// It needs a PostgreSQL: the one of `make http-pg` (MAMORI_TEST_PG_URL),
// or a throw-away cluster of its own (scripts/pg-test.sh), so it runs in
// the SQLite pass of the suite too.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { REPO_ROOT, assertCleanExit, freePort, makeTmpDir, psql, request, sleep, startServer, waitFor } from './helpers.mjs';
import { Browser, ORG_FORM, PASSWORD, csrfOf } from './org_client.mjs';

const NGINX = process.env.NGINX_BIN || '/usr/sbin/nginx';
const MAILS = 200;

let clusterDir = null;
let baseUrl;
let dbUrl;
let a;
let b;
let nginx;
let nginxPort;
let nginxDir;
let seq = 0;

function startCluster() {
  clusterDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-'));
  const r = spawnSync(path.join(REPO_ROOT, 'scripts', 'pg-test.sh'), ['start', clusterDir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `scripts/pg-test.sh start: ${r.stderr}`);
  return r.stdout.trim();
}

async function startNginx(upstreams) {
  nginxDir = makeTmpDir();
  nginxPort = await freePort();
  fs.mkdirSync(path.join(nginxDir, 'temp'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) fs.chmodSync(nginxDir, 0o755);
  const conf = `
${asRoot ? 'user nobody nogroup;' : ''}
daemon off;
master_process on;
worker_processes 1;
pid ${nginxDir}/nginx.pid;
error_log ${nginxDir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${nginxDir}/temp/body;
  proxy_temp_path ${nginxDir}/temp/proxy;
  fastcgi_temp_path ${nginxDir}/temp/fastcgi;
  uwsgi_temp_path ${nginxDir}/temp/uwsgi;
  scgi_temp_path ${nginxDir}/temp/scgi;
  upstream mamori_instances {
    ${upstreams.map((p) => `server 127.0.0.1:${p};`).join('\n    ')}
    keepalive 8;
  }
  server {
    listen 127.0.0.1:${nginxPort};
    location / {
      include ${path.join(REPO_ROOT, 'deploy', 'nginx', 'proxy.conf')};
      proxy_pass http://mamori_instances;
    }
  }
}
`;
  fs.writeFileSync(path.join(nginxDir, 'nginx.conf'), conf);
  const proc = spawn(NGINX, ['-e', path.join(nginxDir, 'error.log'), '-c', path.join(nginxDir, 'nginx.conf'), '-p', nginxDir], {
    stdio: 'ignore',
  });
  await waitFor(async () => {
    try {
      return (await request(nginxPort, '/healthz', { timeoutMs: 1000 })).status === 200;
    } catch {
      return false;
    }
  }, { what: 'nginx in front of the instances' });
  return proc;
}

/** Messages delivered as files by one instance: outbox id → file. */
const delivered = (server) => {
  const dir = path.join(server.tmpDir, 'mail');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
};

/** The newest confirmation link for email, whichever instance sent it. */
async function confirmationToken(email) {
  return waitFor(() => {
    for (const s of [a, b]) {
      for (const f of delivered(s)) {
        const text = fs.readFileSync(path.join(s.tmpDir, 'mail', f), 'utf8');
        if (text.includes(`To: ${email}`)) return /\/confirm\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
      }
    }
    return null;
  }, { what: `the confirmation mail to ${email}` });
}

before(async () => {
  baseUrl = process.env.MAMORI_TEST_PG_URL || startCluster();
  const name = `inst_${process.pid}`;
  psql(baseUrl, `CREATE DATABASE ${name}`);
  dbUrl = baseUrl.replace(/^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?/, `$1/${name}`);
  // Each instance writes the mail it sends into a folder of its own.
  const start = (tmpDir) =>
    startServer({
      dbPath: dbUrl,
      tmpDir,
      env: { MAMORI_TRUSTED_PROXIES: '127.0.0.1', MAMORI_MAIL_DIR: path.join(tmpDir, 'mail'),
        MAMORI_OPEN_DATA_DIR: path.join(tmpDir, 'open-data') },
    });
  a = await start(makeTmpDir());
  b = await start(makeTmpDir());
  nginx = await startNginx([a.port, b.port]);
});

after(async () => {
  nginx?.kill('SIGTERM');
  for (const s of [a, b]) {
    if (!s) continue;
    assertCleanExit(await s.stop());
    fs.rmSync(s.tmpDir, { recursive: true, force: true });
  }
  if (nginxDir) fs.rmSync(nginxDir, { recursive: true, force: true });
  if (clusterDir) spawnSync(path.join(REPO_ROOT, 'scripts', 'pg-test.sh'), ['stop', clusterDir]);
});

describe('two instances on one PostgreSQL behind nginx', () => {
  test('nginx spreads requests over both instances', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await request(nginxPort, '/healthz')).status, 200);
    await sleep(1200); // the access log is written every second
    const hits = (s) => (s.stderr().match(/ GET \/healthz 200 /g) ?? []).length;
    assert.ok(hits(a) > 1 && hits(b) > 1, `healthz lines: A ${hits(a)}, B ${hits(b)}`);
  });

  test('sign up on one instance, confirm and log in through the other, CSRF and session work on both', async () => {
    const email = `inst-${process.pid}-${++seq}@example.jp`;
    const browser = new Browser(a.port);
    const r = await browser.submit('/signup', { email, password: PASSWORD });
    assert.equal(r.status, 303);
    const token = await confirmationToken(email);
    browser.port = b.port;
    const c = await browser.submit(`/confirm/${token}`, {});
    assert.equal(c.status, 303, 'confirmed through B');
    // a form fetched from A and posted to B: the token lives in the database
    browser.port = a.port;
    const form = await browser.get('/account');
    assert.equal(form.status, 200, 'signed in on A with the session made on B');
    browser.port = b.port;
    const out = await browser.req('POST', '/logout', { form: { csrf: csrfOf(form.text) } });
    assert.equal(out.status, 303, 'logged out on B with the token from A');
    const login = await browser.submit('/login', { email, password: PASSWORD });
    assert.equal(login.status, 303, 'logged in again through B');
    browser.port = a.port;
    assert.equal((await browser.get('/account')).status, 200, 'and that session works on A');
  });

  test('a withdrawal through one instance is seen as withdrawn by the other within 1 s', async () => {
    const email = `inst-${process.pid}-${++seq}@example.jp`;
    const owner = new Browser(a.port);
    assert.equal((await owner.submit('/signup', { email, password: PASSWORD })).status, 303);
    assert.equal((await owner.submit(`/confirm/${await confirmationToken(email)}`, {})).status, 303);
    const org = await owner.submit('/org/new', ORG_FORM);
    assert.equal(org.status, 303, `organisation: ${org.text.slice(0, 500)}`);
    const PLEDGE = { rule_1: 'yes', rule_2: 'yes', rule_3: 'yes', rule_4: 'yes', rule_5: 'yes', terms: 'yes' };
    assert.equal((await owner.submit('/declaration/new/level', { level: '1' })).status, 303);
    const check = await owner.get('/declaration/new/pledge?level=1');
    const made = await owner.req('POST', '/declaration/new', { form: { csrf: csrfOf(check.text), level: '1', ...PLEDGE } });
    assert.equal(made.status, 303, `declared: ${made.text.slice(0, 300)}`);
    const id = /\b(9\d{10})\b/.exec((await owner.get('/declaration/declared')).text)[1];

    // B reads it (and keeps it in its verification cache) …
    const before = JSON.parse((await request(b.port, `/api/v1/declarations/${id}`)).text);
    assert.equal(before.status, 'active');
    // … A withdraws it …
    const confirm = await owner.get('/declaration/withdraw');
    const w = await owner.req('POST', '/declaration/withdraw', { form: { csrf: csrfOf(confirm.text) } });
    assert.equal(w.status, 303);
    const t0 = Date.now();
    // … and B says so within a second.
    await waitFor(async () => JSON.parse((await request(b.port, `/api/v1/declarations/${id}`)).text).status === 'withdrawn', {
      timeoutMs: 3000,
      intervalMs: 20,
      what: 'B to see the withdrawal',
    });
    const took = Date.now() - t0;
    assert.ok(took <= 1000, `B saw the withdrawal after ${took} ms`);
  });

  test(`${MAILS} queued messages are each sent exactly once with both instances draining`, async (t) => {
    const now = Math.floor(Date.now() / 1000);
    const ids = psql(dbUrl, `INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at)
      SELECT 'many-' || g || '@example.jp', 'subject ' || g, 'body ' || g, ${now}, ${now}
      FROM generate_series(1, ${MAILS}) g RETURNING id`).map(Number);
    assert.equal(ids.length, MAILS);
    const name = (id) => `${String(id).padStart(6, '0')}.eml`;
    await waitFor(() => {
      const all = new Set([...delivered(a), ...delivered(b)]);
      return ids.every((id) => all.has(name(id)));
    }, { timeoutMs: 30_000, intervalMs: 200, what: `all ${MAILS} messages delivered` });
    const fromA = new Set(delivered(a));
    const both = ids.filter((id) => fromA.has(name(id)) && delivered(b).includes(name(id)));
    assert.deepEqual(both, [], 'no message was sent by both instances');
    const byA = ids.filter((id) => fromA.has(name(id))).length;
    t.diagnostic(`A sent ${byA} and B ${MAILS - byA} of ${MAILS}`);
    const unsent = psql(dbUrl, `SELECT count(*) FROM outbox WHERE id IN (${ids.join(',')}) AND sent_at IS NULL`);
    assert.deepEqual(unsent, ['0']);
  });
});
