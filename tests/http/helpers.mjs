// helpers.mjs — start/stop a mamori server and talk to it over HTTP or raw TCP.
//
// Every *.test.mjs file starts its own server on a free port with its own
// temporary database, so `node --test tests/http/` can run files in parallel.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MAMORI_BIN = path.resolve(REPO_ROOT, process.env.MAMORI_BIN || 'build-san/mamori');

/** Set when the suite runs on PostgreSQL (make http-pg): the test cluster,
 * in which every server gets a database of its own. */
export const PG_URL = process.env.MAMORI_TEST_PG_URL || '';
export const ON_POSTGRES = PG_URL !== '';

const READY_TIMEOUT_MS = 15_000;
// The server drains requests in flight for up to 10 s (HTTP_DRAIN_TIMEOUT_S)
// before it closes the store: it must have exited a little after that.
const STOP_TIMEOUT_MS = 15_000;
const START_ATTEMPTS = 5;

/**
 * Environment for the sanitizer build: leaks and UB are reported on
 * stderr, and so is a page value still pointing into a function's stack
 * after it returned (a template is rendered after the handler that set
 * its values has returned).
 */
export function sanitizerEnv(extra = {}) {
  return {
    ...process.env,
    ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=1:handle_abort=1',
    UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
    ...extra,
  };
}

export function makeTmpDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-http-'));
}

