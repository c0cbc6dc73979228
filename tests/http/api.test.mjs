// api.test.mjs — the verification JSON API (/api/v1/…): every endpoint,
// its errors, CORS, ETag and caching, the per-address limit, and every
// answer held against content/api/openapi.json.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertCleanExit, request, startServer } from './helpers.mjs';
import {
  OPENAPI, commonWordFixtures, corporateNumber, makeId, mistype, pagingFixtures, responseSchema, schemaErrors, standardFixtures,
  toFullWidth,
} from './verify_fixtures.mjs';

let srv;
let fx;

async function api(urlPath, opts = {}) {
  const r = await request(srv.port, urlPath, opts);
  const json = r.status === 304 ? null : JSON.parse(r.text);
  return { ...r, json };
}

function assertMatchesDocument(r, apiPath, method = 'get') {
  assert.match(r.headers['content-type'], /^application\/json/);
  const errors = schemaErrors(r.json, responseSchema(apiPath, method, r.status));
  assert.deepEqual(errors, [], `${method} ${apiPath} ${r.status} does not match openapi.json`);
}

function postBatch(body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return api('/api/v1/declarations/verify', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) },
    body: text,
  });
}

before(async () => {
  srv = await startServer({ env: { MAMORI_VERIFY_RATE: '100000/100000' } });
  fx = standardFixtures(srv.dbPath);
  pagingFixtures(srv.dbPath, 45);
  commonWordFixtures(srv.dbPath, 1030);
});

after(async () => {
  assertCleanExit(await srv.stop());
});

