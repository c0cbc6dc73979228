// authz.test.mjs — the authorisation matrix of accounts, organisations,
// supporters and administration, as a specification.
//
// One server. The cast is built through the real flows (sign-up and the
// confirmation link from the .eml, invitations accepted from their mail,
// `mamori admin create` and its welcome link, log-in):
//
//   anon    nobody signed in (but holding the anonymous CSRF cookie)
//   owner   owner of organisation A
//   member  member of A (invited, accepted)
//   ownerB  owner of another organisation, B
//   supC    a registered supporter whom A's owner (and B's) granted read access
//   supN    a registered supporter nobody granted anything
//   admin   an administrator (made on the command line)
//
// Then EVERY route of this area in the route table is requested by every
// actor with concrete ids (A's members, invitations and grants; B's for
// cross-organisation attempts; admin ids), and the answer must be the one
// in MATRIX. POSTs carry a valid CSRF token for the actor's session (the
// anonymous cookie's token for anon); state-changing requests target
// throwaway records, or the row restores what it took away (`after`).
// Within a row, refusals are tried first and the allowed requests last.
//
// The rules the matrix encodes (docs/architecture.md and the issue):
// - anonymous visitors are sent to /login?next=… on pages for signed-in
//   users and refused (403) every such POST;
// - owners have every right in their own organisation; members may see
//   /org and leave, nothing else (403); users without an organisation get
//   404 on its pages; ids of another organisation are 404 (never leak);
// - supporters never get an owner's action, with or without consent;
// - only administrators see /admin/* — everyone else gets 404 there.
//
// A guard test fails when the route table gains a route under one of the prefixes
// of this area that the matrix does not list (so every new route must be
// added here). Routes of other areas (/assessment…) are ignored.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { REPO_ROOT, assertCleanExit, assertNoSanitizerReports, runCli, sqlString, sqlite, startServer } from './helpers.mjs';
import { Browser, ORG_FORM, PASSWORD, createOrg, csrfOf, mailsTo, nextMail, signUp } from './org_client.mjs';

const ADMIN_PASSWORD = 'granite lighthouse keeps watch';
const COVERED_PREFIXES = ['/signup', '/confirm', '/login', '/logout', '/password', '/account', '/org', '/invite',
  '/supporter', '/admin'];
const COLS = ['anon', 'owner', 'member', 'ownerB', 'supC', 'supN', 'admin'];

const EMAIL = {
  owner: 'owner@a.example.jp',
  member: 'member@a.example.jp',
  extra: 'extra@a.example.jp', // a second member of A, removed by the matrix
  ownerB: 'owner@b.example.jp',
  supC: 'consent@supporter.example.jp',
  supN: 'none@supporter.example.jp',
  admin: 'admin@example.jp',
  victim: 'victim@example.jp', // signed up, never confirmed: the target of admin actions
  pending: 'pending@example.jp', // invited to A, never accepts
  pendingB: 'pending@b.example.jp', // invited to B, never accepts
};

const ORG_B_FORM = Object.freeze({
  ...ORG_FORM,
  name: 'みなと商店',
  name_kana: 'ミナトショウテン',
  corporate_number: '4011001098993',
  industry: 'I',
  trade: 'retail',
  employees: '4',
  capital: '3,000,000',
  prefecture: '13',
});
const SUPPORTER_FORM = { kind: 'tax_accountant', prefecture: '13', organisation_name: 'みなと税理士事務所' };

// ---- the matrix --------------------------------------------------------------
//
// A cell is what the actor gets:
//   200, 403, 404, 409, 410, 422   that status
//   LOGIN                           303 to /login?next=<the path, encoded>
//   ACC, ORG, UPDATED, …            303 to exactly the location named below
// In route paths, {name} is filled from the row's params (ids of the cast,
// see `ids` below); in expected locations too.
//
// Allowed = 2xx or the documented 303. Denied = 403; 404 where existence
// must not leak (another organisation's ids, pages of an organisation one
// does not have, /admin for non-administrators); LOGIN for anonymous GETs.
//
// 409 and 422 mean the handler ran (the right was granted) and refused
// the input or the situation (the last owner; a deliberately wrong name
// or password that keeps the cast intact). 410 is a made-up token.

