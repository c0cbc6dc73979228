// events.test.mjs — communities and events in a real browser on a 360 px
// phone, in Japanese: an organiser (named by an administrator, here put in
// by SQL) announces a seminar from the community's page; an attendee finds
// it from the header's イベント link with the filters, registers, and gets
// its calendar file; once it has taken place the organiser exports the
// attendees (CSV with a BOM) and marks attendance. Every page is checked
// with axe-core (0 violations), for one <h1>, <html lang>, sideways
// scrolling and tap targets, as the other e2e files do.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  assertNoProblems, assertResultsOnScreen, checkPage, clickAndWait, launchBrowser, signUpInBrowser, startServer,
  viewportOptions, watchPage,
} from './helpers.mjs';

const PASSWORD = 'northern lights over the harbour';
const WIDTH = 360;
const TITLE = '中小企業のためのランサムウェア対策セミナー';

let server;
let browser;

function db(sql) {
  const r = spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 5000', path.join(server.tmpDir, 'mamori.db'), sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

/** The Japan date of a Unix time, as a date field takes it. */
function japanDate(t) {
  return new Date((t + 9 * 3600) * 1000).toISOString().slice(0, 10);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('find an event, register, get its calendar file; the organiser exports attendees and marks attendance', { timeout: 240_000 }, async () => {
  const orgCtx = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true, acceptDownloads: true });
  const attCtx = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true, acceptDownloads: true });
  const op = await orgCtx.newPage();
  const ap = await attCtx.newPage();
  const oProblems = watchPage(op);
  const aProblems = watchPage(ap);
  const check = (page, name) => checkPage(page, { lang: 'ja', name: `events-ja-360-${name}` });

  await signUpInBrowser(op, server, { email: 'organiser@example.jp', password: PASSWORD, lang: 'ja' });
  await signUpInBrowser(ap, server, { email: 'attendee@example.jp', password: PASSWORD, lang: 'ja' });
  const cid = db(`INSERT INTO community (name, prefectures, industry, description, join_policy, created_at, updated_at)
    VALUES ('北の国 地域セキュリティ連絡会', 1, '', '道内の中小企業と支援者の集まりです。', 'open', 1, 1) RETURNING id`)[0];
  db(`INSERT INTO community_organiser (community_id, user_id, added_at)
    SELECT ${cid}, id, 1 FROM "user" WHERE email = 'organiser@example.jp'`);

  // the organiser announces a seminar from the community's page
  await op.goto(`${server.url}/communities/${cid}`, { waitUntil: 'load' });
  await check(op, 'community-organiser');
  await clickAndWait(op, op.locator(`main a[href="/communities/${cid}/events/new"]`));
  await check(op, 'event-new');
  const start = japanDate(Math.floor(Date.now() / 1000) + 10 * 86400);
  await op.locator('#kind').selectOption('seminar');
  await op.locator('#title').fill(TITLE);
  await op.locator('#description').fill('被害の実例と、明日からできる対策を学びます。');
  await op.locator('#date').fill(start);
  await op.locator('#time').fill('14:00');
  await op.locator('#place').fill('札幌市中央区北1条西1丁目 会議室');
  await op.locator('#prefecture').selectOption('1');
  await op.locator('#capacity').fill('30');
  await op.locator('#closes_date').fill(start);
  await op.locator('#closes_time').fill('12:00');
  await clickAndWait(op, op.locator('main form button[type="submit"]'));
  assert.match(new URL(op.url()).pathname, /^\/events\/\d+$/, await op.locator('main').innerText());
  await check(op, 'event-created');
  const eventPath = new URL(op.url()).pathname;

  // the attendee finds it from the header, with the filters
  await ap.goto(`${server.url}/home`, { waitUntil: 'load' });
  const menu = ap.locator('header details.site-nav-menu');
  await menu.locator('summary').click();
  await clickAndWait(ap, menu.locator('a[href="/events"]'));
  assert.equal(new URL(ap.url()).pathname, '/events');
  await check(ap, 'events');
  await ap.locator('#prefecture').selectOption('1');
  await ap.locator('#kind').selectOption('seminar');
  await clickAndWait(ap, ap.locator('main form.events-search button[type="submit"]'));
  await assertResultsOnScreen(ap);
  await check(ap, 'events-filtered');
  await clickAndWait(ap, ap.locator(`main a[href="${eventPath}"]`));
  await check(ap, 'event');
  await clickAndWait(ap, ap.locator(`main form[action="${eventPath}/register"] button[type="submit"]`));
  assert.match(await ap.locator('main').innerText(), /参加登録しました/);
  await check(ap, 'event-registered');

  // its calendar file
  const [download] = await Promise.all([ap.waitForEvent('download'), ap.locator(`main a[href="${eventPath}.ics"]`).click()]);
  const ics = fs.readFileSync(await download.path(), 'utf8');
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics, /DTSTART;TZID=Asia\/Tokyo:\d{8}T140000\r\n/);
  assert.ok(ics.replace(/\r\n /g, '').includes(TITLE));

  // the seminar took place: the organiser exports the attendees and marks attendance
  const id = eventPath.split('/')[2];
  const past = Math.floor(Date.now() / 1000) - 3600;
  db(`UPDATE event SET starts_at = ${past}, registration_opens_at = ${past - 86400}, registration_closes_at = ${past} WHERE id = ${id}`);
  await op.goto(`${server.url}${eventPath}`, { waitUntil: 'load' });
  await clickAndWait(op, op.locator(`main a[href="${eventPath}/attendees"]`));
  await check(op, 'attendees');
  // the boxes to tick come first: on a phone they are on screen, not past the table's right edge
  const box = await op.locator('main input[type="checkbox"][name^="present_"]').first().boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= WIDTH / 2, `the first box is at the left (${box.x})`);
  const [csv] = await Promise.all([op.waitForEvent('download'), op.locator(`main a[href="${eventPath}/attendees.csv"]`).click()]);
  const csvText = fs.readFileSync(await csv.path(), 'utf8');
  assert.ok(csvText.startsWith('\uFEFF'), 'a BOM for Excel');
  assert.ok(csvText.includes('attendee@example.jp'));
  await op.locator('main input[type="checkbox"][name^="present_"]').first().check();
  await clickAndWait(op, op.locator(`main form[action="${eventPath}/attendance"] button[type="submit"]`));
  assert.match(await op.locator('main').innerText(), /出席を保存しました/);
  await check(op, 'attendance-saved');
  assert.equal(db(`SELECT attended FROM event_registration WHERE event_id = ${id}`)[0], '1');

  // the other pages of the area, as they look on a phone
  for (const [page, url, name] of [
    [ap, '/', 'home'],
    [ap, '/communities', 'communities'],
    [ap, `/communities/${cid}`, 'community'],
    [ap, '/supporter/trainings', 'trainings'],
    [ap, '/home', 'mypage'],
    [op, `/communities/${cid}/members`, 'members'],
    [op, `/communities/${cid}/edit`, 'community-edit'],
    [op, `${eventPath}/message`, 'message'],
    [op, `${eventPath}/edit`, 'event-edit'],
  ]) {
    const resp = await page.goto(`${server.url}${url}`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200, url);
    await check(page, name);
  }
  await ap.goto(`${server.url}/communities/${cid}`, { waitUntil: 'load' });
  await clickAndWait(ap, ap.locator(`main form[action="/communities/${cid}/join"] button[type="submit"]`));
  assert.match(await ap.locator('main').innerText(), /コミュニティに参加しました/);
  await check(ap, 'community-joined');

  assertNoProblems(oProblems, 'organiser');
  assertNoProblems(aProblems, 'attendee');
  await orgCtx.close();
  await attCtx.close();
});
