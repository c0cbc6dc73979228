// html.test.mjs — every page mamori serves is valid HTML, as the
// validators that check the site from outside would find it.
//
// One server with the demo data (experts, consultations, providers and
// listings, communities and events, news) and, made through the real
// flows: an owner whose organisation has a submitted self-assessment, a
// management self-check, a published policy, a ★★ declaration, a
// consultation, and is an approved provider with a listing waiting for
// review; a beginner whose organisation is half-way (part of the
// assessment, a policy draft, a member and an invitation nobody accepted);
// a registered supporter, with an expert profile in review, whom the owner
// granted read access; an administrator, with two cases of a corporate
// number won back by a sign-in with OpenID Connect in the review queue
// (one reviewed already); and a linker: a visitor back from the server's
// OpenID Connect provider (a real one, tests/oidc/provider.mjs) with an
// identity whose address is an account's, its link waiting (by password,
// or by the link it had mailed). Each of them, and a plain visitor, crawls
// the site in Japanese and in English (the `lang` cookie): every
// same-origin <a href> and every local redirect is followed, except what
// signs out or leaves for another site (the start of a sign-in is fetched,
// its redirect to the provider is not followed; a download is fetched, not
// read), and MAX_PAGES in all. Of the links of one shape (the path with
// its numbers blanked and the names of its query) a page shows, the first,
// the last and one from the middle are followed, at most PER_SHAPE
// addresses of one shape in a crawl, so that a link broken only further
// down a list is found too. Every text/html answer is checked with
// html-validate against the repository's .htmlvalidate.json (the HTML
// standard, not a style), and so are the pages of a link from a mail,
// forms sent back with errors (422) and the error pages (400, 403, 404,
// 405). A failure names each page with the rule, the message and the line.
// A link (or a redirect) the crawl followed, to a page or a download, that
// answers 4xx to the actor it was shown to is a broken link and fails the
// crawl, named with the page that showed it; the error pages above, and
// the 4xx answers of the addresses a crawl starts from (the linker's pages
// to anyone else, a callback without its sign-in), are the only 4xx
// checked on purpose.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { HtmlValidate } from 'html-validate';

import { REPO_ROOT, assertCleanExit, assertNoSanitizerReports, runCli, sqlString, sqlite, startServer } from './helpers.mjs';
import { Browser, PASSWORD, createOrg, csrfOf, mailsTo, nextMail, signUp } from './org_client.mjs';
import { USERS, mamoriEnv, signInAtProvider, startProvider } from '../oidc/provider.mjs';

const LANGS = ['ja', 'en'];
const MAX_PAGES = 400; // per crawl: one actor in one language
const PER_SHAPE = 3; // addresses crawled of one shape (/events/N, /news?page=): first, middle, last
const FETCHES_IN_FLIGHT = 4;
const CRAWL_TIMEOUT_MS = 120_000;

/** Addresses never fetched: signing out. */
const NOT_FETCHED = [/^\/logout\b/];

/** Files: fetched for their status, never read for links. */
const FILES = [
  /^\/static\//,
  /^\/badge\//,
  /^\/api\//,
  /\.(?:csv|json|pdf|ics|atom|svg|png|txt|zip)$/,
  /^\/(?:verify\/[^/]+|statistics|admin\/statistics|data|events\/\d+\/materials|consultations\/\d+\/attachments)\/[^/]+$/,
];

