// "Firms like yours" over real HTTP: a result page compares the firm with
// the latest results of organisations of its industry and size class, only
// when at least 10 organisations contribute, otherwise with the next wider
// group, saying which and why; no two groups shown may differ by 1–9
// organisations (the difference of nested groups); only an organisation's
// latest result counts; `mamori aggregates rebuild` leaves the aggregates
// the writes kept as they were; supporters see their consenting clients'
// latest scores with the group average beside each, and nobody else's.
//
// Other organisations' results are put in with SQL (the triggers of
// migration 0026 count them as they count the pages' writes); the firms
// under test sign up, create their organisation and answer on the pages.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertCleanExit, ON_POSTGRES, runCli, sleep, sqlite, startServer } from './helpers.mjs';
import { Browser, createOrg, csrfOf, signUp } from './org_client.mjs';

let server;
let firm1; // E, 48 employees (SME, not small), Aichi: cell E × 2
let firm2; // E, 5 employees (small enterprise): cell E × 1
let peers = 0;
// Another process's writes (these SQL statements, `mamori aggregates
// rebuild`) reach the pages within 200 ms (pages/shared/benchmark_view.c):
// a page read after one waits that long first.
let written = false;
const db = (sql) => {
  written = true;
  return sqlite(server.dbPath, sql);
};
const rebuild = () => {
  written = true;
  return runCli(['aggregates', 'rebuild', '--db', server.dbPath]);
};

before(async () => {
  server = await startServer({ threads: 2 });
  [firm1, firm2] = await Promise.all([signUp(server, 'bench1@example.jp'), signUp(server, 'bench2@example.jp')]);
  await createOrg(firm1, { corporate_number: '', sole_proprietor: '1', capital: '' });
  await createOrg(firm2, { corporate_number: '', sole_proprietor: '1', capital: '', name: '小さな工房', employees: '5' });
});

after(async () => {
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
});

/** n other organisations of division `industry` and size `size`, each
 * with one result of `total` (parts: a fifth, the rest, 0). */
function addPeers(n, industry, size, total) {
  for (let i = 0; i < n; i++) {
    const id = `peer${String(++peers).padStart(4, '0')}`;
    db(`INSERT INTO organisation (public_id, name, name_kana, prefecture, industry, employees)
        VALUES ('${id}', '同業${peers}', 'ドウギョウ', 13, '${industry}', 10)`);
    db(`INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1, part2, part3,
        submit_token, bench_industry, bench_size, bench_region)
        SELECT id, 'v1', 1767193200, ${total}, ${Math.floor(total / 5)}, ${total - Math.floor(total / 5)}, 0,
        'tok-${id}', '${industry}', ${size}, 3 FROM organisation WHERE public_id = '${id}'`);
  }
}

/** n other organisations of E × 2 with one management result of
 * `overall` hundredths of a level on every directive. */
function addManagementPeers(n, overall) {
  for (let i = 0; i < n; i++) {
    const id = `mpeer${String(++peers).padStart(4, '0')}`;
    db(`INSERT INTO organisation (public_id, name, name_kana, prefecture, industry, employees)
        VALUES ('${id}', '経営${peers}', 'ケイエイ', 23, 'E', 50)`);
    const d = Array(10).fill(overall).join(', ');
    db(`INSERT INTO management_result (organisation_id, version, taken_at, overall, dont_know,
        d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, submit_token, bench_industry, bench_size, bench_region)
        SELECT id, 'v1', 1767193200, ${overall}, 0, ${d}, 'tok-${id}', 'E', 2, 4
        FROM organisation WHERE public_id = '${id}'`);
  }
}

