// catalogue.test.mjs — the listing side of the service catalogue over real
// HTTP: an organisation applies to be a provider (typed values kept on an
// error), an administrator rejects it with a reason and approves it
// (audit-logged); a provider's listing waits for review; a change of a
// live listing leaves the live version public until it is approved; a
// rejected change keeps it too; a registration past its end date is
// hidden, and 30 days before it the provider gets one mail; the CSV
// import lists every problem by line and column and imports nothing until
// the file is clean, and the same file twice changes nothing; the CSV
// (with a BOM) and JSON exports of the live catalogue, which import back
// unchanged; and the rights: only the provider's members edit its
// listings, only administrators review.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertCleanExit, makeTmpDir, newDatabase, readMails, request, runCli, sqlite, waitForMail } from './helpers.mjs';
import { startServer } from './helpers.mjs';
import { Browser, createOrg, csrfOf, signUp } from './org_client.mjs';

const ADMIN_PASSWORD = 'granite lighthouse keeps watch';
const PROVIDER_NUMBER = '7123456789012';
const OTHER_NUMBER = '4011001098993';
const CONTACT = 'listings@example.jp';

let server;
let tmpDir;
let dbPath;
let provider; // a member of the provider organisation
let other; // a member of another organisation
let admin;
const db = (sql) => sqlite(dbPath, sql);
const mailDir = () => path.join(tmpDir, 'mail');
/** The mails to the provider's contact whose subject matches re. */
const contactMails = (re) => readMails(mailDir()).filter((m) => m.to === CONTACT && re.test(m.subject));
const contactMail = (re) => waitForMail(mailDir(), (m) => m.to === CONTACT && re.test(m.subject));
const one = (sql) => db(sql)[0];