describe('GET /api/v1/declarations/{id}', () => {
  test('an active ★★ declaration with history, policy and corporate number', async () => {
    const r = await api(`/api/v1/declarations/${fx.sakura.id}`);
    assert.equal(r.status, 200);
    assertMatchesDocument(r, '/api/v1/declarations/{id}');
    assert.equal(r.json.id, fx.sakura.id);
    assert.equal(r.json.status, 'active');
    assert.equal(r.json.level, 2);
    assert.deepEqual(r.json.organisation, {
      name: 'さくら精密工業株式会社', name_kana: 'サクラセイミツコウギョウ', prefecture: 23,
      prefecture_name: '愛知県', corporate_number: fx.sakura.corporateNumber,
      registered_name: null, identity: 'unverified', identity_since: null,
    });
    assert.equal(r.json.declared_on, '2024-05-01');
    assert.equal(r.json.changed_on, '2024-05-31');
    assert.equal(r.json.ended_on, null);
    assert.equal(r.json.policy_url, 'https://example.jp/policy');
    assert.match(r.json.verification_url, new RegExp(`/verify/${fx.sakura.id}$`));
    assert.deepEqual(r.json.history, [
      { on: '2024-05-01', event: 'declared', from: null, to: 1, reason: null },
      { on: '2024-05-31', event: 'level', from: 1, to: 2, reason: null },
    ]);
    assert.ok(!('corporate_number_matches' in r.json));
    // private facts never leave: details events, addresses, e-mail
    assert.doesNotMatch(r.text, /secret|private/);
  });

  test('a withdrawn declaration says so, with the day', async () => {
    const r = await api(`/api/v1/declarations/${fx.yamada.id}`);
    assert.equal(r.status, 200);
    assertMatchesDocument(r, '/api/v1/declarations/{id}');
    assert.equal(r.json.status, 'withdrawn');
    assert.equal(r.json.ended_on, '2024-06-30');
    assert.equal(r.json.organisation.corporate_number, null);
    assert.equal(r.json.history.at(-1).event, 'withdrawn');
  });

  test('a revoked declaration shows the reason category, never the note, and no policy', async () => {
    const r = await api(`/api/v1/declarations/${fx.revoked.id}`);
    assertMatchesDocument(r, '/api/v1/declarations/{id}');
    assert.equal(r.json.status, 'revoked');
    assert.equal(r.json.policy_url, null);
    assert.equal(r.json.history.at(-1).reason, 'false_information');
    assert.doesNotMatch(r.text, /internal note/);
  });

  test('full-width digits and hyphens in the ID are read', async () => {
    const id = fx.sakura.id;
    const typed = toFullWidth(`${id.slice(0, 4)}-${id.slice(4)}`);
    const r = await api(`/api/v1/declarations/${encodeURIComponent(typed)}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.id, id);
  });

  test('matching and mismatching corporate numbers', async () => {
    let r = await api(`/api/v1/declarations/${fx.sakura.id}?corporate_number=${fx.sakura.corporateNumber}`);
    assertMatchesDocument(r, '/api/v1/declarations/{id}');
    assert.equal(r.json.corporate_number_matches, true);
    r = await api(`/api/v1/declarations/${fx.sakura.id}?corporate_number=${fx.revoked.corporateNumber}`);
    assert.equal(r.json.corporate_number_matches, false);
    r = await api(`/api/v1/declarations/${fx.yamada.id}?corporate_number=${fx.sakura.corporateNumber}`);
    assert.equal(r.json.corporate_number_matches, false);
    r = await api(`/api/v1/declarations/${fx.sakura.id}?corporate_number=1234`);
    assert.equal(r.status, 400);
    assertMatchesDocument(r, '/api/v1/declarations/{id}');
    assert.equal(r.json.error.code, 'invalid_corporate_number');
  });

  test('mistyped, unknown, foreign and malformed IDs get distinct answers', async () => {
    let r = await api(`/api/v1/declarations/${mistype(fx.sakura.id)}`);
    assert.equal(r.status, 404);
    assertMatchesDocument(r, '/api/v1/declarations/{id}');
    assert.equal(r.json.error.code, 'mistyped_id');
    r = await api(`/api/v1/declarations/${makeId(999999)}`);
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'not_found');
    assert.notEqual(r.json.error.message, (await api(`/api/v1/declarations/${mistype(makeId(5))}`)).json.error.message);
    r = await api('/api/v1/declarations/12345678901');
    assert.equal(r.status, 200, 'an imported ID without check digit is looked up as given');
    r = await api('/api/v1/declarations/12345678902');
    assert.equal(r.json.error.code, 'not_found');
    for (const bad of ['123', '9000000001x', '900000000190', '%E3%81%82']) {
      r = await api(`/api/v1/declarations/${bad}`);
      assert.equal(r.status, 400, bad);
      assertMatchesDocument(r, '/api/v1/declarations/{id}');
      assert.equal(r.json.error.code, 'malformed_id');
    }
  });

  test('errors follow the language asked for', async () => {
    const ja = await api(`/api/v1/declarations/${makeId(999999)}`, { headers: { 'Accept-Language': 'ja' } });
    const en = await api(`/api/v1/declarations/${makeId(999999)}`, { headers: { 'Accept-Language': 'en' } });
    assert.equal(ja.json.error.code, en.json.error.code);
    assert.notEqual(ja.json.error.message, en.json.error.message);
  });

  test('CORS for any origin, ETag, short public cache, 304 on If-None-Match', async () => {
    const r = await api(`/api/v1/declarations/${fx.sakura.id}`, { headers: { Origin: 'https://office.example.go.jp' } });
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.equal(r.headers['cache-control'], 'public, max-age=60');
    assert.match(r.headers.etag, /^"[0-9a-f]+"$/);
    const again = await api(`/api/v1/declarations/${fx.sakura.id}`, { headers: { 'If-None-Match': r.headers.etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, r.headers.etag);
    const other = await api(`/api/v1/declarations/${fx.sakura.id}`, { headers: { 'If-None-Match': '"nope"' } });
    assert.equal(other.status, 200);
  });
});

describe('GET /api/v1/declarations?corporate_number=', () => {
  test('lists the declarations of a corporate number', async () => {
    const r = await api(`/api/v1/declarations?corporate_number=${encodeURIComponent(toFullWidth(fx.sakura.corporateNumber))}`);
    assert.equal(r.status, 200);
    assertMatchesDocument(r, '/api/v1/declarations');
    assert.equal(r.json.corporate_number, fx.sakura.corporateNumber);
    assert.deepEqual(r.json.items.map((d) => d.id), [fx.sakura.id]);
    assert.equal(r.headers['access-control-allow-origin'], '*');
  });

  test('unknown number: empty list; malformed: 400; absent: empty', async () => {
    let r = await api(`/api/v1/declarations?corporate_number=${corporateNumber('111111111111')}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.items, []);
    r = await api('/api/v1/declarations?corporate_number=abc');
    assert.equal(r.status, 400);
    assertMatchesDocument(r, '/api/v1/declarations');
    r = await api('/api/v1/declarations');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { corporate_number: null, items: [] });
  });
});

