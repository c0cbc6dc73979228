// verify_fixtures.mjs — what the verification HTTP and E2E tests share:
// declarations inserted straight into the test database (so these tests do
// not depend on the declaring flow), valid IDs computed with Luhn, and a
// small checker for the subset of OpenAPI 3.0 schemas that
// content/api/openapi.json uses.

import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT, runCli, sqlite, sqlString } from './helpers.mjs';

/** The Luhn check digit of a digit string (as src/core/declaration_id.c). */
export function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Our ID for sequence number seq: '9', nine digits, check digit. */
export function makeId(seq) {
  const payload = `9${String(seq).padStart(9, '0')}`;
  return payload + luhn(payload);
}

/** The same ID with its check digit changed (a typo the check catches). */
export function mistype(id) {
  return id.slice(0, 10) + String((Number(id[10]) + 1) % 10);
}

/** A valid 13-digit corporate number for a 12-digit body. */
export function corporateNumber(body12) {
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const digit = Number(body12[11 - i]);
    sum += digit * (i % 2 === 0 ? 1 : 2);
  }
  return String(9 - (sum % 9)) + body12;
}

export const toFullWidth = (s) => s.replace(/[0-9-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

const DAY = 86400;
export const T0 = 1714489200; // 2024-05-01 00:00 in Japan

/** Inserts one declaration (and its events); returns its public id. */
export function insertDeclaration(dbPath, d) {
  const cols = {
    public_id: d.id,
    org_name: d.name,
    org_name_kana: d.kana,
    prefecture: d.prefecture ?? 13,
    industry: d.industry ?? 'E',
    corporate_number: d.corporateNumber ?? '',
    level: d.level ?? 1,
    status: d.status ?? 'active',
    declared_at: d.declaredAt ?? T0,
    changed_at: d.changedAt ?? d.declaredAt ?? T0,
    policy_url: d.policyUrl ?? '',
    address: 'private address 1-2-3',
    contact_email: 'private@example.jp',
  };
  const names = Object.keys(cols).join(', ');
  const values = Object.values(cols).map((v) => (typeof v === 'number' ? String(v) : sqlString(v))).join(', ');
  const events = (d.events ?? []).map((e) =>
    `INSERT INTO declaration_event (declaration_id, at, kind, from_value, to_value, reason, note)
     SELECT id, ${e.at}, ${sqlString(e.kind)}, ${sqlString(e.from ?? '')}, ${sqlString(e.to ?? '')},
            ${sqlString(e.reason ?? '')}, ${sqlString(e.note ?? '')} FROM declaration WHERE public_id = ${sqlString(d.id)};`,
  );
  sqlite(dbPath, `INSERT INTO declaration (${names}) VALUES (${values}); ${events.join('\n')}`);
  return d.id;
}

/** The declarations every verification test starts with. */
export function standardFixtures(dbPath) {
  const sakura = {
    id: makeId(1),
    name: 'さくら精密工業株式会社',
    kana: 'サクラセイミツコウギョウ',
    prefecture: 23,
    corporateNumber: corporateNumber('123456789012'),
    level: 2,
    policyUrl: 'https://example.jp/policy',
    declaredAt: T0,
    changedAt: T0 + 30 * DAY,
    events: [
      { at: T0, kind: 'declared', to: '1' },
      { at: T0 + 30 * DAY, kind: 'level', from: '1', to: '2' },
      { at: T0 + 31 * DAY, kind: 'details', from: 'old secret address', to: 'new secret address' },
    ],
  };
  const yamada = {
    id: makeId(2),
    name: '山田商店',
    kana: 'やまだしょうてん',
    prefecture: 13,
    industry: 'I',
    level: 1,
    status: 'withdrawn',
    declaredAt: T0 - 100 * DAY,
    changedAt: T0 + 60 * DAY,
    events: [
      { at: T0 - 100 * DAY, kind: 'declared', to: '1' },
      { at: T0 + 60 * DAY, kind: 'withdrawn', from: 'active', to: 'withdrawn' },
    ],
  };
  const revoked = {
    id: makeId(3),
    name: '偽装サービス合同会社',
    kana: 'ギソウサービス',
    prefecture: 27,
    corporateNumber: corporateNumber('987654321098'),
    level: 2,
    status: 'revoked',
    declaredAt: T0,
    changedAt: T0 + 10 * DAY,
    events: [
      { at: T0, kind: 'declared', to: '2' },
      { at: T0 + 10 * DAY, kind: 'revoked', from: 'active', to: 'revoked', reason: 'false_information', note: 'internal note' },
    ],
  };
  const foreign = { id: '12345678901', name: '輸入データ株式会社', kana: 'ユニュウデータ', prefecture: 1, level: 1 };
  for (const d of [sakura, yamada, revoked, foreign]) insertDeclaration(dbPath, d);
  indexDeclarants(dbPath);
  return { sakura, yamada, revoked, foreign };
}

/** n active declarations named 'ページ試験N' (for paging), ids from seq 100. */
export function pagingFixtures(dbPath, n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const id = makeId(100 + i);
    rows.push(`(${sqlString(id)}, 'ページ試験${String(i).padStart(3, '0')}', 'ページシケン', 47, 'G', '', 1, 'active', ${T0}, ${T0})`);
  }
  sqlite(dbPath, `INSERT INTO declaration (public_id, org_name, org_name_kana, prefecture, industry, corporate_number, level, status, declared_at, changed_at) VALUES ${rows.join(',\n')};`);
  indexDeclarants(dbPath);
}

/** n active declarations named '大量株式会社NNNN' (for the capped count), ids from seq 5000, in prefectures 1…3. */
export function commonWordFixtures(dbPath, n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const id = makeId(5000 + i);
    rows.push(`(${sqlString(id)}, '大量株式会社${String((i * 7919) % n).padStart(4, '0')}', 'タイリョウ', ${1 + (i % 3)}, 'E', '', 1, 'active', ${T0}, ${T0})`);
  }
  sqlite(dbPath, `INSERT INTO declaration (public_id, org_name, org_name_kana, prefecture, industry, corporate_number, level, status, declared_at, changed_at) VALUES ${rows.join(',\n')};`);
  indexDeclarants(dbPath);
}

