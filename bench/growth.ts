/**
 * `npm run bench:growth`: how the pipeline's cost grows with the contract.
 * For 8, 64 and 512 interactions (GROWTH_SIZES), generated variants of the
 * catalogue go through
 *   the consumer stage      test/consumer/generated-catalogue.pact.ts in mocha
 *                           (as `npm start` runs the consumer tests), recording
 *                           into a temporary folder (removed afterwards)
 *   the verification stage  that pact verified against the embedded reference
 *                           provider (as `npm start` verifies)
 * and prints the time per interaction at each size, the first and last tenth
 * of each run (a cost that grows within a run shows there), what one more
 * pact write costs at that size (pact-js writes, merging into the file, after
 * every consumer test) and whether each stage is linear.
 */
import { SpecificationVersion } from '@pact-foundation/pact';
import { makeConsumerPact } from '@pact-foundation/pact-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { pactFilesIn, exitWithUsageIfAsked } from '../src/config/index.js';
import { startProvider } from '../src/provider/index.js';
import { embeddedStateChange } from '../src/verify/state-change.js';
import { verifyProviderAt } from '../src/verify/verify.js';
import { CONSUMER_NAME, PROVIDER_NAME } from '../contracts/index.js';
import { median, ms } from './stats.js';

const ROOT = join(__dirname, '..');
const SIZES = (process.env['GROWTH_SIZES'] ?? '8,64,512').split(',').map(Number);
/** Per-interaction time at the largest size over that at the middle one, below which a stage is linear. */
const LINEAR_WITHIN = 1.5;
/** Verifications of each size, alternating; the median one is reported. */
const VERIFY_ROUNDS = Math.max(1, Number(process.env['GROWTH_VERIFY_ROUNDS'] ?? 3) || 3);

interface StageGrowth {
  readonly totalMs: number;
  /** Each interaction's own time, in order. */
  readonly perInteraction: readonly number[];
}

const consumerStage = (size: number, dir: string, timings: string): Promise<StageGrowth> =>
  new Promise((resolve, reject) => {
    const mocha = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const child = spawn(
      process.execPath,
      [
        mocha,
        '--reporter',
        'dot',
        '--timeout',
        '120000',
        'test/consumer/generated-catalogue.pact.ts',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          GROWTH_SIZE: String(size),
          GROWTH_DIR: dir,
          GROWTH_TIMINGS: timings,
          PACT_DO_NOT_TRACK: 'true',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`consumer stage (${size}) exited ${code}\n${stderr}`));
      const perInteraction = JSON.parse(readFileSync(timings, 'utf8')) as number[];
      resolve({ totalMs: perInteraction.reduce((a, b) => a + b, 0), perInteraction });
    });
  });

const verificationStage = async (size: number, dir: string): Promise<StageGrowth> => {
  const provider = await startProvider({});
  try {
    const started = performance.now();
    const run = await verifyProviderAt({
      providerUrl: provider.url,
      pacts: { _tag: 'Files', dir },
      stateChange: embeddedStateChange(provider.services),
      logLevel: 'error',
    })();
    const totalMs = performance.now() - started;
    if (E.isLeft(run)) throw new Error(run.left.message);
    const { interactions, passed } = run.right.outcome;
    if (!passed || interactions.length !== size) {
      throw new Error(`verification (${size}): ${interactions.length} verified, passed=${passed}`);
    }
    return { totalMs, perInteraction: interactions.map((i) => i.durationMs ?? 0) };
  } finally {
    await provider.close();
  }
};

/** One interaction merged into the pact in `dir`, as pact-js does after each test: median of 5, in ms. */
const pactWriteMs = (dir: string): number =>
  median(
    Array.from({ length: 5 }, (_, k) => {
      const pact = makeConsumerPact(
        CONSUMER_NAME,
        PROVIDER_NAME,
        SpecificationVersion.SPECIFICATION_VERSION_V4,
        'error',
      );
      const probe = pact.newInteraction(`write probe ${k}`);
      probe.uponReceiving(`write probe ${k}`);
      probe.withRequest('POST', '/write-probe');
      probe.withStatus(200);
      const started = performance.now();
      pact.writePactFile(dir);
      return performance.now() - started;
    }),
  );

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;

const tenths = (values: readonly number[]) => {
  const tenth = Math.max(1, Math.floor(values.length / 10));
  return { first: mean(values.slice(0, tenth)), last: mean(values.slice(-tenth)) };
};

