// verify.test.mjs — the public verification pages: /verify and
// /verify/{id}, the badge and the mark (QR code decoded with zbarimg),
// /declarants, the office page /verify/batch, and that none of them writes
// to the database.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertCleanExit, assertSecurityHeaders, request, sqlite, startServer } from './helpers.mjs';
import { csrfOf } from './org_client.mjs';
import {
  T0, corporateNumber, insertDeclaration, makeId, mistype, pagingFixtures, standardFixtures, toFullWidth,
} from './verify_fixtures.mjs';

let srv;
let fx;

const get = (p, headers = {}) => request(srv.port, p, { headers: { 'Accept-Language': 'ja', ...headers } });
const main = (html) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

before(async () => {
  srv = await startServer({ env: { MAMORI_VERIFY_RATE: '100000/100000', MAMORI_BASE_URL: 'https://mamori.example.jp' } });
  fx = standardFixtures(srv.dbPath);
  pagingFixtures(srv.dbPath, 25);
});

after(async () => {
  assertCleanExit(await srv.stop());
});

describe('/verify/{id}', () => {
  test('an active ★★ declaration: status, level, organisation, dates, history, policy, badge, marks', async () => {
    const r = await get(`/verify/${fx.sakura.id}`);
    assert.equal(r.status, 200);
    assertSecurityHeaders(r.headers);
    const html = main(r.text);
    for (const text of ['有効な宣言です', '二つ星（★★）を宣言しています', 'さくら精密工業株式会社', 'サクラセイミツコウギョウ',
      '愛知県', fx.sakura.corporateNumber, '2024年5月1日', '一つ星（★）から二つ星（★★）に変更',
      'href="https://example.jp/policy"', `/badge/${fx.sakura.id}.svg`, `/verify/${fx.sakura.id}/mark.svg?theme=dark`,
      `/verify/${fx.sakura.id}/mark-640.png?theme=light`]) {
      assert.ok(html.includes(text), `missing ${text}`);
    }
    assert.ok(!/認証|certif/i.test(r.text), 'a self-declaration is never called a certification');
    assert.doesNotMatch(html, /secret|private|internal note/);
    const en = await get(`/verify/${fx.sakura.id}?lang=en`);
    assert.match(main(en.text), /This organisation has declared two stars/);
  });

  test('withdrawn and revoked declarations say so with the day, and offer no mark', async () => {
    const w = main((await get(`/verify/${fx.yamada.id}`)).text);
    assert.match(w, /取り下げられた宣言です/);
    assert.match(w, /2024年6月30日 に組織自身が取り下げました/);
    assert.doesNotMatch(w, /mark\.svg|badge-snippet/);
    const rv = main((await get(`/verify/${fx.revoked.id}`)).text);
    assert.match(rv, /取り消された宣言です/);
    assert.match(rv, /2024年5月11日 に運営者が取り消しました/);
    assert.doesNotMatch(rv, /internal note/);
  });

  test('mistyped and unknown IDs get different messages (404), with the form to try again', async () => {
    const typo = await get(`/verify/${mistype(fx.sakura.id)}`);
    assert.equal(typo.status, 404);
    assert.match(main(typo.text), /入力ミスの可能性があります/);
    assert.match(typo.text, /aria-invalid="true"/);
    const unknown = await get(`/verify/${makeId(777)}`);
    assert.equal(unknown.status, 404);
    assert.match(main(unknown.text), /この宣言IDの宣言は見つかりません/);
    assert.doesNotMatch(main(unknown.text), /入力ミス/);
  });

  test('corporate number match and mismatch are said clearly', async () => {
    const yes = main((await get(`/verify/${fx.sakura.id}?corporate_number=${fx.sakura.corporateNumber}`)).text);
    assert.match(yes, /class="verify-answer verify-answer-valid"/);
    assert.match(yes, /この宣言の組織の法人番号と一致します/);
    const no = main((await get(`/verify/${fx.sakura.id}?corporate_number=${corporateNumber('222222222222')}`)).text);
    assert.match(no, /class="verify-answer verify-answer-mismatch"/);
    assert.doesNotMatch(no, /verify-answer-valid|有効な宣言です/, 'an active declaration of another firm is not shown as valid');
    assert.match(no, /一致しません/);
  });
});

