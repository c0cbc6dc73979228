// events.test.mjs — communities and events over real HTTP: an
// administrator creates a community and names its organiser, who adds a
// co-organiser; people join (openly, or by a request an organiser
// approves) and choose whether members see their name; an organiser
// announces an online event whose link only those holding a place see;
// registration mails a calendar file, a full event puts people on the
// waiting list, a cancellation moves the first of them up (with a mail);
// the calendar files follow RFC 5545; organisers export attendees (CSV
// with a BOM), mark attendance (which becomes a supporter's training
// record with a certificate and a public verification page) and message
// everyone; the rights of organiser, co-organiser, member, outsider and
// administrator; 50 simultaneous registrations for the last 10 places
// never overbook; the reminder the day before goes once.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertCleanExit, makeTmpDir, newDatabase, sqlite, startServer, waitFor } from './helpers.mjs';
import { Browser, PASSWORD, createOrg, csrfOf, mailsTo, signUp } from './org_client.mjs';

const ONLINE = 'https://meet.example.jp/room/secret-42';
const DAY = 86400;

let server;
let tmpDir;
let dbPath;
let admin; let organiser; let coorg; let member; let outsider; let supporter;
let communityId;
let eventId;

const db = (sql) => sqlite(dbPath, sql);
const userId = (email) => db(`SELECT id FROM "user" WHERE email = '${email}'`)[0];

/** The Japan date and time of a Unix time, as the form takes them. */
function japan(t) {
  const d = new Date((t + 9 * 3600) * 1000).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 16) };
}

function eventForm(over = {}) {
  const now = Math.floor(Date.now() / 1000);
  const start = japan(now + 14 * DAY);
  const opens = japan(now - 3600);
  return {
    kind: 'seminar',
    title: 'ランサムウェアに備える、中小企業のための基礎講座',
    description: '被害の実例と、明日からできる対策を学びます。',
    co_organisers: '札幌商工会議所',
    date: start.date,
    time: '14:00',
    duration: '90',
    place: '',
    prefecture: '',
    online_url: ONLINE,
    capacity: '2',
    opens_date: opens.date,
    opens_time: opens.time,
    closes_date: start.date,
    closes_time: '12:00',
    audience: 'anyone',
    track: '',
    language: 'ja',
    ...over,
  };
}

/** The text parts of a mail, base64 parts decoded. */
function mailParts(eml) {
  const boundary = /boundary="([^"]+)"/.exec(eml)?.[1];
  if (!boundary) return [eml];
  return eml.split(`--${boundary}`).slice(1, -1).map((part) => {
    const [head, ...rest] = part.split('\r\n\r\n');
    const body = rest.join('\r\n\r\n');
    return /base64/i.test(head) ? `${head}\n${Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')}` : part;
  });
}

async function createEvent(b, cid, over = {}) {
  const r = await b.submit(`/communities/${cid}/events/new`, eventForm(over));
  assert.equal(r.status, 303, r.text.slice(0, 1500));
  return /^\/events\/(\d+)\?notice=created$/.exec(r.headers.location)[1];
}

before(async () => {
  tmpDir = makeTmpDir();
  dbPath = newDatabase(tmpDir);
  server = await startServer({ tmpDir, dbPath, threads: 4 });
  [admin, organiser, coorg, member, outsider, supporter] = await Promise.all(
    ['admin@ev.example.jp', 'organiser@ev.example.jp', 'coorg@ev.example.jp', 'member@ev.example.jp',
      'outsider@ev.example.jp', 'supporter@ev.example.jp'].map((e) => signUp(server, e)),
  );
  db(`UPDATE "user" SET is_admin = TRUE WHERE email = 'admin@ev.example.jp'`);
  db(`UPDATE "user" SET name = '支援 花子' WHERE email = 'supporter@ev.example.jp'`);
  await createOrg(member);
  const s = await supporter.submit('/supporter', { kind: 'it_coordinator', prefecture: '1', organisation_name: '花子事務所' });
  assert.equal(s.status, 303);
});

after(async () => {
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
});