const fixed = (value: number) => `${value.toFixed(1)} ms`;

/** The run with the median total: its per-interaction times stay those of one real run. */
const medianRun = (runs: readonly StageGrowth[]): StageGrowth => {
  const sorted = [...runs].sort((a, b) => a.totalMs - b.totalMs);
  const run = sorted[Math.floor((sorted.length - 1) / 2)];
  if (run === undefined) throw new Error('no verification ran');
  return run;
};

interface Row {
  readonly size: number;
  readonly pactBytes: number;
  readonly consumer: StageGrowth;
  readonly verification: StageGrowth;
  readonly writeMs: number;
}

/** Both stages at every size, in the folder `work`. */
const measure = async (work: string): Promise<Row[]> => {
  const recorded: { size: number; dir: string; pactBytes: number; consumer: StageGrowth }[] = [];
  for (const size of SIZES) {
    const dir = join(work, `pacts-${size}`);
    process.stderr.write(`${size} interactions: consumer stage\n`);
    const consumer = await consumerStage(size, dir, join(work, `timings-${size}.json`));
    const files = await pactFilesIn(dir)();
    const pactBytes = E.isRight(files)
      ? files.right.reduce((sum, file) => sum + statSync(file).size, 0)
      : 0;
    recorded.push({ size, dir, pactBytes, consumer });
  }
  // Sizes alternate round by round, so that changes in the machine's load hit them alike.
  const verifications = new Map<number, StageGrowth[]>();
  for (let round = 1; round <= VERIFY_ROUNDS; round += 1) {
    for (const { size, dir } of recorded) {
      process.stderr.write(`${size} interactions: verification ${round}/${VERIFY_ROUNDS}\n`);
      const run = await verificationStage(size, dir);
      verifications.set(size, [...(verifications.get(size) ?? []), run]);
    }
  }
  // The probe writes come last: they add interactions to the pacts.
  return recorded.map((r) => ({
    ...r,
    verification: medianRun(verifications.get(r.size) ?? []),
    writeMs: pactWriteMs(r.dir),
  }));
};

const main = async () => {
  exitWithUsageIfAsked(
    process.argv.slice(2),
    'usage: npm run bench:growth (verification time as the pact grows; GROWTH_SIZES, GROWTH_VERIFY_ROUNDS; docs/performance.md)',
  );
  const load = loadavg()[0] ?? 0;
  const work = mkdtempSync(join(tmpdir(), 'growth-'));
  let rows: Row[];
  try {
    rows = await measure(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  console.log(
    `\nNode ${process.version}, load average at start ${load.toFixed(2)}, ` +
      `verification: the median of ${VERIFY_ROUNDS} alternating rounds\n`,
  );
  console.log(
    '| interactions | pact file | consumer: per interaction | first / last tenth | one pact write at this size | verification: per interaction (wall) | Pact durations: first / last tenth |',
  );
  console.log('|---:|---:|---:|---|---:|---:|---|');
  for (const { size, pactBytes, consumer, verification, writeMs } of rows) {
    const c = tenths(consumer.perInteraction);
    const v = tenths(verification.perInteraction);
    console.log(
      `| ${size} | ${Math.round(pactBytes / 1024)} KiB | ${fixed(consumer.totalMs / size)} | ` +
        `${fixed(c.first)} / ${fixed(c.last)} | ${fixed(writeMs)} | ${fixed(verification.totalMs / size)} | ` +
        `${fixed(v.first)} / ${fixed(v.last)} |`,
    );
  }
  const [middle, largest] = rows.slice(-2);
  if (middle === undefined || largest === undefined) return;
  for (const [name, of] of [
    ['consumer stage', (r: Row) => r.consumer.totalMs],
    ['verification stage', (r: Row) => r.verification.totalMs],
  ] as const) {
    const growth = of(largest) / largest.size / (of(middle) / middle.size);
    console.log(
      `${name}: per interaction x${growth.toFixed(2)} from ${middle.size} to ${largest.size} ` +
        `(${ms(of(largest))} in all at ${largest.size}): ` +
        (growth <= LINEAR_WITHIN ? 'linear' : 'grows faster than linearly'),
    );
  }
};

main().catch((error: unknown) => {
  console.error('bench:growth failed:', error);
  process.exitCode = 1;
});
