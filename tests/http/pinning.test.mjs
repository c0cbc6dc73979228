// pinning.test.mjs — MAMORI_PIN_THREADS keeps each serving thread on a core
// of its own (read back from /proc), and serving is unchanged; without it
// the threads may run anywhere.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { test } from 'node:test';

import { assertCleanExit, startServer, waitFor } from './helpers.mjs';

/** Cpus_allowed_list of each MHD pool thread of pid. */
function workerCpus(pid) {
  const out = [];
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    const comm = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    if (!comm.startsWith('MHD-worker')) continue;
    const status = fs.readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    out.push(/^Cpus_allowed_list:\s*(\S+)/m.exec(status)[1]);
  }
  return out;
}

/** count requests at once, each on a new connection. */
async function burst(port, count) {
  const agent = new http.Agent({ keepAlive: false });
  const one = () => new Promise((resolve, reject) => {
    http.get({ port, path: '/healthz', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
  return Promise.all(Array.from({ length: count }, one));
}

const cores = os.availableParallelism();

test('MAMORI_PIN_THREADS=1: each serving thread on a core of its own', async () => {
  const server = await startServer({ threads: 2, env: { MAMORI_PIN_THREADS: '1' } });
  try {
    // the line may reach us a moment after the first answer
    await waitFor(() => /with 2 threads, each kept on a core of its own/.test(server.stderr()), { what: 'the pinning line' });
    let cpus = [];
    // a thread is pinned at its first request; new connections spread over both
    for (let round = 0; round < 50; round++) {
      const statuses = await burst(server.port, 16);
      assert.ok(statuses.every((s) => s === 200));
      cpus = workerCpus(server.proc.pid);
      if (cpus.every((c) => /^\d+$/.test(c))) break;
    }
    assert.equal(cpus.length, 2, 'two pool threads');
    for (const c of cpus) assert.match(c, /^\d+$/, `pinned to one CPU (${cpus.join(', ')})`);
    if (cores >= 2) assert.notEqual(cpus[0], cpus[1], 'on different CPUs');
  } finally {
    assertCleanExit(await server.stop());
  }
});

test('without it the serving threads are not pinned', async () => {
  const server = await startServer({ threads: 2 });
  try {
    assert.doesNotMatch(server.stderr(), /kept on a core/);
    await burst(server.port, 16);
    if (cores >= 2) for (const c of workerCpus(server.proc.pid)) assert.doesNotMatch(c, /^\d+$/);
  } finally {
    assertCleanExit(await server.stop());
  }
});
