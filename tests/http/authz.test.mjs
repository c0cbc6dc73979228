// authz.test.mjs — the authorisation matrix: every route of the table the
// binary dispatches (`mamori routes`) requested by every actor, the
// expected answer computed from the route's right.
//
// One server. The cast is built through the real flows (sign-up and the
// confirmation link from the .eml, invitations accepted from their mail,
// grants, `mamori admin create` and its welcome link, log-in):
//
//   anon      nobody signed in (but holding the anonymous CSRF cookie)
//   member    member of organisation A (invited, accepted)
//   owner     owner of A
//   ownerB    owner of another organisation, B ("a member of another
//             organisation": an owner, so that every owner's right in its
//             own organisation is tried against A's records)
//   supN      a registered supporter nobody granted anything
//   supR      a supporter with read consent to A (and to B)
//   supE      a supporter with edit consent to A
//   admin     an administrator (made on the command line), in no organisation
//   disabled  a member of A whom the administrator disabled; it keeps
//             sending the session cookie and CSRF token it had before (the
//             server deletes that session and treats it as anonymous, so
//             its POSTs fail the CSRF check: 403)
//
// The expected cell of a route for an actor is verdict(right, actor) — the
// rules of dispatch (web.c allowed_here, scope.c) written once below —
// where "allowed" means the row's `ok` answer (what the page does when it
// runs: 200, a 303 somewhere, or 400/409/410/422 when it refuses the input
// or the situation). A page that decides more than its right can say (an
// id of a record of another organisation, an invitation addressed to
// someone else) has an override per actor, each with its reason. A page
// that answers against its right without such a reason (a right in the
// table that is wrong, while the pages are being converted) gets an
// override marked TODO(right) until the table is fixed; there is none today.
//
// Parameters are filled from the cast: {org} is A's public id, {id} a real
// id of the row's choice, tokens are made-up (410) or real. Within a row
// the refusals are tried first and the allowed requests last; requests
// that change something target throwaway records, restore what they took
// (`after`), or run in an order that makes the next rows' state (the
// policy is published before its public pages, the declaration withdrawn
// last).
//
// The guard fails when the table has a route without a row, a row names a
// route the table does not have, a parameter has no value, a right is
// unknown, or an override says what the right already says.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import {
  MAMORI_BIN, assertCleanExit, assertNoSanitizerReports, runCli, sqlString, sqlite, startServer, stylesheetUrl,
} from './helpers.mjs';
import { Browser, ORG_FORM, PASSWORD, createOrg, csrfOf, mailsTo, nextMail, signUp } from './org_client.mjs';
import { POLICY_SITE_ALLOW, startPolicySite } from './policy_site.mjs';

const ADMIN_PASSWORD = 'granite lighthouse keeps watch';
const COLS = ['anon', 'member', 'owner', 'ownerB', 'supN', 'supR', 'supE', 'admin', 'disabled'];