/** ISO date in Japan, days from today. */
function jstDate(days = 0) {
  return new Date(Date.now() + 9 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

async function makeAdmin(email) {
  const r = runCli(['admin', 'create', '--email', email, '--db', dbPath], { env: { MAMORI_BASE_URL: server.url } });
  assert.equal(r.status, 0, r.stderr);
  const b = new Browser(server.port);
  const link = new URL(r.stdout.trim()).pathname;
  assert.equal((await b.submit(link, { password: ADMIN_PASSWORD })).status, 303, 'welcome');
  const login = await b.submit('/login', { email, password: ADMIN_PASSWORD, next: '' });
  assert.equal(login.status, 303, 'administrator log-in');
  return b;
}

const APPLICATION = Object.freeze({
  company_name: 'さくら精密工業株式会社',
  corporate_number: PROVIDER_NUMBER,
  address: '名古屋市中区丸の内1-2-3',
  contact_name: '桜 花子',
  contact_email: CONTACT,
  contact_phone: '052-123-4567',
});

/** A support bundle as the provider's form sends it. */
function bundleForm(overrides = {}) {
  return {
    kind: 'support_bundle',
    name: 'まもりパック',
    description: '# 概要\n\n相談窓口と**監視**をひとつの契約で。\n\n<script>alert(1)</script>',
    nationwide: '',
    pref_23: '1',
    pref_21: '1',
    on_site: '1',
    price_unit: 'month',
    price_min: '9,800',
    price_max: '',
    bundle_class: '1',
    bundle_monthly_price: '9800',
    bundle_device_price: '1800',
    bundle_min_term_months: '12',
    content_help_desk: '1',
    content_network_monitoring: '1',
    content_on_site_response: '1',
    detail_help_desk: '平日9時から18時、電話とメール',
    detail_network_monitoring: '',
    detail_endpoint_monitoring: '',
    detail_on_site_response: '県内は翌営業日までに訪問',
    detail_cyber_insurance: '',
    product_function: '',
    'tag_item-1': '1',
    'tag_item-12': '1',
    'tag_rule-1': '1',
    url: 'https://example.jp/pack',
    contact: '電話 052-123-4567（平日）',
    registration_number: 'SB-2026-001',
    valid_from: '',
    valid_until: '',
    lang_ja: '1',
    ...overrides,
  };
}

async function exportJson() {
  const r = await admin.get('/admin/services/export.json');
  assert.equal(r.status, 200);
  return JSON.parse(r.text).services;
}

async function submitListing(path, fields) {
  const page = await provider.get(path);
  assert.equal(page.status, 200, `GET ${path}`);
  return provider.req('POST', path, { form: { csrf: csrfOf(page.text), ...fields } });
}

async function review(versionId, action, fields = {}) {
  const page = await admin.get(`/admin/services/versions/${versionId}`);
  assert.equal(page.status, 200);
  return admin.req('POST', `/admin/services/versions/${versionId}/${action}`, { form: { csrf: csrfOf(page.text), ...fields } });
}

const pendingVersion = (listingId) => one(`SELECT id FROM service_version WHERE service_id = ${listingId} AND status = 'pending'`);

before(async () => {
  tmpDir = makeTmpDir();
  dbPath = newDatabase(tmpDir);
  server = await startServer({ tmpDir, dbPath });
  provider = await signUp(server, `provider-${process.pid}@example.jp`);
  await createOrg(provider, { corporate_number: PROVIDER_NUMBER });
  other = await signUp(server, `other-${process.pid}@example.jp`);
  await createOrg(other, { corporate_number: OTHER_NUMBER, name: '青空商店' });
  admin = await makeAdmin(`catalogue-admin-${process.pid}@example.jp`);
});

after(async () => {
  if (server) assertCleanExit(await server.stop(), 'mamori serve');
});

let listingId;

describe('providers', () => {
  test('the application form starts from the organisation and keeps what was typed on an error', async () => {
    const page = await provider.get('/provider');
    assert.equal(page.status, 200);
    assert.match(page.text, /value="さくら精密工業株式会社"/);
    assert.match(page.text, new RegExp(`value="${PROVIDER_NUMBER}"`));
    const r = await provider.req('POST', '/provider/apply', {
      form: { csrf: csrfOf(page.text), ...APPLICATION, corporate_number: '7123456789013', contact_email: 'not an address' },
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /正しい13桁の法人番号/);
    assert.match(r.text, /value="名古屋市中区丸の内1-2-3"/);
    assert.match(r.text, /value="not an address"/);
    assert.equal(one('SELECT count(*) FROM service_provider'), '0');
  });

  test('a provider that is not approved cannot list anything', async () => {
    const r = await provider.get('/provider/services/new');
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/provider');
  });

  test('an administrator rejects with a reason, the organisation applies again, and is approved', async () => {
    const r = await provider.submit('/provider', APPLICATION, '/provider/apply');
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/provider?notice=applied');
    assert.match((await provider.get('/provider')).text, /運営者が申請を確認しています/);
    const id = one('SELECT id FROM service_provider');
    const queue = await admin.get('/admin/services');
    assert.match(queue.text, new RegExp(`/admin/services/providers/${id}`));

    const page = await admin.get(`/admin/services/providers/${id}`);
    const noReason = await admin.req('POST', `/admin/services/providers/${id}/reject`, { form: { csrf: csrfOf(page.text), reason: '' } });
    assert.equal(noReason.status, 422);
    assert.match(page.text, new RegExp(`<a class="button button-secondary" href="/admin/services/providers/${id}/reject">差し戻す</a>`));
    assert.doesNotMatch(page.text, /<textarea id="reason"/, "the application's page does not reject in one click");
    const ask = await admin.get(`/admin/services/providers/${id}/reject`);
    assert.equal(ask.status, 200);
    assert.match(ask.text, /<h1>提供者の申請を差し戻す<\/h1>/);
    assert.match(ask.text, /<p class="lead">さくら精密工業株式会社<\/p>/, 'the applicant is named');
    assert.match(ask.text, new RegExp(`<form method="post" action="/admin/services/providers/${id}/reject" novalidate>`));
    assert.match(ask.text, /<textarea id="reason" name="reason"/);
    assert.match(ask.text, new RegExp(`<a href="/admin/services/providers/${id}">やめて戻る</a>`));
    assert.match(noReason.text, /<h1>提供者の申請を差し戻す<\/h1>/, 'a refused reason is asked for again on the same page');
    assert.equal((await provider.get(`/admin/services/providers/${id}/reject`)).status, 404);
    const rejected = await admin.req('POST', `/admin/services/providers/${id}/reject`, {
      form: { csrf: csrfOf(page.text), reason: '所在地が登記と違います。' },
    });
    assert.equal(rejected.status, 303);
    const decided = await admin.get(`/admin/services/providers/${id}/reject`);
    assert.equal(decided.status, 303, 'nothing to ask about once decided');
    assert.equal(decided.headers.location, `/admin/services/providers/${id}`);
    const mine = await provider.get('/provider');
    assert.match(mine.text, /所在地が登記と違います。/);
    const told = await contactMail(/提供者の申請を差し戻しました/);
    assert.match(told.body, /所在地が登記と違います。/);
    assert.match(told.body, /\/provider/);
    assert.match(mine.text, /action="\/provider\/apply"/);

    assert.equal((await provider.submit('/provider', APPLICATION, '/provider/apply')).status, 303);
    const again = await admin.get(`/admin/services/providers/${id}`);
    const ok = await admin.req('POST', `/admin/services/providers/${id}/approve`, { form: { csrf: csrfOf(again.text) } });
    assert.equal(ok.status, 303);
    assert.match((await provider.get('/provider')).text, /提供者として承認されています/);
    await contactMail(/サービス提供者として承認しました/);
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'provider.reject'`), '1');
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'provider.approve'`), '1');
  });

  test('only administrators see the review pages', async () => {
    for (const p of ['/admin/services', '/admin/services/providers/1', '/admin/services/export.csv']) {
      assert.equal((await provider.get(p)).status, 404, p);
    }
    const anon = await request(server.port, '/provider');
    assert.equal(anon.status, 303);
    assert.match(anon.headers.location, /^\/login\?next=/);
  });
});

describe('listings and their review', () => {
  test('a listing with problems is refused with everything typed kept', async () => {
    const r = await submitListing('/provider/services/new', bundleForm({ price_min: 'abc', pref_23: '', pref_21: '', lang_ja: '' }));
    assert.equal(r.status, 422);
    assert.match(r.text, /料金を税抜の円で/);
    assert.match(r.text, /提供する都道府県を選ぶか/);
    assert.match(r.text, /対応できる言語を一つ以上/);
    assert.match(r.text, /value="まもりパック"/);
    assert.equal(one('SELECT count(*) FROM service'), '0');
  });

  test('a new listing waits for review and is public only once approved', async () => {
    const r = await submitListing('/provider/services/new', bundleForm());
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/provider?notice=submitted');
    listingId = one('SELECT id FROM service');
    assert.deepEqual(await exportJson(), []);
    const queue = await admin.get('/admin/services');
    assert.match(queue.text, /まもりパック/);
    const version = pendingVersion(listingId);
    // the lists show a row per listing, never its description
    assert.match(queue.text, new RegExp(`<tr><td><a href="/admin/services/versions/${version}">まもりパック</a></td><td>さくら精密工業株式会社</td><td>サポートサービス</td><td>[^<]+</td></tr>`));
    const mine = await provider.get('/provider');
    assert.match(mine.text, new RegExp(`<tr><td><a href="/provider/services/${listingId}">まもりパック</a></td><td>サポートサービス</td><td>確認待ち</td></tr>`));
    for (const list of [queue, mine]) assert.doesNotMatch(list.text, /監視<\/strong>|listing-description/);
    const page = await admin.get(`/admin/services/versions/${version}`);
    // the description is CommonMark in safe mode: no raw HTML
    assert.match(page.text, /<strong>監視<\/strong>/);
    assert.doesNotMatch(page.text, /<script>alert/);
    assert.match(page.text, /<h3>概要<\/h3>/, 'its "#" heading sits under the page\'s h2 of the version');
    assert.match(page.text, /9,800円（税抜）／税込 10,780円/);
    assert.equal((await review(version, 'approve')).status, 303);
    const live = await exportJson();
    assert.equal(live.length, 1);
    assert.equal(live[0].name, 'まもりパック');
    assert.equal(live[0].prefectures, '21 23');
    assert.equal(live[0].tags, 'item-1 item-12 rule-1');
    assert.deepEqual(db(`SELECT tag FROM service_tag WHERE service_id = ${listingId} ORDER BY tag`), ['item-1', 'item-12', 'rule-1']);
    assert.deepEqual(db(`SELECT prefecture FROM service_region WHERE service_id = ${listingId} ORDER BY prefecture`), ['21', '23']);
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'service.approve'`), '1');
    await contactMail(/掲載を公開しました（まもりパック）/);
    const pub = await new Browser(server.port).get(`/services/${listingId}`);
    assert.equal(pub.text.match(/<h1[\s>]/g).length, 1, 'the listing\'s name is the one h1');
    assert.match(pub.text, /<h3>概要<\/h3>/, 'the description\'s "#" sits under its h2');
  });

  test('a change of a live listing keeps the live version until it is approved', async () => {
    const r = await submitListing(`/provider/services/${listingId}`, bundleForm({ name: 'まもりパック プラス', nationwide: '1' }));
    assert.equal(r.status, 303);
    assert.equal((await exportJson())[0].name, 'まもりパック');
    const mine = await provider.get(`/provider/services/${listingId}`);
    assert.match(mine.text, /確認待ち/);
    assert.match(mine.text, /（前の版を公開中）/);
    assert.match((await provider.get('/provider')).text, /確認待ち（前の版を公開中）|確認待ち （前の版を公開中）/);
    // a second change before review replaces the first, which is kept
    assert.equal((await submitListing(`/provider/services/${listingId}`, bundleForm({ name: 'まもりパック ワイド', nationwide: '1' }))).status, 303);
    assert.deepEqual(db(`SELECT status FROM service_version WHERE service_id = ${listingId} ORDER BY number`), ['approved', 'withdrawn', 'pending']);
    const version = pendingVersion(listingId);
    const page = await admin.get(`/admin/services/versions/${version}`);
    assert.match(page.text, /公開中の内容/);
    assert.equal(page.text.match(/<h3>概要<\/h3>/g).length, 2, 'the proposed and the live version each show their description');
    assert.equal((await review(version, 'approve')).status, 303);
    const live = await exportJson();
    assert.equal(live[0].name, 'まもりパック ワイド');
    assert.equal(live[0].prefectures, 'all');
    assert.deepEqual(db(`SELECT prefecture FROM service_region WHERE service_id = ${listingId}`), ['0']);
  });

  test('a rejected change keeps the live version and shows the reason to the provider', async () => {
    assert.equal((await submitListing(`/provider/services/${listingId}`, bundleForm({ name: '誤った名前', nationwide: '1' }))).status, 303);
    const version = pendingVersion(listingId);
    assert.equal((await review(version, 'reject', { reason: '' })).status, 422);
    const page = await admin.get(`/admin/services/versions/${version}`);
    assert.match(page.text, new RegExp(`<a class="button button-secondary" href="/admin/services/versions/${version}/reject">差し戻す</a>`));
    assert.doesNotMatch(page.text, /<textarea id="reason"/, "the version's page does not reject in one click");
    const ask = await admin.get(`/admin/services/versions/${version}/reject`);
    assert.equal(ask.status, 200);
    assert.match(ask.text, /<h1>掲載内容の版を差し戻す<\/h1>/);
    assert.match(ask.text, /<p class="lead">誤った名前<\/p>/, 'the listing is named as this version has it');
    assert.match(ask.text, /公開中の版があれば、そのまま公開されます/);
    assert.match(ask.text, new RegExp(`<form method="post" action="/admin/services/versions/${version}/reject" novalidate>`));
    assert.match(ask.text, new RegExp(`<a href="/admin/services/versions/${version}">やめて戻る</a>`));
    assert.equal((await review(version, 'reject', { reason: '名前が契約書と違います。' })).status, 303);
    assert.equal((await admin.get(`/admin/services/versions/${version}/reject`)).headers.location,
      `/admin/services/versions/${version}`, 'nothing to ask about once decided');
    assert.equal((await exportJson())[0].name, 'まもりパック ワイド');
    const mine = await provider.get(`/provider/services/${listingId}`);
    assert.match(mine.text, /名前が契約書と違います。/);
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'service.reject'`), '1');
    assert.match((await contactMail(/掲載内容を差し戻しました（誤った名前）/)).body, /名前が契約書と違います。/);
  });

  test("only the provider's members reach its listings", async () => {
    for (const method of ['GET', 'POST']) {
      const page = await other.get('/org');
      const r = await other.req(method, `/provider/services/${listingId}`, method === 'POST' ? { form: { csrf: csrfOf(page.text), ...bundleForm() } } : {});
      // the other organisation is no provider: it is sent to apply
      assert.equal(r.status, 303, method);
    }
    // an approved provider that is not this listing's gets a 404
    const otherOrg = one(`SELECT organisation_id FROM membership m JOIN "user" u ON u.id = m.user_id WHERE u.email = '${other.email}'`);
    db(`INSERT INTO service_provider (organisation_id, company_name, corporate_number, address, contact_name, contact_email, status, created_at, updated_at) VALUES (${otherOrg}, '青空商店', '${OTHER_NUMBER}', '東京都', '青空', 'a@example.jp', 'approved', 0, 0)`);
    assert.equal((await other.get(`/provider/services/${listingId}`)).status, 404);
    const page = await other.get('/provider/services/new');
    const r = await other.req('POST', `/provider/services/${listingId}`, { form: { csrf: csrfOf(page.text), ...bundleForm({ name: '乗っ取り' }) } });
    assert.equal(r.status, 404);
    assert.equal(one(`SELECT count(*) FROM service_version WHERE name = '乗っ取り'`), '0');
    // and cannot review
    const version = one(`SELECT id FROM service_version WHERE service_id = ${listingId} ORDER BY id DESC LIMIT 1`);
    const tries = await other.req('POST', `/admin/services/versions/${version}/approve`, { form: { csrf: csrfOf(page.text) } });
    assert.equal(tries.status, 404);
  });
});