/** The owner's firm and the beginner's: not demo organisations. */
const ORG = { name: 'ひかり印刷有限会社', name_kana: 'ヒカリインサツ', corporate_number: '8180001034567' };
const BEGINNER_ORG = { name: 'つばめ商店', name_kana: 'ツバメショウテン', corporate_number: '7180001034568', employees: '3' };
const EXPERT_PROFILE = {
  name: 'みなと税理士 山田', kind: 'security_specialist', qualifications: '情報処理安全確保支援士 第012345号',
  introduction: '会計事務所の顧問先を支えます。', pref_13: '1', skill_fraud: '1', lang_ja: '1', takes_consultations: '1', consent: '1',
};
const APPLICATION = {
  company_name: ORG.name, corporate_number: ORG.corporate_number, address: '名古屋市中区丸の内1-2-3',
  contact_name: '桜 花子', contact_email: 'info@hikari.example.jp', contact_phone: '052-123-4567',
};
const LISTING = {
  kind: 'support_bundle', name: 'ひかり見守りパック', description: '# 概要\n\n相談窓口と**監視**をひとつの契約で。',
  pref_23: '1', on_site: '1', price_unit: 'month', price_min: '9,800', bundle_class: '1', bundle_monthly_price: '9800',
  bundle_device_price: '1800', bundle_min_term_months: '12', content_help_desk: '1', detail_help_desk: '平日9時から18時',
  'tag_item-1': '1', 'tag_rule-1': '1', url: 'https://example.jp/pack', contact: '電話 052-123-4567',
  registration_number: 'SB-2026-101', lang_ja: '1',
};
const SUPPORTER_FORM = { kind: 'tax_accountant', prefecture: '13', organisation_name: 'みなと税理士事務所' };
const PLEDGE = { rule_1: 'yes', rule_2: 'yes', rule_3: 'yes', rule_4: 'yes', rule_5: 'yes', terms: 'yes' };
const POLICY_STEPS = ['preamble', 'commitment-1', 'commitment-2', 'commitment-3', 'commitment-4', 'commitment-5'];
const OIDC_PROVIDER = 'gbiz';
const LINK_PAGE = `/login/oidc/${OIDC_PROVIDER}/link`;
const NUMBER_TO_DROP = '9111111111111'; // an organisation made with it, then without a number
const ASSESSMENT_PARTS = { 1: [1, 5], 2: [6, 18], 3: [19, 25] }; // first and last item of each part
const MANAGEMENT_DIRECTIVES = 10; // four questions each

const validator = new HtmlValidate(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, '.htmlvalidate.json'), 'utf8')));

let op; // the OpenID Connect provider
let server;
const cast = {}; // actor name → Browser (anon has no session; linker neither, only an identity to link)
let starts; // the addresses every crawl starts from: '/' and pages no link leads to
const validated = new Set(); // every address checked (with its status), over all tests

const db = (sql) => sqlite(server.dbPath, sql);
const one = (sql) => db(sql)[0];

/** The value of a hidden field of a page. */
function hidden(html, name) {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  assert.ok(m, `no hidden field ${name}`);
  return m[1];
}

// ---- the cast, through the real flows ------------------------------------------