describe('every answer has its own heading, class and icon, and comes before the form', () => {
  const other = () => corporateNumber('222222222222');
  const cases = () => [
    ['valid', `/verify?id=${fx.sakura.id}`, 200, '有効な宣言です', 'This declaration is in force'],
    ['withdrawn', `/verify?id=${fx.yamada.id}`, 200, '取り下げられた宣言です', 'This declaration was withdrawn'],
    ['revoked', `/verify?id=${fx.revoked.id}`, 200, '取り消された宣言です', 'This declaration was revoked'],
    ['mismatch', `/verify?id=${fx.sakura.id}&corporate_number=${other()}`, 200, '宣言IDと法人番号が一致しません',
      'The declaration ID and the corporate number do not match'],
    ['mistyped', `/verify?id=${mistype(fx.sakura.id)}`, 422, '宣言IDの入力ミスの可能性があります', 'may be mistyped'],
    ['mistyped', '/verify?id=12345', 422, '番号の形が正しくありません', 'A number is not in the right form'],
    ['unknown', `/verify?id=${makeId(779)}`, 404, 'この宣言IDの宣言は見つかりません', 'No declaration has this ID'],
    ['empty', '/verify?id=&corporate_number=', 422, '確認したい宣言IDを入力してください', 'Type the declaration ID to check'],
  ];

  test('on /verify, in Japanese and English', async () => {
    for (const [state, url, status, ja, en] of cases()) {
      for (const [lang, heading] of [['ja', ja], ['en', en]]) {
        const r = await get(`${url}&lang=${lang}`);
        assert.equal(r.status, status, `${state} ${url}`);
        const html = main(r.text);
        const box = /<section class="verify-answer verify-answer-([a-z]+)"[^>]*>[\s\S]*?<h2 id="answer-heading">([^<]*)<\/h2>/.exec(html);
        assert.ok(box, `${state}: no answer box`);
        assert.equal(box[1], state, `${url}: class`);
        assert.ok(box[2].includes(heading), `${url} (${lang}): heading ${box[2]}`);
        assert.match(html, /<span class="verify-answer-icon" aria-hidden="true"><svg[^>]*><path d=/);
        assert.ok(html.indexOf('verify-answer') < html.indexOf('<form'), `${state}: the answer comes before the form`);
        assert.equal((html.match(/verify-answer-valid/g) ?? []).length, state === 'valid' ? 1 : 0, `${state}: never valid's class`);
      }
    }
  });

  test('the same answers on /verify/{id}, the page a QR code opens', async () => {
    for (const [state, url, status, ja] of cases()) {
      if (state === 'empty') continue;
      const q = new URL(url, 'http://x').searchParams;
      const number = q.get('corporate_number');
      const r = await get(`/verify/${q.get('id')}${number ? `?corporate_number=${number}` : ''}`);
      assert.equal(r.status, status === 422 ? 404 : status, `${state}: ${url}`);
      const html = main(r.text);
      assert.match(html, new RegExp(`class="verify-answer verify-answer-${state}"`), state);
      assert.ok(html.includes(`<h2 id="answer-heading">${ja}`), `${state}: heading`);
    }
  });

  test('an empty submission says what to type; the first visit shows no answer', async () => {
    const first = main((await get('/verify')).text);
    assert.doesNotMatch(first, /verify-answer/);
    const empty = main((await get('/verify?id=')).text);
    assert.match(empty, /verify-answer-empty/);
    assert.match(empty, /宣言IDは11桁の数字で/);
    assert.match(empty, /<a href="#id">宣言IDを入力してください。<\/a>/);
  });

  test('a withdrawal names who withdrew it and when', async () => {
    const id = insertDeclaration(srv.dbPath, {
      id: makeId(7101), name: '運営者取り下げ商会', kana: 'ウンエイシャトリサゲショウカイ', status: 'withdrawn', changedAt: T0 + 5 * 86400,
      events: [{ at: T0, kind: 'declared', to: '1' },
        { at: T0 + 5 * 86400, kind: 'withdrawn', from: 'active', to: 'withdrawn', reason: 'duplicate' }],
    });
    const byOperator = main((await get(`/verify/${id}`)).text);
    assert.match(byOperator, /verify-answer-withdrawn/);
    assert.match(byOperator, /2024年5月6日 に運営者が取り下げました/);
    assert.match(main((await get(`/verify/${fx.yamada.id}`)).text), /2024年6月30日 に組織自身が取り下げました/);
    assert.match(main((await get(`/verify/${id}?lang=en`)).text), /The operator withdrew this declaration on 6 May 2024/);
  });
});

