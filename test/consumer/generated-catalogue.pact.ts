/**
 * The consumer Pact tests over a generated catalogue, for `npm run bench:growth`
 * (not a *.test.ts: only the benchmark runs it). GROWTH_SIZE variants of the
 * catalogue's entries, each with its own description, each recorded as
 * test/consumer records the catalogue: the real client against the Pact mock
 * server. The pact goes to GROWTH_DIR (a temporary folder), and to
 * GROWTH_TIMINGS each interaction's recording time in milliseconds, in order.
 */
import { PactV4 } from '@pact-foundation/pact';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  CONSUMER_NAME,
  INTERACTIONS,
  PROVIDER_NAME,
  type Interaction,
} from '../../contracts/index.js';
import { createTokenRefreshClient } from '../../src/client/index.js';
import { isRecord } from '../../src/four-sides/pact-io-ts.js';
import { recordedInteraction } from './recorded-interaction.js';

const size = Number(process.env['GROWTH_SIZE']);
const dir = process.env['GROWTH_DIR'];
const timingsFile = process.env['GROWTH_TIMINGS'];
if (!Number.isInteger(size) || size < 1 || dir === undefined || timingsFile === undefined) {
  throw new Error(
    'GROWTH_SIZE (a whole number), GROWTH_DIR and GROWTH_TIMINGS must be set: npm run bench:growth',
  );
}

/** Entry i of the catalogue, cycled; the round number keeps every description unique. */
const variants = (count: number): Interaction[] =>
  Array.from({ length: count }, (_, i) => {
    const entry = INTERACTIONS[i % INTERACTIONS.length];
    if (entry === undefined) throw new Error('the catalogue is empty');
    const round = Math.floor(i / INTERACTIONS.length) + 1;
    return { ...entry, description: `${entry.description} (variant ${round})` };
  });

const tokenSent = (interaction: Interaction): string => {
  const body: unknown = interaction.request.bodyExample;
  return isRecord(body) && 'refresh_token' in body ? String(body['refresh_token']) : '';
};

const pact = new PactV4({
  consumer: CONSUMER_NAME,
  provider: PROVIDER_NAME,
  dir,
  logLevel: 'error',
});
const timings: number[] = [];

describe(`a generated catalogue of ${size} interactions`, () => {
  after(() => writeFileSync(timingsFile, JSON.stringify(timings)));

  for (const interaction of variants(size)) {
    it(interaction.description, async () => {
      const started = performance.now();
      // One attempt: the rate-limited entry's 429 is recorded once, not retried.
      const client = (url: string) =>
        createTokenRefreshClient({ baseUrl: url, retry: { maxAttempts: 1 } });
      await recordedInteraction(pact, interaction).executeTest((server) =>
        client(server.url).refresh(tokenSent(interaction))(),
      );
      timings.push(performance.now() - started);
    });
  }
});
