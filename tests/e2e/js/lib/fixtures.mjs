// Shared test data for the e2e scripts: clients, users, connectors and dex's `sub` encoding.

// A confidential web client; its redirect URI is never fetched by the cookie-less walker.
export const kWebClient = {
  id: 'example-app',
  secret: 'ZXhhbXBsZS1hcHAtc2VjcmV0',
  name: 'Example App',
  redirect: 'http://127.0.0.1:5555/callback',
};

// dex's mockCallback connector always logs in this person (connector/mock/connectortest.go).
export const kMockUser = {
  userId: '0-385-28089-0',
  connector: 'mock',
  username: 'Kilgore Trout',
  email: 'kilgore@kilgore.trout',
  groups: ['authors'],
};

// A static password of the local password DB; the hash is bcrypt("password") from dex's examples.
export const kAdmin = {
  email: 'admin@example.com',
  password: 'password',
  hash: '$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W',
  username: 'admin',
  name: 'Admin User',
  userId: '08a8684b-db88-4b73-90a9-3cd1661f5466',
  groups: ['team-a', 'team-a/admins'],
};

export const kMockConnector = { type: 'mockCallback', id: 'mock', name: 'Example' };

export function staticPassword(user = kAdmin) {
  return {
    email: user.email,
    hash: user.hash,
    username: user.username,
    name: user.name,
    emailVerified: true,
    preferredUsername: user.username,
    groups: user.groups,
    userID: user.userId,
  };
}

export function staticClient(c) {
  return { id: c.id, secret: c.secret, name: c.name, redirectURIs: c.redirect ? [c.redirect] : undefined, public: c.public };
}

// dex's `sub`: base64url_nopad(protobuf {1: user ID, 2: connector ID}), computed independently here.
export function encodeSub(userId, connectorId) {
  const field = (tag, s) => {
    const b = Buffer.from(s, 'utf8');
    if (b.length > 127) throw new Error('long field');
    return Buffer.concat([Buffer.from([(tag << 3) | 2, b.length]), b]);
  };
  return Buffer.concat([field(1, userId), field(2, connectorId)]).toString('base64url');
}

// Waits for `promise` to reject; returns the error (fails when it resolves).
export async function rejection(promise, what) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error(`expected a rejection: ${what}`);
}