describe('/verify (form)', () => {
  test('empty form, then full-width input with a corporate number', async () => {
    const empty = await get('/verify');
    assert.equal(empty.status, 200);
    assert.match(empty.text, /name="id"/);
    const typed = encodeURIComponent(toFullWidth(`${fx.sakura.id.slice(0, 5)}-${fx.sakura.id.slice(5)}`));
    const r = await get(`/verify?id=${typed}&corporate_number=${encodeURIComponent(toFullWidth(fx.sakura.corporateNumber))}`);
    assert.equal(r.status, 200);
    assert.match(main(r.text), /有効な宣言です/);
    assert.match(main(r.text), /一致します/);
  });

  test('bad input is a form error (422) that keeps what was typed', async () => {
    let r = await get('/verify?id=12345');
    assert.equal(r.status, 422);
    assert.match(r.text, /11桁の数字です/);
    assert.match(r.text, /value="12345"/);
    r = await get(`/verify?id=${mistype(fx.sakura.id)}`);
    assert.equal(r.status, 422);
    assert.match(r.text, /入力ミスの可能性/);
    r = await get(`/verify?id=${fx.sakura.id}&corporate_number=99`);
    assert.equal(r.status, 422);
    r = await get(`/verify?id=${makeId(778)}`);
    assert.equal(r.status, 404);
    r = await get('/verify?id=1&id=2');
    assert.equal(r.status, 400);
  });
});

