// nudge.test.mjs — the yearly reminder: an organisation whose latest
// self-assessment result is a year old gets, at the next daily run of the
// server (which runs at start), one mail per owner saying why it came,
// with a link to the self-assessment and a one-click link that needs no
// log-in; it comes once, and never again after that link's button. And
// the organisation's own trend on マイページ.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertCleanExit, makeTmpDir, newDatabase, sleep, sqlite, startServer } from './helpers.mjs';
import { Browser, createOrg, csrfOf, mailsTo, nextMail, signUp } from './org_client.mjs';

const DAY = 86400;
let server;
let tmpDir;
let dbPath;
const db = (sql) => sqlite(dbPath, sql);
const start = () => startServer({ tmpDir, dbPath });
const OWNER = `nudge-owner-${process.pid}@example.jp`;
let ownerBrowser;

/** Stops and starts the server on the next day: the daily jobs run at
 * start, and today's run is forgotten as a new day would. */
async function restart() {
  db(`UPDATE job_lease SET done_day = 0 WHERE name = 'nudges'`);
  assertCleanExit(await server.stop(), 'mamori serve');
  server = await start();
}

before(async () => {
  tmpDir = makeTmpDir();
  dbPath = newDatabase(tmpDir);
  server = await start();
  ownerBrowser = await signUp(server, OWNER);
  await createOrg(ownerBrowser, { corporate_number: '4011001098993' });
});

after(async () => {
  if (server) assertCleanExit(await server.stop(), 'mamori serve');
});

function mailText(eml) {
  const body = eml.split(/\r?\n\r?\n/).slice(1).join('\n\n');
  return /Content-Transfer-Encoding: base64/i.test(eml) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
}

describe('the yearly reminder', () => {
  let link; // the one-click path

  test('a result a year old brings one mail to the owner, saying why, once', async () => {
    const org = db(`SELECT organisation_id FROM membership m JOIN "user" u ON u.id = m.user_id WHERE u.email = '${OWNER}'`)[0];
    const taken = Math.floor(Date.now() / 1000) - 366 * DAY;
    db(`INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1, part2, part3, submit_token)
        VALUES (${org}, 'v1', ${taken}, 64, 16, 36, 12, 'nudge-${process.pid}')`);
    const seen = mailsTo(server.tmpDir, OWNER).length;
    await restart();
    const mail = mailText(await nextMail(server.tmpDir, OWNER, seen));
    assert.match(mail, /1年がたちました/);
    assert.match(mail, new RegExp(`${OWNER.replace(/[.+]/g, '\\$&')} が.*所有者として登録されていて`));
    assert.match(mail, /\/assessment\b/);
    link = new URL(mail.match(/https?:\/\/\S+\/unsubscribe\/[A-Za-z0-9_-]{43}/)[0]).pathname;
    assert.equal(db(`SELECT count(*) FROM nudge_sent WHERE organisation_id = ${org} AND kind = 'reassess_12'`)[0], '1');

    // the next day's run sends nothing more for that result
    await restart();
    await sleep(500);
    assert.equal(mailsTo(server.tmpDir, OWNER).length, seen + 1, 'one reminder only');
  });

  test('a ★ six months old brings one note of what ★★ still needs', async () => {
    const org = db(`SELECT organisation_id FROM membership m JOIN "user" u ON u.id = m.user_id WHERE u.email = '${OWNER}'`)[0];
    const at = Math.floor(Date.now() / 1000) - 183 * DAY;
    db(`INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana, prefecture, industry, level, status,
          declared_at, changed_at) VALUES ('90000099995', ${org}, 'n', 'n', 13, 'E', 1, 'active', ${at}, ${at})`);
    const seen = mailsTo(server.tmpDir, OWNER).length;
    await restart();
    const mail = mailText(await nextMail(server.tmpDir, OWNER, seen));
    assert.match(mail, /一つ星（★）を宣言してから/);
    assert.match(mail, /基本方針をつくって公開する/, 'the policy is missing');
    assert.doesNotMatch(mail, /自己診断を受ける（25問）/, 'the self-assessment is there');
    assert.match(mail, /\/home\b/);
    await restart();
    await sleep(500);
    assert.equal(mailsTo(server.tmpDir, OWNER).length, seen + 1, 'once');
  });

  test('the one-click link needs no log-in; its button stops the reminders', async () => {
    const anon = new Browser(server.port);
    const page = await anon.get(link);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(OWNER));
    const done = await anon.req('POST', link, { form: { csrf: csrfOf(page.text) } });
    assert.equal(done.status, 200);
    assert.match(done.text, /お知らせメールを止めました/);
    assert.equal(db(`SELECT count(*) FROM nudge_optout o JOIN "user" u ON u.id = o.user_id WHERE u.email = '${OWNER}'`)[0], '1');
    // a second time changes nothing
    const again = await anon.get(link);
    assert.equal(again.status, 200);
    assert.match(again.text, /お知らせメールを止めました/);
  });

  test('after that, the 13-month reminder does not go to the owner', async () => {
    const seen = mailsTo(server.tmpDir, OWNER).length;
    db(`UPDATE assessment_result SET taken_at = taken_at - 30 * ${DAY} WHERE submit_token = 'nudge-${process.pid}'`);
    await restart();
    await sleep(500);
    assert.equal(db(`SELECT count(*) FROM nudge_sent WHERE kind = 'reassess_13'`)[0], '1', 'the reminder was due');
    assert.equal(mailsTo(server.tmpDir, OWNER).length, seen, 'but nobody left to send it to');
  });

  test('マイページ shows the organisation\'s own score year by year', async () => {
    ownerBrowser.port = server.port; // the same session, on the restarted server
    const page = await ownerBrowser.get('/home');
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('<h2 id="trend-heading">'));
    const year = new Date((Date.now() / 1000 - 396 * DAY + 9 * 3600) * 1000).getUTCFullYear();
    assert.match(page.text, new RegExp(`<th scope="row">${year}</th><td>64</td>`));
    assert.ok(page.text.includes('id="trend-chart-title"'), 'the chart beside the table');
  });

  test('an unknown link, and a POST without the form\'s token, are refused', async () => {
    const anon = new Browser(server.port);
    assert.equal((await anon.get(`/unsubscribe/${'x'.repeat(43)}`)).status, 410);
    assert.equal((await anon.req('POST', link, { form: {} })).status, 403);
  });
});