/** A port nobody listens on right now (listen on 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls fn() until it returns a truthy value or the deadline passes. */
export async function waitFor(fn, { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Runs the binary synchronously (CLI tests). Never hangs longer than timeoutMs. */
export function runCli(args, { env = {}, timeoutMs = 20_000 } = {}) {
  const r = spawnSync(MAMORI_BIN, args, {
    env: sanitizerEnv(env),
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  return {
    status: r.status,
    signal: r.signal,
    timedOut: r.error?.code === 'ETIMEDOUT',
    error: r.error,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
  };
}

const SANITIZER_MARKERS = ['ERROR: AddressSanitizer', 'ERROR: LeakSanitizer', 'runtime error:'];

/** Asserts that a process output has no ASan/LSan/UBSan report. */
export function assertNoSanitizerReports(stderr, label = 'process') {
  for (const marker of SANITIZER_MARKERS) {
    assert.ok(!stderr.includes(marker), `${label}: stderr contains "${marker}":\n${tail(stderr)}`);
  }
}

/** Asserts a stopped server exited with status 0 and without sanitizer reports. */
export function assertCleanExit(result, label = 'server') {
  assert.ok(!result.timedOut, `${label} did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM:\n${tail(result.stderr)}`);
  assert.equal(result.signal, null, `${label} was killed by ${result.signal}:\n${tail(result.stderr)}`);
  assert.equal(result.code, 0, `${label} exit status:\n${tail(result.stderr)}`);
  assertNoSanitizerReports(result.stderr, label);
}

export function tail(text, n = 40) {
  const lines = String(text).split('\n');
  return lines.slice(-n).join('\n');
}

function looksLikeAddrInUse(text) {
  return /EADDRINUSE|address already in use|in use/i.test(text);
}

/**
 * Starts `mamori serve` on a free port with a fresh database.
 *
 * opts.threads      --threads value (default 2)
 * opts.args         extra arguments
 * opts.env          extra environment variables
 * opts.listenViaEnv pass the address in MAMORI_LISTEN instead of --listen
 * opts.seed         run `mamori migrate` and `mamori seed-demo` on the database first
 *
 * Returns { port, url, proc, tmpDir, dbPath, stderr(), stdout(), exited, stop() }.
 * stop() sends SIGTERM (or opts.signal; null = send nothing, just wait),
 * SIGKILL after 10 s, and resolves to
 * { code, signal, timedOut, stderr, stdout }; it is safe to call twice.
 */
/** A new, empty database for one server: a file in tmpDir on SQLite, a
 * database of its own in the test cluster on PostgreSQL. */
export function newDatabase(tmpDir) {
  if (!ON_POSTGRES) return path.join(tmpDir, 'mamori.db');
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  psql(PG_URL, `CREATE DATABASE ${name}`);
  // not new URL(): it refuses libpq's host-less form (postgresql://user@/db?host=/socket/dir)
  return PG_URL.replace(/^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?/, `$1/${name}`);
}

export async function startServer(opts = {}) {
  if (!fs.existsSync(MAMORI_BIN)) {
    throw new Error(`mamori binary not found at ${MAMORI_BIN} (build it, or set MAMORI_BIN)`);
  }
  const tmpDir = opts.tmpDir ?? makeTmpDir();
  const dbPath = opts.dbPath ?? newDatabase(tmpDir);
  if (opts.seed) {
    for (const cmd of ['migrate', 'seed-demo']) {
      const r = runCli([cmd, '--db', dbPath]);
      if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}):\n${r.stderr}`);
    }
  }
  let lastError;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await freePort();
    try {
      return await startOnce(port, tmpDir, dbPath, opts);
    } catch (err) {
      lastError = err;
      if (!err.addrInUse) break;
    }
  }
  if (!opts.tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  throw lastError;
}

async function startOnce(port, tmpDir, dbPath, opts) {
  const listen = `127.0.0.1:${port}`;
  const args = ['serve', '--db', dbPath, '--threads', String(opts.threads ?? 2), ...(opts.args ?? [])];
  // Mail goes beside an SQLite file by default; a PostgreSQL address has
  // no "beside", so the tests name the same place.
  const env = {
    ...(ON_POSTGRES ? { MAMORI_MAIL_DIR: path.join(tmpDir, 'mail'), MAMORI_OPEN_DATA_DIR: path.join(tmpDir, 'open-data') } : {}),
    ...(opts.env ?? {}),
  };
  if (opts.listenViaEnv) env.MAMORI_LISTEN = listen;
  else args.splice(1, 0, '--listen', listen);

  const proc = spawn(MAMORI_BIN, args, { env: sanitizerEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  proc.stderr.setEncoding('utf8');
  proc.stdout.setEncoding('utf8');
  proc.stderr.on('data', (d) => { stderr += d; });
  proc.stdout.on('data', (d) => { stdout += d; });

  // 'close' fires after the process exited AND its stdio closed, so the
  // whole stderr (sanitizer reports come last) has been read by then.
  const exited = new Promise((resolve) => {
    proc.on('close', (code, signal) => resolve({ code, signal }));
    proc.on('error', (err) => resolve({ code: null, signal: null, spawnError: err }));
  });
  let exitInfo = null;
  exited.then((info) => { exitInfo = info; });

  let stopping = null;
  let ready = false;
  const stop = ({ signal = 'SIGTERM', timeoutMs = STOP_TIMEOUT_MS } = {}) => {
    if (!stopping) {
      stopping = (async () => {
        if (!exitInfo && signal) proc.kill(signal);
        let timedOut = false;
        const killer = setTimeout(() => {
          timedOut = true;
          proc.kill('SIGKILL');
        }, timeoutMs);
        const info = await exited;
        clearTimeout(killer);
        if (ready && !opts.tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
        return { ...info, timedOut, stderr, stdout };
      })();
    }
    return stopping;
  };

  const server = {
    port,
    url: `http://127.0.0.1:${port}`,
    proc,
    tmpDir,
    dbPath,
    exited,
    stderr: () => stderr,
    stdout: () => stdout,
    isRunning: () => exitInfo === null,
    stop,
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exitInfo) {
      const err = new Error(
        `mamori serve exited early (code ${exitInfo.code}, signal ${exitInfo.signal}):\n${tail(stderr)}`,
      );
      err.addrInUse = looksLikeAddrInUse(stderr);
      await stop();
      throw err;
    }
    try {
      const r = await request(port, '/healthz', { timeoutMs: 1000 });
      if (r.status === 200) {
        ready = true;
        return server;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop({ signal: 'SIGKILL' });
      throw new Error(`mamori serve not ready within ${READY_TIMEOUT_MS} ms:\n${tail(stderr)}`);
    }
    await sleep(100);
  }
}

/**
 * One HTTP request with node:http. Resolves to
 * { status, headers, body (Buffer), text, socket, reusedSocket }.
 * opts: method, headers, body, agent (default: a fresh connection), timeoutMs.
 */
export function request(port, urlPath, opts = {}) {
  const { method = 'GET', headers = {}, body, agent = false, timeoutMs = 10_000, host = '127.0.0.1' } = opts;
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, path: urlPath, method, headers, agent });
    const timer = setTimeout(() => {
      req.destroy(new Error(`${method} ${urlPath}: no complete response within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const buf = Buffer.concat(chunks);
        resolve({
          status: res.statusCode,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: buf,
          text: buf.toString('utf8'),
          socket: req.socket,
          reusedSocket: req.reusedSocket,
        });
      });
    });
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/**
 * A raw TCP connection for hand-written requests. readResponse() parses one
 * HTTP/1.1 response (Content-Length, chunked, or until close).
 */
export class RawConnection {
  constructor(socket) {
    this.socket = socket;
    this.buf = Buffer.alloc(0);
    this.ended = false;
    this.error = null;
    this.waiters = [];
    socket.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.#wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.#wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.#wake();
    });
    // A server may answer and close before we finished writing (413, 405):
    // remember the error, the data already read is still parsed.
    socket.on('error', (err) => {
      this.error = err;
      this.ended = true;
      this.#wake();
    });
  }

  static connect(port, { host = '127.0.0.1', localAddress, timeoutMs = 5000 } = {}) {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, localAddress });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new RawConnection(socket));
      });
    });
  }

  #wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  write(data) {
    return new Promise((resolve) => {
      if (this.socket.destroyed || this.socket.writableEnded) return resolve(false);
      this.socket.write(data, (err) => resolve(!err));
    });
  }

  /** Resolves to { statusLine, status, headers, body, raw } or rejects on timeout. */
  async readResponse({ timeoutMs = 10_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = parseResponse(this.buf, this.ended);
      if (parsed) {
        this.buf = this.buf.subarray(parsed.consumed);
        return parsed.response;
      }
      if (this.ended) {
        throw new Error(
          `connection closed before a complete response (${this.error?.code ?? 'EOF'}); got ${this.buf.length} bytes: ` +
            JSON.stringify(this.buf.subarray(0, 300).toString('latin1')),
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no complete response within ${timeoutMs} ms; got ${this.buf.length} bytes: ` +
            JSON.stringify(this.buf.subarray(0, 300).toString('latin1')),
        );
      }
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves true once the peer closed the connection, false on timeout. */
  async waitClosed({ timeoutMs = 5000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return true;
  }

  close() {
    this.socket.destroy();
  }
}

/** Parses one response from buf; null when more bytes are needed. */
function parseResponse(buf, ended) {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const head = buf.subarray(0, headEnd).toString('latin1');
  const [statusLine, ...headerLines] = head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!m) throw new Error(`bad status line: ${JSON.stringify(statusLine)}`);
  const status = Number(m[1]);
  const headers = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const bodyStart = headEnd + 4;
  const noBody = status === 204 || status === 304 || (status >= 100 && status < 200);
  let body;
  let consumed;
  if (noBody) {
    body = Buffer.alloc(0);
    consumed = bodyStart;
  } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const chunks = [];
    let pos = bodyStart;
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', pos);
      if (lineEnd < 0) return null;
      const size = parseInt(buf.subarray(pos, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) throw new Error('bad chunk size');
      if (size === 0) {
        const p = lineEnd + 2;
        if (buf.length < p + 2) return null;
        if (buf[p] === 0x0d && buf[p + 1] === 0x0a) {
          consumed = p + 2;
        } else {
          const trailerEnd = buf.indexOf('\r\n\r\n', p);
          if (trailerEnd < 0) return null;
          consumed = trailerEnd + 4;
        }
        break;
      }
      if (buf.length < lineEnd + 2 + size + 2) return null;
      chunks.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
      pos = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(chunks);
  } else if (headers['content-length'] !== undefined) {
    const len = Number(headers['content-length']);
    if (buf.length < bodyStart + len) return null;
    body = buf.subarray(bodyStart, bodyStart + len);
    consumed = bodyStart + len;
  } else {
    if (!ended) return null;
    body = buf.subarray(bodyStart);
    consumed = buf.length;
  }
  return {
    consumed,
    response: {
      statusLine,
      status,
      headers,
      body: Buffer.from(body),
      text: Buffer.from(body).toString('utf8'),
      raw: buf.subarray(0, consumed).toString('latin1'),
    },
  };
}

/**
 * Sends a hand-written request on a new connection and reads one response.
 * opts: localAddress, timeoutMs (default 10 s).
 */
export async function rawRequest(port, text, opts = {}) {
  const conn = await RawConnection.connect(port, opts);
  try {
    await conn.write(text);
    return await conn.readResponse({ timeoutMs: opts.timeoutMs ?? 10_000 });
  } finally {
    conn.close();
  }
}

/** Asserts the server still answers GET /healthz with 200 "ok\n". */
export async function assertStillServing(port, label = '') {
  const r = await request(port, '/healthz', { timeoutMs: 5000 });
  assert.equal(r.status, 200, `server no longer serves /healthz ${label}`);
  assert.equal(r.text, 'ok\n');
}

/** The security headers every response must carry. headers: lower-cased names. */
export function assertSecurityHeaders(headers, label = 'response') {
  const csp = headers['content-security-policy'];
  assert.ok(csp, `${label}: Content-Security-Policy missing`);
  for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) {
    assert.ok(csp.includes(directive), `${label}: CSP lacks ${directive}: ${csp}`);
  }
  assert.ok(!csp.includes("'unsafe-inline'"), `${label}: CSP allows 'unsafe-inline': ${csp}`);
  assert.equal(headers['x-content-type-options'], 'nosniff', `${label}: X-Content-Type-Options`);
  assert.equal(headers['referrer-policy'], 'strict-origin-when-cross-origin', `${label}: Referrer-Policy`);
  assert.ok(headers['permissions-policy'], `${label}: Permissions-Policy missing`);
  assert.equal(headers['x-frame-options'], 'DENY', `${label}: X-Frame-Options`);
  assert.equal(headers['strict-transport-security'], undefined, `${label}: HSTS must be off by default`);
}

/** The `lang` attribute of the <html> element, or null. */
export function htmlLang(html) {
  const m = /<html\b[^>]*\blang="([^"]*)"/i.exec(html);
  return m ? m[1] : null;
}