const LOGIN = 'login';
const BAD = { token: 'bogus' }; // a token that was never issued
// 303s, by where they go
const ACC = '→/account';
const SENT = '→/signup/sent';
const FORGOT = '→/password/forgot/sent';
const ENDED = '→/account?notice=sessions_ended';
const PROFILE = '→/account?notice=profile_saved';
const PWCHANGED = '→/account?notice=password_changed';
const MAILSENT = '→/account/email/sent';
const ORG = '→/org';
const UPDATED = '→/org?notice=updated';
const INVITED = '→/org?notice=invited';
const CANCELLED = '→/org?notice=invitation_cancelled';
const JOINED = '→/org?notice=joined';
const ROLE = '→/org?notice=role_changed';
const LEAVE = '→/org/leave';
const REMOVED = '→/org?notice=member_removed';
const REVOKED = '→/org?notice=revoked';
const GRANTED = '→/org?notice=granted';
const DELETED = '→/org?notice=deleted';
const LEFT = '→/org?notice=left';
const SUPPORTER = '→/supporter';
const CODE = '→/supporter?notice=code_renewed';
const DISABLED = '→/admin/users/{id}?notice=disabled';
const ENABLED = '→/admin/users/{id}?notice=enabled';
const RESENT = '→/admin/users/{id}?notice=resent';
const OUT = '→/login?notice=logged_out';

