// Browser check of the web module: every page, in both themes, opened in headless Chromium from a
// real http::Server (web_page_server). Each page must load its stylesheets, logo, script and
// icons without a failed request or a console error (a CSP violation is one), show its key text,
// and apply its theme. Screenshots and HTML go to <artifacts>/<theme>-<page>.png|.html.
// Usage: node web_pages.mjs <web_page_server> <artifacts dir>. Exits 77 (skip) only when
// Chromium or the npm packages in tests/js are missing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const kChromium = '/usr/bin/chromium';
const jsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'js');
if (!existsSync(join(jsDir, 'node_modules', 'playwright-core'))) {
  console.log(`SKIP: ${jsDir}/node_modules is missing; run scripts/install-deps.sh (npm ci in tests/js)`);
  process.exit(77);
}
if (!existsSync(kChromium)) {
  console.log(`SKIP: ${kChromium} is not installed`);
  process.exit(77);
}
const { chromium } = createRequire(join(jsDir, 'package.json'))('playwright-core');

const [serverBin, outDir] = process.argv.slice(2);
if (!serverBin || !outDir || !existsSync(serverBin)) {
  console.error('usage: node web_pages.mjs <web_page_server> <artifacts dir>');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

// Page background each theme's CSS must produce: proof that main.css and styles.css both applied.
const kThemeBackground = { light: 'rgb(243, 245, 249)', dark: 'rgb(14, 17, 23)' };

const kPages = [
  { name: 'login', path: '/dex/auth', text: ['Log in to dex', 'Log in with Email', 'Log in with GitHub'], icons: 3 },
  { name: 'login-all-icons', path: '/dex/auth/all', text: ['Log in with Okta (SAML)', 'Log in with Generic OAuth'], icons: 15 },
  { name: 'password', path: '/dex/auth/local/login?back=%2Fdex%2Fauth&state=st', text: ['Log in to dex', 'Email', 'Password', 'Select another login method.'] },
  { name: 'password-invalid', path: '/dex/auth/local/login?state=st&invalid=1', status: 401, text: ['Invalid Email and password.'] },
  { name: 'approval', path: '/dex/approval?req=req-1&hmac=mac-1', text: ['Grant Access', 'Example App', 'View your email address', 'Have offline access', 'Cancel'] },
  { name: 'oob', path: '/dex/oob', text: ['Login Successful'], value: ['#code', 'k2d8nqaf3vy5zrc7gxbq2kcu4'] },
  { name: 'device', path: '/dex/device', text: ['Enter User Code', 'Submit'] },
  { name: 'device-invalid', path: '/dex/device?invalid=1', status: 400, text: ['Invalid or Expired User Code'] },
  { name: 'device_success', path: '/dex/device/callback', text: ['Login Successful for Example CLI', 'Return to your device to continue'] },
  { name: 'error', path: '/dex/error', status: 401, text: ['Unauthorized', 'the approval link has been tampered with'] },
];

// Starts web_page_server for `theme`; resolves to {port, stop}.
function startServer(theme) {
  return new Promise((resolve, reject) => {
    const child = spawn(serverBin, [theme], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`web_page_server exited ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      const m = /^port (\d+)$/.exec(line);
      if (!m) return reject(new Error(`unexpected output: ${line}`));
      const stop = () => new Promise((done) => { child.removeAllListeners('exit'); child.on('exit', done); child.stdin.end(); });
      resolve({ port: Number(m[1]), stop });
    });
  });
}

let failures = 0;
let count = 0;
function report(name, problems) {
  count++;
  if (problems.length === 0) {
    console.log(`ok ${count} - ${name}`);
  } else {
    failures++;
    console.log(`not ok ${count} - ${name}\n${problems.map((p) => `  # ${p}`).join('\n')}`);
  }
}

// Console errors fail a page (a CSP violation is one), except Chromium's note on a non-2xx answer:
// error pages have their status on purpose, and failed subresources are caught by status already.
function consoleError(message, problems) {
  if (message.type() !== 'error' || message.text().startsWith('Failed to load resource')) return;
  problems.push(`console: ${message.text()}`);
}

async function checkPage(context, base, theme, spec, viewportName = '') {
  const page = await context.newPage();
  const problems = [];
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.request().isNavigationRequest()) return;
    if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`);
  });
  page.on('console', (m) => consoleError(m, problems));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  const response = await page.goto(base + spec.path, { waitUntil: 'networkidle' });
  const want = spec.status ?? 200;
  if (response.status() !== want) problems.push(`status ${response.status()}, want ${want}`);
  const headers = response.headers();
  if (headers['x-frame-options'] !== 'DENY') problems.push(`X-Frame-Options: ${headers['x-frame-options']}`);
  if (!/frame-ancestors 'none'/.test(headers['content-security-policy'] ?? '')) problems.push('CSP lacks frame-ancestors');

  const facts = await page.evaluate(() => {
    const logo = document.querySelector('img.theme-navbar__logo');
    const icons = [...document.querySelectorAll('.dex-btn-icon')];
    return {
      sheets: [...document.styleSheets].map((s) => ({ href: s.href, rules: s.cssRules.length })),
      logo: logo ? { complete: logo.complete, width: logo.naturalWidth } : null,
      background: getComputedStyle(document.body).backgroundColor,
      iconImages: icons.filter((i) => getComputedStyle(i).backgroundImage.includes('.svg')).length,
      scripts: [...document.scripts].map((s) => s.src),
    };
  });
  if (facts.sheets.length !== 2 || facts.sheets.some((s) => !s.href || s.rules === 0)) {
    problems.push(`stylesheets not loaded: ${JSON.stringify(facts.sheets)}`);
  }
  if (!facts.logo || !facts.logo.complete || facts.logo.width === 0) problems.push(`logo not loaded: ${JSON.stringify(facts.logo)}`);
  if (facts.background !== kThemeBackground[theme]) problems.push(`background ${facts.background}, want ${kThemeBackground[theme]}`);
  if (facts.scripts.length !== 1 || !facts.scripts[0].endsWith('/dex/static/main.js')) problems.push(`scripts: ${facts.scripts}`);
  if (spec.icons !== undefined && facts.iconImages !== spec.icons) problems.push(`${facts.iconImages} icons with images, want ${spec.icons}`);
  for (const text of spec.text) {
    if (!(await page.getByText(text, { exact: false }).first().isVisible())) problems.push(`text not visible: ${text}`);
  }
  if (spec.value) {
    const value = await page.inputValue(spec.value[0]);
    if (value !== spec.value[1]) problems.push(`${spec.value[0]} holds ${value}`);
  }

  const file = join(outDir, `${theme}-${spec.name}${viewportName}`);
  await page.screenshot({ path: `${file}.png`, fullPage: true });
  writeFileSync(`${file}.html`, await page.content());
  await page.close();
  report(`${theme} ${spec.name}${viewportName}`, problems);
}

// The password form posts once: the button is disabled as it submits, and the answer is the page again.
async function checkPasswordSubmit(context, base, theme) {
  const page = await context.newPage();
  const problems = [];
  await page.goto(base + '/dex/auth/local/login?state=st', { waitUntil: 'networkidle' });
  await page.fill('#login', 'jane@example.com');
  await page.fill('#password', 'wrong');
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.evaluate(() => {
      const form = document.querySelector('form');
      form.requestSubmit();
      return document.querySelector('#submit-login').disabled;
    }).then((disabled) => { if (!disabled) problems.push('submit button still enabled while posting'); }),
  ]);
  if (response.status() !== 401) problems.push(`POST answered ${response.status()}`);
  if (!(await page.getByText('Invalid Email and password.').isVisible())) problems.push('no error after a bad password');
  await page.close();
  report(`${theme} password form disables its button and posts`, problems);
}

