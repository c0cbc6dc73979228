#!/usr/bin/env node
// check-terms.mjs — keeps docs/terms.md true (run by `make format-check`):
//  1. no word of the column "not" of its table in the Japanese or English
//     text of content/i18n/*.json, content/**/*.ja.* and *.en.*, or
//     templates/ (a word inside the preferred term, フォルダ in フォルダー,
//     is allowed);
//  2. no half-width ( ) : in the Japanese text of content/i18n/*.ja.json,
//     except in {placeholders}, addresses (scheme://…), times (23:40) and
//     the texts listed in CODE_TEXTS.
// Prints every finding as file:key: text and exits 1 when there is one.

import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// Catalogue texts that show code (a JSON body), where ASCII punctuation is right.
const CODE_TEXTS = new Set(['verify.api.error.invalid_request']);
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

/** Rows of the table of docs/terms.md: { ja, en, not: [words] }. */
function terms() {
  const md = fs.readFileSync(path.join(ROOT, 'docs/terms.md'), 'utf8');
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| thing') && !l.startsWith('| ---'));
  return rows.map((l) => {
    const cells = l.split('|').slice(1, -1).map((c) => c.trim());
    return { ja: cells[1], en: cells[2], not: cells[3] ? cells[3].split(',').map((w) => w.trim()).filter(Boolean) : [] };
  });
}

/** Whether word occurs in text other than inside preferred. */
function usesWord(text, word, preferred) {
  const hay = /[a-z]/i.test(word) ? text.toLowerCase() : text;
  const needle = /[a-z]/i.test(word) ? word.toLowerCase() : word;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    const inside = preferred.some((p) => {
      const at = p.indexOf(needle);
      return at >= 0 && hay.startsWith(p, i - at);
    });
    if (!inside) return true;
  }
  return false;
}

/** The texts of a file: [key, text] pairs (a JSON file's strings, else the whole file). */
function texts(file) {
  const raw = fs.readFileSync(file, 'utf8');
  if (!file.endsWith('.json')) return [['', raw]];
  const out = [];
  const visit = (v, key) => {
    if (typeof v === 'string') out.push([key, v]);
    else if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${key}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, key ? `${key}.${k}` : k);
  };
  visit(JSON.parse(raw), '');
  return out;
}

function halfWidth(text) {
  const bare = text
    .replace(/\{[a-z_0-9]+\}/g, '')
    .replace(/[a-z]+:\/\/\S*/gi, '')
    .replace(/\d:\d/g, '');
  return /[():]/.test(bare);
}

const findings = [];
const rows = terms();
const files = [
  ...walk(path.join(ROOT, 'content')).filter((f) => /\.(ja|en)\.(json|md)$/.test(f) || /\/i18n\/.*\.json$/.test(f)),
  ...walk(path.join(ROOT, 'templates')).filter((f) => f.endsWith('.html')),
];
for (const file of files) {
  const rel = path.relative(ROOT, file);
  const catalogueJa = /content\/i18n\/.*\.ja\.json$/.test(rel);
  for (const [key, text] of texts(file)) {
    for (const row of rows) {
      for (const word of row.not) {
        if (usesWord(text, word, [row.ja, row.en])) findings.push(`${rel}:${key}: "${word}" (write ${/[a-z]/i.test(word) ? row.en : row.ja}): ${text.slice(0, 80)}`);
      }
    }
    if (catalogueJa && JAPANESE.test(text) && !CODE_TEXTS.has(key) && halfWidth(text)) {
      findings.push(`${rel}:${key}: half-width ( ) or : in Japanese text (write （ ） ：): ${text.slice(0, 80)}`);
    }
  }
}
if (findings.length) {
  console.error(`check-terms: ${findings.length} finding(s) (see docs/terms.md)\n${findings.join('\n')}`);
  process.exit(1);
}