/** Takes the management self-check answering every question `level`; the result's path. */
async function takeManagement(b, level) {
  for (let d = 1; d <= 10; d++) {
    const page = await b.get(`/management/part/${d}`);
    assert.equal(page.status, 200);
    const hidden = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)[1];
    const form = [['csrf', csrfOf(page.text)], ['version', hidden('version')], ['org', hidden('org')], ['action', 'next']];
    for (const m of page.text.matchAll(/name="(question-\d+)"/g)) if (!form.some(([k]) => k === m[1])) form.push([m[1], String(level)]);
    assert.equal((await b.req('POST', `/management/part/${d}`, { form })).status, 303, `directive ${d}`);
  }
  const check = await b.get('/management/check');
  const hidden = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(check.text)[1];
  const r = await b.req('POST', '/management/submit', {
    form: { csrf: csrfOf(check.text), submit_token: hidden('submit_token'), version: hidden('version'), org: hidden('org') },
  });
  assert.equal(r.status, 303);
  assert.match(r.headers.location, /^\/management\/results\/\d+$/);
  return r.headers.location;
}

/** Takes the self-assessment answering every item `answer`; the result's path. */
async function takeAssessment(b, answer) {
  for (const part of [1, 2, 3]) {
    const page = await b.get(`/assessment/part/${part}`);
    assert.equal(page.status, 200);
    const hidden = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)[1];
    const [from, to] = { 1: [1, 5], 2: [6, 18], 3: [19, 25] }[part];
    const form = [['csrf', csrfOf(page.text)], ['version', hidden('version')], ['org', hidden('org')], ['action', 'next']];
    for (let i = from; i <= to; i++) form.push([`item-${i}`, answer]);
    assert.equal((await b.req('POST', `/assessment/part/${part}`, { form })).status, 303);
  }
  const check = await b.get('/assessment/check');
  const hidden = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(check.text)[1];
  const r = await b.req('POST', '/assessment/submit', {
    form: { csrf: csrfOf(check.text), submit_token: hidden('submit_token'), version: hidden('version'), org: hidden('org') },
  });
  assert.equal(r.status, 303);
  return r.headers.location;
}

/** What the page's "firms like yours" says: its text and figures. */
async function benchmarkOf(b, path) {
  if (written) await sleep(250);
  written = false;
  const r = await b.get(path.includes('lang=') ? path : `${path}?lang=ja`);
  assert.equal(r.status, 200, path);
  const m = /<section aria-labelledby="benchmark-heading" class="benchmark">([\s\S]*?)<\/section>/.exec(r.text);
  assert.ok(m, 'the page has the section');
  const s = m[1];
  const pick = (re) => re.exec(s)?.[1];
  const count = pick(/(\d+)組織と比べています/) ?? pick(/with (?:all )?(\d+) organisations/);
  return {
    text: s,
    count: count === undefined ? null : Number(count),
    mean: pick(/<dd class="benchmark-mean">([^<]*)<\/dd>/) ?? null,
    percentile: pick(/およそ(\d+)％の組織より高い/) ?? null,
    shown: /<dd class="benchmark-mean">/.test(s),
  };
}

let result1;

test('with fewer than 10 organisations no figure is shown, and the page says why', async () => {
  result1 = await takeAssessment(firm1, 'done'); // 100
  let bm = await benchmarkOf(firm1, result1);
  assert.equal(bm.shown, false);
  assert.match(bm.text, /10組織以上が集まるまで数字は示しません/);
  addPeers(8, 'E', 2, 60);
  bm = await benchmarkOf(firm1, result1);
  assert.equal(bm.shown, false, '9 organisations in all: still nothing');
  assert.doesNotMatch(bm.text, /<svg/);
  assert.doesNotMatch(bm.text, /\d+組織と比べています/);
});

test('at 10 organisations the group of the same industry and size is shown with its histogram', async () => {
  addPeers(1, 'E', 2, 60);
  const bm = await benchmarkOf(firm1, result1);
  assert.equal(bm.shown, true);
  assert.match(bm.text, /同じ業種（製造業）・同じ規模（中小企業者（小規模企業者を除く））の10組織と比べています/);
  assert.equal(bm.count, 10);
  assert.equal(bm.mean, '64.0'); // (100 + 9 × 60) / 10
  assert.equal(bm.percentile, '95'); // 9 below, itself half of its bin
  assert.match(bm.text, /<svg class="chart"[^>]*role="img"[^>]*aria-labelledby="benchmark-histogram-title benchmark-histogram-desc"/);
  assert.match(bm.text, /<title id="benchmark-histogram-title">/);
  assert.match(bm.text, /<desc id="benchmark-histogram-desc">10組織の合計を帯ごとに数えた/);
  assert.match(bm.text, /<th scope="row">100 （あなたの組織）<\/th><td class="number">1<\/td>/);
  assert.match(bm.text, /<th scope="row">60〜64<\/th><td class="number">9<\/td>/);
  // per part: the firm's score beside the group average
  assert.match(bm.text, /<td class="number">20<\/td><td class="number">12\.8<\/td>/); // part 1: (20 + 9 × 12) / 10
  const en = await benchmarkOf(firm1, `${result1}?lang=en`);
  assert.match(en.text, /Compared with 10 organisations of the same industry \(Manufacturing\) and size class/);
});