/** The stylesheet URL from a page's <link rel="stylesheet" href="...">. */
export function stylesheetUrl(html) {
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/\brel="stylesheet"/i.test(tag)) continue;
    const href = /\bhref="([^"]+)"/i.exec(tag);
    if (href) return href[1].replace(/&amp;/g, '&');
  }
  return null;
}

/** Parses Prometheus text into [{ name, labels, value, line }]. */
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]), line });
  }
  return samples;
}

// ---- sessions, forms and mail (auth tests) ---------------------------------

/**
 * A cookie jar: a Map from cookie name to value. Seed it with pairs, e.g.
 * cookieJar({ lang: 'en' }).
 */
export function cookieJar(initial = {}) {
  return new Map(Object.entries(initial));
}

/**
 * Parses the Set-Cookie headers of a response into
 * [{ name, value, attrs: { path, 'max-age', httponly: true, samesite, … } }]
 * (attribute names lower-cased; flags are true).
 */
export function parseSetCookies(headers) {
  const raw = headers['set-cookie'] ?? [];
  return (Array.isArray(raw) ? raw : [raw]).map((line) => {
    const [pair, ...rest] = line.split(';');
    const eq = pair.indexOf('=');
    const attrs = {};
    for (const a of rest) {
      const i = a.indexOf('=');
      const k = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
      if (k) attrs[k] = i < 0 ? true : a.slice(i + 1).trim();
    }
    return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
  });
}