/** [method, route as in the table, params, cells (in COLS order), options] */
const MATRIX = [
  //                                                                        anon       owner      member     ownerB     supC       supN       admin
  // accounts (auth.c, account.c, account_email.c, account_data.c)
  ['GET',  '/signup',                            {},                       [200,       ACC,       ACC,       ACC,       ACC,       ACC,       ACC]],
  ['POST', '/signup',                            {},                       [SENT,      ACC,       ACC,       ACC,       ACC,       ACC,       ACC],
    { form: (a) => ({ email: `signup-${a}@example.jp`, password: PASSWORD }) }],
  ['GET',  '/signup/sent',                       {},                       [200,       200,       200,       200,       200,       200,       200]],
  ['GET',  '/confirm/{token}',                   BAD,                      [200,       200,       200,       200,       200,       200,       200]],
  ['POST', '/confirm/{token}',                   BAD,                      [410,       410,       410,       410,       410,       410,       410]],
  ['GET',  '/login',                             {},                       [200,       ACC,       ACC,       ACC,       ACC,       ACC,       ACC]],
  ['POST', '/login',                             {},                       [422,       422,       422,       422,       422,       422,       422],
    { form: (a) => ({ email: `nobody-${a}@example.jp`, password: 'not anybody’s password', next: '' }) }],
  ['GET',  '/password/forgot',                   {},                       [200,       200,       200,       200,       200,       200,       200]],
  ['POST', '/password/forgot',                   {},                       [FORGOT,    FORGOT,    FORGOT,    FORGOT,    FORGOT,    FORGOT,    FORGOT],
    { form: { email: 'nobody@example.jp' } }],
  ['GET',  '/password/forgot/sent',              {},                       [200,       200,       200,       200,       200,       200,       200]],
  ['GET',  '/password/reset/{token}',            BAD,                      [200,       200,       200,       200,       200,       200,       200]],
  ['POST', '/password/reset/{token}',            BAD,                      [410,       410,       410,       410,       410,       410,       410],
    { form: { password: PASSWORD } }],
  ['GET',  '/account',                           {},                       [LOGIN,     200,       200,       200,       200,       200,       200]],
  ['POST', '/account/sessions',                  {},                       [403,       ENDED,     ENDED,     ENDED,     ENDED,     ENDED,     ENDED]],
  ['GET',  '/account/profile',                   {},                       [LOGIN,     200,       200,       200,       200,       200,       200]],
  ['POST', '/account/profile',                   {},                       [403,       PROFILE,   PROFILE,   PROFILE,   PROFILE,   PROFILE,   PROFILE],
    { form: { name: '', lang: 'ja' } }],
  ['GET',  '/account/password',                  {},                       [LOGIN,     200,       200,       200,       200,       200,       200]],
  // the same password again: a real change (every session ends, a new one starts)
  ['POST', '/account/password',                  {},                       [403,       PWCHANGED, PWCHANGED, PWCHANGED, PWCHANGED, PWCHANGED, PWCHANGED],
    { form: (a) => ({ current_password: passwordOf(a), new_password: passwordOf(a) }) }],
  ['GET',  '/account/email',                     {},                       [LOGIN,     200,       200,       200,       200,       200,       200]],
  ['POST', '/account/email',                     {},                       [403,       MAILSENT,  MAILSENT,  MAILSENT,  MAILSENT,  MAILSENT,  MAILSENT],
    { form: (a) => ({ email: `new-${a}@example.jp`, current_password: passwordOf(a) }) }],
  ['GET',  '/account/email/sent',                {},                       [LOGIN,     200,       200,       200,       200,       200,       200]],
  ['GET',  '/account/email/confirm/{token}',     BAD,                      [200,       200,       200,       200,       200,       200,       200]],
  ['POST', '/account/email/confirm/{token}',     BAD,                      [410,       410,       410,       410,       410,       410,       410]],
  ['GET',  '/account/export.json',               {},                       [LOGIN,     200,       200,       200,       200,       200,       200]],
  ['GET',  '/account/delete',                    {},                       [LOGIN,     200,       200,       200,       200,       200,       200]],
  // a wrong password; owner is the last owner of a shared organisation, ownerB B's only member: 409
  ['POST', '/account/delete',                    {},                       [403,       409,       422,       409,       422,       422,       422],
    { form: { current_password: 'not my password at all' } }],

  // organisations (org.c, org_members.c, org_supporters.c, org_data.c)
  ['GET',  '/org',                               {},                       [LOGIN,     200,       200,       200,       200,       200,       200]],
  ['GET',  '/org/new',                           {},                       [LOGIN,     ORG,       ORG,       ORG,       200,       200,       200]],
  ['POST', '/org/new',                           {},                       [403,       ORG,       ORG,       ORG,       422,       422,       422],
    { form: {} }],
  ['GET',  '/org/edit',                          {},                       [LOGIN,     200,       403,       200,       404,       404,       404]],
  ['POST', '/org/edit',                          {},                       [403,       UPDATED,   403,       UPDATED,   404,       404,       404],
    { form: (a) => (a === 'ownerB' ? ORG_B_FORM : ORG_FORM) }],
  ['GET',  '/org/invite',                        {},                       [LOGIN,     200,       403,       200,       404,       404,       404]],
  ['POST', '/org/invite',                        {},                       [403,       INVITED,   403,       INVITED,   404,       404,       404],
    { form: (a) => ({ email: `invited-by-${a}@example.jp`, role: 'member' }) }],
  ['GET',  '/org/invitations/{id}/cancel',       { id: 'invA' },           [LOGIN,     200,       403,       404,       404,       404,       404]],
  ['GET',  '/org/invitations/{id}/cancel',       { id: 'invB' },           [LOGIN,     404,       403,       200,       404,       404,       404]],
  ['POST', '/org/invitations/{id}/cancel',       { id: 'invA' },           [403,       CANCELLED, 403,       404,       404,       404,       404]],
  ['POST', '/org/invitations/{id}/cancel',       { id: 'invB' },           [403,       404,       403,       CANCELLED, 404,       404,       404]],
  // an invitation of A addressed to supN: only supN may accept it (and is then removed again)
  ['GET',  '/invite/{token}',                    { token: 'inviteSupN' },  [LOGIN,     409,       409,       409,       403,       200,       403]],
  ['POST', '/invite/{token}',                    { token: 'inviteSupN' },  [403,       409,       409,       409,       403,       JOINED,    403],
    { after: removeSupNFromA }],
  ['POST', '/org/members/{id}/role',             { id: 'memberA' },        [403,       ROLE,      403,       404,       404,       404,       404],
    { form: { role: 'member' } }],
  ['POST', '/org/members/{id}/role',             { id: 'ownerBId' },       [403,       404,       403,       ROLE,      404,       404,       404],
    { form: { role: 'owner' } }],
  ['GET',  '/org/members/{id}/remove',           { id: 'memberA' },        [LOGIN,     200,       403,       404,       404,       404,       404]],
  ['GET',  '/org/members/{id}/remove',           { id: 'ownerBId' },       [LOGIN,     404,       403,       LEAVE,     404,       404,       404]],
  ['POST', '/org/members/{id}/remove',           { id: 'extraA' },         [403,       REMOVED,   403,       404,       404,       404,       404]],
  ['POST', '/org/members/{id}/remove',           { id: 'ownerBId' },       [403,       404,       403,       409,       404,       404,       404]],
  ['GET',  '/org/supporters/grant',              {},                       [LOGIN,     200,       403,       200,       404,       404,       404]],
  ['GET',  '/org/supporters/{id}/revoke',        { id: 'grantA' },         [LOGIN,     200,       403,       404,       404,       404,       404]],
  ['GET',  '/org/supporters/{id}/revoke',        { id: 'grantB' },         [LOGIN,     404,       403,       200,       404,       404,       404]],
  ['POST', '/org/supporters/{id}/revoke',        { id: 'grantA' },         [403,       REVOKED,   403,       404,       404,       404,       404]],
  ['POST', '/org/supporters/{id}/revoke',        { id: 'grantB' },         [403,       404,       403,       REVOKED,   404,       404,       404]],
  // grants supC again what the two rows above revoked
  ['POST', '/org/supporters/grant',              {},                       [403,       GRANTED,   403,       GRANTED,   404,       404,       404],
    { form: { supporter: EMAIL.supC, access: 'read' } }],
  ['GET',  '/org/export.json',                   {},                       [LOGIN,     200,       403,       200,       404,       404,       404]],
  ['GET',  '/org/members.csv',                   {},                       [LOGIN,     200,       403,       200,       404,       404,       404]],
  ['GET',  '/org/audit',                         {},                       [LOGIN,     200,       403,       200,       404,       404,       404]],
  ['GET',  '/org/delete',                        {},                       [LOGIN,     200,       403,       200,       404,       404,       404]],
  // owner types a wrong name (A stays); ownerB really deletes B, which is then created again
  ['POST', '/org/delete',                        {},                       [403,       422,       403,       DELETED,   404,       404,       404],
    { form: (a) => ({ confirm_name: a === 'ownerB' ? ORG_B_FORM.name : 'not the name' }), after: recreateOrgB }],
  ['GET',  '/org/leave',                         {},                       [LOGIN,     200,       200,       200,       404,       404,       404]],
  // the member really leaves, and is invited back; last owners may not leave
  ['POST', '/org/leave',                         {},                       [403,       409,       LEFT,      409,       404,       404,       404],
    { after: bringMemberBack }],

  // supporters (supporter.c): registering again changes nothing
  ['GET',  '/supporter',                         {},                       [LOGIN,     200,       200,       200,       200,       200,       200]],
  ['POST', '/supporter',                         {},                       [403,       422,       422,       422,       SUPPORTER, SUPPORTER, 422],
    { form: (a) => (a.startsWith('sup') ? SUPPORTER_FORM : {}) }],
  ['POST', '/supporter/code',                    {},                       [403,       404,       404,       404,       CODE,      CODE,      404]],

  // administration (admin.c, admin_users.c, admin_orgs.c); the victim is an unconfirmed throwaway account
  ['GET',  '/admin',                             {},                       [LOGIN,     404,       404,       404,       404,       404,       200]],
  ['GET',  '/admin/users',                       {},                       [LOGIN,     404,       404,       404,       404,       404,       200]],
  ['GET',  '/admin/users/{id}',                  { id: 'victim' },         [LOGIN,     404,       404,       404,       404,       404,       200]],
  ['POST', '/admin/users/{id}/disable',          { id: 'victim' },         [403,       404,       404,       404,       404,       404,       DISABLED],
    { form: { disable_reason: 'authorisation matrix' } }],
  ['POST', '/admin/users/{id}/enable',           { id: 'victim' },         [403,       404,       404,       404,       404,       404,       ENABLED],
    { form: { enable_reason: 'authorisation matrix' } }],
  ['GET',  '/admin/users/{id}/resend',           { id: 'victim' },         [LOGIN,     404,       404,       404,       404,       404,       200]],
  ['POST', '/admin/users/{id}/resend',           { id: 'victim' },         [403,       404,       404,       404,       404,       404,       RESENT]],
  ['GET',  '/admin/organisations',               {},                       [LOGIN,     404,       404,       404,       404,       404,       200]],
  ['GET',  '/admin/organisations/{id}',          { id: 'orgA' },           [LOGIN,     404,       404,       404,       404,       404,       200]],
  ['GET',  '/admin/audit',                       {},                       [LOGIN,     404,       404,       404,       404,       404,       200]],
  // declarations (admin_declarations.c): no declaration exists in this cast, so the well-formed id is
  // unknown and even the administrator gets 404; everyone else must get 404 before any lookup
  ['GET',  '/admin/declarations',                {},                       [LOGIN,     404,       404,       404,       404,       404,       200]],
  ['GET',  '/admin/declarations/{id}',           { id: 'noDeclaration' },  [LOGIN,     404,       404,       404,       404,       404,       404]],
  ['POST', '/admin/declarations/{id}/approve',   { id: 'noDeclaration' },  [403,       404,       404,       404,       404,       404,       404]],
  ['POST', '/admin/declarations/{id}/revoke',    { id: 'noDeclaration' },  [403,       404,       404,       404,       404,       404,       404],
    { form: { reason: 'other', note: 'authorisation matrix' } }],
  ['GET',  '/admin/welcome/{token}',             BAD,                      [200,       200,       200,       200,       200,       200,       200]],
  ['POST', '/admin/welcome/{token}',             BAD,                      [410,       410,       410,       410,       410,       410,       410],
    { form: { password: ADMIN_PASSWORD } }],

  // last (after the CSRF tests): everyone logs out
  ['POST', '/logout',                            {},                       [OUT,       OUT,       OUT,       OUT,       OUT,       OUT,       OUT],
    { last: true }],
];

