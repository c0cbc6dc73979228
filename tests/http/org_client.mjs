// org_client.mjs — what the organisation and supporter HTTP tests share:
// a browser-like client with a cookie jar and the page's CSRF token,
// reading the outbox (.eml files beside the test database), signing up
// and confirming a user, and the organisation form filled in.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { request, waitFor } from './helpers.mjs';

export const PASSWORD = 'correct horse battery staple 9';

/** A filled-in organisation form (full-width digits where people type them). */
export const ORG_FORM = Object.freeze({
  name: 'さくら精密工業株式会社',
  name_kana: 'サクラセイミツコウギョウ',
  corporate_number: '７１２３４５６７８９０１２',
  postal_code: '４６０－０００１',
  prefecture: '23',
  address: '名古屋市中区丸の内1-2-3',
  industry: 'E',
  trade: '',
  employees: '４８',
  capital: '30,000,000',
  representative_title: '代表取締役',
  representative_name: '桜 太郎',
  contact_name: '桜 花子',
  contact_email: 'Info@Example.JP',
  contact_phone: '０５２－１２３－４５６７',
  website: 'https://example.jp/',
});

/** The CSRF token of the first form on a page. */
export function csrfOf(html) {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, `no CSRF token on the page:\n${html.slice(0, 400)}`);
  return m[1];
}

/** Catalogue keys that leaked into a page as text (a missing translation). */
export function assertNoRawKeys(html, label = 'page') {
  const m = /(?<![\w/.@-])(?:org|supporter|invite|pref|industry)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*/.exec(html);
  assert.equal(m, null, `${label}: catalogue key shown as text: ${m?.[0]}`);
}

export class Browser {
  constructor(port) {
    this.port = port;
    this.cookies = new Map();
  }

  /** form: fields sent as application/x-www-form-urlencoded; or body: a
   * string sent as it is (with its Content-Type in headers). */
  async req(method, urlPath, { form, body: raw, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (raw !== undefined) {
      body = raw;
      h['Content-Length'] = String(Buffer.byteLength(body));
    } else if (form) {
      body = new URLSearchParams(form).toString();
      h['Content-Type'] = 'application/x-www-form-urlencoded';
      h['Content-Length'] = String(Buffer.byteLength(body));
    } else if (method === 'POST') {
      h['Content-Length'] = '0';
    }
    const r = await request(this.port, urlPath, { method, headers: h, body });
    for (const c of [].concat(r.headers['set-cookie'] ?? [])) {
      const pair = c.split(';')[0];
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === '' || /max-age=0\b/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return r;
  }

  get(urlPath) {
    return this.req('GET', urlPath);
  }

  /** POSTs fields with the CSRF token of the form at formPath. */
  async submit(formPath, fields, postPath = formPath) {
    const page = await this.get(formPath);
    assert.equal(page.status, 200, `GET ${formPath} before posting: ${page.status}`);
    return this.req('POST', postPath, { form: { csrf: csrfOf(page.text), ...fields } });
  }

  /** POSTs fields with this session's token (read once from tokenPage). */
  async post(urlPath, fields = {}, tokenPage = '/supporter') {
    if (!this.csrf) this.csrf = csrfOf((await this.get(tokenPage)).text);
    return this.req('POST', urlPath, { form: { csrf: this.csrf, ...fields } });
  }
}

/** Every message in the outbox directory addressed to `to`, oldest first. */
export function mailsTo(tmpDir, to) {
  const dir = path.join(tmpDir, 'mail');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .filter((text) => new RegExp(`^To: ${to.replace(/[.+]/g, '\\$&')}\\r?$`, 'mi').test(text));
}

/** Waits for a message to `to` beyond the first `seen` and returns it. */
export async function nextMail(tmpDir, to, seen) {
  return waitFor(() => mailsTo(tmpDir, to)[seen], { what: `mail number ${seen + 1} to ${to}` });
}

/** Signs up, confirms by the link in the mail; returns the signed-in browser. */
export async function signUp(server, email) {
  const b = new Browser(server.port);
  const seen = mailsTo(server.tmpDir, email).length;
  const r = await b.submit('/signup', { email, password: PASSWORD });
  assert.equal(r.status, 303, `sign-up of ${email}`);
  const mail = await nextMail(server.tmpDir, email, seen);
  const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail)[1];
  const c = await b.submit(`/confirm/${token}`, {});
  assert.equal(c.status, 303, `confirmation of ${email}`);
  b.email = email;
  return b;
}

/** Creates an organisation for b from ORG_FORM and overrides. */
export async function createOrg(b, overrides = {}) {
  const r = await b.submit('/org/new', { ...ORG_FORM, ...overrides });
  assert.equal(r.status, 303, `creating an organisation: ${r.status}\n${r.text.slice(0, 2000)}`);
  assert.equal(r.headers.location, '/org?notice=created');
  return r;
}