const EMAIL = {
  owner: 'owner@a.example.jp',
  member: 'member@a.example.jp',
  extra: 'extra@a.example.jp', // a second member of A, removed by the matrix
  disabled: 'disabled@a.example.jp', // a third member of A, disabled before the matrix runs
  ownerB: 'owner@b.example.jp',
  supN: 'none@supporter.example.jp',
  supR: 'read@supporter.example.jp',
  supE: 'edit@supporter.example.jp',
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
const PLEDGE = { rule_1: 'yes', rule_2: 'yes', rule_3: 'yes', rule_4: 'yes', rule_5: 'yes', terms: 'yes' };
const POLICY_STEPS = ['preamble', 'commitment-1', 'commitment-2', 'commitment-3', 'commitment-4', 'commitment-5'];
const ASSESSMENT_PARTS = { 1: [1, 5], 2: [6, 18], 3: [19, 25] }; // first and last item of each part
const MANAGEMENT_DIRECTIVES = 10; // four questions each: 4d-3 … 4d

// ---- the rules of the route table ------------------------------------------------
//
// A cell is what the actor gets:
//   200, 400, 403, 404, 409, 410, 422   that status
//   LOGIN                               303 to /login?next=<the path, encoded>
//   '→/path'                            303 to exactly that location ({name} filled)

const LOGIN = 'login';
const ALLOW = 'allow'; // the right is granted: the row's `ok` answer

/** The organisation each actor belongs to, with its role there. */
const OWN_ROLE = { member: 'member', owner: 'owner', ownerB: 'owner', disabled: 'member' };
/** How each actor may see organisation A, the {org} of every URL (scope.c). */
const ROLE_IN_A = { member: 'member', owner: 'owner', supR: 'read', supE: 'edit' };

/** What dispatch answers before the page runs, from the route's right. */
function verdict(right, actor, method, pattern) {
  const safe = method === 'GET';
  // the API, and a link's own proof (RIGHT_LINK: the token of the URL)
  const csrfChecked = !pattern.startsWith('/api/') && right !== 'link';
  if (actor === 'disabled') {
    // its session is gone: the old token matches nothing (403), and it is anonymous
    if (!safe && csrfChecked) return 403;
    actor = 'anon';
  }
  if (right === 'public' || right === 'link') return ALLOW;
  if (actor === 'anon') return safe ? LOGIN : 403;
  const own = OWN_ROLE[actor];
  const inA = ROLE_IN_A[actor];
  switch (right) {
    case 'user':
      return ALLOW;
    case 'admin':
      return actor === 'admin' ? ALLOW : 404;
    case 'member':
      return own ? ALLOW : 404;
    case 'owner':
      return !own ? 404 : own === 'owner' ? ALLOW : 403;
    case 'org_read':
      return inA ? ALLOW : 404;
    case 'org_edit':
      return !inA ? 404 : inA === 'read' ? 403 : ALLOW;
    case 'org_owner':
      return !inA ? 404 : inA === 'owner' ? ALLOW : 403;
    default:
      throw new Error(`unknown right ${right}: teach verdict() what it means`);
  }
}

// ---- the rows --------------------------------------------------------------------
//
// { m, p, ok, params, query, form, json, override, after, last }
//   m, p      method and pattern as `mamori routes` prints them, types dropped
//   ok        the answer when the right is granted (default 200 for GET; a
//             POST must say): a cell, or actor → cell (the disabled actor is
//             asked as 'anon')
//   params    {name} → key of `ids` ({org} defaults to A's public id)
//   query     appended to the path ('?level=1')
//   form      fields (object, or actor → fields, may be async), sent with the actor's token
//   json      a JSON body instead of a form (the API)
//   override  actor → [cell, reason]: where the page answers other than its right says
//   after     restores what the row took away

const DEFAULT_PARAMS = { org: 'pidA' };
const BAD = { token: 'bogus' }; // a token that was never issued
const HOME = '→/home'; // where a signed-in user is sent (マイページ)
const SIGNED_IN_GOES_TO = (anon, signedIn) => (a) => (a === 'anon' ? anon : signedIn);
const WITH_ORG = (yes, no) => (a) => (OWN_ROLE[a] ? yes : no);

const OF_A = 'an id of a record of organisation A: the owner of another organisation gets 404 (record-level)';
const OF_B = 'an id of a record of organisation B: A’s owner gets 404 (record-level)';
const NOT_FOR_YOU = 'the invitation is addressed to someone else (record-level)';
const RESULT_OF_A = 'a result of A’s assessment: only A’s members and supporters with consent see it, '
  + 'everyone else gets 404 (record-level: the URL has no {org})';
const NOT_A_SUPPORTER = 'only a registered supporter has a code to renew (page-level: no right says '
  + '“registered supporter”)';
const MANAGEMENT_RESULT_OF_A = 'a result of A’s management self-check: only A’s members and supporters with consent '
  + 'see it, everyone else gets 404 (record-level: the URL has no {org})';
const NOT_THEIR_GRANT = 'only the supporter a grant was given to may end it; anyone else gets 404 (record-level: '
  + 'no right says “this grant’s supporter”)';
const NO_ORG_RESULT = 'a signed-in user without an organisation cannot submit: results belong to an organisation';

const NOT_CONSULTANT = 'only A’s members, its assigned responder and desk staff may know a consultation of A '
  + '(record-level: the URL has no {org}; a supporter with consent is not enough)';
const OWNERS_DELETE = 'only an owner of A deletes a consultation of A (page-level: the URL has no {org})';
const NOT_OFFERED = 'only a responder the consultation was offered to may take it (page-level)';
const NOT_DESK = 'only desk staff (and, for the figures, administrators): no right says “desk staff” (page-level)';
const NOT_RESPONDER = 'only the assigned responder refers a consultation (record-level)';
const SIGNED_IN = ['member', 'owner', 'ownerB', 'supN', 'supR', 'supE', 'admin'];
const NOT_ADMIN = ['member', 'owner', 'ownerB', 'supN', 'supR', 'supE'];
const notConsultant = (cell) => only(['ownerB', 'supN', 'supR', 'supE', 'admin'], cell, NOT_CONSULTANT);
/** A's members (an approved provider) get yes; B's (no provider) no. */
const PROVIDER_A = (yes, no) => (a) => (a === 'ownerB' ? no : yes);
const only = (actors, cell, reason) => Object.fromEntries(actors.map((a) => [a, [cell, reason]]));
const notTheirGrant = only(['member', 'owner', 'ownerB', 'supN', 'supR', 'admin'], 404, NOT_THEIR_GRANT);
const NOT_ORGANISER = 'only the organisers of the community (and administrators) may: no right says “organiser” '
  + '(page-level)';
const NOT_HOLDER = 'a certificate is for its holder and the organisers of the community that gave it; anyone else '
  + 'learns nothing (record-level)';
const COMMUNITIES_BY_ADMINS = 'only administrators create communities; the address is public, so a signed-in user '
  + 'gets the refusal page of the route (route_refusal: who creates them, how to ask) instead of 404';
const notOrganiser = (cell, except = []) => only(['member', 'ownerB', 'supN', 'supR', 'supE'].filter((a) => !except.includes(a)),
  cell, NOT_ORGANISER);

/** Fields of the part page's form for actor (its version and organisation). */
async function partForm(actor, part) {
  const page = await cast[actor].get(`/assessment/part/${part}`);
  assert.equal(page.status, 200, `${actor}: GET /assessment/part/${part}`);
  const answers = {};
  for (let n = ASSESSMENT_PARTS[part][0]; n <= ASSESSMENT_PARTS[part][1]; n++) answers[`item-${n}`] = 'done';
  return { version: hidden(page.text, 'version'), org: hidden(page.text, 'org'), action: 'next', ...answers };
}

async function checkForm(actor) {
  const page = await cast[actor].get('/assessment/check');
  assert.equal(page.status, 200, `${actor}: GET /assessment/check`);
  // users who may not submit get no submit form (no token): they post what a forged form would
  const field = (name) => (page.text.includes(`name="${name}"`) ? hidden(page.text, name) : '');
  return { submit_token: field('submit_token'), version: field('version'), org: field('org') };
}

/** Fields of a management directive page's form for actor: every question at level 3. */
async function managementForm(actor, d) {
  const page = await cast[actor].get(`/management/part/${d}`);
  assert.equal(page.status, 200, `${actor}: GET /management/part/${d}`);
  const answers = {};
  for (let n = 4 * d - 3; n <= 4 * d; n++) answers[`question-${n}`] = '3';
  return { version: hidden(page.text, 'version'), org: hidden(page.text, 'org'), action: 'next', ...answers };
}

async function managementCheckForm(actor) {
  const page = await cast[actor].get('/management/check');
  assert.equal(page.status, 200, `${actor}: GET /management/check`);
  const field = (name) => (page.text.includes(`name="${name}"`) ? hidden(page.text, name) : '');
  return { submit_token: field('submit_token'), version: field('version'), org: field('org') };
}

const ROWS = [
  // home (home.c, rules.c, ops.c, security_txt.c), and the static files (web.c) with the stylesheet's hashed name
  { m: 'GET', p: '/' },
  { m: 'GET', p: '/static/{file}', params: { file: 'stylesheet' } },
  { m: 'GET', p: '/rules' },
  { m: 'GET', p: '/healthz' },
  { m: 'GET', p: '/metrics' },
  { m: 'GET', p: '/.well-known/security.txt' }, // security_txt.c; the server has a contact address

  // help (help.c): the page for the day something goes wrong, public
  { m: 'GET', p: '/help' },
  { m: 'GET', p: '/help/{situation}', params: { situation: 'ransomware' } },

  // accounts (auth.c, account.c, account_email.c, account_data.c): signed-in users are sent on from the sign-up and log-in forms
  { m: 'GET', p: '/signup', ok: SIGNED_IN_GOES_TO(200, HOME) },
  { m: 'POST', p: '/signup', ok: SIGNED_IN_GOES_TO('→/signup/sent', HOME),
    form: (a) => ({ email: `signup-${a}@example.jp`, password: PASSWORD }) },
  { m: 'GET', p: '/signup/sent' },
  { m: 'GET', p: '/confirm/{token}', params: BAD },
  { m: 'POST', p: '/confirm/{token}', params: BAD, ok: 410 },
  { m: 'GET', p: '/login', ok: SIGNED_IN_GOES_TO(200, HOME) },
  // nobody's address: the page runs and refuses (422)
  { m: 'POST', p: '/login', ok: 422,
    form: (a) => ({ email: `nobody-${a}@example.jp`, password: 'not anybody’s password', next: '' }) },
  { m: 'GET', p: '/password/forgot' },
  // one address per actor, as for sign-up: one address gets few mails an hour (docs/abuse.md)
  { m: 'POST', p: '/password/forgot', ok: '→/password/forgot/sent', form: (a) => ({ email: `nobody-${a}@example.jp` }) },
  { m: 'GET', p: '/password/forgot/sent' },
  { m: 'GET', p: '/password/reset/{token}', params: BAD },
  { m: 'POST', p: '/password/reset/{token}', params: BAD, ok: 410, form: { password: PASSWORD } },

  // sign-in with OpenID Connect (oidc_login.c, oidc_link.c), public: this server's provider is down (502),
  // a callback without its sign-in is 400, linking without this browser's waiting identity 410
  { m: 'GET', p: '/login/oidc/{provider}', params: { provider: 'oidcProvider' }, ok: 502 },
  { m: 'GET', p: '/login/oidc/{provider}/callback', params: { provider: 'oidcProvider' }, ok: 400 },
  { m: 'GET', p: '/login/oidc/{provider}/link', params: { provider: 'oidcProvider' }, ok: 410 },
  { m: 'POST', p: '/login/oidc/{provider}/link', params: { provider: 'oidcProvider' }, ok: 410, form: { password: PASSWORD } },
  { m: 'POST', p: '/login/oidc/{provider}/link/mail', params: { provider: 'oidcProvider' }, ok: 410 },
  { m: 'GET', p: '/login/oidc/{provider}/link/{token}', params: { provider: 'oidcProvider', ...BAD }, ok: 410 },
  { m: 'POST', p: '/login/oidc/{provider}/link/{token}', params: { provider: 'oidcProvider', ...BAD }, ok: 410 },
  { m: 'GET', p: '/account' },
  { m: 'GET', p: '/home' },
  { m: 'POST', p: '/account/sessions', ok: '→/account?notice=sessions_ended' },
  { m: 'GET', p: '/account/profile' },
  { m: 'POST', p: '/account/profile', ok: '→/account?notice=profile_saved', form: { name: '', lang: 'ja' } },
  { m: 'GET', p: '/account/password' },
  // the same password again: a real change (every session ends, a new one starts)
  { m: 'POST', p: '/account/password', ok: '→/account?notice=password_changed',
    form: (a) => ({ current_password: passwordOf(a), new_password: passwordOf(a) }) },
  { m: 'GET', p: '/account/email' },
  { m: 'POST', p: '/account/email', ok: '→/account/email/sent',
    form: (a) => ({ email: `new-${a}@example.jp`, current_password: passwordOf(a) }) },
  { m: 'GET', p: '/account/email/sent' },
  { m: 'GET', p: '/account/email/confirm/{token}', params: BAD },
  { m: 'POST', p: '/account/email/confirm/{token}', params: BAD, ok: 410 },
  { m: 'GET', p: '/account/export.json' },
  { m: 'GET', p: '/account/delete' },
  // a wrong password (422); A's and B's owners are their organisations' last owners (409)
  { m: 'POST', p: '/account/delete', ok: (a) => (OWN_ROLE[a] === 'owner' ? 409 : 422),
    form: { current_password: 'not my password at all' } },

  // organisations (org.c, org_members.c, org_supporters.c, org_data.c)
  { m: 'GET', p: '/org' },
  // users who have an organisation are sent to it; the others get the form (empty: 422)
  { m: 'GET', p: '/org/new', ok: WITH_ORG('→/org', 200) },
  { m: 'POST', p: '/org/new', ok: WITH_ORG('→/org', 422), form: {} },
  { m: 'GET', p: '/org/edit' },
  { m: 'POST', p: '/org/edit', ok: '→/org?notice=updated', form: (a) => (a === 'ownerB' ? ORG_B_FORM : ORG_FORM) },
  { m: 'GET', p: '/org/invite' },
  { m: 'POST', p: '/org/invite', ok: '→/org?notice=invited',
    form: (a) => ({ email: `invited-by-${a}@example.jp`, role: 'member' }) },
  { m: 'GET', p: '/org/invitations/{id}/cancel', params: { id: 'invA' }, override: only(['ownerB'], 404, OF_A) },
  { m: 'GET', p: '/org/invitations/{id}/cancel', params: { id: 'invB' }, override: only(['owner'], 404, OF_B) },
  { m: 'POST', p: '/org/invitations/{id}/cancel', params: { id: 'invA' }, ok: '→/org?notice=invitation_cancelled',
    override: only(['ownerB'], 404, OF_A) },
  { m: 'POST', p: '/org/invitations/{id}/cancel', params: { id: 'invB' }, ok: '→/org?notice=invitation_cancelled',
    override: only(['owner'], 404, OF_B) },
  // an invitation of A addressed to supN: members of an organisation may not join another (409), only
  // supN may accept it (and is then removed again)
  { m: 'GET', p: '/invite/{token}', params: { token: 'inviteSupN' }, ok: WITH_ORG(409, 200),
    override: only(['supR', 'supE', 'admin'], 403, NOT_FOR_YOU) },
  { m: 'POST', p: '/invite/{token}', params: { token: 'inviteSupN' }, ok: WITH_ORG(409, '→/org?notice=joined'),
    override: only(['supR', 'supE', 'admin'], 403, NOT_FOR_YOU), after: removeSupNFromA },
  { m: 'POST', p: '/org/members/{id}/role', params: { id: 'memberA' }, ok: '→/org?notice=role_changed',
    form: { role: 'member' }, override: only(['ownerB'], 404, OF_A) },
  { m: 'POST', p: '/org/members/{id}/role', params: { id: 'ownerBId' }, ok: '→/org?notice=role_changed',
    form: { role: 'owner' }, override: only(['owner'], 404, OF_B) },
  { m: 'GET', p: '/org/members/{id}/remove', params: { id: 'memberA' }, override: only(['ownerB'], 404, OF_A) },
  // removing oneself is leaving
  { m: 'GET', p: '/org/members/{id}/remove', params: { id: 'ownerBId' }, ok: '→/org/leave',
    override: only(['owner'], 404, OF_B) },
  { m: 'POST', p: '/org/members/{id}/remove', params: { id: 'extraA' }, ok: '→/org?notice=member_removed',
    override: only(['ownerB'], 404, OF_A) },
  // B's last owner may not remove itself
  { m: 'POST', p: '/org/members/{id}/remove', params: { id: 'ownerBId' }, ok: 409,
    override: only(['owner'], 404, OF_B) },
  { m: 'GET', p: '/org/supporters/grant' },
  { m: 'GET', p: '/org/supporters/{id}/revoke', params: { id: 'grantA' }, override: only(['ownerB'], 404, OF_A) },
  { m: 'GET', p: '/org/supporters/{id}/revoke', params: { id: 'grantB' }, override: only(['owner'], 404, OF_B) },
  { m: 'POST', p: '/org/supporters/{id}/revoke', params: { id: 'grantA' }, ok: '→/org?notice=revoked',
    override: only(['ownerB'], 404, OF_A) },
  { m: 'POST', p: '/org/supporters/{id}/revoke', params: { id: 'grantB' }, ok: '→/org?notice=revoked',
    override: only(['owner'], 404, OF_B) },
  // grants supR again what the two rows above revoked
  { m: 'POST', p: '/org/supporters/grant', ok: '→/org?notice=granted', form: { supporter: EMAIL.supR, access: 'read' } },
  { m: 'GET', p: '/org/export.json' },
  { m: 'GET', p: '/org/members.csv' },
  { m: 'GET', p: '/org/audit' },
  { m: 'GET', p: '/org/audit.csv' },
  { m: 'GET', p: '/org/delete' },
  // A's owner types a wrong name (A stays); ownerB really deletes B, which is then created again
  { m: 'POST', p: '/org/delete', ok: (a) => (a === 'ownerB' ? '→/org?notice=deleted' : 422),
    form: (a) => ({ confirm_name: a === 'ownerB' ? ORG_B_FORM.name : 'not the name' }), after: recreateOrgB },
  { m: 'GET', p: '/org/leave' },
  // the member really leaves, and is invited back; last owners may not leave (409)
  { m: 'POST', p: '/org/leave', ok: (a) => (a === 'member' ? '→/org?notice=left' : 409), after: bringMemberBack },

  // supporters (supporter.c): registering again changes nothing; others send an empty form (422)
  { m: 'GET', p: '/supporter' },
  { m: 'POST', p: '/supporter', ok: (a) => (a.startsWith('sup') ? '→/supporter' : 422),
    form: (a) => (a.startsWith('sup') ? SUPPORTER_FORM : {}) },
  { m: 'GET', p: '/supporter/code', override: only(['member', 'owner', 'ownerB', 'admin'], 404, NOT_A_SUPPORTER) },
  { m: 'POST', p: '/supporter/code', ok: '→/supporter?notice=code_renewed',
    override: only(['member', 'owner', 'ownerB', 'admin'], 404, NOT_A_SUPPORTER) },

  // a supporter ends their own access (supporter_end.c): supE's grant to A, which is given again after
  { m: 'GET', p: '/supporter/clients/{id}/end', params: { id: 'grantE' }, override: notTheirGrant },
  { m: 'POST', p: '/supporter/clients/{id}/end', params: { id: 'grantE' }, ok: '→/supporter?notice=access_ended',
    override: notTheirGrant, after: grantSupEAgain },

  // the self-assessment (assessment.c, assessment_result.c, assessment_history.c): anyone may take it;
  // the part and the check pages' hidden fields (version, organisation) are read by each actor
  { m: 'GET', p: '/assessment' },
  { m: 'GET', p: '/assessment/part/{n}', params: { n: 'part1' } },
  { m: 'POST', p: '/assessment/part/{n}', params: { n: 'part1' }, ok: '→/assessment/part/2',
    form: (a) => partForm(a, 1) },
  { m: 'GET', p: '/assessment/check' },
  // nobody has answered every item of the draft the rows above started: the page runs and refuses (422)
  { m: 'POST', p: '/assessment/submit', ok: (a) => (OWN_ROLE[a] || a === 'anon' ? 422 : 400),
    form: (a) => checkForm(a) },
  { m: 'GET', p: '/assessment/results/{id}', params: { id: 'resultA' },
    override: only(['anon', 'ownerB', 'supN', 'admin', 'disabled'], 404, RESULT_OF_A) },
  { m: 'GET', p: '/assessment/history' },
  { m: 'GET', p: '/assessment/history/{org}' },

  // the management self-check (management.c, management_result.c, management_history.c), as the
  // self-assessment: anyone may take it; results are for A's members and supporters with consent
  { m: 'GET', p: '/management' },
  { m: 'GET', p: '/management/part/{n}', params: { n: 'part1' } },
  { m: 'POST', p: '/management/part/{n}', params: { n: 'part1' }, ok: '→/management/part/2',
    form: (a) => managementForm(a, 1) },
  { m: 'GET', p: '/management/check' },
  // only directive 1 of the draft the rows above started is answered: the page runs and refuses (422)
  { m: 'POST', p: '/management/submit', ok: (a) => (OWN_ROLE[a] || a === 'anon' ? 422 : 400),
    form: (a) => managementCheckForm(a) },
  { m: 'GET', p: '/management/results/{id}', params: { id: 'managementA' },
    override: only(['anon', 'ownerB', 'supN', 'admin', 'disabled'], 404, MANAGEMENT_RESULT_OF_A) },
  { m: 'GET', p: '/management/history' },
  { m: 'GET', p: '/management/history/{org}' },

  // the security policy (policy_builder.c, policy_publish.c, policy_public.c); A's draft is complete.
  // /policy/edit sends members to their organisation's builder, others to /org
  { m: 'GET', p: '/policy/edit',
    ok: (a) => (a === 'ownerB' ? '→/policy/edit/{pidB}' : OWN_ROLE[a] ? '→/policy/edit/{pidA}' : '→/org') },
  { m: 'GET', p: '/policy/edit/{org}' },
  { m: 'GET', p: '/policy/edit/{org}/step/{step}', params: { step: 'preamble' } },
  { m: 'POST', p: '/policy/edit/{org}/step/{step}', params: { step: 'preamble' },
    ok: '→/policy/edit/{org}/step/preamble?notice=saved',
    form: (a) => ({ action: 'save', text: `前文です（${a}）。` }) },
  { m: 'GET', p: '/policy/edit/{org}/write' },
  { m: 'POST', p: '/policy/edit/{org}/write', ok: '→/policy/edit/{org}/write?notice=saved',
    form: (a) => ({
      lang: 'ja', preamble: `前文です（${a}）。`, commitment_1: '経営者が責任を持ちます。', commitment_2: '担当者を決めます。',
      commitment_3: '従業員を教育します。', commitment_4: '法令と契約を守ります。', commitment_5: '事故に対応し、再発を防ぎます。',
      established_on: '2026-04-01', organisation_name: '組織A', representative_title: '代表取締役', representative_name: '山田 太郎',
    }) },
  { m: 'GET', p: '/policy/edit/{org}/preview' },
  { m: 'POST', p: '/policy/edit/{org}/publish', ok: '→/policy/edit/{org}?notice=published' },
  { m: 'GET', p: '/policy/{org}' },
  { m: 'GET', p: '/policy/{org}/v/{number}', params: { number: 'one' } },
  { m: 'GET', p: '/policy/edit/{org}/external' },
  { m: 'POST', p: '/policy/edit/{org}/external', ok: '→/policy/edit/{org}?notice=external',
    form: () => ({ url: policySite.url('/policy.html') }) },
  { m: 'GET', p: '/policy/edit/{org}/unpublish' },
  { m: 'POST', p: '/policy/edit/{org}/unpublish', ok: '→/policy/edit/{org}?notice=unpublished' },

  // declarations (declaration_new.c, declaration.c): A and B have none yet; the steps keep the level in
  // the address; ownerB walks them for B
  { m: 'GET', p: '/declaration' },
  { m: 'GET', p: '/declaration/new' },
  { m: 'GET', p: '/declaration/new/level' },
  { m: 'POST', p: '/declaration/new/level', ok: '→/declaration/new/prerequisites?level=1', form: { level: '1' } },
  { m: 'GET', p: '/declaration/new/prerequisites', query: '?level=1' },
  { m: 'GET', p: '/declaration/new/pledge', query: '?level=1' },
  // A (and B) declare ★
  { m: 'POST', p: '/declaration/new', ok: '→/declaration/declared', form: { level: '1', ...PLEDGE },
    after: noteDeclarations },
  { m: 'GET', p: '/declaration/declared' },
  { m: 'GET', p: '/declaration/upgrade' },
  // ★★ needs a published policy, and A's was unpublished above: the page runs and refuses (422)
  { m: 'POST', p: '/declaration/upgrade', ok: 422 },
  { m: 'GET', p: '/declaration/details' },
  { m: 'POST', p: '/declaration/details', ok: '→/declaration?notice=no_change' },
  { m: 'GET', p: '/declaration/withdraw' },

  // verification (verify.c, verify_batch.c, badge.c, verify_declarants.c, api*.c), with A's declaration
  { m: 'GET', p: '/verify' },
  { m: 'GET', p: '/verify/batch' },
  // no file: the page runs and refuses (422)
  { m: 'POST', p: '/verify/batch', ok: 422 },
  { m: 'GET', p: '/verify/{id}', params: { id: 'declA' } },
  { m: 'GET', p: '/verify/{id}/{file}', params: { id: 'declA', file: 'markSvg' } },
  { m: 'GET', p: '/badge/{file}', params: { file: 'badgeA' } },
  { m: 'GET', p: '/declarants' },
  { m: 'GET', p: '/api/openapi.json' },
  { m: 'GET', p: '/api/v1/declarations' },
  // the API takes no session and no CSRF token: the disabled actor's POST is answered as anyone's
  { m: 'POST', p: '/api/v1/declarations/verify', ok: 200, json: () => ({ items: [{ id: ids.declA }] }) },
  { m: 'GET', p: '/api/v1/declarations/{id}', params: { id: 'declA' } },
  { m: 'GET', p: '/api/v1/declarants' },

  // administration (admin.c, admin_users.c, admin_orgs.c, admin_declarations.c); the victim is an
  // unconfirmed throwaway account
  { m: 'GET', p: '/admin' },
  { m: 'GET', p: '/admin/users' },
  { m: 'GET', p: '/admin/users/{id}', params: { id: 'victim' } },
  { m: 'POST', p: '/admin/users/{id}/disable', params: { id: 'victim' }, ok: '→/admin/users/{id}?notice=disabled',
    form: { disable_reason: 'authorisation matrix' } },
  { m: 'POST', p: '/admin/users/{id}/enable', params: { id: 'victim' }, ok: '→/admin/users/{id}?notice=enabled',
    form: { enable_reason: 'authorisation matrix' } },
  { m: 'GET', p: '/admin/users/{id}/resend', params: { id: 'victim' } },
  { m: 'POST', p: '/admin/users/{id}/resend', params: { id: 'victim' }, ok: '→/admin/users/{id}?notice=resent' },
  { m: 'GET', p: '/admin/organisations' },
  { m: 'GET', p: '/admin/organisations/{id}', params: { id: 'orgA' } },
  { m: 'GET', p: '/admin/audit' },
  { m: 'GET', p: '/admin/audit.csv' },
  { m: 'GET', p: '/admin/declarations' },
  { m: 'GET', p: '/admin/declarations/{id}', params: { id: 'declA' } },
  // A's declaration is not flagged: approving leaves it as it is
  { m: 'POST', p: '/admin/declarations/{id}/approve', params: { id: 'declA' },
    ok: '→/admin/declarations/{id}?notice=approved' },
  // a reason that is not one: the page runs and refuses (422), the declaration stays
  { m: 'POST', p: '/admin/declarations/{id}/revoke', params: { id: 'declA' }, ok: 422,
    form: { reason: 'not-a-reason', note: 'authorisation matrix' } },
  // a revoked declaration (put in by noteDeclarations) blocks declaring again; lifting needs a
  // reason: without one the page runs and refuses (422), and the block stays
  { m: 'GET', p: '/admin/declarations/{id}/lift-block', params: { id: 'declRevoked' } },
  { m: 'POST', p: '/admin/declarations/{id}/lift-block', params: { id: 'declRevoked' }, ok: 422,
    form: { reason: '' } },
  { m: 'GET', p: '/admin/welcome/{token}', params: BAD },

  // statistics (statistics.c, statistics_admin.c)
  { m: 'GET', p: '/statistics' },
  { m: 'GET', p: '/statistics/{file}', params: { file: 'levelsCsv' } },
  { m: 'GET', p: '/admin/statistics' },
  { m: 'GET', p: '/admin/statistics/{file}', params: { file: 'levelsCsv' } },
  // the open data the server wrote at start
  { m: 'GET', p: '/data' },
  { m: 'GET', p: '/data/{file}', params: { file: 'sums' } },
  // the one-click link of a reminder, with a token no reminder carried
  { m: 'GET', p: '/unsubscribe/{token}', params: BAD, ok: 410 },
  { m: 'POST', p: '/unsubscribe/{token}', params: BAD, ok: 410 },
  // the mail program's one-click button (RFC 8058): no CSRF token, the link's token is the proof
  { m: 'POST', p: '/unsubscribe/{token}/one-click', params: BAD, ok: 410, form: { 'List-Unsubscribe': 'One-Click' } },
  { m: 'POST', p: '/admin/welcome/{token}', params: BAD, ok: 410, form: { password: ADMIN_PASSWORD } },

  // the experts directory (experts.c, experts_profile.c, experts_admin.c): an empty profile form
  // is refused (422); nobody in the cast has a profile, so its delete page sends them to the form;
  // expertV is the victim's approved profile
  { m: 'GET', p: '/experts/profile' },
  { m: 'POST', p: '/experts/profile', ok: 422, form: {} },
  { m: 'GET', p: '/experts/profile/delete', ok: '→/experts/profile' },
  { m: 'POST', p: '/experts/profile/delete', ok: '→/experts/profile?notice=deleted' },
  { m: 'GET', p: '/experts' },
  { m: 'GET', p: '/experts/{id}', params: { id: 'expertV' } },
  { m: 'GET', p: '/admin/experts' },
  { m: 'GET', p: '/admin/experts/{id}', params: { id: 'expertV' } },
  { m: 'POST', p: '/admin/experts/{id}/approve', params: { id: 'expertV' },
    ok: '→/admin/experts/{id}?notice=approved' },
  { m: 'GET', p: '/admin/experts/{id}/reject', params: { id: 'expertV' } },
  { m: 'POST', p: '/admin/experts/{id}/reject', params: { id: 'expertV' }, ok: 422, form: { reason: '' } },

  // the service catalogue's listing side (catalogue_provider.c, catalogue_listing.c,
  // catalogue_admin.c, catalogue_import.c): A is an approved provider with listing svcA (its
  // version svcVersionA approved and live); B is no provider, so its members are sent to
  // /provider to apply; empty forms are refused (422); decisions on what is decided already
  // send the administrator back to the page
  { m: 'GET', p: '/provider' },
  { m: 'POST', p: '/provider/apply', ok: PROVIDER_A('→/provider', 422), form: {} },
  { m: 'GET', p: '/provider/services/new', ok: PROVIDER_A(200, '→/provider') },
  { m: 'POST', p: '/provider/services/new', ok: PROVIDER_A(422, '→/provider'), form: {} },
  { m: 'GET', p: '/provider/services/{id}', params: { id: 'svcA' }, ok: PROVIDER_A(200, '→/provider') },
  { m: 'POST', p: '/provider/services/{id}', params: { id: 'svcA' }, ok: PROVIDER_A(422, '→/provider'), form: {} },
  { m: 'GET', p: '/admin/services' },
  { m: 'POST', p: '/admin/services/import', ok: 422, form: { mode: 'check' } },
  { m: 'GET', p: '/admin/services/export.csv' },
  { m: 'GET', p: '/admin/services/export.json' },
  { m: 'GET', p: '/admin/services/providers/{id}', params: { id: 'providerA' } },
  { m: 'POST', p: '/admin/services/providers/{id}/approve', params: { id: 'providerA' },
    ok: '→/admin/services/providers/{id}' },
  // an approved application or version has no rejection to ask about: its page
  { m: 'GET', p: '/admin/services/providers/{id}/reject', params: { id: 'providerA' },
    ok: '→/admin/services/providers/{id}' },
  { m: 'POST', p: '/admin/services/providers/{id}/reject', params: { id: 'providerA' }, ok: 422, form: { reason: '' } },
  { m: 'GET', p: '/admin/services/versions/{id}', params: { id: 'svcVersionA' } },
  { m: 'POST', p: '/admin/services/versions/{id}/approve', params: { id: 'svcVersionA' },
    ok: '→/admin/services/versions/{id}' },
  { m: 'GET', p: '/admin/services/versions/{id}/reject', params: { id: 'svcVersionA' },
    ok: '→/admin/services/versions/{id}' },
  { m: 'POST', p: '/admin/services/versions/{id}/reject', params: { id: 'svcVersionA' }, ok: 422, form: { reason: '' } },
  // identity (identity_org.c, identity_admin.c): an empty number or code is refused (422); no
  // letter waits, so a batch finds none; batchX is an empty batch, claimX a case about A's number
  { m: 'GET', p: '/org/identity' },
  { m: 'POST', p: '/org/identity/letter', ok: 422, form: { corporate_number: '' } },
  { m: 'POST', p: '/org/identity/code', ok: 422, form: { code: '' } },
  { m: 'GET', p: '/admin/identity' },
  { m: 'POST', p: '/admin/identity/batches', ok: '→/admin/identity?notice=none_waiting' },
  { m: 'GET', p: '/admin/identity/batches/{id}/letters.pdf', params: { id: 'batchX' } },
  { m: 'GET', p: '/admin/identity/batches/{id}/posted', params: { id: 'batchX' } },
  { m: 'POST', p: '/admin/identity/batches/{id}/posted', params: { id: 'batchX' }, ok: '→/admin/identity?notice=posted' },
  { m: 'GET', p: '/admin/identity/claims/{id}', params: { id: 'claimX' } },
  { m: 'POST', p: '/admin/identity/claims/{id}/review', params: { id: 'claimX' }, ok: 422, form: { note: '' } },
  // finding services (services.c, services_listing.c, services_api.c): public reads of the live
  // listing svcA; a comparison that names no listing is refused (400)
  { m: 'GET', p: '/services' },
  { m: 'GET', p: '/services/compare', ok: 400 },
  { m: 'GET', p: '/services/{id}', params: { id: 'svcA' } },
  { m: 'GET', p: '/api/v1/services' },
  // consultations (consult_*.c, responder.c, desk.c): A's owner opened consA (with an attachment) and
  // consDel; only A's members read them (nobody is desk staff or A's responder here). Closing
  // (and reopening) twice changes nothing the second time: the member's request comes first.
  { m: 'GET', p: '/consultations' },
  { m: 'GET', p: '/consultations/new' },
  { m: 'POST', p: '/consultations/new', ok: 422, form: {} },
  { m: 'GET', p: '/consultations/export.json' },
  { m: 'GET', p: '/consultations/participating' },
  { m: 'GET', p: '/consultations/{id}', params: { id: 'consA' }, override: notConsultant(404) },
  { m: 'GET', p: '/consultations/{id}/attachments/{name}', params: { id: 'consA', name: 'attA' },
    override: notConsultant(404) },
  { m: 'POST', p: '/consultations/{id}/messages', params: { id: 'consA' }, ok: '→/consultations/{id}?notice=sent',
    form: { body: 'authorisation matrix' }, override: notConsultant(404) },
  { m: 'POST', p: '/consultations/{id}/close', params: { id: 'consA' },
    ok: (a) => (a === 'member' ? '→/consultations/{id}?notice=closed' : '→/consultations/{id}'), override: notConsultant(404) },
  { m: 'POST', p: '/consultations/{id}/reopen', params: { id: 'consA' },
    ok: (a) => (a === 'member' ? '→/consultations/{id}?notice=reopened' : '→/consultations/{id}'), override: notConsultant(404) },
  // open again: there is nothing to rate (409)
  { m: 'POST', p: '/consultations/{id}/rating', params: { id: 'consA' }, ok: 409, form: { rating: '4' },
    override: notConsultant(404) },
  // no supporter chosen: the page runs and refuses (422)
  { m: 'POST', p: '/consultations/{id}/participants', params: { id: 'consA' }, ok: 422, form: { supporter: '' },
    override: notConsultant(404) },
  // offered to nobody: only a responder it was offered to may take it, anyone else learns nothing (404)
  { m: 'POST', p: '/consultations/{id}/accept', params: { id: 'consA' }, ok: '→/consultations/{id}?notice=accepted',
    override: only(SIGNED_IN, 404, NOT_OFFERED) },
  // only desk staff assign and only the assigned responder refers: A's members see it but may not (403)
  { m: 'POST', p: '/consultations/{id}/assign', params: { id: 'consA' }, ok: '→/consultations/{id}?notice=assigned',
    form: { responder: '1' }, override: { ...notConsultant(404), ...only(['member', 'owner'], 403, NOT_DESK) } },
  { m: 'POST', p: '/consultations/{id}/refer', params: { id: 'consA' }, ok: '→/responder?notice=referred',
    form: { responder: '1' }, override: { ...notConsultant(404), ...only(['member', 'owner'], 403, NOT_RESPONDER) } },
  // deleting a firm's consultation is its owners' act (members 403)
  { m: 'GET', p: '/consultations/{id}/delete', params: { id: 'consA' },
    override: { ...notConsultant(404), ...only(['member'], 403, OWNERS_DELETE) } },
  { m: 'POST', p: '/consultations/{id}/delete', params: { id: 'consDel' }, ok: '→/consultations?notice=deleted',
    override: { ...notConsultant(404), ...only(['member'], 403, OWNERS_DELETE) } },
  // a supporter's responder page; others are sent to register as a supporter (303) and may not save (403);
  // supporters who choose nothing are refused (422)
  { m: 'GET', p: '/responder', ok: (a) => (a.startsWith('sup') ? 200 : '→/supporter') },
  { m: 'POST', p: '/responder', ok: 422, form: {},
    override: only(['member', 'owner', 'ownerB', 'admin'], 403, NOT_A_SUPPORTER) },
  // the desk's figures: desk staff and administrators
  { m: 'GET', p: '/desk', override: only(NOT_ADMIN, 404, NOT_DESK) },
  { m: 'GET', p: '/desk/figures.csv', override: only(NOT_ADMIN, 404, NOT_DESK) },
  { m: 'POST', p: '/admin/users/{id}/desk', params: { id: 'victim' }, ok: '→/admin/users/{id}?notice=desk_revoked',
    form: { desk: 'off' } },

  // communities and events (pages/events/, supporter_trainings.c): A's owner organises commA, whose
  // member is A's member; evA is coming (online, 1000 places), evPast a supporters' training that
  // supN attended (its record recA, shown publicly); commJ is an open community nobody is in.
  // Organisers' pages answer 403 to every other signed-in user (administrators may all).
  { m: 'GET', p: '/communities' },
  // administrators create communities; the address is no secret, so others signed in are told so (403)
  { m: 'GET', p: '/communities/new', override: only(NOT_ADMIN, 403, COMMUNITIES_BY_ADMINS) },
  { m: 'POST', p: '/communities/new', ok: 422, form: {}, override: only(NOT_ADMIN, 403, COMMUNITIES_BY_ADMINS) },
  { m: 'GET', p: '/communities/{id}', params: { id: 'commA' } },
  { m: 'GET', p: '/communities/{id}/events.ics', params: { id: 'commA' } },
  { m: 'GET', p: '/communities/{id}/members', params: { id: 'commA' }, override: notOrganiser(403, ['member']) },
  { m: 'POST', p: '/communities/{id}/join', params: { id: 'commJ' }, ok: '→/communities/{id}?notice=joined' },
  { m: 'GET', p: '/communities/{id}/leave', params: { id: 'commJ' } },
  { m: 'POST', p: '/communities/{id}/leave', params: { id: 'commJ' }, ok: '→/communities/{id}?notice=left' },
  // the victim asked to join commA: approving (again) and removing (again) end the same way
  { m: 'POST', p: '/communities/{id}/members/{user}/approve', params: { id: 'commA', user: 'victim' },
    ok: '→/communities/{id}/members?notice=approved', override: notOrganiser(403) },
  { m: 'GET', p: '/communities/{id}/members/{user}/remove', params: { id: 'commA', user: 'victim' },
    override: notOrganiser(403) },
  { m: 'POST', p: '/communities/{id}/members/{user}/remove', params: { id: 'commA', user: 'victim' },
    ok: '→/communities/{id}/members?notice=removed', override: notOrganiser(403) },
  { m: 'GET', p: '/communities/{id}/edit', params: { id: 'commA' }, override: notOrganiser(403) },
  { m: 'POST', p: '/communities/{id}/edit', params: { id: 'commA' }, ok: 422, form: {}, override: notOrganiser(403) },
  { m: 'POST', p: '/communities/{id}/organisers', params: { id: 'commA' }, ok: 422, form: { email: '' },
    override: notOrganiser(403) },
  { m: 'GET', p: '/communities/{id}/programmes/new', params: { id: 'commA' }, override: notOrganiser(403) },
  { m: 'POST', p: '/communities/{id}/programmes/new', params: { id: 'commA' }, ok: 422, form: {},
    override: notOrganiser(403) },
  { m: 'GET', p: '/communities/{id}/events/new', params: { id: 'commA' }, override: notOrganiser(403) },
  { m: 'POST', p: '/communities/{id}/events/new', params: { id: 'commA' }, ok: 422, form: {},
    override: notOrganiser(403) },
  { m: 'GET', p: '/events' },
  { m: 'GET', p: '/events.ics' },
  { m: 'GET', p: '/events/{id}', params: { id: 'evA' } },
  { m: 'GET', p: '/events/{id}.ics', params: { id: 'evA' } },
  { m: 'GET', p: '/events/{id}/edit', params: { id: 'evA' }, override: notOrganiser(403) },
  { m: 'POST', p: '/events/{id}/edit', params: { id: 'evA' }, ok: 422, form: {}, override: notOrganiser(403) },
  { m: 'POST', p: '/events/{id}/register', params: { id: 'evA' }, ok: '→/events/{id}?notice=registered' },
  { m: 'GET', p: '/events/{id}/cancel', params: { id: 'evA' } },
  { m: 'POST', p: '/events/{id}/cancel', params: { id: 'evA' }, ok: '→/events/{id}?notice=cancelled' },
  { m: 'GET', p: '/events/{id}/attendees', params: { id: 'evA' }, override: notOrganiser(403) },
  { m: 'GET', p: '/events/{id}/attendees.csv', params: { id: 'evA' }, override: notOrganiser(403) },
  // attendance is marked once the event has begun (409 before)
  { m: 'POST', p: '/events/{id}/attendance', params: { id: 'evA' }, ok: 409, override: notOrganiser(403) },
  { m: 'GET', p: '/events/{id}/message', params: { id: 'evA' }, override: notOrganiser(403) },
  { m: 'POST', p: '/events/{id}/message', params: { id: 'evA' }, ok: 422, form: {}, override: notOrganiser(403) },
  { m: 'POST', p: '/events/{id}/materials', params: { id: 'evA' }, ok: 422, override: notOrganiser(403) },
  { m: 'GET', p: '/events/{id}/materials/{name}', params: { id: 'evA', name: 'matA' } },
  { m: 'GET', p: '/events/{id}/materials/{name}/delete', params: { id: 'evA', name: 'matA' }, override: notOrganiser(403) },
  { m: 'POST', p: '/events/{id}/materials/{name}/delete', params: { id: 'evA', name: 'matA' },
    ok: '→/events/{id}?notice=material_deleted', override: notOrganiser(403) },
  { m: 'GET', p: '/supporters/{id}/trainings', params: { id: 'supNId' } },
  { m: 'GET', p: '/supporter/trainings' },
  { m: 'POST', p: '/supporter/trainings', ok: '→/supporter/trainings?notice=hidden', form: { shown: '0' } },
  { m: 'GET', p: '/trainings/{code}/certificate.pdf', params: { code: 'recA' },
    override: only(['member', 'ownerB', 'supR', 'supE'], 404, NOT_HOLDER) },
  { m: 'GET', p: '/events/{id}/certificates/{user}', params: { id: 'evPast', user: 'supNId' },
    ok: () => `→/trainings/${ids.recA}/certificate.pdf`, override: notOrganiser(403) },
  { m: 'GET', p: '/certificates/{code}', params: { code: 'recA' } },

  // news (news.c, news_feed.c, news_edit.c, news_digest.c): newsA is site news, newsC an
  // article of commA (organised by A's owner); an empty form is refused (422)
  { m: 'GET', p: '/news' },
  { m: 'GET', p: '/news/{slug}', params: { slug: 'newsSlug' } },
  { m: 'GET', p: '/news.atom' },
  { m: 'GET', p: '/communities/{id}/news.atom', params: { id: 'commA' } },
  { m: 'GET', p: '/admin/news' },
  { m: 'GET', p: '/admin/news/new' },
  { m: 'POST', p: '/admin/news/new', ok: 422, form: {} },
  { m: 'GET', p: '/admin/news/{id}', params: { id: 'newsA' } },
  { m: 'POST', p: '/admin/news/{id}', params: { id: 'newsA' }, ok: 422, form: {} },
  { m: 'GET', p: '/communities/{id}/news', params: { id: 'commA' }, override: notOrganiser(403) },
  { m: 'GET', p: '/communities/{id}/news/new', params: { id: 'commA' }, override: notOrganiser(403) },
  { m: 'POST', p: '/communities/{id}/news/new', params: { id: 'commA' }, ok: 422, form: {},
    override: notOrganiser(403) },
  { m: 'GET', p: '/communities/{id}/news/{article}', params: { id: 'commA', article: 'newsC' },
    override: notOrganiser(403) },
  { m: 'POST', p: '/communities/{id}/news/{article}', params: { id: 'commA', article: 'newsC' }, ok: 422, form: {},
    override: notOrganiser(403) },
  { m: 'GET', p: '/account/news-digest' },
  { m: 'POST', p: '/account/news-digest', ok: '→/account/news-digest?notice=off', form: {} },

  // A (and B) withdraw their declarations, after the rows that use them
  { m: 'POST', p: '/declaration/withdraw', ok: '→/declaration?notice=withdrawn' },

  // last (after the CSRF tests): everyone logs out
  { m: 'POST', p: '/logout', ok: '→/login?notice=logged_out', last: true },
];

// ---- the cast --------------------------------------------------------------------

let server;
let policySite; // where the external policy address points
const cast = {}; // actor name → Actor
const ids = { bogus: 'bogus-token-never-issued', oidcProvider: 'business-id', part1: '1', one: '1', preamble: 'preamble', markSvg: 'mark.svg', ransomware: 'ransomware', levelsCsv: 'levels.csv', sums: 'SHA256SUMS' }; // param key → value

const passwordOf = (actor) => (actor === 'admin' ? ADMIN_PASSWORD : PASSWORD);
const db = (sql) => sqlite(server.dbPath, sql);
const one = (sql) => db(sql)[0];
const userId = (email) => one(`SELECT id FROM "user" WHERE email = ${sqlString(email)}`);
const orgOf = (email) => one(`SELECT organisation_id FROM membership WHERE user_id = ${userId(email)}`);
const publicIdOf = (orgId) => one(`SELECT public_id FROM organisation WHERE id = ${orgId}`);

/** The value of a hidden field of a page. */
function hidden(html, name) {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  assert.ok(m, `no hidden field ${name}`);
  return m[1];
}

/** A Browser that keeps the CSRF token of its session (and forgets it when the session changes).
 *  A stale actor sends the session cookie it had, whatever the server says. */
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
    if (this.staleSession) this.cookies.set('mamori_session', this.staleSession);
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

/** Owner of an organisation invites email; resolves to the token from the mail. */
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

async function grant(owner, email, access) {
  const r = await owner.send('/org/supporters/grant', { supporter: email, access });
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
  assert.equal(login.headers.location, '/home');
  b.tokenPage = '/account';
  b.email = EMAIL.admin;
  return b;
}

/** A's owner answers every item and submits: a result of A. */
async function assessA() {
  for (const part of [1, 2, 3]) {
    const r = await cast.owner.send(`/assessment/part/${part}`, await partForm('owner', part));
    assert.equal(r.status, 303, `assessment part ${part}: ${r.status}`);
  }
  const r = await cast.owner.send('/assessment/submit', await checkForm('owner'));
  assert.equal(r.status, 303, `assessment submitted: ${r.status}`);
  ids.resultA = /^\/assessment\/results\/(\d+)$/.exec(r.headers.location)[1];
}

/** A's owner answers every question of the management self-check and submits: a result of A. */
async function manageA() {
  for (let d = 1; d <= MANAGEMENT_DIRECTIVES; d++) {
    const r = await cast.owner.send(`/management/part/${d}`, await managementForm('owner', d));
    assert.equal(r.status, 303, `management directive ${d}: ${r.status}`);
  }
  const r = await cast.owner.send('/management/submit', await managementCheckForm('owner'));
  assert.equal(r.status, 303, `management self-check submitted: ${r.status}`);
  ids.managementA = /^\/management\/results\/(\d+)$/.exec(r.headers.location)[1];
}

/** A's owner writes every section of the policy: the draft can be published. */
async function writePolicyA() {
  const base = `/policy/edit/${ids.pidA}`;
  for (const step of POLICY_STEPS) {
    const r = await cast.owner.send(`${base}/step/${step}`, { action: 'save', text: `${step}の本文です。` });
    assert.equal(r.status, 303, `policy step ${step}: ${r.status}`);
  }
  const r = await cast.owner.send(`${base}/step/footer`, {
    action: 'save', established_on: '2026-04-01', organisation_name: ORG_FORM.name,
    representative_title: ORG_FORM.representative_title, representative_name: ORG_FORM.representative_name, lang: 'ja',
  });
  assert.equal(r.status, 303, `policy footer: ${r.status}`);
}

/** The administrator disables `disabled`, who keeps its old cookie and token. */
async function disable() {
  const d = cast.disabled;
  await d.token();
  const r = await cast.admin.send(`/admin/users/${ids.disabledId}/disable`, { disable_reason: 'the disabled actor of the matrix' });
  assert.equal(r.status, 303, `disabling: ${r.status}`);
  d.staleSession = d.cookies.get('mamori_session');
  assert.ok(d.staleSession);
}

// `after` hooks: put back what a row took away, or note what it made.

async function removeSupNFromA() {
  const r = await cast.owner.send(`/org/members/${userId(EMAIL.supN)}/remove`);
  assert.equal(r.status, 303, 'supN removed from A again');
}

async function recreateOrgB() {
  const b = Object.assign(new Browser(server.port), { cookies: cast.ownerB.cookies });
  await createOrg(b, ORG_B_FORM);
  ids.pidB = publicIdOf(orgOf(EMAIL.ownerB));
}

async function grantSupEAgain() {
  await grant(cast.owner, EMAIL.supE, 'edit');
  ids.grantE = await linkId(cast.owner, '/org/supporters', EMAIL.supE);
}

async function bringMemberBack() {
  await accept(cast.member, await invite(cast.owner, EMAIL.member));
}

function noteDeclarations() {
  ids.declA = one(`SELECT public_id FROM declaration WHERE organisation_id = ${ids.orgA} AND status = 'active'`);
  assert.ok(ids.declA, 'A has declared');
  ids.badgeA = `${ids.declA}.svg`;
  ids.declRevoked = `4${String(process.pid % 1000000000).padStart(9, '0')}7`;
  db(`INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana, prefecture, industry, level, status, declared_at, changed_at)
      VALUES ('${ids.declRevoked}', NULL, '取消社', 'トリケシシャ', 13, 'E', 1, 'revoked', 1, 1)`);
}

async function buildCast() {
  policySite = await startPolicySite();
  server = await startServer({
    threads: 4,
    env: {
      MAMORI_VERIFY_RATE: '0',
      MAMORI_FETCH_ALLOW: POLICY_SITE_ALLOW,
      MAMORI_CONTACT_EMAIL: 'info@mamori.example.jp',
      // one OpenID Connect provider, down: nothing listens on port 9
      MAMORI_OIDC_INSECURE_LOOPBACK: '1',
      MAMORI_OIDC_ISSUER: 'http://127.0.0.1:9',
      MAMORI_OIDC_CLIENT_ID: 'authz',
      MAMORI_OIDC_CLIENT_SECRET: 'authz-secret',
    },
  });
  const names = ['owner', 'member', 'extra', 'disabled', 'ownerB', 'supN', 'supR', 'supE'];
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
    registerSupporter(cast.supN), registerSupporter(cast.supR), registerSupporter(cast.supE)]);
  const [memberToken, extraToken, disabledToken, supNToken] = await Promise.all([
    invite(cast.owner, EMAIL.member),
    invite(cast.owner, EMAIL.extra),
    invite(cast.owner, EMAIL.disabled),
    invite(cast.owner, EMAIL.supN),
    cast.owner.send('/org/invite', { email: EMAIL.pending, role: 'member' }),
    cast.ownerB.send('/org/invite', { email: EMAIL.pendingB, role: 'member' }),
  ]);
  await Promise.all([accept(cast.member, memberToken), accept(cast.extra, extraToken), accept(cast.disabled, disabledToken)]);
  await grant(cast.owner, EMAIL.supR, 'read');
  await grant(cast.owner, EMAIL.supE, 'edit');
  await grant(cast.ownerB, EMAIL.supR, 'read');

  ids.inviteSupN = supNToken;
  ids.memberA = userId(EMAIL.member);
  ids.extraA = userId(EMAIL.extra);
  ids.disabledId = userId(EMAIL.disabled);
  ids.ownerBId = userId(EMAIL.ownerB);
  ids.victim = userId(EMAIL.victim);
  ids.orgA = orgOf(EMAIL.owner);
  ids.pidA = publicIdOf(ids.orgA);
  ids.pidB = publicIdOf(orgOf(EMAIL.ownerB));
  const css = stylesheetUrl((await cast.anon.get('/')).text);
  assert.match(css ?? '', /^\/static\/[^/?]+$/, 'the stylesheet is a static file');
  ids.stylesheet = css.slice('/static/'.length);
  ids.invA = await linkId(cast.owner, '/org/invitations', EMAIL.pending);
  ids.invB = await linkId(cast.ownerB, '/org/invitations', EMAIL.pendingB);
  ids.grantA = await linkId(cast.owner, '/org/supporters', EMAIL.supR);
  ids.grantB = await linkId(cast.ownerB, '/org/supporters', EMAIL.supR);
  ids.grantE = await linkId(cast.owner, '/org/supporters', EMAIL.supE);
  ids.expertV = one(`INSERT INTO expert (user_id, name, kind, qualifications, prefectures, skills, languages,
    takes_consultations, status, consented_at, created_at, updated_at)
    VALUES (${ids.victim}, 'Expert V', 'other', 'none', 1, 1, 1, TRUE, 'approved', 1, 1, 1) RETURNING id`);
  ids.providerA = one(`INSERT INTO service_provider (organisation_id, company_name, corporate_number, address,
    contact_name, contact_email, status, created_at, updated_at)
    VALUES (${ids.orgA}, 'A', '7123456789012', 'A', 'A', 'a@a.example.jp', 'approved', 1, 1) RETURNING id`);
  ids.svcA = one(`INSERT INTO service (provider_id, kind, created_at, updated_at)
    VALUES (${ids.providerA}, 'it_product', 1, 1) RETURNING id`);
  ids.svcVersionA = one(`INSERT INTO service_version (service_id, number, status, name, prefectures, nationwide,
    on_site, price_min, price_max, price_unit, bundle_class, product_function, tag_items, languages, submitted_at,
    reviewed_at) VALUES (${ids.svcA}, 1, 'approved', 'Product A', 0, TRUE, FALSE, 0, 0, 'month', 0, 'checks', 1, 1, 1, 1)
    RETURNING id`);
  db(`UPDATE service SET live_version_id = ${ids.svcVersionA}, name = 'Product A' WHERE id = ${ids.svcA}`);
  ids.batchX = one('INSERT INTO identity_batch (created_at, letters) VALUES (1, 0) RETURNING id');
  ids.claimX = one(`INSERT INTO identity_claim (corporate_number, claimant_id, holder_id, claimant_name, holder_name,
    level, source, created_at) VALUES ('7123456789012', ${ids.orgA}, NULL, 'A', 'X', 'letter', 'letter:0', 1) RETURNING id`);
  await assessA();
  await manageA();
  await writePolicyA();
  await disable();
  await openConsultationsA();
  await eventsA();
  ids.newsSlug = 'matrix-news';
  ids.newsA = one(`INSERT INTO news_article (slug, title, summary, body, author_name, publish_at, created_at, changed_at)
    VALUES ('matrix-news', 'Matrix', 's', 'b', 'a', 1, 1, 1) RETURNING id`);
  ids.newsC = one(`INSERT INTO news_article (slug, community_id, title, summary, body, author_name, publish_at,
    created_at, changed_at) VALUES ('matrix-community-news', ${ids.commA}, 'C', 's', 'b', 'a', 1, 1, 1) RETURNING id`);

  // The cast is what it says.
  const role = (email) => one(`SELECT role FROM membership WHERE user_id = ${userId(email)}`);
  assert.equal(role(EMAIL.owner), 'owner');
  assert.equal(role(EMAIL.member), 'member');
  assert.equal(role(EMAIL.disabled), 'member');
  assert.equal(role(EMAIL.ownerB), 'owner');
  assert.notEqual(orgOf(EMAIL.ownerB), ids.orgA);
  assert.equal(orgOf(EMAIL.disabled), ids.orgA);
  for (const n of ['supN', 'supR', 'supE', 'admin']) assert.equal(role(EMAIL[n]), undefined, `${n} belongs to no organisation`);
  const grants = (n) => db(`SELECT organisation_id || ':' || access FROM supporter_grant
    WHERE supporter_user_id = ${userId(EMAIL[n])} AND revoked_at IS NULL ORDER BY organisation_id`);
  assert.deepEqual(grants('supN'), []);
  // A and B are founded at the same time, so either may have the lower id.
  assert.deepEqual(grants('supR').sort(), [`${ids.orgA}:read`, `${orgOf(EMAIL.ownerB)}:read`].sort());
  assert.deepEqual(grants('supE'), [`${ids.orgA}:edit`]);
  assert.equal(one(`SELECT CAST(is_admin AS integer) FROM "user" WHERE email = ${sqlString(EMAIL.admin)}`), '1');
  assert.notEqual(one(`SELECT disabled_at FROM "user" WHERE id = ${ids.disabledId}`), '');
}