// Routes only owners may use (members get 403), for the consistency test.
const OWNER_ONLY = new Set(['/org/edit', '/org/invite', '/org/invitations/{id}/cancel', '/org/members/{id}/role',
  '/org/members/{id}/remove', '/org/supporters/grant', '/org/supporters/{id}/revoke', '/org/export.json',
  '/org/members.csv', '/org/audit', '/org/delete']);

// ---- the cast --------------------------------------------------------------------

let server;
const cast = {}; // actor name → Actor
const ids = {}; // param key → value

const passwordOf = (actor) => (actor === 'admin' ? ADMIN_PASSWORD : PASSWORD);
const db = (sql) => sqlite(server.dbPath, sql);
const one = (sql) => db(sql)[0];
const userId = (email) => one(`SELECT id FROM user WHERE email = ${sqlString(email)}`);

/** A Browser that keeps the CSRF token of its session (and forgets it when the session changes). */
class Actor extends Browser {
  constructor(port, name, { cookies, tokenPage = '/account' } = {}) {
    super(port);
    this.name = name;
    this.tokenPage = tokenPage;
    if (cookies) this.cookies = new Map(cookies);
  }

  async req(method, urlPath, opts) {
    const session = this.cookies.get('mamori_session');
    const r = await super.req(method, urlPath, opts);
    if (this.cookies.get('mamori_session') !== session) this.csrf = null;
    return r;
  }