test('an administrator creates a community and names its organiser; others cannot', async () => {
  // the address is no secret: a signed-in user is told who creates communities and how to ask, not "not found"
  const refused = await organiser.get('/communities/new');
  assert.equal(refused.status, 403, 'only administrators create communities');
  assert.match(refused.text, /<h1>コミュニティは管理者が作ります<\/h1>/);
  assert.match(refused.text, /管理者に、コミュニティの名前、地域または業種、運営者になる方のメールアドレスを添えて依頼してください/);
  assert.match(refused.text, /<a class="button" href="\/communities">コミュニティの一覧へ<\/a>/);
  assert.doesNotMatch(refused.text, /<form[^>]*action="\/communities\/new"/, 'no form to create one');
  const en = await organiser.get('/communities/new?lang=en');
  assert.equal(en.status, 403);
  assert.match(en.text, /Communities are created by the administrators/);
  await organiser.get('/communities?lang=ja'); // ?lang= is kept in a cookie: the later tests read Japanese
  assert.equal((await organiser.submit('/communities', { name: 'x' }, '/communities/new')).status, 403, 'nor may they post it');
  assert.doesNotMatch((await organiser.get('/communities')).text, /href="\/communities\/new"/,
    'the list offers them no "create" link');
  assert.match((await admin.get('/communities')).text, /href="\/communities\/new"/, 'but does to administrators');
  const form = { name: '北海道地域セキュリティコミュニティ', region: 'hokkaido', industry: '', description: '道内の中小企業と支援者の集まりです。',
    join: 'open', organisers: 'nobody@ev.example.jp' };
  const unknown = await admin.submit('/communities/new', form);
  assert.equal(unknown.status, 422, 'an organiser needs an account');
  assert.ok(unknown.text.includes('北海道地域セキュリティコミュニティ'), 'what was typed is kept');
  const r = await admin.submit('/communities/new', { ...form, organisers: 'Organiser@ev.example.jp' });
  assert.equal(r.status, 303, r.text.slice(0, 1500));
  communityId = /^\/communities\/(\d+)\?notice=created$/.exec(r.headers.location)[1];
  const page = await new Browser(server.port).get(`/communities/${communityId}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /北海道地域/);
  const list = await new Browser(server.port).get('/communities');
  assert.ok(list.text.includes(`/communities/${communityId}`));
  // the organiser adds a co-organiser
  const add = await organiser.submit(`/communities/${communityId}/edit`, { email: 'coorg@ev.example.jp' },
    `/communities/${communityId}/organisers`);
  assert.equal(add.status, 303, add.text.slice(0, 800));
  assert.match((await coorg.get(`/communities/${communityId}/edit`)).text, /coorg@ev\.example\.jp/);
});

test('an organiser named twice, or added again, is no error', async () => {
  const again = await organiser.submit(`/communities/${communityId}/edit`, { email: 'Coorg@ev.example.jp' },
    `/communities/${communityId}/organisers`);
  assert.equal(again.status, 303, again.text.slice(0, 800));
  assert.equal(again.headers.location, `/communities/${communityId}?notice=organiser_added`);
  const added = db(`SELECT count(*) FROM community_organiser WHERE community_id = ${communityId}`)[0];
  assert.equal(Number(added), 2, 'the organiser and the co-organiser, once each');
  const twice = await admin.submit('/communities/new', { name: '二度書かれた運営者のコミュニティ', region: '', industry: '製造業',
    description: '', join: 'open', organisers: 'organiser@ev.example.jp\nOrganiser@ev.example.jp' });
  assert.equal(twice.status, 303, twice.text.slice(0, 800));
  const cid = /^\/communities\/(\d+)\?notice=created$/.exec(twice.headers.location)[1];
  assert.equal(Number(db(`SELECT count(*) FROM community_organiser WHERE community_id = ${cid}`)[0]), 1);
});

test('joining: open, with or without the name shown; the member list is for members only', async () => {
  const join = await member.submit(`/communities/${communityId}`, { display_name: '会員 一郎', show_name: '1', on_behalf: '1' },
    `/communities/${communityId}/join`);
  assert.equal(join.status, 303);
  assert.match(join.headers.location, /notice=joined$/);
  const sup = await supporter.submit(`/communities/${communityId}`, { display_name: '隠れた 名前' }, `/communities/${communityId}/join`);
  assert.equal(sup.status, 303);
  const list = await member.get(`/communities/${communityId}/members`);
  assert.equal(list.status, 200);
  assert.ok(list.text.includes('会員 一郎'));
  assert.ok(list.text.includes('さくら精密工業株式会社'), 'on behalf of the organisation');
  assert.ok(!list.text.includes('隠れた 名前'), 'a name not agreed to is never shown');
  assert.ok(!list.text.includes('supporter@ev.example.jp'), 'members see no addresses');
  assert.equal((await outsider.get(`/communities/${communityId}/members`)).status, 403);
  assert.equal((await new Browser(server.port).get(`/communities/${communityId}/members`)).status, 303, 'anonymous: log in');
  // leaving, after a confirmation
  const leave = await supporter.submit(`/communities/${communityId}/leave`, {});
  assert.equal(leave.status, 303);
  assert.equal((await supporter.get(`/communities/${communityId}/members`)).status, 403);
  await supporter.submit(`/communities/${communityId}`, { display_name: '支援 花子', show_name: '1' }, `/communities/${communityId}/join`);
});

test('joining with a name to show over 100 characters or on two lines: an error on the join form, what was typed kept, not joined', async () => {
  const b = await signUp(server, 'longname@ev.example.jp');
  const joined = () => db(`SELECT display_name FROM community_member WHERE community_id = ${communityId}
    AND user_id = ${userId('longname@ev.example.jp')}`);
  const join = (fields) => b.submit(`/communities/${communityId}`, fields, `/communities/${communityId}/join`);
  assert.match((await b.get(`/communities/${communityId}`)).text, /100文字まで/, 'the form says its limit');
  // 101 kanji are 303 bytes, 150 kana 450: counted in characters, both are too long
  for (const long of ['名'.repeat(101), 'あ'.repeat(150)]) {
    const r = await join({ display_name: long, show_name: '1' });
    assert.equal(r.status, 422, `${long.length} characters`);
    assert.match(r.text, /<li><a href="#display_name">文字数が多すぎます/);
    assert.match(r.text, /<p class="field-error" id="display_name-error">/);
    assert.match(r.text, new RegExp(`<input id="display_name"[^>]*aria-describedby="display_name-hint display_name-error" value="${long}"`));
    assert.match(r.text, /<input id="show_name"[^>]*checked>/, 'the box stays ticked');
    assert.deepEqual(joined(), [], 'not joined');
  }
  const lines = await join({ display_name: '一行目\n二行目', show_name: '1' });
  assert.equal(lines.status, 422);
  assert.match(lines.text, /<li><a href="#display_name">/);
  assert.deepEqual(joined(), [], 'not joined');
  const hundred = '名'.repeat(100);
  const ok = await join({ display_name: hundred, show_name: '1' });
  assert.equal(ok.status, 303);
  assert.deepEqual(joined(), [hundred], '100 characters are kept whole');
});

test('joining by request: pending until an organiser approves; a member cannot approve', async () => {
  const r = await admin.submit('/communities/new', { name: '診療所・薬局のセキュリティ勉強会', region: '', industry: '診療所・薬局',
    description: '', join: 'request', organisers: 'organiser@ev.example.jp' });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  const cid = /^\/communities\/(\d+)/.exec(r.headers.location)[1];
  const ask = await outsider.submit(`/communities/${cid}`, { show_name: '1', display_name: '外部 太郎' }, `/communities/${cid}/join`);
  assert.match(ask.headers.location, /notice=requested$/);
  assert.equal((await outsider.get(`/communities/${cid}/members`)).status, 403, 'not a member while pending');
  const uid = userId('outsider@ev.example.jp');
  const byMember = await outsider.submit(`/communities/${cid}`, {}, `/communities/${cid}/members/${uid}/approve`);
  assert.equal(byMember.status, 403);
  const seen = mailsTo(tmpDir, 'outsider@ev.example.jp').length;
  const ok = await organiser.submit(`/communities/${cid}/members`, {}, `/communities/${cid}/members/${uid}/approve`);
  assert.equal(ok.status, 303);
  assert.equal((await outsider.get(`/communities/${cid}/members`)).status, 200);
  await waitFor(() => mailsTo(tmpDir, 'outsider@ev.example.jp').length > seen, { what: 'the approval mail' });
  // an organiser removes them again, after a confirmation page that names them,
  // also when more members than one list page holds came before them
  db(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001)
      INSERT INTO "user" (email, password_hash, created_at) SELECT 'early' || i || '@ev.example.jp', 'x', 0 FROM n`);
  db(`INSERT INTO community_member (community_id, user_id, status, requested_at, joined_at)
      SELECT ${cid}, id, 'active', 0, 0 FROM "user" WHERE email LIKE 'early%@ev.example.jp'`);
  const confirm = await organiser.get(`/communities/${cid}/members/${uid}/remove`);
  db(`DELETE FROM "user" WHERE email LIKE 'early%@ev.example.jp'`);
  assert.equal(confirm.status, 200);
  assert.ok(confirm.text.includes('外部 太郎') && confirm.text.includes('outsider@ev.example.jp'), 'the page says whom it removes');
  const rm = await organiser.submit(`/communities/${cid}/members/${uid}/remove`, {});
  assert.equal(rm.status, 303);
  assert.equal((await outsider.get(`/communities/${cid}/members`)).status, 403);
  assert.equal((await organiser.get(`/communities/${cid}/members/${uid}/remove`)).status, 404, 'no longer a member: nothing to confirm');
  assert.equal((await organiser.get(`/communities/${cid}/members/999999/remove`)).status, 404, 'never a member');
});

