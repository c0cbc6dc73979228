// Finding services over real HTTP: /services with every filter, one- and
// two-character queries, kana and kanji variants, paging, the default
// prefecture of a signed-in firm and the way to clear it; the listing
// page; the comparison and its bounds; GET /api/v1/services and its JSON;
// only approved listings within their dates are found; and the links from
// a weak item of a self-assessment result to its listings in the firm's
// prefecture and to a comparison of three; and the cache of both pages'
// bodies for anonymous visitors, which never shows a listing as it was
// before an approved change, a hidden or deleted listing, another
// language's body, or an anonymous body to a signed-in member.
//
// Listings are written into the database as the catalogue stores them
// (provider, listing, approved version made live) and the index is
// rebuilt with `mamori services reindex`, so these tests need nothing of
// the catalogue's own pages.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertCleanExit, runCli, sqlString as q, sqlite, startServer } from './helpers.mjs';
import { Browser, createOrg, csrfOf, signUp } from './org_client.mjs';
import { responseSchema, schemaErrors } from './verify_fixtures.mjs';

let server;
let firm; // an owner of a firm in Aichi (23)
const ids = {}; // external key → listing id

const DAY = 86400_000;
const isoDay = (offsetDays) => new Date(Date.now() + 9 * 3600_000 + offsetDays * DAY).toISOString().slice(0, 10);

/** A listing as the catalogue stores it; live unless live: false. */
function addListing(key, o) {
  const v = {
    kind: 'it_product', description: '', prefectures: 0, nationwide: false, onsite: false, priceMin: 1000, priceMax: 0,
    unit: 'month', contents: 0, categories: 0, items: 0, rules: 0, directives: 0, from: '', until: '', live: true, ...o,
  };
  const bool = (b) => (server.dbPath.startsWith('postgres') ? (b ? 'true' : 'false') : (b ? '1' : '0'));
  sqlite(server.dbPath, `INSERT INTO service (provider_id, kind, external_key, created_at, updated_at)
    SELECT id, ${q(v.kind)}, ${q(key)}, 1, 1 FROM service_provider`);
  sqlite(server.dbPath, `INSERT INTO service_version (service_id, number, status, name, description, prefectures,
      nationwide, on_site, price_min, price_max, price_unit, bundle_class, bundle_contents, categories, tag_items,
      tag_rules, tag_directives, valid_from, valid_until, languages, submitted_at, detail_help_desk, bundle_monthly_price)
    SELECT id, 1, ${q(v.live ? 'approved' : 'pending')}, ${q(v.name)}, ${q(v.description)}, ${v.prefectures},
      ${bool(v.nationwide)}, ${bool(v.onsite)}, ${v.priceMin}, ${v.priceMax}, ${q(v.unit)},
      ${v.kind === 'support_bundle' ? 1 : 0}, ${v.contents}, ${v.categories}, ${v.items}, ${v.rules}, ${v.directives},
      ${q(v.from)}, ${q(v.until)}, 1, 1, ${q(v.detail ?? '')}, ${v.monthly ?? 0} FROM service WHERE external_key = ${q(key)}`);
  if (v.live) {
    sqlite(server.dbPath, `UPDATE service SET live_version_id = (SELECT id FROM service_version
      WHERE service_id = service.id), name = ${q(v.name)}, valid_from = ${q(v.from)}, valid_until = ${q(v.until)}
      WHERE external_key = ${q(key)}`);
  }
  ids[key] = Number(sqlite(server.dbPath, `SELECT id FROM service WHERE external_key = ${q(key)}`)[0]);
  if (v.live) { // the live version's lookup rows, as store_service_make_live writes them
    const regions = v.nationwide ? [0] : [...Array(47).keys()].map((i) => i + 1).filter((p) => Math.floor(v.prefectures / 2 ** (p - 1)) % 2 === 1);
    for (const p of regions) sqlite(server.dbPath, `INSERT INTO service_region (prefecture, service_id) VALUES (${p}, ${ids[key]})`);
    const tags = [['item', v.items, 25], ['rule', v.rules, 5], ['directive', v.directives, 10]]
      .flatMap(([name, mask, n]) => [...Array(n).keys()].filter((i) => mask & 2 ** i).map((i) => `${name}-${i + 1}`));
    for (const t of tags) sqlite(server.dbPath, `INSERT INTO service_tag (tag, service_id) VALUES (${q(t)}, ${ids[key]})`);
  }
}

