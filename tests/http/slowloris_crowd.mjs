// slowloris_crowd.mjs — a crowd of slowloris clients, run in a worker
// thread so that its thousand sockets do not delay the measuring client's
// event loop (tests/http/faults.test.mjs).
//
// Each connection sends an unfinished request head, then one more header
// byte a second; a connection the server closes is opened again a second
// later, as attack tools do. workerData: { port, addresses, perAddress }.
// Posts 'ready' once every connection was tried; on 'stop', posts
// { open, closedByServer } and ends.

import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

const { port, addresses, perAddress } = workerData;
const sockets = new Set();
let stopped = false;
let closedByServer = 0;

function open(address) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: address });
    sockets.add(s);
    s.setNoDelay(true);
    s.on('connect', () => {
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      resolve();
    });
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => {
      resolve();
      sockets.delete(s);
      if (stopped) return;
      closedByServer++;
      setTimeout(() => !stopped && open(address), 1000);
    });
  });
}

const drip = setInterval(() => {
  for (const s of sockets) if (s.readyState === 'open') s.write('a');
}, 1000);

parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  stopped = true;
  clearInterval(drip);
  const open = [...sockets].filter((s) => s.readyState === 'open').length;
  for (const s of sockets) s.destroy();
  parentPort.postMessage({ open, closedByServer });
  parentPort.close();
});

const targets = addresses.flatMap((a) => Array.from({ length: perAddress }, () => a));
for (let i = 0; i < targets.length; i += 100) {
  await Promise.all(targets.slice(i, i + 100).map(open));
}
parentPort.postMessage('ready');