/** commA organised by A's owner with A's member in it, commJ with nobody, evA coming with a
 * material, evPast a supporters' training supN attended (record recA, shown publicly). */
async function eventsA() {
  const now = Math.floor(Date.now() / 1000);
  ids.commA = one(`INSERT INTO community (name, prefectures, industry, description, join_policy, created_at, updated_at)
    VALUES ('Matrix community', 1, '', '', 'open', 1, 1) RETURNING id`);
  ids.commJ = one(`INSERT INTO community (name, prefectures, industry, description, join_policy, created_at, updated_at)
    VALUES ('Open community', 0, 'clinics', '', 'open', 1, 1) RETURNING id`);
  db(`INSERT INTO community_organiser (community_id, user_id, added_at) VALUES (${ids.commA}, ${userId(EMAIL.owner)}, 1)`);
  db(`INSERT INTO community_member (community_id, user_id, status, show_name, display_name, requested_at, joined_at)
    VALUES (${ids.commA}, ${ids.memberA}, 'active', TRUE, 'M', 1, 1)`);
  ids.evA = one(`INSERT INTO event (community_id, kind, title, starts_at, duration_minutes, online_url, capacity,
    registration_opens_at, registration_closes_at, audience, language, created_at, updated_at)
    VALUES (${ids.commA}, 'seminar', 'Matrix event', ${now + 30 * 86400}, 60, 'https://meet.example.jp/x', 1000, 1,
    ${now + 29 * 86400}, 'anyone', 'ja', 1, 1) RETURNING id`);
  ids.evPast = one(`INSERT INTO event (community_id, kind, title, starts_at, duration_minutes, place, capacity,
    registration_opens_at, registration_closes_at, audience, language, created_at, updated_at)
    VALUES (${ids.commA}, 'supporter_training', 'Matrix training', 1000000, 60, 'Tokyo', 10, 1, 1000000, 'supporters',
    'ja', 1, 1) RETURNING id`);
  ids.supNId = userId(EMAIL.supN);
  db(`INSERT INTO event_registration (event_id, user_id, status, registered_at, attended)
    VALUES (${ids.evPast}, ${ids.supNId}, 'confirmed', 1, TRUE)`);
  ids.recA = 'matrixcertificatecode';
  db(`INSERT INTO training_record (user_id, event_id, code, completed_at) VALUES (${ids.supNId}, ${ids.evPast}, '${ids.recA}', 1)`);
  db(`INSERT INTO training_public (user_id, chosen_at) VALUES (${ids.supNId}, 1)`);
  db(`INSERT INTO community_member (community_id, user_id, status, requested_at)
    VALUES (${ids.commA}, ${ids.victim}, 'pending', 1)`);
  const boundary = '----authzevents';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${await cast.owner.token()}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="a.txt"\r\n\r\nslides\r\n`),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  const r = await cast.owner.req('POST', `/events/${ids.evA}/materials`,
    { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(r.status, 303, `a material of evA: ${r.status}`);
  ids.matA = one(`SELECT name FROM event_material WHERE event_id = ${ids.evA}`);
}

/** A's owner opens two consultations, the first with a PNG attached. */
async function openConsultationsA() {
  const boundary = '----authzmatrix';
  const field = (k, v) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  const fields = { csrf: await cast.owner.token(), category: 'malware', urgency: 'now', prefecture: '23', question: 'matrix' };
  const body = Buffer.concat([
    Buffer.from(Object.entries(fields).map(([k, v]) => field(k, v)).join('')),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="a.png"\r\n\r\n`),
    Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await cast.owner.req('POST', '/consultations/new',
    { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(r.status, 303, `opening consA: ${r.status}`);
  ids.consA = /^\/consultations\/(\d+)\?/.exec(r.headers.location)[1];
  ids.attA = one(`SELECT name FROM consultation_attachment WHERE consultation_id = ${ids.consA}`);
  const d = await cast.owner.send('/consultations/new', { category: 'other', urgency: 'question', prefecture: '23', question: 'gone' });
  assert.equal(d.status, 303);
  ids.consDel = /^\/consultations\/(\d+)\?/.exec(d.headers.location)[1];
}

async function stopServer() {
  await policySite?.stop();
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
}

// ---- the route table and the cells ---------------------------------------------------

// The route table as the binary dispatches it (`mamori routes` prints
// the framework's own /static/{file} in front of the areas' tables), with
// the parameter types dropped ("{id:int}" → "{id}") to match the rows.
function routeTable() {
  const out = execFileSync(MAMORI_BIN, ['routes'], { encoding: 'utf8' });
  return out.trim().split('\n').map((line) => {
    const [method, pattern, right] = line.split('\t');
    return { method, pattern: pattern.replace(/\{(\w+):[^}]+\}/g, '{$1}'), right };
  });
}

