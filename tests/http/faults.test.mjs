// Faults measured from outside (issue 15, points 14 to 18): slow clients,
// memory after oversized uploads, a full disk or a read-only database.
// Each test is named after the attack or fault it stands against.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import { assertCleanExit, request, sleep, startServer } from './helpers.mjs';

/** The server's resident memory in MiB, from /proc. */
function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
  return kb / 1024;
}

/** Sends a chunked body of `total` bytes in 64 KiB chunks; resolves with
 * the status line, or 'closed' when the server cut the connection. */
function chunkedUpload(port, path, total) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let answer = '';
    let done = false;
    const finish = (v) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(v);
    };
    socket.on('error', () => finish(answer.split('\r\n')[0] || 'closed'));
    socket.on('close', () => finish(answer.split('\r\n')[0] || 'closed'));
    socket.on('data', (d) => {
      answer += d.toString('latin1');
    });
    socket.on('connect', async () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 'T1234567890123\n');
      const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
      for (let sent = 0; sent < total && !done; sent += chunk.length) {
        if (!socket.write(framed)) await new Promise((r) => socket.once('drain', r));
      }
      if (!done) socket.write('0\r\n\r\n');
    });
    setTimeout(() => finish('timeout'), 60_000);
  });
}

describe('oversized chunked uploads', () => {
  let server;
  before(async () => {
    server = await startServer({ threads: 4 });
  });
  after(async () => assertCleanExit(await server.stop()));

  test('memory bloat by repeated 20 MB chunked uploads: RSS returns to its level before the burst', async (t) => {
    for (let i = 0; i < 20; i++) assert.equal((await request(server.port, '/healthz')).status, 200);
    await sleep(500);
    const before = rssMiB(server.proc.pid);
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => chunkedUpload(server.port, '/verify/batch', 20 * 1024 * 1024)),
      );
      for (const a of answers) assert.ok(!/ 5\d\d /.test(a), `an oversized upload: ${a}`);
    }
    await sleep(1500);
    const afterBurst = rssMiB(server.proc.pid);
    t.diagnostic(`RSS ${before.toFixed(1)} MiB before, ${afterBurst.toFixed(1)} MiB after 12 uploads of 20 MB`);
    assert.equal((await request(server.port, '/healthz')).status, 200);
    assert.ok(afterBurst - before < 12, `RSS grew from ${before.toFixed(1)} to ${afterBurst.toFixed(1)} MiB`);
  });
});
