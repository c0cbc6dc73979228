// bench/slowloris.mjs — how long /healthz takes while a slowloris crowd
// holds the server's connections, against the same /healthz with no crowd
// in the same run. bench/run.sh runs it on its mamori; the tests
// (tests/http/faults.test.mjs) only assert that every answer comes.
//
//   node bench/slowloris.mjs PORT [SECONDS=16]
//
// Quiet: GET /healthz on a new connection from 127.0.0.1, one after
// another 50 ms apart, for SECONDS. Crowd: the same while 69 trickling
// connections from each of 16 addresses (127.0.0.10–25, 1,104 in all:
// more than the server's 64 per address) send a header byte a second
// and are opened again when the server closes them
// (tests/http/slow_clients.mjs). SECONDS should pass the server's
// deadline for a request head (10 s), so that the closing is measured too.
// Prints the p50 and p99 of each, the ratio of the p99s and what the
// crowd saw. Informational: it exits 0 whatever the figures, non-zero only
// when it cannot run.
import { quantile, sampleHealthz, sampleHealthzUnderSlowloris } from '../tests/http/slow_clients.mjs';

const [portArg, secondsArg = '16'] = process.argv.slice(2);
if (!portArg) {
  console.error('usage: node bench/slowloris.mjs PORT [SECONDS]');
  process.exit(2);
}
const port = Number(portArg);
const options = { seconds: Number(secondsArg), timeoutMs: 10_000 };
const ADDRESSES = Array.from({ length: 16 }, (_, i) => `127.0.0.${10 + i}`);
const PER_ADDRESS = 69;

/** "p50 0.4 ms, p99 1.2 ms, 250 asked, 0 failed" and the p99. */
function summary(results) {
  const times = results.filter((r) => r.status === 200).map((r) => r.ms);
  const failed = results.length - times.length;
  const p99 = times.length ? quantile(times, 0.99) : NaN;
  const line = times.length
    ? `p50 ${quantile(times, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`
    : 'no answer';
  return { p99, text: `${line}, ${results.length} asked, ${failed} not answered 200` };
}

const quiet = summary(await sampleHealthz(port, options));
const { results, crowd } = await sampleHealthzUnderSlowloris(port, ADDRESSES, PER_ADDRESS, options);
const loaded = summary(results);
const crowdSize = (ADDRESSES.length * PER_ADDRESS).toLocaleString('en');
console.log(`/healthz, no crowd:                          ${quiet.text}`);
console.log(`/healthz, ${crowdSize} slowloris from ${ADDRESSES.length} addresses: ${loaded.text}`);
console.log(`  the crowd: ${crowd.open} connections open at the end, ${crowd.closedByServer} closed by the server`);
const ratio = loaded.p99 / quiet.p99;
console.log(`ratio p99 with the crowd / without: ${Number.isFinite(ratio) ? ratio.toFixed(2) : '-'}x`);
const flag = loaded.p99 <= 50 ? 'PASS' : 'MISS';
console.log(`goal: /healthz p99 with the crowd ≤ 50 ms: ${Number.isFinite(loaded.p99) ? loaded.p99.toFixed(1) : '-'} ms ${flag}`);
