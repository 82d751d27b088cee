// Issue 14 in a real browser: headless Chromium goes the whole federation chain — the client's
// authorization request to dexcc, dexcc's oidc connector to an upstream dexcc, the upstream's
// password form, back through dexcc's callback and approval page to the client — and openid-client
// redeems the code. The token set's claims must be the upstream user's. Exits 77 (skip) only when
// Chromium or the npm packages in tests/js are missing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before } from 'node:test';

import { Dexcc, describeDexcc, freePort } from './lib/dexcc.mjs';
import { encodeSub, kAdmin, kWebClient, staticClient, staticPassword } from './lib/fixtures.mjs';
import { authorizationRequest, checksFor, discover } from './lib/oidc.mjs';
import { kExitSkip, loadPackages } from './lib/packages.mjs';

const kChromium = '/usr/bin/chromium';
if (!existsSync(kChromium)) {
  console.log(`SKIP: ${kChromium} is not installed`);
  process.exit(kExitSkip);
}
const { 'openid-client': client, 'playwright-core': playwrightModule } = await loadPackages('openid-client', 'playwright-core');
const { chromium } = playwrightModule.default ?? playwrightModule;  // a CommonJS package

const kTimeout = { timeout: 180_000 };
const kClientPort = await freePort();
const kClient = { ...kWebClient, redirect: `http://127.0.0.1:${kClientPort}/callback` };
const clientServer = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('back at the client'));

// The upstream OpenID provider: another dexcc, its password database the user source, and a public
// client (any loopback callback is accepted) that still authenticates with its secret.
const upstream = new Dexcc({
  config: {
    staticClients: [{ id: 'dexcc', secret: 'dexcc-secret', name: 'Downstream dexcc', public: true }],
    enablePasswordDB: true,
    staticPasswords: [staticPassword(kAdmin)],
    oauth2: { skipApprovalScreen: true },
  },
});

let browser;
before(async () => {
  await upstream.start();
  await new Promise((resolve) => clientServer.listen(kClientPort, '127.0.0.1', resolve));
  browser = await chromium.launch({
    executablePath: kChromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});
after(async () => {
  await browser?.close();
  clientServer.close();
  await upstream.stop();
  upstream.removeDir();
});

let downstream;  // its connector's redirectURI is read when it writes its config
const config = {
  staticClients: [staticClient(kClient)],
  connectors: [{
    type: 'oidc',
    id: 'corp',
    name: 'Corp SSO',
    config: {
      get issuer() { return upstream.issuer; },
      get redirectURI() { return `${downstream.issuer}/callback`; },
      clientID: 'dexcc',
      clientSecret: 'dexcc-secret',
      scopes: ['profile', 'email', 'offline_access'],
    },
  }],
};

describeDexcc('browser federation through the oidc connector', { config }, (dex, it) => {
  downstream = dex;
  it('client -> dexcc -> upstream login form -> dexcc approval -> client, then openid-client tokens', kTimeout, async () => {
    const oidc = await discover(client, dex, kClient);
    const req = await authorizationRequest(client, oidc, { redirect: kClient.redirect, scope: 'openid email profile offline_access' });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // One connector: dexcc sends the browser straight on to the upstream, which shows its form.
      await page.goto(req.url.href);
      await page.waitForURL(`${upstream.issuer}/auth/local/login**`);
      await page.fill('#login', kAdmin.email);
      await page.fill('#password', kAdmin.password);
      await Promise.all([page.waitForURL(`${dex.issuer}/approval**`), page.click('#submit-login')]);
      await assert.doesNotReject(page.getByText('Example App').first().waitFor());
      await Promise.all([page.waitForURL(`${kClient.redirect}**`), page.click('#grant-access')]);
      const callback = new URL(page.url());
      assert.equal(callback.searchParams.get('state'), req.state);

      const tokens = await client.authorizationCodeGrant(oidc, callback, checksFor(req));
      const claims = tokens.claims();
      assert.equal(claims.iss, dex.issuer);
      assert.equal(claims.sub, encodeSub(encodeSub(kAdmin.userId, 'local'), 'corp'));
      assert.equal(claims.email, kAdmin.email);
      assert.equal(claims.email_verified, true);
      assert.equal(claims.name, kAdmin.name);  // the upstream's name claim for its user
      assert.equal(claims.nonce, req.nonce);
      assert.ok(tokens.refresh_token);
      const refreshed = await client.refreshTokenGrant(oidc, tokens.refresh_token);
      assert.equal(refreshed.claims().email, kAdmin.email);
    } finally {
      await context.close();
    }
  });
});