test('rights over a community and its events: organiser, co-organiser, member, outsider, administrator', async () => {
  eventId = await createEvent(organiser, communityId);
  const cells = [
    [`/communities/${communityId}/edit`, { organiser: 200, coorg: 200, member: 403, outsider: 403, admin: 200 }],
    [`/communities/${communityId}/events/new`, { organiser: 200, coorg: 200, member: 403, outsider: 403, admin: 200 }],
    [`/events/${eventId}/edit`, { organiser: 200, coorg: 200, member: 403, outsider: 403, admin: 200 }],
    [`/events/${eventId}/attendees`, { organiser: 200, coorg: 200, member: 403, outsider: 403, admin: 200 }],
    [`/events/${eventId}/attendees.csv`, { organiser: 200, coorg: 200, member: 403, outsider: 403, admin: 200 }],
    [`/events/${eventId}/message`, { organiser: 200, coorg: 200, member: 403, outsider: 403, admin: 200 }],
    [`/communities/${communityId}/members`, { organiser: 200, coorg: 200, member: 200, outsider: 403, admin: 200 }],
  ];
  const who = { organiser, coorg, member, outsider, admin };
  for (const [url, expected] of cells) {
    for (const [name, status] of Object.entries(expected)) {
      assert.equal((await who[name].get(url)).status, status, `${name} GET ${url}`);
    }
  }
  // a POST by someone who does not organise changes nothing
  const page = await outsider.get(`/events/${eventId}`);
  const edit = await outsider.req('POST', `/events/${eventId}/edit`, { form: { csrf: csrfOf(page.text), ...eventForm({ title: 'x' }) } });
  assert.equal(edit.status, 403);
  assert.equal(db(`SELECT title FROM event WHERE id = ${eventId}`)[0], eventForm().title);
  // the co-organiser changes it
  const byCo = await coorg.submit(`/events/${eventId}/edit`, eventForm({ description: '共同運営者が書き直しました。' }));
  assert.equal(byCo.status, 303, byCo.text.slice(0, 800));
});

/** The addresses the breadcrumbs of a page link to, in order (the last crumb, the page itself, is no link). */
function crumbLinks(html) {
  const nav = /<nav class="breadcrumbs[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
}

test('the forms of a community’s events and programmes lead back through the community, and an event’s through the event', async () => {
  const community = `/communities/${communityId}`;
  const lead = new RegExp(`<p class="lead"><a href="${community}">北海道地域セキュリティコミュニティ</a></p>`);
  for (const url of [`${community}/events/new`, `${community}/programmes/new`]) {
    const page = await organiser.get(url);
    assert.equal(page.status, 200);
    assert.deepEqual(crumbLinks(page.text), ['/', '/communities', community], url);
    assert.match(page.text, lead, `${url}: the community under the heading links back to it`);
  }
  const refused = await organiser.submit(`${community}/events/new`, eventForm({ title: '' }));
  assert.equal(refused.status, 422);
  assert.deepEqual(crumbLinks(refused.text), ['/', '/communities', community], 'the same trail when the form comes back');
  const edit = await organiser.get(`/events/${eventId}/edit`);
  assert.deepEqual(crumbLinks(edit.text), ['/', '/events', `/events/${eventId}`], 'an event’s form leads back to it');
  assert.match(edit.text, lead);
  const editCommunity = await organiser.get(`${community}/edit`);
  assert.equal(editCommunity.status, 200);
  assert.deepEqual(crumbLinks(editCommunity.text), ['/', '/communities', community], 'the community’s own form leads back to it');
});

