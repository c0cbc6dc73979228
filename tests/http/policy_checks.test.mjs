// policy_checks.test.mjs — the daily check of a policy published at the
// firm's own address (app/policy_checks.h): each run of the server's daily
// jobs (one at start; a restart with the lease forgotten is the next day)
// fetches the address once if it was not fetched in the last 20 hours; a
// readable page ends an outage; after 7 failed daily checks in a row the
// owners get one notice with the date the publication lapses; 30 days
// after the notice, if still unreadable, the policy is unpublished, a ★★
// declaration becomes ★ and the owners are told.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { assertCleanExit, makeTmpDir, newDatabase, sleep, sqlite, startServer } from './helpers.mjs';
import { createOrg, mailsTo, nextMail, signUp } from './org_client.mjs';
import { POLICY_HTML, POLICY_SITE_ALLOW } from './policy_site.mjs';

const DAY = 86400;
const OWNER = `policy-checks-${process.pid}@example.jp`;
let server;
let tmpDir;
let dbPath;
let site;
let readable = true;
const requests = [];
const db = (sql) => sqlite(dbPath, sql);
const start = () => startServer({ tmpDir, dbPath, env: { MAMORI_FETCH_ALLOW: POLICY_SITE_ALLOW } });
let org; // the organisation's id
let url; // its policy's address
let owner; // the owner's browser
let base; // the policy builder's address

/** The next day's run of the daily jobs: the day's lease forgotten and the
 * last fetch a day older, so the address is due again. */
async function nextDay() {
  db(`UPDATE job_lease SET done_day = 0 WHERE name = 'policy_checks'`);
  db(`UPDATE policy_fetch SET fetched_at = fetched_at - ${DAY}`);
  const before = requests.length;
  assertCleanExit(await server.stop(), 'mamori serve');
  server = await start();
  for (let i = 0; i < 100 && requests.length === before; i++) await sleep(50);
  assert.equal(requests.length, before + 1, 'the address was fetched once');
  await sleep(300); // the check's transaction after the fetch
}

function mailText(eml) {
  const body = eml.split(/\r?\n\r?\n/).slice(1).join('\n\n');
  return /Content-Transfer-Encoding: base64/i.test(eml) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
}

const outage = () => db(`SELECT failures, CASE WHEN noticed_at IS NULL THEN 0 ELSE 1 END FROM policy_outage WHERE organisation_id = ${org}`);