describe('expiry', () => {
  test('a registration past its end date is hidden, and the provider is told 30 days before', async () => {
    const ended = await submitListing('/provider/services/new', bundleForm({ name: '期限切れパック', valid_from: jstDate(-400), valid_until: jstDate(-1) }));
    assert.equal(ended.status, 303);
    const endedId = one(`SELECT service_id FROM service_version WHERE name = '期限切れパック'`);
    assert.equal((await review(pendingVersion(endedId), 'approve')).status, 303);
    const soon = await submitListing('/provider/services/new', bundleForm({ name: 'もうすぐ更新パック', valid_until: jstDate(10) }));
    assert.equal(soon.status, 303);
    const soonId = one(`SELECT service_id FROM service_version WHERE name = 'もうすぐ更新パック'`);
    assert.equal((await review(pendingVersion(soonId), 'approve')).status, 303);
    const lastDay = await submitListing('/provider/services/new', bundleForm({ name: '今日までパック', valid_until: jstDate(0) }));
    assert.equal(lastDay.status, 303);
    const lastDayId = one(`SELECT service_id FROM service_version WHERE name = '今日までパック'`);
    assert.equal((await review(pendingVersion(lastDayId), 'approve')).status, 303);

    const names = (await exportJson()).map((s) => s.name).sort();
    assert.deepEqual(names, ['まもりパック ワイド', 'もうすぐ更新パック', '今日までパック']);

    // the daily jobs run at start: one mail per end date, however often they run
    const EXPIRY = /の登録が.*に終わります/;
    db(`UPDATE job_lease SET done_day = 0 WHERE name = 'catalogue_expiry'`);
    assertCleanExit(await server.stop(), 'mamori serve');
    server = await startServer({ tmpDir, dbPath });
    provider.port = other.port = admin.port = server.port;
    const mail = await contactMail(/掲載「もうすぐ更新パック」の登録が/);
    assert.match(mail.body, /\/provider/);
    await contactMail(/掲載「今日までパック」の登録が/);
    db(`UPDATE job_lease SET done_day = 0 WHERE name = 'catalogue_expiry'`);
    assertCleanExit(await server.stop(), 'mamori serve');
    server = await startServer({ tmpDir, dbPath });
    provider.port = other.port = admin.port = server.port;
    await new Promise((r) => setTimeout(r, 1500));
    const all = contactMails(EXPIRY).map((m) => m.subject).sort();
    assert.equal(all.length, 2, `one mail for each listing ending within 30 days, once: ${all.join(' | ')}`);
    assert.deepEqual(db(`SELECT CASE WHEN expiry_notice_for <> '' THEN 1 ELSE 0 END FROM service WHERE id IN (${soonId}, ${lastDayId}, ${endedId}) ORDER BY id`).map(Number), [0, 1, 1]);
  });
});

