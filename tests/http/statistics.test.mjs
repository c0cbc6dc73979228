// statistics.test.mjs — the public statistics (/statistics and its CSV
// tables) and the administrators' (/admin/statistics) on a seeded
// database: every figure shown equals a direct count of the declarations,
// their events and the results; no figure under 10 is ever shown, and no
// row or column leaves exactly one figure hidden (it would be the total
// minus the others); the administrators see everything, others get 404;
// `mamori aggregates rebuild` leaves the counters kept on write as they
// were. The open data (/data): the files the server writes at start, their
// checksums, their schema, the declarant list equal to the declarations
// and no more than verification shows, `mamori export-open-data`.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  assertCleanExit,
  assertNoSanitizerReports,
  cookieJar,
  getForm,
  httpGet,
  makeTmpDir,
  newDatabase,
  ON_POSTGRES,
  post,
  runCli,
  sqlite,
  startServer,
  waitFor,
} from './helpers.mjs';
import { createOrg, signUp } from './org_client.mjs';

const ADMIN_PASSWORD = 'granite lighthouse keeps watch';
const ORGS = 700;

let server;
let admin;
const url = (p) => `${server.url}${p}`;
const db = (sql) => sqlite(server.dbPath, sql);

/** RFC 4180 rows (a BOM first is dropped). */
function parseCsv(text) {
  assert.ok(text.startsWith('\uFEFF'), 'the CSV starts with a BOM');
  const rows = [];
  let row = [], cell = '', quoted = false;
  const s = text.slice(1);
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r') continue;
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function csv(p, jar = cookieJar()) {
  const res = await httpGet(url(p), jar);
  assert.equal(res.status, 200, `GET ${p}`);
  assert.match(res.headers['content-type'], /^text\/csv; charset=utf-8/);
  assert.match(res.headers['content-disposition'], /attachment; filename="mamori-statistics-/);
  const rows = parseCsv(res.text);
  return { header: rows[0], rows: rows.slice(1) };
}

/** code → {column: value} of a table's CSV. */
function byCode(table) {
  const out = new Map();
  for (const r of table.rows) out.set(r[0], Object.fromEntries(table.header.map((h, i) => [h, r[i]])));
  return out;
}

/** Direct counts: key → count, from 'key|count' lines. */
function counts(sql) {
  return new Map(db(sql).map((l) => { const [k, n] = l.split('|'); return [k, Number(n)]; }));
}

/** Every shown figure is ≥ 10 and equals want (0 when absent); every
 * row and column (totals included) hides 0 or ≥ 2 figures. */
function assertSuppressed(table, cols, want, label) {
  const hiddenPerCol = new Map(cols.map((c) => [c, 0]));
  for (const r of table.rows) {
    const row = Object.fromEntries(table.header.map((h, i) => [h, r[i]]));
    let hiddenInRow = 0;
    for (const c of cols) {
      if (row[c] === '< 10') { hiddenInRow++; hiddenPerCol.set(c, hiddenPerCol.get(c) + 1); continue; }
      const v = Number(row[c]);
      assert.ok(v >= 10, `${label} ${row.code} ${c}: ${v} is shown though under 10`);
      assert.equal(v, want(row.code, c), `${label} ${row.code} ${c}`);
    }
    assert.notEqual(hiddenInRow, 1, `${label} ${row.code}: one figure hidden alone in its row`);
  }
  for (const [c, n] of hiddenPerCol) assert.notEqual(n, 1, `${label} ${c}: one figure hidden alone in its column`);
}

async function logIn(email, password) {
  const jar = cookieJar();
  const { csrf } = await getForm(url('/login'), jar);
  const res = await post(url('/login'), { csrf, email, password, next: '' }, jar);
  assert.equal(res.status, 303, 'log-in');
  return jar;
}

before(async () => {
  const tmpDir = makeTmpDir();
  const dbPath = newDatabase(tmpDir);
  const seeded = runCli(['seed', '--orgs', String(ORGS), '--seed', '11', '--declared', '100', '--db', dbPath], { timeoutMs: 120_000 });
  assert.equal(seeded.status, 0, seeded.stderr);
  server = await startServer({ tmpDir, dbPath, env: { MAMORI_OPEN_DATA_DIR: path.join(tmpDir, 'open-data') } });
  const email = `stats-admin-${process.pid}@example.jp`;
  const made = runCli(['admin', 'create', '--email', email, '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
  assert.equal(made.status, 0, made.stderr);
  const link = new URL(made.stdout.trim()).pathname;
  const jar = cookieJar();
  const page = await getForm(url(link), jar);
  await post(url(link), { csrf: page.csrf, password: ADMIN_PASSWORD }, jar);
  admin = await logIn(email, ADMIN_PASSWORD);
});

after(async () => {
  if (server) assertCleanExit(await server.stop(), 'mamori serve');
});

const LEVEL_SQL = (group) =>
  `SELECT ${group} || '-' || level, count(*) FROM declaration WHERE status = 'active' GROUP BY ${group}, level`;
const levelWant = (direct, code, c) => {
  if (c === 'total') return (direct.get(`${code}-1`) ?? 0) + (direct.get(`${code}-2`) ?? 0);
  return direct.get(`${code}-${c === 'one_star' ? 1 : 2}`) ?? 0;
};

describe('public statistics', () => {
  test('the page shows every table beside its chart, in Japanese and English', async () => {
    for (const lang of ['ja', 'en']) {
      const res = await httpGet(url(`/statistics?lang=${lang}`));
      assert.equal(res.status, 200);
      const charts = res.text.match(/<svg class="chart"[^>]*role="img"[^>]*>/g) ?? [];
      assert.equal(charts.length, 7, 'six bar charts and the map');
      assert.equal((res.text.match(/<title id="chart-/g) ?? []).length, 7);
      assert.equal((res.text.match(/<desc id="chart-/g) ?? []).length, 7);
      assert.equal((res.text.match(/<table>/g) ?? []).length, 6);
      for (const name of ['levels', 'monthly', 'prefectures', 'industries', 'sizes', 'scores']) {
        assert.ok(res.text.includes(`href="/statistics/${name}.csv"`), `link to ${name}.csv`);
      }
      assert.equal((res.text.match(/<rect [^>]*stroke="#4a5466"\/><\/g>/g) ?? []).length, 47, '47 tiles');
    }
  });

  test('declarations in force by level, prefecture, industry equal direct counts, small ones hidden', async () => {
    const levels = await csv('/statistics/levels.csv');
    const all = counts(`SELECT 'active-' || level, count(*) FROM declaration WHERE status = 'active' GROUP BY level`);
    assertSuppressed(levels, ['one_star', 'two_stars', 'total'], (code, c) => levelWant(all, code === 'total' ? 'active' : code, c), 'levels');
    assert.equal(byCode(levels).get('active').one_star, String(all.get('active-1')), 'the ★ count is large enough to be shown');

    const pref = await csv('/statistics/prefectures.csv?lang=en');
    assert.equal(pref.rows.length, 48);
    const direct = counts(LEVEL_SQL(ON_POSTGRES ? `lpad(prefecture::text, 2, '0')` : `printf('%02d', prefecture)`));
    for (const l of [1, 2]) {
      let sum = 0;
      for (const [k, v] of direct) if (k.endsWith(`-${l}`)) sum += v;
      direct.set(`total-${l}`, sum);
    }
    assertSuppressed(pref, ['one_star', 'two_stars', 'total'], (code, c) => levelWant(direct, code, c), 'prefectures');
    assert.ok(pref.rows.some((r) => r.includes('< 10')), 'a seeded prefecture has fewer than 10 ★★');

    const ind = await csv('/statistics/industries.csv');
    const byIndustry = counts(LEVEL_SQL('industry'));
    for (const l of [1, 2]) byIndustry.set(`total-${l}`, all.get(`active-${l}`) ?? 0);
    assertSuppressed(ind, ['one_star', 'two_stars', 'total'], (code, c) => levelWant(byIndustry, code, c), 'industries');
  });

  test('the month-by-month events equal the declarations\' history', async () => {
    const monthly = await csv('/statistics/monthly.csv?lang=en');
    assert.equal(monthly.rows.length, 24);
    const month = ON_POSTGRES
      ? `to_char(to_timestamp(at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM')`
      : `strftime('%Y-%m', at + 32400, 'unixepoch')`;
    const declared = counts(`SELECT ${month}, count(*) FROM declaration_event WHERE kind = 'declared' GROUP BY 1`);
    const withdrawn = counts(`SELECT ${month}, count(*) FROM declaration_event WHERE kind = 'withdrawn' GROUP BY 1`);
    assertSuppressed(monthly, ['declared', 'withdrawn'], (code, c) => ((c === 'declared' ? declared : withdrawn).get(code) ?? 0), 'monthly');
  });

  test('scores by year equal the submitted results of organisations, with their mean', async () => {
    const scores = await csv('/statistics/scores.csv');
    const year = ON_POSTGRES
      ? `extract(year FROM to_timestamp(taken_at + 32400) AT TIME ZONE 'UTC')::int`
      : `CAST(strftime('%Y', taken_at + 32400, 'unixepoch') AS INTEGER)`;
    const per = counts(`SELECT ${year}, count(*) FROM assessment_result WHERE organisation_id IS NOT NULL GROUP BY 1`);
    const sums = counts(`SELECT ${year}, sum(total) FROM assessment_result WHERE organisation_id IS NOT NULL GROUP BY 1`);
    let shown = 0;
    for (const row of byCode(scores).values()) {
      if (row.code === 'total' || row.total === '< 10') continue;
      assert.equal(Number(row.total), per.get(row.code), `results in ${row.code}`);
      assert.equal(row.mean, (Math.round((sums.get(row.code) * 10) / per.get(row.code)) / 10).toFixed(1), `mean in ${row.code}`);
      shown++;
    }
    assert.ok(shown > 0, 'some year has 10 results or more');
  });

  test('an unknown table is 404', async () => {
    for (const p of ['/statistics/nothing.csv', '/statistics/levels.json', '/statistics/levels']) {
      assert.equal((await httpGet(url(p))).status, 404, p);
    }
  });
});

describe('administrators\' statistics', () => {
  test('only administrators see /admin/statistics; others get 404', async () => {
    assert.equal((await httpGet(url('/admin/statistics'))).status, 303, 'anonymous: to the log-in');
    const res = await httpGet(url('/admin/statistics'), admin);
    assert.equal(res.status, 200);
    assert.ok(res.text.includes('<h2 id="funnel-heading">'));
    assert.ok(!res.text.includes('&lt; 10'), 'nothing hidden');
  });

  test('the benchmarks per region count each organisation\'s latest result where it was, both checks', async () => {
    const res = await httpGet(url('/admin/statistics?lang=en'), admin);
    assert.equal(res.status, 200);
    const rows = [...res.text.matchAll(/<tr><td>([^<]*)<\/td><td>v1<\/td><th scope="row">([^<]*)<\/th><td class="number">([\d,]+)<\/td><td class="number">([\d.-]+)<\/td><\/tr>/g)];
    const REGIONS = ['Hokkaido', 'Tohoku', 'Kanto', 'Chubu', 'Kinki', 'Chugoku', 'Shikoku', 'Kyushu', 'Okinawa'];
    for (const [kind, label] of [['assessment', 'Self-assessment (points)'], ['management', 'Management self-check (maturity)']]) {
      // the latest result of each organisation, straight from the results
      const table = kind === 'assessment' ? 'assessment_result' : 'management_result';
      const direct = new Map(db(`SELECT r.bench_region, count(*) FROM ${table} r WHERE r.organisation_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${table} n WHERE n.organisation_id = r.organisation_id
          AND (n.taken_at > r.taken_at OR (n.taken_at = r.taken_at AND n.id > r.id)))
        GROUP BY r.bench_region`).map((l) => l.split('|').map(Number)));
      assert.ok(direct.size > 0, `${kind}: the seed made results`);
      const shown = rows.filter((m) => m[1] === label);
      assert.equal(shown.length, direct.size, `${kind}: a row per region with results`);
      for (const m of shown) {
        const region = REGIONS.indexOf(m[2]) + 1;
        assert.equal(Number(m[3].replace(/,/g, '')), direct.get(region), `${kind} ${m[2]}`);
      }
    }
  });

  test('the full tables equal direct counts, small figures included', async () => {
    const pref = await csv('/admin/statistics/prefectures.csv', admin);
    const direct = counts(LEVEL_SQL(ON_POSTGRES ? `lpad(prefecture::text, 2, '0')` : `printf('%02d', prefecture)`));
    for (const [code, row] of byCode(pref)) {
      if (code === 'total') continue;
      assert.equal(Number(row.two_stars), direct.get(`${code}-2`) ?? 0, `${code} ★★`);
      assert.equal(Number(row.one_star), direct.get(`${code}-1`) ?? 0, `${code} ★`);
    }
  });

  test('the funnel counts the accounts of this month and how far they got', async () => {
    const owner = await signUp(server, `funnel-${process.pid}@example.jp`);
    await createOrg(owner, { corporate_number: '2120901007402' });
    await signUp(server, `funnel-none-${process.pid}@example.jp`);
    const res = await httpGet(url('/admin/statistics?lang=en'), admin);
    const m = res.text.match(/<tr><th scope="row">(\d{4}-\d{2})<\/th>((?:<td>[\d,]+<\/td>){6})<\/tr>/);
    assert.ok(m, 'a row for this month');
    const cells = [...m[2].matchAll(/<td>([\d,]+)<\/td>/g)].map((c) => Number(c[1].replace(/,/g, '')));
    const month = ON_POSTGRES
      ? `to_char(to_timestamp(u.created_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM')`
      : `strftime('%Y-%m', u.created_at + 32400, 'unixepoch')`;
    const count = (join) => Number(db(`SELECT count(*) FROM "user" u ${join} WHERE ${month} = '${m[1]}'`)[0]);
    const member = 'JOIN membership ms ON ms.user_id = u.id';
    assert.deepEqual(cells, [
      count(''),
      count(member),
      count(`${member} AND EXISTS (SELECT 1 FROM assessment_result r WHERE r.organisation_id = ms.organisation_id)`),
      count(`${member} AND EXISTS (SELECT 1 FROM policy_publication p WHERE p.organisation_id = ms.organisation_id)`),
      count(`${member} AND EXISTS (SELECT 1 FROM declaration d WHERE d.organisation_id = ms.organisation_id)`),
      count(`${member} AND EXISTS (SELECT 1 FROM declaration d WHERE d.organisation_id = ms.organisation_id AND d.level = 2)`),
    ]);
    assert.ok(cells[0] >= 3 && cells[1] >= 1, `three sign-ups this month, one with an organisation: ${cells}`);
  });
});

describe('mamori aggregates rebuild', () => {
  const snapshot = () => [
    ...db('SELECT * FROM statistics_active WHERE organisations <> 0 ORDER BY 1, 2, 3, 4'),
    ...db('SELECT * FROM statistics_daily ORDER BY 1, 2, 3, 4, 5'),
    ...db('SELECT * FROM statistics_monthly ORDER BY 1'),
    ...db('SELECT * FROM statistics_score WHERE results <> 0 ORDER BY 1, 2'),
  ];

  test('recounting gives the counters kept on write, and repairs broken ones', async () => {
    const live = snapshot();
    assert.ok(live.length > 50);
    db('UPDATE statistics_monthly SET declared = declared + 5');
    db('DELETE FROM statistics_active WHERE prefecture = 13');
    assert.notDeepEqual(snapshot(), live);
    const r = runCli(['aggregates', 'rebuild', '--db', server.dbPath]);
    assertNoSanitizerReports(r.stderr, 'aggregates rebuild');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(snapshot(), live);
  });

  test('`aggregates` without `rebuild` is a usage error', () => {
    assert.equal(runCli(['aggregates']).status, 2);
    assert.equal(runCli(['aggregates', 'redo']).status, 2);
  });
});

describe('open data', () => {
  const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
  let sums; // name → hash

  before(async () => {
    const res = await waitFor(async () => {
      const r = await httpGet(url('/data/SHA256SUMS'));
      return r.status === 200 ? r : null;
    }, { what: 'the open data written at start', timeoutMs: 30_000 });
    sums = new Map(res.text.trim().split('\n').map((l) => { const [h, n] = l.split('  '); return [n, h]; }));
  });

  async function download(name) {
    const res = await fetch(url(`/data/${name}`));
    assert.equal(res.status, 200, name);
    return Buffer.from(await res.arrayBuffer());
  }

  test('/data lists every file with its checksum and the licence; each file matches it', async () => {
    const page = await httpGet(url('/data?lang=en'));
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('CC BY 4.0'));
    assert.equal(sums.size, 2 + 6 + 1, 'two declarant files, six tables, the schema');
    for (const [name, hash] of sums) {
      assert.ok(page.text.includes(`href="/data/${name}"`), `listed: ${name}`);
      assert.ok(page.text.includes(hash), `checksum shown: ${name}`);
      assert.equal(sha256(await download(name)), hash, `checksum of ${name}`);
    }
    const date = [...sums.keys()].find((n) => n.startsWith('mamori-declarants-')).match(/\d{4}-\d{2}-\d{2}/)[0];
    for (const name of sums.keys()) if (name !== 'schema.json') assert.ok(name.includes(date), `${name} has the date`);
  });

  test('the declarant list holds every declaration, as CSV and JSON Lines, and only public facts', async () => {
    const csvName = [...sums.keys()].find((n) => n.endsWith('.csv') && n.startsWith('mamori-declarants-'));
    const rows = parseCsv((await download(csvName)).toString('utf8'));
    const header = rows[0];
    assert.deepEqual(header, ['declaration_id', 'level', 'status', 'name', 'name_kana', 'prefecture_code',
      'prefecture_name', 'corporate_number', 'declared_on']);
    const direct = db(`SELECT public_id, level, status, corporate_number, org_name FROM declaration ORDER BY id`);
    assert.equal(rows.length - 1, direct.length);
    for (let i = 0; i < direct.length; i++) {
      const [id, level, status, number, name] = direct[i].split('|');
      const row = rows[i + 1];
      assert.deepEqual([row[0], row[1], row[2], row[7]], [id, level, status, number], `row ${i}`);
      assert.equal(row[3], number === '' ? '' : name, `row ${i}: a name only with a corporate number`);
    }
    const jsonlName = csvName.replace(/\.csv$/, '.jsonl');
    const lines = (await download(jsonlName)).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, direct.length);
    assert.deepEqual(Object.keys(lines[0]), header);
    assert.equal(lines[5].declaration_id, rows[6][0]);
  });

  test('schema.json describes every file and every column, under CC BY 4.0', async () => {
    const schema = JSON.parse((await download('schema.json')).toString('utf8'));
    assert.equal(schema.profile, 'data-package');
    assert.equal(schema.licenses[0].name, 'CC-BY-4.0');
    assert.equal(schema.resources.length, 8);
    for (const r of schema.resources) {
      assert.ok(sums.has(r.path), `${r.path} is in SHA256SUMS`);
      for (const f of r.schema.fields) assert.ok(f.name && f.type && f.description, `${r.path}: ${f.name} described`);
      if (r.format === 'csv') {
        const header = parseCsv((await download(r.path)).toString('utf8'))[0];
        assert.deepEqual(header, r.schema.fields.map((f) => f.name), `${r.path}: columns as described`);
      }
    }
  });

  test('the statistics files are the public tables, small figures hidden', async () => {
    for (const name of ['levels', 'prefectures', 'scores']) {
      const file = [...sums.keys()].find((n) => n.startsWith(`mamori-statistics-${name}-`));
      const page = await httpGet(url(`/statistics/${name}.csv?lang=ja`));
      assert.equal((await download(file)).toString('utf8'), page.text, name);
    }
  });

  test('only the files of the list are served', async () => {
    for (const p of ['/data/..%2Fmamori.db', '/data/mamori.db', '/data/mamori-declarants.csv', '/data/.SHA256SUMS.tmp']) {
      assert.equal((await httpGet(url(p))).status, 404, p);
    }
  });

  test('`mamori export-open-data` writes the same files, checked by their sums', () => {
    const out = fs.mkdtempSync(path.join(server.tmpDir, 'export-'));
    const r = runCli(['export-open-data', '--db', server.dbPath, '--out', out]);
    assertNoSanitizerReports(r.stderr, 'export-open-data');
    assert.equal(r.status, 0, r.stderr);
    const written = fs.readFileSync(path.join(out, 'SHA256SUMS'), 'utf8').trim().split('\n');
    assert.equal(written.length, 9);
    for (const line of written) {
      const [hash, name] = line.split('  ');
      assert.equal(sha256(fs.readFileSync(path.join(out, name))), hash, name);
    }
    assert.equal(runCli(['export-open-data', '--db', server.dbPath]).status, 2, 'no --out');
  });
});
