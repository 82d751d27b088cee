// npm oidc-provider (panva, OpenID Certified) as the upstream of dexcc's oidc and oauth connectors:
// one in-process provider on a loopback port whose interactions log "jane" in and consent at once,
// and a browser stand-in that keeps the provider's cookies (its interactions need them).

// The person every interaction logs in.
export const kJane = {
  sub: 'jane',
  name: 'Jane Doe',
  preferred_username: 'jane.doe',
  email: 'jane@example.org',
  email_verified: true,
  groups: ['staff', 'admins'],
};

// Starts a provider on `port` with `clients` (oidc-provider client metadata). `conformIdTokenClaims`
// true (the provider's default) keeps profile, email and groups claims out of the ID token when an
// access token is issued: they are then only at userinfo.
export async function startProvider(Provider, { port, clients, conformIdTokenClaims = true, pkceRequiredFor = [] }) {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients,
    conformIdTokenClaims,
    pkce: { required: (ctx, client) => pkceRequiredFor.includes(client.clientId) },
    features: { devInteractions: { enabled: false } },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ ...kJane, sub: id }) }),
    // Access tokens as JWTs would hide the opaque-token path; keep the provider's default (opaque).
  });
  provider.proxy = false;
  // The interaction pages: log jane in, then grant what the request asks for.
  provider.use(async (ctx, next) => {
    if (!/^\/interaction\/[^/]+$/.test(ctx.path)) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    let result;
    if (details.prompt.name === 'login') {
      result = { login: { accountId: kJane.sub } };
    } else {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      const missing = details.prompt.details;
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      result = { consent: { grantId: await grant.save() } };
    }
    await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
  });
  const server = await new Promise((resolve, reject) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  return { issuer, provider, close: () => new Promise((resolve) => server.close(resolve)) };
}

// Follows redirects from `url` by hand, keeping cookies per origin, until one leads to `stopAt`
// (returned as a URL) or an answer that is not a redirect (thrown, with the trail).
export async function browseWithCookies(url, stopAt, { maxSteps = 25 } = {}) {
  const jar = new Map();  // origin -> Map(name -> value)
  const trail = [];
  let current = new URL(url);
  for (let step = 0; step < maxSteps; step++) {
    if (current.href.startsWith(stopAt)) return current;
    const cookies = jar.get(current.origin) ?? new Map();
    const headers = cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
    const res = await fetch(current, { redirect: 'manual', headers, signal: AbortSignal.timeout(60_000) });
    trail.push(`${res.status} ${current.origin}${current.pathname}`);
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
    jar.set(current.origin, cookies);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || !location) {
      const body = await res.text();
      throw new Error(`stopped at ${res.status}: ${trail.join(' -> ')}\n${body.slice(0, 500)}`);
    }
    await res.arrayBuffer().catch(() => {});
    current = new URL(location, current);
  }
  throw new Error(`too many redirects: ${trail.join(' -> ')}`);
}
