/**
 * `npm run verify:live [-- --json --junit]`: verifies the pacts against a deployment we do not own
 * (PROVIDER_BASE_URL), with only what a real consumer holds: the interactions whose provider
 * states real credentials can establish (./decisions.ts) are verified live, the others are named
 * with the reason they are not. Variables: those of `npm run verify` without a state-change URL,
 * plus LIVE_REFRESH_TOKEN_FILE, or LIVE_REFRESH_TOKEN with LIVE_TOKEN_SAVE_COMMAND (and
 * LIVE_TOKEN_SAVE_TIMEOUT_MS); LIVE_EXPIRED_REFRESH_TOKEN and LIVE_SUSPENDED_REFRESH_TOKEN.
 * The run itself happens in a process of its own (./run.ts); this one prints, masking every
 * secret that process reports, and leaves what every verification leaves for CI (JUnit, the job
 * summary, annotations: src/ci/verification.ts), Pact's own report in reports/verification/. Exit 0 when every interaction verified live passed; 1 when one
 * failed, nothing could be verified live, the run could not start or the successor was not
 * saved; 2 on bad configuration.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../../contracts/index.js';
import { maskSecrets } from '../../broker/mask.js';
import { secretsIn } from '../../ci/secrets.js';
import { reportVerification, type VerificationCommand } from '../../ci/verification.js';
import { errorMessage, flagsGiven, flagsUsage, JUNIT_FLAG } from '../../config/index.js';
import type { VerificationError, VerificationRun } from '../verify.js';
import { liveConfigFrom } from './config.js';
import { asInteractionResult, RunMessage, type LiveOutcome } from './outcome.js';
import { livePassed, outcomeJson, outcomeLines, tokenLine } from './output.js';

const FLAGS = ['--json', JUNIT_FLAG] as const;
const USAGE = flagsUsage('npm run verify:live', FLAGS);
const RUN = join(__dirname, 'run.ts');
const COMMAND: VerificationCommand = { suite: 'verify-live', command: 'npm run verify:live' };

interface Printer {
  readonly json: boolean;
  readonly secrets: string[];
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const printer = (json: boolean): Printer => {
  // Known before the run reports any: the configuration's (src/ci/secrets.ts).
  const secrets = [...secretsIn(process.env)];
  const mask = (text: string) => maskSecrets(secrets)(text);
  return {
    json,
    secrets,
    out: (line) => void process.stdout.write(`${mask(line)}\n`),
    err: (line) => void process.stderr.write(`${mask(line)}\n`),
  };
};

/** What the run found, as the verification's own result, for the reporting every run shares. */
const asVerification = (
  print: Printer,
  outcome: LiveOutcome | undefined,
  pactReport: string,
  error: string,
): E.Either<VerificationError, VerificationRun> => {
  const mask = (text: string) => maskSecrets(print.secrets)(text);
  if (outcome === undefined) return E.left({ _tag: 'VerifierError', message: mask(error) });
  const interactions = outcome.interactions.map(asInteractionResult).map((i) => ({
    ...i,
    mismatches: i.mismatches.map(mask),
  }));
  return E.right({
    providerUrl: outcome.providerUrl,
    pactReport: mask(pactReport),
    outcome: { passed: livePassed(outcome), interactions },
  });
};

/** JUnit on CI or with --junit, the job summary and annotations on GitHub: as `npm run verify`. */
const report = async (
  print: Printer,
  args: readonly string[],
  startedAt: Date,
  result: E.Either<VerificationError, VerificationRun>,
): Promise<boolean> => {
  const written = await reportVerification(COMMAND, result, {
    env: process.env,
    argv: args,
    startedAt,
  })();
  if (E.isLeft(written)) print.err(`verify:live: ${written.left.message}`);
  else if (written.right.junit !== undefined && !print.json)
    print.out(`JUnit: ${written.right.junit}`);
  return E.isRight(written);
};

/** The run's last message, printed; the exit code. */
const finish = (
  print: Printer,
  last: RunMessage | undefined,
  stderr: string,
  exit: string,
): number => {
  if (last?._tag === 'Completed') {
    const { outcome } = last;
    if (print.json) print.out(JSON.stringify(outcomeJson(outcome), null, 2));
    else outcomeLines(outcome).forEach(print.out);
    return livePassed(outcome) ? 0 : 1;
  }
  const message =
    last?._tag === 'Failed'
      ? last.message
      : `the run ended unexpectedly (${exit})${stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n').slice(-5).join(' | ')}`}`;
  const token =
    last?._tag === 'Failed' && last.token !== undefined ? tokenLine(last.token) : undefined;
  if (print.json) {
    print.out(
      JSON.stringify(
        {
          ok: false,
          error: message,
          ...(last?._tag === 'Failed' && last.token ? { token: last.token } : {}),
        },
        null,
        2,
      ),
    );
  }
  if (token !== undefined && !print.json) print.err(token);
  print.err(`verify:live: ${message}`);
  return 1;
};

interface Ended {
  readonly last: RunMessage | undefined;
  readonly stderr: string;
  /** Pact's own report, as the run's verifier printed it: kept (masked) in reports/verification. */
  readonly pactReport: string;
  readonly exit: string;
}

const runLive = (print: Printer): Promise<Ended> =>
  new Promise((resolve) => {
    const child = fork(RUN, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stderr = '';
    let pactReport = '';
    let last: RunMessage | undefined;
    child.stdout?.on('data', (chunk: Buffer) => (pactReport += chunk.toString()));
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)),
    );
    child.on('message', (raw: unknown) => {
      const message = decode(RunMessage)(raw);
      if (E.isLeft(message)) return;
      const m = message.right;
      if (m._tag === 'Secret') print.secrets.push(m.value);
      else if (m._tag === 'Notice') print.err(m.line);
      else last = m;
    });
    // Interrupted: the run stops itself (a save under way finishes first); this waits for it.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => child.kill(signal));
    }
    child.on('close', (code, signal) =>
      resolve({ last, stderr, pactReport, exit: signal === null ? `exit ${code}` : signal }),
    );
  });

const main = async (): Promise<number> => {
  const startedAt = new Date();
  const args = process.argv.slice(2);
  const flags = flagsGiven(args, FLAGS);
  const print = printer(E.isRight(flags) && flags.right('--json'));
  if (E.isLeft(flags)) {
    print.err(`verify:live: ${flags.left}\n${USAGE}`);
    return 2;
  }
  const config = liveConfigFrom(process.env);
  if (E.isLeft(config)) {
    if (print.json) print.out(JSON.stringify({ ok: false, error: config.left.message }));
    print.err(`verify:live: ${config.left.message}`);
    return 2;
  }
  const ended = await runLive(print);
  const outcome = ended.last?._tag === 'Completed' ? ended.last.outcome : undefined;
  const failure =
    ended.last?._tag === 'Failed' ? ended.last.message : `the run ended (${ended.exit})`;
  // Reported first: the closing line (or the line saying why the run ended) stays the last.
  const reported = await report(
    print,
    args,
    startedAt,
    asVerification(print, outcome, ended.pactReport, failure),
  );
  const code = finish(print, ended.last, ended.stderr, ended.exit);
  return reported ? code : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`verify:live: unexpected failure: ${errorMessage(error)}\n`);
    process.exit(1);
  },
);
