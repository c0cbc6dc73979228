// Static files (content-hashed URLs, caching, ETag/304) and gzip.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';

import { assertCleanExit, request, startServer, stylesheetUrl } from './helpers.mjs';

let server;
let port;
let cssUrl;

before(async () => {
  server = await startServer();
  port = server.port;
});

after(async () => {
  await server?.stop();
});

const STATIC_URL = /^\/static\/([^/]+)\.([0-9a-f]{16})\.([a-z0-9]+)$/;

test('the home page links its stylesheet by a content-hashed /static URL', async () => {
  const home = await request(port, '/');
  assert.equal(home.status, 200);
  cssUrl = stylesheetUrl(home.text);
  assert.ok(cssUrl, 'a <link rel="stylesheet" href="..."> on /');
  assert.match(cssUrl, STATIC_URL);
  assert.ok(cssUrl.endsWith('.css'), cssUrl);
});

test('the stylesheet is served as UTF-8 CSS, cacheable for a year, immutable, with an ETag', async () => {
  assert.ok(cssUrl, 'stylesheet URL found');
  const r = await request(port, cssUrl);
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/css; charset=utf-8');
  assert.ok(r.body.length > 0, 'non-empty stylesheet');
  assert.equal(r.headers['content-encoding'], undefined, 'no Content-Encoding without Accept-Encoding');
  const cc = r.headers['cache-control'] ?? '';
  assert.match(cc, /\bmax-age=31536000\b/, `Cache-Control: ${cc}`);
  assert.match(cc, /\bimmutable\b/, `Cache-Control: ${cc}`);
  assert.ok(r.headers.etag, 'ETag present');
  assert.match(r.headers.etag, /^(W\/)?"[^"]*"$/, 'ETag is a quoted string');
});

test('If-None-Match with the current ETag answers 304 without a body', async () => {
  const first = await request(port, cssUrl);
  const etag = first.headers.etag;
  assert.ok(etag);
  const r = await request(port, cssUrl, { headers: { 'If-None-Match': etag } });
  assert.equal(r.status, 304);
  assert.equal(r.body.length, 0);
  assert.equal(r.headers.etag, etag, '304 repeats the ETag');

  const stale = await request(port, cssUrl, { headers: { 'If-None-Match': '"not-the-etag"' } });
  assert.equal(stale.status, 200, 'a different ETag gets the full file');
  assert.deepEqual(stale.body, first.body);
});

test('a 304 carries the Vary, ETag and Cache-Control its 200 would (RFC 9110 15.4.5)', async () => {
  for (const p of [cssUrl, '/api/openapi.json']) {
    const full = await request(port, p);
    assert.equal(full.status, 200, p);
    assert.match(full.headers.vary ?? '', /\bAccept-Encoding\b/, `${p}: Vary of the 200`);
    const r = await request(port, p, { headers: { 'If-None-Match': full.headers.etag } });
    assert.equal(r.status, 304, p);
    for (const h of ['vary', 'etag', 'cache-control']) assert.equal(r.headers[h], full.headers[h], `${p}: ${h} of the 304`);
  }
});

test('a garbled or weak If-None-Match never fails the request', async () => {
  const full = await request(port, '/api/openapi.json');
  for (const value of ['"', 'W/', ',,,', 'garbage"', `W/${full.headers.etag}`, `"x", ${full.headers.etag}`, '*', 'a'.repeat(5000)]) {
    const r = await request(port, '/api/openapi.json', { headers: { 'If-None-Match': value } });
    const matches = value === '*' || value.includes(full.headers.etag);
    assert.equal(r.status, matches ? 304 : 200, `If-None-Match: ${value.slice(0, 40)}`);
    if (!matches) assert.deepEqual(r.body, full.body);
  }
});

test('a static URL with the wrong hash is 404', async () => {
  const [, name, hash, ext] = STATIC_URL.exec(cssUrl);
  assert.notEqual(hash, '0000000000000000');
  const wrong = `/static/${name}.0000000000000000.${ext}`;
  const r = await request(port, wrong);
  assert.equal(r.status, 404, wrong);
  const literal = await request(port, '/static/style.0000000000000000.css');
  assert.equal(literal.status, 404);
  for (const p of [`/static/${name}.${ext}`, '/static/', '/static/..%2f..%2fetc%2fpasswd', '/static/%2e%2e/%2e%2e/etc/passwd', `/static/${name}.${hash.toUpperCase()}.${ext}`]) {
    const other = await request(port, p);
    assert.ok(other.status === 404 || other.status === 400, `${p}: ${other.status}`);
  }
});

async function assertGzipped(p) {
  const plain = await request(port, p);
  assert.equal(plain.status, 200, p);
  assert.equal(plain.headers['content-encoding'], undefined, `${p}: no Content-Encoding without Accept-Encoding`);

  const gz = await request(port, p, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(gz.status, 200, p);
  assert.equal(gz.headers['content-encoding'], 'gzip', `${p}: Content-Encoding`);
  assert.match(gz.headers.vary ?? '', /\bAccept-Encoding\b/i, `${p}: Vary`);
  assert.equal(gz.headers['content-type'], plain.headers['content-type']);
  const unzipped = zlib.gunzipSync(gz.body);
  assert.equal(unzipped.toString('utf8'), plain.text, `${p}: gunzipped body equals the identity body`);
  if (gz.headers['content-length'] !== undefined) {
    assert.equal(Number(gz.headers['content-length']), gz.body.length);
  }
}

test('a gzipped body has its own entity tag, weak, and either tag gives a 304', async () => {
  for (const p of [cssUrl, '/api/openapi.json']) {
    const plain = await request(port, p);
    const gz = await request(port, p, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip', p);
    assert.equal(gz.headers.etag, `W/${plain.headers.etag}`, `${p}: the gzipped bytes are not the identity bytes the strong tag names`);
    for (const tag of [plain.headers.etag, gz.headers.etag]) {
      const again = await request(port, p, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': tag } });
      assert.equal(again.status, 304, `${p} with If-None-Match: ${tag}`);
      assert.equal(again.headers.etag, gz.headers.etag, `${p}: the 304 names the tag of what the client would get`);
    }
  }
});

test('/rules is gzipped when the client accepts gzip', async () => {
  await assertGzipped('/rules');
});

test('the stylesheet is gzipped when the client accepts gzip', async () => {
  await assertGzipped(cssUrl);
});

test('gzip;q=0 (in any of its spellings) and identity-only clients get an uncompressed body', async () => {
  for (const ae of ['identity', 'gzip;q=0', 'gzip;q=0.0', 'gzip; q=0.000', 'GZIP;Q=0', 'br']) {
    const r = await request(port, '/rules', { headers: { 'Accept-Encoding': ae } });
    assert.equal(r.status, 200, `Accept-Encoding: ${ae}`);
    assert.equal(r.headers['content-encoding'], undefined, `Accept-Encoding: ${ae}`);
  }
  for (const ae of ['gzip;q=0.5', 'gzip;q=1', 'br, gzip;q=0.001']) {
    const r = await request(port, '/rules', { headers: { 'Accept-Encoding': ae } });
    assert.equal(r.headers['content-encoding'], 'gzip', `Accept-Encoding: ${ae}`);
  }
});

test('the server exits with status 0 on SIGTERM, without sanitizer reports', async () => {
  assertCleanExit(await server.stop());
});