/**
 * The search index (migration declarant_search) of declarations inserted by hand,
 * which the store keeps when it writes one itself: marked incomplete, then
 * rebuilt by `mamori migrate`, as after the migration on a database with
 * declarations.
 */
export function indexDeclarants(dbPath) {
  sqlite(dbPath, 'UPDATE declarant_index SET built = FALSE');
  const r = runCli(['migrate', '--db', dbPath], { timeoutMs: 120_000 });
  if (r.status !== 0) throw new Error(`mamori migrate: ${r.stderr}`);
}

// ------------------------------------------------------------ OpenAPI

export const OPENAPI = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'content/api/openapi.json'), 'utf8'));

function resolve(schema) {
  let s = schema;
  while (s && s.$ref) {
    const parts = s.$ref.replace(/^#\//, '').split('/');
    s = parts.reduce((o, k) => o[k], OPENAPI);
  }
  return s;
}

/** Errors of value against an OpenAPI 3.0 schema (the subset in use). */
export function schemaErrors(value, schema, where = '$') {
  const s = resolve(schema);
  const errors = [];
  if (value === null) {
    if (!s.nullable) errors.push(`${where}: null is not allowed`);
    return errors;
  }
  if (s.allOf) for (const sub of s.allOf) errors.push(...schemaErrors(value, sub, where));
  if (s.oneOf) {
    const matching = s.oneOf.filter((sub) => schemaErrors(value, sub, where).length === 0);
    if (matching.length !== 1) errors.push(`${where}: matches ${matching.length} of oneOf`);
  }
  const type = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (s.type && !(s.type === type || (s.type === 'number' && type === 'integer'))) {
    errors.push(`${where}: expected ${s.type}, got ${type}`);
    return errors;
  }
  if (s.enum && !s.enum.includes(value)) errors.push(`${where}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (s.pattern && typeof value === 'string' && !new RegExp(s.pattern).test(value)) errors.push(`${where}: ${value} !~ ${s.pattern}`);
  if (s.format === 'date' && typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) errors.push(`${where}: not a date`);
  if (s.minimum !== undefined && value < s.minimum) errors.push(`${where}: below ${s.minimum}`);
  if (s.maximum !== undefined && value > s.maximum) errors.push(`${where}: above ${s.maximum}`);
  if (s.maxLength !== undefined && value.length > s.maxLength) errors.push(`${where}: too long`);
  if (type === 'array') {
    if (s.maxItems !== undefined && value.length > s.maxItems) errors.push(`${where}: more than ${s.maxItems} items`);
    if (s.items) value.forEach((v, i) => errors.push(...schemaErrors(v, s.items, `${where}[${i}]`)));
  }
  if (type === 'object') {
    for (const k of s.required ?? []) if (!(k in value)) errors.push(`${where}: missing ${k}`);
    for (const [k, v] of Object.entries(value)) {
      if (s.properties && s.properties[k]) errors.push(...schemaErrors(v, s.properties[k], `${where}.${k}`));
      else if (s.additionalProperties === false) errors.push(`${where}: unexpected property ${k}`);
    }
  }
  return errors;
}

/** The response schema the document gives for path/method/status. */
export function responseSchema(apiPath, method, status) {
  const op = OPENAPI.paths[apiPath]?.[method];
  if (!op) throw new Error(`no ${method} ${apiPath} in openapi.json`);
  const r = resolve(op.responses[String(status)]);
  if (!r) throw new Error(`no ${status} response for ${method} ${apiPath}`);
  return r.content['application/json'].schema;
}