test('the event form: a start time left out is an error on the time field, a bad date on the date field', async () => {
  const community = `/communities/${communityId}`;
  const summaryLinks = (html) => [...(/<div class="error-summary[\s\S]*?<\/div>/.exec(html)?.[0] ?? '').matchAll(/<a href="#([^"]*)"/g)].map((m) => m[1]);
  const noTime = await organiser.submit(`${community}/events/new`, eventForm({ time: '' }));
  assert.equal(noTime.status, 422);
  assert.deepEqual(summaryLinks(noTime.text), ['time'], 'the summary leads to the time input, and to nothing else');
  assert.match(noTime.text, /<p class="field-error" id="time-error">/);
  assert.doesNotMatch(noTime.text, /id="date-error"/);
  const noOpensTime = await organiser.submit(`${community}/events/new`, eventForm({ opens_time: '' }));
  assert.deepEqual(summaryLinks(noOpensTime.text), ['opens_time']);
  const noDate = await organiser.submit(`${community}/events/new`, eventForm({ date: '', time: '' }));
  assert.deepEqual(summaryLinks(noDate.text), ['date'], 'a date left out is the date’s');
});

test('the page to message the attendees has the attendees page’s trail: through the event', async () => {
  const attendees = await organiser.get(`/events/${eventId}/attendees`);
  const trail = ['/', '/events', `/events/${eventId}`];
  assert.deepEqual(crumbLinks(attendees.text), trail);
  assert.deepEqual(crumbLinks((await organiser.get(`/events/${eventId}/message`)).text), trail);
  const empty = await organiser.submit(`/events/${eventId}/message`, { subject: '', body: '' });
  assert.equal(empty.status, 422);
  assert.deepEqual(crumbLinks(empty.text), trail, 'the same when the form comes back');
});

test('the online link is shown only to those holding a place (and organisers)', async () => {
  for (const b of [new Browser(server.port), outsider, member]) {
    const page = await b.get(`/events/${eventId}`);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes(ONLINE), 'no link before registering');
  }
  assert.ok(!(await new Browser(server.port).get(`/events/${eventId}.ics`)).text.includes('secret-42'), 'nor in the calendar file');
  assert.ok((await organiser.get(`/events/${eventId}`)).text.includes(ONLINE));
  const seen = mailsTo(tmpDir, member.email).length;
  const r = await member.submit(`/events/${eventId}`, { on_behalf: '1' }, `/events/${eventId}/register`);
  assert.equal(r.status, 303);
  assert.match(r.headers.location, /notice=registered$/);
  assert.ok((await member.get(`/events/${eventId}`)).text.includes(ONLINE), 'the link once registered');
  // the confirmation carries the calendar entry
  const mail = await waitFor(() => mailsTo(tmpDir, member.email)[seen], { what: 'the confirmation' });
  assert.match(mail, /Content-Type: multipart\/mixed/);
  assert.match(mail, /Content-Type: text\/calendar; charset=utf-8; method=PUBLISH; name="event-\d+\.ics"/);
  const ics = mailParts(mail).find((p) => p.includes('BEGIN:VCALENDAR'));
  assert.ok(ics, 'an ICS part');
  assert.match(ics, new RegExp(`UID:event-${eventId}@`));
  assert.match(ics, /DTSTART;TZID=Asia\/Tokyo:\d{8}T140000\r\n/);
});

test('the calendar files: one event, a community, all events (RFC 5545)', async () => {
  const anon = new Browser(server.port);
  const one = await anon.get(`/events/${eventId}.ics`);
  assert.equal(one.status, 200);
  assert.match(one.headers['content-type'], /^text\/calendar/);
  for (const line of one.text.split('\r\n').slice(0, -1)) {
    assert.ok(Buffer.byteLength(line) <= 75, `a line over 75 octets: ${line}`);
  }
  assert.ok(!/[^\r]\n/.test(one.text), 'every line ends in CRLF');
  assert.match(one.text, /BEGIN:VTIMEZONE\r\nTZID:Asia\/Tokyo/);
  assert.match(one.text, /DTSTAMP:\d{8}T\d{6}Z\r\n/);
  assert.match(one.text, /DESCRIPTION:北海道地域セキュリティコミュニティ\\n\\n/);
  const uid = /UID:(.*)\r\n/.exec(one.text)[1];
  assert.equal(/UID:(.*)\r\n/.exec((await anon.get(`/events/${eventId}.ics`)).text)[1], uid, 'the UID stays');
  const community = await anon.get(`/communities/${communityId}/events.ics`);
  assert.equal(community.status, 200);
  assert.ok(community.text.includes(`UID:${uid}`));
  const all = await anon.get('/events.ics');
  assert.ok(all.text.includes(`UID:${uid}`));
  assert.equal((await anon.get('/events/999999.ics')).status, 404);
});

test('a full event: the waiting list, and a cancellation moves the first waiting up with a mail', async () => {
  // capacity 2: member holds one; the supporter takes the last, the outsider waits
  const s = await supporter.submit(`/events/${eventId}`, {}, `/events/${eventId}/register`);
  assert.match(s.headers.location, /notice=registered$/);
  const o = await outsider.submit(`/events/${eventId}`, {}, `/events/${eventId}/register`);
  assert.match(o.headers.location, /notice=waiting$/);
  assert.ok(!(await outsider.get(`/events/${eventId}`)).text.includes(ONLINE), 'no link while waiting');
  assert.match((await outsider.get('/home')).text, new RegExp(`href="/events/${eventId}">[^<]*</a>（[^<]*） <span class="tag">キャンセル待ち</span>`),
    'マイページ sets the waiting apart from the date');
  // one who only waits is not told that their place will go to someone
  const ask = (await outsider.get(`/events/${eventId}/cancel`)).text;
  assert.match(ask, /申し込みを取り消します。席を持っている場合は、キャンセル待ちの先頭の人に移ります。/);
  const askEn = (await outsider.get(`/events/${eventId}/cancel?lang=en`)).text;
  assert.match(askEn, /If you hold a place, it goes to the first person waiting\./);
  assert.match(askEn, /<button[^>]*>Cancel my registration<\/button>/, 'the button says what it cancels, beside "Back"');
  await outsider.get(`/events/${eventId}?lang=ja`);
  const again = await outsider.submit(`/events/${eventId}`, {}, `/events/${eventId}/register`);
  assert.equal(again.status, 303, 'a second click changes nothing');
  assert.equal(db(`SELECT count(*) FROM event_registration WHERE event_id = ${eventId} AND status <> 'cancelled'`)[0], '3');
  const seen = mailsTo(tmpDir, outsider.email).length;
  assert.equal((await member.get(`/events/${eventId}/cancel`)).status, 200, 'asked first');
  const c = await member.submit(`/events/${eventId}/cancel`, {});
  assert.equal(c.status, 303);
  assert.match(c.headers.location, /notice=cancelled$/);
  assert.ok((await outsider.get(`/events/${eventId}`)).text.includes(ONLINE), 'promoted: the link is there');
  const mail = await waitFor(() => mailsTo(tmpDir, outsider.email).slice(seen).find((m) => m.includes('text/calendar')),
    { what: 'the promotion mail' });
  assert.ok(mailParts(mail).some((p) => p.includes('席が空きました') || p.includes('キャンセル待ちから参加確定')));
  assert.ok(!(await member.get(`/events/${eventId}`)).text.includes(ONLINE), 'the link is gone after cancelling');
  // member registers again: now at the end of the waiting list
  const back = await member.submit(`/events/${eventId}`, {}, `/events/${eventId}/register`);
  assert.match(back.headers.location, /notice=waiting$/);
});

test('organisers: the attendees CSV with a BOM, attendance after the start, a message to everyone', async () => {
  const csv = await organiser.get(`/events/${eventId}/attendees.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  assert.ok(csv.text.startsWith('\uFEFF'), 'a BOM for Excel');
  assert.ok(csv.text.includes('outsider@ev.example.jp') && csv.text.includes('supporter@ev.example.jp'));
  const registered = db(`SELECT registered_at FROM event_registration WHERE event_id = ${eventId} AND user_id = ${userId('outsider@ev.example.jp')} AND status <> 'cancelled'`)[0];
  const japan = new Date((Number(registered) + 9 * 3600) * 1000).toISOString().replace('.000Z', '+09:00');
  assert.ok(csv.text.split('\r\n').some((l) => l.includes('"outsider@ev.example.jp"') && l.includes(`,"${japan}",`)),
    `the time of registering in Japan with its offset (${japan})`);
  // not before it has begun
  const page = await organiser.get(`/events/${eventId}/attendees`);
  const sid = userId('supporter@ev.example.jp');
  const early = await organiser.req('POST', `/events/${eventId}/attendance`, { form: { csrf: csrfOf(page.text), [`present_${sid}`]: '1' } });
  assert.equal(early.status, 409);
  // the message goes to those holding a place only
  const seenMember = mailsTo(tmpDir, member.email).length;
  const seenSup = mailsTo(tmpDir, supporter.email).length;
  const msg = await organiser.submit(`/events/${eventId}/message`, { subject: '会場の変更はありません', body: '当日はよろしくお願いします。' });
  assert.equal(msg.status, 303);
  await waitFor(() => mailsTo(tmpDir, supporter.email).length > seenSup, { what: 'the message' });
  assert.ok(mailsTo(tmpDir, supporter.email).at(-1).includes('当日はよろしくお願いします。'));
  assert.ok(!mailsTo(tmpDir, member.email).slice(seenMember).some((m) => m.includes('当日はよろしくお願いします。')),
    'nothing to the waiting list');
  const empty = await organiser.submit(`/events/${eventId}/message`, { subject: '', body: '' });
  assert.equal(empty.status, 422);
});

test('the attendees list shows a name only when the account has one, and the e-mail in its own column', async () => {
  const page = await organiser.get(`/events/${eventId}/attendees`);
  const rows = [...page.text.matchAll(/<tr><td><label>[\s\S]*?<\/tr>/g)].map((m) => m[0]);
  const cells = (row) => [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
  const nameless = rows.find((row) => row.includes('outsider@ev.example.jp'));
  assert.ok(nameless, 'the outsider holds a place');
  assert.equal(cells(nameless)[1], '<span class="hint">（名前の登録なし）</span>', 'no name, and not the address again');
  assert.equal(cells(nameless)[2], 'outsider@ev.example.jp');
  assert.equal(nameless.split('outsider@ev.example.jp').length, 3, 'the address once in its column, once naming the checkbox');
  const named = rows.find((row) => row.includes('supporter@ev.example.jp'));
  assert.deepEqual(cells(named).slice(1, 3), ['支援 花子', 'supporter@ev.example.jp']);
  assert.match(page.text, /<th scope="col">メールアドレス<\/th>/);
  const en = await organiser.get(`/events/${eventId}/attendees?lang=en`);
  assert.ok(en.text.includes('<span class="hint">(no name given)</span>'));
  await organiser.get('/events?lang=ja');
});

test('attendance at a supporters’ training becomes a record, a certificate and a public check', async () => {
  const tid = await createEvent(organiser, communityId, { kind: 'supporter_training', title: '支援者向け研修：初動対応', audience: 'supporters', capacity: '10' });
  const refused = await outsider.submit(`/events/${tid}`, {}, `/events/${tid}/register`);
  assert.equal(refused.status, 403, 'for supporters only');
  const r = await supporter.submit(`/events/${tid}`, {}, `/events/${tid}/register`);
  assert.match(r.headers.location, /notice=registered$/);
  // the training took place yesterday
  const past = Math.floor(Date.now() / 1000) - DAY;
  db(`UPDATE event SET starts_at = ${past}, registration_opens_at = ${past - DAY}, registration_closes_at = ${past} WHERE id = ${tid}`);
  const late = await supporter.get(`/events/${tid}/cancel`);
  assert.equal(late.status, 409, 'a registration is not offered for cancelling once the event has begun');
  assert.ok(!late.text.includes(`action="/events/${tid}/cancel"`), 'no form to send');
  assert.equal((await supporter.submit(`/events/${tid}`, {}, `/events/${tid}/cancel`)).status, 409);
  const sid = userId('supporter@ev.example.jp');
  const page = await organiser.get(`/events/${tid}/attendees`);
  const mark = await organiser.req('POST', `/events/${tid}/attendance`, { form: { csrf: csrfOf(page.text), [`present_${sid}`]: '1' } });
  assert.equal(mark.status, 303);
  assert.equal(db(`SELECT attended FROM event_registration WHERE event_id = ${tid} AND user_id = ${sid}`)[0].replace('t', '1'), '1');
  const records = await supporter.get('/supporter/trainings');
  assert.ok(records.text.includes('支援者向け研修：初動対応'));
  const certUrl = /href="(\/trainings\/[a-z0-9]+\/certificate\.pdf)"/.exec(records.text)[1];
  const pdf = await supporter.get(certUrl);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.ok(pdf.text.startsWith('%PDF'));
  assert.equal((await organiser.get(certUrl)).status, 200, 'the organisers print it');
  assert.equal((await outsider.get(`/events/${tid}/certificates/${sid}`)).status, 403);
  assert.equal((await organiser.get(`/events/${tid}/certificates/${sid}`)).status, 303);
  assert.equal((await outsider.get(certUrl)).status, 404, 'nobody else');
  const code = /\/trainings\/([a-z0-9]+)\//.exec(certUrl)[1];
  const check = await new Browser(server.port).get(`/certificates/${code}`);
  assert.equal(check.status, 200);
  assert.ok(check.text.includes('支援 花子') && check.text.includes('本物'));
  const fake = await new Browser(server.port).get(`/certificates/${code.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}`);
  assert.equal(fake.status, 404);
  // shown publicly only when chosen
  assert.equal((await new Browser(server.port).get(`/supporters/${sid}/trainings`)).status, 404);
  const show = await supporter.submit('/supporter/trainings', { shown: '1' });
  assert.equal(show.status, 303);
  const pub = await new Browser(server.port).get(`/supporters/${sid}/trainings`);
  assert.equal(pub.status, 200);
  assert.ok(pub.text.includes('支援者向け研修：初動対応'));
  // unmarking takes the record back
  const page2 = await organiser.get(`/events/${tid}/attendees`);
  await organiser.req('POST', `/events/${tid}/attendance`, { form: { csrf: csrfOf(page2.text) } });
  assert.equal(db(`SELECT count(*) FROM training_record WHERE user_id = ${sid}`)[0], '0');
  assert.equal((await new Browser(server.port).get(`/certificates/${code}`)).status, 404);
});

test('a study programme of three sessions completes at two of three', async () => {
  const p = await organiser.submit(`/communities/${communityId}/programmes/new`, { title: '情報セキュリティ基礎講座', required: '2' });
  assert.equal(p.status, 303, p.text.slice(0, 600));
  const pid = db(`SELECT id FROM training_programme WHERE title = '情報セキュリティ基礎講座'`)[0];
  const sid = userId('supporter@ev.example.jp');
  const past = Math.floor(Date.now() / 1000) - 2 * DAY;
  const ids = [];
  for (let i = 1; i <= 3; i++) {
    const id = await createEvent(organiser, communityId, { kind: 'study_session', title: `基礎講座 第${i}回`, capacity: '5', programme: pid });
    await supporter.submit(`/events/${id}`, {}, `/events/${id}/register`);
    db(`UPDATE event SET starts_at = ${past + i * 3600}, registration_opens_at = ${past - DAY}, registration_closes_at = ${past} WHERE id = ${id}`);
    ids.push(id);
  }
  const mark = async (id, present) => {
    const page = await organiser.get(`/events/${id}/attendees`);
    const r = await organiser.req('POST', `/events/${id}/attendance`, { form: { csrf: csrfOf(page.text), ...(present ? { [`present_${sid}`]: '1' } : {}) } });
    assert.equal(r.status, 303);
  };
  const done = () => db(`SELECT count(*) FROM training_record WHERE user_id = ${sid} AND programme_id = ${pid}`)[0];
  await mark(ids[0], true);
  assert.equal(done(), '0', 'one of three is not enough');
  await mark(ids[1], false);
  assert.equal(done(), '0');
  await mark(ids[2], true);
  assert.equal(done(), '1', 'two of three completes it');
  assert.ok((await supporter.get('/supporter/trainings')).text.includes('情報セキュリティ基礎講座'));
});

test('a programme completed before its last session: the record’s date is the last session attended, never one still to come', async () => {
  const p = await organiser.submit(`/communities/${communityId}/programmes/new`, { title: '続けて学ぶ基礎講座', required: '2' });
  assert.equal(p.status, 303, p.text.slice(0, 600));
  const pid = db(`SELECT id FROM training_programme WHERE title = '続けて学ぶ基礎講座'`)[0];
  const sid = userId('supporter@ev.example.jp');
  const now = Math.floor(Date.now() / 1000);
  const starts = [now - 10 * DAY, now - 3 * DAY, now + 20 * DAY];
  const ids = [];
  for (const [i, start] of starts.entries()) {
    const id = await createEvent(organiser, communityId, { kind: 'study_session', title: `続けて学ぶ 第${i + 1}回`, capacity: '5', programme: pid });
    await supporter.submit(`/events/${id}`, {}, `/events/${id}/register`);
    db(`UPDATE event SET starts_at = ${start}, registration_opens_at = ${now - 20 * DAY}, registration_closes_at = ${start} WHERE id = ${id}`);
    ids.push(id);
  }
  for (const id of ids.slice(0, 2)) {
    const page = await organiser.get(`/events/${id}/attendees`);
    const r = await organiser.req('POST', `/events/${id}/attendance`, { form: { csrf: csrfOf(page.text), [`present_${sid}`]: '1' } });
    assert.equal(r.status, 303);
  }
  const code = db(`SELECT code FROM training_record WHERE user_id = ${sid} AND programme_id = ${pid}`)[0];
  assert.ok(code, 'two of three completes it');
  const dateOf = (t) => new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long' }).format(new Date(t * 1000));
  const check = await new Browser(server.port).get(`/certificates/${code}`);
  assert.equal(check.status, 200);
  assert.ok(check.text.includes(`<dd>${dateOf(starts[1])}</dd>`), `completed on the second session’s day, ${dateOf(starts[1])}`);
  assert.ok(!check.text.includes(dateOf(starts[2])), 'not on the day of the session still to come');
  const list = await supporter.get('/supporter/trainings');
  assert.ok(list.text.includes(dateOf(starts[1])) && !list.text.includes(dateOf(starts[2])));
});

test('a large event’s attendees: 100 to a page, places first; saving attendance keeps the other pages’', async () => {
  const id = await createEvent(organiser, communityId, { title: '大きな説明会', capacity: '150' });
  const past = Math.floor(Date.now() / 1000) - DAY;
  db(`UPDATE event SET starts_at = ${past}, registration_opens_at = ${past - DAY}, registration_closes_at = ${past} WHERE id = ${id}`);
  // 150 places and 80 waiting, in the order they came
  db(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 230)
      INSERT INTO "user" (email, password_hash, created_at) SELECT 'crowd' || i || '@ev.example.jp', 'x', 0 FROM n`);
  db(`INSERT INTO event_registration (event_id, user_id, status, registered_at)
      SELECT ${id}, id, CASE WHEN id - ${userId('crowd1@ev.example.jp')} < 150 THEN 'confirmed' ELSE 'waiting' END, ${past - DAY}
      FROM "user" WHERE email LIKE 'crowd%@ev.example.jp' ORDER BY id`);
  const crowd = (i) => userId(`crowd${i}@ev.example.jp`);
  const attended = (i) => db(`SELECT CASE WHEN attended IS NULL THEN -1 WHEN attended THEN 1 ELSE 0 END FROM event_registration WHERE event_id = ${id} AND user_id = ${crowd(i)}`)[0];
  const places = (html) => [...html.matchAll(/name="present_(\d+)"/g)].map((m) => m[1]);
  // no name on these accounts: the address alone, not the address twice
  const waiting = (html) => [...html.matchAll(/<li>(crowd\d+)@ev\.example\.jp<\/li>/g)].map((m) => m[1]);
  const next = (html) => /<a href="([^"]+)" rel="next">/.exec(html)?.[1].replaceAll('&amp;', '&');

  const p1 = await organiser.get(`/events/${id}/attendees`);
  assert.equal(p1.status, 200);
  assert.deepEqual(places(p1.text), Array.from({ length: 100 }, (_, k) => crowd(k + 1)), 'the first 100 places');
  assert.deepEqual(waiting(p1.text), []);
  assert.ok(p1.text.includes('キャンセル待ちの人は、次のページ以降に載っています。'), 'says where the waiting list is');
  assert.ok(p1.text.includes('1 / 3 ページ'));
  assert.ok(p1.text.includes('保存されるのは、このページに載っている人の出席です。'));
  assert.equal(next(p1.text), `/events/${id}/attendees?page=2`);

  const p2 = await organiser.get(next(p1.text));
  assert.deepEqual(places(p2.text), Array.from({ length: 50 }, (_, k) => crowd(k + 101)), 'the other 50 places');
  assert.deepEqual(waiting(p2.text), Array.from({ length: 50 }, (_, k) => `crowd${k + 151}`), 'then the first 50 waiting');
  assert.match(p2.text, /<ol start="1">/);

  const p3 = await organiser.get(next(p2.text));
  assert.deepEqual(places(p3.text), [], 'no place left for page 3');
  assert.ok(p3.text.includes('参加確定の人は、前のページに載っています。'), 'says where the places are');
  assert.deepEqual(waiting(p3.text), Array.from({ length: 30 }, (_, k) => `crowd${k + 201}`));
  assert.match(p3.text, /<ol start="51">/, 'numbered in the whole waiting list');
  assert.equal(next(p3.text), undefined, 'the last page');
  assert.deepEqual(waiting((await organiser.get(`/events/${id}/attendees?page=99`)).text), waiting(p3.text), 'past the end: the last page');

  // page 1 saves crowd1 present; page 2 then saves crowd101 present and leaves page 1 as it was
  const form = (html) => ({ csrf: csrfOf(html), first_place: /name="first_place" value="(\d+)"/.exec(html)[1],
    last_place: /name="last_place" value="(\d+)"/.exec(html)[1] });
  const save1 = await organiser.req('POST', `/events/${id}/attendance`, { form: { ...form(p1.text), [`present_${crowd(1)}`]: '1' } });
  assert.equal(save1.status, 303);
  const save2 = await organiser.req('POST', `/events/${id}/attendance`, { form: { ...form(p2.text), [`present_${crowd(101)}`]: '1' } });
  assert.equal(save2.status, 303);
  assert.deepEqual([1, 2, 100, 101, 102, 150].map(attended), ['1', '0', '0', '1', '0', '0']);
  assert.equal(attended(151), '-1', 'the waiting list is never marked');
  db(`DELETE FROM "user" WHERE email LIKE 'crowd%@ev.example.jp'`);
});