// The SAML page sends itself on to the IdP, script-only, under the page CSP.
async function checkAutoPost(context, base, theme) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => consoleError(m, problems));
  await page.goto(base + '/dex/saml');
  await page.waitForURL('**/dex/saml/idp', { timeout: 10000 }).catch(() => problems.push(`stayed on ${page.url()}`));
  if (!(await page.getByText('The SAML request arrived: r1').isVisible())) problems.push('IdP did not get the form');
  await page.close();
  report(`${theme} auto-post page submits itself`, problems);
}

const browser = await chromium.launch({
  executablePath: kChromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  for (const theme of ['light', 'dark']) {
    const server = await startServer(theme);
    const base = `http://127.0.0.1:${server.port}`;
    try {
      const desktop = await browser.newContext({ viewport: { width: 1024, height: 720 } });
      for (const spec of kPages) await checkPage(desktop, base, theme, spec);
      await checkPasswordSubmit(desktop, base, theme);
      await checkAutoPost(desktop, base, theme);
      await desktop.close();
      const phone = await browser.newContext({ viewport: { width: 375, height: 720 }, deviceScaleFactor: 2, isMobile: true });
      for (const spec of kPages.filter((p) => ['login', 'password-invalid', 'approval'].includes(p.name))) {
        await checkPage(phone, base, theme, spec, '-mobile');
      }
      await phone.close();
    } finally {
      await server.stop();
    }
  }
} finally {
  await browser.close();
}
console.log(`1..${count}`);
console.log(failures ? `${failures} of ${count} checks failed` : `all ${count} checks passed; screenshots in ${outDir}`);
process.exit(failures ? 1 : 0);
