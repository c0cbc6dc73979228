// helpers.mjs — browser tests: start a mamori server, launch Debian's
// Chromium through playwright-core, inject axe-core, collect console errors,
// save screenshots.
//
// Environment:
//   MAMORI_BIN          server binary (default build/mamori, relative to the
//                       repository root)
//   MAMORI_TEST_OUTPUT  root of the output directory (default test-output/);
//                       screenshots go to $root/e2e/
//   CHROMIUM_PATH       browser (default /usr/bin/chromium)

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MAMORI_BIN = path.resolve(REPO_ROOT, process.env.MAMORI_BIN || 'build/mamori');
export const OUTPUT_ROOT = path.resolve(REPO_ROOT, process.env.MAMORI_TEST_OUTPUT || 'test-output');
export const SCREENSHOT_DIR = path.join(OUTPUT_ROOT, 'e2e');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const AXE_SOURCE_PATH = path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;

/** The rule sets axe checks: WCAG 2.0/2.1 A and AA, 2.2 AA, best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function tail(text, n = 40) {
  return String(text).split('\n').slice(-n).join('\n');
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

/**
 * Starts `mamori serve --listen 127.0.0.1:PORT --db TMP/mamori.db --threads 2`
 * (with env added to the environment)
 * and waits (at most 15 s) until GET /healthz answers 200.
 * Returns { url, port, proc, tmpDir, stderr(), stop() }; stop() is idempotent.
 */
export async function startServer({ threads = 2, env = {} } = {}) {
  if (!fs.existsSync(MAMORI_BIN)) {
    throw new Error(`mamori binary not found at ${MAMORI_BIN} (run make build, or set MAMORI_BIN)`);
  }
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-e2e-'));
  const dbPath = path.join(tmpDir, 'mamori.db');
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await startOnce(port, tmpDir, dbPath, threads, env);
    } catch (err) {
      lastError = err;
      if (!/EADDRINUSE|address already in use/i.test(err.message)) break;
    }
  }
  fs.rmSync(tmpDir, { recursive: true, force: true });
  throw lastError;
}

async function startOnce(port, tmpDir, dbPath, threads, env) {
  const args = ['serve', '--listen', `127.0.0.1:${port}`, '--db', dbPath, '--threads', String(threads)];
  const proc = spawn(MAMORI_BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  let exitInfo = null;
  const exited = new Promise((resolve) => {
    proc.on('close', (code, signal) => resolve((exitInfo = { code, signal })));
    proc.on('error', (err) => resolve((exitInfo = { code: null, signal: null, error: err })));
  });

  let stopping = null;
  const stop = () => {
    stopping ??= (async () => {
      if (!exitInfo) proc.kill('SIGTERM');
      const timedOut = (await Promise.race([exited, sleep(STOP_TIMEOUT_MS).then(() => 'timeout')])) === 'timeout';
      if (timedOut) proc.kill('SIGKILL');
      const info = await exited;
      fs.rmSync(tmpDir, { recursive: true, force: true });
      return { ...info, timedOut, output };
    })();
    return stopping;
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exitInfo) {
      throw new Error(`mamori serve exited early (code ${exitInfo.code}, signal ${exitInfo.signal}):\n${tail(output)}`);
    }
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      await r.arrayBuffer();
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      await exited;
      throw new Error(`mamori serve: no 200 from /healthz within ${READY_TIMEOUT_MS} ms:\n${tail(output)}`);
    }
    await sleep(100);
  }
  return { url, port, proc, tmpDir, output: () => output, isRunning: () => exitInfo === null, stop };
}

