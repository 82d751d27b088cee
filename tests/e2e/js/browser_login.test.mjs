// Issue 5 in a real browser: headless Chromium (driven by npm playwright-core) logs in to the real
// dexcc binary in each theme — connector list, password form (a wrong password first, then the
// right one), approval page — and lands on the client's redirect with a code, which openid-client
// then redeems. Every page must load without a failed request or a console error, and is saved as
// tests/artifacts/screenshots/login-<theme>-<page>.png. Exits 77 (skip) only when Chromium or the
// npm packages in tests/js are missing.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before } from 'node:test';

import { describeDexcc, freePort } from './lib/dexcc.mjs';
import { encodeSub, kAdmin, kMockConnector, kWebClient, staticClient, staticPassword } from './lib/fixtures.mjs';
import { authorizationRequest, checksFor, discover } from './lib/oidc.mjs';
import { kExitSkip, kRepoRoot, loadPackages } from './lib/packages.mjs';

const kChromium = '/usr/bin/chromium';
if (!existsSync(kChromium)) {
  console.log(`SKIP: ${kChromium} is not installed`);
  process.exit(kExitSkip);
}
const { 'openid-client': client, 'playwright-core': playwrightModule } = await loadPackages('openid-client', 'playwright-core');
const { chromium } = playwrightModule.default ?? playwrightModule;  // a CommonJS package

const kTimeout = { timeout: 180_000 };
const kScreenshots = join(kRepoRoot, 'tests', 'artifacts', 'screenshots');
mkdirSync(kScreenshots, { recursive: true });

// The page background each theme's stylesheet gives: proof the configured theme was served.
const kThemeBackground = { light: 'rgb(243, 245, 249)', dark: 'rgb(14, 17, 23)' };

// The client's redirect URI, served here: Playwright's request routing does not see the requests a
// redirect leads to, so the browser really goes to this small server.
const kClientPort = await freePort();
const kClient = { ...kWebClient, redirect: `http://127.0.0.1:${kClientPort}/callback` };
const clientServer = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('back at the client'));

let browser;
before(async () => {
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
});

// A browser tab that records every failed request, HTTP error on a sub-resource and console error.
async function watchedPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('requestfailed', (r) => page.problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (!r.request().isNavigationRequest() && r.status() >= 400) page.problems.push(`${r.status()} for ${r.url()}`);
  });
  page.on('console', (m) => {
    // Chromium's note on a non-2xx navigation (the password page after a wrong password is a 401).
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  return page;
}

// Checks the page in view is a dexcc page in `theme`, then saves its screenshot.
async function snapshot(page, theme, name) {
  await page.waitForLoadState('networkidle');
  const facts = await page.evaluate(() => ({
    background: getComputedStyle(document.body).backgroundColor,
    sheets: [...document.styleSheets].map((s) => s.cssRules.length),
    logo: document.querySelector('img.theme-navbar__logo')?.naturalWidth ?? 0,
  }));
  assert.equal(facts.background, kThemeBackground[theme], `${name}: theme background`);
  assert.ok(facts.sheets.length === 2 && facts.sheets.every((n) => n > 0), `${name}: stylesheets ${facts.sheets}`);
  assert.ok(facts.logo > 0, `${name}: logo not loaded`);
  await page.screenshot({ path: join(kScreenshots, `login-${theme}-${name}.png`), fullPage: true });
}

for (const theme of ['light', 'dark']) {
  const config = {
    frontend: { theme },
    staticClients: [staticClient(kClient)],
    connectors: [kMockConnector],
    enablePasswordDB: true,
    staticPasswords: [staticPassword(kAdmin)],
  };
  describeDexcc(`browser login, ${theme} theme`, { config }, (dex, it) => {
    it('logs in through the connector list, the password form and the approval page', kTimeout, async () => {
      const oidc = await discover(client, dex, kClient);
      const req = await authorizationRequest(client, oidc, { redirect: kClient.redirect });
      const context = await browser.newContext({ viewport: { width: 1024, height: 720 } });
      try {
        const page = await watchedPage(context);

        const first = await page.goto(req.url.href);
        assert.equal(first.status(), 200);
        assert.equal(await page.title(), 'dex');
        await assert.doesNotReject(page.getByText('Log in to dex').first().waitFor());
        await snapshot(page, theme, 'connectors');

        await page.getByRole('link', { name: 'Log in with Email' }).click();
        await page.waitForURL('**/dex/auth/local/login**');
        await snapshot(page, theme, 'password');

        await page.fill('#login', kAdmin.email);
        await page.fill('#password', 'not-the-password');
        const [rejected] = await Promise.all([page.waitForNavigation(), page.click('#submit-login')]);
        assert.equal(rejected.status(), 401);
        assert.equal(await page.locator('#login-error').textContent(), 'Invalid Email Address and password.');
        assert.equal(await page.inputValue('#login'), kAdmin.email, 'the username is kept');
        await snapshot(page, theme, 'password-error');

        await page.fill('#password', kAdmin.password);
        await Promise.all([page.waitForURL('**/dex/approval**'), page.click('#submit-login')]);
        await assert.doesNotReject(page.getByText('Example App').first().waitFor());
        await snapshot(page, theme, 'approval');

        await Promise.all([page.waitForURL(`${kClient.redirect}**`), page.click('#grant-access')]);
        const callback = new URL(page.url());
        assert.ok(callback.searchParams.get('code'), `no code in ${callback}`);
        assert.equal(callback.searchParams.get('state'), req.state);
        await page.screenshot({ path: join(kScreenshots, `login-${theme}-redirect.png`) });
        assert.deepEqual(page.problems, []);

        const tokens = await client.authorizationCodeGrant(oidc, callback, checksFor(req));
        const claims = tokens.claims();
        assert.equal(claims.sub, encodeSub(kAdmin.userId, 'local'));
        assert.equal(claims.email, kAdmin.email);
        assert.equal(claims.nonce, req.nonce);
      } finally {
        await context.close();
      }
    });

    it('sends a cancelled approval back to the client with access_denied', kTimeout, async () => {
      const oidc = await discover(client, dex, kClient);
      const req = await authorizationRequest(client, oidc, { redirect: kClient.redirect, extra: { connector_id: 'mock' } });
      const context = await browser.newContext();
      try {
        const page = await watchedPage(context);
        await Promise.all([page.waitForURL('**/dex/approval**'), page.goto(req.url.href)]);
        await Promise.all([page.waitForURL(`${kClient.redirect}**`), page.getByRole('button', { name: 'Cancel' }).click()]);
        const callback = new URL(page.url());
        assert.equal(callback.searchParams.get('error'), 'access_denied');
        assert.equal(callback.searchParams.get('state'), req.state);
        assert.equal(callback.searchParams.has('code'), false);
        assert.deepEqual(page.problems, []);
      } finally {
        await context.close();
      }
    });
  });
}
