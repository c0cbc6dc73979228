// slow_clients.mjs — /healthz asked again and again, on a new connection
// each time, while a crowd of slowloris clients (slowloris_crowd.mjs, in a
// worker) holds the server's connections. tests/http/faults.test.mjs uses
// it to assert that every /healthz is answered; bench/slowloris.mjs to
// measure how long the answers take. Nothing here asserts a time.

import { once } from 'node:events';
import net from 'node:net';
import { Worker } from 'node:worker_threads';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The q-quantile of values by nearest rank (p99 of 200 samples is the
 * second slowest). */
export const quantile = (values, q) =>
  [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(values.length * q) - 1)];

/** Starts a crowd of slowloris clients (slowloris_crowd.mjs) in a worker;
 * resolves once it is connected, with stop() → { open, closedByServer }. */
export async function slowloris(port, addresses, perAddress) {
  const worker = new Worker(new URL('./slowloris_crowd.mjs', import.meta.url), {
    workerData: { port, addresses, perAddress },
  });
  await once(worker, 'message');
  return {
    async stop() {
      worker.postMessage('stop');
      const [stats] = await once(worker, 'message');
      await worker.terminate();
      return stats;
    },
  };
}

/** GET /healthz on a new connection from `address`; resolves with the
 * status (0: refused, reset, or no answer within timeoutMs) and the time
 * it took in ms. */
export function timedHealthz(port, address, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
    const s = net.connect({ host: '127.0.0.1', port, localAddress: address });
    let answer = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      resolve({ status: m ? Number(m[1]) : 0, ms: ms() });
    };
    const timer = setTimeout(finish, timeoutMs);
    s.on('connect', () => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    s.on('data', (d) => {
      answer += d.toString('latin1');
      if (answer.endsWith('ok\n')) finish();
    });
    s.on('error', finish);
    s.on('close', finish);
  });
}

/** /healthz from 127.0.0.1 one after another, 50 ms apart, for `seconds`
 * (or `samples` answers, whichever comes first); stops early after 5
 * failed ones (a lock-out: no need to go on). Resolves with every
 * { status, ms }. */
export async function sampleHealthz(port, { seconds, samples = Infinity, timeoutMs }) {
  const results = [];
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until && results.length < samples) {
    results.push(await timedHealthz(port, '127.0.0.1', timeoutMs));
    if (results.filter((r) => r.status !== 200).length >= 5) break;
    await sleep(50);
  }
  return results;
}

/** sampleHealthz while perAddress slowloris connections from each of
 * addresses are held; resolves with { results, crowd: { open,
 * closedByServer } }. */
export async function sampleHealthzUnderSlowloris(port, addresses, perAddress, options) {
  const crowd = await slowloris(port, addresses, perAddress);
  let results;
  try {
    results = await sampleHealthz(port, options);
  } catch (e) {
    await crowd.stop();
    throw e;
  }
  return { results, crowd: await crowd.stop() };
}
