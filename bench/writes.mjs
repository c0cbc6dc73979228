// bench/writes.mjs — durable writes per second: CLIENTS visitors each save
// the first part of the self-assessment again and again (every save is one
// committed transaction: the draft and its answers), for SECONDS, against
// a mamori at BASE. Prints one line: saves, saves/s, p50 and p99 in ms.
//
//   node bench/writes.mjs http://127.0.0.1:8080 [CLIENTS=8] [SECONDS=10]
//
// Each visitor keeps its own cookies (its anonymous draft and CSRF token)
// on one kept-alive connection. Informational: it exits 0 whatever the
// figures, non-zero only when a save is refused.
import http from 'node:http';

const [base, clientsArg = '8', secondsArg = '10'] = process.argv.slice(2);
if (!base) {
  console.error('usage: node bench/writes.mjs BASE_URL [CLIENTS] [SECONDS]');
  process.exit(2);
}
const url = new URL(base);
const clients = Number(clientsArg);
const seconds = Number(secondsArg);
const ANSWERS = ['done', 'partly', 'not_done', 'dont_know'];

function send(agent, jar, method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = { Cookie: Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ') };
    if (body) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: url.hostname, port: url.port, path, method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        for (const c of res.headers['set-cookie'] ?? []) {
          const [pair] = c.split(';');
          const eq = pair.indexOf('=');
          jar[pair.slice(0, eq)] = pair.slice(eq + 1);
        }
        resolve({ status: res.statusCode, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const field = (html, name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

async function visitor(deadline, times) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const jar = {};
  const page = await send(agent, jar, 'GET', '/assessment/part/1');
  if (page.status !== 200) throw new Error(`GET /assessment/part/1: ${page.status}`);
  const fixed = { csrf: field(page.text, 'csrf'), version: field(page.text, 'version'), org: field(page.text, 'org'), action: 'later' };
  let n = 0;
  while (Date.now() < deadline) {
    const form = new URLSearchParams(fixed);
    for (let item = 1; item <= 5; item++) form.append(`item-${item}`, ANSWERS[(n + item) % ANSWERS.length]);
    const t0 = process.hrtime.bigint();
    const r = await send(agent, jar, 'POST', '/assessment/part/1', form.toString());
    if (r.status !== 303) throw new Error(`save refused: ${r.status} ${r.text.slice(0, 200)}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    n++;
  }
  agent.destroy();
}

const times = [];
const started = Date.now();
const deadline = started + seconds * 1000;
await Promise.all(Array.from({ length: clients }, () => visitor(deadline, times)));
const elapsed = (Date.now() - started) / 1000;
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(`${times.length} saves in ${elapsed.toFixed(1)} s: ${(times.length / elapsed).toFixed(0)} saves/s, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms (${clients} clients)`);
