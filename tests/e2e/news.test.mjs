// news.test.mjs — news in a real browser, on a 360 px phone in Japanese:
// from / to /news; an administrator writes an article (a draft first,
// then published) and one for a community, the editors' list, the
// article page, the community's page with its news, the Atom feed parsed
// by the browser's own XML parser, and the digest's setting reached from
// the account page. Every page: one <h1>, no sideways scrolling, tap
// targets of 44 px, axe-core with no violations.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { checkPage, clickAndWait, launchBrowser, signUpInBrowser, startServer, viewportOptions } from './helpers.mjs';

const TEST_TIMEOUT_MS = 180_000;
const EMAIL = `news-admin-${process.pid}@example.jp`;
const PASSWORD = 'lantern over the quiet harbour';

let server;
let browser;

function db(sql) {
  const r = spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 5000', path.join(server.tmpDir, 'mamori.db'), sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('news at 360 px in Japanese', () => {
  test('from / to /news, writing as an administrator, the article, the feed, the digest', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await browser.newContext({ ...viewportOptions(360), bypassCSP: true, locale: 'ja-JP' });
    try {
      const page = await context.newPage();
      const check = (name) => checkPage(page, { lang: 'ja', name });
      await signUpInBrowser(page, server, { email: EMAIL, password: PASSWORD, lang: 'ja' });
      db(`UPDATE "user" SET is_admin = 1 WHERE email = '${EMAIL}'`);
      const community = db(`INSERT INTO community (name, prefectures, industry, description, join_policy, created_at, updated_at)
        VALUES ('北のセキュリティ勉強会', 1, '', '地域の勉強会です。', 'open', 1, 1) RETURNING id`);

      // from the home page
      await page.goto(`${server.url}/?lang=ja`);
      await clickAndWait(page, page.locator('main a[href="/news"]'));
      assert.equal(new URL(page.url()).pathname, '/news');
      await check('news-empty-ja-360');
      assert.ok(await page.locator('footer a[href="/news"]').count(), 'the footer links to /news');

      // an administrator's draft, then published
      await page.goto(`${server.url}/admin/news`);
      await check('news-manage-ja-360');
      await clickAndWait(page, page.locator('main a[href="/admin/news/new"]'));
      await check('news-new-ja-360');
      await page.locator('#title').fill('冬の机上演習のお知らせ');
      await page.locator('#slug').fill('winter-tabletop');
      await page.locator('#summary').fill('ランサムウェアを想定した机上演習を開きます。');
      await page.locator('#body').fill('## 内容\n\n- 最初の一時間にすること\n- 連絡する相手\n\n[困ったとき](/help)');
      await page.locator('#tags').fill('演習、ランサムウェア');
      await page.locator('#author').fill('運営者');
      await page.locator('input[name="publish"][value="draft"]').check();
      await clickAndWait(page, page.locator('main form button[type="submit"]'));
      assert.match(page.url(), /\/admin\/news\/\d+\?notice=saved$/);
      await check('news-edit-draft-ja-360');
      // a mistake is shown in the form, with what was typed kept
      await page.locator('#slug').fill('Winter Tabletop');
      await clickAndWait(page, page.locator('main form button[type="submit"]'));
      assert.equal(await page.locator('.error-summary').count(), 1);
      assert.equal(await page.locator('#title').inputValue(), '冬の机上演習のお知らせ');
      await check('news-edit-error-ja-360');
      await page.locator('#slug').fill('winter-tabletop');
      await page.locator('input[name="publish"][value="now"]').check();
      await clickAndWait(page, page.locator('main form button[type="submit"]'));
      assert.match(page.url(), /\?notice=saved$/);
      assert.equal(await page.locator('#slug').getAttribute('readonly'), '', 'a published slug is fixed');

      // the article, and the list
      await page.goto(`${server.url}/news`);
      await clickAndWait(page, page.locator('main .news-card a[href="/news/winter-tabletop"]'));
      await check('news-article-ja-360');
      assert.equal((await page.locator('h1').textContent()).trim(), '冬の机上演習のお知らせ');
      assert.ok(await page.locator('.news-body h2').count(), 'the body rendered from CommonMark');
      await page.goto(`${server.url}/news`);
      await check('news-list-ja-360');

      // a community's article and the community's page
      await page.goto(`${server.url}/communities/${community}/news/new`);
      await page.locator('#title').fill('勉強会の報告');
      await page.locator('#slug').fill('study-report');
      await page.locator('#summary').fill('偽メールの見分け方を話し合いました。');
      await page.locator('#body').fill('参加ありがとうございました。');
      await page.locator('#author').fill('北のセキュリティ勉強会');
      await page.locator('input[name="publish"][value="now"]').check();
      await clickAndWait(page, page.locator('main form button[type="submit"]'));
      assert.match(page.url(), new RegExp(`/communities/${community}/news/\\d+\\?notice=saved$`));
      await page.goto(`${server.url}/communities/${community}/news`);
      await check('news-community-manage-ja-360');
      await page.goto(`${server.url}/communities/${community}`);
      assert.ok(await page.locator('main a[href="/news/study-report"]').count(), 'the community page lists its news');
      await check('community-with-news-ja-360');

      // the feeds, read by the browser's XML parser
      for (const feed of ['/news.atom', `/communities/${community}/news.atom`]) {
        const r = await page.request.get(`${server.url}${feed}`);
        assert.match(r.headers()['content-type'], /^application\/atom\+xml/);
        const parsed = await page.evaluate((xml) => {
          const d = new DOMParser().parseFromString(xml, 'application/xml');
          return {
            error: d.querySelector('parsererror')?.textContent ?? null,
            root: d.documentElement.namespaceURI,
            entries: [...d.querySelectorAll('entry > title')].map((t) => t.textContent),
          };
        }, await r.text());
        assert.equal(parsed.error, null, feed);
        assert.equal(parsed.root, 'http://www.w3.org/2005/Atom');
        assert.ok(parsed.entries.includes('勉強会の報告'), feed);
      }

      // the digest, from the account page
      await page.goto(`${server.url}/account`);
      await clickAndWait(page, page.locator('main a[href="/account/news-digest"]'));
      await check('news-digest-ja-360');
      await page.locator('#digest').check();
      await clickAndWait(page, page.locator('main form button[type="submit"]'));
      assert.match(page.url(), /\/account\/news-digest\?notice=on$/);
      assert.ok(await page.locator('#digest').isChecked());
      await check('news-digest-on-ja-360');
    } finally {
      await context.close();
    }
  });
});