test('a firm whose cell has fewer than 10 sees its whole industry, or all firms, with the reason', async () => {
  const result2 = await takeAssessment(firm2, 'partly'); // 50, cell E × 1
  addPeers(4, 'E', 1, 40); // E × 1: 5
  addPeers(5, 'E', 3, 80); // E × 3: 5; E minus its shown cell (E × 2): 10
  let bm = await benchmarkOf(firm2, result2);
  assert.match(bm.text, /同じ業種（製造業）のすべての規模の20組織と比べています/);
  assert.equal(bm.count, 20);
  // an anonymous visitor's result: industry unknown, all firms
  const anon = new Browser(server.port);
  const anonResult = await takeAssessment(anon, 'not_done');
  bm = await benchmarkOf(anon, anonResult);
  assert.match(bm.text, /まだ組織に登録されていないため/);
  assert.match(bm.text, /すべての業種・規模の20組織と比べています/);
});

test('no two groups shown differ by 1 to 9 organisations: the industry is not shown beside its cell when its rest is 9', async () => {
  const result2 = (await firm2.get('/assessment/history')).text.match(/\/assessment\/results\/\d+/)[0];
  // one firm of E × 3 leaves: E is 19, its shown cell E × 2 is 10, and
  // E shown would give away the 9 others by subtraction
  const leaver = db(`SELECT o.public_id FROM organisation o JOIN assessment_result r ON r.organisation_id = o.id
                     WHERE r.bench_industry = 'E' AND r.bench_size = 3 ORDER BY o.id LIMIT 1`)[0];
  db(`${ON_POSTGRES ? '' : 'PRAGMA foreign_keys = ON; '}DELETE FROM organisation WHERE public_id = '${leaver}'`);
  const cell = await benchmarkOf(firm1, result1);
  const other = await benchmarkOf(firm2, result2);
  assert.equal(cell.count, 10);
  assert.doesNotMatch(other.text, /同じ業種（製造業）のすべての規模/, 'the industry is not shown');
  // all firms (19) minus the shown cell (10) is the same 9: not shown either
  assert.equal(other.shown, false);
  for (const a of [cell, other]) for (const b of [cell, other]) {
    if (a.count === null || b.count === null) continue;
    const d = Math.abs(a.count - b.count);
    assert.ok(d === 0 || d >= 10, `groups of ${a.count} and ${b.count} shown`);
  }
  // ten firms of another industry with a hidden rest of their own make the
  // rest of all firms 10: all firms may be shown again
  addPeers(10, 'G', 1, 70);
  addPeers(1, 'G', 3, 70);
  const again = await benchmarkOf(firm2, result2);
  assert.match(again.text, /すべての業種・規模の30組織と比べています/);
});

test('only the latest result of an organisation counts', async () => {
  const before = await benchmarkOf(firm1, result1);
  const newer = await takeAssessment(firm1, 'not_done'); // 0 replaces 100
  const now = await benchmarkOf(firm1, newer);
  assert.equal(now.count, before.count);
  assert.equal(now.mean, '54.0'); // (0 + 9 × 60) / 10
  const old = await benchmarkOf(firm1, result1);
  assert.equal(old.mean, '54.0', 'an older result is compared with the group as it is now');
  assert.equal(db(`SELECT count(*) FROM benchmark_member WHERE kind = 'assessment'`)[0], String(2 + 9 + 4 + 4 + 11));
});