const pref = (...codes) => codes.reduce((m, c) => m + 2 ** (c - 1), 0);

function reindex() {
  const r = runCli(['services', 'reindex', '--db', server.dbPath]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /listings indexed/);
}

before(async () => {
  server = await startServer();
  const provider = await signUp(server, 'provider@example.jp');
  await createOrg(provider, { name: 'まもり監視株式会社', corporate_number: '4011001098993', prefecture: '13' });
  sqlite(server.dbPath, `INSERT INTO service_provider (organisation_id, company_name, corporate_number, address,
      contact_name, contact_email, status, created_at, updated_at)
    SELECT id, 'まもり監視株式会社', '4011001098993', '東京都千代田区', '担当', 'provider@example.jp', 'approved', 1, 1
    FROM organisation WHERE corporate_number = '4011001098993'`);
  firm = await signUp(server, 'firm@example.jp');
  await createOrg(firm); // Aichi (23)

  addListing('bundle-aichi', {
    kind: 'support_bundle', name: 'サイバー保険パック', description: '愛知の小さな会社向けの **まとめた** 契約です。',
    prefectures: pref(23), onsite: true, priceMin: 9000, contents: 1 | 8 | 16, items: 2 ** 11 | 2 ** 23,
    detail: '平日9時から18時まで', until: isoDay(30), monthly: 9000,
  });
  addListing('audit-nationwide', {
    kind: 'standard_service', name: '情報セキュリティ監査サービス', nationwide: true, priceMin: 300000, priceMax: 800000,
    unit: 'once', categories: 1, items: 2 ** 11, rules: 1,
  });
  addListing('product-osaka', {
    kind: 'it_product', name: 'バックアップ装置', prefectures: pref(27), unit: 'quote', items: 2 ** 10, directives: 2 ** 9,
  });
  addListing('backup-aichi', { name: '自動バックアップ', prefectures: pref(23), priceMin: 2000, items: 2 ** 11 });
  addListing('expired', { name: '期限切れ保険', prefectures: pref(23), until: isoDay(-1), items: 2 ** 11 });
  addListing('future', { name: '来月からの保険', prefectures: pref(23), from: isoDay(2), items: 2 ** 11 });
  addListing('pending', { name: '審査中の保険', prefectures: pref(23), live: false, items: 2 ** 11 });
  for (let i = 0; i < 25; i++) addListing(`page-${i}`, { name: `監視サービス${String(i).padStart(2, '0')}`, prefectures: pref(47) });
  reindex();
});

after(async () => {
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
});

const anon = () => new Browser(server.port);

/** The listing ids of a result page, in order. */
const resultIds = (html) => [...html.matchAll(/name="ids" value="(\d+)"/g)].map((m) => Number(m[1]));

async function found(path, b = anon()) {
  const r = await b.get(path);
  assert.equal(r.status, 200, `${path}: ${r.status}\n${r.text.slice(0, 500)}`);
  return resultIds(r.text);
}

/** An answer of the API, held against content/api/openapi.json. */
async function api(path, status = 200) {
  const r = await anon().get(path);
  assert.equal(r.status, status, `${path}: ${r.text}`);
  assert.match(r.headers['content-type'], /^application\/json/);
  const json = JSON.parse(r.text);
  assert.deepEqual(schemaErrors(json, responseSchema('/api/v1/services', 'get', status)), [], `${path} against openapi.json`);
  return json;
}

