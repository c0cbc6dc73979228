// Sign-in with OpenID Connect against a real provider (tests/oidc/
// provider.mjs: the oidc-provider package on a loopback port) and a
// provider that signs bad tokens on purpose (tests/oidc/bad_provider.mjs):
// the whole sign-in (RS256 with client_secret_basic, ES256 with
// client_secret_post and a secret file), the linking rules, the business
// ID verification of the owner's organisation, and the attacks.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertNoSanitizerReports, freePort, sleep, sqlite, startServer } from './helpers.mjs';
import { Browser, createOrg, mailsTo, nextMail, PASSWORD, signUp } from './org_client.mjs';
import { badEnv, startBadProvider } from '../oidc/bad_provider.mjs';
import { mamoriEnv, signInAtProvider, startProvider } from '../oidc/provider.mjs';

let op;
let bad;
let server;

before(async () => {
  op = await startProvider();
  bad = await startBadProvider();
  const downPort = await freePort(); // nothing listens there
  const secretDir = fs.mkdtempSync('/tmp/mamori-oidc-');
  const secretFile = path.join(secretDir, 'secret');
  fs.writeFileSync(secretFile, 'test-client-secret-0123456789\n', { mode: 0o600 });
  server = await startServer({
    env: {
      MAMORI_OIDC_PROVIDERS: 'gbiz,gbiz-es,bad,down',
      ...mamoriEnv(op.issuer, secretFile),
      ...badEnv(bad.issuer),
      MAMORI_OIDC_DOWN_ISSUER: `http://127.0.0.1:${downPort}`,
      MAMORI_OIDC_DOWN_CLIENT_ID: 'mamori',
      MAMORI_OIDC_DOWN_CLIENT_SECRET: 'never-sent',
    },
  });
});

after(async () => {
  const r = await server?.stop();
  if (r) {
    assertNoSanitizerReports(r.stderr, 'mamori serve');
    for (const secret of ['test-client-secret-0123456789', 'bad-client-secret', 'never-sent']) {
      assert.ok(!r.stderr.includes(secret), `the log shows a client secret: ${secret}`);
    }
  }
  await op?.stop();
  await bad?.stop();
});

const db = (sql) => sqlite(server.dbPath, sql);

