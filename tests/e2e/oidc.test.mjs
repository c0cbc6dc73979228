// oidc.test.mjs — "ビジネスIDでログイン" in a real browser on a 360 px
// phone, in Japanese, against a real OpenID Connect provider
// (tests/oidc/provider.mjs, the oidc-provider package): from the log-in
// page through the provider's own login and consent pages back to
// マイページ; the linking page of an account that has the address
// already; and the error page. axe-core finds nothing on mamori's pages
// (the provider's development pages are not ours). The business-ID
// verification of an owner's organisation is tested over HTTP
// (tests/http/oidc.test.mjs).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  checkPage, clickAndWait, launchBrowser, signUpInBrowser, startServer, viewportOptions,
} from './helpers.mjs';
import { mamoriEnv, startProvider } from '../oidc/provider.mjs';

const TEST_TIMEOUT_MS = 120_000;
const PASSWORD = 'correct horse battery staple 9';

let op;
let server;
let browser;
let secretFile;

before(async () => {
  op = await startProvider();
  secretFile = `${fs.mkdtempSync('/tmp/mamori-oidc-e2e-')}/secret`;
  fs.writeFileSync(secretFile, 'test-client-secret-0123456789\n');
  server = await startServer({ env: { MAMORI_OIDC_PROVIDERS: 'gbiz', ...mamoriEnv(op.issuer, secretFile) } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await op?.stop();
});

async function phone() {
  return browser.newContext({ ...viewportOptions(360), bypassCSP: true, locale: 'ja-JP' });
}

/** From mamori's log-in page, through the provider's pages, as login. */
async function signInWithBusinessId(page, login) {
  await page.goto(`${server.url}/login?lang=ja`);
  await checkPage(page, { lang: 'ja', name: 'oidc-login' });
  await page.getByRole('link', { name: 'ビジネスIDでログイン' }).click();
  await page.waitForURL((u) => u.href.startsWith(op.issuer));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();
  // the provider asks for consent once per client and account
  await page.waitForURL((u) => u.href.startsWith(server.url) || /\/interaction\//.test(u.pathname));
  if (page.url().startsWith(op.issuer)) {
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await page.waitForURL((u) => u.href.startsWith(server.url) && !u.pathname.includes('/callback'));
}

describe('sign-in with the business ID at 360 px in Japanese', () => {
  test('a new user signs in through the provider\'s pages and lands on マイページ, signed in', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await phone();
    try {
      const page = await context.newPage();
      await signInWithBusinessId(page, 'owner-sakura');
      assert.equal(new URL(page.url()).pathname, '/home');
      await checkPage(page, { lang: 'ja', name: 'oidc-home' });
    } finally {
      await context.close();
    }
  });

  test('an account with the address already is linked with its password, on an accessible page', { timeout: TEST_TIMEOUT_MS }, async () => {
    const first = await phone();
    try {
      await signUpInBrowser(await first.newPage(), server, { email: 'linker@example.jp', password: PASSWORD, lang: 'ja' });
    } finally {
      await first.close();
    }
    const context = await phone();
    try {
      const page = await context.newPage();
      await signInWithBusinessId(page, 'linker');
      assert.equal(new URL(page.url()).pathname, '/login/oidc/gbiz/link');
      await checkPage(page, { lang: 'ja', name: 'oidc-link' });
      await page.locator('#password').fill('not the password at all');
      let resp = await clickAndWait(page, page.locator('main form button[type="submit"]').first());
      assert.equal(resp.status(), 422);
      await checkPage(page, { lang: 'ja', name: 'oidc-link-wrong-password' });
      await page.locator('#password').fill(PASSWORD);
      resp = await clickAndWait(page, page.locator('main form button[type="submit"]').first());
      assert.equal(resp.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/home');
    } finally {
      await context.close();
    }
  });

  test('a used or forged sign-in ends on a clear error page with the way back', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await phone();
    try {
      const page = await context.newPage();
      const resp = await page.goto(`${server.url}/login/oidc/gbiz/callback?state=forged&code=x&lang=ja`);
      assert.equal(resp.status(), 400);
      await checkPage(page, { lang: 'ja', name: 'oidc-error' });
      await page.getByRole('link', { name: 'メールアドレスとパスワードでログインする' }).click();
      await page.waitForURL(/\/login$/);
    } finally {
      await context.close();
    }
  });
});