describe('POST /api/v1/declarations/verify', () => {
  test('one status per pair, in order, with corporate number checks', async () => {
    const r = await postBatch({
      items: [
        { id: fx.sakura.id, corporate_number: fx.sakura.corporateNumber },
        { id: fx.sakura.id, corporate_number: fx.revoked.corporateNumber },
        { id: fx.yamada.id },
        { id: fx.revoked.id, corporate_number: null },
        { id: mistype(fx.sakura.id) },
        { id: makeId(424242) },
        { id: 'not an id' },
        { id: toFullWidth(fx.sakura.id), corporate_number: '12' },
      ],
    });
    assert.equal(r.status, 200);
    assertMatchesDocument(r, '/api/v1/declarations/verify', 'post');
    assert.equal(r.json.count, 8);
    assert.deepEqual(r.json.items.map((i) => i.status),
      ['active', 'active', 'withdrawn', 'revoked', 'mistyped', 'not_found', 'malformed', 'active']);
    assert.deepEqual(r.json.items.map((i) => i.corporate_number_matches), [true, false, null, null, null, null, null, false]);
    assert.equal(r.json.items[7].corporate_number_valid, false);
    assert.equal(r.json.items[7].id, fx.sakura.id);
    assert.equal(r.json.items[0].level, 2);
    assert.deepEqual(r.json.items.map((i) => i.index), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(r.headers['cache-control'], 'no-store');
  });

  test('1,000 pairs are accepted; 1,001 are refused with 413 JSON', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: makeId(i + 1), corporate_number: fx.sakura.corporateNumber }));
    let r = await postBatch({ items });
    assert.equal(r.status, 200);
    assert.equal(r.json.items.length, 1000);
    assertMatchesDocument(r, '/api/v1/declarations/verify', 'post');
    r = await postBatch({ items: [...items, { id: makeId(1) }] });
    assert.equal(r.status, 413);
    assertMatchesDocument(r, '/api/v1/declarations/verify', 'post');
    assert.equal(r.json.error.code, 'too_many_items');
  });

  test('a body over the route limit is refused before it is read', async () => {
    const r = await request(srv.port, '/api/v1/declarations/verify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(300 * 1024) },
      body: Buffer.alloc(300 * 1024, 0x20),
    }).catch((e) => ({ status: 'closed', error: e }));
    if (r.status !== 'closed') {
      assert.equal(r.status, 413);
      assert.match(r.headers['content-type'], /^application\/json/);
      assert.equal(JSON.parse(r.body.toString('utf8')).error.code, 'body_too_large');
    }
  });

  test('malformed JSON and wrong shapes are 400 with a code', async () => {
    for (const [body, code] of [
      ['{"items": [', 'malformed_json'],
      ['', 'malformed_json'],
      ['{"items": [], "items": []}', 'malformed_json'],
      ['[{"id": "90000000019"}]', 'invalid_request'],
      ['{"items": {"id": "x"}}', 'invalid_request'],
      ['{"items": [{"id": 90000000019}]}', 'invalid_request'],
      ['{"items": [{"corporate_number": "7123456789012"}]}', 'invalid_request'],
      ['{"items": [{"id": "x", "corporate_number": 7}]}', 'invalid_request'],
    ]) {
      const r = await postBatch(body);
      assert.equal(r.status, 400, body);
      assertMatchesDocument(r, '/api/v1/declarations/verify', 'post');
      assert.equal(r.json.error.code, code, body);
    }
  });

  test('needs no CSRF token or cookie (it is an API for programs)', async () => {
    const r = await postBatch({ items: [] });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { count: 0, items: [] });
  });
});

describe('GET /api/v1/declarants', () => {
  test('kana search (hiragana finds katakana), only active, only public fields', async () => {
    const r = await api(`/api/v1/declarants?q=${encodeURIComponent('せいみつ')}`);
    assert.equal(r.status, 200);
    assertMatchesDocument(r, '/api/v1/declarants');
    assert.deepEqual(r.json.items, [{ id: fx.sakura.id, level: 2, name: 'さくら精密工業株式会社', prefecture: 23 }]);
    const withdrawn = await api(`/api/v1/declarants?q=${encodeURIComponent('山田')}`);
    assert.equal(withdrawn.json.total, 0, 'a withdrawn declarant is not listed');
  });

  test('one-character and two-character queries work', async () => {
    let r = await api(`/api/v1/declarants?q=${encodeURIComponent('精')}`);
    assert.deepEqual(r.json.items.map((i) => i.id), [fx.sakura.id]);
    r = await api(`/api/v1/declarants?q=${encodeURIComponent('サク')}`);
    assert.deepEqual(r.json.items.map((i) => i.id), [fx.sakura.id]);
    r = await api(`/api/v1/declarants?q=${encodeURIComponent('ゆ')}`);
    assert.deepEqual(r.json.items.map((i) => i.id), [fx.foreign.id]);
  });

  test('paging with a total; filters', async () => {
    const q = encodeURIComponent('ページ試験');
    const p1 = await api(`/api/v1/declarants?q=${q}`);
    assertMatchesDocument(p1, '/api/v1/declarants');
    assert.equal(p1.json.total, 45);
    assert.equal(p1.json.per_page, 20);
    assert.equal(p1.json.items.length, 20);
    const p3 = await api(`/api/v1/declarants?q=${q}&page=3`);
    assert.equal(p3.json.page, 3);
    assert.equal(p3.json.items.length, 5);
    const all = new Set([...p1.json.items, ...(await api(`/api/v1/declarants?q=${q}&page=2`)).json.items, ...p3.json.items].map((i) => i.id));
    assert.equal(all.size, 45);
    let r = await api('/api/v1/declarants?prefecture=47&level=1&industry=G');
    assert.equal(r.json.total, 45);
    r = await api('/api/v1/declarants?prefecture=23&level=2');
    assert.deepEqual(r.json.items.map((i) => i.id), [fx.sakura.id]);
    r = await api('/api/v1/declarants?level=2&prefecture=47');
    assert.equal(r.json.total, 0);
    for (const bad of ['page=0', 'page=x', 'prefecture=48', 'level=3', 'industry=Z', 'q=a&q=b']) {
      r = await api(`/api/v1/declarants?${bad}`);
      assert.equal(r.status, 400, bad);
      assertMatchesDocument(r, '/api/v1/declarants');
    }
  });
});