const key = (m, p) => `${m} ${p}`;
const paramNames = (pattern) => [...pattern.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
const paramsOf = (row) => ({ ...DEFAULT_PARAMS, ...(row.params ?? {}) });

/** The answer of the page when the right is granted. */
function okFor(row, actor) {
  const ok = row.ok ?? (row.m === 'GET' ? 200 : undefined);
  return typeof ok === 'function' ? ok(actor === 'disabled' ? 'anon' : actor) : ok;
}

/** The computed cell (before overrides). */
function computed(row, right, actor) {
  const v = verdict(right, actor, row.m, row.p);
  return v === ALLOW ? okFor(row, actor) : v;
}

/** [cell, reason or ''] for actor. */
function cellOf(row, right, actor) {
  const o = row.override?.[actor];
  return o ? o : [computed(row, right, actor), ''];
}

const fill = (template, params) => template.replace(/\{(\w+)\}/g, (_, k) => {
  const name = params[k] ?? k;
  const v = ids[name];
  assert.ok(v !== undefined, `no value for {${k}} (ids.${name})`);
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

let rights; // key → right, from the binary

async function runRow(row) {
  const right = rights.get(key(row.m, row.p));
  assert.ok(right, `${key(row.m, row.p)} is not in the route table`);
  const params = paramsOf(row);
  const urlPath = fill(row.p, params) + (row.query ?? '');
  const cells = COLS.map((a) => cellOf(row, right, a));
  // refusals first, so an allowed request that changes something runs last
  const order = COLS.map((a, i) => i).sort((i, j) => isAllowed(cells[i][0]) - isAllowed(cells[j][0]));
  const wrong = [];
  try {
    for (const i of order) {
      const name = COLS[i];
      const actor = cast[name];
      let r;
      if (row.m === 'GET') r = await actor.get(urlPath);
      else if (row.json) {
        r = await actor.req('POST', urlPath, {
          body: JSON.stringify(row.json(name)), headers: { 'Content-Type': 'application/json' },
        });
      } else {
        const form = typeof row.form === 'function' ? await row.form(name) : (row.form ?? {});
        r = await actor.send(urlPath, form);
      }
      const [cell, reason] = cells[i];
      const problem = mismatch(cell, r, urlPath, params);
      if (problem) {
        wrong.push(`${name}: expected ${describeCell(cell)}${reason ? ` (override: ${reason})` : ` (right ${right})`}, got ${problem}`);
      }
    }
  } finally {
    if (row.after) await row.after();
  }
  assert.deepEqual(wrong, [], `${row.m} ${urlPath}`);
}

const rowName = (row) => {
  const params = Object.entries(row.params ?? {}).filter(([k]) => k !== 'token' || row.params.token !== 'bogus');
  return `${row.m} ${row.p}${row.query ?? ''}${params.length ? ` (${params.map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`;
};

// ---- the tests ---------------------------------------------------------------------

describe('the rows cover the route table', () => {
  const table = routeTable();
  const tableRights = new Map(table.map((r) => [key(r.method, r.pattern), r.right]));

  test('the table is printed once per route, the framework\'s static files first, as dispatch tries them', () => {
    const keys = table.map((r) => key(r.method, r.pattern));
    assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], 'routes printed twice');
    assert.deepEqual(table[0], { method: 'GET', pattern: '/static/{file}', right: 'public' });
  });

  test('every route of the table has a row, and every row a route', () => {
    assert.ok(table.length > 100, `found only ${table.length} routes; is the parsing still right?`);
    const inRows = new Set(ROWS.map((r) => key(r.m, r.p)));
    assert.deepEqual({
      'routes without a row (add one to ROWS: its parameters, what the page answers when allowed)':
        table.map((r) => key(r.method, r.pattern)).filter((k) => !inRows.has(k)),
      'rows (and their overrides) for routes the table does not have': [...inRows].filter((k) => !tableRights.has(k)),
    }, {
      'routes without a row (add one to ROWS: its parameters, what the page answers when allowed)': [],
      'rows (and their overrides) for routes the table does not have': [],
    });
  });

  test('every row can fill its parameters, says what the page answers, and overrides only what the right gets wrong', () => {
    const problems = [];
    for (const row of ROWS) {
      const label = rowName(row);
      const right = tableRights.get(key(row.m, row.p));
      if (!right) continue;
      const params = paramsOf(row);
      for (const name of paramNames(row.p)) {
        if (!(name in params)) problems.push(`${label}: no value for {${name}}`);
      }
      for (const a of COLS) {
        let v;
        try {
          v = computed(row, right, a);
        } catch (err) {
          problems.push(`${label}: ${err.message}`);
          continue;
        }
        if (v === undefined) problems.push(`${label}: no \`ok\` answer for ${a}`);
        if (verdict(right, a, row.m, row.p) === ALLOW && [403, 404, LOGIN].includes(v)) {
          problems.push(`${label}: a refusal (${v}) for ${a} is an override with its reason, not an \`ok\``);
        }
      }
      for (const [a, o] of Object.entries(row.override ?? {})) {
        if (!COLS.includes(a)) problems.push(`${label}: override for an unknown actor ${a}`);
        else if (!Array.isArray(o) || o.length !== 2 || typeof o[1] !== 'string' || o[1].length < 10) {
          problems.push(`${label}: the override for ${a} needs [cell, reason]`);
        } else if (o[0] === computed(row, right, a)) {
          problems.push(`${label}: the override for ${a} says what right ${right} already gives (${o[0]}): remove it`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});

// The guard above needs no server; everything below shares one.
describe('with the cast on one server', () => {
  before(async () => {
    rights = new Map(routeTable().map((r) => [key(r.method, r.pattern), r.right]));
    await buildCast();
  });
  after(stopServer);

  test('a disabled user’s old session cookie is deleted and counts as nobody', async () => {
    const r = await cast.disabled.get('/account');
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, `/login?next=${encodeURIComponent('/account')}`);
    const cleared = [].concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('mamori_session='));
    assert.match(cleared ?? '', /^mamori_session=;.*Max-Age=0/i, 'the cookie is cleared');
    assert.equal(one(`SELECT count(*) FROM session WHERE user_id = ${ids.disabledId}`), '0', 'no session left');
  });

  describe('route × actor', () => {
    for (const row of ROWS.filter((r) => !r.last)) test(rowName(row), () => runRow(row));
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
      assert.equal(one(`SELECT count(*) FROM "user" WHERE email = 'csrf-anon@example.jp'`), '0');
      assert.equal(one(`SELECT count(*) FROM outbox WHERE to_addr LIKE 'csrf-%'`), '0');
      assert.equal(cast.anon.cookies.has('mamori_session'), false, 'not signed in');
    });

    test('every signed-in actor: the profile, ending sessions and logging out', async () => {
      for (const a of COLS.filter((n) => n !== 'anon' && n !== 'disabled')) {
        await refused(a, '/account/profile', { name: `CSRF-${a}`, lang: 'en' });
        await refused(a, '/account/sessions', {});
        await refused(a, '/logout', {});
        assert.equal(one(`SELECT name || '/' || lang FROM "user" WHERE email = ${sqlString(EMAIL[a])}`), '/ja', `${a}: profile unchanged`);
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

    test('the policy and the declaration: saving a draft, publishing, declaring', async () => {
      const base = `/policy/edit/${ids.pidA}`;
      const draft = () => one(`SELECT preamble FROM policy_draft WHERE organisation_id = ${ids.orgA}`);
      const before = draft();
      await refused('supE', `${base}/step/preamble`, { action: 'save', text: 'CSRFの前文' });
      await refused('owner', `${base}/publish`, {});
      await refused('owner', '/declaration/new', { level: '1', ...PLEDGE });
      assert.equal(draft(), before, 'draft unchanged');
      assert.equal(one(`SELECT count(*) FROM policy_publication WHERE organisation_id = ${ids.orgA}`), '0');
      assert.equal(one(`SELECT count(*) FROM declaration WHERE organisation_id = ${ids.orgA} AND status = 'active'`), '0');
    });

    test('member: leaving; ownerB: deleting B; supporters: a new code; admin: disabling', async () => {
      await refused('member', '/org/leave', {});
      assert.equal(orgOf(EMAIL.member), ids.orgA);
      await refused('ownerB', '/org/delete', { confirm_name: ORG_B_FORM.name });
      assert.equal(one(`SELECT count(*) FROM membership WHERE user_id = ${ids.ownerBId}`), '1');
      for (const a of ['supN', 'supR', 'supE']) {
        const code = one(`SELECT code FROM supporter WHERE user_id = ${userId(EMAIL[a])}`);
        await refused(a, '/supporter/code', {});
        assert.equal(one(`SELECT code FROM supporter WHERE user_id = ${userId(EMAIL[a])}`), code, `${a}: code unchanged`);
      }
      await refused('admin', `/admin/users/${ids.victim}/disable`, { disable_reason: 'csrf' });
      await refused('admin', `/admin/users/${ids.memberA}/disable`, { disable_reason: 'csrf' });
      assert.deepEqual(db(`SELECT email FROM "user" WHERE disabled_at IS NOT NULL`), [EMAIL.disabled], 'only the disabled actor');
    });
  });

  describe('last', () => {
    for (const row of ROWS.filter((r) => r.last)) test(rowName(row), () => runRow(row));
  });
});
