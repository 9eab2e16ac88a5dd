/**
 * `npm run bench:live-kill`: how often a SIGKILL loses the live token. `npm run verify:live`
 * runs against the reference provider (no provider states, a token file, rate limit off) behind
 * a proxy that notes the moment it has sent the 200 of the live refresh; each run is killed
 * with SIGKILL a random 0-WINDOW ms after that moment, when a token can be lost: after the
 * provider rotated it, before the successor is saved. Then the saved token is looked up in the
 * provider's store (not presented): lost when rotated or unknown. Two kinds of kill:
 *   command   the process `npm run verify:live` started (the run's own process lives on and
 *             finishes the save: expected 0 lost)
 *   group     that process and the run's, together, as a CI runner cancelling a job does
 * From the losses L of N kills spread over WINDOW ms, the window in which a kill loses the token
 * is about L/N x WINDOW ms; a kill at a moment drawn uniformly over a whole run (D ms) loses it
 * with a probability of about that window / D. BENCH_KILLS (40) per kind, BENCH_WINDOW_MS (40).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as E from 'fp-ts/lib/Either.js';
import { GRANTED_SCOPE } from '../contracts/index.js';
import {
  createProviderServices,
  digestOf,
  startProvider,
  type RunningProvider,
} from '../src/provider/index.js';
import { tryLock } from '../src/verify/live/token.js';
import { ms } from './stats.js';
import { exitWithUsageIfAsked } from '../src/config/index.js';

const KILLS = Math.max(1, Number(process.env.BENCH_KILLS ?? 40) || 40);
const WINDOW_MS = Math.max(1, Number(process.env.BENCH_WINDOW_MS ?? 40) || 40);

/** Forwards to the provider; `onRotated` fires once a 200 has gone out. */
const proxyTo = async (target: string, onRotated: () => void) => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      void fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        ...(body.length > 0 ? { body } : {}),
      }).then(async (answer) => {
        const text = await answer.text();
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
        res.end(text, () => answer.status === 200 && onRotated());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
};

const grant = async (provider: RunningProvider): Promise<string> => {
  const { tokens } = provider.services;
  const client = await tokens.registerClient({ name: 'bench' })();
  if (E.isLeft(client)) throw new Error('no client');
  const granted = await tokens.grant({ clientId: client.right.id, scope: GRANTED_SCOPE })();
  if (E.isLeft(granted)) throw new Error('no grant');
  return granted.right.refreshToken;
};

const works = async (provider: RunningProvider, token: string) => {
  const view = await provider.services.store.findRefreshToken(digestOf(token));
  return view !== undefined && view.rotatedAt === undefined && view.familyRevokedAt === undefined;
};

const lockFreed = async (path: string) => {
  for (;;) {
    const lock = tryLock(path);
    if (E.isRight(lock)) return lock.right.release();
    await sleep(20);
  }
};

type Kind = 'command' | 'group';

const main = async () => {
  exitWithUsageIfAsked(
    process.argv.slice(2),
    'usage: npm run bench:live-kill (verify:live killed at each point of a run; docs/performance.md)',
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-live-kill-'));
  const services = createProviderServices({
    databasePath: join(dir, 'p.sqlite'),
    rateLimit: false,
  });
  const provider = await startProvider({ services });
  let rotated: (() => void) | undefined;
  const proxy = await proxyTo(provider.url, () => rotated?.());
  const file = join(dir, 'token');
  writeFileSync(file, `${await grant(provider)}\n`, { mode: 0o600 });
  const env = {
    ...process.env,
    PACT_DO_NOT_TRACK: 'true',
    PROVIDER_BASE_URL: proxy.url,
    LIVE_REFRESH_TOKEN_FILE: file,
    LIVE_STATE_DIR: join(dir, 'state'),
  };
  const wholeMs = await (async () => {
    const started = performance.now();
    const run = spawn(process.execPath, ['--import', 'tsx', 'src/verify/live/main.ts'], {
      env,
      stdio: 'ignore',
    });
    await new Promise((resolve) => run.on('close', resolve));
    return performance.now() - started;
  })();
  const killOnce = async (kind: Kind): Promise<'lost' | 'kept' | 'missed'> => {
    const run = spawn(process.execPath, ['--import', 'tsx', 'src/verify/live/main.ts'], {
      env,
      stdio: 'ignore',
      detached: true,
    });
    const ended = new Promise((resolve) => run.on('close', resolve));
    const answered = new Promise<boolean>((resolve) => {
      rotated = () => resolve(true);
      void ended.then(() => resolve(false));
    });
    if (!(await answered)) return 'missed';
    await sleep(Math.random() * WINDOW_MS);
    if (run.pid !== undefined) process.kill(kind === 'group' ? -run.pid : run.pid, 'SIGKILL');
    await ended;
    await lockFreed(`${file}.lock`);
    if (await works(provider, readFileSync(file, 'utf8').trim())) return 'kept';
    writeFileSync(file, `${await grant(provider)}\n`, { mode: 0o600 });
    return 'lost';
  };
  console.log(
    `bench:live-kill: ${KILLS} kills per kind, each 0-${WINDOW_MS} ms after the 200 went out (load ${loadavg()[0]?.toFixed(1)})`,
  );
  for (const kind of ['command', 'group'] as const) {
    const counts = { lost: 0, kept: 0, missed: 0 };
    for (let n = 0; n < KILLS; n += 1) counts[await killOnce(kind)] += 1;
    const killed = counts.lost + counts.kept;
    const windowMs = killed === 0 ? 0 : (counts.lost / killed) * WINDOW_MS;
    console.log(
      `  ${kind.padEnd(8)} lost ${counts.lost} of ${killed} (${counts.missed} runs ended before the kill): ` +
        `a window of about ${windowMs.toFixed(1)} ms; a kill at a random moment of a ${ms(wholeMs)} run ` +
        `loses the token with p ~ ${(windowMs / wholeMs).toExponential(1)}`,
    );
  }
  proxy.close();
  await provider.close();
  rmSync(dir, { recursive: true, force: true });
};

void main();
