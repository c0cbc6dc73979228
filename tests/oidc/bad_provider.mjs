// bad_provider.mjs — a tiny OpenID Connect provider for the attacks: it
// answers discovery, its key set, the authorization (at once, no login
// page) and the token endpoint, and signs the ID token as `mode` says,
// with node's crypto — deliberately wrong where the mode asks. Test code,
// never product code. PKCE is checked as a real provider does, so a
// relying party that sends a wrong verifier gets no token.
//
//   const bad = await startBadProvider();  bad.mode = 'wrong-audience';

import crypto from 'node:crypto';
import http from 'node:http';

export const BAD_CLIENT_ID = 'mamori-bad';
export const BAD_CLIENT_SECRET = 'bad-client-secret';

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function rsa() {
  return crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** Modes: good, wrong-signature (another key under the same kid),
 * wrong-audience, expired, no-nonce, wrong-nonce, wrong-issuer,
 * alg-none, hs256 (the public key as an HMAC secret); userinfo (the
 * address only from the userinfo endpoint) and userinfo-other-sub (which
 * answers for another subject). rotate() makes a
 * new key under a new kid, published and used from then on;
 * jwksRequests counts the fetches of the key set. */
export async function startBadProvider() {
  const key = rsa();
  const other = rsa();
  let kid = 'bad-1';
  const published = [];
  const publish = () => published.push({ ...key.publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' });
  publish();
  const codes = new Map();
  const state = { mode: 'good', tokenRequests: 0, jwksRequests: 0 };
  state.rotate = () => {
    Object.assign(key, rsa());
    kid = `bad-${published.length + 1}`;
    publish();
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, state.issuer);
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: state.issuer,
        authorization_endpoint: `${state.issuer}/auth`,
        token_endpoint: `${state.issuer}/token`,
        jwks_uri: `${state.issuer}/jwks`,
        userinfo_endpoint: `${state.issuer}/userinfo`,
      });
    }
    if (url.pathname === '/jwks') {
      state.jwksRequests++;
      return json(200, { keys: published });
    }
    if (url.pathname === '/userinfo') {
      if (req.headers.authorization !== 'Bearer access-token-1') return json(401, { error: 'invalid_token' });
      const sub = state.mode === 'userinfo-other-sub' ? 'someone-else' : 'info-user';
      return json(200, { sub, email: 'info-user@example.jp', email_verified: true, name: 'Info User' });
    }
    if (url.pathname === '/auth') {
      const code = crypto.randomBytes(16).toString('hex');
      codes.set(code, {
        nonce: url.searchParams.get('nonce'),
        challenge: url.searchParams.get('code_challenge'),
        method: url.searchParams.get('code_challenge_method'),
        redirectUri: url.searchParams.get('redirect_uri'),
      });
      const back = new URL(url.searchParams.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state'));
      res.writeHead(303, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      state.tokenRequests++;
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const auth = req.headers.authorization ?? '';
      const expected = `Basic ${Buffer.from(`${BAD_CLIENT_ID}:${BAD_CLIENT_SECRET}`).toString('base64')}`;
      if (auth !== expected) return json(401, { error: 'invalid_client' });
      const grant = codes.get(form.get('code'));
      codes.delete(form.get('code'));
      const verifier = form.get('code_verifier') ?? '';
      if (
        !grant ||
        grant.method !== 'S256' ||
        crypto.createHash('sha256').update(verifier).digest('base64url') !== grant.challenge ||
        form.get('redirect_uri') !== grant.redirectUri
      ) {
        return json(400, { error: 'invalid_grant' });
      }
      return json(200, { access_token: 'access-token-1', token_type: 'Bearer', id_token: idToken(state, grant) });
    }
    json(404, { error: 'not_found' });
  });

  function idToken(s, grant) {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: s.issuer,
      aud: BAD_CLIENT_ID,
      sub: 'bad-user',
      email: 'bad-user@example.jp',
      email_verified: true,
      iat: now,
      exp: now + 300,
      nonce: grant.nonce,
    };
    let header = { alg: 'RS256', kid, typ: 'JWT' };
    let signer = key.privateKey;
    switch (s.mode) {
      case 'wrong-signature': signer = other.privateKey; break;
      case 'wrong-audience': claims.aud = 'someone-else'; break;
      case 'expired': claims.iat = now - 400; claims.exp = now - 200; break; // iat still fresh: only exp is wrong
      case 'no-nonce': delete claims.nonce; break;
      case 'wrong-nonce': claims.nonce = 'not-the-nonce'; break;
      case 'wrong-issuer': claims.iss = 'http://127.0.0.1:1'; break;
      case 'alg-none': header = { alg: 'none', typ: 'JWT' }; break;
      case 'hs256': header = { alg: 'HS256', kid, typ: 'JWT' }; break;
      case 'userinfo':
      case 'userinfo-other-sub':
        claims.sub = 'info-user';
        delete claims.email;
        delete claims.email_verified;
        break;
      default: break;
    }
    const input = `${b64url(header)}.${b64url(claims)}`;
    if (header.alg === 'none') return `${input}.`;
    if (header.alg === 'HS256') {
      const secret = key.publicKey.export({ format: 'pem', type: 'spki' });
      return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
    }
    return `${input}.${crypto.sign('sha256', Buffer.from(input), signer).toString('base64url')}`;
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.issuer = `http://127.0.0.1:${server.address().port}`;
  state.stop = () => new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(resolve);
  });
  return state;
}

/** The environment for a mamori provider named `bad` pointed at it. */
export function badEnv(issuer) {
  return {
    MAMORI_OIDC_BAD_ISSUER: issuer,
    MAMORI_OIDC_BAD_CLIENT_ID: BAD_CLIENT_ID,
    MAMORI_OIDC_BAD_CLIENT_SECRET: BAD_CLIENT_SECRET,
  };
}
