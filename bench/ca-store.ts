/**
 * `npm run bench:ca-store`: the verification of pacts/ against the embedded
 * reference provider, side by side in one process, alternating:
 *   system store     pact-js's Verifier as it comes: the Rust verifier loads the
 *                    machine's CA certificates for every interaction
 *   one certificate  the same through src/verify/ca-store.ts (all URLs are http):
 *                    SSL_CERT_FILE at a file of one certificate, SSL_CERT_DIR unset
 * Prints medians of BENCH_REPS rounds (7) of the wall time and of the
 * per-interaction durations Pact reports, summed.
 */
import { Verifier } from '@pact-foundation/pact';
import * as E from 'fp-ts/lib/Either.js';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROVIDER_NAME } from '../contracts/index.js';
import { pactFilesIn, PACTS_DIR } from '../src/config/index.js';
import { startProvider } from '../src/provider/index.js';
import { withCaStoreFor } from '../src/verify/ca-store.js';
import { readVerifierReport } from '../src/verify/results.js';
import { embeddedStateHandlers } from '../src/verify/state-handlers.js';
import { median, ms } from './stats.js';

const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 7) || 7);

type VerifierOptions = ConstructorParameters<typeof Verifier>[0];

interface Sample {
  readonly wallMs: number;
  readonly pactMs: number;
  readonly interactions: number;
}

const verifyOnce = async (
  options: VerifierOptions,
  run: (verify: () => Promise<string>) => Promise<string>,
): Promise<Sample> => {
  const started = performance.now();
  const text = await run(() => new Verifier(options).verifyProvider());
  const wallMs = performance.now() - started;
  const outcome = readVerifierReport(text);
  if (E.isLeft(outcome) || !outcome.right.passed) throw new Error(`verification failed: ${text}`);
  const { interactions } = outcome.right;
  const pactMs = interactions.reduce((sum, i) => sum + (i.durationMs ?? 0), 0);
  return { wallMs, pactMs, interactions: interactions.length };
};

const main = async () => {
  const files = await pactFilesIn(resolve(PACTS_DIR))();
  if (E.isLeft(files)) throw new Error(files.left.message);
  const provider = await startProvider({});
  const options: VerifierOptions = {
    provider: PROVIDER_NAME,
    providerBaseUrl: provider.url,
    pactUrls: [...files.right],
    stateHandlers: embeddedStateHandlers(provider.services),
    logLevel: 'error',
  };
  const variants = {
    'system store (pact-js as it comes)': (verify: () => Promise<string>) => verify(),
    'one-certificate store (src/verify/ca-store.ts)': (verify: () => Promise<string>) =>
      withCaStoreFor(options, verify),
  };
  const samples = new Map<string, Sample[]>();
  const load = loadavg()[0] ?? 0;
  try {
    // One warm-up of each, then alternate so that load changes hit both alike.
    for (const run of Object.values(variants)) await verifyOnce(options, run);
    for (let rep = 1; rep <= REPS; rep += 1) {
      for (const [name, run] of Object.entries(variants)) {
        samples.set(name, [...(samples.get(name) ?? []), await verifyOnce(options, run)]);
      }
    }
  } finally {
    await provider.close();
  }
  console.log(
    `\nVerification of ${[...samples.values()][0]?.[0]?.interactions ?? 0} interactions, ` +
      `medians of ${REPS} alternating rounds, SSL_CERT_FILE=${process.env['SSL_CERT_FILE'] ?? '(unset)'} ` +
      `SSL_CERT_DIR=${process.env['SSL_CERT_DIR'] ?? '(unset)'}, load average at start ${load.toFixed(2)}\n`,
  );
  console.log(
    '| CA store | wall (median) | Pact per-interaction durations, summed (median) | walls |',
  );
  console.log('|---|---:|---:|---|');
  for (const [name, runs] of samples) {
    const walls = runs.map((s) => s.wallMs);
    console.log(
      `| ${name} | ${ms(median(walls))} | ${ms(median(runs.map((s) => s.pactMs)))} | ${walls.map(ms).join(', ')} |`,
    );
  }
};

main().catch((error: unknown) => {
  console.error('bench:ca-store failed:', error);
  process.exitCode = 1;
});