describe('GET /api/v1/declarants at volume', () => {
  test('a common word: the count stops above 1,000 and says so; cursors give every result once, in order', async () => {
    const q = encodeURIComponent('大量株式会社');
    const first = await api(`/api/v1/declarants?q=${q}`);
    assertMatchesDocument(first, '/api/v1/declarants');
    assert.equal(first.json.total, 1001);
    assert.equal(first.json.total_is_lower_bound, true);
    const names = [];
    let r = first;
    for (let page = 1; ; page++) {
      names.push(...r.json.items.map((i) => i.name));
      if (!r.json.next) break;
      r = await api(`/api/v1/declarants?q=${q}&after=${r.json.next}&page=${page + 1}`);
      assert.equal(r.status, 200);
      assert.equal(r.json.page, page + 1);
    }
    assert.equal(names.length, 1030);
    assert.equal(new Set(names).size, 1030);
    assert.deepEqual(names, [...names].sort());
    // one filter, then two: still in order, counted exactly below the cap
    r = await api(`/api/v1/declarants?q=${q}&prefecture=2`);
    assert.equal(r.json.total, 343);
    assert.equal(r.json.total_is_lower_bound, false);
    r = await api(`/api/v1/declarants?q=${encodeURIComponent('量株')}&prefecture=2&industry=E&level=1`);
    assert.equal(r.json.total, 343);
    r = await api(`/api/v1/declarants?q=${q}&prefecture=2&level=2`);
    assert.equal(r.json.total, 0);
    // a page by number works up to the 50th; a cursor that names nothing is refused
    r = await api(`/api/v1/declarants?q=${q}&page=50`);
    assert.equal(r.json.items.length, 20);
    assert.deepEqual(r.json.items.map((i) => i.name), names.slice(980, 1000));
    assert.equal((await api(`/api/v1/declarants?q=${q}&page=51`)).status, 400);
    assert.equal((await api(`/api/v1/declarants?q=${q}&after=nothing`)).status, 400);
  });

  test('the page says "more than 1,000" in both languages', async () => {
    const q = encodeURIComponent('大量');
    const ja = await request(srv.port, `/declarants?q=${q}`);
    assert.match(ja.text, /1,000件を超えて見つかりました/);
    const en = await request(srv.port, `/declarants?q=${q}&lang=en`);
    assert.match(en.text, /More than 1,000 found/);
  });
});

test('GET /api/openapi.json serves the document the tests use', async () => {
  const r = await api('/api/openapi.json');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, OPENAPI);
  assert.match(r.json.openapi, /^3\.0\./);
  assert.equal(r.headers['access-control-allow-origin'], '*');
});

describe('rate limit', () => {
  test('429 JSON with Retry-After once the bucket is empty; no database write needed', async () => {
    const limited = await startServer({ env: { MAMORI_VERIFY_RATE: '1/3' } });
    try {
      const statuses = [];
      let last;
      for (let i = 0; i < 6; i++) {
        last = await request(limited.port, `/api/v1/declarations/${makeId(1)}`);
        statuses.push(last.status);
      }
      assert.deepEqual(statuses.slice(0, 3), [404, 404, 404]);
      assert.equal(statuses.at(-1), 429);
      const json = JSON.parse(last.text);
      assert.equal(json.error.code, 'rate_limited');
      assert.deepEqual(schemaErrors(json, OPENAPI.components.schemas.Error), []);
      assert.ok(Number(last.headers['retry-after']) >= 1);
      // the pages are limited too (HTML answer)
      const page = await request(limited.port, `/verify/${makeId(1)}`);
      assert.equal(page.status, 429);
      assert.match(page.headers['content-type'], /text\/html/);
    } finally {
      assertCleanExit(await limited.stop());
    }
  });
});