  async token() {
    if (!this.csrf) {
      const page = await this.get(this.tokenPage);
      assert.equal(page.status, 200, `${this.name}: GET ${this.tokenPage} for a CSRF token`);
      this.csrf = csrfOf(page.text);
    }
    return this.csrf;
  }

  /** POSTs fields with this actor's token. */
  async send(urlPath, fields = {}) {
    return this.req('POST', urlPath, { form: { csrf: await this.token(), ...fields } });
  }
}

const actorFrom = (b, name) => Object.assign(new Actor(server.port, name, { cookies: b.cookies }), { email: b.email });

function inviteToken(mail) {
  return /\/invite\/([A-Za-z0-9_-]+)/.exec(mail)[1];
}

/** Owner of A invites email; resolves to the token from the mail. */
async function invite(owner, email, role = 'member') {
  const seen = mailsTo(server.tmpDir, email).length;
  const r = await owner.send('/org/invite', { email, role });
  assert.equal(r.status, 303, `inviting ${email}: ${r.status}`);
  return inviteToken(await nextMail(server.tmpDir, email, seen));
}

async function accept(actor, token) {
  const r = await actor.send(`/invite/${token}`);
  assert.equal(r.status, 303, `${actor.name} accepting an invitation: ${r.status}`);
  assert.equal(r.headers.location, '/org?notice=joined');
}

async function grant(owner, email) {
  const r = await owner.send('/org/supporters/grant', { supporter: email, access: 'read' });
  assert.equal(r.status, 303, `granting ${email}: ${r.status}\n${r.text.slice(0, 500)}`);
}

/** The id in `href="PREFIX/ID/SUFFIX" aria-label="…: EMAIL"` on /org. */
async function linkId(owner, prefix, email) {
  const html = (await owner.get('/org')).text;
  const re = new RegExp(`href="${prefix}/(\\d+)/[a-z]+" aria-label="[^"]*: ${email.replace(/\./g, '\\.')}"`);
  const m = re.exec(html);
  assert.ok(m, `${prefix} link for ${email} on /org of ${owner.name}`);
  return m[1];
}

async function registerSupporter(actor) {
  const r = await actor.send('/supporter', SUPPORTER_FORM);
  assert.equal(r.status, 303, `${actor.name} registering as a supporter`);
}

