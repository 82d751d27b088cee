// A cookie-less stand-in for a browser in the login flow: follows redirects by hand and fills the
// pages dexcc serves (connector list, password form, approval, device code entry) from their HTML.

const kMaxSteps = 25;

export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e) => {
    const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function attributes(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w-]+)(?:\s*=\s*"([^"]*)")?/g)) out[m[1].toLowerCase()] = decodeEntities(m[2] ?? '');
  return out;
}

// Every <form> of a page: {action, method, inputs: {name: value}}.
export function parseForms(html) {
  const forms = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1]);
    const inputs = {};
    for (const i of m[2].matchAll(/<input\b([^>]*)>/gi)) {
      const a = attributes(i[1]);
      if (a.name) inputs[a.name] = a.value ?? '';
    }
    forms.push({ action: attrs.action ?? '', method: (attrs.method || 'get').toUpperCase(), inputs });
  }
  return forms;
}

// The connector buttons of the login page: {id: href}.
export function connectorLinks(html) {
  const out = {};
  for (const m of html.matchAll(/<a\b[^>]*href="([^"]*\/auth\/([^"/?]+)\?[^"]*)"/gi)) out[decodeURIComponent(m[2])] = decodeEntities(m[1]);
  return out;
}

function pageKind(html) {
  const forms = parseForms(html);
  if (forms.some((f) => 'approval' in f.inputs)) return 'approval';
  if (forms.some((f) => 'password' in f.inputs)) return 'password';
  if (forms.some((f) => 'user_code' in f.inputs)) return 'device';
  if (Object.keys(connectorLinks(html)).length > 0) return 'login';
  return 'other';
}

// Walks from `start` until a redirect to a URL beginning with `stopAt` (returned as `redirect`) or a
// page this walker does not fill (returned as {status, html}). Options: connector (picked on the
// login page), username/password (password form), approve (approval page: true approves,
// false cancels), userCode (device page). `pages` lists the pages filled, in order.
export async function browse(start, { stopAt, connector, username, password, approve = true, userCode } = {}) {
  let url = new URL(start);
  let request = { method: 'GET' };
  const pages = [];
  const trail = [];
  for (let step = 0; step < kMaxSteps; step++) {
    const r = await fetch(url, { ...request, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    trail.push(`${request.method} ${url.pathname} -> ${r.status}`);
    request = { method: 'GET' };
    if (r.status >= 300 && r.status < 400) {
      await r.arrayBuffer();
      const next = new URL(r.headers.get('location'), url);
      if (stopAt && next.href.startsWith(stopAt)) return { redirect: next, pages, trail };
      url = next;
      continue;
    }
    const html = await r.text();
    const kind = pageKind(html);
    const post = (form, fields) => {
      url = new URL(form.action || url.href, url);
      request = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form.inputs, ...fields }).toString(),
      };
    };
    if (kind === 'login' && connector && r.status === 200) {
      const href = connectorLinks(html)[connector];
      if (!href) throw new Error(`login page has no connector ${connector}: ${Object.keys(connectorLinks(html))}`);
      pages.push('login');
      url = new URL(href, url);
    } else if (kind === 'password' && password !== undefined && !pages.includes('password')) {
      pages.push('password');
      post(parseForms(html).find((f) => 'password' in f.inputs), { login: username, password });
    } else if (kind === 'approval' && r.status === 200) {
      pages.push('approval');
      const want = approve ? 'approve' : 'rejected';
      const form = parseForms(html).find((f) => f.inputs.approval === want);
      if (!form) throw new Error(`approval page has no ${want} form`);
      post(form, {});
    } else if (kind === 'device' && userCode !== undefined && !pages.includes('device')) {
      pages.push('device');
      post(parseForms(html).find((f) => 'user_code' in f.inputs), { user_code: userCode });
    } else {
      return { status: r.status, html, url, pages, trail };
    }
  }
  throw new Error(`no end after ${kMaxSteps} steps: ${trail.join(', ')}`);
}

// The text of a page, tags stripped and whitespace collapsed (for messages in assertions).
export function pageText(html) {
  return decodeEntities(html.replace(/<head>[\s\S]*<\/head>/i, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}