/** A CSV file of rows (arrays in the column order of HEADER). */
const HEADER = [
  'external_key', 'provider_corporate_number', 'kind', 'name', 'description', 'prefectures', 'on_site', 'price_min', 'price_max',
  'price_unit', 'bundle_class', 'bundle_monthly_price', 'bundle_device_price', 'bundle_min_term_months', 'bundle_contents',
  'detail_help_desk', 'detail_network_monitoring', 'detail_endpoint_monitoring', 'detail_on_site_response',
  'detail_cyber_insurance', 'categories', 'product_function', 'tags', 'url', 'contact', 'registration_number', 'valid_from',
  'valid_until', 'languages',
];
function row(values) {
  const base = {
    external_key: 'k1', provider_corporate_number: PROVIDER_NUMBER, kind: 'standard_service', name: '脆弱性診断ライト',
    description: '- ウェブサイトの診断\n- 報告書つき', prefectures: '13 14', on_site: 'no', price_min: '150000', price_max: '300000',
    price_unit: 'once', bundle_class: '', bundle_monthly_price: '', bundle_device_price: '', bundle_min_term_months: '',
    bundle_contents: '', detail_help_desk: '', detail_network_monitoring: '', detail_endpoint_monitoring: '',
    detail_on_site_response: '', detail_cyber_insurance: '', categories: 'vulnerability_assessment', product_function: '',
    tags: 'item-1 item-23', url: 'https://example.jp/scan', contact: 'scan@example.jp', registration_number: '',
    valid_from: '', valid_until: '', languages: 'ja en', ...values,
  };
  return HEADER.map((h) => {
    const v = String(base[h]);
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}
const csvFile = (rows) => [HEADER.join(','), ...rows].join('\r\n') + '\r\n';

async function upload(csv, mode) {
  const page = await admin.get('/admin/services');
  const form = new FormData();
  form.append('csrf', csrfOf(page.text));
  form.append('mode', mode);
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'services.csv');
  const res = await fetch(`${server.url}/admin/services/import`, {
    method: 'POST',
    body: form,
    headers: { Cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text() };
}

describe('CSV import and export', () => {
  test('a dry run lists each problem with its line and column and imports nothing', async () => {
    // each description holds a line break: a line takes two lines of the file
    const csv = csvFile([
      row({}),
      row({ external_key: 'k2', price_min: '十万', prefectures: '48', languages: 'ja fr' }),
      row({ external_key: 'k3', kind: 'it_product', product_function: '', tags: '' }),
      row({ external_key: 'k1' }),
    ]);
    const versions = one('SELECT count(*) FROM service_version');
    for (const mode of ['check', 'import']) {
      const r = await upload(csv, mode);
      assert.equal(r.status, 422, mode);
      const cells = [...r.text.matchAll(/<tr><td>(\d+)<\/td><td>(\d+)<\/td><td>([a-z_]+)<\/td>/g)].map((m) => `${m[1]}:${m[2]}:${m[3]}`);
      assert.deepEqual(cells, ['4:6:prefectures', '4:8:price_min', '4:29:languages', '6:22:product_function', '6:23:tags', '8:1:external_key'], mode);
      assert.equal(one('SELECT count(*) FROM service_version'), versions, `${mode}: nothing imported`);
    }
    const unknown = await upload('external_key,colour\r\nk9,red\r\n', 'check');
    assert.equal(unknown.status, 422);
    assert.match(unknown.text, /<tr><td>1<\/td><td>2<\/td><td><\/td><td>知らない列の名前です。/);
    const quote = await upload(`${HEADER.join(',')}\r\nk1,"unterminated\r\n`, 'check');
    assert.match(quote.text, /<tr><td>2<\/td><td>2<\/td><td><\/td><td>引用符/);
  });

  test('a clean file is checked, then imported live; the same file again changes nothing', async () => {
    const csv = '\uFEFF' + csvFile([row({}), row({ external_key: 'k2', kind: 'it_product', categories: '', product_function: 'メールの添付ファイルを確認する', name: '添付チェッカー' })]);
    const versions = one('SELECT count(*) FROM service_version');
    const checked = await upload(csv, 'check');
    assert.equal(checked.status, 200);
    assert.match(checked.text, /まだ何も取り込んでいません/);
    assert.equal(one('SELECT count(*) FROM service_version'), versions);
    const imported = await upload(csv, 'import');
    assert.equal(imported.status, 200);
    assert.match(imported.text, /新しい掲載<\/dt><dd>2</);
    assert.equal(Number(one('SELECT count(*) FROM service_version')), Number(versions) + 2);
    const names = (await exportJson()).map((s) => s.name);
    assert.ok(names.includes('脆弱性診断ライト') && names.includes('添付チェッカー'));
    const again = await upload(csv, 'import');
    assert.equal(again.status, 200);
    assert.match(again.text, /変わらない掲載<\/dt><dd>2</);
    assert.equal(Number(one('SELECT count(*) FROM service_version')), Number(versions) + 2);
    // a changed line makes one new live version
    const changed = await upload(csvFile([row({ price_min: '120000' })]), 'import');
    assert.match(changed.text, /変わる掲載<\/dt><dd>1</);
    assert.equal((await exportJson()).find((s) => s.external_key === 'k1').price_min, '120000');
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'service.import'`), '3');
  });

  test('the CSV export has a BOM and the import columns, and imports back unchanged', async () => {
    const r = await admin.get('/admin/services/export.csv');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /text\/csv/);
    assert.ok(r.text.startsWith('\uFEFF'), 'BOM');
    assert.ok(r.text.slice(1).startsWith(HEADER.map((h) => `"${h}"`).join(',')), r.text.slice(0, 200));
    const versions = one('SELECT count(*) FROM service_version');
    const back = await upload(r.text, 'import');
    assert.equal(back.status, 200, back.text.slice(0, 3000));
    assert.match(back.text, /新しい掲載<\/dt><dd>0</);
    assert.match(back.text, /変わる掲載<\/dt><dd>0</);
    assert.equal(one('SELECT count(*) FROM service_version'), versions);
    const json = await exportJson();
    assert.ok(json.every((s) => s.provider === 'さくら精密工業株式会社'));
    assert.ok(!json.some((s) => s.name === '期限切れパック'), 'expired listings are not exported');
  });
});

describe('the import page describes the file', () => {
  test('every column the import reads, in its order, with what is required, the limits and the words it takes', async () => {
    for (const [lang, words] of [['ja', { required: '必須', chars: '100文字まで', yen: '0〜100,000,000円', months: '0〜120か月', bytes: '64バイトまで' }],
      ['en', { required: 'Required', chars: 'Up to 100 characters', yen: '0 to 100,000,000 yen', months: '0 to 120 months', bytes: 'Up to 64 bytes' }]]) {
      const page = await admin.get(`/admin/services?lang=${lang}`);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.text, /README/, `${lang}: the page itself says the format`);
      const rows = Object.fromEntries([...page.text.matchAll(/<tr><th scope="row"><code>([a-z_]+)<\/code><\/th>(.*?)<\/tr>/g)]
        .map((m) => [m[1], m[2]]));
      assert.deepEqual(Object.keys(rows), HEADER, `${lang}: the columns of the import, in the export's order`);
      assert.ok(rows.name.includes(`<td>${words.required}</td><td>${words.chars}</td>`), rows.name);
      assert.ok(rows.external_key.includes(words.bytes), rows.external_key);
      assert.ok(rows.price_min.includes(words.yen), rows.price_min);
      assert.ok(rows.bundle_min_term_months.includes(words.months), rows.bundle_min_term_months);
      for (const w of ['support_bundle', 'standard_service', 'it_product']) assert.ok(rows.kind.includes(`<code>${w}</code>`), w);
      for (const w of ['month', 'device_month', 'year', 'once', 'quote']) assert.ok(rows.price_unit.includes(`<code>${w}</code>`), w);
      for (const w of ['ja', 'en', 'zh', 'ko', 'vi', 'pt']) assert.ok(rows.languages.includes(`<code>${w}</code>`), w);
      assert.match(page.text, /<a href="\/admin\/services\/export.csv" download>/, 'the export is the example');
    }
    // what the page says is what the import does: 100 characters pass, 101 do not
    const at = await upload(csvFile([row({ external_key: 'limit', name: 'あ'.repeat(100) })]), 'check');
    assert.equal(at.status, 200, at.text.slice(0, 2000));
    const over = await upload(csvFile([row({ external_key: 'limit', name: 'あ'.repeat(101) })]), 'check');
    assert.equal(over.status, 422);
    assert.match(over.text, /<tr><td>2<\/td><td>4<\/td><td>name<\/td>/);
  });
});

describe('English', () => {
  test('the pages read in English, with no catalogue key shown as text', async () => {
    const version = one(`SELECT id FROM service_version WHERE service_id = ${listingId} ORDER BY id DESC LIMIT 1`);
    const pages = [
      [provider, '/provider?lang=en', /Your organisation is an approved provider/],
      [provider, `/provider/services/${listingId}?lang=en`, /History/],
      [provider, '/provider/services/new?lang=en', /Send for review/],
      [admin, '/admin/services?lang=en', /Listings waiting for review/],
      [admin, `/admin/services/versions/${version}?lang=en`, /before tax/],
      [admin, '/admin/services/providers/1?lang=en', /Corporate number/],
    ];
    for (const [who, p, re] of pages) {
      const r = await who.get(p);
      assert.equal(r.status, 200, p);
      assert.match(r.text, re, p);
      assert.doesNotMatch(r.text, /(?<![\w/.@-])(?:catalogue|mail)\.[a-z_]+\.[a-z_.0-9]+/, p);
    }
  });

  test("mail to the provider's contact is in the contact's language, not the reviewer's", async () => {
    // The contact address has no account: the applicant's language stands for it.
    assert.equal((await provider.submit('/account/profile', { name: '', lang: 'en' })).status, 303);
    const r = await submitListing('/provider/services/new', bundleForm({ name: 'English Pack', valid_until: jstDate(5) }));
    assert.equal(r.status, 303);
    const id = one(`SELECT service_id FROM service_version WHERE name = 'English Pack'`);
    assert.equal((await review(pendingVersion(id), 'approve')).status, 303, 'reviewed on Japanese pages');
    assert.match((await contactMail(/^Listing published \(English Pack\)$/)).body, /is now published in the service catalogue/);
    db(`UPDATE job_lease SET done_day = 0 WHERE name = 'catalogue_expiry'`);
    assertCleanExit(await server.stop(), 'mamori serve');
    server = await startServer({ tmpDir, dbPath });
    provider.port = other.port = admin.port = server.port;
    const until = new Date(`${jstDate(5)}T00:00:00Z`);
    const day = `${until.getUTCDate()} ${until.toLocaleString('en', { month: 'short', timeZone: 'UTC' })} ${until.getUTCFullYear()}`;
    const expiry = await contactMail(/^The registration of "English Pack" ends on /);
    assert.equal(expiry.subject, `The registration of "English Pack" ends on ${day}`);
    assert.equal((await provider.submit('/account/profile', { name: '', lang: 'ja' })).status, 303);
  });
});

describe('demo data', () => {
  test('seed-demo adds invented providers and live listings once', () => {
    const dir = makeTmpDir();
    const demoDb = newDatabase(dir);
    const counts = () => sqlite(demoDb, `SELECT (SELECT count(*) FROM service_provider WHERE status = 'approved') || ' '
      || (SELECT count(*) FROM service WHERE live_version_id IS NOT NULL) || ' ' || (SELECT count(*) FROM service_version)
      || ' ' || (SELECT count(DISTINCT kind) FROM service)`)[0];
    for (const round of [1, 2]) {
      const r = runCli(['seed-demo', '--db', demoDb]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(counts(), '3 8 8 3', `round ${round}`);
    }
    // every demo listing is tagged, so a weak item finds something
    assert.equal(sqlite(demoDb, 'SELECT count(DISTINCT service_id) FROM service_tag')[0], '8');
  });
});
