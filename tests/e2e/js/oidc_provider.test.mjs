// Issue 14 against an independent certified provider: npm oidc-provider upstream of dexcc, driven
// by openid-client downstream. The oidc connector with claims from userinfo (groups, PKCE required
// by the provider, client_secret_basic, refresh through the upstream) and with claims in the ID
// token alone (client_secret_post through basicAuthUnsupported); the oauth connector through the
// provider's token and userinfo endpoints. dexcc starts before the providers, so its oidc
// connectors first fail discovery and are opened on the first login that needs them.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';

import { describeDexcc, freePort } from './lib/dexcc.mjs';
import { encodeSub, kMockConnector, kWebClient, staticClient } from './lib/fixtures.mjs';
import { authorizationRequest, checksFor, discover } from './lib/oidc.mjs';
import { browseWithCookies, kJane, startProvider } from './lib/oidc_provider.mjs';
import { loadPackages } from './lib/packages.mjs';

const { 'openid-client': client, 'oidc-provider': providerModule } = await loadPackages('openid-client', 'oidc-provider');
const Provider = providerModule.default;

const kTimeout = { timeout: 180_000 };
const portUserinfo = await freePort();
const portIdToken = await freePort();
const upstream = (port) => `http://127.0.0.1:${port}`;

let dexcc;  // the server; the connectors' redirectURI is read from it when it writes its config
const callback = () => `${dexcc.issuer}/callback`;
function connector(type, id, config) {
  return { type, id, name: id, config: { ...config, get redirectURI() { return callback(); } } };
}

const config = {
  staticClients: [staticClient(kWebClient)],
  oauth2: { skipApprovalScreen: true },
  connectors: [
    kMockConnector,
    connector('oidc', 'userinfo', {
      issuer: upstream(portUserinfo), clientID: 'dexcc', clientSecret: 'dexcc-secret',
      scopes: ['profile', 'email', 'groups', 'offline_access'], getUserInfo: true, insecureEnableGroups: true,
    }),
    connector('oidc', 'idtoken', {
      issuer: upstream(portIdToken), clientID: 'dexcc-post', clientSecret: 'post-secret', basicAuthUnsupported: true,
      scopes: ['profile', 'email', 'offline_access'],
    }),
    connector('oauth', 'generic', {
      clientID: 'dexcc-oauth', clientSecret: 'oauth-secret',
      authorizationURL: `${upstream(portUserinfo)}/auth`, tokenURL: `${upstream(portUserinfo)}/token`,
      userInfoURL: `${upstream(portUserinfo)}/me`, scopes: ['openid', 'profile', 'email', 'groups'],
      userIDKey: 'sub', claimMapping: { userNameKey: 'name' },
    }),
  ],
};

describeDexcc('oidc and oauth connectors against oidc-provider', { config }, (dex, it) => {
  dexcc = dex;
  const providers = [];
  before(async () => {
    const grants = ['authorization_code', 'refresh_token'];
    providers.push(await startProvider(Provider, {
      port: portUserinfo,
      pkceRequiredFor: ['dexcc'],  // the oidc connector's client; dex's oauth connector sends no PKCE
      clients: [
        { client_id: 'dexcc', client_secret: 'dexcc-secret', redirect_uris: [callback()], grant_types: grants, response_types: ['code'] },
        { client_id: 'dexcc-oauth', client_secret: 'oauth-secret', redirect_uris: [callback()], grant_types: grants, response_types: ['code'] },
      ],
    }));
    providers.push(await startProvider(Provider, {
      port: portIdToken,
      conformIdTokenClaims: false,
      clients: [{ client_id: 'dexcc-post', client_secret: 'post-secret', redirect_uris: [callback()], grant_types: grants,
        response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
    }));
  });
  after(async () => Promise.all(providers.map((p) => p.close())));

  let oidc;
  // The whole chain for `connectorId`, ending in openid-client's token set.
  async function loginThrough(connectorId, scope) {
    oidc ??= await discover(client, dex, kWebClient);
    const req = await authorizationRequest(client, oidc, { redirect: kWebClient.redirect, scope, extra: { connector_id: connectorId } });
    const back = await browseWithCookies(req.url.href, kWebClient.redirect);
    return client.authorizationCodeGrant(oidc, back, checksFor(req));
  }

  let refreshToken;
  it('oidc with userinfo: claims and groups from userinfo, PKCE, Basic client auth', kTimeout, async () => {
    const tokens = await loginThrough('userinfo', 'openid email profile groups offline_access');
    const claims = tokens.claims();
    assert.equal(claims.sub, encodeSub(kJane.sub, 'userinfo'));
    assert.equal(claims.name, kJane.name);
    assert.equal(claims.preferred_username, kJane.preferred_username);
    assert.equal(claims.email, kJane.email);
    assert.equal(claims.email_verified, true);
    assert.deepEqual(claims.groups, kJane.groups);
    assert.ok(tokens.refresh_token, 'offline_access through a refreshing connector gives a refresh token');
    refreshToken = tokens.refresh_token;
  });

  it('refresh goes through the upstream with its refresh token', kTimeout, async () => {
    const tokens = await client.refreshTokenGrant(oidc, refreshToken);
    assert.equal(tokens.claims().email, kJane.email);
    assert.deepEqual(tokens.claims().groups, kJane.groups);
    const again = await client.refreshTokenGrant(oidc, tokens.refresh_token);
    assert.equal(again.claims().sub, encodeSub(kJane.sub, 'userinfo'));
  });

  it('oidc without userinfo: claims from the ID token, client_secret_post', kTimeout, async () => {
    const tokens = await loginThrough('idtoken', 'openid email profile offline_access');
    const claims = tokens.claims();
    assert.equal(claims.sub, encodeSub(kJane.sub, 'idtoken'));
    assert.equal(claims.name, kJane.name);
    assert.equal(claims.email, kJane.email);
    assert.equal(claims.groups, undefined);
    const refreshed = await client.refreshTokenGrant(oidc, tokens.refresh_token);
    assert.equal(refreshed.claims().name, kJane.name);
  });

  it('oauth through the token and userinfo endpoints; no refresh token', kTimeout, async () => {
    const tokens = await loginThrough('generic', 'openid email profile groups offline_access');
    const claims = tokens.claims();
    assert.equal(claims.sub, encodeSub(kJane.sub, 'generic'));
    assert.equal(claims.name, kJane.name);
    assert.equal(claims.email, kJane.email);
    assert.deepEqual(claims.groups, [...kJane.groups].sort());
    assert.equal(tokens.refresh_token, undefined);
  });
});