test('one and two characters, kana and kanji variants find listings', async () => {
  const enc = encodeURIComponent;
  assert.deepEqual(await found(`/services?q=${enc('保')}`), [ids['bundle-aichi']]);
  assert.deepEqual(await found(`/services?q=${enc('保険')}`), [ids['bundle-aichi']]);
  assert.deepEqual(await found(`/services?q=${enc('さいばー')}`), [ids['bundle-aichi']], 'hiragana finds katakana');
  assert.deepEqual(await found(`/services?q=${enc('ｻｲﾊﾞｰ')}`), [ids['bundle-aichi']], 'half-width katakana');
  assert.deepEqual(await found(`/services?q=${enc('保險')}`), [ids['bundle-aichi']], 'the old form of 険');
  assert.deepEqual(await found(`/services?q=${enc('監査')}`), [ids['audit-nationwide']]);
  assert.deepEqual(await found(`/services?q=${enc('まとめた')}`), [ids['bundle-aichi']], 'the description');
  assert.deepEqual(await found(`/services?q=${enc('平日9時')}`), [ids['bundle-aichi']], 'a line of detail');
  assert.deepEqual(await found(`/services?q=${enc('保険パッケージ')}`), []);
  // relevance: the name before the provider's name (every listing's provider has 監視)
  const all = await api(`/api/v1/services?q=${enc('監視')}`);
  assert.equal(all.total, 29, 'every live listing: the provider\'s name has 監視');
  assert.equal(all.items[0].name, '監視サービス00', 'a name starting with the text first');
});

test('only approved listings within their dates are found or shown', async () => {
  const enc = encodeURIComponent;
  assert.deepEqual(await found(`/services?q=${enc('期限切れ')}`), []);
  assert.deepEqual(await found(`/services?q=${enc('来月')}`), []);
  assert.deepEqual(await found(`/services?q=${enc('審査中')}`), []);
  for (const key of ['expired', 'future', 'pending']) {
    assert.equal((await anon().get(`/services/${ids[key]}`)).status, 404, key);
    assert.equal((await anon().get(`/services/compare?ids=${ids[key]}`)).status, 404, key);
  }
  assert.equal((await anon().get(`/services/${ids['bundle-aichi']}`)).status, 200);
  assert.equal((await anon().get('/services/999999')).status, 404);
});

test('every filter', async () => {
  const a = ids['bundle-aichi'], n = ids['audit-nationwide'], o = ids['product-osaka'], b = ids['backup-aichi'];
  const aichi = await found('/services?prefecture=23');
  assert.deepEqual(new Set(aichi), new Set([a, b, n]), 'Aichi and nationwide');
  assert.deepEqual(new Set(await found('/services?prefecture=27')), new Set([o, n]));
  assert.deepEqual(await found('/services?kind=support_bundle'), [a]);
  assert.deepEqual(await found('/services?category=security_audit'), [n]);
  assert.deepEqual(await found('/services?onsite=1'), [a]);
  assert.deepEqual(new Set(await found('/services?price=9900&prefecture=23')), new Set([a, b]), 'with tax: 9,000 → 9,900');
  assert.deepEqual(await found('/services?price=2199&prefecture=23'), []);
  assert.deepEqual(await found('/services?price=2200&prefecture=23'), [b]);
  assert.deepEqual(await found('/services?contents=help_desk&contents=on_site_response'), [a]);
  assert.deepEqual(await found('/services?contents=network_monitoring'), []);
  assert.deepEqual(new Set(await found('/services?tag=item-12')), new Set([a, n, b]));
  assert.deepEqual(await found('/services?tag=item-24'), [a]);
  assert.deepEqual(await found('/services?tag=rule-1'), [n]);
  assert.deepEqual(await found('/services?tag=directive-10'), [o]);
  assert.deepEqual(await found('/services?tag=item-12&tag=item-24'), [a], 'every tag asked for');
  assert.deepEqual(await found(`/services?tag=item-12&prefecture=27&q=${encodeURIComponent('監査')}`), [n]);
});

test('the prefecture defaults to the firm\'s, and can be cleared', async () => {
  const r = await firm.get('/services');
  assert.equal(r.status, 200);
  assert.match(r.text, /<option value="23" selected>/);
  assert.equal(resultIds(r.text).length, 3, 'Aichi and nationwide only');
  const clear = /<a href="(\/services\?prefecture=)">/.exec(r.text);
  assert.ok(clear, 'a link that clears the prefecture');
  const cleared = await firm.get(clear[1]);
  assert.doesNotMatch(cleared.text, /<option value="\d+" selected>/);
  assert.match(cleared.text, /該当するサービス： 29/);
  // the anonymous visitor and the API get no default
  assert.match((await anon().get('/services')).text, /該当するサービス： 29/);
  assert.equal((await api('/api/v1/services')).total, 29);
});

