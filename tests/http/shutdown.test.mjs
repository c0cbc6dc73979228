// Graceful shutdown: SIGTERM lets a request in flight finish.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test } from 'node:test';

import { assertCleanExit, RawConnection, request, sleep, startServer } from './helpers.mjs';

const servers = [];

after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

function connectionRefused(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      s.destroy();
      resolve('timeout');
    }, 5000);
    s.on('connect', () => {
      clearTimeout(timer);
      s.destroy();
      resolve('connected');
    });
    s.on('error', (err) => {
      clearTimeout(timer);
      resolve(err.code);
    });
  });
}

test('SIGTERM with a request in flight: the request completes, then the server exits 0', async () => {
  const server = await startServer();
  servers.push(server);
  const { port } = server;

  let signalledAt = 0;
  const conn = await RawConnection.connect(port);
  try {
    await conn.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345');
    await sleep(300);
    assert.ok(server.isRunning(), 'server still running before SIGTERM');
    server.proc.kill('SIGTERM');
    signalledAt = Date.now();
    await sleep(300);
    await conn.write('67890');
    const r = await conn.readResponse({ timeoutMs: 10_000 });
    assert.equal(r.status, 405, r.statusLine);
  } finally {
    conn.close();
  }

  // Already signalled: wait for the exit, at most 10 s after SIGTERM.
  const result = await server.stop({ signal: null, timeoutMs: Math.max(0, 10_000 - (Date.now() - signalledAt)) });
  assertCleanExit(result);

  assert.equal(await connectionRefused(port), 'ECONNREFUSED', 'no one listens after exit');
});

test('SIGTERM on an idle server exits 0 promptly', async () => {
  const server = await startServer();
  servers.push(server);
  const r = await request(server.port, '/healthz');
  assert.equal(r.status, 200);
  const started = Date.now();
  const result = await server.stop();
  assertCleanExit(result);
  assert.ok(Date.now() - started < 10_000, `exit took ${Date.now() - started} ms`);
});

test('SIGINT also shuts the server down cleanly', async () => {
  const server = await startServer();
  servers.push(server);
  assertCleanExit(await server.stop({ signal: 'SIGINT' }));
});

test('SIGTERM with an idle keep-alive connection open still exits 0 within 10 s', async () => {
  const server = await startServer();
  servers.push(server);
  const conn = await RawConnection.connect(server.port);
  try {
    await conn.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const r = await conn.readResponse();
    assert.equal(r.status, 200);
    // The connection stays open and idle.
    assertCleanExit(await server.stop());
  } finally {
    conn.close();
  }
});

// Issue 15 point 15: a connection that arrives after SIGTERM used to wait
// in the listen backlog until the drain ended and was then reset, so a load
// balancer could not retry it elsewhere in time.
test('connect during the drain after SIGTERM: refused at once, while the request in flight still completes', async () => {
  const server = await startServer();
  servers.push(server);
  const { port } = server;
  const conn = await RawConnection.connect(port);
  try {
    await conn.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345');
    await sleep(200);
    server.proc.kill('SIGTERM');
    await sleep(300);
    const started = Date.now();
    const outcome = await connectionRefused(port);
    const took = Date.now() - started;
    assert.equal(outcome, 'ECONNREFUSED', `a connect 0.3 s after SIGTERM: ${outcome} after ${took} ms`);
    assert.ok(took < 1000, `refused after ${took} ms`);
    assert.ok(server.isRunning(), 'the server is still draining');
    await conn.write('67890');
    const r = await conn.readResponse({ timeoutMs: 10_000 });
    assert.equal(r.status, 405, r.statusLine);
  } finally {
    conn.close();
  }
  assertCleanExit(await server.stop({ signal: null }));
});
