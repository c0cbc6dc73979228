// Behind a reverse proxy: with MAMORI_TRUSTED_PROXIES naming the proxy,
// the client's address comes from X-Forwarded-For (rightmost untrusted),
// so sign-in throttling and the audit log see each client; without it,
// or from a peer that is not trusted, the header is never believed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertCleanExit, freePort, getForm, makeTmpDir, newDatabase, post, runCli, sqlString, sqlite, startServer } from './helpers.mjs';

const failLogin = async (server, email, forwarded) => {
  const headers = forwarded ? { 'X-Forwarded-For': forwarded } : {};
  const form = await getForm(`${server.url}/login`, undefined, { headers });
  const res = await post(`${server.url}/login`, { csrf: form.csrf, email, password: 'not the password 1' }, form.jar, { headers });
  assert.ok([401, 422, 429].includes(res.status), `a failed sign-in: ${res.status}`);
};

const failureIps = (server, email) =>
  sqlite(server.dbPath, `SELECT ip FROM login_failure WHERE email = ${sqlString(email)} ORDER BY at, ip`);

describe('trusted proxy configured', () => {
  let server;
  before(async () => {
    server = await startServer({ env: { MAMORI_TRUSTED_PROXIES: '127.0.0.1,::1' } });
  });
  after(async () => assertCleanExit(await server.stop()));

  test('the forwarded client address is the one recorded', async () => {
    await failLogin(server, 'proxy-a@example.jp', '203.0.113.7');
    await failLogin(server, 'proxy-a@example.jp', '198.51.100.1, 203.0.113.8');
    assert.deepEqual(failureIps(server, 'proxy-a@example.jp').sort(), ['203.0.113.7', '203.0.113.8']);
  });

  test('a request without the header is the proxy itself', async () => {
    await failLogin(server, 'proxy-b@example.jp', null);
    assert.deepEqual(failureIps(server, 'proxy-b@example.jp'), ['127.0.0.1']);
  });
});

describe('no trusted proxy (the default)', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => assertCleanExit(await server.stop()));

  test('X-Forwarded-For is ignored', async () => {
    await failLogin(server, 'proxy-c@example.jp', '203.0.113.7');
    assert.deepEqual(failureIps(server, 'proxy-c@example.jp'), ['127.0.0.1']);
  });
});

test('a malformed MAMORI_TRUSTED_PROXIES stops serve with one line', async () => {
  const db = newDatabase(makeTmpDir());
  const r = runCli(['serve', '--listen', `127.0.0.1:${await freePort()}`, '--db', db], {
    env: { MAMORI_TRUSTED_PROXIES: 'localhost' },
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /MAMORI_TRUSTED_PROXIES=localhost/);
});
