// Security headers on every response; no inline script or style in the HTML.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  assertCleanExit,
  assertSecurityHeaders,
  rawRequest,
  request,
  startServer,
  stylesheetUrl,
} from './helpers.mjs';

let server;
let port;
let cssUrl;

before(async () => {
  server = await startServer();
  port = server.port;
  const home = await request(port, '/');
  cssUrl = stylesheetUrl(home.text);
});

after(async () => {
  await server?.stop();
});

test('security headers are on the home, rules, healthz, metrics, 404, 405 and 400 responses', async () => {
  const cases = [
    ['GET', '/', 200],
    ['GET', '/?lang=en', 200],
    ['GET', '/rules', 200],
    ['GET', '/healthz', 200],
    ['GET', '/metrics', 200],
    ['HEAD', '/', 200],
    ['GET', '/no-such-page', 404],
    ['POST', '/rules', 405],
    ['GET', '/?lang=%ZZ', 400],
  ];
  for (const [method, p, status] of cases) {
    const headers = method === 'POST' ? { 'Content-Length': '0' } : {};
    const r = await request(port, p, { method, headers });
    assert.equal(r.status, status, `${method} ${p}`);
    assertSecurityHeaders(r.headers, `${method} ${p}`);
  }
});

test('security headers are on static files, including a 304', async () => {
  assert.ok(cssUrl, 'stylesheet URL on /');
  const css = await request(port, cssUrl);
  assert.equal(css.status, 200);
  assertSecurityHeaders(css.headers, `GET ${cssUrl}`);
  const notModified = await request(port, cssUrl, { headers: { 'If-None-Match': css.headers.etag } });
  assert.equal(notModified.status, 304);
  assertSecurityHeaders(notModified.headers, `GET ${cssUrl} (304)`);
});

test('security headers are on 414, 431 and 413 responses', async () => {
  const cases = [
    [`GET /?q=${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 414],
    [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40_000)}\r\nConnection: close\r\n\r\n`, 431],
    ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\nContent-Type: application/octet-stream\r\n\r\n', 413],
  ];
  for (const [text, status] of cases) {
    const r = await rawRequest(port, text);
    assert.equal(r.status, status, r.statusLine);
    assertSecurityHeaders(r.headers, `${status} response`);
  }
});

test('an anonymous page that carries the visitor\'s form token is private, no-store (no shared cache keeps it)', async () => {
  for (const p of ['/login', '/signup', '/password/forgot']) {
    const r = await request(port, p);
    assert.equal(r.status, 200, p);
    assert.match(r.text, /name="csrf"/, `${p} has a form token`);
    assert.equal(r.headers['cache-control'], 'private, no-store', `${p}: Cache-Control`);
  }
  const rules = await request(port, '/rules');
  assert.equal(rules.headers['cache-control'], 'no-cache', 'a page without a form token stays shareable');
});

test('with MAMORI_HSTS every kind of answer carries Strict-Transport-Security, refusals and 304 too', async () => {
  const tls = await startServer({ env: { MAMORI_HSTS: '1', MAMORI_SECURE_COOKIES: '1' } });
  try {
    const css = await request(tls.port, cssUrl);
    const cases = [
      ['GET /', await request(tls.port, '/'), 200],
      ['GET /home (redirect)', await request(tls.port, '/home'), 303],
      ['GET /no-such-page', await request(tls.port, '/no-such-page'), 404],
      ['GET /api/v1/nope', await request(tls.port, '/api/v1/nope'), 404],
      ['GET the stylesheet', css, 200],
      ['GET the stylesheet (304)', await request(tls.port, cssUrl, { headers: { 'If-None-Match': css.headers.etag } }), 304],
      ['413', await rawRequest(tls.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n'), 413],
      ['two Host', await rawRequest(tls.port, 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'), 400],
    ];
    for (const [what, r, status] of cases) {
      assert.equal(r.status, status, what);
      assert.equal(r.headers['strict-transport-security'], 'max-age=63072000', what);
    }
  } finally {
    assertCleanExit(await tls.stop());
  }
});

/** Problems with inline script/style/handlers in an HTML page. */
function inlineCodeProblems(html) {
  const problems = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (m[2].trim() !== '') problems.push(`inline script: ${m[0].slice(0, 120)}`);
    if (!/\bsrc\s*=/i.test(m[1])) problems.push(`script without src: ${m[0].slice(0, 120)}`);
  }
  if (/<style\b/i.test(html)) problems.push('<style> element');
  for (const m of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    const tag = m[0];
    if (/\sstyle\s*=/i.test(tag)) problems.push(`style attribute: ${tag.slice(0, 120)}`);
    if (/\son[a-z]+\s*=/i.test(tag)) problems.push(`event handler attribute: ${tag.slice(0, 120)}`);
    if (/\b(href|src|action)\s*=\s*"\s*javascript:/i.test(tag)) problems.push(`javascript: URL: ${tag.slice(0, 120)}`);
  }
  return problems;
}

test('pages have no inline script, inline style or event-handler attributes', async () => {
  for (const p of ['/', '/?lang=en', '/rules', '/rules?lang=en', '/no-such-page']) {
    const r = await request(port, p);
    assert.match(r.headers['content-type'], /^text\/html/, p);
    assert.deepEqual(inlineCodeProblems(r.text), [], `GET ${p}`);
  }
});

test('the inline-code check itself detects inline code', () => {
  assert.notDeepEqual(inlineCodeProblems('<script>alert(1)</script>'), []);
  assert.notDeepEqual(inlineCodeProblems('<p style="color:red">x</p>'), []);
  assert.notDeepEqual(inlineCodeProblems('<img src="a" onerror="x()">'), []);
  assert.deepEqual(inlineCodeProblems('<script src="/static/app.0123456789abcdef.js" defer></script>'), []);
});

test('the server exits with status 0 on SIGTERM, without sanitizer reports', async () => {
  assertCleanExit(await server.stop());
});
