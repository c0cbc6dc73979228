// Routes, language negotiation, HEAD, keep-alive, concurrency, access log.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';

import { assertCleanExit, htmlLang, request, startServer, stylesheetUrl, waitFor } from './helpers.mjs';

let server;
let port;

before(async () => {
  server = await startServer();
  port = server.port;
});

after(async () => {
  await server?.stop();
});

/** The ids of the <h2> elements of a page that are rules (id="rule-N"). */
function ruleHeadingIds(html) {
  return [...html.matchAll(/<h2\b[^>]*>/gi)]
    .map((m) => /\bid="([^"]*)"/.exec(m[0])?.[1])
    .filter((id) => id !== undefined && /^rule-/.test(id));
}

function assertFiveRules(html, label) {
  const ids = ruleHeadingIds(html);
  assert.deepEqual(ids, ['rule-1', 'rule-2', 'rule-3', 'rule-4', 'rule-5'], `${label}: <h2 id="rule-N"> headings`);
}

test('GET / serves the home page as UTF-8 HTML in Japanese by default', async () => {
  const r = await request(port, '/');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(r.text, /<html lang="ja"/);
  assert.ok(stylesheetUrl(r.text), 'home page links a stylesheet');
});

test('GET /healthz answers 200 "ok\\n" as text/plain', async () => {
  const r = await request(port, '/healthz');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/plain\b/);
  assert.equal(r.text, 'ok\n');
});

test('/?lang=en switches to English and remembers it in an HttpOnly, SameSite=Lax cookie', async () => {
  const r = await request(port, '/?lang=en');
  assert.equal(r.status, 200);
  assert.equal(htmlLang(r.text), 'en');
  const cookies = r.headers['set-cookie'] ?? [];
  const lang = cookies.find((c) => /^lang=en(;|$)/.test(c));
  assert.ok(lang, `Set-Cookie lang=en expected, got ${JSON.stringify(cookies)}`);
  assert.match(lang, /;\s*HttpOnly(;|$)/i);
  assert.match(lang, /;\s*SameSite=Lax(;|$)/i);
  assert.match(lang, /;\s*Path=\/(;|$)/i);
});

test('a lang=en cookie selects English', async () => {
  const r = await request(port, '/', { headers: { Cookie: 'lang=en' } });
  assert.equal(r.status, 200);
  assert.equal(htmlLang(r.text), 'en');
});

test('Accept-Language picks English when it prefers English and Japanese otherwise', async () => {
  const en = await request(port, '/', { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
  assert.equal(en.status, 200);
  assert.equal(htmlLang(en.text), 'en');
  const fr = await request(port, '/', { headers: { 'Accept-Language': 'fr' } });
  assert.equal(fr.status, 200);
  assert.equal(htmlLang(fr.text), 'ja');
});

test('an unsupported ?lang= is ignored rather than an error', async () => {
  const plain = await request(port, '/?lang=xx');
  assert.equal(plain.status, 200);
  assert.equal(htmlLang(plain.text), 'ja');
  const negotiated = await request(port, '/?lang=xx', { headers: { 'Accept-Language': 'en' } });
  assert.equal(negotiated.status, 200);
  assert.equal(htmlLang(negotiated.text), 'en');
});

test('GET /rules lists five rules with ids rule-1..rule-5 in Japanese and English', async () => {
  const ja = await request(port, '/rules');
  assert.equal(ja.status, 200);
  assert.equal(ja.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(htmlLang(ja.text), 'ja');
  assertFiveRules(ja.text, 'ja');

  const en = await request(port, '/rules?lang=en');
  assert.equal(en.status, 200);
  assert.equal(htmlLang(en.text), 'en');
  assertFiveRules(en.text, 'en');
  assert.notEqual(en.text, ja.text, 'the English page differs from the Japanese one');
});

test('HEAD / answers like GET / without a body', async () => {
  const get = await request(port, '/');
  const head = await request(port, '/', { method: 'HEAD' });
  assert.equal(head.status, get.status);
  assert.equal(head.headers['content-type'], get.headers['content-type']);
  assert.equal(head.body.length, 0, 'HEAD response has no body');
  if (head.headers['content-length'] !== undefined) {
    assert.equal(Number(head.headers['content-length']), get.body.length, 'HEAD Content-Length = GET body length');
  }
});

test('HEAD on the healthz and rules routes also answers without a body', async () => {
  for (const p of ['/healthz', '/rules']) {
    const r = await request(port, p, { method: 'HEAD' });
    assert.equal(r.status, 200, `HEAD ${p}`);
    assert.equal(r.body.length, 0, `HEAD ${p} has no body`);
  }
});

test('keep-alive: three sequential requests reuse one connection', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const sockets = new Set();
    const results = [];
    for (const p of ['/', '/rules', '/healthz']) {
      const r = await request(port, p, { agent });
      assert.equal(r.status, 200, `GET ${p}`);
      sockets.add(r.socket);
      results.push(r);
    }
    assert.equal(results[1].reusedSocket, true, '2nd request reused the socket');
    assert.equal(results[2].reusedSocket, true, '3rd request reused the socket');
    assert.equal(sockets.size, 1, 'one TCP connection for all three requests');
  } finally {
    agent.destroy();
  }
});

test('8 concurrent clients x 25 requests each all succeed', async () => {
  const home = await request(port, '/');
  const css = stylesheetUrl(home.text);
  assert.ok(css, 'stylesheet URL on /');
  const paths = ['/', '/rules', '/healthz', css];

  const client = async (c) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 25; i++) {
        const p = paths[(c + i) % paths.length];
        const r = await request(port, p, { agent, timeoutMs: 20_000 });
        assert.equal(r.status, 200, `client ${c} request ${i}: GET ${p}`);
        assert.ok(r.body.length > 0, `client ${c} request ${i}: GET ${p} has a body`);
        if (p === '/healthz') assert.equal(r.text, 'ok\n');
        if (p === '/rules') assertFiveRules(r.text, `client ${c} request ${i}`);
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
});

test('the access log on stderr has one line per request with method, path and status', async () => {
  const r = await request(port, '/rules');
  assert.equal(r.status, 200);
  await waitFor(() => server.stderr().includes(' GET /rules 200 '), {
    timeoutMs: 5000,
    what: 'access log line " GET /rules 200 "',
  });
  const notFound = await request(port, '/access-log-probe');
  assert.equal(notFound.status, 404);
  await waitFor(() => server.stderr().includes(' GET /access-log-probe 404 '), {
    timeoutMs: 5000,
    what: 'access log line " GET /access-log-probe 404 "',
  });
  const lines = server.stderr().split('\n').filter((l) => l.includes(' GET /access-log-probe 404 '));
  assert.equal(lines.length, 1, `exactly one log line for one request:\n${lines.join('\n')}`);
});

test('the server exits with status 0 on SIGTERM, without sanitizer reports', async () => {
  assertCleanExit(await server.stop());
});
