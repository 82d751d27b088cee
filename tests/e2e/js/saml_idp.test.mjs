// The saml connector against a real, independent SAML implementation: npm samlify in IdP mode
// (xml-crypto signatures) on loopback. The client's authorization request goes through dexcc's
// auto-POST page to the IdP, which parses dexcc's AuthnRequest, logs the user in and POSTs its
// signed Response back to dexcc's /callback; openid-client redeems the code. Exits 77 (skip) only
// when the npm packages in tests/js are missing.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { describeDexcc } from './lib/dexcc.mjs';
import { encodeSub, kWebClient, staticClient } from './lib/fixtures.mjs';
import { authorizationRequest, checksFor, discover } from './lib/oidc.mjs';
import { loadPackages } from './lib/packages.mjs';
import { SamlIdp } from './lib/saml_idp.mjs';

const { samlify: samlifyModule, 'openid-client': client } = await loadPackages('samlify', 'openid-client');
const samlify = samlifyModule.default ?? samlifyModule;  // a CommonJS package

const kUser = { username: 'jane', password: 'secret', id: 'jane-0001', email: 'jane@example.com', name: 'Jane Doe', groups: ['admins', 'devs'] };
let dex;
const idp = new SamlIdp({ samlify, users: [kUser], sp: () => ({ entityID: `${dex.issuer}/saml`, acsUrl: `${dex.issuer}/callback` }) });
before(async () => { await idp.start(); });
after(async () => { await idp.stop(); });

// The hidden fields and action of the only form on an HTML page.
function formOf(html) {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  const fields = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]*)"[^>]*value="([^"]*)"/g)) fields[m[1]] = m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#34;/g, '"').replace(/&#43;/g, '+').replace(/&#x2B;/g, '+');
  return { action: action?.replace(/&amp;/g, '&'), fields };
}

async function post(url, fields) {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
}

const config = {
  staticClients: [staticClient(kWebClient)],
  oauth2: { skipApprovalScreen: true },
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
      nameIDPolicyFormat: 'persistent',
    },
  }],
};

describeDexcc('saml connector with samlify as the IdP', { config }, (d, it) => {
  dex = d;
  it('logs in through the IdP and back to tokens', async () => {
    const oidc = await discover(client, dex, kWebClient);
    const req = await authorizationRequest(client, oidc, { redirect: kWebClient.redirect, scope: 'openid email profile groups' });
    // One connector: dexcc answers with the auto-POST page for the IdP.
    let r = await fetch(req.url, { redirect: 'manual' });
    if (r.status === 302 || r.status === 303) r = await fetch(new URL(r.headers.get('location'), dex.issuer), { redirect: 'manual' });
    assert.equal(r.status, 200);
    const toIdp = formOf(await r.text());
    assert.equal(toIdp.action, idp.ssoUrl);
    r = await post(toIdp.action, toIdp.fields);
    assert.equal(r.status, 200, await r.clone().text());
    // samlify read dexcc's AuthnRequest.
    const { extract } = idp.received.at(-1);
    assert.equal(extract.request.id, toIdp.fields.RelayState);
    assert.equal(extract.issuer, `${dex.issuer}/saml`);
    const login = formOf(await r.text());
    r = await post(`${idp.ssoUrl.replace('/sso', '')}/login`, { token: login.fields.token, username: kUser.username, password: kUser.password });
    assert.equal(r.status, 200);
    const back = formOf(await r.text());
    assert.equal(back.action, `${dex.issuer}/callback`);
    r = await post(back.action, back.fields);
    assert.ok([302, 303].includes(r.status), `${r.status} ${await r.text()}\n${dex.logText}`);
    const callback = new URL(r.headers.get('location'));
    const tokens = await client.authorizationCodeGrant(oidc, callback, checksFor(req));
    const claims = tokens.claims();
    assert.equal(claims.sub, encodeSub(kUser.id, 'corp'));
    assert.equal(claims.email, kUser.email);
    assert.equal(claims.name, kUser.name);
    assert.deepEqual(claims.groups, kUser.groups);
    assert.equal(tokens.refresh_token, undefined);

    // The same signed Response again is refused (500 page), the reason in dexcc's log.
    r = await post(back.action, back.fields);
    assert.ok(![302, 303].includes(r.status));
  });
});
