// Faults measured from outside (issue 15, points 14 to 18): slow clients,
// memory after oversized uploads, a full disk or a read-only database.
// Each test is named after the attack or fault it stands against. They
// assert what the server does, never how fast: how long /healthz takes
// under a slowloris crowd is measured by bench/slowloris.mjs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import { spawn, spawnSync } from 'node:child_process';

import {
  ON_POSTGRES,
  assertCleanExit,
  freePort,
  makeTmpDir,
  REPO_ROOT,
  request,
  runCli,
  sleep,
  sqlite,
  startServer,
  waitFor,
} from './helpers.mjs';
import { ORG_FORM, signUp } from './org_client.mjs';
import { quantile, sampleHealthzUnderSlowloris, slowloris, timedHealthz } from './slow_clients.mjs';

/** The server's resident memory in MiB, from /proc. */
function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
  return kb / 1024;
}

/** Sends a chunked body of `total` bytes in 64 KiB chunks; resolves with
 * the status line, or 'closed' when the server cut the connection. */
function chunkedUpload(port, path, total) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let answer = '';
    let done = false;
    const finish = (v) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(v);
    };
    socket.on('error', () => finish(answer.split('\r\n')[0] || 'closed'));
    socket.on('close', () => finish(answer.split('\r\n')[0] || 'closed'));
    socket.on('data', (d) => {
      answer += d.toString('latin1');
    });
    socket.on('connect', async () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 'T1234567890123\n');
      const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
      for (let sent = 0; sent < total && !done; sent += chunk.length) {
        if (!socket.write(framed)) await new Promise((r) => socket.once('drain', r));
      }
      if (!done) socket.write('0\r\n\r\n');
    });
    setTimeout(() => finish('timeout'), 60_000);
  });
}

describe('oversized chunked uploads', () => {
  let server;
  before(async () => {
    server = await startServer({ threads: 4 });
  });
  after(async () => assertCleanExit(await server.stop()));

  test('memory bloat by repeated 20 MB chunked uploads: RSS returns to its level before the burst', async (t) => {
    for (let i = 0; i < 20; i++) assert.equal((await request(server.port, '/healthz')).status, 200);
    await sleep(500);
    const before = rssMiB(server.proc.pid);
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => chunkedUpload(server.port, '/verify/batch', 20 * 1024 * 1024)),
      );
      for (const a of answers) assert.ok(!/ 5\d\d /.test(a), `an oversized upload: ${a}`);
    }
    await sleep(1500);
    const afterBurst = rssMiB(server.proc.pid);
    t.diagnostic(`RSS ${before.toFixed(1)} MiB before, ${afterBurst.toFixed(1)} MiB after 12 uploads of 20 MB`);
    assert.equal((await request(server.port, '/healthz')).status, 200);
    assert.ok(afterBurst - before < 12, `RSS grew from ${before.toFixed(1)} to ${afterBurst.toFixed(1)} MiB`);
  });
});

/** Every /healthz asked while a slowloris crowd is held must be answered
 * within this: a lock-out, not a slow machine. How fast the answers come
 * is bench/slowloris.mjs's figure, never asserted here. */
const HEALTHZ_PATIENCE_MS = 10_000;
/** Long enough to pass the moment the crowd's first connections reach
 * their deadline (about 10 s: "slowloris head and slow body" below) and
 * are closed. */
const CROWD_SECONDS = 16;

