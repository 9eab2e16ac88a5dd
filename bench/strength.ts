/**
 * `npm run bench:strength`: wall time of `npm run strength -- --json` (every mutant of the
 * committed pact, three judges) side by side with one plain `npm run verify` (the same pact's 8
 * interactions against the embedded provider), in the same rounds, with the machine's load.
 * Medians of BENCH_REPS rounds (default 1: a round takes a minute or more on 2 shared cores).
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, ms } from './stats.js';

const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 1) || 1);
const ROOT = join(__dirname, '..');

interface Run {
  readonly wallMs: number;
  readonly code: number | null;
  readonly stdout: string;
}

const run = (args: readonly string[]): Promise<Run> =>
  new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('npm', ['run', '-s', ...args], {
      cwd: ROOT,
      env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => resolve({ wallMs: performance.now() - started, code, stdout }));
  });

/** What `npm run strength -- --json` printed: its total row. */
const totalOf = (stdout: string) => {
  const { total } = JSON.parse(stdout) as {
    total: { mutants: number; failedByPact: number; disagreements: number };
  };
  return total;
};

const main = async () => {
  const strength: number[] = [];
  const verify: number[] = [];
  let total = { mutants: 0, failedByPact: 0, disagreements: 0 };
  for (let round = 1; round <= REPS; round++) {
    const load = loadavg()[0]?.toFixed(1) ?? '?';
    const scored = await run(['strength', '--', '--json']);
    if (scored.code !== 0 && scored.code !== 1)
      throw new Error(`npm run strength exited ${scored.code}`);
    total = totalOf(scored.stdout);
    const verified = await run(['verify']);
    if (verified.code !== 0) throw new Error(`npm run verify exited ${verified.code}`);
    strength.push(scored.wallMs);
    verify.push(verified.wallMs);
    console.log(
      `round ${round}: strength ${ms(scored.wallMs)}, verify ${ms(verified.wallMs)} (load ${load})`,
    );
  }
  const s = median(strength);
  console.log(
    `npm run strength: ${total.mutants} mutants (${total.failedByPact} failed by the pact), ` +
      `${total.disagreements} disagreements, ${ms(s)} median, ${(total.mutants / (s / 1000)).toFixed(1)} mutants/s`,
  );
  console.log(`npm run verify:   8 interactions, ${ms(median(verify))} median`);
  console.log(
    `rounds: ${REPS}; load average now ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
};

void main();
