// Loads the npm packages of tests/js (jose, openid-client, playwright-core) for the e2e scripts,
// or exits 77 (CTest: skipped) with a clear message when tests/js/node_modules is missing.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const kRepoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const kJsDir = join(kRepoRoot, 'tests', 'js');
export const kExitSkip = 77;

// Imports each named package from tests/js/node_modules; returns {name: module}.
export async function loadPackages(...names) {
  const missing = names.filter((n) => !existsSync(join(kJsDir, 'node_modules', n, 'package.json')));
  if (missing.length > 0) {
    console.log(`SKIP: ${missing.join(', ')} not installed in ${kJsDir}/node_modules; run scripts/install-deps.sh (npm ci in tests/js)`);
    process.exit(kExitSkip);
  }
  const require = createRequire(join(kJsDir, 'package.json'));
  const out = {};
  for (const name of names) out[name] = await import(pathToFileURL(require.resolve(name)).href);
  return out;
}