describe('slow clients', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  test('slowloris head and slow body: a connection that trickles its request is closed after its deadline', async () => {
    const watch = (text, drip) =>
      new Promise((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port: server.port, localAddress: '127.0.0.4' });
        const started = Date.now();
        let timer;
        s.on('connect', () => {
          s.write(text);
          timer = setInterval(() => s.write(drip), 1000);
        });
        s.on('data', () => {});
        s.on('error', () => {});
        s.on('close', () => {
          clearInterval(timer);
          resolve(Date.now() - started);
        });
        setTimeout(() => s.destroy(), 16_000);
      });
    const [head, body] = await Promise.all([
      watch('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ', 'a'),
      watch('POST /verify/batch HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n', 'T1234567890123\n'),
    ]);
    assert.ok(head >= 9_000 && head < 13_000, `a trickled head was closed after ${head} ms`);
    assert.ok(body >= 9_000 && body < 13_000, `a body at 15 bytes/s was closed after ${body} ms`);
  });

  test('a quiet server keeps all 64 kept-alive connections of one busy client (a batch tool, a load test)', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64, localAddress: '127.0.0.5' });
    try {
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all(
          Array.from({ length: 64 }, () => request(server.port, '/healthz', { agent, timeoutMs: 5000 })),
        );
        assert.deepEqual([...new Set(answers.map((r) => r.status))], [200], `round ${round}`);
      }
      const sockets = Object.values(agent.sockets).flat().length + Object.values(agent.freeSockets).flat().length;
      assert.equal(sockets, 64, 'every connection stayed open');
    } finally {
      agent.destroy();
    }
  });

  test('slowloris from one address: 64 trickling connections do not lock out another visitor at that address', async (t) => {
    const crowd = await slowloris(server.port, ['127.0.0.3'], 64);
    try {
      await sleep(1500);
      const results = [];
      for (let i = 0; i < 10; i++) results.push(await timedHealthz(server.port, '127.0.0.3'));
      t.diagnostic(`statuses ${results.map((r) => r.status).join(',')}; max ${Math.max(...results.map((r) => r.ms)).toFixed(1)} ms`);
      for (const r of results) assert.equal(r.status, 200, 'a visitor behind the same address');
    } finally {
      await crowd.stop();
    }
  });

  test('slowloris from 16 addresses: while 1,100 trickling connections are held, every /healthz is answered 200 and the server closes the slow ones', async (t) => {
    const addresses = Array.from({ length: 16 }, (_, i) => `127.0.0.${10 + i}`);
    const { results, crowd } = await sampleHealthzUnderSlowloris(server.port, addresses, 69,
      { seconds: CROWD_SECONDS, timeoutMs: HEALTHZ_PATIENCE_MS });
    const times = results.map((r) => r.ms);
    t.diagnostic(`open slow connections ${crowd.open}, closed by the server ${crowd.closedByServer}; `
      + `${results.length} /healthz, p50 ${quantile(times, 0.5).toFixed(1)} ms, p99 ${quantile(times, 0.99).toFixed(1)} ms`);
    assert.deepEqual(results.filter((r) => r.status !== 200), [], 'every /healthz answered 200');
    assert.ok(crowd.closedByServer > 0, 'the server closed trickling connections at their deadline');
  });
});

const organisations = (server) => Number(sqlite(server.dbPath, 'SELECT count(*) FROM organisation')[0]);

/** A write (creating an organisation) gets the 503 page, reads go on and
 * nothing of the write is in the database. */
async function assertWritesRefused(server, b, label) {
  const before = organisations(server);
  const r = await b.submit('/org/new', { ...ORG_FORM, name: `${label} 株式会社` });
  assert.equal(r.status, 503, `${label}: creating an organisation: ${r.status}`);
  assert.match(r.text, /変更を保存できませんでした/, `${label}: the page says nothing was saved`);
  assert.equal(r.headers['retry-after'], '300');
  assert.equal((await b.req('GET', '/rules')).status, 200, `${label}: reading a page`);
  assert.equal((await request(server.port, '/healthz')).status, 200, `${label}: /healthz`);
  assert.match(server.stderr(), /the database refuses writes/, `${label}: a log line says why`);
  assert.equal(organisations(server), before, `${label}: nothing half-written`);
}

/** A 24 MiB ext4 image mounted on a fresh directory; null when this host
 * cannot mount one (not root, no loop devices). */
