// policy_site.mjs — a firm's own website for the tests of external policy
// addresses: a node HTTP server on loopback (127.0.0.1, and 127.0.0.2 when
// asked) serving a policy as a web page or a PDF and each way a fetch can
// go wrong. mamori fetches from loopback only when MAMORI_FETCH_ALLOW lists
// it (web/fetch.h); POLICY_SITE_ALLOW is that setting for 127.0.0.1 alone.

import http from 'node:http';

export const POLICY_SITE_ALLOW = '127.0.0.1/32';
export const POLICY_HTML = '<!doctype html><html lang="ja"><title>情報セキュリティ基本方針</title><p>方針です。</p></html>';
export const POLICY_PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
export const MAX_BODY = 2 * 1024 * 1024;

function handle(req, res, site) {
  const url = new URL(req.url, 'http://site');
  site.requests.push(url.pathname + url.search);
  const hop = /^\/hops\/(\d+)$/.exec(url.pathname);
  if (hop) {
    const n = Number(hop[1]);
    res.writeHead(302, { Location: n > 0 ? `/hops/${n - 1}` : '/policy.html' });
    return res.end();
  }
  switch (url.pathname) {
    case '/policy.html':
    case '/security-policy':
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(POLICY_HTML);
    case '/policy.pdf':
      res.writeHead(200, { 'Content-Type': 'application/pdf' });
      return res.end(POLICY_PDF);
    case '/untyped.pdf':
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      return res.end(POLICY_PDF);
    case '/fake.pdf':
      res.writeHead(200, { 'Content-Type': 'application/pdf' });
      return res.end('<html>not a pdf</html>');
    case '/plain':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end('just text');
    case '/image':
      res.writeHead(200, { 'Content-Type': 'image/png' });
      return res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    case '/empty':
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end();
    case '/big': // no Content-Length: the limit must stop the stream itself
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.write('<!doctype html>');
      res.end(Buffer.alloc(MAX_BODY, 'a'));
      return undefined;
    case '/exactly-max':
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end(Buffer.concat([Buffer.from('<html>'), Buffer.alloc(MAX_BODY - 6, 'a')]));
    case '/slow': // headers at once, then a byte a second for ever
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.write('<html>');
      site.timers.push(setInterval(() => res.write('a'), 1000));
      return undefined;
    case '/missing':
      res.writeHead(404, { 'Content-Type': 'text/html' });
      return res.end('<html>not found</html>');
    case '/to': // a redirect to wherever ?url= says
      res.writeHead(302, { Location: url.searchParams.get('url') });
      return res.end();
    default:
      res.writeHead(404);
      return res.end();
  }
}

function listen(server, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server.address().port));
  });
}

/** Starts the site; returns { url(path), url2(path) (127.0.0.2, when second), requests, stop() }. */
export async function startPolicySite({ second = false } = {}) {
  const site = { requests: [], timers: [] };
  const servers = [http.createServer((q, s) => handle(q, s, site))];
  const port = await listen(servers[0], '127.0.0.1');
  let port2 = 0;
  if (second) {
    servers.push(http.createServer((q, s) => handle(q, s, site)));
    port2 = await listen(servers[1], '127.0.0.2');
  }
  site.port = port;
  site.url = (p) => `http://127.0.0.1:${port}${p}`;
  site.url2 = (p) => `http://127.0.0.2:${port2}${p}`;
  site.stop = async () => {
    for (const t of site.timers) clearInterval(t);
    await Promise.all(servers.map((s) => new Promise((resolve) => {
      s.closeAllConnections();
      s.close(resolve);
    })));
  };
  return site;
}
