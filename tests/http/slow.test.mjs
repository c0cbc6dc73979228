// Slow clients ("slowloris") from one address must not starve other clients.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';

import { assertCleanExit, request, startServer } from './helpers.mjs';

const SLOW_CONNECTIONS = 500;
const NORMAL_REQUESTS = 20;
const SLOW_ADDRESS = '127.0.0.2'; // loopback on Linux, a different client IP

let server;
let port;
let slowSockets = [];
let dripTimer = null;

before(async () => {
  server = await startServer();
  port = server.port;
});

function dropSlowClients() {
  if (dripTimer) clearInterval(dripTimer);
  dripTimer = null;
  for (const s of slowSockets) s.destroy();
  slowSockets = [];
}

after(async () => {
  dropSlowClients();
  await server?.stop();
});

/**
 * Opens one connection that sends an unfinished request head and will then
 * send one more header byte per second. Resolves once connected or failed
 * (the server may refuse or close it: its per-IP limit).
 */
function openSlowClient() {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: SLOW_ADDRESS });
    socket.state = 'connecting';
    socket.setNoDelay(true);
    const timer = setTimeout(() => resolve(socket), 5000);
    socket.on('error', () => {
      socket.state = 'failed';
      clearTimeout(timer);
      resolve(socket);
    });
    socket.on('close', () => {
      if (socket.state !== 'failed') socket.state = 'closed';
    });
    socket.on('data', () => {}); // whatever the server answers, ignore it
    socket.on('connect', () => {
      socket.state = 'open';
      socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      clearTimeout(timer);
      resolve(socket);
    });
  });
}

test(`${SLOW_CONNECTIONS} never-finishing connections from one address do not starve other clients`, async (t) => {
  // Open in batches so the test itself does not flood the accept queue.
  for (let i = 0; i < SLOW_CONNECTIONS; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, SLOW_CONNECTIONS - i) }, openSlowClient));
    slowSockets.push(...batch);
  }
  dripTimer = setInterval(() => {
    for (const s of slowSockets) if (s.state === 'open' && !s.destroyed) s.write('a');
  }, 1000);

  const count = (state) => slowSockets.filter((s) => s.state === state).length;
  t.diagnostic(`slow connections: ${count('open')} open, ${count('closed')} closed, ${count('failed')} failed`);

  const timings = [];
  for (let i = 0; i < NORMAL_REQUESTS; i++) {
    const p = i % 2 === 0 ? '/healthz' : '/rules';
    const started = Date.now();
    const r = await request(port, p, { timeoutMs: 5000 });
    timings.push(Date.now() - started);
    assert.equal(r.status, 200, `request ${i}: GET ${p}`);
    if (p === '/healthz') assert.equal(r.text, 'ok\n');
  }
  t.diagnostic(`normal request latency: max ${Math.max(...timings)} ms`);
  t.diagnostic(`slow connections still open afterwards: ${count('open')}`);

  // A batch of concurrent normal requests too.
  const parallel = await Promise.all(
    Array.from({ length: 10 }, (_, i) => request(port, i % 2 ? '/rules' : '/healthz', { timeoutMs: 5000 })),
  );
  for (const r of parallel) assert.equal(r.status, 200);

  dropSlowClients();
});

test('the server still answers after the slow clients are gone', async () => {
  dropSlowClients();
  const r = await request(port, '/healthz', { timeoutMs: 5000 });
  assert.equal(r.status, 200);
});

test('the server exits with status 0 on SIGTERM, without sanitizer reports', async () => {
  dropSlowClients();
  assertCleanExit(await server.stop());
});
