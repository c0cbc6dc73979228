// Organisations over real HTTP: creating one (full-width corporate number),
// the form's errors, inviting by mail and accepting, roles and the last
// owner, removal, rights for owners / members / other organisations /
// users without one / anonymous visitors, CSRF, escaping, JSON and CSV
// downloads, the audit page and deletion.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertCleanExit, sqlString, sqlite, startServer } from './helpers.mjs';
import {
  Browser,
  ORG_FORM,
  assertNoRawKeys,
  createOrg,
  csrfOf,
  mailsTo,
  nextMail,
  signUp,
} from './org_client.mjs';

let server;
let owner; // owner of the first organisation
let other; // owner of a second organisation
let lonely; // signed in, belongs to no organisation
let member; // invited into the first organisation
let memberId;
let ownerId;
let otherId;

const OWNER_GETS = ['/org/edit', '/org/invite', '/org/supporters/grant', '/org/export.json', '/org/members.csv',
  '/org/audit', '/org/audit.csv', '/org/delete'];
const OWNER_POSTS = ['/org/edit', '/org/invite', '/org/supporters/grant', '/org/delete', '/org/invitations/1/cancel',
  '/org/supporters/1/revoke'];

/** The user id of an e-mail address (the members table names users by it). */
const userId = (email) => Number(sqlite(server.dbPath, `SELECT id FROM "user" WHERE email = ${sqlString(email)}`)[0]);

function idsOnPage(html) {
  return [...html.matchAll(/action="\/org\/members\/(\d+)\/role"/g)].map((m) => Number(m[1]));
}

before(async () => {
  server = await startServer({ threads: 4 });
  [owner, other, lonely] = await Promise.all(
    ['owner@example.jp', 'other@example.jp', 'lonely@example.jp'].map((e) => signUp(server, e)),
  );
});

after(async () => {
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
});

test('a signed-in user without an organisation is told how to create one', async () => {
  const r = await lonely.get('/org');
  assert.equal(r.status, 200);
  assert.match(r.text, /href="\/org\/new"/);
  assertNoRawKeys(r.text);
});

test("an organisation's own pages, without one, say so and link /org/new instead of 'page not found'", async () => {
  for (const [lang, text] of [['ja', '組織がまだありません'], ['en', 'You are not part of an organisation yet']]) {
    for (const p of ['/provider', '/declaration', '/org/edit', '/org/audit', '/org/identity']) {
      const r = await lonely.get(`${p}?lang=${lang}`);
      assert.equal(r.status, 404, `${p}: still 404`);
      assert.ok(r.text.includes(text), `${p} (${lang}): says there is no organisation yet`);
      assert.match(r.text, /<a class="button" href="\/org\/new">/, `${p} (${lang}): links to register one`);
      assertNoRawKeys(r.text);
    }
  }
  const plain = await lonely.get('/no-such-page?lang=ja');
  assert.equal(plain.status, 404);
  assert.ok(!plain.text.includes('組織がまだありません'), 'other 404 pages are unchanged');
});

test('creating an organisation accepts a full-width corporate number and shows the size class', async () => {
  await createOrg(owner);
  const r = await owner.get('/org?notice=created');
  assert.equal(r.status, 200);
  assert.match(r.text, /さくら精密工業株式会社/);
  assert.match(r.text, /7123456789012/);
  assert.match(r.text, /〒460-0001 愛知県名古屋市中区丸の内1-2-3/);
  assert.match(r.text, /052-123-4567/);
  assert.match(r.text, /info@example\.jp/);
  assert.match(r.text, /<dd>中小企業<br>/, '48 employees, ¥30M, manufacturing: an SME, not small');
  assert.match(r.text, /組織を登録しました/);
  assertNoRawKeys(r.text);
  ownerId = userId('owner@example.jp');
  const again = await owner.get('/org/new');
  assert.equal(again.status, 303, 'a user who has an organisation cannot create a second one');
  assert.equal(again.headers.location, '/org');
  const en = await owner.get('/org?lang=en');
  assert.match(en.text, /Manufacturing/);
  assertNoRawKeys(en.text, 'English /org');
  assert.equal((await owner.get('/org?lang=ja')).status, 200, 'back to Japanese (the choice is kept in a cookie)');
});