/** Starts a sign-in at mamori: the provider's address it sends to. */
async function start(b, provider, next) {
  const r = await b.get(`/login/oidc/${provider}${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  assert.equal(r.status, 303, `start of ${provider}: ${r.status}\n${r.text.slice(0, 500)}`);
  return r.headers.location;
}

/** The path and query of a callback address. */
const local = (url) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** Signs in at the real provider as login; mamori's answer to the callback. */
async function signIn(b, login, provider = 'gbiz', next) {
  const callback = await signInAtProvider(await start(b, provider, next), login);
  return { callback: local(callback), r: await b.get(local(callback)) };
}

async function signedInAs(b) {
  const r = await b.get('/account');
  return r.status === 200 ? /<dd>([^<]*@[^<]*)<\/dd>/.exec(r.text)?.[1] ?? 'signed in' : null;
}

describe('sign-in with OpenID Connect', () => {
  test('the log-in page offers each configured provider beside the password form', async () => {
    const r = await new Browser(server.port).get('/login?next=/org');
    assert.equal(r.status, 200);
    assert.match(r.text, /name="password"/);
    for (const p of ['gbiz', 'gbiz-es', 'bad', 'down']) {
      assert.match(r.text, new RegExp(`href="/login/oidc/${p}\\?next=%2Forg"`));
    }
    assert.match(r.text, /ビジネスIDでログイン（gbiz）/);
  });

  test('without a provider the log-in page offers none, and the pages are 404', async () => {
    const plain = await startServer();
    try {
      const b = new Browser(plain.port);
      const r = await b.get('/login');
      assert.equal(r.status, 200);
      assert.ok(!r.text.includes('/login/oidc/'), 'no business ID button');
      assert.equal((await b.get('/login/oidc/business-id')).status, 404);
    } finally {
      assertNoSanitizerReports((await plain.stop()).stderr, 'mamori without providers');
    }
  });

  test('the start sends the browser to the provider with state, nonce and an S256 challenge', async () => {
    const b = new Browser(server.port);
    const to = new URL(await start(b, 'gbiz'));
    assert.equal(to.origin + to.pathname, `${op.issuer}/auth`);
    const q = to.searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), 'mamori');
    assert.equal(q.get('redirect_uri'), `${server.url}/login/oidc/gbiz/callback`);
    assert.equal(q.get('scope'), 'openid email profile corporate');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
    assert.match(q.get('state'), /^[A-Za-z0-9_-]{43}$/);
    assert.match(q.get('nonce'), /^[A-Za-z0-9_-]{43}$/);
    assert.ok(b.cookies.has('mamori_oidc'), 'the browser is bound by a cookie');
    // stored as hashes: the state itself is nowhere in the database
    assert.equal(db(`SELECT count(*) FROM oidc_login`)[0] >= '1', true);
    const again = new URL(await start(b, 'gbiz'));
    assert.notEqual(again.searchParams.get('state'), q.get('state'));
  });

  test('an unknown provider is 404', async () => {
    const b = new Browser(server.port);
    assert.equal((await b.get('/login/oidc/nobody')).status, 404);
    assert.equal((await b.get('/login/oidc/nobody/callback?state=x&code=y')).status, 404);
  });

  test('a first sign-in makes an account, the next ones sign in to it (RS256, client_secret_basic)', async () => {
    const b = new Browser(server.port);
    const { r } = await signIn(b, 'newcomer', 'gbiz', '/org');
    assert.equal(r.status, 303, r.text.slice(0, 800));
    assert.equal(r.headers.location, '/org');
    assert.equal(await signedInAs(b), 'newcomer@users.example.jp');
    const users = db(`SELECT count(*) FROM "user" WHERE email = 'newcomer@users.example.jp'`);
    assert.deepEqual(users, ['1']);
    assert.deepEqual(db(`SELECT count(*) FROM oidc_identity WHERE provider = 'gbiz' AND subject = 'newcomer'`), ['1']);
    const b2 = new Browser(server.port);
    const second = await signIn(b2, 'newcomer');
    assert.equal(second.r.status, 303);
    assert.equal(second.r.headers.location, '/home');
    assert.equal(await signedInAs(b2), 'newcomer@users.example.jp');
    assert.deepEqual(db(`SELECT count(*) FROM "user" WHERE email = 'newcomer@users.example.jp'`), ['1']);
  });

  test('ES256 tokens and client_secret_post with the secret in a file work too', async () => {
    const b = new Browser(server.port);
    const { r } = await signIn(b, 'es-user', 'gbiz-es');
    assert.equal(r.status, 303, r.text.slice(0, 800));
    assert.equal(await signedInAs(b), 'es-user@users.example.jp');
  });

  test('a replayed state is refused with a clear page, and so is one from another browser', async () => {
    const b = new Browser(server.port);
    const { callback, r } = await signIn(b, 'replayer');
    assert.equal(r.status, 303);
    const again = await b.get(callback);
    assert.equal(again.status, 400);
    assert.match(again.text, /期限が切れたか、すでに使われています/);
    assert.match(again.text, /href="\/login"/);
    // another browser holding a fresh callback address gets nothing from it
    const victim = new Browser(server.port);
    const stolen = local(await signInAtProvider(await start(victim, 'gbiz'), 'replayer'));
    const attacker = new Browser(server.port);
    assert.equal((await attacker.get(stolen)).status, 400);
    assert.equal(await signedInAs(attacker), null);
    // … and it stays usable by the browser that started it
    assert.equal((await victim.get(stolen)).status, 303);
  });

  test('a callback without a state or a code, or after a refusal at the provider, signs nobody in', async () => {
    const b = new Browser(server.port);
    assert.equal((await b.get('/login/oidc/gbiz/callback')).status, 400);
    const en = await new Browser(server.port).get('/login/oidc/gbiz/callback?lang=en');
    assert.equal(en.status, 400);
    assert.match(en.text, /This sign-in has expired or has been used already/);
    assert.match(en.text, /Log in with your email address and password/);
    const to = new URL(await start(b, 'gbiz'));
    const state = to.searchParams.get('state');
    const denied = await b.get(`/login/oidc/gbiz/callback?state=${state}&error=access_denied`);
    assert.equal(denied.status, 400);
    assert.match(denied.text, /取り消された/);
    assert.equal(await signedInAs(b), null);
  });

  test('an identity with the address of an existing account is never linked on the address alone', async () => {
    const owner = await signUp(server, 'linker@example.jp');
    const b = new Browser(server.port);
    const { r } = await signIn(b, 'linker');
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/login/oidc/gbiz/link');
    assert.equal(await signedInAs(b), null, 'not signed in before proving the account');
    assert.deepEqual(db(`SELECT count(*) FROM oidc_identity WHERE subject = 'linker'`), ['0']);
    const page = await b.get('/login/oidc/gbiz/link');
    assert.equal(page.status, 200);
    assert.match(page.text, /linker@example\.jp/);
    const wrong = await b.submit('/login/oidc/gbiz/link', { password: 'not the password at all' });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /パスワードが違います/);
    // another browser cannot use this browser's waiting link
    const other = new Browser(server.port);
    const o = await other.submit('/login', { email: 'x@example.jp', password: 'x' }, '/login');
    assert.ok(o.status === 200 || o.status === 422);
    assert.equal((await other.get('/login/oidc/gbiz/link')).status, 410);
    const right = await b.submit('/login/oidc/gbiz/link', { password: PASSWORD });
    assert.equal(right.status, 303);
    assert.equal(await signedInAs(b), 'linker@example.jp');
    assert.deepEqual(db(`SELECT count(*) FROM oidc_identity WHERE subject = 'linker'`), ['1']);
    // from now on the provider signs in to that account directly
    const b2 = new Browser(server.port);
    const { r: r2 } = await signIn(b2, 'linker');
    assert.equal(r2.headers.location, '/home');
    assert.equal(await signedInAs(b2), 'linker@example.jp');
    assert.ok(owner);
  });

  test('the account can be linked by a mailed link instead, in the same browser only', async () => {
    await signUp(server, 'mailer@users.example.jp');
    const b = new Browser(server.port);
    const { r } = await signIn(b, 'mailer');
    assert.equal(r.headers.location, '/login/oidc/gbiz/link');
    const seen = mailsTo(server.tmpDir, 'mailer@users.example.jp').length;
    const sent = await b.submit('/login/oidc/gbiz/link', {}, '/login/oidc/gbiz/link/mail');
    assert.equal(sent.status, 303);
    assert.equal(sent.headers.location, '/login/oidc/gbiz/link?sent=1');
    const mail = await nextMail(server.tmpDir, 'mailer@users.example.jp', seen);
    const link = /\/login\/oidc\/gbiz\/link\/([A-Za-z0-9_-]+)/.exec(mail)?.[0];
    assert.ok(link, mail);
    // the owner of the mailbox in another browser links nothing
    const elsewhere = new Browser(server.port);
    assert.equal((await elsewhere.get(link)).status, 410);
    assert.equal((await elsewhere.submit('/login', {}, link)).status, 410);
    assert.deepEqual(db(`SELECT count(*) FROM oidc_identity WHERE subject = 'mailer'`), ['0']);
    // a made-up token in the right browser links nothing either
    const forged = await b.submit(link, {}, '/login/oidc/gbiz/link/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(forged.status, 410);
    const page = await b.get(link);
    assert.equal(page.status, 200);
    const done = await b.submit(link, {});
    assert.equal(done.status, 303);
    assert.equal(await signedInAs(b), 'mailer@users.example.jp');
    assert.deepEqual(db(`SELECT count(*) FROM oidc_identity WHERE subject = 'mailer'`), ['1']);
  });

  test('someone signed in links the identity to their own account', async () => {
    const b = await signUp(server, 'signed-in@example.jp');
    const { r } = await signIn(b, 'second-identity');
    assert.equal(r.status, 303);
    assert.equal(await signedInAs(b), 'signed-in@example.jp');
    assert.deepEqual(db(`SELECT u.email FROM oidc_identity i JOIN "user" u ON u.id = i.user_id WHERE i.subject = 'second-identity'`), ['signed-in@example.jp']);
    // a second identity of the same provider for that account is refused
    const other = await signIn(b, 'third-identity');
    assert.equal(other.r.status, 409);
  });

  test('a provider without an e-mail for a new account gets a clear page', async () => {
    const b = new Browser(server.port);
    const { r } = await signIn(b, 'no-email');
    assert.equal(r.status, 400);
    assert.match(r.text, /メールアドレスが届かなかった/);
  });

  test("an owner's sign-in with the claims' corporate number verifies the organisation", async () => {
    const b = new Browser(server.port);
    await signIn(b, 'owner-sakura');
    assert.equal(await signedInAs(b), 'owner@sakura.example.jp');
    await createOrg(b); // ORG_FORM's number: 7123456789012, as the claims say
    const level = () => db(`SELECT identity FROM organisation WHERE corporate_number = '7123456789012'`);
    assert.deepEqual(level(), ['unverified']);
    const again = new Browser(server.port);
    const { r } = await signIn(again, 'owner-sakura');
    assert.equal(r.status, 303);
    assert.deepEqual(level(), ['business_id']);
    assert.deepEqual(db(`SELECT identity_source FROM organisation WHERE corporate_number = '7123456789012'`), [op.issuer]);
    assert.deepEqual(db(`SELECT detail FROM audit WHERE action = 'identity.verify'`), ['business_id']);
    // verified already: the next sign-in writes nothing more
    await signIn(new Browser(server.port), 'owner-sakura');
    assert.deepEqual(db(`SELECT count(*) FROM audit WHERE action = 'identity.verify'`), ['1']);
  });

  test('a number held by an unverified organisation moves to the firm its owner proves', async () => {
    const squatter = await signUp(server, 'squatter@example.jp');
    await createOrg(squatter, { corporate_number: '9700150005075', name: '横取り商事株式会社' });
    const real = new Browser(server.port);
    await signIn(real, 'owner-squat');
    // the real firm's organisation, its number still to be won
    await createOrg(real, { corporate_number: '9111111111111', name: '楓工業株式会社' });
    db(`UPDATE organisation SET corporate_number = '' WHERE corporate_number = '9111111111111'`);
    const seen = mailsTo(server.tmpDir, 'squatter@example.jp').length;
    const again = new Browser(server.port);
    await signIn(again, 'owner-squat');
    assert.deepEqual(db(`SELECT name, identity FROM organisation WHERE corporate_number = '9700150005075'`), ['楓工業株式会社|business_id']);
    assert.deepEqual(db(`SELECT count(*) FROM organisation WHERE name = '横取り商事株式会社' AND coalesce(corporate_number, '') = ''`), ['1']);
    // its owner is told; a case waits in the administrators' queue
    const told = await nextMail(server.tmpDir, 'squatter@example.jp', seen);
    assert.match(told, /9700150005075/);
    assert.deepEqual(db(`SELECT count(*) FROM identity_claim`), ['1']);
  });

  test('a provider that is down gives a clear page, and the password still signs in', async () => {
    const b = new Browser(server.port);
    const r = await b.get('/login/oidc/down');
    assert.equal(r.status, 502);
    assert.match(r.text, /接続できませんでした/);
    assert.match(r.text, /href="\/login"/);
    await signUp(server, 'password-user@example.jp');
    const p = new Browser(server.port);
    const login = await p.submit('/login', { email: 'password-user@example.jp', password: PASSWORD });
    assert.equal(login.status, 303);
    assert.equal(await signedInAs(p), 'password-user@example.jp');
  });

  test('a provider that goes down between the start and the callback gives the same page', async () => {
    const flaky = await startBadProvider();
    const other = await startServer({
      env: { MAMORI_OIDC_INSECURE_LOOPBACK: '1', MAMORI_OIDC_PROVIDERS: 'bad', ...badEnv(flaky.issuer) },
    });
    try {
      const b = new Browser(other.port);
      const r = await b.get('/login/oidc/bad');
      assert.equal(r.status, 303);
      const back = await fetch(r.headers.location, { redirect: 'manual' });
      await flaky.stop(); // the code is issued; the token endpoint is gone
      const callback = await b.get(local(back.headers.get('location')));
      assert.equal(callback.status, 502);
      assert.match(callback.text, /接続できませんでした/);
      assert.equal(await signedInAs(b), null);
      const p = await signUp(other, 'after-the-outage@example.jp');
      assert.equal(await signedInAs(p), 'after-the-outage@example.jp');
    } finally {
      const stopped = await other.stop();
      assertNoSanitizerReports(stopped.stderr, 'second mamori');
    }
  });
});

describe('the key set', () => {
  test('a token under a key the cached set lacks fetches the set again, at most once a minute', { timeout: 120_000 }, async () => {
    const rotating = await startBadProvider();
    const other = await startServer({
      env: { MAMORI_OIDC_INSECURE_LOOPBACK: '1', MAMORI_OIDC_PROVIDERS: 'bad', ...badEnv(rotating.issuer) },
    });
    const attempt = async () => {
      const b = new Browser(other.port);
      const r = await b.get('/login/oidc/bad');
      const back = await fetch(r.headers.location, { redirect: 'manual' });
      return b.get(local(back.headers.get('location')));
    };
    try {
      const firstFetch = Date.now();
      assert.equal((await attempt()).status, 303);
      assert.equal((await attempt()).status, 303);
      assert.equal(rotating.jwksRequests, 1, 'the key set is cached');
      rotating.rotate();
      // the set was fetched less than a minute ago: not again, so the new key is unknown
      const r = await attempt();
      assert.equal(r.status, 400);
      assert.equal(rotating.jwksRequests, 1, 'an unknown kid does not fetch the set within the minute');
      // a minute later the unknown kid fetches the set again, and the new key verifies
      await sleep(Math.max(0, firstFetch + 61_000 - Date.now()));
      assert.equal((await attempt()).status, 303);
      assert.equal(rotating.jwksRequests, 2);
    } finally {
      const stopped = await other.stop();
      assertNoSanitizerReports(stopped.stderr, 'mamori with a rotating provider');
      await rotating.stop();
    }
  });
});

describe('attacks through the ID token', () => {
  const cases = [
    ['wrong-signature', 'a token signed by another key under the provider\'s kid'],
    ['wrong-audience', 'a token for another client'],
    ['expired', 'an expired token'],
    ['no-nonce', 'a token without the nonce'],
    ['wrong-nonce', 'a token with another sign-in\'s nonce'],
    ['wrong-issuer', 'a token from another issuer'],
    ['alg-none', 'an unsigned token (alg none)'],
    ['hs256', 'a token "signed" with HS256 and the public key'],
  ];
  for (const [mode, what] of cases) {
    test(`${what} signs nobody in`, async () => {
      bad.mode = mode;
      const b = new Browser(server.port);
      const to = await start(b, 'bad');
      const back = await fetch(to, { redirect: 'manual' });
      const r = await b.get(local(back.headers.get('location')));
      assert.equal(r.status, 400, `${mode}: ${r.status}`);
      assert.match(r.text, /確かめられなかった/);
      assert.equal(await signedInAs(b), null);
      assert.deepEqual(db(`SELECT count(*) FROM "user" WHERE email = 'bad-user@example.jp'`), ['0']);
    });
  }

  test('claims of the userinfo endpoint complete the token only for its subject', async () => {
    const viaUserinfo = async (mode) => {
      bad.mode = mode;
      const b = new Browser(server.port);
      const back = await fetch(await start(b, 'bad'), { redirect: 'manual' });
      return { b, r: await b.get(local(back.headers.get('location'))) };
    };
    const other = await viaUserinfo('userinfo-other-sub');
    assert.equal(other.r.status, 400);
    assert.match(other.r.text, /メールアドレスが届かなかった/);
    const same = await viaUserinfo('userinfo');
    assert.equal(same.r.status, 303);
    assert.equal(await signedInAs(same.b), 'info-user@example.jp');
  });

  test('the same provider with a good token signs in (the cases above fail for their fault alone)', async () => {
    bad.mode = 'good';
    const b = new Browser(server.port);
    const back = await fetch(await start(b, 'bad'), { redirect: 'manual' });
    const r = await b.get(local(back.headers.get('location')));
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.equal(await signedInAs(b), 'bad-user@example.jp');
  });
});