test('`mamori aggregates rebuild` gives exactly what the writes kept', async () => {
  const dump = () => [
    ...db(`SELECT kind, version, industry, size_class, region, organisations, total_sum, total_squares, s1, q1, s2, q2, s3, q3
           FROM benchmark_group WHERE organisations <> 0 ORDER BY kind, version, industry, size_class, region`),
    ...db(`SELECT kind, version, industry, size_class, region, bin, organisations FROM benchmark_histogram
           WHERE organisations <> 0 ORDER BY kind, version, industry, size_class, region, bin`),
    ...db(`SELECT kind, organisation_id, result_id FROM benchmark_member ORDER BY kind, organisation_id`),
  ];
  const live = dump();
  assert.ok(live.length > 20);
  const r = rebuild();
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(dump(), live);
});

test('the management self-check compares in bins of half a level, with each directive\'s group average', async () => {
  const mine = await takeManagement(firm1, 5); // 5.00
  let bm = await benchmarkOf(firm1, mine);
  assert.equal(bm.shown, false, 'one organisation: nothing');
  const radar = async () => {
    if (written) await sleep(250); // other writers' figures show within 200 ms
    written = false;
    return /<svg[^>]*management-chart-title[\s\S]*?<\/svg>/.exec((await firm1.get(`${mine}?lang=ja`)).text)[0];
  };
  assert.doesNotMatch(await radar(), /stroke-dasharray="2 4"/, 'no group drawn on the radar either');
  addManagementPeers(9, 250);
  const drawn = await radar();
  assert.match(drawn, /stroke-dasharray="2 4"/, 'the group drawn dotted on the radar');
  assert.match(drawn, /平均（同じ業種・規模）/, 'named in the legend');
  assert.match(drawn, /点の線は同じ業種・規模の、指示ごとの成熟度の平均です/, 'and in the description');
  bm = await benchmarkOf(firm1, mine);
  assert.equal(bm.count, 10);
  assert.equal(bm.mean, '2.75'); // (5.00 + 9 × 2.50) / 10
  assert.equal(bm.percentile, '95');
  assert.match(bm.text, /<th scope="row">5\.00 （あなたの組織）<\/th><td class="number">1<\/td>/);
  assert.match(bm.text, /<th scope="row">2\.50〜2\.99<\/th><td class="number">9<\/td>/);
  assert.match(bm.text, /指示ごとの成熟度とグループの平均/);
  assert.equal((bm.text.match(/<td class="number">5\.00<\/td><td class="number">2\.75<\/td>/g) ?? []).length, 10, 'ten directives');
  const r = rebuild();
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await benchmarkOf(firm1, mine)).mean, '2.75', 'the same after a rebuild');
});

test('a supporter sees the latest scores of consenting clients with the group average, and no one else', async () => {
  const supporter = await signUp(server, 'bench-supporter@example.jp');
  const form = await supporter.get('/supporter');
  assert.equal((await supporter.req('POST', '/supporter', {
    form: { csrf: csrfOf(form.text), kind: 'tax_accountant', prefecture: '23', organisation_name: '比較税理士事務所' },
  })).status, 303);
  const code = /id="supporter-code">([0-9A-Z-]+)</.exec((await supporter.get('/supporter')).text)[1];
  assert.equal((await firm1.submit('/org/supporters/grant', { supporter: code, access: 'read' })).status, 303);
  const dash = (await supporter.get('/supporter')).text;
  const row = /<tr><td><a href="\/assessment\/history\/[a-z0-9]+">さくら精密工業株式会社<\/a><\/td>(.*?)<\/tr>/.exec(dash);
  assert.ok(row, 'the consenting client is listed');
  assert.match(row[1], /<td>0<\/td><td>54\.0（同じ業種・規模）<\/td><td>5\.00<\/td><td>2\.75（同じ業種・規模）<\/td>/);
  assert.doesNotMatch(dash, /小さな工房/, 'a firm that gave no consent is not listed');
  // the client's result page is open to it; the other firm's is not
  const theirs = (await firm2.get('/assessment/history')).text.match(/\/assessment\/results\/\d+/)[0];
  assert.equal((await supporter.get(theirs)).status, 404);
  assert.equal((await supporter.get(result1)).status, 200);
});
