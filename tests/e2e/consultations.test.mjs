// consultations.test.mjs — a consultation in a real browser on a 360 px
// phone, in Japanese: a supporter opts in as a responder for malware in
// Aichi; a signed-in person opens a consultation from the address the
// incident pages link to (/consultations/new?category=malware&urgency=now),
// choosing Aichi; the responder finds it offered on /responder, takes it
// and answers; the person reads the answer on the consultation's page; a
// supporter added to it finds it on /consultations/participating.
// Every page is checked with axe-core (0 violations), for one <h1>, <html
// lang>, sideways scrolling and tap targets, as the other e2e files do.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import { sqlite } from '../http/helpers.mjs';

import {
  assertNoProblems, checkPage, clickAndWait, launchBrowser, signUpInBrowser, smallTargets, startServer, viewportOptions, watchPage,
} from './helpers.mjs';

const PASSWORD = 'paper lantern by the river';
const WIDTH = 360;
const QUESTION = '事務所のPCのファイルが開けなくなり、身代金を求める画面が出ています。';
const ANSWER = 'すぐにLANケーブルを抜き、電源は切らずにそのままにしてください。';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a responder in the prefecture answers a consultation and its owner reads the answer', { timeout: 180_000 }, async () => {
  const responderCtx = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true });
  const ownerCtx = await browser.newContext({ ...viewportOptions(WIDTH), bypassCSP: true });
  const rp = await responderCtx.newPage();
  const op = await ownerCtx.newPage();
  const rProblems = watchPage(rp);
  const oProblems = watchPage(op);
  const check = (page, name) => checkPage(page, { lang: 'ja', name: `consultations-ja-360-${name}` });

  // the responder: a supporter who opts in for malware in Aichi
  await signUpInBrowser(rp, server, { email: 'responder@example.jp', password: PASSWORD, lang: 'ja' });
  await rp.goto(`${server.url}/supporter`, { waitUntil: 'load' });
  await rp.locator('#kind').selectOption('it_coordinator');
  await rp.locator('#prefecture').selectOption('23');
  await rp.locator('#organisation_name').fill('あいちITサポート');
  await clickAndWait(rp, rp.locator('main form button[type="submit"]'));
  // the header's menu (folded on a phone) links the responder page
  assert.equal(await rp.locator('header a[href="/responder"]').count() > 0, true);
  await rp.goto(`${server.url}/responder`, { waitUntil: 'load' });
  await check(rp, 'responder-empty');
  await rp.locator('#skill-malware').check();
  await rp.locator('#pref-23').check();
  await clickAndWait(rp, rp.locator('main form[action="/responder"] button[type="submit"]'));
  assert.match(await rp.locator('main').innerText(), /保存しました/);

  // the owner: opens a consultation with the facts chosen by the address
  await signUpInBrowser(op, server, { email: 'owner@example.jp', password: PASSWORD, lang: 'ja' });
  // an expert who cannot be chosen (here: none by that number) is said so, and the form goes on
  await op.goto(`${server.url}/consultations/new?expert=999999`, { waitUntil: 'load' });
  await check(op, 'new-expert-refused');
  assert.match(await op.locator('main').innerText(), /選ばれた専門家には、いまこの窓口から相談できません/);
  assert.equal(await op.locator('input[name="expert"]').count(), 0);
  // files encrypted: from whatever page is open, 困ったとき in the header
  // shows the ransomware steps with a button that opens the consultation
  // with the facts chosen; under 6 steps to an opened consultation
  let steps = 0;
  await clickAndWait(op, op.locator('header a[href="/help"]').first());
  steps++;
  assert.equal(new URL(op.url()).pathname, '/help');
  await check(op, 'help');
  await clickAndWait(op, op.locator('main a.button[href^="/consultations/new?category=malware"]'));
  steps++;
  await check(op, 'new');
  assert.equal(await op.locator('#category').inputValue(), 'malware');
  assert.equal(await op.locator('#urgency').inputValue(), 'now');
  await op.locator('#prefecture').selectOption('23');
  steps++;
  await op.locator('#question').fill(QUESTION);
  steps++;
  await clickAndWait(op, op.locator('main form button[type="submit"]'));
  steps++;
  console.log(`from a page's header to an opened consultation: ${steps} steps`);
  assert.ok(steps < 6, `${steps} steps`);
  assert.match(new URL(op.url()).pathname, /^\/consultations\/\d+$/);
  await check(op, 'opened');
  const path = new URL(op.url()).pathname;

  // the responder takes it and answers
  await rp.goto(`${server.url}/responder`, { waitUntil: 'load' });
  await check(rp, 'responder-offer');
  assert.ok(!(await rp.locator('main').innerText()).includes(QUESTION), 'an offer does not show the question');
  await clickAndWait(rp, rp.locator(`main form[action="${path}/accept"] button`));
  assert.equal(new URL(rp.url()).pathname, path);
  await check(rp, 'responder-thread');
  assert.ok((await rp.locator('main').innerText()).includes(QUESTION));
  await rp.locator('#body').fill(ANSWER);
  await clickAndWait(rp, rp.locator(`main form[action="${path}/messages"] button[type="submit"]`));

  // the owner reads it, from the list
  await op.goto(`${server.url}/consultations`, { waitUntil: 'load' });
  await check(op, 'list');
  // the number is the link to the consultation: a thumb must be able to hit it
  assert.deepEqual(await smallTargets(op, { selector: 'main td a' }), [], 'the list\'s links are tap targets');
  await clickAndWait(op, op.locator(`main a[href="${path}"]`));
  await check(op, 'answered');
  const text = await op.locator('main').innerText();
  assert.ok(text.includes(ANSWER), 'the answer is on the page');
  assert.match(text, /回答済み/);

  // a supporter the firm added (written here directly: this owner has no
  // firm to give consent from) finds it on the list of those they take part in
  const [consultationId] = path.split('/').slice(-1);
  sqlite(join(server.tmpDir, 'mamori.db'), `INSERT INTO consultation_participant (consultation_id, user_id, added_at)
    SELECT ${consultationId}, id, 0 FROM "user" WHERE email = 'responder@example.jp'`);
  await rp.goto(`${server.url}/consultations`, { waitUntil: 'load' });
  await clickAndWait(rp, rp.locator('main a[href="/consultations/participating"]'));
  await check(rp, 'participating');
  assert.deepEqual(await smallTargets(rp, { selector: 'main td a' }), [], 'the list\'s links are tap targets');
  assert.equal(await rp.locator(`main a[href="${path}"]`).count(), 1);

  assertNoProblems(rProblems, 'responder');
  assertNoProblems(oProblems, 'owner');
  await responderCtx.close();
  await ownerCtx.close();
});
