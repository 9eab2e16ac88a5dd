/**
 * `npm run bench:provider`: refresh throughput and latency of the reference
 * provider under load, next to a bare Fastify endpoint (this stack's ceiling),
 * in one run. Every provider request rotates a real token: a pool of granted
 * tokens is shared by the connections, each request takes one and its answer
 * puts the successor back, so no token is ever presented twice (pipelining 1).
 *
 * Each server runs in its own child process (bench/servers.ts) and autocannon
 * in this one: on a 2-core machine that gives each one core, and the load
 * generator's CPU is not charged to the server.
 *
 * Settings (env): BENCH_DURATION seconds per run (10), BENCH_WARMUP seconds (2),
 * BENCH_CONNECTIONS (64), BENCH_TARGETS (bare,provider-file,provider-memory),
 * BENCH_PROFILE (a directory: write a V8 CPU profile of each server there),
 * BENCH_RATE (cap the offered load in requests/s, e.g. to compare CPU per request at one rate).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { refreshTokenRequestBody, TOKEN_REFRESH_PATH } from '../contracts/index.js';
import { isRecord } from '../src/four-sides/pact-io-ts.js';
import type { ServerCpu, ServerReady } from './servers.js';
import { exitWithUsageIfAsked } from '../src/config/index.js';

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const DURATION = setting('BENCH_DURATION', 10);
const WARMUP = setting('BENCH_WARMUP', 2);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 64);
/** BENCH_RATE: cap the offered load (requests/s), to compare CPU per request at one rate. */
const RATE = process.env.BENCH_RATE === undefined ? undefined : setting('BENCH_RATE', 1000);
const TARGETS = (process.env.BENCH_TARGETS ?? 'bare,provider-file,provider-memory').split(',');

interface Target {
  readonly name: string;
  readonly kind: 'bare' | 'provider';
  readonly db?: string;
}

interface Measured {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly total: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Server CPU during the measured run, in cores (1 = one core busy all the time). */
  readonly serverCores: number;
  /** The same for this process (autocannon): near 1 means the load generator is the limit. */
  readonly loadCores: number;
  readonly poolEmpty: number;
}

interface Server {
  readonly ready: ServerReady;
  readonly child: ChildProcess;
}

const startServer = (target: Target): Promise<Server> =>
  new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'servers.ts'), [target.kind], {
      execArgv: [
        '--import',
        'tsx',
        // BENCH_PROFILE=<dir>: a V8 CPU profile of each server, for `--cpu-prof` viewers.
        ...(process.env.BENCH_PROFILE === undefined
          ? []
          : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]),
      ],
      env: { ...process.env, ...(target.db === undefined ? {} : { BENCH_DB: target.db }) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message: ServerReady) => resolve({ ready: message, child }));
    child.once('exit', (code) => reject(new Error(`${target.name}: server exited with ${code}`)));
  });

const serverCpuMicros = (child: ChildProcess): Promise<number> =>
  new Promise((resolve) => {
    child.once('message', (message: ServerCpu) => resolve(message.micros));
    child.send('cpu');
  });

const stopServer = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.disconnect();
  });

const HEADERS = { 'content-type': 'application/json' };

/**
 * Requests that each take a live token from the pool and give back its
 * successor. The bare endpoint gets the same hooks (with an endless pool of
 * one constant token), so the load generator does the same work for both.
 */
const rotatingRequests = (tokens: readonly string[], endless: boolean) => {
  const pool = [...tokens];
  let poolEmpty = 0;
  const request: autocannon.Request = {
    method: 'POST',
    path: TOKEN_REFRESH_PATH,
    headers: HEADERS,
    setupRequest: (req) => {
      const token = endless ? pool[0] : pool.pop();
      if (token === undefined) poolEmpty += 1;
      return { ...req, body: JSON.stringify(refreshTokenRequestBody(token ?? 'rt_pool-empty')) };
    },
    onResponse: (status, body) => {
      if (status !== 200) return;
      const parsed: unknown = JSON.parse(body);
      if (!endless && isRecord(parsed) && 'refresh_token' in parsed) {
        pool.push(String(parsed['refresh_token']));
      }
    },
  };
  return { requests: [request], poolEmpty: () => poolEmpty };
};

type Rotating = ReturnType<typeof rotatingRequests>;

const load = (url: string, rotating: Rotating, seconds: number) =>
  autocannon({
    url,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    ...(RATE === undefined ? {} : { overallRate: RATE }),
    requests: rotating.requests,
  });

const measure = async (target: Target): Promise<Measured> => {
  const server = await startServer(target);
  try {
    const { url, tokens } = server.ready;
    // One pool for warm-up and measurement: the warm-up's successors are the measured run's tokens.
    const bare = target.kind === 'bare';
    const rotating = rotatingRequests(bare ? ['rt_bench-constant-token'] : tokens, bare);
    await load(url, rotating, WARMUP);
    await serverCpuMicros(server.child);
    const ownCpu = process.cpuUsage();
    const result = await load(url, rotating, DURATION);
    const cpu = await serverCpuMicros(server.child);
    const own = process.cpuUsage(ownCpu);
    return {
      name: target.name,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      total: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      serverCores: cpu / 1e6 / result.duration,
      loadCores: (own.user + own.system) / 1e6 / result.duration,
      poolEmpty: rotating.poolEmpty(),
    };
  } finally {
    await stopServer(server.child);
  }
};

const targetOf = (name: string, dir: string): Target => {
  switch (name) {
    case 'bare':
      return { name: 'bare Fastify (constant JSON)', kind: 'bare' };
    case 'provider-memory':
      return { name: 'provider, SQLite :memory:', kind: 'provider', db: ':memory:' };
    default:
      return {
        name: 'provider, SQLite file (WAL)',
        kind: 'provider',
        db: join(dir, 'bench.sqlite'),
      };
  }
};

const fixed = (n: number, digits = 0) => n.toFixed(digits);

const main = async () => {
  exitWithUsageIfAsked(
    process.argv.slice(2),
    'usage: npm run bench:provider (the reference provider under load; docs/performance.md)',
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-provider-'));
  const rows: Measured[] = [];
  // Other processes on the machine skew every number: say how busy it was.
  const loadBefore = loadavg()[0] ?? 0;
  try {
    for (const name of TARGETS) rows.push(await measure(targetOf(name.trim(), dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nPOST ${TOKEN_REFRESH_PATH}, ${CONNECTIONS} connections, ${DURATION} s per run after ${WARMUP} s warm-up, Node ${process.version}; load average before ${loadBefore.toFixed(2)}, after ${(loadavg()[0] ?? 0).toFixed(2)}\n`,
  );
  console.log(
    '| target | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | non-2xx | errors | server CPU (cores) | server CPU µs/request | autocannon CPU (cores) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${fixed(r.requestsPerSecond)} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.total} | ${r.non2xx} | ${r.errors} | ${fixed(r.serverCores, 2)} | ${fixed((r.serverCores * 1e6) / r.requestsPerSecond)} | ${fixed(r.loadCores, 2)} |`,
    );
  }
  const bare = rows.find((r) => r.name.startsWith('bare'));
  if (bare !== undefined) {
    console.log('');
    for (const r of rows.filter((row) => row !== bare)) {
      console.log(
        `${r.name}: ${fixed((100 * r.requestsPerSecond) / bare.requestsPerSecond, 1)} % of the bare endpoint's throughput${r.poolEmpty > 0 ? ` (token pool ran dry ${r.poolEmpty} times)` : ''}`,
      );
    }
  }
};

main().catch((error: unknown) => {
  console.error('bench:provider failed:', error);
  process.exitCode = 1;
});
