// An independent gRPC client for dexcc's admin API: @grpc/grpc-js with @grpc/proto-loader reading
// the same api/v2/api.proto, so names and field numbers are checked by another implementation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { kRepoRoot, loadPackages } from './packages.mjs';

const { '@grpc/grpc-js': grpc, '@grpc/proto-loader': protoLoader } = await loadPackages('@grpc/grpc-js', '@grpc/proto-loader');
export { grpc };

export const kProtoFile = join(kRepoRoot, 'api', 'v2', 'api.proto');
// Field names as written in the .proto (snake_case), bytes as Buffers, 64-bit ints as Numbers, and
// unset scalars filled with their defaults so a missing flag reads false.
const definition = protoLoader.loadSync(kProtoFile, { keepCase: true, longs: Number, defaults: true, oneofs: true });
export const kApi = grpc.loadPackageDefinition(definition).api;
const kCallTimeoutMs = 30_000;

// Plaintext, or TLS trusting `ca` (PEM paths), with a client certificate when `cert`/`key` are given.
export function credentials({ ca, cert, key } = {}) {
  if (!ca) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(readFileSync(ca), key ? readFileSync(key) : null, cert ? readFileSync(cert) : null);
}

// A Dex client whose methods return promises: `await dex.GetClient({id})`.
export function dexClient(address, creds = credentials(), options = {}) {
  const raw = new kApi.Dex(address, creds, options);
  const client = { raw, close: () => raw.close() };
  for (const name of Object.keys(kApi.Dex.service)) {
    client[name] = (req = {}) => new Promise((resolve, reject) => {
      raw[name](req, { deadline: Date.now() + kCallTimeoutMs }, (err, resp) => (err ? reject(err) : resolve(resp)));
    });
  }
  return client;
}

// The status of a call that must fail: {code name, details}.
export async function grpcError(promise, what) {
  try {
    await promise;
  } catch (e) {
    if (e.code === undefined) throw e;
    return { code: grpc.status[e.code], details: e.details };
  }
  throw new Error(`expected a gRPC error: ${what}`);
}