test('materials after the event, under the upload rules; downloads for everyone', async () => {
  const page = await organiser.get(`/events/${eventId}`);
  const boundary = '----mamoriEventsTest';
  const pdf = Buffer.from('%PDF-1.4\n% test\n', 'latin1');
  const exe = Buffer.from('MZ\x90\x00 not a document', 'latin1');
  const body = (data, name) => Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrfOf(page.text)}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const headers = { 'Content-Type': `multipart/form-data; boundary=${boundary}` };
  const bad = await organiser.req('POST', `/events/${eventId}/materials`, { body: body(exe, 'slides.pdf'), headers });
  assert.equal(bad.status, 422, 'a program named like a PDF');
  const byMember = await member.req('POST', `/events/${eventId}/materials`, { body: body(pdf, 'slides.pdf'), headers });
  assert.equal(byMember.status, 403);
  const ok = await organiser.req('POST', `/events/${eventId}/materials`, { body: body(pdf, 'slides.pdf'), headers });
  assert.equal(ok.status, 303);
  const shown = await new Browser(server.port).get(`/events/${eventId}`);
  const url = /href="(\/events\/\d+\/materials\/[a-z0-9]+)"/.exec(shown.text)[1];
  const file = await new Browser(server.port).get(url);
  assert.equal(file.status, 200);
  assert.equal(file.headers['content-type'], 'application/pdf');
  assert.match(file.headers['content-disposition'], /^attachment;/);
  // deleting one asks first, naming the file
  const confirm = await organiser.get(`${url}/delete`);
  assert.equal(confirm.status, 200);
  assert.ok(confirm.text.includes('slides.pdf'), 'the confirmation names the file');
  assert.equal((await organiser.get(`/events/${eventId}/materials/0123456789abcdef/delete`)).status, 404, 'no such file');
});

