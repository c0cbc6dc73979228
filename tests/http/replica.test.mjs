// A read replica (issue 13): `mamori serve --db PRIMARY --db-replica REPLICA`
// serves the public read-only pages (verification page and API, badge,
// declarant search) from a streaming replica, everything else from the
// primary. The test starts a throw-away primary and a hot standby made
// from it with pg_basebackup (scripts/pg-test.sh start / standby), so it
// runs the same in both passes of the suite.
//
// What it proves: while the replica's replay is paused, a withdrawal made
// on the primary is not yet seen by the public API (it reads the replica),
// while sign-up, log-in and the owner's pages (which write and read the
// primary) work; once replay resumes the API says "withdrawn" within the
// verification cache's poll; with the replica down the public pages still
// answer, from the primary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { REPO_ROOT, assertCleanExit, makeTmpDir, psql, request, runCli, sleep, startServer, waitFor } from './helpers.mjs';
import { Browser, PASSWORD } from './org_client.mjs';

const PG_TEST = path.join(REPO_ROOT, 'scripts', 'pg-test.sh');

let primaryDir;
let replicaDir;
let primaryUrl;
let replicaUrl;
let server;

function pgTest(...args) {
  const r = spawnSync(PG_TEST, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `scripts/pg-test.sh ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** The first column of the first row. */
const one = (url, sql) => psql(url, sql)[0];

const status = async (id) => JSON.parse((await request(server.port, `/api/v1/declarations/${id}`)).text).status;

/** Waits until the replica has replayed everything the primary wrote so far. */
async function replicaCaughtUp() {
  const lsn = one(primaryUrl, 'SELECT pg_current_wal_lsn()');
  await waitFor(() => one(replicaUrl, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn`) === 't', {
    what: 'the replica to replay the primary',
  });
}

before(async () => {
  primaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-'));
  replicaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpr-'));
  primaryUrl = pgTest('start', primaryDir);
  for (const cmd of [['migrate'], ['seed', '--orgs', '40', '--seed', '7', '--declared', '100']]) {
    const r = runCli([...cmd, '--db', primaryUrl], { timeoutMs: 120_000 });
    assert.equal(r.status, 0, `${cmd[0]}: ${r.stderr}`);
  }
  replicaUrl = pgTest('standby', primaryDir, replicaDir);
  assert.equal(one(replicaUrl, 'SELECT pg_is_in_recovery()'), 't');
  const serverDir = makeTmpDir();
  server = await startServer({ dbPath: primaryUrl, tmpDir: serverDir, args: ['--db-replica', replicaUrl],
    env: { MAMORI_VERIFY_RATE: '0', MAMORI_OPEN_DATA_DIR: path.join(serverDir, 'open-data') } });
});

after(async () => {
  if (server) {
    assertCleanExit(await server.stop());
    fs.rmSync(server.tmpDir, { recursive: true, force: true });
  }
  for (const dir of [replicaDir, primaryDir]) if (dir) spawnSync(PG_TEST, ['stop', dir]);
});

describe('a read replica for the public read-only pages', () => {
  test('the start is logged with the replica address, and the replica holds connections of mamori', async () => {
    assert.match(server.stderr(), /public read-only pages read from the replica postgresql:\/\/mamori@\/mamori_test/);
    const ids = one(primaryUrl, "SELECT public_id FROM declaration WHERE status = 'active' ORDER BY id LIMIT 1");
    assert.equal((await request(server.port, `/verify/${ids}`)).status, 200);
    const n = Number(one(replicaUrl, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'mamori'"));
    assert.ok(n >= 1, `connections of mamori on the replica: ${n}`);
  });

  test('while replay is paused the public API reads the replica; writes and owner pages use the primary', async () => {
    const id = one(primaryUrl, "SELECT public_id FROM declaration WHERE status = 'active' ORDER BY id LIMIT 1 OFFSET 1");
    assert.equal(await status(id), 'active');
    psql(replicaUrl, 'SELECT pg_wal_replay_pause()');
    try {
      const now = Math.floor(Date.now() / 1000);
      psql(primaryUrl, `UPDATE declaration SET status = 'withdrawn', changed_at = ${now} WHERE public_id = '${id}'`);
      assert.equal(one(primaryUrl, `SELECT status FROM declaration WHERE public_id = '${id}'`), 'withdrawn');
      await sleep(1500); // longer than the verification cache's poll of the change log
      assert.equal(await status(id), 'active', 'the replica has not replayed the withdrawal yet');
      for (const page of [`/verify/${id}`, `/badge/${id}.svg`, '/declarants?q=a']) {
        assert.equal((await request(server.port, page)).status, 200, `${page} from the replica`);
      }
      // A write (a sign-up) goes to the primary: on the standby it would fail.
      const email = `replica-${process.pid}@example.jp`;
      const signup = await new Browser(server.port).submit('/signup', { email, password: PASSWORD });
      assert.equal(signup.status, 303, signup.text.slice(0, 300));
      assert.equal(one(primaryUrl, `SELECT count(*) FROM "user" WHERE email = '${email}'`), '1');
    } finally {
      psql(replicaUrl, 'SELECT pg_wal_replay_resume()');
    }
    await replicaCaughtUp();
    await waitFor(async () => (await status(id)) === 'withdrawn', { timeoutMs: 5000, what: 'the API to see the replayed withdrawal' });
  });

  test('with the replica down, the public pages answer from the primary', async () => {
    const id = one(primaryUrl, "SELECT public_id FROM declaration WHERE status = 'active' ORDER BY id LIMIT 1 OFFSET 2");
    spawnSync(PG_TEST, ['stop', replicaDir]);
    replicaDir = null;
    const now = Math.floor(Date.now() / 1000);
    psql(primaryUrl, `UPDATE declaration SET status = 'withdrawn', changed_at = ${now} WHERE public_id = '${id}'`);
    await waitFor(async () => {
      const r = await request(server.port, `/api/v1/declarations/${id}`);
      return r.status === 200 && JSON.parse(r.text).status === 'withdrawn';
    }, { timeoutMs: 10_000, what: 'the API to answer from the primary' });
    assert.equal((await request(server.port, `/verify/${id}`)).status, 200);
  });
});