test('the form lists every problem at the top, keeps what was typed and answers 422', async () => {
  const r = await other.submit('/org/new', {
    ...ORG_FORM,
    name: '',
    corporate_number: '7123456789013',
    postal_code: '123',
    industry: 'I',
    trade: '',
    employees: 'many',
    website: 'javascript:alert(1)',
  });
  assert.equal(r.status, 422);
  for (const field of ['name', 'corporate_number', 'postal_code', 'trade', 'employees', 'website']) {
    assert.match(r.text, new RegExp(`<a href="#${field}">`), `summary links to ${field}`);
    assert.match(r.text, new RegExp(`id="${field}-error"`), `message beside ${field}`);
  }
  assert.match(r.text, /入力ミス/, 'a wrong check digit says the number may be mistyped');
  assert.match(r.text, /value="7123456789013"/);
  assert.match(r.text, /value="many"/);
  assert.match(r.text, /value="javascript:alert\(1\)"/);
  assert.match(r.text, /<option value="I" selected>/);
  assertNoRawKeys(r.text);

  const taken = await other.submit('/org/new', ORG_FORM);
  assert.equal(taken.status, 422, 'a corporate number that another organisation has');
  assert.match(taken.text, /すでに登録されています/);

  const sole = await lonely.submit('/org/new', { ...ORG_FORM, sole_proprietor: '1', corporate_number: '', capital: '', name: '' });
  assert.equal(sole.status, 422);
  assert.doesNotMatch(sole.text, /href="#corporate_number"|href="#capital"/, 'optional for sole proprietors');
  assert.match(sole.text, /name="sole_proprietor" type="checkbox" value="1" checked/);
  assert.equal((await lonely.get('/org')).text.includes('href="/org/new"'), true, 'nothing was created');

  await createOrg(other, {
    name: 'みなと商店', name_kana: 'ミナトショウテン', corporate_number: '4011001098993', industry: 'I',
    trade: 'retail', employees: '4', capital: '3,000,000', prefecture: '13',
  });
  const page = await other.get('/org');
  assert.match(page.text, /中小企業（小規模企業者）/);
  assert.match(page.text, /I 卸売業，小売業（小売業）/);
  otherId = userId('other@example.jp');
});

test('restaurants are sized as retail and inns and hotels by their own limits (DOMAIN.md §7)', async () => {
  const cook = await signUp(server, 'cook@example.jp');
  const noTrade = await cook.submit('/org/new', { ...ORG_FORM, corporate_number: '2120901007402', industry: 'M', trade: '' });
  assert.equal(noTrade.status, 422, 'division M needs a line of business');
  assert.match(noTrade.text, /id="trade-error"/);
  const wrong = await cook.submit('/org/new', { ...ORG_FORM, corporate_number: '2120901007402', industry: 'N', trade: 'rubber' });
  assert.equal(wrong.status, 422, 'rubber products are not in division N');
  assert.match(wrong.text, /id="trade-error"/);
  const unknown = await cook.submit('/org/new', { ...ORG_FORM, corporate_number: '2120901007402', industry: 'M', trade: 'bakery' });
  assert.equal(unknown.status, 422);

  // 60 people and ¥80M: within the services limits (¥50M or 100), over
  // the retail ones (¥50M or 50), which are those of restaurants.
  await createOrg(cook, {
    name: '食堂みなと', name_kana: 'ショクドウミナト', corporate_number: '2120901007402', industry: 'M',
    trade: 'eating', employees: '60', capital: '80,000,000',
  });
  let page = await cook.get('/org');
  assert.match(page.text, /<dd>中小企業の基準を超えています<br>/);
  assert.match(page.text, /業種の区分：\s*小売業/);
  const edit = async (fields) => {
    const r = await cook.submit('/org/edit', {
      ...ORG_FORM, name: '食堂みなと', name_kana: 'ショクドウミナト', corporate_number: '2120901007402',
      industry: 'M', ...fields,
    });
    assert.equal(r.status, 303, r.text.slice(0, 1500));
    return cook.get('/org');
  };
  page = await edit({ trade: 'eating', employees: '50', capital: '80,000,000' });
  assert.match(page.text, /<dd>中小企業<br>/, '50 people is the retail limit');
  page = await edit({ trade: 'eating', employees: '6', capital: '80,000,000' });
  assert.match(page.text, /<dd>中小企業<br>/, 'a 6-person restaurant is over the small limit of 5');
  page = await edit({ trade: 'eating', employees: '5', capital: '80,000,000' });
  assert.match(page.text, /<dd>中小企業（小規模企業者）<br>/);

  // A hotel: ¥50M or 200 people, small enterprise up to 20.
  page = await edit({ trade: 'accommodation', employees: '200', capital: '80,000,000' });
  assert.match(page.text, /<dd>中小企業<br>/, '200 people: within the inns-and-hotels limit');
  assert.match(page.text, /業種の区分：\s*旅館業（宿泊業）/);
  page = await edit({ trade: 'accommodation', employees: '201', capital: '80,000,000' });
  assert.match(page.text, /<dd>中小企業の基準を超えています<br>/);
  page = await edit({ trade: 'accommodation', employees: '20', capital: '80,000,000' });
  assert.match(page.text, /<dd>中小企業（小規模企業者）<br>/, 'accommodation keeps the small limit of 20');
  page = await edit({ trade: 'accommodation', employees: '21', capital: '80,000,000' });
  assert.match(page.text, /<dd>中小企業<br>/);
  assertNoRawKeys(page.text);
  assertNoRawKeys((await cook.get('/org/edit')).text, 'the form with every trade');
});