test('results are paged, each with its price, region and contents', async () => {
  const first = await anon().get('/services?prefecture=47');
  assert.equal(resultIds(first.text).length, 20);
  assert.match(first.text, /rel="next"/);
  const second = await found('/services?prefecture=47&page=2');
  assert.equal(second.length, 6, '25 in Okinawa and one nationwide');
  assert.deepEqual(await found('/services?prefecture=47&page=500'), second, 'past the end: the last page');
  const one = await anon().get(`/services?q=${encodeURIComponent('サイバー')}`);
  assert.match(one.text, /月額 9,900円（税込）/);
  assert.match(one.text, /愛知県/);
  assert.match(one.text, /相談窓口、駆けつけ対応、サイバー保険/);
  const en = await anon().get(`/services?q=${encodeURIComponent('監査')}&lang=en`);
  assert.match(en.text, /once ¥330,000 to ¥880,000 \(tax included\)/);
  assert.match(en.text, /Nationwide/);
  assert.match(en.text, /Security audit/);
});

test('a query that cannot be read is refused, never half applied', async () => {
  for (const bad of ['kind=x', 'prefecture=48', 'prefecture=1&prefecture=2', 'price=-5', 'tag=item-26', 'contents=x',
    'page=0', 'onsite=yes', `q=${encodeURIComponent('あ'.repeat(101))}`, 'tag=item-1&tag=item-2&tag=item-3&tag=item-4&tag=item-5&tag=item-6']) {
    const page = await anon().get(`/services?${bad}`);
    assert.equal(page.status, 400, bad);
    assert.equal((await api(`/api/v1/services?${bad}`, 400)).error.code, 'bad_query');
  }
});

test('the listing page shows everything and offers a comparison', async () => {
  const r = await anon().get(`/services/${ids['bundle-aichi']}`);
  assert.match(r.text, /<h1>サイバー保険パック<\/h1>/);
  assert.match(r.text, /<strong>まとめた<\/strong>/, 'the description as CommonMark');
  assert.match(r.text, /平日9時から18時まで/);
  assert.match(r.text, /href="\/services\?tag=item-12&amp;prefecture="/);
  const cmp = /href="(\/services\/compare\?ids=[\d,]+)"/.exec(r.text);
  assert.ok(cmp, 'a comparison with listings like it');
  assert.equal(cmp[1].split('=')[1].split(',').length, 3);
  // the support bundle's own monthly price carries its currency, as the price above does
  assert.match(r.text, /<dt>月額料金<\/dt><dd>9,900円（税込）<\/dd>/);
  const en = await anon().get(`/services/${ids['bundle-aichi']}?lang=en`);
  assert.match(en.text, /<dd>¥9,900 \(tax included\)<\/dd>/);
});

test('comparison: one to three listings, bad ids refused', async () => {
  const [a, n, b] = [ids['bundle-aichi'], ids['audit-nationwide'], ids['backup-aichi']];
  const r = await anon().get(`/services/compare?ids=${a},${n},${b}`);
  assert.equal(r.status, 200);
  assert.equal((r.text.match(/<th scope="col">/g) ?? []).length, 3);
  assert.match(r.text, /href="\/services\/compare\?ids=\d+,\d+"/, 'remove one');
  assert.equal((await anon().get(`/services/compare?ids=${a}&ids=${b}`)).status, 200, 'check boxes');
  assert.equal((await anon().get(`/services/compare?ids=${a}`)).status, 200);
  for (const bad of ['', 'ids=', `ids=${a},${n},${b},${ids['product-osaka']}`, `ids=${a},${a}`, 'ids=abc', 'ids=0', 'ids=1;2']) {
    assert.equal((await anon().get(`/services/compare?${bad}`)).status, 400, bad);
  }
  assert.equal((await anon().get(`/services/compare?ids=${a},999999`)).status, 404);
});

