// 404 and 405 pages, unusual methods.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertCleanExit, assertStillServing, htmlLang, rawRequest, request, sqlite, startServer } from './helpers.mjs';
import { OPENAPI, schemaErrors } from './verify_fixtures.mjs';

let server;
let port;

before(async () => {
  server = await startServer();
  port = server.port;
});

after(async () => {
  await server?.stop();
});

function allowList(r) {
  return (r.headers.allow ?? '').split(',').map((s) => s.trim().toUpperCase());
}

test('an unknown path is a 404 HTML page in the negotiated language', async () => {
  const ja = await request(port, '/no-such-page');
  assert.equal(ja.status, 404);
  assert.equal(ja.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(htmlLang(ja.text), 'ja');

  const en = await request(port, '/no-such-page', { headers: { Cookie: 'lang=en' } });
  assert.equal(en.status, 404);
  assert.equal(htmlLang(en.text), 'en');
});

test('POST /rules is 405 with an Allow header listing GET and HEAD', async () => {
  const r = await request(port, '/rules', { method: 'POST', headers: { 'Content-Length': '0' } });
  assert.equal(r.status, 405);
  const allow = allowList(r);
  assert.ok(allow.includes('GET'), `Allow: ${r.headers.allow}`);
  assert.ok(allow.includes('HEAD'), `Allow: ${r.headers.allow}`);
  assert.ok(!allow.includes('POST'), `Allow: ${r.headers.allow}`);
  assert.match(r.headers['content-type'] ?? '', /^text\/html/);
});

test('DELETE / is 405 with an Allow header', async () => {
  const r = await request(port, '/', { method: 'DELETE' });
  assert.equal(r.status, 405);
  assert.ok(allowList(r).includes('GET'), `Allow: ${r.headers.allow}`);
});

test('PUT and PATCH on / are 405', async () => {
  for (const method of ['PUT', 'PATCH']) {
    const r = await request(port, '/', { method, headers: { 'Content-Length': '0' } });
    assert.equal(r.status, 405, method);
  }
});

test('OPTIONS / is answered with 405 or 204, never a server error', async () => {
  const r = await request(port, '/', { method: 'OPTIONS' });
  assert.ok(r.status === 405 || r.status === 204, `OPTIONS / -> ${r.status}`);
});

test('OPTIONS * (the server as a whole) is 501, a well-formed request no route takes; GET * is 400', async () => {
  const options = await rawRequest(port, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(options.status, 501, options.statusLine);
  assert.equal(htmlLang(options.text), 'ja', 'mamori\'s page');
  const get = await rawRequest(port, 'GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(get.status, 400, get.statusLine);
});

test('an unknown method is a 4xx, not a 5xx', async () => {
  const r = await rawRequest(port, 'FOO / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.ok(r.status >= 400 && r.status < 500, r.statusLine);
  await assertStillServing(port, 'after FOO /');
});

test('an unknown Host header does not break the request', async () => {
  const r = await request(port, '/healthz', { headers: { Host: 'evil.example' } });
  assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500), `status ${r.status}`);
});

test('a request without Host is a 400 (HTTP/1.1 requires it)', async () => {
  const r = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
  assert.equal(r.status, 400, r.statusLine);
  await assertStillServing(port, 'after a request without Host');
});

test('Host given twice, empty or malformed is a 400 (RFC 9112 3.2); a host and port, or an IP literal, are served', async () => {
  const bad = ['Host: a\r\nHost: b', 'Host:', 'Host: evil.example/x?y', 'Host: a b', 'Host: [::1', 'Host: x:80x', 'Host: :80'];
  for (const host of bad) {
    const r = await rawRequest(port, `GET /healthz HTTP/1.1\r\n${host}\r\nConnection: close\r\n\r\n`);
    assert.equal(r.status, 400, `${JSON.stringify(host)}: ${r.statusLine}`);
  }
  for (const host of ['mamori.example', 'mamori.example:8080', '127.0.0.1:8141', '[::1]:8080', 'localhost:']) {
    const r = await rawRequest(port, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    assert.equal(r.status, 200, `Host: ${host}: ${r.statusLine}`);
  }
  const old = await rawRequest(port, 'GET /healthz HTTP/1.0\r\n\r\n');
  assert.equal(old.status, 200, 'HTTP/1.0 needs no Host');
  await assertStillServing(port, 'after malformed Host headers');
});

test('a request target in absolute form is served as its path and query (RFC 9112 3.2.2)', async () => {
  const rules = await rawRequest(port, 'GET http://mamori.example/rules?lang=en HTTP/1.1\r\nHost: mamori.example\r\nConnection: close\r\n\r\n');
  assert.equal(rules.status, 200, rules.statusLine);
  assert.equal(htmlLang(rules.text), 'en');
  const home = await rawRequest(port, 'GET HTTPS://mamori.example HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n');
  assert.equal(home.status, 200, `no path: the home page: ${home.statusLine}`);
  const query = await rawRequest(port, 'GET http://mamori.example?lang=en HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(htmlLang(query.text), 'en', 'no path, a query');
  const noHost = await rawRequest(port, 'GET http:///rules HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(noHost.status, 400, `no host in the target: ${noHost.statusLine}`);
});

test('under /api/, an unknown path, a method the path does not take and a malformed target are JSON errors', async () => {
  const cases = [
    ['GET', '/api/v1/nope', 404, 'not_found'],
    ['DELETE', '/api/v1/declarations', 405, 'method_not_allowed'],
    ['PUT', '/api/openapi.json', 405, 'method_not_allowed'],
    ['GET', '/api/v1/declarations/%00', 400, 'bad_request'],
    ['GET', '/api/v1/declarants?q=%FF', 400, 'bad_request'],
  ];
  for (const [method, p, status, code] of cases) {
    const r = await request(port, p, { method, headers: { 'Accept-Language': 'en' } });
    assert.equal(r.status, status, `${method} ${p}`);
    assert.match(r.headers['content-type'] ?? '', /^application\/json/, `${method} ${p}`);
    const body = JSON.parse(r.text);
    assert.equal(body.error.code, code, `${method} ${p}`);
    assert.ok(body.error.message.length > 0, `${method} ${p}: a message`);
    assert.deepEqual(schemaErrors(body, OPENAPI.components.schemas.Error), [], `${method} ${p}: an Error of openapi.json`);
    if (status === 405) assert.ok(allowList(r).includes('GET'), `${method} ${p}: Allow: ${r.headers.allow}`);
  }
  const page = await request(port, '/no-such-page');
  assert.match(page.headers['content-type'], /^text\/html/, 'outside /api/ the error is a page');
});

test('a failure under /api/ is a JSON 500 with the reference its log line is under, as the error page gives it', async () => {
  sqlite(server.dbPath, 'ALTER TABLE service_index RENAME TO service_index_away');
  let r;
  try {
    r = await request(port, '/api/v1/services?q=%E7%9B%A3%E8%A6%96', { headers: { 'Accept-Language': 'en' } });
  } finally {
    sqlite(server.dbPath, 'ALTER TABLE service_index_away RENAME TO service_index');
  }
  assert.equal(r.status, 500, r.text);
  assert.match(r.headers['content-type'] ?? '', /^application\/json/);
  const body = JSON.parse(r.text);
  assert.equal(body.error.code, 'internal_error');
  assert.deepEqual(schemaErrors(body, OPENAPI.components.schemas.Error), []);
  assert.match(body.error.reference ?? '', /^\S+$/);
  assert.ok(server.stderr().includes(`req=${body.error.reference} `), 'the log line names the reference');
  const fine = await request(port, '/api/v1/nope');
  assert.equal(JSON.parse(fine.text).error.reference, undefined, 'only a 500 carries one');
});

test('the server exits with status 0 on SIGTERM, without sanitizer reports', async () => {
  assertCleanExit(await server.stop());
});