function mountSmallDisk(dir) {
  const img = `${dir}/disk.img`;
  const mnt = `${dir}/disk`;
  fs.mkdirSync(mnt);
  const run = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8' });
  if (run('truncate', ['-s', '24M', img]).status !== 0) return null;
  if (run('mkfs.ext4', ['-q', '-F', img]).status !== 0) return null;
  if (run('mount', ['-o', 'loop', img, mnt]).status !== 0) return null;
  return {
    mnt,
    remount: (mode) => assert.equal(run('mount', ['-o', `remount,${mode}`, mnt]).status, 0, `remount ${mode}`),
    unmount: () => {
      run('umount', [mnt]);
      fs.rmSync(img, { force: true });
    },
  };
}

/** Fills the file system of dir to the last block. */
function fill(dir) {
  const fd = fs.openSync(`${dir}/filler`, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (err) {
    assert.equal(err.code, 'ENOSPC');
  }
  const small = Buffer.alloc(512, 1);
  try {
    for (;;) fs.writeSync(fd, small);
  } catch (err) {
    assert.equal(err.code, 'ENOSPC');
  }
  fs.closeSync(fd);
}

describe('a full disk', { skip: ON_POSTGRES && 'about the SQLite database file (PostgreSQL keeps its own)' }, () => {
  let server;
  let disk;
  let tmpDir;
  before(async () => {
    tmpDir = makeTmpDir();
    disk = mountSmallDisk(tmpDir);
    if (!disk) return;
    server = await startServer({
      tmpDir,
      dbPath: `${disk.mnt}/mamori.db`,
      env: { MAMORI_MAIL_DIR: `${tmpDir}/mail` },
    });
  });
  after(async () => {
    if (server) assertCleanExit(await server.stop());
    disk?.unmount();
  });


  test('disk full: a write is refused with a 503 page and a log line, reads go on, nothing half-written', async (t) => {
    if (!disk) return t.skip('cannot mount a small file system here');
    const b = await signUp(server, 'full-disk@example.jp');
    fill(disk.mnt);
    try {
      await assertWritesRefused(server, b, 'disk full');
    } finally {
      fs.rmSync(`${disk.mnt}/filler`);
    }
    const r = await b.submit('/org/new', { ...ORG_FORM, name: '空き容量回復 株式会社' });
    assert.equal(r.status, 303, 'writes work again once there is room');
    assert.deepEqual(sqlite(server.dbPath, 'PRAGMA integrity_check'), ['ok']);
  });

});

describe('a read-only database file', { skip: ON_POSTGRES && 'about the SQLite database file (PostgreSQL keeps its own)' }, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  const files = () => ['', '-wal'].map((suffix) => `${server.dbPath}${suffix}`).filter((f) => fs.existsSync(f));
  const chattr = (flag) => files().every((f) => spawnSync('chattr', [flag, f]).status === 0);

  test('read-only database file: a write is refused with a 503 page and a log line, reads go on', async (t) => {
    const b = await signUp(server, 'read-only@example.jp');
    // As root, chmod does not stop writes; the immutable attribute does.
    if (!chattr('+i')) {
      chattr('-i');
      return t.skip('this file system has no immutable attribute');
    }
    try {
      await assertWritesRefused(server, b, 'read-only');
    } finally {
      chattr('-i');
    }
    const r = await b.submit('/org/new', { ...ORG_FORM, name: '書き込み回復 株式会社' });
    assert.equal(r.status, 303, `writes work again once the file is writable; the server's last lines:\n${server.stderr().split('\n').slice(-12).join('\n')}`);
    assert.deepEqual(sqlite(server.dbPath, 'PRAGMA integrity_check'), ['ok']);
  });
});

