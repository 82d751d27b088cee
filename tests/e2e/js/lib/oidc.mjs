// openid-client steps the e2e scripts share: discovery of a running dexcc and an authorization
// request with PKCE S256 and a nonce, walked to the client's redirect by the cookie-less browser.
import { browse } from './browse.mjs';

// Discovery of `dex` for the client {id, secret?, ...client metadata}; no secret = public client.
export async function discover(client, dex, { id, secret, ...metadata }) {
  const options = { execute: [client.allowInsecureRequests] };
  if (secret === undefined) return client.discovery(new URL(dex.issuer), id, metadata, client.None(), options);
  return client.discovery(new URL(dex.issuer), id, { client_secret: secret, ...metadata }, undefined, options);
}

// An authorization URL with PKCE S256, a nonce and (unless withState is false) a state.
export async function authorizationRequest(client, config, { redirect, scope = 'openid email profile groups offline_access', withState = true, extra = {} }) {
  const verifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const state = withState ? client.randomState() : undefined;
  const params = {
    redirect_uri: redirect,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    ...(state ? { state } : {}),
    ...extra,
  };
  return { url: client.buildAuthorizationUrl(config, params), verifier, nonce, state };
}

// Logs in through `connector` (approving when asked) and returns the request plus the `callback`
// URL dexcc redirected to and the `pages` filled on the way.
export async function login(client, config, { redirect, connector = 'mock', username, password, ...request }) {
  const req = await authorizationRequest(client, config, { redirect, ...request });
  const walk = await browse(req.url, { stopAt: redirect, connector, username, password });
  if (!walk.redirect) throw new Error(`login ended on a page (${walk.status}) instead of the redirect: ${walk.trail.join(', ')}`);
  return { ...req, callback: walk.redirect, pages: walk.pages };
}

// The checks for client.authorizationCodeGrant that belong to `req`.
export function checksFor(req) {
  return { pkceCodeVerifier: req.verifier, expectedNonce: req.nonce, expectedState: req.state, idTokenExpected: true };
}