/** Launches headless Chromium (Debian's package) through playwright-core. */
export function launchBrowser() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Context options for a viewport width: 360 is a phone, anything else a desktop. */
export function viewportOptions(width) {
  if (width <= 480) {
    return { viewport: { width, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
  }
  return { viewport: { width, height: 900 } };
}

/**
 * Records what a page reports as broken: console errors, uncaught
 * exceptions, failed requests, HTTP errors for sub-resources and any
 * console message about the Content Security Policy.
 */
export function watchPage(page) {
  const problems = { console: [], pageErrors: [], failedRequests: [], httpErrors: [], csp: [] };
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error') problems.console.push(`${text} (${msg.location()?.url ?? ''})`);
    if (/content security policy/i.test(text)) problems.csp.push(text);
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err?.stack ?? err)));
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? 'failed';
    // A load that the browser itself cancels because the page navigates on
    // (a form submitted before the icon arrived) is not a server problem.
    if (error === 'net::ERR_ABORTED') return;
    problems.failedRequests.push(`${req.method()} ${req.url()}: ${error}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.httpErrors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  return problems;
}

/** Asserts that watchPage() saw nothing. */
export function assertNoProblems(problems, label, { requests = true } = {}) {
  assert.deepEqual(problems.pageErrors, [], `${label}: uncaught page errors`);
  assert.deepEqual(problems.console, [], `${label}: console errors`);
  assert.deepEqual(problems.csp, [], `${label}: Content Security Policy messages`);
  if (requests) {
    assert.deepEqual(problems.failedRequests, [], `${label}: failed requests`);
    assert.deepEqual(problems.httpErrors, [], `${label}: HTTP error responses`);
  }
}

/**
 * Reports securitypolicyviolation events into window.__cspViolations. An
 * init script is injected by the browser itself, so the page's own CSP does
 * not block it.
 */
export async function recordCspViolations(context) {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

let axeSource;

/**
 * Runs axe-core on the page (the context must have bypassCSP: true, since
 * the script is injected inline) and returns the violations.
 */
export async function runAxe(page) {
  axeSource ??= fs.readFileSync(AXE_SOURCE_PATH, 'utf8');
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ content: axeSource });
  }
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return result.violations;
}

/** A readable list of axe violations: id, impact, help, first few targets. */
export function formatViolations(violations, maxNodes = 5) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, maxNodes)
        .map((n) => `      ${JSON.stringify(n.target)}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`)
        .join('\n');
      const more = v.nodes.length > maxNodes ? `\n      … and ${v.nodes.length - maxNodes} more` : '';
      return `  ${v.id} [${v.impact}] ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

/** Full-page screenshot to $MAMORI_TEST_OUTPUT/e2e/NAME.png; returns the path. */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ---- mail and layout checks (auth tests) -----------------------------------

/** The mail directory of a server from startServer(): TMPDIR/mail. */
export function mailDirOf(server) {
  return path.join(server.tmpDir, 'mail');
}

/**
 * Every .eml in dir, oldest first, as { file, to, body, links }: the body
 * with LF line ends, links every http(s) URL in it.
 */
export function readMails(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n');
      const sep = text.indexOf('\n\n');
      const head = sep < 0 ? text : text.slice(0, sep);
      const body = sep < 0 ? '' : text.slice(sep + 2);
      const to = /^To:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? '';
      return { file, to, body, links: body.match(/https?:\/\/[^\s<>"]+/g) ?? [] };
    });
}

/** Polls dir (the mailer writes once a second) until predicate(mail) holds; at most timeoutMs. */
export async function waitForMail(dir, predicate, { timeoutMs = 10_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = readMails(dir).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching mail in ${dir} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Whether the page scrolls sideways: { scrollWidth, viewport, wide } where
 * wide lists the first elements that stick out. With isMobile, Chromium
 * widens window.innerWidth to fit overflowing content, so the layout
 * viewport (clientWidth) is the reference.
 */
export function sidewaysOverflow(page) {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    return {
      scrollWidth: document.documentElement.scrollWidth,
      viewport,
      wide: [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > viewport + 0.5 && !e.closest('.table-wrap'))
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''} right=${Math.round(e.getBoundingClientRect().right)}`),
    };
  });
}

/**
 * Elements that can be clicked or tapped and are smaller than size×size
 * CSS pixels. selector limits the search (default: the links and buttons
 * of the site header and the buttons and text fields of forms).
 */
export function smallTargets(page, {
  size = 44,
  selector = 'header a, header button, main button, main input:not([type=hidden]):not([type=radio]):not([type=checkbox]), main select, main textarea',
} = {}) {
  return page.evaluate(
    ({ size, selector }) =>
      [...document.querySelectorAll(selector)]
        .filter((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && (r.width < size - 0.5 || r.height < size - 0.5);
        })
        .map((e) => {
          const r = e.getBoundingClientRect();
          return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.textContent || e.getAttribute('name') || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`;
        }),
    { size, selector },
  );
}

// ---- flows shared by the browser tests (org tests) --------------------------

/** Clicks and waits for the navigation it starts; resolves to the response. */
export async function clickAndWait(page, locator) {
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return resp;
}

/** The text of a locator with white space collapsed. */
export async function textOf(locator) {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The catalogue texts of lang for the given areas (content/i18n/AREA.LANG.json):
 * a function from key to text that fails on an unknown key.
 */
export function catalogue(lang, areas = ['site', 'account']) {
  const dir = path.join(REPO_ROOT, 'content', 'i18n');
  const t = {};
  for (const area of areas) Object.assign(t, JSON.parse(fs.readFileSync(path.join(dir, `${area}.${lang}.json`), 'utf8')));
  return (key) => {
    assert.ok(key in t, `catalogue key ${key} (${lang})`);
    return t[key];
  };
}

/**
 * The checks every visited page gets, after a screenshot to NAME.png:
 * <html lang>, exactly one <h1>, no sideways scrolling, (optionally) no tap
 * target under 44×44 px, and axe-core with no violations. The context
 * must bypass CSP (axe is injected inline).
 */
export async function checkPage(page, { lang, name, tapTargets = true }) {
  const label = `${name} (${new URL(page.url()).pathname})`;
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, name);
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${label}: <html lang>`);
  assert.equal(await page.locator('h1').count(), 1, `${label}: exactly one <h1>`);
  const o = await sidewaysOverflow(page);
  assert.ok(o.scrollWidth <= o.viewport, `${label}: scrolls sideways (${o.scrollWidth} > ${o.viewport}): ${o.wide.join(', ')}`);
  if (tapTargets) assert.deepEqual(await smallTargets(page), [], `${label}: tap targets under 44×44 px`);
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `${label}: axe found ${violations.length} violation(s):\n${formatViolations(violations)}`);
}

/**
 * After a search form sent to #results-heading: the URL names it and the
 * heading is on screen, so a phone shows the answer, not the filters again
 * (the scroll may be smooth: waits for it to end).
 */
export async function assertResultsOnScreen(page) {
  assert.equal(new URL(page.url()).hash, '#results-heading');
  await page.waitForFunction(() => {
    const top = document.getElementById('results-heading').getBoundingClientRect().top;
    return top >= 0 && top < window.innerHeight;
  }, null, { timeout: 5000 });
}

/**
 * Signs up and confirms in the browser: /signup?lang=LANG, the form, the
 * link from the .eml, the button on its page. Ends on
 * /home?notice=confirmed (マイページ), signed in. onPage(step) is awaited on every
 * page on the way ('signup', 'signup-sent', 'confirm', 'account').
 */
export async function signUpInBrowser(page, server, { email, password, lang, onPage = async () => {} }) {
  let resp = await page.goto(`${server.url}/signup?lang=${lang}`, { waitUntil: 'load' });
  assert.equal(resp.status(), 200, '/signup');
  await onPage('signup');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  resp = await clickAndWait(page, page.locator('main form button[type="submit"]'));
  assert.equal(resp.status(), 200, 'sign-up');
  assert.equal(new URL(page.url()).pathname, '/signup/sent');
  await onPage('signup-sent');
  const isConfirm = (m) => m.to === email && m.links.some((l) => new URL(l).pathname.startsWith('/confirm/'));
  const mail = await waitForMail(mailDirOf(server), isConfirm);
  resp = await page.goto(mail.links.find((l) => new URL(l).pathname.startsWith('/confirm/')), { waitUntil: 'load' });
  assert.equal(resp.status(), 200, 'the confirmation page');
  await onPage('confirm');
  resp = await clickAndWait(page, page.locator('main form button[type="submit"]'));
  assert.equal(resp.status(), 200, 'confirmed');
  const u = new URL(page.url());
  assert.equal(`${u.pathname}${u.search}`, '/home?notice=confirmed');
  await onPage('account');
}
