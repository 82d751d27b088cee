// The saml connector in a real browser: headless Chromium follows dexcc's auto-POST page to npm
// samlify's IdP (HTTP-POST binding), fills the IdP's login form, and the IdP's auto-POST page
// carries the signed Response back to dexcc's /callback and on to the client, where openid-client
// redeems the code. Exits 77 (skip) only when Chromium or the npm packages in tests/js are missing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before } from 'node:test';

import { describeDexcc, freePort } from './lib/dexcc.mjs';
import { encodeSub, kWebClient, staticClient } from './lib/fixtures.mjs';
import { authorizationRequest, checksFor, discover } from './lib/oidc.mjs';
import { kExitSkip, loadPackages } from './lib/packages.mjs';
import { SamlIdp } from './lib/saml_idp.mjs';

const kChromium = '/usr/bin/chromium';
if (!existsSync(kChromium)) {
  console.log(`SKIP: ${kChromium} is not installed`);
  process.exit(kExitSkip);
}
const { samlify: samlifyModule, 'openid-client': client, 'playwright-core': playwrightModule } =
  await loadPackages('samlify', 'openid-client', 'playwright-core');
const samlify = samlifyModule.default ?? samlifyModule;  // CommonJS packages
const { chromium } = playwrightModule.default ?? playwrightModule;

const kTimeout = { timeout: 180_000 };
const kClientPort = await freePort();
const kClient = { ...kWebClient, redirect: `http://127.0.0.1:${kClientPort}/callback` };
const clientServer = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('back at the client'));
const kUser = { username: 'ana', password: 'pw-ana', id: 'ana-42', email: 'ana@example.com', name: 'Ana Lima', groups: ['ops'] };

let dex;
const idp = new SamlIdp({ samlify, users: [kUser], sp: () => ({ entityID: `${dex.issuer}/saml`, acsUrl: `${dex.issuer}/callback` }) });

let browser;
before(async () => {
  await idp.start();
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
  await idp.stop();
});

const config = {
  staticClients: [staticClient(kClient)],
  connectors: [{
    type: 'saml',
    id: 'corp',
    name: 'Corp SSO',
    config: {
      get ssoURL() { return idp.ssoUrl; },
      get caData() { return Buffer.from(idp.signing.cert).toString('base64'); },
      get redirectURI() { return `${dex.issuer}/callback`; },
      get entityIssuer() { return `${dex.issuer}/saml`; },
      ssoIssuer: 'https://samlify-idp.example',
      usernameAttr: 'name',
      emailAttr: 'email',
      groupsAttr: 'groups',
      groupsDelim: ',',
    },
  }],
};

describeDexcc('browser login through the saml connector', { config }, (d, it) => {
  dex = d;
  it('client -> dexcc auto-POST -> IdP login form -> IdP auto-POST -> dexcc approval -> client', kTimeout, async () => {
    const oidc = await discover(client, dex, kClient);
    const req = await authorizationRequest(client, oidc, { redirect: kClient.redirect, scope: 'openid email profile groups' });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(req.url.href);
      await page.waitForURL(idp.ssoUrl);
      await page.fill('#username', kUser.username);
      await page.fill('#password', kUser.password);
      await Promise.all([page.waitForURL(`${dex.issuer}/approval**`), page.click('#signin')]);
      await assert.doesNotReject(page.getByText('Example App').first().waitFor());
      await Promise.all([page.waitForURL(`${kClient.redirect}**`), page.click('#grant-access')]);
      const callback = new URL(page.url());
      assert.equal(callback.searchParams.get('state'), req.state);
      const tokens = await client.authorizationCodeGrant(oidc, callback, checksFor(req));
      const claims = tokens.claims();
      assert.equal(claims.sub, encodeSub(kUser.id, 'corp'));
      assert.equal(claims.email, kUser.email);
      assert.equal(claims.name, kUser.name);
      assert.deepEqual(claims.groups, kUser.groups);
      assert.equal(claims.nonce, req.nonce);
    } finally {
      await context.close();
    }
  });
});
