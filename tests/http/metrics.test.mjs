// GET /metrics in the Prometheus text format.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertCleanExit, parseMetrics, request, sleep, startServer } from './helpers.mjs';

let server;
let port;

before(async () => {
  server = await startServer();
  port = server.port;
});

after(async () => {
  await server?.stop();
});

const RULES_REQUESTS = 3;
const NOT_FOUND_REQUESTS = 2;

async function scrape() {
  const r = await request(port, '/metrics');
  assert.equal(r.status, 200);
  return r;
}

// A request may be counted just after its response went out (a completion
// callback), so scrape until ok(text) holds, for up to 5 s; the caller then
// asserts on the last scrape, which shows the values when it never held.
async function scrapeUntil(ok) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const r = await scrape();
    if (ok(r.text) || Date.now() > deadline) return r;
    await sleep(100);
  }
}

const RULES_200 = /^mamori_http_requests_total\{route="\/rules",status="200"\} (\d+)$/m;
const UNMATCHED_404 = /^mamori_http_requests_total\{route="unmatched",status="404"\} (\d+)$/m;
const rules200 = (text) => Number(RULES_200.exec(text)?.[1] ?? NaN);

test('/metrics is Prometheus text format 0.0.4', async () => {
  const r = await scrape();
  const ct = r.headers['content-type'] ?? '';
  assert.match(ct, /^text\/plain;/, ct);
  assert.match(ct, /version=0\.0\.4/, ct);
  assert.match(r.text, /^# TYPE mamori_http_requests_total counter$/m);
  assert.match(r.text, /^# TYPE mamori_http_request_duration_seconds histogram$/m);
  assert.ok(r.text.endsWith('\n'), 'ends with a newline');
});

test('requests are counted per route and status, unmatched paths under route="unmatched"', async () => {
  for (let i = 0; i < RULES_REQUESTS; i++) assert.equal((await request(port, '/rules')).status, 200);
  for (let i = 0; i < NOT_FOUND_REQUESTS; i++) assert.equal((await request(port, `/nope-${i}`)).status, 404);

  const { text } = await scrapeUntil(
    (t) => rules200(t) >= RULES_REQUESTS && Number(UNMATCHED_404.exec(t)?.[1]) >= NOT_FOUND_REQUESTS,
  );
  const rules = RULES_200.exec(text);
  assert.ok(rules, `no /rules 200 counter in:\n${text}`);
  assert.ok(Number(rules[1]) >= RULES_REQUESTS, `/rules 200 count ${rules[1]} < ${RULES_REQUESTS}`);

  const unmatched = UNMATCHED_404.exec(text);
  assert.ok(unmatched, `no unmatched 404 counter in:\n${text}`);
  assert.ok(Number(unmatched[1]) >= NOT_FOUND_REQUESTS, `unmatched 404 count ${unmatched[1]}`);

  // Raw paths must not become labels (unbounded cardinality).
  assert.ok(!text.includes('/nope-'), 'the 404 path is not a label value');
});

test('counters grow by exactly the number of further requests', async () => {
  const start = rules200((await scrapeUntil((t) => rules200(t) >= RULES_REQUESTS)).text);
  assert.ok(Number.isFinite(start), 'a /rules 200 counter');
  for (let i = 0; i < 2; i++) assert.equal((await request(port, '/rules')).status, 200);
  const end = rules200((await scrapeUntil((t) => rules200(t) >= start + 2)).text);
  assert.equal(end - start, 2, `counter went from ${start} to ${end}`);
});

test('the request duration histogram has cumulative buckets, a sum and a count', async () => {
  await request(port, '/healthz');
  const histo = (t, suffix) => Number(new RegExp(`^mamori_http_request_duration_seconds_${suffix} (\\d+)$`, 'm').exec(t)?.[1]);
  const infBucket = (t) => Number(/^mamori_http_request_duration_seconds_bucket\{le="\+Inf"\} (\d+)$/m.exec(t)?.[1]);
  const { text } = await scrapeUntil(
    (t) => histo(t, 'count') >= RULES_REQUESTS + NOT_FOUND_REQUESTS && infBucket(t) === histo(t, 'count'),
  );
  const inf = /^mamori_http_request_duration_seconds_bucket\{le="\+Inf"\} (\d+)$/m.exec(text);
  assert.ok(inf, `no +Inf bucket in:\n${text}`);
  const sum = /^mamori_http_request_duration_seconds_sum (\S+)$/m.exec(text);
  assert.ok(sum, 'a _sum line');
  assert.ok(Number.isFinite(Number(sum[1])) && Number(sum[1]) >= 0, `_sum ${sum[1]}`);
  const count = /^mamori_http_request_duration_seconds_count (\d+)$/m.exec(text);
  assert.ok(count, 'a _count line');
  assert.equal(Number(inf[1]), Number(count[1]), '+Inf bucket equals _count');
  assert.ok(Number(count[1]) >= RULES_REQUESTS + NOT_FOUND_REQUESTS, `_count ${count[1]}`);

  const buckets = parseMetrics(text).filter((s) => s.name === 'mamori_http_request_duration_seconds_bucket');
  assert.ok(buckets.length >= 2, 'more than the +Inf bucket');
  for (let i = 1; i < buckets.length; i++) {
    assert.ok(buckets[i].value >= buckets[i - 1].value, `buckets are cumulative: ${buckets[i - 1].line} / ${buckets[i].line}`);
    const le = (s) => (s.labels.le === '+Inf' ? Infinity : Number(s.labels.le));
    assert.ok(le(buckets[i]) > le(buckets[i - 1]), `bucket bounds ascend: ${buckets[i].line}`);
  }
});

test('the server exits with status 0 on SIGTERM, without sanitizer reports', async () => {
  assertCleanExit(await server.stop());
});
