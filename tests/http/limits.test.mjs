// Request limits (URL, headers, body) and malformed requests, over raw TCP so
// the client library cannot tidy up what we send.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  assertCleanExit,
  assertStillServing,
  htmlLang,
  rawRequest,
  RawConnection,
  startServer,
} from './helpers.mjs';

let server;
let port;

before(async () => {
  server = await startServer();
  port = server.port;
});

after(async () => {
  await server?.stop();
});

const get = (target, extraHeaders = '') =>
  `GET ${target} HTTP/1.1\r\nHost: x\r\n${extraHeaders}Connection: close\r\n\r\n`;

/** `count` headers X-Fill-N whose lines add up to about count * lineBytes. */
function fillerHeaders(count, lineBytes) {
  let s = '';
  for (let i = 0; i < count; i++) {
    const name = `X-Fill-${i}: `;
    s += `${name}${'f'.repeat(lineBytes - name.length - 2)}\r\n`;
  }
  return s;
}

test('a request target over 8 KiB is 414', async () => {
  const target = `/?q=${'a'.repeat(9000)}`;
  const r = await rawRequest(port, get(target));
  assert.equal(r.status, 414, r.statusLine);
  await assertStillServing(port, 'after 414');
});

test('a request target of 7,000 bytes is served', async () => {
  const target = `/?q=${'a'.repeat(7000 - 4)}`;
  assert.equal(target.length, 7000);
  const r = await rawRequest(port, get(target));
  assert.equal(r.status, 200, r.statusLine);
});

test('one 40,000-byte header is 431', async () => {
  const r = await rawRequest(port, get('/', `X-Big: ${'b'.repeat(40_000)}\r\n`));
  assert.equal(r.status, 431, r.statusLine);
  await assertStillServing(port, 'after 431 (one big header)');
});

test('many headers summing over 16 KiB are 431', async () => {
  const r = await rawRequest(port, get('/', fillerHeaders(40, 1000)));
  assert.equal(r.status, 431, r.statusLine);
  await assertStillServing(port, 'after 431 (many headers)');
});

test('about 15 KiB of headers is served', async () => {
  const r = await rawRequest(port, get('/', fillerHeaders(15, 1000)));
  assert.equal(r.status, 200, r.statusLine);
  const big = await rawRequest(port, get('/', `X-Big: ${'b'.repeat(15_000)}\r\n`));
  assert.equal(big.status, 200, big.statusLine);
});

test('a declared body over 1 MiB is refused with 413 before the body is sent', async () => {
  const conn = await RawConnection.connect(port);
  try {
    await conn.write(
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n',
    );
    const started = Date.now();
    const r = await conn.readResponse({ timeoutMs: 5000 });
    assert.equal(r.status, 413, r.statusLine);
    assert.ok(Date.now() - started < 5000);
  } finally {
    conn.close();
  }
  await assertStillServing(port, 'after 413');
});

