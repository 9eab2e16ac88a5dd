/**
 * The floor for bench/pipeline.ts: the same HTTP exchanges as `npm start`,
 * without Pact. The real client against a plain node:http server answering
 * the catalogue's 8 example responses (what the consumer Pact tests exchange
 * with the mock server), then the reference provider answering the
 * catalogue's 8 requests directly, states set up in process (what the
 * verifier does). Prints one JSON line of timings; exits 1 if any exchange
 * does not come out as the catalogue says.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import * as T from 'fp-ts/lib/Task.js';
import { INTERACTIONS, TOKEN_REFRESH_PATH, type Interaction } from '../contracts/index.js';
import { createTokenRefreshClient } from '../src/client/index.js';
import { setUpProviderState, startProvider, tearDownProviderState } from '../src/provider/index.js';
import { errorMessage } from '../src/config/index.js';
import { isRecord, recordAt } from '../src/four-sides/pact-io-ts.js';

export interface FloorTimings {
  readonly consumerMs: number;
  readonly providerMs: number;
}

const headersOf = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(isRecord(value) ? value : {}).map(([n, v]) => [n, String(v)]));

const consumerFloor = async (): Promise<number> => {
  let current: Interaction | undefined;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const expected = current?.response;
      response.writeHead(expected?.status ?? 500, headersOf(expected?.headersExample));
      response.end(JSON.stringify(expected?.bodyExample ?? null));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const started = performance.now();
  for (const interaction of INTERACTIONS) {
    current = interaction;
    const client = createTokenRefreshClient({
      baseUrl: `http://127.0.0.1:${port}`,
      // As the consumer tests do: one retry of the 429, without waiting.
      retry: { maxAttempts: 2 },
      sleep: () => T.of(undefined),
    });
    const token = String(recordAt(interaction.request, 'bodyExample')['refresh_token']);
    const result = await client.refresh(token)();
    const status = E.isRight(result)
      ? 200
      : 'status' in result.left
        ? result.left.status
        : result.left._tag;
    if (status !== interaction.response.status) {
      throw new Error(`consumer floor: ${interaction.key} gave ${status}`);
    }
  }
  const elapsed = performance.now() - started;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return elapsed;
};

const providerFloor = async (): Promise<number> => {
  const provider = await startProvider({});
  try {
    const started = performance.now();
    for (const interaction of INTERACTIONS) {
      const values = await setUpProviderState(provider.services, interaction.state);
      const body = { ...recordAt(interaction.request, 'bodyExample') };
      for (const [field, value] of Object.entries(interaction.request.fromProviderState)) {
        body[field] = values[value];
      }
      const response = await fetch(`${provider.url}${TOKEN_REFRESH_PATH}`, {
        method: 'POST',
        headers: headersOf(interaction.request.headersExample),
        body: JSON.stringify(body),
      });
      await response.text();
      await tearDownProviderState(provider.services, interaction.state);
      if (response.status !== interaction.response.status) {
        throw new Error(`provider floor: ${interaction.key} gave ${response.status}`);
      }
    }
    return performance.now() - started;
  } finally {
    await provider.close();
  }
};

const main = async () => {
  const timings: FloorTimings = {
    consumerMs: await consumerFloor(),
    providerMs: await providerFloor(),
  };
  process.stdout.write(`${JSON.stringify(timings)}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`pipeline floor: ${errorMessage(error)}\n`);
  process.exitCode = 1;
});