/** Applies a response's Set-Cookie headers to jar (Max-Age=0 or an empty value removes). */
export function storeCookies(jar, headers) {
  for (const c of parseSetCookies(headers)) {
    if (c.value === '' || c.attrs['max-age'] === '0') jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
  return jar;
}

/** The Cookie request header for jar ('' when empty). */
export function cookieHeader(jar) {
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

function splitUrl(url) {
  const u = new URL(url);
  return { port: Number(u.port), path: `${u.pathname}${u.search}` };
}

/**
 * GET url with the jar's cookies; Set-Cookie goes back into the jar.
 * Resolves to the response of request() (redirects are not followed).
 */
export async function httpGet(url, jar = cookieJar(), opts = {}) {
  const { port, path: p } = splitUrl(url);
  const cookie = cookieHeader(jar);
  const res = await request(port, p, { ...opts, headers: { ...(cookie ? { Cookie: cookie } : {}), ...(opts.headers ?? {}) } });
  storeCookies(jar, res.headers);
  return res;
}

/** The value of the first <input name="csrf"> in html, or null. */
export function csrfFromHtml(html) {
  const m = /<input\b[^>]*\bname="csrf"[^>]*\bvalue="([^"]*)"/i.exec(html) ??
    /<input\b[^>]*\bvalue="([^"]*)"[^>]*\bname="csrf"/i.exec(html);
  return m ? m[1] : null;
}

