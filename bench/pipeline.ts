/**
 * `npm run bench:pipeline`: wall time of `npm start` and of each of its
 * stages (parsed from its stage lines), against the floor: the same 8 + 8
 * HTTP exchanges without Pact (bench/pipeline-floor.ts, run compiled as
 * `npm start` runs), and the cost of merely starting Node, with and without
 * tsx. Medians of BENCH_REPS runs (5), all measured in the same rounds.
 * Note: like `npm start`, each run rewrites pacts/ (same content).
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FloorTimings } from './pipeline-floor.js';
import { median, ms } from './stats.js';
import { exitWithUsageIfAsked } from '../src/config/index.js';

const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 5) || 5);
const ROOT = join(__dirname, '..');

interface Run {
  readonly wallMs: number;
  readonly stdout: string;
}

const run = (command: string, args: readonly string[]): Promise<Run> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code === 0) resolve({ wallMs, stdout });
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${stdout}\n${stderr}`));
    });
  });

/** `ok   consumer pact tests             3.41 s  ...` -> ['consumer pact tests', 3410] */
const stageTimes = (stdout: string): Map<string, number> => {
  const times = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const stage = /^(?:ok {2}|FAIL) (.{28}) +([\d.]+) (ms|s)\b/.exec(line);
    if (stage?.[1] !== undefined) {
      times.set(stage[1].trim(), Number(stage[2]) * (stage[3] === 's' ? 1000 : 1));
    }
    const total = /^total ([\d.]+) s$/.exec(line.trim());
    if (total?.[1] !== undefined) times.set('total (as printed)', Number(total[1]) * 1000);
  }
  return times;
};

const collect = () => {
  const samples = new Map<string, number[]>();
  return {
    add: (name: string, ms: number) => samples.set(name, [...(samples.get(name) ?? []), ms]),
    rows: () => [...samples].map(([name, values]) => ({ name, median: median(values), values })),
    median: (name: string) => median(samples.get(name) ?? []),
  };
};

const main = async () => {
  exitWithUsageIfAsked(
    process.argv.slice(2),
    'usage: npm run bench:pipeline (npm start, stage by stage, against the provider floor; docs/performance.md)',
  );
  const pipeline = collect();
  const floor = collect();
  const load = loadavg()[0] ?? 0;
  for (let rep = 1; rep <= REPS; rep += 1) {
    process.stderr.write(`run ${rep}/${REPS}\n`);
    const started = await run('npm', ['start']);
    pipeline.add('npm start (wall, with npm itself)', started.wallMs);
    for (const [name, time] of stageTimes(started.stdout)) pipeline.add(name, time);
    const withoutNpm = await run(process.execPath, ['src/pipeline/start.mjs']);
    pipeline.add('the same without npm (node src/pipeline/start.mjs, wall)', withoutNpm.wallMs);

    // The floor runs as `npm start` does: compiled (src/pipeline/start.mjs), without npm.
    const floorRun = await run(process.execPath, [
      'src/pipeline/start.mjs',
      'bench/pipeline-floor.ts',
    ]);
    const timings = JSON.parse(floorRun.stdout) as FloorTimings;
    floor.add('floor process (wall: node + both floors, compiled)', floorRun.wallMs);
    floor.add('consumer floor: client x 8 vs plain server', timings.consumerMs);
    floor.add('provider floor: 8 requests, states in process', timings.providerMs);
    const noop = await run(process.execPath, ['--eval', '']);
    floor.add('node, empty script (wall)', noop.wallMs);
    const tsxNoop = await run(process.execPath, ['--import', 'tsx', '--eval', '']);
    floor.add('node --import tsx, empty script (wall)', tsxNoop.wallMs);
  }

  console.log(
    `\nMedians of ${REPS} runs, Node ${process.version}, load average at start ${load.toFixed(2)}\n`,
  );
  console.log('| measured | median | runs |');
  console.log('|---|---:|---|');
  for (const row of [...pipeline.rows(), ...floor.rows()]) {
    console.log(`| ${row.name} | ${ms(row.median)} | ${row.values.map(ms).join(', ')} |`);
  }
  const consumerStage = pipeline.median('consumer pact tests');
  const verifyStage = pipeline.median('verification');
  const consumerFloor = floor.median('consumer floor: client x 8 vs plain server');
  const providerFloor = floor.median('provider floor: 8 requests, states in process');
  const total = pipeline.median('npm start (wall, with npm itself)');
  const floorProcess = floor.median('floor process (wall: node + both floors, compiled)');
  const ratio = (name: string, value: number, target?: number) =>
    console.log(
      `${name}: ${value.toFixed(1)}x` +
        (target === undefined
          ? ''
          : ` (target <= ${target}x: ${value <= target ? 'met' : 'missed'})`),
    );
  console.log(
    `\nbefore the first stage and after the last (npm start wall - printed total): ${ms(
      total - pipeline.median('total (as printed)'),
    )}`,
  );
  ratio('npm start / floor process', total / floorProcess, 1.6);
  ratio(
    'without npm / floor process',
    pipeline.median('the same without npm (node src/pipeline/start.mjs, wall)') / floorProcess,
  );
  ratio('verification / provider floor (in process)', verifyStage / providerFloor, 3);
  ratio('consumer stage / consumer floor (in process)', consumerStage / consumerFloor);
};

main().catch((error: unknown) => {
  console.error('bench:pipeline failed:', error);
  process.exitCode = 1;
});
