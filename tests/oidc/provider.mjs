// provider.mjs — a real OpenID Connect provider for the tests: the
// `oidc-provider` package (pinned in package-lock.json) on a loopback
// port, with test clients and users whose claims carry corporate numbers.
// Its development login page accepts any login name; the account is that
// name, and USERS gives some names their claims.
//
//   import { startProvider } from '../oidc/provider.mjs';
//   const op = await startProvider();  // op.issuer, op.stop()
//
// Run alone (`node tests/oidc/provider.mjs`) it prints its issuer and
// serves until stopped, for trying mamori by hand.

import crypto from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

export const CLIENT_SECRET = 'test-client-secret-0123456789';

/** Claims of the test users; any other login gets an address of its own. */
export const USERS = {
  'owner-sakura': { email: 'owner@sakura.example.jp', name: '桜 太郎', corporate_number: '7123456789012' },
  'owner-squat': { email: 'real-owner@kaede.example.jp', name: '楓 一郎', corporate_number: '9700150005075' },
  'linker': { email: 'linker@example.jp', name: '連携 花子' },
  'no-email': { email: null, name: '名無し' },
};

function claimsOf(sub) {
  const u = USERS[sub] ?? { email: `${sub}@users.example.jp`, name: sub };
  const c = { sub, name: u.name };
  if (u.email) Object.assign(c, { email: u.email, email_verified: true });
  if (u.corporate_number) c.corporate_number = u.corporate_number;
  return c;
}

function key(type, kid, alg) {
  const { privateKey } =
    type === 'rsa'
      ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
      : crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

/** Clients: one per mamori provider name; a native client may come back
 * to any loopback port (RFC 8252 7.3), so mamori's port need not be known. */
function client(id, name, alg, auth) {
  return {
    client_id: id,
    client_secret: CLIENT_SECRET,
    application_type: 'native',
    redirect_uris: [`http://127.0.0.1/login/oidc/${name}/callback`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: auth,
    id_token_signed_response_alg: alg,
  };
}

export async function startProvider({ port = 0 } = {}) {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      client('mamori', 'gbiz', 'RS256', 'client_secret_basic'),
      client('mamori-es', 'gbiz-es', 'ES256', 'client_secret_post'),
    ],
    jwks: { keys: [key('rsa', 'rsa-1', 'RS256'), key('ec', 'ec-1', 'ES256')] },
    findAccount: async (ctx, sub) => ({ accountId: sub, claims: async () => claimsOf(sub) }),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      corporate: ['corporate_number'],
    },
    scopes: ['openid', 'email', 'profile', 'corporate'],
    // conformIdTokenClaims (the default): the scopes' claims are given by the
    // userinfo endpoint only, not in the ID token, as many providers do
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['mamori-test-cookie-key'] },
  });
  // Quiet: the development warnings are expected here.
  provider.on('server_error', (ctx, err) => console.error('oidc-provider:', err));
  server.on('request', provider.callback());
  return {
    issuer,
    provider,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}

/** The environment that points a mamori at this provider: gbiz (RS256,
 * client_secret_basic, corporate numbers) and gbiz-es (ES256,
 * client_secret_post, its secret in a file). */
export function mamoriEnv(issuer, secretFile) {
  return {
    MAMORI_OIDC_INSECURE_LOOPBACK: '1',
    MAMORI_OIDC_GBIZ_ISSUER: issuer,
    MAMORI_OIDC_GBIZ_CLIENT_ID: 'mamori',
    MAMORI_OIDC_GBIZ_CLIENT_SECRET: CLIENT_SECRET,
    MAMORI_OIDC_GBIZ_SCOPE: 'openid email profile corporate',
    MAMORI_OIDC_GBIZ_CORPORATE_NUMBER_CLAIM: 'corporate_number',
    MAMORI_OIDC_GBIZ_ES_ISSUER: issuer,
    MAMORI_OIDC_GBIZ_ES_CLIENT_ID: 'mamori-es',
    MAMORI_OIDC_GBIZ_ES_CLIENT_SECRET_FILE: secretFile,
    MAMORI_OIDC_GBIZ_ES_TOKEN_AUTH: 'client_secret_post',
    MAMORI_OIDC_GBIZ_ES_SCOPE: 'openid email profile corporate',
    MAMORI_OIDC_GBIZ_ES_CORPORATE_NUMBER_CLAIM: 'corporate_number',
  };
}

/** Walks the provider's pages as a browser would, from its authorization
 * address to the redirect back to mamori: logs in as login, agrees, and
 * returns the callback address (a path and query of mamori). */
export async function signInAtProvider(authorizationUrl, login) {
  const jar = new Map();
  const send = async (url, init = {}) => {
    const headers = { ...(init.headers ?? {}) };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return r;
  };
  let url = authorizationUrl;
  for (let step = 0; step < 12; step++) {
    const r = await send(url);
    if (r.status >= 300 && r.status < 400) {
      const next = new URL(r.headers.get('location'), url).href;
      if (next.includes('/login/oidc/')) return next;
      url = next;
      continue;
    }
    const html = await r.text();
    if (r.status !== 200) throw new Error(`provider answered ${r.status} at ${url}:\n${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url}:\n${html.slice(0, 500)}`);
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)[1];
    const form = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
    const p = await send(new URL(action, url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    if (p.status < 300 || p.status >= 400) throw new Error(`provider form answered ${p.status}`);
    url = new URL(p.headers.get('location'), url).href;
    if (url.includes('/login/oidc/')) return url;
  }
  throw new Error('the provider did not send the browser back');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const op = await startProvider({ port: Number(process.env.PORT ?? 0) });
  console.log(op.issuer);
}