async function makeAdmin() {
  const r = runCli(['admin', 'create', '--email', EMAIL.admin, '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
  assertNoSanitizerReports(r.stderr, 'admin create');
  assert.equal(r.status, 0, r.stderr);
  const link = new URL(r.stdout.trim()).pathname;
  const b = new Actor(server.port, 'admin', { tokenPage: link });
  const set = await b.send(link, { password: ADMIN_PASSWORD });
  assert.equal(set.status, 303, `welcome link: ${set.status}`);
  b.tokenPage = '/login';
  b.csrf = null;
  const login = await b.send('/login', { email: EMAIL.admin, password: ADMIN_PASSWORD, next: '' });
  assert.equal(login.status, 303, 'administrator log-in');
  assert.equal(login.headers.location, '/account');
  b.tokenPage = '/account';
  b.email = EMAIL.admin;
  return b;
}

// `after` hooks: put back what a row took away.

async function removeSupNFromA() {
  const id = userId(EMAIL.supN);
  const r = await cast.owner.send(`/org/members/${id}/remove`);
  assert.equal(r.status, 303, 'supN removed from A again');
}

async function recreateOrgB() {
  const b = Object.assign(new Browser(server.port), { cookies: cast.ownerB.cookies });
  await createOrg(b, ORG_B_FORM);
}

async function bringMemberBack() {
  await accept(cast.member, await invite(cast.owner, EMAIL.member));
}

async function buildCast() {
  server = await startServer({ threads: 4 });
  const names = ['owner', 'member', 'extra', 'ownerB', 'supC', 'supN'];
  const [browsers, admin] = await Promise.all([
    Promise.all(names.map((n) => signUp(server, EMAIL[n]))),
    makeAdmin(),
  ]);
  names.forEach((n, i) => { cast[n] = actorFrom(browsers[i], n); });
  cast.admin = admin;
  cast.anon = new Actor(server.port, 'anon', { tokenPage: '/login' });
  const victim = await cast.anon.send('/signup', { email: EMAIL.victim, password: PASSWORD });
  assert.equal(victim.status, 303, 'the unconfirmed victim signs up');

  await Promise.all([createOrg(cast.owner), createOrg(cast.ownerB, ORG_B_FORM),
    registerSupporter(cast.supC), registerSupporter(cast.supN)]);
  const [memberToken, extraToken, supNToken] = await Promise.all([
    invite(cast.owner, EMAIL.member),
    invite(cast.owner, EMAIL.extra),
    invite(cast.owner, EMAIL.supN),
    cast.owner.send('/org/invite', { email: EMAIL.pending, role: 'member' }),
    cast.ownerB.send('/org/invite', { email: EMAIL.pendingB, role: 'member' }),
  ]);
  await Promise.all([accept(cast.member, memberToken), accept(cast.extra, extraToken),
    grant(cast.owner, EMAIL.supC), grant(cast.ownerB, EMAIL.supC)]);

  ids.inviteSupN = supNToken;
  ids.noDeclaration = '00000000000';
  ids.memberA = userId(EMAIL.member);
  ids.extraA = userId(EMAIL.extra);
  ids.ownerBId = userId(EMAIL.ownerB);
  ids.victim = userId(EMAIL.victim);
  ids.orgA = one(`SELECT organisation_id FROM membership WHERE user_id = ${userId(EMAIL.owner)}`);
  ids.invA = await linkId(cast.owner, '/org/invitations', EMAIL.pending);
  ids.invB = await linkId(cast.ownerB, '/org/invitations', EMAIL.pendingB);
  ids.grantA = await linkId(cast.owner, '/org/supporters', EMAIL.supC);
  ids.grantB = await linkId(cast.ownerB, '/org/supporters', EMAIL.supC);

  // The cast is what it says.
  const role = (email) => one(`SELECT role FROM membership WHERE user_id = ${userId(email)}`);
  assert.equal(role(EMAIL.owner), 'owner');
  assert.equal(role(EMAIL.member), 'member');
  assert.equal(role(EMAIL.ownerB), 'owner');
  assert.notEqual(one(`SELECT organisation_id FROM membership WHERE user_id = ${ids.ownerBId}`), ids.orgA);
  for (const n of ['supC', 'supN', 'admin']) assert.equal(role(EMAIL[n]), undefined, `${n} belongs to no organisation`);
  assert.equal(one(`SELECT count(*) FROM supporter_grant WHERE supporter_user_id = ${userId(EMAIL.supC)} AND revoked_at IS NULL`), '2');
  assert.equal(one(`SELECT count(*) FROM supporter_grant WHERE supporter_user_id = ${userId(EMAIL.supN)}`), '0');
  assert.equal(one(`SELECT is_admin FROM user WHERE email = ${sqlString(EMAIL.admin)}`), '1');
}

async function stopServer() {
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
}

// ---- running a row ---------------------------------------------------------------

const fill = (template, params) => template.replace(/\{(\w+)\}/g, (_, k) => {
  assert.ok(k in params, `no value for {${k}}`);
  const v = ids[params[k]] ?? (params[k] === 'bogus' ? 'bogus-token-never-issued' : undefined);
  assert.ok(v !== undefined, `no id ${params[k]}`);
  return encodeURIComponent(v);
});

const isAllowed = (cell) => cell === 200 || (typeof cell === 'string' && cell.startsWith('→'));

function describeCell(cell) {
  return typeof cell === 'number' ? String(cell) : cell === LOGIN ? '303 → /login?next=…' : `303 ${cell}`;
}

/** '' when r is what cell says, else what went wrong. */
function mismatch(cell, r, urlPath, params) {
  const got = `${r.status}${r.headers.location ? ` → ${r.headers.location}` : ''}`;
  if (typeof cell === 'number') return r.status === cell ? '' : got;
  if (r.status !== 303) return got;
  const loc = r.headers.location ?? '';
  if (cell === LOGIN) return loc === `/login?next=${encodeURIComponent(urlPath)}` ? '' : got;
  return loc === fill(cell.slice(1), params) ? '' : got;
}

async function runRow([method, route, params, cells, opts = {}]) {
  const urlPath = fill(route, params);
  // refusals first, so an allowed request that changes something runs last
  const order = COLS.map((a, i) => i).sort((i, j) => isAllowed(cells[i]) - isAllowed(cells[j]));
  const wrong = [];
  try {
    for (const i of order) {
      const actor = cast[COLS[i]];
      let r;
      if (method === 'GET') r = await actor.get(urlPath);
      else {
        const form = typeof opts.form === 'function' ? opts.form(COLS[i]) : (opts.form ?? {});
        r = await actor.send(urlPath, form);
      }
      const problem = mismatch(cells[i], r, urlPath, params);
      if (problem) wrong.push(`${COLS[i]}: expected ${describeCell(cells[i])}, got ${problem}`);
    }
  } finally {
    if (opts.after) await opts.after();
  }
  assert.deepEqual(wrong, [], `${method} ${urlPath}`);
}

const rowName = ([method, route, params]) =>
  `${method} ${route}${Object.keys(params).length ? ` (${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`;

// ---- the tests ---------------------------------------------------------------------

const covered = (p) => COVERED_PREFIXES.some((prefix) => p === prefix || p.startsWith(`${prefix}/`));

// The route table as the binary dispatches it (`mamori routes`), with the
// parameter types dropped ("{id:int}" → "{id}") to match the rows below.
function routeTable() {
  const out = execFileSync(process.env.MAMORI_BIN, ['routes'], { encoding: 'utf8' });
  return out.trim().split('\n').map((line) => {
    const [method, pattern, right] = line.split('\t');
    return { method, pattern: pattern.replace(/\{(\w+):[^}]+\}/g, '{$1}'), right: `RIGHT_${right.toUpperCase()}` };
  });
}

describe('the matrix is complete and agrees with the route table', () => {
  test('every route of this area in the route table has a row (add new routes to MATRIX)', () => {
    const routes = routeTable().filter((r) => covered(r.pattern));
    assert.ok(routes.length > 50, `found only ${routes.length} routes; is the regex still right?`);
    const inTable = new Set(routes.map((r) => `${r.method} ${r.pattern}`));
    const inMatrix = new Set(MATRIX.map(([m, p]) => `${m} ${p}`));
    assert.deepEqual([...inTable].filter((k) => !inMatrix.has(k)), [], 'routes missing from MATRIX');
    assert.deepEqual([...inMatrix].filter((k) => !inTable.has(k)), [], 'MATRIX rows for routes the table does not have');
  });

  test('the rows follow the rules of the route table and of the issue', () => {
    const rights = new Map(routeTable().map((r) => [`${r.method} ${r.pattern}`, r.right]));
    for (const [method, route, params, cells] of MATRIX) {
      const label = `${method} ${route} ${JSON.stringify(params)}`;
      assert.equal(cells.length, COLS.length, `${label}: one cell per actor`);
      const cell = Object.fromEntries(COLS.map((a, i) => [a, cells[i]]));
      const right = rights.get(`${method} ${route}`);
      if (right !== 'RIGHT_PUBLIC') assert.equal(cell.anon, method === 'GET' ? LOGIN : 403, `${label}: anonymous`);
      if (right === 'RIGHT_ADMIN') {
        for (const a of COLS.slice(1, -1)) assert.equal(cell[a], 404, `${label}: ${a} must not see /admin`);
      }
      if (route.startsWith('/org/') && OWNER_ONLY.has(route)) {
        assert.ok([403].includes(cell.member), `${label}: members get 403 on owners' pages`);
        for (const a of ['supC', 'supN', 'admin']) assert.equal(cell[a], 404, `${label}: ${a} has no organisation`);
      }
      if (['invA', 'grantA', 'memberA', 'extraA'].includes(params.id)) {
        assert.equal(cell.ownerB, 404, `${label}: another organisation's id`);
      }
      if (['invB', 'grantB', 'ownerBId'].includes(params.id)) {
        assert.equal(cell.owner, 404, `${label}: another organisation's id`);
      }
    }
  });
});