test('an invitation mail lets the invitee sign up, confirm and join', async () => {
  const r = await owner.submit('/org/invite', { email: 'Member@Example.JP', role: 'member' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/org?notice=invited');
  const mail = await nextMail(server.tmpDir, 'member@example.jp', 0);
  assert.match(mail, /さくら精密工業株式会社/);
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail)[1];

  const anonymous = await new Browser(server.port).get(`/invite/${token}`);
  assert.equal(anonymous.status, 303);
  assert.equal(anonymous.headers.location, `/login?next=%2Finvite%2F${token}`);

  member = await signUp(server, 'member@example.jp');
  const page = await member.get(`/invite/${token}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /さくら精密工業株式会社/);
  assert.match(page.text, new RegExp(`action="/invite/${token}"`));
  const accept = await member.req('POST', `/invite/${token}`, { form: { csrf: csrfOf(page.text) } });
  assert.equal(accept.status, 303);
  assert.equal(accept.headers.location, '/org?notice=joined');
  const org = await member.get('/org');
  assert.match(org.text, /<span class="tag">メンバー<\/span>/);
  const again = await member.req('POST', `/invite/${token}`, { form: { csrf: csrfOf(page.text) } });
  assert.equal(again.status, 410, 'an invitation is used once');

  const list = await owner.get('/org');
  assert.match(list.text, /member@example\.jp/);
  memberId = idsOnPage(list.text).find((id) => id !== ownerId);
  assert.ok(memberId);
  const twice = await owner.submit('/org/invite', { email: 'member@example.jp', role: 'member' });
  assert.equal(twice.status, 422, 'inviting someone who is a member already');
});

test('an invitation works only for its address and for someone without an organisation; it can be withdrawn', async () => {
  assert.equal((await owner.submit('/org/invite', { email: 'someone@example.jp', role: 'owner' })).status, 303);
  const mail = await nextMail(server.tmpDir, 'someone@example.jp', 0);
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail)[1];

  const wrong = await lonely.get(`/invite/${token}`);
  assert.equal(wrong.status, 403);
  assert.match(wrong.text, /someone@example\.jp/);
  const refused = await lonely.req('POST', `/invite/${token}`, { form: { csrf: csrfOf(wrong.text) } });
  assert.equal(refused.status, 403);
  assert.match((await lonely.get('/org')).text, /href="\/org\/new"/, 'still without an organisation');
  assert.equal((await other.get(`/invite/${token}`)).status, 409, 'a member of another organisation');

  const orgPage = await owner.get('/org');
  const id = /href="\/org\/invitations\/(\d+)\/cancel"/.exec(orgPage.text)[1];
  const confirm = await owner.get(`/org/invitations/${id}/cancel`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /someone@example\.jp/);
  assert.match(confirm.text, new RegExp(`<form method="post" action="/org/invitations/${id}/cancel">`));
  const cancel = await owner.req('POST', `/org/invitations/${id}/cancel`, { form: { csrf: csrfOf(confirm.text) } });
  assert.equal(cancel.status, 303);
  assert.equal((await lonely.get(`/invite/${token}`)).status, 410, 'a withdrawn link is gone');
  assert.equal((await owner.get(`/org/invitations/${id}/cancel`)).status, 404);
});

test('an invitation to an address with an account is written in that account\'s language', async () => {
  assert.equal((await lonely.submit('/account/profile', { name: '', lang: 'en' })).status, 303);
  const seen = mailsTo(server.tmpDir, 'lonely@example.jp').length;
  assert.equal((await other.submit('/org/invite', { email: 'lonely@example.jp', role: 'member' })).status, 303, 'invited from Japanese pages');
  const mail = await nextMail(server.tmpDir, 'lonely@example.jp', seen);
  assert.match(mail, /other@example\.jp has invited you to join the organisation ".+" on mamori as Member\./);
  assert.equal((await lonely.submit('/account/profile', { name: '', lang: 'ja' })).status, 303);
});

test('members get 403 on every page and action for owners', async () => {
  for (const p of OWNER_GETS) assert.equal((await member.get(p)).status, 403, `GET ${p}`);
  const posts = [...OWNER_POSTS, `/org/members/${ownerId}/role`, `/org/members/${ownerId}/remove`];
  for (const p of posts) assert.equal((await member.post(p, { role: 'member' })).status, 403, `POST ${p}`);
  assert.equal((await member.get(`/org/members/${ownerId}/remove`)).status, 403);
  const leave = await member.get('/org/leave');
  assert.equal(leave.status, 200, 'a member may leave');
  assert.match(leave.text, /<form method="post" action="\/org\/leave">/);
  const page = await member.get('/org');
  assert.doesNotMatch(page.text, /href="\/org\/edit"|action="\/org\/members\//, 'no owner controls for members');
});

test('ids that belong to another organisation answer 404', async () => {
  assert.equal((await other.submit('/org/invite', { email: 'guest@example.jp', role: 'member' })).status, 303);
  const otherInvitation = /href="\/org\/invitations\/(\d+)\/cancel"/.exec((await other.get('/org')).text)[1];
  assert.equal((await owner.post(`/org/members/${otherId}/role`, { role: 'member' })).status, 404);
  assert.equal((await owner.get(`/org/members/${otherId}/remove`)).status, 404);
  assert.equal((await owner.post(`/org/members/${otherId}/remove`)).status, 404);
  assert.equal((await owner.get(`/org/invitations/${otherInvitation}/cancel`)).status, 404);
  assert.equal((await owner.post(`/org/invitations/${otherInvitation}/cancel`)).status, 404);
  assert.equal((await owner.get('/org/supporters/99999/revoke')).status, 404);
  for (const bad of ['abc', '0', '-1', '01', '99999999999999999999']) {
    assert.equal((await owner.get(`/org/members/${bad}/remove`)).status, 404, `id ${bad}`);
  }
  assert.match((await other.get('/org')).text, /other@example\.jp/, 'the other organisation is untouched');
});

test('users without an organisation get 404 on organisation pages', async () => {
  for (const p of [...OWNER_GETS, '/org/leave', `/org/members/${ownerId}/remove`]) {
    assert.equal((await lonely.get(p)).status, 404, `GET ${p}`);
  }
  for (const p of ['/org/edit', '/org/leave', '/org/delete', `/org/members/${ownerId}/role`]) {
    assert.equal((await lonely.post(p, { role: 'member' })).status, 404, `POST ${p}`);
  }
});

test('anonymous visitors are sent to log in on every page and refused every action', async () => {
  const anonymous = new Browser(server.port);
  const gets = ['/org', '/org/new', ...OWNER_GETS, '/org/leave', '/org/members/1/remove', '/org/invitations/1/cancel',
    '/org/supporters/1/revoke', '/invite/abc'];
  for (const p of gets) {
    const r = await anonymous.get(p);
    assert.equal(r.status, 303, `GET ${p}`);
    assert.equal(r.headers.location, `/login?next=${encodeURIComponent(p)}`);
  }
  const token = csrfOf((await anonymous.get('/login')).text);
  const posts = ['/org/new', ...OWNER_POSTS, '/org/leave', '/org/members/1/role', '/org/members/1/remove', '/invite/abc'];
  for (const p of posts) {
    assert.equal((await anonymous.req('POST', p, { form: { csrf: token } })).status, 403, `POST ${p}`);
  }
});

test('every field of the organisation form says 必須 or 任意, and capital is asked only when the size class needs it', async () => {
  const form = await lonely.get('/org/new');
  assert.equal(form.status, 200);
  const labels = [...form.text.matchAll(/<label for="([a-z_]+)">(.*?)<\/label>/gs)];
  assert.equal(labels.length, 20, 'the 20 fields (the last 3 those of the support bundle)');
  for (const [, id, text] of labels) assert.match(text, /class="(required|optional)-mark">(必須|任意|場合により必須)</, `${id} is marked`);
  assert.match(form.text, /従業員数が業種の上限/, 'the capital hint says when it is needed');
  // Within the retail limit of 50 employees the capital may stay empty …
  const small = { ...ORG_FORM, industry: 'I', trade: 'retail', employees: '50', capital: '', corporate_number: '' , sole_proprietor: '' };
  const within = await lonely.submit('/org/new', { ...small, name: '' });
  assert.equal(within.status, 422);
  assert.doesNotMatch(within.text, /href="#capital"/, 'capital not needed at 50 retail employees');
  // … above it, it decides the size class, so it is asked for.
  const over = await lonely.submit('/org/new', { ...small, employees: '51', name: '' });
  assert.match(over.text, /<a href="#capital">/);
});

test('the members table offers no role change on one\'s own row', async () => {
  const page = await owner.get('/org');
  assert.doesNotMatch(page.text, new RegExp(`action="/org/members/${ownerId}/role"`), 'not on the own row');
  assert.match(page.text, new RegExp(`action="/org/members/${memberId}/role"`), 'on another member\'s row');
});

test('the last owner can be neither demoted nor leave; ownership can be handed over', async () => {
  const demote = await owner.post(`/org/members/${ownerId}/role`, { role: 'member' });
  assert.equal(demote.status, 409);
  assert.match(demote.text, /少なくとも1人のオーナー/);
  assert.equal((await owner.post('/org/leave')).status, 409);
  assert.equal((await owner.post(`/org/members/${ownerId}/remove`)).status, 409);
  assert.equal((await owner.post(`/org/members/${memberId}/role`, { role: 'boss' })).status, 400);

  assert.equal((await owner.post(`/org/members/${memberId}/role`, { role: 'owner' })).status, 303);
  assert.equal((await owner.post(`/org/members/${ownerId}/role`, { role: 'member' })).status, 303);
  assert.equal((await owner.get('/org/edit')).status, 403, 'a demoted owner is a member');
  assert.equal((await member.post(`/org/members/${ownerId}/role`, { role: 'owner' })).status, 303);
  assert.equal((await owner.post(`/org/members/${memberId}/role`, { role: 'member' })).status, 303);
  assert.match((await owner.get('/org')).text, /<span class="tag">オーナー<\/span>/);
  assert.equal((await member.get('/org/edit')).status, 403);
});

test('a POST without the CSRF token is refused and changes nothing', async () => {
  const edit = await owner.req('POST', '/org/edit', { form: { ...ORG_FORM, name: '書き換えられた名前' } });
  assert.equal(edit.status, 403);
  const role = await owner.req('POST', `/org/members/${memberId}/role`, { form: { role: 'owner', csrf: 'x'.repeat(43) } });
  assert.equal(role.status, 403);
  const del = await owner.req('POST', '/org/delete', { form: { confirm_name: ORG_FORM.name } });
  assert.equal(del.status, 403);
  const invite = await owner.req('POST', '/org/invite', { form: { email: 'csrf@example.jp', role: 'member' } });
  assert.equal(invite.status, 403);
  const page = await owner.get('/org');
  assert.match(page.text, /<h1>さくら精密工業株式会社<\/h1>/);
  assert.doesNotMatch(page.text, /書き換えられた名前|csrf@example\.jp/);
  assert.equal(mailsTo(server.tmpDir, 'csrf@example.jp').length, 0);
  assert.match((await member.get('/org')).text, /<span class="tag">メンバー<\/span>/);
});

test('text typed into every field is shown escaped on /org', async () => {
  const xss = '<script>alert(1)</script>"\'&<img src=x>';
  const badKana = await owner.submit('/org/edit', { ...ORG_FORM, name_kana: '<b>サクラ</b>' });
  assert.equal(badKana.status, 422, 'kana takes no markup');
  assert.match(badKana.text, /value="&lt;b&gt;サクラ&lt;\/b&gt;"/);
  const badUrl = await owner.submit('/org/edit', { ...ORG_FORM, website: `https://example.jp/${xss}` });
  assert.equal(badUrl.status, 422, 'a website with quotes and brackets is refused');
  const r = await owner.submit('/org/edit', {
    ...ORG_FORM,
    name: `さくら${xss}`,
    address: xss,
    representative_title: xss,
    representative_name: xss,
    contact_name: xss,
  });
  assert.equal(r.status, 303);
  const page = await owner.get('/org');
  assert.doesNotMatch(page.text, /<script>alert|<img src=x/);
  const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;img src=x&gt;';
  assert.ok(page.text.split(escaped).length - 1 >= 5, 'name, address, title, representative and contact are escaped');
  const edit = await owner.get('/org/edit');
  assert.doesNotMatch(edit.text, /<script>alert/);
  const invitation = await owner.get('/org/leave');
  assert.doesNotMatch(invitation.text, /<script>alert/);
  assert.equal((await owner.submit('/org/edit', ORG_FORM)).status, 303);
});

test('the owner downloads everything as JSON and the members as CSV for Excel', async () => {
  const json = await owner.get('/org/export.json');
  assert.equal(json.status, 200);
  assert.match(json.headers['content-type'], /^application\/json/);
  assert.match(json.headers['content-disposition'], /^attachment; filename="mamori-organisation-[a-z2-7]{12}\.json"$/);
  assert.match(json.headers['cache-control'], /no-store/);
  const data = JSON.parse(json.text);
  assert.equal(data.organisation.corporate_number, '7123456789012');
  assert.equal(data.organisation.capital_yen, 30000000);
  assert.equal(data.organisation.size_class, 'sme');
  assert.deepEqual(data.members.map((m) => m.email).sort(), ['member@example.jp', 'owner@example.jp']);
  assert.ok(data.audit.some((a) => a.action === 'member.join'));
  assert.equal(data.audit_complete, true);

  const csv = await owner.get('/org/members.csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
  assert.match(csv.headers['content-disposition'], /^attachment; filename="mamori-members-[a-z2-7]{12}\.csv"$/);
  assert.deepEqual([...csv.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
  const lines = csv.text.slice(1).split('\r\n');
  assert.equal(lines[0], '"メールアドレス","氏名","役割","参加日"');
  assert.ok(lines.some((l) => /^"member@example\.jp","","メンバー","\d{4}-\d\d-\d\d"$/.test(l)));
  assert.equal(lines.at(-1), '', 'every row ends in CRLF');

  // joined at 2026-12-05 16:00 UTC: already the 6th in Japan, as the pages say
  const orgId = sqlite(server.dbPath, `SELECT organisation_id FROM membership WHERE user_id = ${ownerId}`)[0];
  const joined = sqlite(server.dbPath, `SELECT created_at FROM membership WHERE user_id = ${memberId}`)[0];
  sqlite(server.dbPath, `UPDATE membership SET created_at = 1796486400 WHERE user_id = ${memberId} AND organisation_id = ${orgId}`);
  const day = (await owner.get('/org/members.csv')).text.split('\r\n').find((l) => l.startsWith('"member@example.jp"'));
  sqlite(server.dbPath, `UPDATE membership SET created_at = ${joined} WHERE user_id = ${memberId} AND organisation_id = ${orgId}`);
  assert.equal(day, '"member@example.jp","","メンバー","2026-12-06"', 'the day of joining in Japan');
});

test('the audit page lists the organisation\'s actions, newest first', async () => {
  const r = await owner.get('/org/audit');
  assert.equal(r.status, 200);
  const actions = [...r.text.matchAll(/<tr><td>[^<]*<\/td><td>[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.equal(actions[0], 'データのダウンロード', 'the CSV download just before is first');
  for (const a of ['組織の登録', 'メンバーの招待', '招待からの参加', '役割の変更', '招待の取り消し', '組織の情報の変更']) {
    assert.ok(actions.includes(a), `${a} is listed`);
  }
  assert.equal(actions.at(-1), '組織の登録');
  assertNoRawKeys(r.text);
  assert.doesNotMatch((await other.get('/org/audit')).text, /member@example\.jp/, 'only this organisation\'s lines');
});

test('the audit log downloads as CSV: the newest 1,000 entries as the page names them, formulas made text', async () => {
  const orgId = sqlite(server.dbPath, `SELECT organisation_id FROM membership WHERE user_id = ${ownerId}`)[0];
  const month = Math.floor(Date.now() / 1000) - 30 * 86400;
  // 1,001 older entries, the oldest of them named: one too many for the file
  sqlite(server.dbPath, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001)
    INSERT INTO audit (at, action, organisation_id, target, outcome, detail)
    SELECT ${month} + i, 'org.update', ${orgId}, CASE WHEN i = 1 THEN 'the oldest entry' ELSE 'older' END, 'ok', ''
    FROM n`);
  sqlite(server.dbPath, `INSERT INTO audit (at, action, organisation_id, target, outcome, detail)
    VALUES (${month + 2000}, 'org.update', ${orgId}, '=HYPERLINK("http://evil.example/")', 'denied', '+1')`);

  const page = await owner.get('/org/audit?lang=en');
  assert.match(page.text, /<a href="\/org\/audit\.csv" download>/, 'the page links its CSV');
  assert.match(page.text, /<td>[^<]* JST<\/td>/, 'the page shows Japan time');
  assert.doesNotMatch(page.text, /Times are in UTC/, 'and does not call it UTC');

  const csv = await owner.get('/org/audit.csv?lang=ja');
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
  assert.match(csv.headers['content-disposition'], /^attachment; filename="mamori-audit-[a-z2-7]{12}\.csv"$/);
  assert.match(csv.headers['cache-control'], /no-store/);
  assert.deepEqual([...csv.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
  const lines = csv.text.slice(1).split('\r\n');
  assert.equal(lines[0], '"日時","操作した人","操作","対象","詳細","結果","IPアドレス"');
  assert.equal(lines.at(-1), '', 'every row ends in CRLF');
  assert.equal(lines.length - 2, 1000, 'the newest 1,000 entries');
  assert.match(lines[1], /^"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00","owner@example\.jp","データのダウンロード",".*","members\.csv","完了","[^"]+"$/,
    'newest first, as the page names the action and the outcome, the time in Japan with its offset');
  const japanTime = (s) => new Date((s + 9 * 3600) * 1000).toISOString().replace('.000Z', '+09:00');
  assert.ok(lines.includes('"' + japanTime(month + 2000)
    + '","","組織の情報の変更","\'=HYPERLINK(""http://evil.example/"")","\'+1","拒否",""'), 'formulas are text');
  assert.ok(!csv.text.includes('the oldest entry'), 'the 1,001st is left out');

  const audited = await owner.get('/org/audit?lang=ja');
  const first = /<tbody>\s*<tr><td>[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>[^<]*<\/td><td>([^<]*)<\/td>/.exec(audited.text);
  assert.deepEqual(first.slice(1), ['owner@example.jp', 'データのダウンロード', 'audit.csv'], 'the download is audited');
  assert.equal((await other.get('/org/audit.csv')).text.includes('evil.example'), false, 'only this organisation\'s lines');
});

test('removing a member asks first; the removed member loses access', async () => {
  const confirm = await owner.get(`/org/members/${memberId}/remove`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /member@example\.jp/);
  assert.match(confirm.text, /button-warning/);
  assert.match(confirm.text, new RegExp(`<form method="post" action="/org/members/${memberId}/remove">`));
  // Sent three times at once (a click repeated before the answer): one
  // removes, the others find no such member.
  const answers = await Promise.all([1, 2, 3].map(() => owner.req('POST', `/org/members/${memberId}/remove`,
    { form: { csrf: csrfOf(confirm.text) } })));
  assert.deepEqual(answers.map((a) => a.status).sort(), [303, 404, 404]);
  const r = answers.find((a) => a.status === 303);
  assert.equal(r.headers.location, '/org?notice=member_removed');
  assert.match((await member.get('/org')).text, /href="\/org\/new"/);
  assert.equal((await member.get('/org/leave')).status, 404);
  assert.doesNotMatch((await owner.get('/org')).text, /member@example\.jp/);
});

test('deleting an organisation needs its exact name and leaves its owner without one', async () => {
  const page = await other.get('/org/delete');
  assert.equal(page.status, 200);
  assert.match(page.text, /みなと商店/);
  const wrong = await other.req('POST', '/org/delete', { form: { csrf: csrfOf(page.text), confirm_name: 'みなと' } });
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /href="#confirm_name"/);
  assert.match(wrong.text, /value="みなと"/);
  const r = await other.req('POST', '/org/delete', { form: { csrf: csrfOf(page.text), confirm_name: 'みなと商店' } });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/org?notice=deleted');
  const none = await other.get('/org?notice=deleted');
  assert.match(none.text, /組織を削除しました/);
  assert.match(none.text, /href="\/org\/new"/);
  assert.equal((await other.get('/org/export.json')).status, 404);
  assert.equal((await owner.get('/org')).status, 200, 'the first organisation is still there');
});