/**
 * GET a page with a form: resolves to { res, csrf, jar } where csrf is the
 * form's hidden token and jar holds the cookies (the anonymous CSRF cookie
 * among them).
 */
export async function getForm(url, jar = cookieJar(), opts = {}) {
  const res = await httpGet(url, jar, opts);
  return { res, csrf: csrfFromHtml(res.text), jar };
}

/** application/x-www-form-urlencoded, in the order given. */
export function formBody(fields) {
  return new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
}

/**
 * POST fields (an object, urlencoded) to url with the jar's cookies;
 * Set-Cookie goes back into the jar. Redirects are not followed.
 */
export async function post(url, fields, jar = cookieJar(), opts = {}) {
  const { port, path: p } = splitUrl(url);
  const body = formBody(fields);
  const cookie = cookieHeader(jar);
  const res = await request(port, p, {
    ...opts,
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': String(Buffer.byteLength(body)),
      ...(cookie ? { Cookie: cookie } : {}),
      ...(opts.headers ?? {}),
    },
  });
  storeCookies(jar, res.headers);
  return res;
}

/** Decodes RFC 2047 encoded-words (B and Q, UTF-8) in a header value. */
export function decodeMimeHeader(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, _charset, enc, text) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

/**
 * Parses an .eml file (headers unfolded, lower-cased names, the subject
 * decoded) into { file, headers, to, subject, body, links }.
 */
export function parseEml(text, file = '') {
  const sep = text.search(/\r?\n\r?\n/);
  const head = sep < 0 ? text : text.slice(0, sep);
  const body = sep < 0 ? '' : text.slice(sep).replace(/^\r?\n\r?\n/, '').replace(/\r\n/g, '\n');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const subject = decodeMimeHeader(headers.subject ?? '');
  return { file, headers, to: headers.to ?? '', subject, body, links: body.match(/https?:\/\/[^\s<>"]+/g) ?? [] };
}

/** Every .eml in dir, oldest first, parsed. */
export function readMails(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => parseEml(fs.readFileSync(path.join(dir, f), 'utf8'), f));
}

/**
 * Waits (polling; the mailer writes once a second) until a mail in dir
 * satisfies predicate(mail) and resolves to it (see parseEml).
 */
export async function waitForMail(dir, predicate, { timeoutMs = 10_000, intervalMs = 100 } = {}) {
  return waitFor(() => readMails(dir).find(predicate), { timeoutMs, intervalMs, what: `a mail in ${dir}` });
}

/**
 * Runs SQL on a database with the sqlite3 CLI (waiting up to 5 s for a
 * lock) and returns its output lines. Values must be literals in the SQL.
 */
/** Runs SQL on a test database with the store's own client (psql for a
 * postgres:// address); rows come back as 'a|b|c' lines either way. */
export function sqlite(dbPath, sql) {
  if (dbPath.startsWith('postgres')) return psql(dbPath, sql);
  const r = spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 5000', dbPath, sql], { encoding: 'utf8', timeout: 20_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}\n${sql}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

export function psql(url, sql) {
  const r = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`psql failed (${r.status}): ${r.stderr}\n${sql}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** Quotes a string as an SQL literal. */
export function sqlString(s) {
  return `'${String(s).replace(/'/g, "''")}'`;
}