test('the API answers the same search as JSON', async () => {
  const body = await api(`/api/v1/services?tag=item-12&prefecture=23&kind=support_bundle`);
  assert.deepEqual(Object.keys(body), ['total', 'page', 'pages', 'per_page', 'items']);
  assert.equal(body.total, 1);
  const item = body.items[0];
  assert.deepEqual(item, {
    id: ids['bundle-aichi'], url: `/services/${ids['bundle-aichi']}`, name: 'サイバー保険パック', provider: 'まもり監視株式会社',
    kind: 'support_bundle', price: { unit: 'month', min: 9000, max: null, min_with_tax: 9900, max_with_tax: null },
    nationwide: false, prefectures: [23], on_site: true, contents: ['help_desk', 'on_site_response', 'cyber_insurance'],
    categories: [], tags: ['item-12', 'item-24'], valid_from: null, valid_until: isoDay(30),
  });
  const quote = await api('/api/v1/services?tag=directive-10');
  assert.deepEqual(quote.items[0].price, { unit: 'quote', min: null, max: null, min_with_tax: null, max_with_tax: null });
  const paged = await api('/api/v1/services?prefecture=47&page=2');
  assert.equal(paged.page, 2);
  assert.equal(paged.pages, 2);
  assert.equal(paged.items.length, 6);
});

/** Answers the 25 items (item 12 and 24 not done, the rest done) and submits; the result's path. */
async function assessment(b) {
  const hidden = (html, name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)[1];
  const parts = [[1, 5], [6, 18], [19, 25]];
  for (const [p, [lo, hi]] of parts.entries()) {
    const page = await b.get(`/assessment/part/${p + 1}`);
    const form = [['csrf', csrfOf(page.text)], ['version', hidden(page.text, 'version')], ['org', hidden(page.text, 'org')], ['action', 'next']];
    for (let i = lo; i <= hi; i++) form.push([`item-${i}`, i === 12 || i === 24 ? 'not_done' : 'done']);
    const r = await b.req('POST', `/assessment/part/${p + 1}`, { form });
    assert.equal(r.status, 303, `part ${p + 1}`);
  }
  const check = await b.get('/assessment/check');
  const form = { csrf: csrfOf(check.text), submit_token: hidden(check.text, 'submit_token'), version: hidden(check.text, 'version'), org: hidden(check.text, 'org') };
  const r = await b.req('POST', '/assessment/submit', { form });
  assert.equal(r.status, 303);
  return r.headers.location;
}

test('a weak item of a result leads to its listings in the firm\'s prefecture and a comparison', async () => {
  const path = await assessment(firm);
  const r = await firm.get(path);
  assert.equal(r.status, 200);
  const section = r.text.slice(r.text.indexOf('id="services-weak-heading"'));
  assert.match(section, /愛知県で使えるサービス/);
  // each item's heading is its label, which carries the number once
  assert.match(section, /<h3>12．重要な書類や記録媒体の保管<\/h3>/);
  assert.doesNotMatch(section, /項目\d/, 'no second number before the label');
  assert.match(section, /href="\/services\?tag=item-12&amp;prefecture=23"/, 'a link to all');
  const item12 = section.slice(section.indexOf('<h3>12．'), section.indexOf('<h3>24．') > 0 ? section.indexOf('<h3>24．') : undefined);
  const links = [...item12.matchAll(/href="(\/services\/(\d+)\?tag=item-12&amp;prefecture=23)"/g)];
  assert.equal(links.length, 3, 'three listings for item 12 in Aichi (nationwide included)');
  assert.ok(!links.some((m) => Number(m[2]) === ids.expired || Number(m[2]) === ids.pending));
  // click 1: a listing; click 2: compare it with the other two
  const listing = await firm.get(links[0][1].replaceAll('&amp;', '&'));
  assert.equal(listing.status, 200);
  const cmp = /href="(\/services\/compare\?ids=[\d,]+)"/.exec(listing.text);
  const compared = cmp[1].split('=')[1].split(',').map(Number).sort();
  assert.deepEqual(compared, links.map((m) => Number(m[2])).sort());
  const page = await firm.get(cmp[1]);
  assert.equal(page.status, 200);
  assert.equal((page.text.match(/<th scope="col">/g) ?? []).length, 3);
  // the supporter's view of the client's result: the same, in the client's prefecture
  const supporter = await signUp(server, 'supporter@example.jp');
  assert.equal((await supporter.submit('/supporter', { kind: 'other', prefecture: '13', organisation_name: 'みなと会計事務所' })).status, 303);
  assert.equal((await firm.submit('/org/supporters/grant', { supporter: 'supporter@example.jp', access: 'read' })).status, 303);
  const view = await supporter.get(path);
  assert.equal(view.status, 200);
  const theirs = view.text.slice(view.text.indexOf('id="services-weak-heading"'));
  assert.match(theirs, /愛知県で使えるサービス/);
  assert.match(theirs, /href="\/services\?tag=item-12&amp;prefecture=23"/);
  // the cached result body is not served with stale listings: a new one,
  // written here by another process, shows up within the 200 ms the
  // server keeps the catalogue's generation (CATALOGUE_GENERATION_FRESH_MS)
  addListing('new-aichi', { name: 'あたらしい監視', prefectures: pref(23), items: 2 ** 23 });
  reindex();
  const written = Date.now();
  let again = await firm.get(path);
  while (!/あたらしい監視/.test(again.text) && Date.now() - written < 1000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    again = await firm.get(path);
  }
  assert.match(again.text, /あたらしい監視/);
});

