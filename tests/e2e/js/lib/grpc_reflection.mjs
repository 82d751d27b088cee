// Asks a server's gRPC reflection service which services it serves (grpc.reflection.v1alpha).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadPackages } from './packages.mjs';

const { '@grpc/grpc-js': grpc, '@grpc/proto-loader': protoLoader } = await loadPackages('@grpc/grpc-js', '@grpc/proto-loader');
const kProto = join(dirname(fileURLToPath(import.meta.url)), 'grpc_reflection.proto');
const reflection = grpc.loadPackageDefinition(protoLoader.loadSync(kProto, { keepCase: true })).grpc.reflection.v1alpha;

// The fully qualified service names, or a rejection with the call's gRPC error.
export function listServices(address, creds) {
  return new Promise((resolve, reject) => {
    const client = new reflection.ServerReflection(address, creds);
    const call = client.ServerReflectionInfo({ deadline: Date.now() + 30_000 });
    call.on('data', (resp) => {
      call.end();
      client.close();
      if (resp.error_response) reject(new Error(resp.error_response.error_message));
      else resolve(resp.list_services_response.service.map((s) => s.name));
    });
    call.on('error', (e) => {
      client.close();
      reject(e);
    });
    call.write({ list_services: '*' });
  });
}
