/**
 * The benchmark's servers, each run in a child process of bench/provider.ts
 * (so that the load generator and the server do not share one event loop):
 *   provider  the reference provider, rate limit off, with a pool of granted
 *             refresh tokens handed to the parent over IPC
 *   bare      a bare Fastify route with the same path, JSON parsing and reply
 *             headers, answering a constant token set: this stack's ceiling
 * Environment: BENCH_DB (a SQLite path or ':memory:'), BENCH_POOL (tokens).
 */
import { parseArgs } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import Fastify from 'fastify';
import { GRANTED_SCOPE, TOKEN_REFRESH_PATH } from '../contracts/index.js';
import { createProviderServices, startProvider } from '../src/provider/index.js';
import { JSON_UTF8 } from '../src/provider/http/replies.js';
import { errorMessage } from '../src/config/index.js';

export interface ServerReady {
  readonly type: 'ready';
  readonly url: string;
  readonly tokens: readonly string[];
}

export interface ServerCpu {
  readonly type: 'cpu';
  /** Microseconds of CPU since the previous `cpu` request (user + system). */
  readonly micros: number;
}

/** A constant answer of the same size and headers as a real 200. */
const CONSTANT_TOKENS = {
  access_token: `at_${'a'.repeat(43)}`,
  refresh_token: `rt_${'r'.repeat(43)}`,
  scope: GRANTED_SCOPE,
  token_type: 'Bearer',
};

const serveBare = async () => {
  const app = Fastify();
  app.post(TOKEN_REFRESH_PATH, async (_request, reply) =>
    reply
      .header('content-type', JSON_UTF8)
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .send(CONSTANT_TOKENS),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('bare: no TCP port');
  return { url: `http://127.0.0.1:${address.port}`, tokens: [], close: () => app.close() };
};

const serveProvider = async (databasePath: string, pool: number) => {
  const services = createProviderServices({ databasePath, rateLimit: false });
  const client = await services.tokens.registerClient({ name: 'bench' })();
  if (E.isLeft(client)) throw new Error('provider: cannot register the bench client');
  const tokens: string[] = [];
  for (let i = 0; i < pool; i += 1) {
    const grant = await services.tokens.grant({
      clientId: client.right.id,
      scope: GRANTED_SCOPE,
    })();
    if (E.isLeft(grant)) throw new Error('provider: cannot grant a bench token');
    tokens.push(grant.right.refreshToken);
  }
  const provider = await startProvider({ services });
  return {
    url: provider.url,
    tokens,
    close: async () => {
      await provider.close();
      await services.close();
    },
  };
};

const main = async () => {
  const [kind] = parseArgs({ allowPositionals: true }).positionals;
  const server =
    kind === 'bare'
      ? await serveBare()
      : await serveProvider(
          process.env.BENCH_DB ?? ':memory:',
          Number(process.env.BENCH_POOL ?? 512),
        );
  let last = process.cpuUsage();
  process.on('message', (message: unknown) => {
    if (message !== 'cpu') return;
    const now = process.cpuUsage();
    const cpu: ServerCpu = {
      type: 'cpu',
      micros: now.user - last.user + (now.system - last.system),
    };
    last = now;
    process.send?.(cpu);
  });
  process.on('disconnect', () => {
    void server.close().finally(() => process.exit(0));
  });
  const ready: ServerReady = { type: 'ready', url: server.url, tokens: server.tokens };
  process.send?.(ready);
};

main().catch((error: unknown) => {
  process.stderr.write(`bench server: ${errorMessage(error)}\n`);
  process.exit(1);
});
