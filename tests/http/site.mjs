// site.mjs — a mamori with its demo data and a cast of actors made through
// the real flows, and a crawl of what each of them can reach: what the
// tests that check every page (html.test.mjs for valid HTML,
// tests/e2e/axe_crawl.test.mjs for accessibility) visit.
//
// startSite() starts an OpenID Connect provider (tests/oidc/provider.mjs)
// and one server with the demo data (experts, consultations, providers
// and listings, communities and events, news) and, made through the real
// flows: an owner whose organisation has a submitted self-assessment, a
// management self-check, a published policy, a ★★ declaration, a
// consultation, and is an approved provider with a listing waiting for
// review; a beginner whose organisation is half-way (part of the
// assessment, a policy draft, a member and an invitation nobody accepted);
// a registered supporter, with an expert profile in review, whom the owner
// granted read access; an administrator, with two cases of a corporate
// number won back by a sign-in with OpenID Connect in the review queue
// (one reviewed already); and a linker: a visitor back from the provider
// with an identity whose address is an account's, its link waiting (by
// password, or by the link it had mailed). One site at a time.
//
// crawl() visits the site as one of them, or a plain visitor, in one
// language (the `lang` cookie): every same-origin <a href> and every local
// redirect is followed, except what signs out or leaves for another site
// (the start of a sign-in is fetched, its redirect to the provider is not
// followed; a download is fetched, not read), and MAX_PAGES in all. Of the
// links of one shape (the path with its numbers blanked and the names of
// its query) a page shows, the first, the last and one from the middle are
// followed, at most PER_SHAPE addresses of one shape in a crawl, so that a
// link broken only further down a list is found too. Each text/html answer
// is handed to the caller.

import assert from 'node:assert/strict';

import { runCli, assertNoSanitizerReports, sqlString, sqlite, startServer } from './helpers.mjs';
import { Browser, PASSWORD, createOrg, csrfOf, mailsTo, nextMail, signUp } from './org_client.mjs';
import { USERS, mamoriEnv, signInAtProvider, startProvider } from '../oidc/provider.mjs';

export const MAX_PAGES = 400; // per crawl: one actor in one language
export const PER_SHAPE = 3; // addresses crawled of one shape (/events/N, /news?page=): first, middle, last
const FETCHES_IN_FLIGHT = 4;

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
export const LISTING = {
  kind: 'support_bundle', name: 'ひかり見守りパック', description: '# 概要\n\n相談窓口と**監視**をひとつの契約で。',
  pref_23: '1', on_site: '1', price_unit: 'month', price_min: '9,800', bundle_class: '1', bundle_monthly_price: '9800',
  bundle_device_price: '1800', bundle_min_term_months: '12', content_help_desk: '1', detail_help_desk: '平日9時から18時',
  'tag_item-1': '1', 'tag_rule-1': '1', url: 'https://example.jp/pack', contact: '電話 052-123-4567',
  registration_number: 'SB-2026-101', lang_ja: '1',
};
const SUPPORTER_FORM = { kind: 'tax_accountant', prefecture: '13', organisation_name: 'みなと税理士事務所' };
const PLEDGE = { rule_1: 'yes', rule_2: 'yes', rule_3: 'yes', rule_4: 'yes', rule_5: 'yes', terms: 'yes' };
const POLICY_STEPS = ['preamble', 'commitment-1', 'commitment-2', 'commitment-3', 'commitment-4', 'commitment-5'];
export const OIDC_PROVIDER = 'gbiz';
export const LINK_PAGE = `/login/oidc/${OIDC_PROVIDER}/link`;
const NUMBER_TO_DROP = '9111111111111'; // an organisation made with it, then without a number
const ASSESSMENT_PARTS = { 1: [1, 5], 2: [6, 18], 3: [19, 25] }; // first and last item of each part
const MANAGEMENT_DIRECTIVES = 10; // four questions each

let op; // the OpenID Connect provider
let server;
const cast = {}; // actor name → Browser (anon has no session; linker neither, only an identity to link)
let starts; // the addresses every crawl starts from: '/' and pages no link leads to

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
export async function tokenMailed(email, prefix, send) {
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
export function sampledByShape(links) {
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
 * visitor) in lang, awaiting onPage(address, response) for each HTML
 * answer; resolves to { pages, broken, fetched }: the number of HTML
 * answers, every address fetched that answered 4xx although a page (or a
 * redirect) of the crawl led to it, as "address ← the first page that
 * linked it (status)", and the status of every address fetched. A start
 * that answers 4xx and that no page links is not broken: it is an error
 * page checked on purpose.
 */
export async function crawl(actor, lang, from, onPage) {
  const b = new Browser(server.port);
  if (actor) b.cookies = new Map(actor.cookies);
  b.cookies.set('lang', lang);
  const seen = new Set();
  const shapes = new Map();
  const queue = [];
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
    await onPage(address, r);
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
  return { pages, broken, fetched: statusOf };
}

// ---- the site ------------------------------------------------------------------

/**
 * Starts the provider and the server and makes the cast; resolves to
 * { server, cast, starts }: cast maps anon, linker, admin, owner,
 * beginner and supporter to a Browser (anon to null), starts lists the
 * addresses a crawl starts from: '/' and pages no link leads to.
 */
export async function startSite() {
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
  return { server, cast, starts };
}

/** Stops the server and the provider; resolves to the server's exit. */
export async function stopSite() {
  const exit = await server?.stop();
  await op?.stop();
  return exit;
}
