/**
 * `npm run bench:ca-store`: the Rust verifier (`pact verifier`, src/verify/pact-verifier.ts) on
 * pacts/ against the reference provider and its own state-change route, run by hand as a user
 * would, side by side and alternating:
 *   system store     the machine's CA certificates, which the verifier loads for every interaction
 *   one certificate  SSL_CERT_FILE at a file of one certificate, SSL_CERT_DIR unset: what a run
 *                    gets from src/verify/pact-verifier.ts when every URL it opens is http
 * Prints medians of BENCH_REPS rounds (7) of the wall time and of the per-interaction durations
 * Pact reports, summed.
 */
import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROVIDER_NAME } from '../contracts/index.js';
import { pactFilesIn, PACTS_DIR, exitWithUsageIfAsked } from '../src/config/index.js';
import {
  PROVIDER_STATES_PATH,
  PROVIDER_STATES_SECRET_HEADER,
  startProvider,
} from '../src/provider/index.js';
import type { PactSource } from '../src/verify/config.js';
import {
  caStoreEnv,
  runPactVerifier,
  sourceArgs,
  verifierEnv,
} from '../src/verify/pact-verifier.js';
import { readVerifierReport } from '../src/verify/results.js';
import { median, ms } from './stats.js';

const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 7) || 7);

interface Sample {
  readonly wallMs: number;
  readonly pactMs: number;
  readonly interactions: number;
}

const verifyOnce = async (args: readonly string[], env: NodeJS.ProcessEnv): Promise<Sample> => {
  const started = performance.now();
  const { json, ended } = await runPactVerifier(args, env);
  const wallMs = performance.now() - started;
  const report = readVerifierReport(json ?? '');
  if (E.isLeft(report) || !report.right.outcome.passed) {
    throw new Error(`verification failed (${ended}): ${json ?? 'no report'}`);
  }
  const { interactions } = report.right.outcome;
  const pactMs = interactions.reduce((sum, i) => sum + (i.durationMs ?? 0), 0);
  return { wallMs, pactMs, interactions: interactions.length };
};

const main = async () => {
  exitWithUsageIfAsked(
    process.argv.slice(2),
    'usage: npm run bench:ca-store (how long loading the CA store takes; SSL_CERT_FILE / SSL_CERT_DIR as the verifier reads them; docs/performance.md)',
  );
  const source: PactSource = { _tag: 'Files', dir: resolve(PACTS_DIR) };
  const files = await pactFilesIn(source.dir)();
  if (E.isLeft(files)) throw new Error(files.left.message);
  const secret = randomUUID();
  const provider = await startProvider({ providerStatesSecret: secret });
  const { hostname, port } = new URL(provider.url);
  const args = [
    ...sourceArgs(source, files.right),
    ...['--provider-name', PROVIDER_NAME, '--hostname', hostname, '--port', port],
    ...['--state-change-url', `${provider.url}${PROVIDER_STATES_PATH}`, '--state-change-teardown'],
    ...['--header', `${PROVIDER_STATES_SECRET_HEADER}=${secret}`, '--loglevel', 'error'],
  ];
  const { SSL_CERT_FILE: _one, ...withoutStore } = verifierEnv(source, process.env);
  const variants = {
    'system store': {
      ...withoutStore,
      ...caStoreEnv({ _tag: 'SystemStore', becauseOf: 'bench' }, process.env),
    },
    'one certificate (src/verify/pact-verifier.ts)': verifierEnv(source, process.env),
  };
  const samples = new Map<string, Sample[]>();
  const load = loadavg()[0] ?? 0;
  try {
    // One warm-up of each, then alternate so that load changes hit both alike.
    for (const env of Object.values(variants)) await verifyOnce(args, env);
    for (let rep = 1; rep <= REPS; rep += 1) {
      for (const [name, env] of Object.entries(variants)) {
        samples.set(name, [...(samples.get(name) ?? []), await verifyOnce(args, env)]);
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