// The guard above needs no server; everything below shares one.
describe('with the cast on one server', () => {
  before(buildCast);
  after(stopServer);

  describe('route × actor', () => {
    for (const row of MATRIX.filter((r) => !r[4]?.last)) test(rowName(row), () => runRow(row));
  });

  describe('a POST without the right CSRF token is refused (403) and changes nothing', () => {
    const variants = () => [
      ['no token', {}],
      ['a wrong token', { csrf: 'x'.repeat(43) }],
      ['another session’s token', 'other'],
    ];

    /** POSTs fields with each bad token; asserts 403 every time. */
    async function refused(actorName, urlPath, fields) {
      const actor = cast[actorName];
      const other = cast[actorName === 'owner' ? 'member' : 'owner'];
      for (const [what, extra] of variants()) {
        const csrf = extra === 'other' ? { csrf: await other.token() } : extra;
        const r = await actor.req('POST', urlPath, { form: { ...fields, ...csrf } });
        assert.equal(r.status, 403, `${actorName} POST ${urlPath} with ${what}`);
      }
    }

    test('anonymous: sign-up, log-in and the password reset', async () => {
      await refused('anon', '/signup', { email: 'csrf-anon@example.jp', password: PASSWORD });
      await refused('anon', '/login', { email: EMAIL.owner, password: PASSWORD, next: '' });
      await refused('anon', '/password/forgot', { email: 'csrf-forgot@example.jp' });
      assert.equal(one(`SELECT count(*) FROM user WHERE email = 'csrf-anon@example.jp'`), '0');
      assert.equal(one(`SELECT count(*) FROM outbox WHERE to_addr LIKE 'csrf-%'`), '0');
      assert.equal(cast.anon.cookies.has('mamori_session'), false, 'not signed in');
    });

    test('every signed-in actor: the profile, ending sessions and logging out', async () => {
      for (const a of COLS.slice(1)) {
        await refused(a, '/account/profile', { name: `CSRF-${a}`, lang: 'en' });
        await refused(a, '/account/sessions', {});
        await refused(a, '/logout', {});
        assert.equal(one(`SELECT name || '/' || lang FROM user WHERE email = ${sqlString(EMAIL[a])}`), '/ja', `${a}: profile unchanged`);
        assert.equal((await cast[a].get('/account')).status, 200, `${a}: still signed in`);
      }
    });

    test('owner: editing, inviting and changing a role', async () => {
      await refused('owner', '/org/edit', { ...ORG_FORM, name: 'CSRFで書き換えた名前' });
      await refused('owner', '/org/invite', { email: 'csrf-invite@example.jp', role: 'owner' });
      await refused('owner', `/org/members/${ids.memberA}/role`, { role: 'owner' });
      await refused('owner', '/org/delete', { confirm_name: ORG_FORM.name });
      assert.equal(one(`SELECT name FROM organisation WHERE id = ${ids.orgA}`), ORG_FORM.name);
      assert.equal(one(`SELECT count(*) FROM link_token WHERE email = 'csrf-invite@example.jp'`), '0');
      assert.equal(one(`SELECT role FROM membership WHERE user_id = ${ids.memberA}`), 'member');
    });

    test('member: leaving; ownerB: deleting B; supporters: a new code; admin: disabling', async () => {
      await refused('member', '/org/leave', {});
      assert.equal(one(`SELECT organisation_id FROM membership WHERE user_id = ${ids.memberA}`), ids.orgA);
      await refused('ownerB', '/org/delete', { confirm_name: ORG_B_FORM.name });
      assert.equal(one(`SELECT count(*) FROM membership WHERE user_id = ${ids.ownerBId}`), '1');
      for (const a of ['supC', 'supN']) {
        const code = one(`SELECT code FROM supporter WHERE user_id = ${userId(EMAIL[a])}`);
        await refused(a, '/supporter/code', {});
        assert.equal(one(`SELECT code FROM supporter WHERE user_id = ${userId(EMAIL[a])}`), code, `${a}: code unchanged`);
      }
      await refused('admin', `/admin/users/${ids.victim}/disable`, { disable_reason: 'csrf' });
      await refused('admin', `/admin/users/${ids.memberA}/disable`, { disable_reason: 'csrf' });
      assert.equal(one(`SELECT count(*) FROM user WHERE disabled_at IS NOT NULL`), '0');
    });
  });

  describe('last', () => {
    for (const row of MATRIX.filter((r) => r[4]?.last)) test(rowName(row), () => runRow(row));
  });
});
