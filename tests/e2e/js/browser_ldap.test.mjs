// The ldap connector in a real browser: headless Chromium (npm playwright-core) logs in to the real
// dexcc binary through the LDAP password form, in front of a private slapd: the connector's
// prompt, a wrong password refused, then the right one, and the code redeemed by openid-client with
// the directory's identity and groups. Exits 77 (skip) when Chromium, slapd or the npm packages in
// tests/js are missing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';

import { freePort, withDexcc } from './lib/dexcc.mjs';
import { encodeSub, kWebClient, staticClient } from './lib/fixtures.mjs';
import { authorizationRequest, checksFor, discover } from './lib/oidc.mjs';
import { kExitSkip, loadPackages } from './lib/packages.mjs';
import { kLdapUser, slapdAvailable, startSlapd } from './lib/slapd.mjs';

const kChromium = '/usr/bin/chromium';
if (!existsSync(kChromium) || !slapdAvailable()) {
  console.log('SKIP: chromium or slapd is not installed');
  process.exit(kExitSkip);
}
const { 'openid-client': client, 'playwright-core': playwrightModule } = await loadPackages('openid-client', 'playwright-core');
const { chromium } = playwrightModule.default ?? playwrightModule;

const kClientPort = await freePort();
const kClient = { ...kWebClient, redirect: `http://127.0.0.1:${kClientPort}/callback` };
const clientServer = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('back at the client'));

let browser;
let slapd;
before(async () => {
  await new Promise((resolve) => clientServer.listen(kClientPort, '127.0.0.1', resolve));
  slapd = await startSlapd();
  browser = await chromium.launch({
    executablePath: kChromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});
after(async () => {
  await browser?.close();
  await slapd?.stop();
  clientServer.close();
});

describe('browser login through the ldap connector', () => {
  it('logs in with the LDAP password form', { timeout: 180_000 }, async () => {
    const config = {
      staticClients: [staticClient(kClient)],
      oauth2: { skipApprovalScreen: true },
      connectors: [{
        type: 'ldap',
        id: 'ldap',
        name: 'Corporate LDAP',
        config: {
          host: slapd.host,
          insecureNoSSL: true,
          usernamePrompt: 'Corporate ID',
          userSearch: {
            baseDN: 'dc=example,dc=org', filter: '(objectClass=inetOrgPerson)', username: 'uid',
            idAttr: 'employeeNumber', emailAttr: 'mail', nameAttr: 'cn', preferredUsernameAttr: 'uid',
          },
          groupSearch: { baseDN: 'dc=example,dc=org', userMatchers: [{ userAttr: 'DN', groupAttr: 'member' }], nameAttr: 'cn' },
        },
      }],
    };
    await withDexcc({ config }, async (dex) => {
      const oidc = await discover(client, dex, kClient);
      const req = await authorizationRequest(client, oidc, { redirect: kClient.redirect, scope: 'openid profile email groups' });
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        // The only connector: dexcc goes straight to its password form.
        await page.goto(req.url.href);
        await page.waitForURL('**/dex/auth/ldap/login**');
        assert.ok((await page.content()).includes('Corporate ID'));

        await page.fill('#login', kLdapUser.uid);
        await page.fill('#password', 'not-the-password');
        const [rejected] = await Promise.all([page.waitForNavigation(), page.click('#submit-login')]);
        assert.equal(rejected.status(), 401);
        assert.equal(await page.locator('#login-error').textContent(), 'Invalid Corporate ID and password.');

        await page.fill('#password', kLdapUser.password);
        await Promise.all([page.waitForURL(`${kClient.redirect}**`), page.click('#submit-login')]);
        const callback = new URL(page.url());
        assert.ok(callback.searchParams.get('code'), `no code in ${callback}`);

        const tokens = await client.authorizationCodeGrant(oidc, callback, checksFor(req));
        const claims = tokens.claims();
        assert.equal(claims.sub, encodeSub(kLdapUser.id, 'ldap'));
        assert.equal(claims.email, kLdapUser.email);
        assert.equal(claims.name, kLdapUser.name);
        assert.equal(claims.preferred_username, kLdapUser.uid);
        assert.deepEqual(claims.groups, ['admins']);
      } finally {
        await context.close();
      }
    });
  });
});