test('/events: filters, paging and what is not understood', async () => {
  const anon = new Browser(server.port);
  const all = await anon.get('/events');
  assert.equal(all.status, 200);
  assert.ok(all.text.includes(`/events/${eventId}"`));
  assert.ok(!(await anon.get('/events?mode=offline')).text.includes(`/events/${eventId}"`), 'online only');
  assert.ok((await anon.get('/events?mode=online&kind=seminar&audience=anyone')).text.includes(`/events/${eventId}"`));
  assert.ok(!(await anon.get('/events?kind=workshop')).text.includes(`/events/${eventId}"`));
  assert.ok(!(await anon.get('/events?prefecture=13')).text.includes(`/events/${eventId}"`));
  // an online event has no prefecture: a region finds the events held in it
  const held = await createEvent(organiser, communityId, { title: '函館で開く勉強会', kind: 'workshop', online_url: '', place: '函館市架空町1-1', prefecture: '1', capacity: '20' });
  assert.ok((await anon.get('/events?region=hokkaido')).text.includes(`/events/${held}"`));
  assert.ok(!(await anon.get('/events?region=kanto')).text.includes(`/events/${held}"`));
  assert.ok(!(await anon.get('/events?region=hokkaido')).text.includes(`/events/${eventId}"`), 'online only');
  const start = eventForm().date;
  assert.ok((await anon.get(`/events?from=${start}&to=${start}`)).text.includes(`/events/${eventId}"`));
  assert.ok(!(await anon.get(`/events?to=2000-01-01`)).text.includes(`/events/${eventId}"`));
  const odd = await anon.get('/events?kind=party&from=yesterday');
  assert.equal(odd.status, 200);
  assert.match(odd.text, /読み取れなかった/);
  assert.equal((await anon.get('/events?page=99999')).status, 200, 'a page past the end shows the last');
  // nothing found: what to try next
  assert.match((await anon.get('/events?to=2000-01-01')).text, /条件に合うイベントはありません。条件を減らすか、日付の範囲を広げてお試しください。/);
  assert.match((await new Browser(server.port).get('/events?to=2000-01-01&lang=en')).text, /No events match\. Try fewer conditions or a wider range of dates\./);
});