async function makeAdmin() {
  const email = 'admin@example.jp';
  const r = runCli(['admin', 'create', '--email', email, '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
  assertNoSanitizerReports(r.stderr, 'admin create');
  assert.equal(r.status, 0, r.stderr);
  const b = new Browser(server.port);
  assert.equal((await b.submit(new URL(r.stdout.trim()).pathname, { password: PASSWORD })).status, 303, 'welcome link');
  assert.equal((await b.submit('/login', { email, password: PASSWORD, next: '' })).status, 303, 'administrator log-in');
  return b;
}

/** Answers every part of a questionnaire (assessment or management) and submits it. */
async function answerAndSubmit(b, area, parts, answersOf) {
  for (const part of parts) {
    const page = await b.get(`/${area}/part/${part}`);
    assert.equal(page.status, 200, `GET /${area}/part/${part}`);
    const form = { csrf: csrfOf(page.text), version: hidden(page.text, 'version'), org: hidden(page.text, 'org'), action: 'next' };
    const r = await b.req('POST', `/${area}/part/${part}`, { form: { ...form, ...answersOf(part) } });
    assert.equal(r.status, 303, `${area} part ${part}: ${r.status}`);
  }
  const check = await b.get(`/${area}/check`);
  const fields = Object.fromEntries(['submit_token', 'version', 'org'].map((n) => [n, hidden(check.text, n)]));
  const r = await b.req('POST', `/${area}/submit`, { form: { csrf: csrfOf(check.text), ...fields } });
  assert.equal(r.status, 303, `${area} submitted: ${r.status}`);
}

function assessmentAnswers(part) {
  const answers = {};
  const [first, last] = ASSESSMENT_PARTS[part];
  // one item of each part not done, so the result lists services for weak items
  for (let n = first; n <= last; n++) answers[`item-${n}`] = n === last ? 'not_done' : 'done';
  return answers;
}

function managementAnswers(d) {
  const answers = {};
  for (let n = 4 * d - 3; n <= 4 * d; n++) answers[`question-${n}`] = String(1 + (n % 4));
  return answers;
}

/** Writes every section of the policy and publishes it. */
async function publishPolicy(b, pid) {
  const base = `/policy/edit/${pid}`;
  for (const step of POLICY_STEPS) {
    const r = await b.submit(`${base}/step/${step}`, { action: 'save', text: `${step}の本文です。\n\n- 一つ目\n- 二つ目` });
    assert.equal(r.status, 303, `policy step ${step}: ${r.status}`);
  }
  const footer = await b.submit(`${base}/step/footer`, {
    action: 'save', established_on: '2026-04-01', organisation_name: ORG.name,
    representative_title: '代表取締役', representative_name: '桜 太郎', lang: 'ja',
  });
  assert.equal(footer.status, 303, `policy footer: ${footer.status}`);
  const r = await b.submit(`${base}/preview`, {}, `${base}/publish`);
  assert.equal(r.status, 303, `policy published: ${r.status}`);
}

/** Declares ★★ through the steps; resolves to the declaration's public id. */
async function declareTwoStars(b) {
  const pledge = await b.get('/declaration/new/pledge?level=2');
  assert.equal(pledge.status, 200, 'the ★★ pledge page');
  const r = await b.req('POST', '/declaration/new', { form: { csrf: csrfOf(pledge.text), level: '2', ...PLEDGE } });
  assert.equal(r.status, 303, `declaring ★★: ${r.status} ${r.text.slice(0, 300)}`);
  return one(`SELECT public_id FROM declaration WHERE organisation_id = ${b.orgId} AND status = 'active'`);
}

async function openConsultation(b) {
  const r = await b.submit('/consultations/new', { category: 'malware', urgency: 'now', prefecture: '23', question: '添付ファイルを開いてしまいました。' });
  assert.equal(r.status, 303, `opening a consultation: ${r.status}`);
}

/** The owner's organisation applies to be a provider, the administrator
 * approves it, and the owner sends a listing for review. */
async function becomeProvider(b, admin) {
  assert.equal((await b.submit('/provider', APPLICATION, '/provider/apply')).status, 303, 'applying as a provider');
  const id = one(`SELECT id FROM service_provider WHERE organisation_id = ${b.orgId}`);
  const page = await admin.get(`/admin/services/providers/${id}`);
  const ok = await admin.req('POST', `/admin/services/providers/${id}/approve`, { form: { csrf: csrfOf(page.text) } });
  assert.equal(ok.status, 303, `approving the provider: ${ok.status}`);
  const r = await b.submit('/provider/services/new', LISTING);
  assert.equal(r.status, 303, `a listing sent for review: ${r.status} ${r.text.slice(0, 300)}`);
}

/** The token of the first link to /PREFIX/TOKEN in the newest mail to email. */
async function tokenMailed(email, prefix, send) {
  const seen = mailsTo(server.tmpDir, email).length;
  await send();
  const mail = await nextMail(server.tmpDir, email, seen);
  return new RegExp(`/${prefix}/([A-Za-z0-9_-]+)`).exec(mail)[1];
}

async function makeOwner() {
  const b = await signUp(server, 'owner@hikari.example.jp');
  await createOrg(b, ORG);
  b.orgId = one(`SELECT organisation_id FROM membership m JOIN "user" u ON u.id = m.user_id WHERE u.email = ${sqlString(b.email)}`);
  b.pid = one(`SELECT public_id FROM organisation WHERE id = ${b.orgId}`);
  await answerAndSubmit(b, 'assessment', [1, 2, 3], assessmentAnswers);
  await answerAndSubmit(b, 'management', Array.from({ length: MANAGEMENT_DIRECTIVES }, (_, i) => i + 1), managementAnswers);
  await publishPolicy(b, b.pid);
  b.declaration = await declareTwoStars(b);
  await openConsultation(b);
  const community = one(`SELECT min(id) FROM community WHERE join_policy = 'open'`);
  assert.equal((await b.submit(`/communities/${community}`, {}, `/communities/${community}/join`)).status, 303, 'joining a community');
  return b;
}

/** An owner half-way: part 1 of the assessment, a policy draft, a member, an invitation not accepted. */
async function makeBeginner() {
  const b = await signUp(server, 'owner@tsubame.example.jp');
  await createOrg(b, BEGINNER_ORG);
  const pid = one(`SELECT o.public_id FROM organisation o JOIN membership m ON m.organisation_id = o.id
    JOIN "user" u ON u.id = m.user_id WHERE u.email = ${sqlString(b.email)}`);
  const page = await b.get('/assessment/part/1');
  const form = { csrf: csrfOf(page.text), version: hidden(page.text, 'version'), org: hidden(page.text, 'org'), action: 'next' };
  assert.equal((await b.req('POST', '/assessment/part/1', { form: { ...form, ...assessmentAnswers(1) } })).status, 303);
  const step = await b.submit(`/policy/edit/${pid}/step/preamble`, { action: 'save', text: '下書きです。' });
  assert.equal(step.status, 303, `a policy draft: ${step.status}`);
  const invite = (email) => tokenMailed(email, 'invite',
    async () => assert.equal((await b.submit('/org/invite', { email, role: 'member' })).status, 303, `inviting ${email}`));
  const clerk = await signUp(server, 'clerk@tsubame.example.jp');
  const accepted = await clerk.submit(`/invite/${await invite(clerk.email)}`, {});
  assert.equal(accepted.status, 303, `the clerk accepts: ${accepted.status}`);
  b.invitation = await invite('part-timer@tsubame.example.jp');
  return b;
}

async function makeSupporter(owner) {
  const b = await signUp(server, 'read@supporter.example.jp');
  assert.equal((await b.submit('/supporter', SUPPORTER_FORM)).status, 303, 'registering as a supporter');
  const r = await owner.submit('/org', { supporter: b.email, access: 'read' }, '/org/supporters/grant');
  assert.equal(r.status, 303, `granting read access: ${r.status}`);
  const profile = await b.submit('/experts/profile', EXPERT_PROFILE);
  assert.equal(profile.status, 303, `an expert profile waiting for review: ${profile.status}`);
  return b;
}

// ---- signing in with OpenID Connect ---------------------------------------------

/** Signs in to mamori in b as login at the provider; mamori's answer to the callback. */
async function signInWithProvider(b, login) {
  const start = await b.get(`/login/oidc/${OIDC_PROVIDER}`);
  assert.equal(start.status, 303, `the start of a sign-in: ${start.status}`);
  const callback = new URL(await signInAtProvider(start.headers.location, login));
  return b.get(`${callback.pathname}${callback.search}`);
}

/** A visitor back from the provider with the identity of `linker`, whose
 * address is an account's: its link waits, and a link to confirm it was
 * mailed. The mailed token is in b.linkToken. */
async function makeWaitingVisitor() {
  const email = USERS.linker.email;
  await signUp(server, email);
  const b = new Browser(server.port);
  const r = await signInWithProvider(b, 'linker');
  assert.equal(r.headers.location, LINK_PAGE, `back from the provider: ${r.status}`);
  b.linkToken = await tokenMailed(email, LINK_PAGE.slice(1), async () => {
    const sent = await b.submit(LINK_PAGE, {}, `${LINK_PAGE}/mail`);
    assert.equal(sent.status, 303, `the link mailed: ${sent.status}`);
  });
  return b;
}

/** The case of a corporate number won back: while an unverified
 * organisation holds the number of login's claims, login makes an
 * organisation without a number, then signs in with the provider, which
 * moves the number to it. Resolves to the claim's id. */
async function winNumberBack(login) {
  const { corporate_number: number } = USERS[login];
  const real = new Browser(server.port);
  assert.equal((await signInWithProvider(real, login)).status, 303, `${login} signs in`);
  await createOrg(real, { corporate_number: NUMBER_TO_DROP, name: `${USERS[login].name}の会社` });
  db(`UPDATE organisation SET corporate_number = '' WHERE corporate_number = '${NUMBER_TO_DROP}'`);
  assert.equal((await signInWithProvider(new Browser(server.port), login)).status, 303, `${login} signs in again`);
  return one(`SELECT id FROM identity_claim WHERE corporate_number = '${number}'`);
}

/** Two cases waiting for the administrators, the first reviewed already. */
async function makeClaims(admin) {
  const squatter = await signUp(server, 'squatter@example.jp');
  const squatted = { corporate_number: USERS['owner-squat'].corporate_number, name: '横取り商事株式会社', name_kana: 'ヨコドリショウジ' };
  await createOrg(squatter, squatted);
  const reviewed = await winNumberBack('owner-squat');
  await winNumberBack('owner-sakura'); // from the demo organisation that holds the number
  const claim = `/admin/identity/claims/${reviewed}`;
  const r = await admin.submit(claim, { note: '登記簿で本店所在地を確認した' }, `${claim}/review`);
  assert.equal(r.status, 303, `the claim reviewed: ${r.status}`);
}

// ---- validating -----------------------------------------------------------------

/** One line per message of html-validate: "label line:col rule: message". */
async function findings(html, label) {
  validated.add(label);
  const report = await validator.validateString(html, label);
  return report.results.flatMap((res) =>
    res.messages.map((m) => `${label} line ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}

function assertNoFindings(lines, what) {
  const shown = lines.slice(0, 60).join('\n');
  const more = lines.length > 60 ? `\n… and ${lines.length - 60} more` : '';
  assert.equal(lines.length, 0, `${what}: ${lines.length} HTML validity findings:\n${shown}${more}`);
}

// ---- crawling -------------------------------------------------------------------

/** The shape of an address: its path with the numbers blanked, and the names of its query. */
function shapeOf(address) {
  const u = new URL(address, 'http://x');
  const names = [...new Set(u.searchParams.keys())].sort().join('&');
  return `${u.pathname.replace(/\d+/g, 'N')}?${names}`;
}

/** The local address an href or a Location names (no fragment, no ?lang=), or null. */
function localAddress(ref, from) {
  let u;
  try {
    u = new URL(ref.replace(/&amp;/g, '&'), `${server.url}${from}`);
  } catch {
    return null;
  }
  if (u.origin !== server.url) return null;
  u.searchParams.delete('lang'); // the language switch: each crawl keeps its language
  const address = `${u.pathname}${u.search}`;
  return NOT_FETCHED.some((re) => re.test(u.pathname)) ? null : address;
}

/** Whether address is a file: its status counts, its text is not read. */
function isFile(address) {
  const { pathname } = new URL(address, 'http://x');
  return FILES.some((re) => re.test(pathname));
}

/**
 * Of a page's links, those the crawl follows: of the links of one shape,
 * all when there are PER_SHAPE or fewer, else the first, the last and
 * PER_SHAPE - 2 spread evenly between (in that order, so that a shape with
 * less room left in the crawl keeps both ends of its list).
 */
function sampledByShape(links) {
  const byShape = new Map();
  for (const a of new Set(links)) {
    const shape = shapeOf(a);
    if (!byShape.has(shape)) byShape.set(shape, []);
    byShape.get(shape).push(a);
  }
  return [...byShape.values()].flatMap(endsAndBetween);
}

function endsAndBetween(list) {
  if (list.length <= PER_SHAPE) return list;
  const last = list.length - 1;
  const between = Array.from({ length: PER_SHAPE - 2 }, (_, i) => list[Math.round(((i + 1) * last) / (PER_SHAPE - 1))]);
  return [list[0], list[last], ...between];
}

function linksOf(html, from) {
  const out = [];
  for (const m of html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)) {
    const a = localAddress(m[1], from);
    if (a) out.push(a);
  }
  return out;
}

/**
 * Crawls from the addresses `from` as actor (a Browser, or null for a
 * visitor) in lang; resolves to { pages, lines, broken, fetched }: the
 * number of HTML answers checked, every finding, every address fetched
 * that answered 4xx although a page (or a redirect) of the crawl led to
 * it, as "address ← the first page that linked it (status)", and the
 * status of every address fetched. A start that answers 4xx and that no
 * page links is not broken: it is an error page validated on purpose.
 */
async function crawl(actor, lang, from) {
  const b = new Browser(server.port);
  if (actor) b.cookies = new Map(actor.cookies);
  b.cookies.set('lang', lang);
  const seen = new Set();
  const shapes = new Map();
  const queue = [];
  const lines = [];
  const statusOf = new Map(); // address fetched → its status
  const linkedFrom = new Map(); // address → the first page that linked it
  let pages = 0;
  const follow = (address, from) => {
    // a page's link to itself (its language switch, with ?lang= dropped) leads nowhere new
    if (address !== from && !linkedFrom.has(address)) linkedFrom.set(address, from);
    enqueue(address);
  };
  const enqueue = (address) => {
    if (seen.has(address) || seen.size >= MAX_PAGES) return;
    const shape = shapeOf(address);
    if ((shapes.get(shape) ?? 0) >= PER_SHAPE) return;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    seen.add(address);
    queue.push(address);
  };
  const visit = async (address) => {
    const r = await b.get(address);
    assert.ok(r.status < 500, `GET ${address}: ${r.status}`);
    statusOf.set(address, r.status);
    if (r.status >= 300 && r.status < 400) {
      const next = r.headers.location && localAddress(r.headers.location, address);
      if (next) follow(next, `${address} (redirect)`);
      return;
    }
    if (isFile(address) || !/^text\/html\b/.test(r.headers['content-type'] ?? '')) return;
    pages++;
    lines.push(...(await findings(r.text, `${address} (${r.status})`)));
    for (const a of sampledByShape(linksOf(r.text, address))) follow(a, address);
  };
  for (const address of from) enqueue(localAddress(address, '/'));
  const worker = async () => {
    while (queue.length) await visit(queue.shift());
  };
  // a worker stops when it finds the queue empty while others still fetch:
  // start them again for what those fetches queued
  while (queue.length) await Promise.all(Array.from({ length: FETCHES_IN_FLIGHT }, worker));
  const signedIn = Boolean(actor?.cookies.has('mamori_session'));
  assert.equal(b.cookies.has('mamori_session'), signedIn, 'the crawl kept its session (or stayed signed out)');
  const broken = [...statusOf]
    .filter(([address, status]) => status >= 400 && linkedFrom.has(address))
    .map(([address, status]) => `${address} ← ${linkedFrom.get(address)} (${status})`);
  return { pages, lines, broken, fetched: statusOf };
}

/** The visitor's crawl followed the log-in page's button to the provider
 * (its redirect leaves the site: not followed further). */
function assertSignInStarted(fetched) {
  const starts = [...fetched].filter(([a]) => a.startsWith(`/login/oidc/${OIDC_PROVIDER}?`));
  assert.ok(starts.length > 0, 'no sign-in with the provider started from a page');
  for (const [address, status] of starts) assert.equal(status, 303, `${address}: ${status}`);
}

/** The linker's crawl saw the pages of its waiting link. */
function assertLinkPagesSeen(fetched) {
  assert.equal(fetched.get(LINK_PAGE), 200, 'the waiting link page');
  assert.equal(fetched.get(`${LINK_PAGE}?sent=1`), 200, 'the waiting link page, its mail sent');
  assert.equal(fetched.get(`${LINK_PAGE}/${cast.linker.linkToken}`), 200, 'the page of the mailed link');
}

// ---- the tests ------------------------------------------------------------------

before(async () => {
  // the site's contact address set, so that the footer, /help and the
  // error pages are checked with it; and sign-in with OpenID Connect
  op = await startProvider();
  server = await startServer({
    seed: true,
    threads: 4,
    env: {
      MAMORI_VERIFY_RATE: '0',
      MAMORI_CONTACT_EMAIL: "o'brien&co+desk@example.jp",
      ...mamoriEnv(op.issuer),
      MAMORI_OIDC_PROVIDERS: OIDC_PROVIDER,
    },
  });
  cast.anon = null;
  cast.linker = await makeWaitingVisitor();
  cast.admin = await makeAdmin();
  await makeClaims(cast.admin);
  cast.owner = await makeOwner();
  await becomeProvider(cast.owner, cast.admin);
  cast.beginner = await makeBeginner();
  cast.supporter = await makeSupporter(cast.owner);
  const unconfirmed = await new Browser(server.port).submit('/signup', { email: 'unconfirmed@example.jp', password: PASSWORD });
  assert.equal(unconfirmed.status, 303, 'a sign-up never confirmed');
  const { pid, declaration } = cast.owner;
  // a demo supporter shows their training record publicly (its accounts cannot sign in to choose it)
  const [trainee, training, code] = one('SELECT user_id, event_id, code FROM training_record ORDER BY id LIMIT 1').split('|');
  db(`INSERT INTO training_public (user_id, chosen_at) VALUES (${trainee}, 1)`);
  const coming = one(`SELECT min(id) FROM event WHERE starts_at > ${Math.floor(Date.now() / 1000)}`);
  starts = [
    '/', '/home', '/account', '/verify', `/verify/${declaration}`, `/policy/${pid}`, '/declarants?q=ひかり',
    '/services?q=監視', '/experts', '/events', '/communities', '/news', '/help', '/admin', '/supporter', '/desk',
    '/provider', '/declaration/new', '/declaration/new/level', '/declaration/new/prerequisites?level=2',
    '/declaration/new/pledge?level=1', '/declaration/upgrade', '/declaration/details', '/assessment/check',
    '/management/check', '/declaration/declared', '/signup/sent', '/password/forgot/sent', '/account/email/sent',
    `/admin/services/providers/${one('SELECT max(id) FROM service_provider')}`,
    `/admin/users/${one(`SELECT id FROM "user" WHERE email = 'unconfirmed@example.jp'`)}/resend`,
    `/supporters/${trainee}/trainings`, `/events/${training}/certificates/${trainee}`, `/certificates/${code}`,
    `/events/${coming}/cancel`, LINK_PAGE, `${LINK_PAGE}?sent=1`, `${LINK_PAGE}/${cast.linker.linkToken}`,
    `/login/oidc/${OIDC_PROVIDER}/callback`,
  ];
});

after(async () => {
  if (server) assertCleanExit(await server.stop(), 'mamori serve');
  await op?.stop();
  console.log(`html.test: ${validated.size} distinct addresses validated`);
});

describe('the crawl', () => {
  test('of the links of one shape a page shows, it follows the first, the last and one from the middle', () => {
    const events = Array.from({ length: 9 }, (_, i) => `/events/${i + 1}`);
    assert.deepEqual(sampledByShape(['/news', ...events, '/help']), ['/news', '/events/1', '/events/9', '/events/5', '/help']);
    assert.deepEqual(sampledByShape(['/events/1', '/events/2', '/events/1']), ['/events/1', '/events/2'], 'a short list whole, once');
  });
});

describe('every page crawled is valid HTML, and no link it shows is broken', () => {
  for (const actor of ['anon', 'linker', 'owner', 'beginner', 'supporter', 'admin']) {
    for (const lang of LANGS) {
      test(`as ${actor} in ${lang}`, { timeout: CRAWL_TIMEOUT_MS }, async (t) => {
        const { pages, lines, broken, fetched } = await crawl(cast[actor], lang, starts);
        t.diagnostic(`${pages} pages`);
        assert.ok(pages >= 20, `only ${pages} pages crawled as ${actor} in ${lang}`);
        assertNoFindings(lines, `${pages} pages as ${actor} in ${lang}`);
        assert.deepEqual(broken, [], `links shown to ${actor} in ${lang} that answer 4xx:\n${broken.join('\n')}`);
        if (actor === 'anon') assertSignInStarted(fetched);
        if (actor === 'linker') assertLinkPagesSeen(fetched);
      });
    }
  }
});

describe('error pages are valid HTML', () => {
  const ERRORS = [
    { status: 404, what: 'an unknown address', send: (b) => b.get('/no-such-page') },
    { status: 404, what: 'an unknown declaration', send: (b) => b.get('/verify/00000000000') },
    { status: 400, what: 'a page number that is not a number', send: (b) => b.get('/declarants?page=x') },
    { status: 403, what: 'a form sent without its token', send: (b) => b.req('POST', '/login', { form: { email: 'a@example.jp' } }) },
    { status: 405, what: 'a POST to a page that is only read', send: (b) => b.req('POST', '/rules') },
  ];
  for (const lang of LANGS) {
    for (const e of ERRORS) {
      test(`${e.status} for ${e.what} in ${lang}`, async () => {
        const b = new Browser(server.port);
        b.cookies.set('lang', lang);
        const r = await e.send(b);
        assert.equal(r.status, e.status, `${e.what}: ${r.text.slice(0, 300)}`);
        assert.match(r.headers['content-type'] ?? '', /^text\/html\b/);
        assertNoFindings(await findings(r.text, `${e.status} page`), `${e.what} in ${lang}`);
      });
    }
  }
});

describe('pages of a link from a mail are valid HTML', () => {
  const LINKS = [
    { what: 'an invitation, to someone else signed in', as: 'supporter', address: () => `/invite/${cast.beginner.invitation}` },
    {
      what: 'the confirmation of a sign-up',
      as: 'anon',
      address: () => tokenMailed('new@example.jp', 'confirm', async () =>
        assert.equal((await new Browser(server.port).submit('/signup', { email: 'new@example.jp', password: PASSWORD })).status, 303)),
    },
    {
      what: 'a password reset',
      as: 'anon',
      address: () => tokenMailed(cast.supporter.email, 'password/reset', async () =>
        assert.equal((await new Browser(server.port).submit('/password/forgot', { email: cast.supporter.email })).status, 303)),
    },
    {
      what: 'the confirmation of a new e-mail address',
      as: 'beginner',
      address: () => tokenMailed('new-owner@tsubame.example.jp', 'account/email/confirm', async () => {
        const r = await cast.beginner.submit('/account/email', { email: 'new-owner@tsubame.example.jp', current_password: PASSWORD });
        assert.equal(r.status, 303, `asking for a new address: ${r.status}`);
      }),
    },
    {
      what: 'the welcome of a new administrator',
      as: 'anon',
      address: () => {
        const r = runCli(['admin', 'create', '--email', 'second-admin@example.jp', '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
        assert.equal(r.status, 0, r.stderr);
        return new URL(r.stdout.trim()).pathname;
      },
    },
    { what: 'an invitation that was never sent', as: 'supporter', address: () => '/invite/never-sent' },
    { what: 'a confirmation that was never sent', as: 'anon', address: () => '/confirm/never-sent' },
    { what: 'a password reset that was never sent', as: 'anon', address: () => '/password/reset/never-sent' },
    { what: 'an unsubscription that was never sent', as: 'anon', address: () => '/unsubscribe/never-sent' },
  ];
  for (const l of LINKS) {
    test(l.what, async () => {
      const address = await l.address();
      for (const lang of LANGS) {
        const b = new Browser(server.port);
        if (cast[l.as]) b.cookies = new Map(cast[l.as].cookies);
        b.cookies.set('lang', lang);
        const r = await b.get(address);
        assert.match(r.headers['content-type'] ?? '', /^text\/html\b/, `${address}: ${r.status}`);
        assertNoFindings(await findings(r.text, `${address} (${r.status})`), `${l.what} in ${lang}`);
      }
    });
  }
});

describe('forms sent back with their errors are valid HTML', () => {
  const FORMS = [
    { as: 'anon', page: '/signup', fields: { email: 'not an address', password: 'short' } },
    { as: 'anon', page: '/login', fields: { email: 'nobody@example.jp', password: 'wrong password', next: '' } },
    { as: 'anon', page: '/password/forgot', fields: { email: '' } },
    { as: 'beginner', page: '/org/edit', fields: { name: '', corporate_number: '123', postal_code: 'x', prefecture: '99' } },
    { as: 'beginner', page: '/org/invite', fields: { email: 'not an address', role: 'member' } },
    { as: 'beginner', page: '/declaration/new/level', fields: {} },
    { as: 'owner', page: '/provider/services/new', fields: { ...LISTING, price_min: 'abc', pref_23: '', lang_ja: '' } },
    { as: 'owner', page: '/consultations/new', fields: { category: '', urgency: '', question: '' } },
    { as: 'owner', page: '/account/password', fields: { current_password: 'wrong', password: 'short' } },
    { as: 'supporter', page: '/experts/profile', fields: { name: '' } },
    { as: 'supporter', page: '/org/new', fields: { name: '', corporate_number: '123' } },
    { as: 'admin', page: '/admin/news/new', fields: { title: '', slug: 'Not A Slug' } },
    { as: 'admin', page: '/communities/new', fields: { name: '' } },
  ];
  for (const f of FORMS) {
    test(`${f.page} as ${f.as}`, async () => {
      for (const lang of LANGS) {
        const b = new Browser(server.port);
        if (cast[f.as]) b.cookies = new Map(cast[f.as].cookies);
        b.cookies.set('lang', lang);
        const r = await b.submit(f.page, f.fields);
        assert.equal(r.status, 422, `${f.page}: the form was not sent back with its errors`);
        assert.match(r.headers['content-type'] ?? '', /^text\/html\b/);
        assertNoFindings(await findings(r.text, `POST ${f.page} (${r.status})`), `${f.page} sent back in ${lang}`);
      }
    });
  }
});