describe('badge and mark', () => {
  test('badge: active shows the level; withdrawn and revoked never look valid; framable, short cache', async () => {
    const ok = await get(`/badge/${fx.sakura.id}.svg`);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['content-type'], 'image/svg+xml');
    assert.match(ok.text, /★★ 宣言中/);
    assert.match(ok.text, /#1a7f37/);
    assert.equal(ok.headers['cache-control'], 'public, max-age=300');
    assert.ok(ok.headers.etag);
    assert.equal(ok.headers['x-frame-options'], undefined);
    assert.doesNotMatch(ok.headers['content-security-policy'], /frame-ancestors/);
    const w = await get(`/badge/${fx.yamada.id}.svg`);
    assert.equal(w.status, 200);
    assert.match(w.text, /取り下げ済み/);
    assert.doesNotMatch(w.text, /宣言中|★|#1a7f37/);
    const rv = await get(`/badge/${fx.revoked.id}.svg?lang=en`);
    assert.match(rv.text, /revoked/);
    assert.doesNotMatch(rv.text, /declared<|★/);
    const none = await get(`/badge/${makeId(779)}.svg`);
    assert.equal(none.status, 404);
    assert.match(none.text, /宣言なし/);
    assert.equal((await get(`/badge/${fx.sakura.id}.png`)).status, 404);
  });

  test('the mark as SVG and PNG (light and dark); its QR code opens the verification page', async () => {
    const svg = await get(`/verify/${fx.sakura.id}/mark.svg?theme=dark`);
    assert.equal(svg.status, 200);
    assert.match(svg.text, /^<svg /);
    assert.match(svg.text, /二つ星/);
    assert.match(svg.text, /Two stars/);
    assert.ok(svg.text.includes(fx.sakura.id));
    assert.equal((svg.text.match(/<polygon/g) ?? []).length, 2, 'two stars');
    for (const [size, theme] of [[320, 'light'], [640, 'dark'], [1280, 'light']]) {
      const png = await get(`/verify/${fx.sakura.id}/mark-${size}.png?theme=${theme}`);
      assert.equal(png.status, 200);
      assert.equal(png.headers['content-type'], 'image/png');
      assert.equal(png.body.readUInt32BE(16), size, 'PNG width');
      const file = path.join(srv.tmpDir, `mark-${size}-${theme}.png`);
      fs.writeFileSync(file, png.body);
      const z = spawnSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8' });
      assert.equal(z.status, 0, `zbarimg could not read the QR code: ${z.stderr}`);
      assert.equal(z.stdout.trim(), `https://mamori.example.jp/verify/${fx.sakura.id}`);
    }
    assert.equal((await get(`/verify/${fx.sakura.id}/mark-123.png`)).status, 404);
    assert.equal((await get(`/verify/${fx.sakura.id}/mark.svg?theme=pink`)).status, 400);
    assert.equal((await get(`/verify/${fx.yamada.id}/mark.svg`)).status, 404, 'no mark for a withdrawn declaration');
    assert.equal((await get(`/verify/${fx.revoked.id}/mark-640.png`)).status, 404);
  });
});

describe('/declarants', () => {
  test('kana and one-character searches, only active, linked to the verification page', async () => {
    let html = main((await get(`/declarants?q=${encodeURIComponent('さくら')}`)).text);
    assert.match(html, /1件が見つかりました/);
    assert.ok(html.includes(`href="/verify/${fx.sakura.id}"`));
    html = main((await get(`/declarants?q=${encodeURIComponent('精')}`)).text);
    assert.ok(html.includes(fx.sakura.id));
    html = main((await get(`/declarants?q=${encodeURIComponent('山')}`)).text);
    assert.doesNotMatch(html, /山田商店/, 'withdrawn declarants are not listed');
    html = main((await get(`/declarants?q=${encodeURIComponent('偽装')}`)).text);
    assert.match(html, /見つかりませんでした/, 'revoked declarants are not listed');
  });

  test('withdrawn and revoked declarations are found only when asked, with their status', async () => {
    let r = await get(`/declarants?q=${encodeURIComponent('山田')}&include_ended=1`);
    assert.equal(r.status, 200);
    let html = main(r.text);
    assert.match(html, /1件が見つかりました/);
    assert.ok(html.includes(`href="/verify/${fx.yamada.id}"`));
    assert.match(html, /<th scope="col">状態<\/th>/);
    assert.match(html, /class="declarant-status declarant-status-withdrawn"><strong>取り下げ済み<\/strong>/);
    assert.match(html, /name="include_ended" type="checkbox" value="1" checked/);
    html = main((await get(`/declarants?q=${encodeURIComponent('偽装')}&include_ended=1`)).text);
    assert.match(html, /declarant-status-revoked"><strong>取り消し済み<\/strong>/);
    html = main((await get(`/declarants?q=${encodeURIComponent('偽装サービス')}&include_ended=1&lang=en`)).text);
    assert.match(html, /declarant-status-revoked"><strong>Revoked<\/strong>/, 'three characters: the trigram search');
    html = main((await get(`/declarants?q=${encodeURIComponent('さくら')}&include_ended=1`)).text);
    assert.match(html, /declarant-status-active">有効</);
    html = main((await get('/declarants?q=&include_ended=0')).text);
    assert.doesNotMatch(html, /山田商店|<th scope="col">状態/, 'off: as before');
    const all = main((await get('/declarants?include_ended=1')).text);
    const active = main((await get('/declarants')).text);
    const count = (h) => Number(/(\d+)件が見つかりました/.exec(h)[1]);
    assert.ok(count(all) >= count(active) + 2, 'the listing of all includes the two ended declarations');
    assert.match(all, /include_ended=1&amp;(after=[^&"]*&amp;)?page=2/, 'the option is kept in the paging links');
    assert.equal((await get('/declarants?include_ended=yes')).status, 400);
    assert.equal((await get('/declarants?include_ended=1&include_ended=1')).status, 400);

    // The API takes the same optional parameter; without it, the answer is unchanged.
    const api = JSON.parse((await get(`/api/v1/declarants?q=${encodeURIComponent('山田')}&include_ended=1`)).text);
    assert.deepEqual(api.items, [{ id: fx.yamada.id, level: 1, name: '山田商店', prefecture: 13, status: 'withdrawn' }]);
    const plain = JSON.parse((await get(`/api/v1/declarants?q=${encodeURIComponent('さくら')}`)).text);
    assert.deepEqual(Object.keys(plain.items[0]).sort(), ['id', 'level', 'name', 'prefecture']);
  });

  test('paging with a total; filters kept in the links', async () => {
    const first = await get('/declarants?prefecture=47');
    assert.equal(first.status, 200);
    const html = main(first.text);
    assert.match(html, /25件が見つかりました/);
    assert.match(html, /1 \/ 2 ページ/);
    const next = /href="\/declarants\?q=&amp;prefecture=47&amp;after=(\d+)&amp;page=2"/.exec(html);
    assert.ok(next, 'the next link carries a cursor');
    const second = main((await get(`/declarants?q=&prefecture=47&after=${next[1]}&page=2`)).text);
    assert.match(second, /2 \/ 2 ページ/);
    assert.equal((second.match(/<tr><td><a href="\/verify\//g) ?? []).length, 5);
    assert.equal((await get('/declarants?page=0')).status, 400);
  });
});

describe('/verify/batch (office page)', () => {
  async function upload(csv, format = 'html', withToken = true, lang = 'ja') {
    const page = await get('/verify/batch');
    const cookie = [].concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const boundary = '----mamori-test-boundary';
    const parts = [];
    if (withToken) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrfOf(page.text)}\r\n`);
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\n${format}\r\n`);
    const body = Buffer.concat([
      Buffer.from(parts.join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ids.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.isBuffer(csv) ? csv : Buffer.from(csv),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return request(srv.port, '/verify/batch', {
      method: 'POST',
      headers: { 'Accept-Language': lang, Cookie: cookie, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(body.length) },
      body,
    });
  }

  const CSV = () => [
    '宣言ID,法人番号',
    `${fx.sakura.id},${fx.sakura.corporateNumber}`,
    `"${toFullWidth(fx.yamada.id)}"`,
    `${fx.sakura.id},${corporateNumber('333333333333')}`,
    'hello',
    `${mistype(fx.sakura.id)}`,
    '',
    `${fx.revoked.id},${fx.revoked.corporateNumber},extra`,
    `${makeId(4242)},12`,
    `${fx.revoked.id}\t${fx.revoked.corporateNumber}`,
  ].join('\r\n');

  test('results on screen; bad lines reported by number; good lines still checked', async () => {
    const r = await upload(CSV());
    assert.equal(r.status, 200);
    const html = main(r.text);
    assert.match(html, /8件を確認しました。有効 1件、法人番号が一致しない 1件、有効でない・見つからない 3件、読み取れない行 3件/,
      'the row whose corporate number does not match is not counted as valid');
    assert.match(html, /取り下げ済み（2024年6月30日）/);
    assert.match(html, /取り消し済み（2024年5月11日）/);
    assert.match(html, /class="batch-result batch-result-mismatch"><strong>法人番号が不一致<\/strong>/);
    assert.match(html, /<section class="notice notice-warning batch-unreadable"/, 'the unreadable lines are not in the success colour');
    assert.match(html, /5行目：宣言IDは11桁の数字です/);
    assert.match(html, /8行目：列が多すぎます/);
    assert.match(html, /9行目：法人番号が13桁の正しい番号ではありません/);
    assert.match(html, /<strong>不一致<\/strong>/);
    assert.match(html, /取り下げ済み/);
    assert.match(html, /入力ミスの可能性/);
    assert.match(html, /取り消し済み/);
  });

  test('the same results as a CSV download in the language of the page, mismatches counted as such', async () => {
    const r = await upload(CSV(), 'csv');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/csv/);
    assert.match(r.headers['content-disposition'], /attachment/);
    const lines = r.text.replace(/^\ufeff/, '').trim().split('\r\n');
    assert.equal(lines[0], '"行","宣言ID","判定","宣言の状態","段階","組織名","法人番号","法人番号の一致","取り下げ・取り消しの日","読み取れない理由"');
    assert.equal(lines.length, 1 + 8);
    assert.equal(lines[1], `"2","${fx.sakura.id}","有効","有効","2","さくら精密工業株式会社","${fx.sakura.corporateNumber}","一致","",""`);
    assert.equal(lines[2], `"3","${fx.yamada.id}","取り下げ済み","取り下げ済み","1","山田商店","","","2024-06-30",""`);
    assert.ok(lines.some((l) => l.startsWith(`"4","${fx.sakura.id}","法人番号が不一致","有効"`) && l.includes('"不一致"')), 'a mismatch is not 有効');
    assert.ok(lines.some((l) => l.startsWith('"5","","読み取れない行"')));

    const en = await upload(CSV(), 'csv', true, 'en');
    const enLines = en.text.replace(/^\ufeff/, '').trim().split('\r\n');
    assert.equal(enLines[0], '"line","id","result","status","level","name","corporate_number","corporate_number_matches","ended_on","problem"');
    assert.ok(enLines.some((l) => l.startsWith(`"4","${fx.sakura.id}","mismatch","active"`) && l.includes('"no"')));
    assert.ok(enLines.some((l) => l.startsWith('"5","","unreadable"') && l.includes('a declaration ID has 11 digits')));
    assert.doesNotMatch(en.text, /有効|一致|取り下げ|読み取れない/, 'no Japanese words in the English CSV');
  });

  test('full-width digits and hyphens are read in Shift_JIS and in UTF-8 files alike', async () => {
    const id = fx.sakura.id;
    const typed = `${toFullWidth(`${id.slice(0, 4)}-${id.slice(4)}`)},${toFullWidth(fx.sakura.corporateNumber)}`;
    const sjis = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'CP932'], { input: `宣言ID,法人番号\r\n${typed}\r\n${toFullWidth(fx.yamada.id)}\r\n` });
    assert.equal(sjis.status, 0, String(sjis.stderr));
    assert.ok(!sjis.stdout.toString('latin1').includes('\uff10'), 'the file really is Shift_JIS');
    for (const [label, body] of [['Shift_JIS', sjis.stdout], ['UTF-8', Buffer.from(`宣言ID,法人番号\r\n${typed}\r\n${toFullWidth(fx.yamada.id)}\r\n`)]]) {
      const html = main((await upload(body)).text);
      assert.match(html, /2件を確認しました。有効 1件、法人番号が一致しない 0件、有効でない・見つからない 1件、読み取れない行 0件/, label);
      assert.ok(html.includes(`href="/verify/${id}"`), `${label}: the ID was read`);
      assert.match(html, /<strong>一致<\/strong>|>一致</, `${label}: the corporate number was read`);
    }
    // a line that is neither UTF-8 nor Shift_JIS is still reported by its number
    const broken = main((await upload(Buffer.concat([Buffer.from(`${id}\r\n`), Buffer.from([0x39, 0x82, 0x0d, 0x0a])]))).text);
    assert.match(broken, /2行目：文字を読み取れません/);
  });

  test('a Shift_JIS heading is skipped; a missing file is a form error; the token is required', async () => {
    const sjisHeading = Buffer.from([0x90, 0xe9, 0x8c, 0xbe, 0x49, 0x44, 0x0d, 0x0a]); // 宣言ID in Shift_JIS
    const r = await upload(Buffer.concat([sjisHeading, Buffer.from(`${fx.sakura.id}\r\n`)]));
    assert.match(main(r.text), /1件を確認しました。有効 1件/);
    const missing = await upload('');
    assert.equal(missing.status, 422);
    assert.match(missing.text, /CSVファイルを選んでください/);
    const forged = await upload(CSV(), 'html', false);
    assert.equal(forged.status, 403);
  });
});

test('a change written by another process (another instance, an operator) is answered within a second', async () => {
  const id = insertDeclaration(srv.dbPath, { id: makeId(7001), name: '別プロセス商店', kana: 'ベツプロセスショウテン' });
  const api = async () => JSON.parse((await get(`/api/v1/declarations/${id}`)).text);
  // asked twice: the second answer comes from the verification cache
  assert.equal((await api()).status, 'active');
  assert.equal((await api()).status, 'active');
  assert.match((await get(`/badge/${id}.svg`)).text, /★ 宣言中/);
  sqlite(srv.dbPath, `UPDATE declaration SET status = 'revoked', changed_at = ${T0 + 86400} WHERE public_id = '${id}';
    INSERT INTO declaration_event (declaration_id, at, kind, from_value, to_value, reason)
    SELECT id, ${T0 + 86400}, 'revoked', 'active', 'revoked', 'false_information' FROM declaration WHERE public_id = '${id}';`);
  const start = Date.now();
  let answer = await api();
  while (answer.status !== 'revoked' && Date.now() - start < 3000) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    answer = await api();
  }
  const waited = Date.now() - start;
  assert.equal(answer.status, 'revoked');
  assert.ok(waited < 1000, `the revocation took ${waited} ms to show`);
  assert.deepEqual(answer.history.at(-1), { on: '2024-05-02', event: 'revoked', from: 'active', to: 'revoked', reason: 'false_information' });
  assert.match(main((await get(`/verify/${id}`)).text), /取り消された宣言です/);
  assert.doesNotMatch((await get(`/badge/${id}.svg`)).text, /宣言中|★/);
  const metrics = (await get('/metrics')).text;
  assert.match(metrics, /mamori_verify_cache_lookups_total\{result="hit"\} [1-9]/);
});

/** What a write would change: on SQLite the database file and its WAL
 * (size and time); on PostgreSQL every table's row count and the newest
 * transaction that inserted or updated one of its rows (xmin). */
function writeSnapshot() {
  if (srv.dbPath.startsWith('postgres')) {
    const tables = sqlite(srv.dbPath, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    return sqlite(srv.dbPath, tables.map((t) => `SELECT '${t}', count(*), max(xmin::text::bigint) FROM "${t}"`).join(' UNION ALL ')).join(' ');
  }
  const files = ['mamori.db', 'mamori.db-wal'].map((f) => path.join(srv.tmpDir, f));
  return files.map((f) => (fs.existsSync(f) ? `${fs.statSync(f).size}:${fs.statSync(f).mtimeMs}` : '-')).join(' ');
}

test('verification never writes to the database', async () => {
  const snapshot = writeSnapshot;
  // let the fixtures' writes settle
  await get(`/verify/${fx.sakura.id}`);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const before_ = snapshot();
  for (let i = 0; i < 20; i++) {
    await get(`/verify/${fx.sakura.id}?corporate_number=${fx.sakura.corporateNumber}`);
    await get(`/verify?id=${fx.yamada.id}`);
    await get(`/badge/${fx.sakura.id}.svg`);
    await get(`/api/v1/declarations/${fx.sakura.id}`);
    await get(`/api/v1/declarations/${makeId(9999)}`);
    await get(`/api/v1/declarants?q=${encodeURIComponent('さ')}`);
    await get(`/declarants?q=${encodeURIComponent('精密')}`);
  }
  assert.equal(snapshot(), before_);
});