test('/events in English says "Events found" once, in the count under the list’s heading', async () => {
  const page = await new Browser(server.port).get('/events?lang=en');
  assert.equal(page.status, 200);
  assert.equal(page.text.split('Events found').length, 2, 'not as the heading too');
  assert.match(page.text, /<h2 id="results-heading">List of events<\/h2>\n<p role="status">Events found: \d+<\/p>/);
});

test('a visitor on a community’s page is offered a button to sign in and come back to it', async () => {
  const page = await new Browser(server.port).get(`/communities/${communityId}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<a class="button" href="/login\\?next=/communities/${communityId}">ログインして参加する</a>`));
  const en = await new Browser(server.port).get(`/communities/${communityId}?lang=en`);
  assert.match(en.text, new RegExp(`<a class="button" href="/login\\?next=/communities/${communityId}">Sign in to join</a>`));
});

test('an event’s pages in English carry no Japanese brackets or colons around what the program writes', async () => {
  const id = await createEvent(organiser, communityId, {
    title: 'Backups for small offices', description: 'Hands-on.', co_organisers: '', place: 'Sapporo, Kita 1 Nishi 1',
    prefecture: '1', audience: 'track', track: 'Clinics', capacity: '1', language: 'en',
  });
  await organiser.submit(`/events/${id}`, {}, `/events/${id}/register`); // the one place: the event is full
  const main = (html) => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)[1].replace(/<[^>]+>/g, ' ');
  const card = (html) => new RegExp(`<li class="card event-card">\\s*<h3><a href="/events/${id}">[\\s\\S]*?</li>`).exec(html)[0];
  for (const [path, part] of [[`/events/${id}?lang=en`, main], [`/events?lang=en&prefecture=1&audience=track`, card],
    [`/events/${id}/attendees?lang=en`, main]]) {
    const text = part((await organiser.get(path)).text).replace(/<[^>]+>/g, ' ');
    const own = text.replace(/北海道地域セキュリティコミュニティ|札幌商工会議所/g, '');
    assert.doesNotMatch(own, /[（）：]/, `${path}: ${own.match(/.{0,40}[（）：].{0,40}/)?.[0]}`);
  }
  const page = (await organiser.get(`/events/${id}?lang=en`)).text;
  assert.match(page, /JST<\/time> \(90 min\)/);
  assert.match(page, /Sapporo, Kita 1 Nishi 1 \(Hokkaido\)/);
  assert.match(page, /Track: Clinics/);
  assert.match(page, /0 \/ 1 \(full\)/);
  const ja = (await organiser.get(`/events/${id}?lang=ja`)).text;
  assert.match(ja, /（90分）/, 'Japanese keeps its own brackets');
  await organiser.get('/events?lang=ja');
});