describe('backup and restore', { skip: ON_POSTGRES && 'about the SQLite database file (PostgreSQL keeps its own)' }, () => {
  let server;
  let tmpDir;
  before(async () => {
    tmpDir = makeTmpDir();
    server = await startServer({ tmpDir, seed: true });
  });
  after(async () => assertCleanExit(await server.stop()));

  const tables = (db) => sqlite(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  const counts = (db) => Object.fromEntries(tables(db).map((t) => [t, Number(sqlite(db, `SELECT count(*) FROM "${t}"`)[0])]));
  const dump = (db) => spawnSync('sqlite3', [db, '.dump'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;

  test('backup under write load: one consistent snapshot that restores to an identical database', async () => {
    sqlite(server.dbPath, 'CREATE TABLE load_a (n INTEGER); CREATE TABLE load_b (n INTEGER)');
    // Another process writes two rows per transaction while the server runs.
    let script = '.timeout 5000\n';
    for (let i = 0; i < 4000; i++) script += `BEGIN IMMEDIATE; INSERT INTO load_a VALUES (${i}); INSERT INTO load_b VALUES (${i}); COMMIT;\n`;
    const writer = spawn('sqlite3', ['-batch', server.dbPath], { stdio: ['pipe', 'ignore', 'inherit'] });
    writer.stdin.end(script);
    const writerDone = once(writer, 'exit');
    await waitFor(() => Number(sqlite(server.dbPath, 'SELECT count(*) FROM load_a')[0]) > 200, { what: 'the writer' });

    const backup = `${tmpDir}/backup.db`;
    const b = runCli(['backup', '--db', server.dbPath, '--out', backup]);
    assert.equal(b.status, 0, b.stderr);
    const [code] = await writerDone;
    assert.equal(code, 0, 'the writer went on while the backup was taken');
    assert.equal((await request(server.port, '/healthz')).status, 200);

    assert.deepEqual(sqlite(backup, 'PRAGMA integrity_check'), ['ok']);
    const copied = counts(backup);
    assert.equal(copied.load_a, copied.load_b, 'no transaction cut in half');
    assert.ok(copied.load_a > 0 && copied.organisation > 0, JSON.stringify(copied));
    assert.ok(!fs.existsSync(`${backup}-wal`) && fs.readdirSync(tmpDir).every((f) => !f.includes('.partial-')));

    // Restoring while the server runs is refused and changes nothing.
    const live = counts(server.dbPath);
    const refused = runCli(['restore', '--db', server.dbPath, '--from', backup]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /a server is using this database/);
    assert.deepEqual(counts(server.dbPath), live);

    assertCleanExit(await server.stop());
    const r = runCli(['restore', '--db', server.dbPath, '--from', backup]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(sqlite(server.dbPath, 'PRAGMA integrity_check'), ['ok']);
    assert.deepEqual(counts(server.dbPath), copied);
    assert.equal(dump(server.dbPath), dump(backup), 'the restored database is the backup');

    server = await startServer({ tmpDir, dbPath: server.dbPath });
    assert.equal((await request(server.port, '/healthz')).status, 200, 'a server starts on the restored database');
  });

  test('restore from a file that is not a sound mamori database: refused, database unchanged', async () => {
    const junk = `${tmpDir}/junk.db`;
    fs.writeFileSync(junk, 'SQLite format 3\0 but not really');
    const before = counts(server.dbPath);
    const r = runCli(['restore', '--db', `${tmpDir}/other.db`, '--from', junk]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /restore failed, database unchanged/);
    assert.deepEqual(counts(server.dbPath), before);
  });
});

/** The lines of the nginx sample that protect mamori from slow and greedy
 * clients, so that the test runs the sample's own settings. */
function sampleProtection() {
  const sample = fs.readFileSync(path.join(REPO_ROOT, 'deploy/nginx/mamori.conf'), 'utf8');
  const pick = (re) => sample.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter((l) => re.test(l));
  return {
    http: pick(/^limit_conn_zone /),
    upstream: pick(/^keepalive(_timeout)? /),
    server: pick(/^(client_header_timeout|client_body_timeout|send_timeout|limit_conn|limit_conn_status) /),
  };
}

describe('behind nginx', () => {
  let server;
  let nginx;
  let nginxPort;
  let dir;
  const hasNginx = spawnSync('nginx', ['-v']).status === 0;

  before(async () => {
    if (!hasNginx) return;
    server = await startServer({ env: { MAMORI_TRUSTED_PROXIES: '127.0.0.1' } });
    dir = makeTmpDir();
    nginxPort = await freePort();
    const p = sampleProtection();
    assert.ok(p.server.some((l) => l.startsWith('limit_conn perip')), 'the sample limits connections per address');
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join('\n');
    fs.writeFileSync(`${dir}/nginx.conf`, `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  ${temp}
  ${p.http.join('\n  ')}
  upstream mamori_instances {
    server 127.0.0.1:${server.port};
    ${p.upstream.join('\n    ')}
  }
  server {
    listen 127.0.0.1:${nginxPort};
    ${p.server.join('\n    ')}
    location / {
      include ${path.join(REPO_ROOT, 'deploy/nginx/proxy.conf')};
      proxy_pass http://mamori_instances;
    }
  }
}
`);
    nginx = spawn('nginx', ['-p', dir, '-c', `${dir}/nginx.conf`], { stdio: 'ignore' });
    await waitFor(async () => (await timedHealthz(nginxPort, '127.0.0.1')).status === 200, { what: 'nginx' });
  });
  after(async () => {
    nginx?.kill('SIGQUIT');
    if (nginx) await once(nginx, 'exit');
    if (server) assertCleanExit(await server.stop());
  });

  test('slowloris through nginx: while 1,100 trickling connections from 16 addresses are held, every /healthz is answered 200 and nginx closes the slow ones', async (t) => {
    if (!hasNginx) return t.skip('nginx is not installed');
    const addresses = Array.from({ length: 16 }, (_, i) => `127.0.0.${40 + i}`);
    const { results, crowd } = await sampleHealthzUnderSlowloris(nginxPort, addresses, 69,
      { seconds: CROWD_SECONDS, timeoutMs: HEALTHZ_PATIENCE_MS });
    const times = results.map((r) => r.ms);
    t.diagnostic(`open slow connections ${crowd.open}, closed by nginx ${crowd.closedByServer}; `
      + `${results.length} /healthz, p50 ${quantile(times, 0.5).toFixed(1)} ms, p99 ${quantile(times, 0.99).toFixed(1)} ms`);
    assert.deepEqual(results.filter((r) => r.status !== 200), [], 'every /healthz answered 200');
    assert.ok(crowd.closedByServer > 0, 'nginx closed trickling connections');
  });

  test('one greedy address behind nginx is limited by its own address, not the proxy\'s', async (t) => {
    if (!hasNginx) return t.skip('nginx is not installed');
    // 80 requests from one address whose bodies never come: each holds a
    // connection while nginx waits for its body. nginx lets 64 wait and
    // refuses the rest at once; another address is still served.
    const refused = [];
    const sockets = [];
    for (let i = 0; i < 80; i++) {
      const s = net.connect({ host: '127.0.0.1', port: nginxPort, localAddress: '127.0.0.60' });
      sockets.push(s);
      s.on('error', () => {});
      s.on('data', (d) => {
        if (/^HTTP\/1\.1 429/.test(d.toString('latin1'))) refused.push(i);
      });
      s.on('connect', () => s.write('POST /verify/batch HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n\r\n'));
    }
    try {
      await waitFor(() => refused.length >= 16, { timeoutMs: 5000, what: '429 answers' });
      await sleep(200);
      t.diagnostic(`greedy address: ${refused.length} of 80 refused with 429`);
      assert.equal(refused.length, 16, 'nginx holds 64 connections of one address');
      assert.equal((await timedHealthz(nginxPort, '127.0.0.61')).status, 200, 'another address');
      assert.equal((await timedHealthz(nginxPort, '127.0.0.60')).status, 429, 'the greedy address');
    } finally {
      for (const s of sockets) s.destroy();
    }
  });
});