test('a management self-check result leads from its directives with the largest gaps to their services', async () => {
  addListing('directive-10-nationwide', { name: '情報共有の会', nationwide: true, directives: 2 ** 9 });
  reindex();
  const hidden = (html, name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)[1];
  for (let d = 1; d <= 10; d++) {
    const page = await firm.get(`/management/part/${d}`);
    const form = [['csrf', csrfOf(page.text)], ['version', hidden(page.text, 'version')], ['org', hidden(page.text, 'org')], ['action', 'next']];
    for (let k = 1; k <= 4; k++) form.push([`question-${(d - 1) * 4 + k}`, d === 10 ? '0' : '5']);
    assert.equal((await firm.req('POST', `/management/part/${d}`, { form })).status, 303, `directive ${d}`);
  }
  const check = await firm.get('/management/check');
  const r = await firm.req('POST', '/management/submit', {
    form: { csrf: csrfOf(check.text), submit_token: hidden(check.text, 'submit_token'), version: hidden(check.text, 'version'), org: hidden(check.text, 'org') },
  });
  assert.equal(r.status, 303);
  const page = await firm.get(r.headers.location);
  assert.equal(page.status, 200);
  const section = page.text.slice(page.text.indexOf('id="services-weak-heading"'));
  assert.match(section, /差の大きい指示に役立つサービス/);
  // the heading is the directive's label, its number said once, in the
  // words the result itself uses for the directive
  assert.match(section, /<h3>指示10．情報を集め、共有する<\/h3>/);
  assert.ok(page.text.indexOf('情報を集め、共有する') < page.text.indexOf('id="services-weak-heading"'), 'the result names directive 10 the same way');
  assert.match(section, /愛知県で使えるサービス/);
  assert.match(section, new RegExp(`href="/services/${ids['directive-10-nationwide']}\\?tag=directive-10&amp;prefecture=23"`));
  assert.match(section, /href="\/services\?tag=directive-10&amp;prefecture=23"/);
  assert.doesNotMatch(section, new RegExp(`/services/${ids['product-osaka']}\\?`), 'not the one in Osaka');
});

test('the header and the home page link to the search', async () => {
  assert.match((await anon().get('/')).text, /href="\/services"/);
  assert.match((await firm.get('/home')).text, /href="\/services"/);
});

// ---- the cache of anonymous bodies -----------------------------------------
// A second provider lists through the real pages (apply, an administrator
// approves; a listing, a change, its review), so that every write the
// cache must see goes the way the site makes it.

const ADMIN_PASSWORD = 'granite lighthouse keeps watch';
const CACHE_NUMBER = '2120901007402';
const CACHE_ORG = 'みまもり商会株式会社';
const CACHE_SEARCH = `/services?q=${encodeURIComponent('見守')}&prefecture=21`; // two characters, Gifu
let admin;
let lister; // the owner of the second provider