test('an event that has begun says so, and offers no places left', async () => {
  const id = await createEvent(organiser, communityId, { title: '終わった勉強会', kind: 'workshop', place: '札幌市中央区北2条西1丁目', prefecture: '1', online_url: '' });
  const coming = (await new Browser(server.port).get(`/events/${id}`)).text;
  assert.match(coming, /<dt>残り席<\/dt>/, 'a coming event shows its places');
  assert.doesNotMatch(coming, /このイベントは始まっているか、終わっています。/);
  const past = Math.floor(Date.now() / 1000) - DAY;
  db(`UPDATE event SET starts_at = ${past}, registration_opens_at = ${past - DAY}, registration_closes_at = ${past} WHERE id = ${id}`);
  const page = (await new Browser(server.port).get(`/events/${id}`)).text;
  assert.match(page, /このイベントは始まっているか、終わっています。/);
  assert.doesNotMatch(page, /<dt>残り席<\/dt>/, 'no places left to offer');
  const list = (await new Browser(server.port).get(`/events?from=${japan(past).date}&to=${japan(past).date}&kind=workshop`)).text;
  const card = new RegExp(`<li class="card event-card">\\s*<h3><a href="/events/${id}">[\\s\\S]*?</li>`).exec(list)[0];
  assert.doesNotMatch(card, /残り席/, 'nor does its card');
  const en = (await new Browser(server.port).get(`/events/${id}?lang=en`)).text;
  assert.match(en, /This event has already begun or taken place\./);
});

test('someone outside an event’s audience is told how to get in, with a link to the organising community', async () => {
  const id = await createEvent(organiser, communityId, { title: '会員だけの勉強会', kind: 'workshop', audience: 'members' });
  const page = (await outsider.get(`/events/${id}`)).text;
  assert.doesNotMatch(page, new RegExp(`action="/events/${id}/register"`), 'no form for them');
  assert.match(page, /コミュニティの会員向けのイベントなら、先に主催のコミュニティに参加してください。/);
  assert.match(page, new RegExp(`<a href="/communities/${communityId}">主催のコミュニティのページへ</a>`));
});

test('50 simultaneous registrations for the last 10 places: exactly 10 get one', async () => {
  const id = await createEvent(organiser, communityId, { title: '満席になる机上演習', kind: 'tabletop', capacity: '12', online_url: '', place: '札幌市中央区北1条西2丁目', prefecture: '1' });
  // two places are taken already
  for (const b of [organiser, coorg]) await b.submit(`/events/${id}`, {}, `/events/${id}/register`);
  const inserts = Array.from({ length: 50 }, (_, i) => `INSERT INTO "user" (email, password_hash, created_at, confirmed_at)
    SELECT 'rush${i}@ev.example.jp', password_hash, 1, 1 FROM "user" WHERE email = 'member@ev.example.jp';`).join('\n');
  db(inserts);
  const browsers = [];
  for (let i = 0; i < 50; i++) {
    const b = new Browser(server.port);
    const r = await b.submit('/login', { email: `rush${i}@ev.example.jp`, password: PASSWORD, next: '' });
    assert.equal(r.status, 303, `log-in ${i}`);
    const page = await b.get(`/events/${id}`);
    b.csrf = csrfOf(page.text);
    browsers.push(b);
  }
  const answers = await Promise.all(browsers.map((b) => b.req('POST', `/events/${id}/register`, { form: { csrf: b.csrf } })));
  for (const a of answers) assert.equal(a.status, 303);
  const registered = answers.filter((a) => /notice=registered$/.test(a.headers.location)).length;
  assert.equal(registered, 10, 'exactly the last 10 places');
  assert.equal(db(`SELECT count(*) FROM event_registration WHERE event_id = ${id} AND status = 'confirmed'`)[0], '12');
  assert.equal(db(`SELECT count(*) FROM event_registration WHERE event_id = ${id} AND status = 'waiting'`)[0], '40');
  // the waiting list is in the order of registration: the first waiting moves up
  const first = db(`SELECT user_id FROM event_registration WHERE event_id = ${id} AND status = 'waiting' ORDER BY id LIMIT 1`)[0];
  await organiser.submit(`/events/${id}/cancel`, {});
  assert.equal(db(`SELECT status FROM event_registration WHERE event_id = ${id} AND user_id = ${first} AND status <> 'cancelled'`)[0], 'confirmed');
  assert.equal(db(`SELECT count(*) FROM event_registration WHERE event_id = ${id} AND status = 'confirmed'`)[0], '12');
});

test('the reminder the day before goes once to each place', async () => {
  const now = Math.floor(Date.now() / 1000);
  const tomorrow = japan(now + DAY);
  const id = await createEvent(organiser, communityId, { title: '明日のワークショップ', kind: 'workshop', date: tomorrow.date, time: '10:00', closes_date: tomorrow.date, closes_time: '09:00', capacity: '5' });
  await supporter.submit(`/events/${id}`, {}, `/events/${id}/register`);
  const seen = mailsTo(tmpDir, supporter.email).length;
  const restart = async () => {
    db(`UPDATE job_lease SET done_day = 0 WHERE name = 'event_reminders'`);
    assertCleanExit(await server.stop(), 'mamori serve');
    server = await startServer({ tmpDir, dbPath, threads: 4 });
  };
  await restart();
  const reminder = await waitFor(() => mailsTo(tmpDir, supporter.email).slice(seen).find((m) => m.includes('Subject:') && /明日のワークショップ|reminder/i.test(Buffer.from(m).toString()) && m.includes('events/' + id)),
    { what: 'the reminder', timeoutMs: 15_000 });
  assert.ok(reminder);
  assert.equal(db(`SELECT count(*) FROM event_registration WHERE event_id = ${id} AND reminded_at IS NOT NULL`)[0], '1');
  const count = mailsTo(tmpDir, supporter.email).length;
  await restart();
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(mailsTo(tmpDir, supporter.email).length, count, 'once');
});

test('the list of communities shows its pager only when there is more than one page', async () => {
  const anyone = new Browser(server.port);
  const pager = /<nav class="pagination"/;
  const now = Math.floor(Date.now() / 1000);
  const add = (i) => db(`INSERT INTO community (name, prefectures, industry, description, join_policy, created_at, updated_at)
    VALUES ('ページ送りの会 ${i}', 1, '', '', 'open', ${now}, ${now})`);
  if (Number(db('SELECT count(*) FROM community')[0]) === 0) add(0);
  const count = Number(db('SELECT count(*) FROM community')[0]);
  assert.ok(count <= 20, `one page of communities to begin with (${count})`);
  const list = (await anyone.get('/communities')).text;
  assert.doesNotMatch(list, pager, 'no lone "1" under one page');
  // each community a card whose heading sits at its top, sized as a card's (.card-title)
  assert.match(list, /<li class="card">\s*<h2 class="card-title"><a href="\/communities\/\d+">/);
  for (let i = count; i <= 20; i++) add(i);
  const first = (await anyone.get('/communities')).text;
  assert.match(first, pager);
  assert.match(first, /href="\/communities\?page=2" rel="next"/);
  const second = (await anyone.get('/communities?page=2')).text;
  assert.match(second, /href="\/communities\?page=1" rel="prev"/);
});
