// Runs the real dexcc binary for the e2e scripts: a config in a temp folder with free loopback
// ports, start-up until /healthz/live answers, SIGTERM stop that must exit 0, and its log on failure.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { kRepoRoot } from './packages.mjs';
import { toYaml } from './yaml.mjs';

export const kBinary = process.env.DEXCC_BINARY || join(kRepoRoot, 'build', 'dexcc');
const kStartTimeoutMs = 90_000;  // RSA key generation and start-up on a busy 2-core machine
const kStopTimeoutMs = 30_000;
const kStartAttempts = 4;  // a free port can be taken by another test between probe and bind

// Every running server, so an abrupt exit of the test process still kills them.
const live = new Set();
function killAll() {
  for (const child of live) child.kill('SIGKILL');
}
process.on('exit', killAll);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    killAll();
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 })[signal]);
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// One dexcc process on `config` (everything except issuer, web, telemetry and storage, which are
// generated). `storage` is 'memory' or 'sqlite'; the SQLite file lives in the temp folder. `tls`
// ({tlsCert, tlsKey, ...more web.* keys}) adds an HTTPS listener on `httpsPort` next to HTTP.
// `grpc` ({...grpc.* keys besides addr}) adds the gRPC API on `grpcPort` (its address given with
// --grpc-addr instead of grpc.addr when `grpcFlag`); `env` adds variables.
export class Dexcc {
  constructor({ config = {}, storage = 'memory', issuerPath = '/dex', tls = undefined, grpc = undefined, grpcFlag = false, env = {} } = {}) {
    this.config = config;
    this.storage = storage;
    this.issuerPath = issuerPath;
    this.tls = tls;
    this.grpc = grpc;
    this.grpcFlag = grpcFlag;
    this.env = env;
    this.dir = mkdtempSync(join(tmpdir(), 'dexcc-e2e-'));
    this.logFile = join(this.dir, 'dexcc.log');
    this.logText = '';
    this.child = null;
  }

  get issuer() {
    return `http://127.0.0.1:${this.port}${this.issuerPath}`;
  }

  get grpcAddress() {
    return `127.0.0.1:${this.grpcPort}`;
  }

  url(route) {
    return this.issuer + route;
  }

  writeConfig() {
    const full = {
      issuer: this.issuer,
      storage: this.storage === 'sqlite'
        ? { type: 'sqlite3', config: { file: join(this.dir, 'dex.db') } }
        : { type: 'memory' },
      web: { http: `127.0.0.1:${this.port}`, ...(this.tls ? { https: `127.0.0.1:${this.httpsPort}`, ...this.tls } : {}) },
      telemetry: { http: `127.0.0.1:${this.telemetryPort}` },
      ...(this.grpc ? { grpc: { ...(this.grpcFlag ? {} : { addr: this.grpcAddress }), ...this.grpc } } : {}),
      ...this.config,
    };
    writeFileSync(join(this.dir, 'config.yaml'), toYaml(full));
  }

  // Starts on fresh free ports (retrying when a port was taken meanwhile) and waits until ready.
  async start() {
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      this.telemetryPort = await freePort();
      if (this.tls) this.httpsPort = await freePort();
      if (this.grpc) this.grpcPort = await freePort();
      this.writeConfig();
      try {
        await this.launch();
        return this;
      } catch (e) {
        if (attempt >= kStartAttempts || !/already in use/i.test(this.logText)) throw e;
      }
    }
  }

  // Stops and starts again on the same ports, config and database (tokens keep their issuer).
  async restart() {
    await this.stop();
    await this.launch();
  }

  async launch() {
    if (!existsSync(kBinary)) throw new Error(`dexcc binary not found at ${kBinary} (set DEXCC_BINARY)`);
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const flags = this.grpc && this.grpcFlag ? ['--grpc-addr', this.grpcAddress] : [];
    const child = spawn(kBinary, ['serve', ...flags, join(this.dir, 'config.yaml')], { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...this.env } });
    this.child = child;
    live.add(child);
    const collect = (chunk) => {
      this.logText += chunk.toString();
      log.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        live.delete(child);
        log.end();
        resolve({ code, signal });
      });
    });
    let exit = null;
    this.exited.then((e) => { exit = e; });
    const deadline = Date.now() + kStartTimeoutMs;
    while (Date.now() < deadline) {
      if (exit) throw new Error(`dexcc exited during start-up (code ${exit.code}, signal ${exit.signal})\n${this.logTail()}`);
      try {
        const r = await fetch(`http://127.0.0.1:${this.telemetryPort}/healthz/live`, { signal: AbortSignal.timeout(5000) });
        if (r.status === 200) {
          const d = await fetch(this.url('/.well-known/openid-configuration'), { signal: AbortSignal.timeout(10000) });
          if (d.status === 200) return;
        }
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    child.kill('SIGKILL');
    throw new Error(`dexcc was not ready after ${kStartTimeoutMs} ms\n${this.logTail()}`);
  }

  // SIGTERM, then the process must exit by itself with status 0.
  async stop() {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timeout = sleep(kStopTimeoutMs, null, { ref: false });
    const exit = await Promise.race([this.exited, timeout]);
    if (!exit) {
      child.kill('SIGKILL');
      await this.exited;
      throw new Error(`dexcc did not exit within ${kStopTimeoutMs} ms of SIGTERM\n${this.logTail()}`);
    }
    if (exit.code !== 0) throw new Error(`dexcc exited with code ${exit.code}, signal ${exit.signal} after SIGTERM\n${this.logTail()}`);
  }

  logTail(lines = 60) {
    return `--- last ${lines} lines of ${this.logFile} ---\n${this.logText.split('\n').slice(-lines - 1).join('\n')}`;
  }

  removeDir() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// A node:test suite around one server: started before its tests, stopped (exit 0 checked) after
// them, its log printed when any failed. body(dex, it) declares the tests with the `it(name, options, fn)` it gets.
export function describeDexcc(name, options, body) {
  describe(name, () => {
    const dex = new Dexcc(options);
    let failed = false;
    const track = (testName, options, fn) => it(testName, options, async (t) => {
      try {
        await fn(t);
      } catch (e) {
        failed = true;
        throw e;
      }
    });
    before(() => dex.start().catch((e) => {
      failed = true;
      throw e;
    }));
    after(async () => {
      try {
        await dex.stop();
      } catch (e) {
        failed = true;
        throw e;
      } finally {
        if (failed) console.error(`${dex.logTail()}\n(config and log kept in ${dex.dir})`);
        else dex.removeDir();
      }
    });
    body(dex, track);
  });
}

// Runs fn(dexcc) against a started server; always stops it; prints its log when anything failed.
// The temp folder is kept (and named) on failure.
export async function withDexcc(options, fn) {
  const dex = new Dexcc(options);
  let failed = true;
  try {
    await dex.start();
    const result = await fn(dex);
    failed = false;
    return result;
  } finally {
    let stopError = null;
    try {
      await dex.stop();
    } catch (e) {
      stopError = e;
    }
    if (failed || stopError) {
      console.error(`${dex.logTail()}\n(config and log kept in ${dex.dir})`);
    } else {
      dex.removeDir();
    }
    if (stopError && !failed) throw stopError;  // eslint-disable-line no-unsafe-finally
  }
}
