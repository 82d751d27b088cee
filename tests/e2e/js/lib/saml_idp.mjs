// A real SAML 2.0 identity provider for the e2e scripts: npm samlify in IdP mode behind a small
// HTTP server on loopback. POST /sso takes the AuthnRequest (HTTP-POST binding) and shows a login
// form; POST /login answers with an auto-submitting form that POSTs the signed Response to the
// service provider's ACS URL, RelayState passed through. The key and certificate come from openssl.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './dexcc.mjs';

const kPost = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

// A throw-away RSA key and self-signed certificate (PEM), valid for a day.
export function makeSigningKey(commonName = 'samlify-idp') {
  const dir = mkdtempSync(join(tmpdir(), 'saml-idp-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${commonName}`,
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function escapeHtml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

async function readForm(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function page(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html><html><body>${body}</body></html>`);
}

// `users`: [{username, password, email, name, groups: [...]}]. `sp()` gives the service provider
// ({entityID, acsUrl}) when the first request arrives, so it may name a server started later.
export class SamlIdp {
  constructor({ samlify, users, sp, entityID = 'https://samlify-idp.example' }) {
    this.samlify = samlify;
    this.users = users;
    this.sp = sp;
    this.entityID = entityID;
    this.signing = makeSigningKey();
    this.pending = new Map();  // login form token -> {requestId, relayState}
    this.received = [];        // the AuthnRequests parsed, for the tests to check
  }

  get ssoUrl() {
    return `http://127.0.0.1:${this.port}/sso`;
  }

  async start() {
    const s = this.samlify;
    s.setSchemaValidator({ validate: async () => 'skipped' });  // dexcc's own XML is checked by the tests
    this.idp = s.IdentityProvider({
      entityID: this.entityID,
      privateKey: this.signing.key,
      signingCert: this.signing.cert,
      isAssertionEncrypted: false,
      singleSignOnService: [{ Binding: kPost, Location: 'http://127.0.0.1/sso' }],
      singleLogoutService: [{ Binding: kPost, Location: 'http://127.0.0.1/slo' }],  // unused; samlify warns without it
      nameIDFormat: ['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
      loginResponseTemplate: {
        context: s.SamlLib.defaultLoginResponseTemplate.context,
        attributes: [
          { name: 'email', valueTag: 'user.email', nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', valueXsiType: 'xs:string' },
          { name: 'name', valueTag: 'user.name', nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', valueXsiType: 'xs:string' },
          { name: 'groups', valueTag: 'user.groups', nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', valueXsiType: 'xs:string' },
        ],
      },
    });
    this.port = await freePort();
    this.server = createServer((req, res) => this.handle(req, res).catch((e) => page(res, 500, escapeHtml(e.stack))));
    await new Promise((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    return this;
  }

  async stop() {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  serviceProvider() {
    const { entityID, acsUrl } = this.sp();
    return this.samlify.ServiceProvider({
      entityID,
      assertionConsumerService: [{ Binding: kPost, Location: acsUrl }],
      wantAssertionsSigned: true,
      authnRequestsSigned: false,
    });
  }

  async handle(req, res) {
    if (req.method === 'POST' && req.url === '/sso') {
      const form = await readForm(req);
      const sp = this.serviceProvider();
      const parsed = await this.idp.parseLoginRequest(sp, 'post', { body: form });
      this.received.push({ xml: parsed.samlContent, extract: parsed.extract });
      const token = randomBytes(12).toString('hex');
      this.pending.set(token, { requestId: parsed.extract.request.id, relayState: form.RelayState });
      return page(res, 200, `<h1>Sample IdP</h1><form method="post" action="/login">
<input type="hidden" name="token" value="${token}">
<input id="username" name="username"><input id="password" name="password" type="password">
<button id="signin" type="submit">Sign in</button></form>`);
    }
    if (req.method === 'POST' && req.url === '/login') {
      const form = await readForm(req);
      const pending = this.pending.get(form.token);
      const user = this.users.find((u) => u.username === form.username && u.password === form.password);
      if (!pending || !user) return page(res, 401, 'wrong credentials');
      this.pending.delete(form.token);
      const sp = this.serviceProvider();
      const { context } = await this.idp.createLoginResponse(sp, { extract: { request: { id: pending.requestId } } }, 'post',
        { email: user.username }, (template) => this.fill(template, sp, pending.requestId, user));
      return page(res, 200, `<form method="post" action="${escapeHtml(this.sp().acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escapeHtml(context)}">
<input type="hidden" name="RelayState" value="${escapeHtml(pending.relayState)}">
<noscript><button type="submit">Continue</button></noscript></form>
<script>document.forms[0].submit();</script>`);
    }
    page(res, 404, 'not found');
  }

  // samlify's template tags for one login (its documented customTagReplacement pattern).
  fill(template, sp, requestId, user) {
    const id = `_${randomBytes(10).toString('hex')}`;
    const now = new Date();
    const later = new Date(now.getTime() + 5 * 60_000);
    const acs = this.sp().acsUrl;
    const values = {
      ID: id,
      AssertionID: `_${randomBytes(10).toString('hex')}`,
      Destination: acs,
      Audience: sp.entityMeta.getEntityID(),
      EntityID: sp.entityMeta.getEntityID(),
      SubjectRecipient: acs,
      Issuer: this.entityID,
      IssueInstant: now.toISOString(),
      AssertionConsumerServiceURL: acs,
      StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      ConditionsNotBefore: now.toISOString(),
      ConditionsNotOnOrAfter: later.toISOString(),
      SubjectConfirmationDataNotOnOrAfter: later.toISOString(),
      NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      NameID: user.id,
      InResponseTo: requestId,
      AuthnStatement: '',
      attrUserEmail: user.email,
      attrUserName: user.name,
      attrUserGroups: user.groups.join(','),
    };
    return { id, context: this.samlify.SamlLib.replaceTagsByValue(template, values) };
  }
}