async function makeAdmin(email) {
  const r = runCli(['admin', 'create', '--email', email, '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
  assert.equal(r.status, 0, r.stderr);
  const b = new Browser(server.port);
  assert.equal((await b.submit(new URL(r.stdout.trim()).pathname, { password: ADMIN_PASSWORD })).status, 303, 'welcome');
  assert.equal((await b.submit('/login', { email, password: ADMIN_PASSWORD, next: '' })).status, 303, 'log-in');
  return b;
}

/** A support bundle in Gifu as the provider's form sends it. */
const bundleForm = (overrides = {}) => ({
  kind: 'support_bundle', name: '見守りパック初版', description: '岐阜の会社の相談窓口です。', nationwide: '', pref_21: '1',
  on_site: '', price_unit: 'month', price_min: '5000', price_max: '', bundle_class: '1', bundle_monthly_price: '5000',
  bundle_device_price: '', bundle_min_term_months: '', content_help_desk: '1', detail_help_desk: '平日の昼',
  detail_network_monitoring: '', detail_endpoint_monitoring: '', detail_on_site_response: '', detail_cyber_insurance: '',
  product_function: '', 'tag_item-3': '1', url: '', contact: '電話で', registration_number: '', valid_from: '',
  valid_until: '', lang_ja: '1', ...overrides,
});

async function submitListing(path, fields) {
  const r = await lister.submit(path, fields);
  assert.equal(r.status, 303, `${path}: ${r.status}\n${r.text.slice(0, 1000)}`);
}

async function review(listingId, action, fields = {}) {
  const version = sqlite(server.dbPath, `SELECT id FROM service_version WHERE service_id = ${listingId} AND status = 'pending'`)[0];
  const page = await admin.get(`/admin/services/versions/${version}`);
  assert.equal(page.status, 200);
  const r = await admin.req('POST', `/admin/services/versions/${version}/${action}`, { form: { csrf: csrfOf(page.text), ...fields } });
  assert.equal(r.status, 303, `${action}: ${r.status}`);
}

const listingOf = (name) => Number(sqlite(server.dbPath, `SELECT service_id FROM service_version WHERE name = ${q(name)} ORDER BY id LIMIT 1`)[0]);

/** The anonymous search's text, asked twice (the second from the cache). */
async function searched(path = CACHE_SEARCH) {
  const first = await anon().get(path);
  assert.equal(first.status, 200);
  const again = await anon().get(path);
  assert.equal(again.text, first.text, 'the same body from the cache');
  return first.text;
}

async function listingPage(id) {
  const first = await anon().get(`/services/${id}`);
  const again = await anon().get(`/services/${id}`);
  assert.equal(again.status, first.status);
  assert.equal(again.text, first.text, 'the same page from the cache');
  return first;
}

test('cache: an anonymous search and listing page show a change once it is approved, not before', async () => {
  admin = await makeAdmin(`services-admin-${process.pid}@example.jp`);
  lister = await signUp(server, 'lister@example.jp');
  await createOrg(lister, { corporate_number: CACHE_NUMBER, name: CACHE_ORG, name_kana: 'ミマモリショウカイ' });
  assert.equal((await lister.submit('/provider', {
    company_name: CACHE_ORG, corporate_number: CACHE_NUMBER, address: '岐阜市1-1', contact_name: '見守 太郎',
    contact_email: 'lister@example.jp', contact_phone: '058-000-0000',
  }, '/provider/apply')).status, 303);
  const providerId = sqlite(server.dbPath, `SELECT id FROM service_provider WHERE corporate_number = '${CACHE_NUMBER}'`)[0];
  const page = await admin.get(`/admin/services/providers/${providerId}`);
  assert.equal((await admin.req('POST', `/admin/services/providers/${providerId}/approve`, { form: { csrf: csrfOf(page.text) } })).status, 303);

  // nothing found yet, and that answer is cached
  assert.match(await searched(), /該当するサービス： 0/);
  await submitListing('/provider/services/new', bundleForm());
  assert.match(await searched(), /該当するサービス： 0/, 'a listing waiting for review is not found');
  const id = listingOf('見守りパック初版');
  await review(id, 'approve');
  let text = await searched();
  assert.match(text, /見守りパック初版/, 'found once approved');
  assert.match(text, /該当するサービス： 1/);
  assert.match((await listingPage(id)).text, /<h1>見守りパック初版<\/h1>/);

  await submitListing(`/provider/services/${id}`, bundleForm({ name: '見守りパック改訂版', description: '改訂した説明です。' }));
  text = await searched();
  assert.match(text, /見守りパック初版/, 'the live version until the change is approved');
  assert.doesNotMatch(text, /見守りパック改訂版/);
  assert.match((await listingPage(id)).text, /<h1>見守りパック初版<\/h1>/);
  await review(id, 'approve');
  text = await searched();
  assert.match(text, /見守りパック改訂版/, 'the approved change at once');
  assert.doesNotMatch(text, /見守りパック初版/);
  const shown = (await listingPage(id)).text;
  assert.match(shown, /<h1>見守りパック改訂版<\/h1>/);
  assert.match(shown, /改訂した説明です。/);
  assert.doesNotMatch(shown, /岐阜の会社の相談窓口です。/);
});

test('cache: a rejected change keeps the live listing; an ended one and a deleted provider\'s disappear', async () => {
  const id = listingOf('見守りパック初版');
  await submitListing(`/provider/services/${id}`, bundleForm({ name: '見守りパック誤り' }));
  await review(id, 'reject', { reason: '名前が違います。' });
  let text = await searched();
  assert.match(text, /見守りパック改訂版/);
  assert.doesNotMatch(text, /見守りパック誤り/);
  assert.match((await listingPage(id)).text, /<h1>見守りパック改訂版<\/h1>/);

  // an approved change whose registration ended yesterday hides it
  const yesterday = isoDay(-1);
  await submitListing(`/provider/services/${id}`, bundleForm({ name: '見守りパック改訂版', valid_from: isoDay(-400), valid_until: yesterday }));
  await review(id, 'approve');
  text = await searched();
  assert.match(text, /該当するサービス： 0/, 'an ended registration is not found');
  assert.equal((await listingPage(id)).status, 404);

  // another listing, then the provider's organisation is deleted
  await submitListing('/provider/services/new', bundleForm({ name: '見守りサポート' }));
  const other = listingOf('見守りサポート');
  await review(other, 'approve');
  assert.match(await searched(), /見守りサポート/);
  assert.equal((await listingPage(other)).status, 200);
  assert.equal((await lister.submit('/org/delete', { confirm_name: CACHE_ORG })).status, 303);
  text = await searched();
  assert.match(text, /該当するサービス： 0/, "a deleted provider's listings are not found");
  assert.doesNotMatch(text, /見守りサポート/);
  assert.equal((await listingPage(other)).status, 404);
});

test('cache: a signed-in member gets their organisation\'s prefecture, never an anonymous body', async () => {
  const path = `/services?q=${encodeURIComponent('監視')}`;
  for (let i = 0; i < 2; i++) assert.doesNotMatch((await anon().get(path)).text, /<option value="\d+" selected>/);
  const member = await firm.get(path);
  assert.match(member.text, /<option value="23" selected>/, "the firm's Aichi, not the cached anonymous body");
  assert.match(member.text, /所属する組織の都道府県で絞り込んでいます。/);
  // nor is the member's body (its notice, its link) kept for anyone
  assert.doesNotMatch((await anon().get(path)).text, /<option value="\d+" selected>/);
  const aichi = await anon().get(`${path}&prefecture=23`);
  assert.match(aichi.text, /<option value="23" selected>/);
  assert.doesNotMatch(aichi.text, /所属する組織の都道府県/);
});

test('cache: English and Japanese bodies are not mixed', async () => {
  const path = `/services?q=${encodeURIComponent('監視')}&prefecture=47`;
  const ja = await searched(path);
  const en = await searched(`${path}&lang=en`);
  assert.match(ja, /該当するサービス： \d+/);
  assert.doesNotMatch(ja, /Services found:/);
  assert.match(en, /Services found: \d+/);
  assert.doesNotMatch(en, /該当するサービス/);
  assert.match(await searched(path), /該当するサービス： \d+/);
  const id = ids['audit-nationwide'];
  const jaPage = (await listingPage(id)).text;
  const enPage = (await anon().get(`/services/${id}?lang=en`)).text;
  assert.match(jaPage, /<h2 id="facts-heading">概要<\/h2>/);
  assert.match(enPage, /<h2 id="facts-heading">Overview<\/h2>/);
  assert.doesNotMatch(enPage, /概要/);
  assert.match((await anon().get(`/services/${id}`)).text, /<h2 id="facts-heading">概要<\/h2>/);
});