test('a 1,000,000-byte body is within the limit: POST / is 405, not 413', async () => {
  const body = Buffer.alloc(1_000_000, 'a');
  const conn = await RawConnection.connect(port);
  try {
    await conn.write(
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    await conn.write(body);
    const r = await conn.readResponse({ timeoutMs: 15_000 });
    assert.equal(r.status, 405, r.statusLine);
  } finally {
    conn.close();
  }
  await assertStillServing(port, 'after a 1 MB body');
});

const MALFORMED = [
  ['/?lang=%ZZ', 'invalid percent escape'],
  ['/?q=%00', 'NUL in a query value'],
  ['/?q=%FF', 'invalid UTF-8 in a query value'],
  ['/?lang=en&lang=ja', 'a duplicated single-valued field'],
  ['/%FF', 'invalid UTF-8 in the path'],
  ['/rules%00', 'NUL in the path'],
];

for (const [target, what] of MALFORMED) {
  test(`${what} (${target}) is a 400 HTML page`, async () => {
    const r = await rawRequest(port, get(target));
    assert.equal(r.status, 400, `GET ${target}: ${r.statusLine}`);
    assert.match(r.headers['content-type'] ?? '', /^text\/html/, `GET ${target}: Content-Type`);
    assert.ok(htmlLang(r.text), `GET ${target}: an HTML page with <html lang>: ${r.text.slice(0, 200)}`);
  });
}

// Issue 15 point 17: oversized requests are answered with mamori's own page,
// in the visitor's language, up to the engine's per-connection memory
// (HTTP_CONNECTION_MEMORY, 48 KiB; the engine copies the Cookie header to
// parse it, so a cookie a little over the 16 KiB limit still gets ours,
// with the longest URL beside it). Past it
// libmicrohttpd answers before
// mamori sees the request, with its own short English page and the right
// status; it has no hook to replace those pages (nor for a malformed header
// line, a bad chunk or an unknown HTTP version). Behind nginx, nginx answers
// those first.
test('oversized URL and headers: mamori\'s own page in the visitor\'s language, the engine\'s past 48 KiB', async () => {
  for (const [lang, marker] of [['ja', /<html lang="ja"/], ['en', /<html lang="en"/]]) {
    const al = `Accept-Language: ${lang}\r\n`;
    const url = await rawRequest(port, get(`/?q=${'a'.repeat(9000)}`, al));
    assert.equal(url.status, 414);
    assert.match(url.body.toString(), marker, `414 in ${lang}`);
    const header = await rawRequest(port, get('/', `${al}Cookie: c=${'b'.repeat(18_000)}\r\n`));
    assert.equal(header.status, 431);
    assert.match(header.body.toString(), marker, `431 in ${lang}`);
    const both = await rawRequest(port, get(`/?q=${'a'.repeat(8000)}`, `${al}Cookie: c=${'b'.repeat(18_000)}\r\n`));
    assert.equal(both.status, 431);
    assert.match(both.body.toString(), marker, `431 in ${lang} with a long URL`);
  }
  const engine = await rawRequest(port, get('/', `Cookie: c=${'b'.repeat(60_000)}\r\n`));
  assert.equal(engine.status, 431, 'past the engine\'s memory: still 431');
  await assertStillServing(port, 'after the engine\'s 431');
});

// Request smuggling: a proxy in front and mamori must never read a
// different body length from the same bytes (RFC 9112 6.1, 6.3). A head whose
// framing is ambiguous is refused with 400 (501 for a transfer coding mamori
// does not decode) and the connection closed, so what follows it on the
// connection is never read as a request of its own.
const SMUGGLED = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
const FRAMINGS = [
  ['two different Content-Length', 'Content-Length: 8\r\nContent-Length: 3\r\n', 'csrf=abc', 400],
  ['Content-Length with Transfer-Encoding', 'Content-Length: 3\r\nTransfer-Encoding: chunked\r\n', '8\r\ncsrf=abc\r\n0\r\n\r\n', 400],
  ['a transfer coding that is not chunked', 'Transfer-Encoding: gzip\r\n', '', 400],
  ['chunked after another coding', 'Transfer-Encoding: gzip, chunked\r\n', '0\r\n\r\n', 501],
  ['chunked twice', 'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n', 400],
  // what libmicrohttpd does not read as chunked (it would wait for the
  // body to end with the connection) while a proxy may
  ['chunked with a parameter', 'Transfer-Encoding: chunked;x=1\r\n', '0\r\n\r\n', 400],
  ['chunked after an empty item', 'Transfer-Encoding: , chunked\r\n', '0\r\n\r\n', 400],
  ['chunked before an empty item', 'Transfer-Encoding: chunked,\r\n', '0\r\n\r\n', 400],
  ['an empty field, then chunked', 'Transfer-Encoding: \r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n', 400],
];

for (const [what, headers, body, status] of FRAMINGS) {
  test(`${what}: ${status}, mamori's page, and the connection closed`, async () => {
    const conn = await RawConnection.connect(port);
    try {
      await conn.write(`POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n${headers}\r\n${body}${SMUGGLED}`);
      const r = await conn.readResponse({ timeoutMs: 5000 });
      assert.equal(r.status, status, r.statusLine);
      assert.ok(htmlLang(r.text), `an HTML page of mamori's: ${r.text.slice(0, 200)}`);
      assert.equal(r.headers.connection, 'close');
      assert.ok(await conn.waitClosed(), 'the connection is closed after the refusal');
      assert.ok(!conn.buf.toString('latin1').includes('HTTP/1.1 200'), 'the bytes after the head were not served');
    } finally {
      conn.close();
    }
  });
}

test('HTTP/1.0 with Transfer-Encoding is badly framed (RFC 9112 6.1): 400, the connection closed', async () => {
  const conn = await RawConnection.connect(port);
  try {
    await conn.write(`POST /login HTTP/1.0\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n8\r\ncsrf=abc\r\n0\r\n\r\n`);
    const r = await conn.readResponse({ timeoutMs: 5000 });
    assert.equal(r.status, 400, r.statusLine);
    assert.ok(await conn.waitClosed(), 'the connection is closed after the refusal');
  } finally {
    conn.close();
  }
});

test('one Content-Length given twice alike, and chunked alone (in any case), are served', async () => {
  const upper = await rawRequest(port, 'POST /rules HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
  assert.equal(upper.status, 405, upper.statusLine);
  const twice = await rawRequest(port, 'POST /rules HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc');
  assert.equal(twice.status, 405, twice.statusLine);
  const chunked = await rawRequest(port, 'POST /rules HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
  assert.equal(chunked.status, 405, chunked.statusLine);
});

test('a header name with a space or another byte no token has is a 400 (RFC 9112 5.1)', async () => {
  for (const line of ['X-A : a', 'X A: a', 'X(A): a', 'Host : x']) {
    const r = await rawRequest(port, get('/rules', `${line}\r\n`));
    assert.equal(r.status, 400, `${line}: ${r.statusLine}`);
    assert.ok(htmlLang(r.text), `${line}: mamori's page`);
  }
  const fine = await rawRequest(port, get('/rules', "X-Odd_Name.1!#$%&'*+^`|~: a\r\n"));
  assert.equal(fine.status, 200, 'every tchar is allowed in a name');
});

// libmicrohttpd (0.9.75) judges a Content-Length itself while it reads the
// head, before the access handler runs: "-1", "+8", " 8 " and
// "99999999999999999999999" are answered with its own short page (400 or
// 413, without mamori's headers; for these two it even writes its status
// line and headers twice). mamori has no hook there; behind nginx, nginx
// refuses them first. What is checked: the status, and that the server
// goes on serving.
test('a Content-Length the engine cannot read: its own 400 or 413, and the server goes on serving', async () => {
  for (const [value, status] of [['-1', 400], ['+8', 400], [' 8 ', 400], ['99999999999999999999999', 413]]) {
    const r = await rawRequest(port, `POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: ${value}\r\n\r\ncsrf=abc`);
    assert.equal(r.status, status, `Content-Length: ${value}: ${r.statusLine}`);
  }
  await assertStillServing(port, 'after unreadable Content-Length values');
});

// A request line of an HTTP version other than 1.x ("GET / HTTP/2.0" in
// plain text, not h2) is answered 505 by libmicrohttpd while it parses that
// line (connection.c, parse_http_version), before the URI callback and the
// access handler run: mamori never sees it, so the answer carries none of
// its headers, and the engine (0.9.75, and 1.0 the same) has no hook for it.
test('an HTTP/2.0 request line in plain text: the engine answers 505 and the server goes on serving', async () => {
  const r = await rawRequest(port, 'GET / HTTP/2.0\r\nHost: x\r\n\r\n');
  assert.equal(r.status, 505, r.statusLine);
  await assertStillServing(port, 'after HTTP/2.0');
});

test('the server still serves normal requests after all the bad ones', async () => {
  await assertStillServing(port, 'at the end');
  const r = await rawRequest(port, get('/rules'));
  assert.equal(r.status, 200);
});

test('the server exits with status 0 on SIGTERM, without sanitizer reports', async () => {
  assertCleanExit(await server.stop());
});
