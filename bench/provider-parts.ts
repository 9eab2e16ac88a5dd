/**
 * `npm run bench:provider:parts`: where a refresh's time goes, without HTTP.
 * Times the token service's refresh (find, judge, rotate in SQLite) and its
 * pieces (random secrets, SHA-256, the request codec) in a loop, per call, on
 * a SQLite file (WAL) and in memory. Explains bench:provider's numbers.
 * BENCH_ITERATIONS (default 20000).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import {
  decode,
  GRANTED_SCOPE,
  RefreshTokenRequest,
  refreshTokenRequestBody,
} from '../contracts/index.js';
import { createProviderServices, digestOf, newSecret } from '../src/provider/index.js';
import { exitWithUsageIfAsked } from '../src/config/index.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20_000);

const timeSync = (name: string, run: (i: number) => void) => {
  for (let i = 0; i < Math.min(2000, ITERATIONS); i += 1) run(i);
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i += 1) run(i);
  return { name, micros: ((performance.now() - started) * 1000) / ITERATIONS };
};

/** Refreshes ITERATIONS tokens, each walking its own chain of rotations in turn. */
const timeRefresh = async (name: string, databasePath: string) => {
  const services = createProviderServices({ databasePath, rateLimit: false });
  const client = await services.tokens.registerClient({ name: 'parts' })();
  if (E.isLeft(client)) throw new Error('cannot register');
  const chains: string[] = [];
  for (let i = 0; i < 64; i += 1) {
    const grant = await services.tokens.grant({
      clientId: client.right.id,
      scope: GRANTED_SCOPE,
    })();
    if (E.isLeft(grant)) throw new Error('cannot grant');
    chains.push(grant.right.refreshToken);
  }
  const step = async (i: number) => {
    const result = await services.tokens.refresh(chains[i % 64] ?? '')();
    if (E.isLeft(result)) throw new Error(`refresh failed: ${result.left._tag}`);
    chains[i % 64] = result.right.refreshToken;
  };
  for (let i = 0; i < 2000; i += 1) await step(i);
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i += 1) await step(i);
  const micros = ((performance.now() - started) * 1000) / ITERATIONS;
  await services.close();
  return { name, micros };
};

const walSynchronous = (file: string) => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const level = db.pragma('synchronous', { simple: true });
  db.close();
  return ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(level)] ?? String(level);
};

const main = async () => {
  exitWithUsageIfAsked(
    process.argv.slice(2),
    'usage: npm run bench:provider:parts (the reference provider, part by part; docs/performance.md)',
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-parts-'));
  try {
    const body = refreshTokenRequestBody(newSecret('rt_'));
    const rows = [
      await timeRefresh('tokens.refresh, SQLite file (WAL)', join(dir, 'parts.sqlite')),
      await timeRefresh('tokens.refresh, SQLite :memory:', ':memory:'),
      timeSync('randomBytes(32) (x2 per refresh)', () => randomBytes(32)),
      timeSync('newSecret (x2 per refresh)', () => newSecret('rt_')),
      timeSync('digestOf / SHA-256 (x3 per refresh)', (i) => digestOf(`rt_${i}`)),
      timeSync('decode(RefreshTokenRequest)', () => decode(RefreshTokenRequest)(body)),
      timeSync('JSON.parse + JSON.stringify of the bodies', () =>
        JSON.stringify(JSON.parse(JSON.stringify(body))),
      ),
    ];
    console.log(
      `\n${ITERATIONS} iterations, Node ${process.version}; better-sqlite3 WAL synchronous=${walSynchronous(join(dir, 'sync.sqlite'))}\n`,
    );
    console.log('| part | µs per call |');
    console.log('|---|---:|');
    for (const row of rows) console.log(`| ${row.name} | ${row.micros.toFixed(1)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error('bench:provider:parts failed:', error);
  process.exitCode = 1;
});