before(async () => {
  site = http.createServer((req, res) => {
    requests.push(req.url);
    if (!readable) {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      return res.end('<html>gone</html>');
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    return res.end(POLICY_HTML);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${site.address().port}/policy.html`;
  tmpDir = makeTmpDir();
  dbPath = newDatabase(tmpDir);
  server = await start();
  owner = await signUp(server, OWNER);
  await createOrg(owner, { corporate_number: '4011001098993' });
  org = db(`SELECT organisation_id FROM membership m JOIN "user" u ON u.id = m.user_id WHERE u.email = '${OWNER}'`)[0];
  const pid = db(`SELECT public_id FROM organisation WHERE id = ${org}`)[0];
  base = `/policy/edit/${pid}`;
  const r = await owner.submit(`${base}/external`, { url });
  assert.equal(r.status, 303, r.text.slice(0, 500));
});

after(async () => {
  if (server) assertCleanExit(await server.stop(), 'mamori serve');
  site?.closeAllConnections();
  site?.close();
});

describe('the daily check of a policy at the firm\'s own address', () => {
  test('an address fetched in the last 20 hours is not fetched again', async () => {
    const before = requests.length;
    db(`UPDATE job_lease SET done_day = 0 WHERE name = 'policy_checks'`);
    assertCleanExit(await server.stop(), 'mamori serve');
    server = await start();
    await sleep(1000);
    assert.equal(requests.length, before, 'published an hour ago: not due');
  });

  test('a failed check starts an outage; a readable one ends it', async () => {
    readable = false;
    await nextDay();
    assert.deepEqual(outage(), ['1|0']);
    await nextDay();
    assert.deepEqual(outage(), ['2|0']);
    readable = true;
    await nextDay();
    assert.deepEqual(outage(), [], 'one readable check ends it');
    owner.port = server.port;
    assert.doesNotMatch((await owner.get(base)).text, /開けなくなった日/, 'no warning once readable');
    assert.equal(db(`SELECT outcome FROM policy_fetch WHERE organisation_id = ${org} ORDER BY id DESC LIMIT 1`)[0], 'ok');
  });

  test('7 failed daily checks in a row bring one notice with the date it lapses', async () => {
    readable = false;
    const seen = mailsTo(server.tmpDir, OWNER).length;
    await nextDay();
    // six days of failures already behind it
    db(`UPDATE policy_outage SET since = since - 6 * ${DAY}, failures = 6 WHERE organisation_id = ${org}`);
    await nextDay();
    assert.deepEqual(outage(), ['7|1']);
    const mail = mailText(await nextMail(server.tmpDir, OWNER, seen));
    assert.match(mail, /7日続けて開けませんでした/);
    assert.ok(mail.includes(url), 'names the address');
    const lapse = new Date((Date.now() / 1000 + 30 * DAY + 9 * 3600) * 1000);
    assert.ok(mail.includes(`${lapse.getUTCFullYear()}年${lapse.getUTCMonth() + 1}月${lapse.getUTCDate()}日`), 'says when it lapses');
    assert.match(mail, /\/unsubscribe\/[A-Za-z0-9_-]{43}/);
    owner.port = server.port; // the same session, on the restarted server
    const page = await owner.get(base);
    assert.equal(page.status, 200);
    assert.match(page.text, /notice-warning[^]*開けなくなった日/, 'the owner\'s page warns too');
    assert.ok(page.text.includes(`${lapse.getUTCFullYear()}年${lapse.getUTCMonth() + 1}月${lapse.getUTCDate()}日`), 'with the day it lapses');
    await nextDay();
    await sleep(300);
    assert.deepEqual(outage(), ['8|1']);
    assert.equal(mailsTo(server.tmpDir, OWNER).length, seen + 1, 'one notice only');
  });

  test('30 days after the notice the publication lapses and ★★ becomes ★', async () => {
    const at = Math.floor(Date.now() / 1000) - 100 * DAY;
    db(`INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana, prefecture, industry, level, status,
          declared_at, changed_at) VALUES ('90000099987', ${org}, 'n', 'n', 13, 'E', 2, 'active', ${at}, ${at})`);
    db(`UPDATE policy_outage SET noticed_at = noticed_at - 29 * ${DAY} WHERE organisation_id = ${org}`);
    const seen = mailsTo(server.tmpDir, OWNER).length;
    await nextDay();
    assert.deepEqual(db(`SELECT count(*) FROM policy_publication WHERE organisation_id = ${org}`), ['1'], 'a day before: still published');
    db(`UPDATE policy_outage SET noticed_at = noticed_at - ${DAY} WHERE organisation_id = ${org}`);
    await nextDay();
    assert.deepEqual(db(`SELECT count(*) FROM policy_publication WHERE organisation_id = ${org}`), ['0'], 'unpublished');
    assert.deepEqual(outage(), [], 'the outage is over');
    assert.deepEqual(db(`SELECT level FROM declaration WHERE public_id = '90000099987'`), ['1'], '★★ became ★');
    const mail = mailText(await nextMail(server.tmpDir, OWNER, seen));
    assert.match(mail, /公開を取り下げました/);
    assert.match(mail, /一つ星（★）になっています/);
  });

  test('once unpublished, the address is not fetched any more', async () => {
    const before = requests.length;
    db(`UPDATE job_lease SET done_day = 0 WHERE name = 'policy_checks'`);
    db(`UPDATE policy_fetch SET fetched_at = fetched_at - ${DAY}`);
    assertCleanExit(await server.stop(), 'mamori serve');
    server = await start();
    await sleep(1000);
    assert.equal(requests.length, before);
  });
});
