/**
 * Where pact-js's Verifier runs: in a process of its own (./verifier-process.ts), whose stdout
 * is the run's report. Why: the Rust verifier prints its whole report (60-odd coloured lines
 * for 8 interactions) on its process's stdout, with no way to turn it off: pact_verifier's
 * `verify_provider_async` ends with a `println!` of every line of it, and pact-core 20.2
 * exposes neither pact_ffi's coloured-output switch nor its captured output. Run here, that
 * report would sit among the command's own lines; in a child, it is kept as `pactReport`, for
 * `--verbose` and a file under reports/.
 *
 * Only the Verifier moves: its hooks stay in this process (the provider's in-memory store,
 * the run's deadline and its log, a mode's `exchange`), and the child asks for each provider
 * request and state change by message. Loading pact-js costs a child 0.3-0.5 s, so a finished
 * child waits for the next run, and `prepareVerifier` starts one ahead of time; an idle child
 * never keeps this process alive, and ends with it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { LogLevel } from '@pact-foundation/pact-core';
import type { ProviderAnswer } from './exchange.js';
import {
  ANY_STATE,
  END_OF_REPORT,
  notSent,
  type Phases,
  type ForwardedRequest,
  type FromVerifier,
  type StateHandler,
  type StateHandlers,
  type StatePhases,
  type StateResult,
  type ToVerifier,
  type VerifierData,
} from './verifier-protocol.js';

/** What the run's own process does for the Verifier. */
export interface VerifierHooks {
  readonly answer: (request: ForwardedRequest) => Promise<ProviderAnswer>;
  readonly stateHandlers: StateHandlers | undefined;
  /** Something threw outside any promise, in either process: the run must stop. */
  readonly crashed: (description: string) => void;
}

export interface VerifierFinished {
  /** What the Verifier resolved or rejected with: its JSON report, or why it has none. */
  readonly text: string;
  /** Pact's report, as the Rust verifier printed it (ANSI colours included). */
  readonly pactReport: string;
}

interface VerifierChild {
  readonly process: ChildProcess;
  /** Its stdout since the last report ended. */
  stdout: string;
  stderr: string;
  exited: boolean;
}

/** The compiled twin runs as is (npm start); the TypeScript source through tsx. */
const ENTRY = join(__dirname, `verifier-process${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
const EXEC_ARGV = ENTRY.endsWith('.ts') ? ['--import', 'tsx'] : [];

const idle: VerifierChild[] = [];

/** Whether the child's handles keep this process alive: only while it runs. */
const holding = ({ process: child }: VerifierChild, hold: boolean): void => {
  for (const handle of [child, child.channel, child.stdout, child.stderr] as (
    Pick<Socket, 'ref' | 'unref'> | null | undefined
  )[]) {
    if (hold) handle?.ref();
    else handle?.unref();
  }
};

const spawnChild = (logLevel: LogLevel | undefined): VerifierChild => {
  const child = fork(ENTRY, logLevel === undefined ? [] : [logLevel], {
    execArgv: EXEC_ARGV,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const verifier: VerifierChild = { process: child, stdout: '', stderr: '', exited: false };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (verifier.stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    verifier.stderr = (verifier.stderr + chunk).slice(-4000);
  });
  child.on('exit', () => {
    verifier.exited = true;
    const at = idle.indexOf(verifier);
    if (at >= 0) idle.splice(at, 1);
  });
  holding(verifier, false);
  return verifier;
};

process.on('exit', () => {
  for (const child of idle) child.process.kill();
});

/**
 * Starts a verifier process now, for the next run to find it ready, the Rust core loaded at
 * this log level (the level of that run's Verifier).
 */
export const prepareVerifier = (logLevel?: LogLevel): void => {
  if (idle.length === 0) idle.push(spawnChild(logLevel));
};

const phasesOfHandler = (handler: StateHandler): Phases =>
  typeof handler === 'function'
    ? { setup: true, teardown: false }
    : { setup: handler.setup !== undefined, teardown: handler.teardown !== undefined };

/**
 * Which phases each state's handler has: pact-js calls a plain function on setup only. Handlers
 * made by `forAnyState` answer ANY_STATE too, with the handler they give every state.
 */
const phasesOf = (handlers: StateHandlers | undefined): StatePhases => {
  const any = handlers?.[ANY_STATE];
  return {
    ...Object.fromEntries(
      Object.entries(handlers ?? {}).map(([state, handler]) => [state, phasesOfHandler(handler)]),
    ),
    ...(any === undefined ? {} : { [ANY_STATE]: phasesOfHandler(any) }),
  };
};

const changeState = async (
  handlers: StateHandlers | undefined,
  { state, action, params }: Extract<FromVerifier, { kind: 'state' }>,
): Promise<StateResult> => {
  const handler = handlers?.[state];
  const run = typeof handler === 'function' ? handler : handler?.[action];
  try {
    const values = await run?.(params as Parameters<NonNullable<typeof run>>[0]);
    return { ok: true, values: values ?? undefined };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
};

const NOT_ANSWERED = notSent('the verification failed to answer');

/** Answers one message of the child. */
const onMessage = (child: VerifierChild, hooks: VerifierHooks, message: FromVerifier) => {
  const send = (reply: ToVerifier) => child.process.connected && child.process.send(reply);
  switch (message.kind) {
    case 'request':
      void hooks
        .answer({ ...message.request, body: Buffer.from(message.request.body) })
        .catch((error: unknown) => {
          hooks.crashed(error instanceof Error ? error.message : String(error));
          return NOT_ANSWERED;
        })
        .then((answer) => send({ kind: 'answer', id: message.id, answer }));
      return;
    case 'state':
      void changeState(hooks.stateHandlers, message).then((result) =>
        send({ kind: 'state-done', id: message.id, result }),
      );
      return;
    case 'crash':
      hooks.crashed(message.message);
      return;
    case 'done':
      return;
  }
};

const runIn = (child: VerifierChild, options: VerifierData, hooks: VerifierHooks) =>
  new Promise<E.Either<string, VerifierFinished>>((resolve) => {
    let text: string | undefined;
    const finish = (result: E.Either<string, VerifierFinished>) => {
      child.process.off('message', listen).off('exit', exited);
      child.process.stdout?.off('data', reportEnd);
      resolve(result);
    };
    // Done when the Verifier has answered and its report has ended, in either order.
    const reportEnd = () => {
      const end = child.stdout.indexOf(END_OF_REPORT);
      if (text === undefined || end < 0) return;
      const pactReport = child.stdout.slice(0, end);
      child.stdout = child.stdout.slice(end + END_OF_REPORT.length);
      finish(E.right({ text, pactReport }));
    };
    const listen = (message: FromVerifier) => {
      if (message.kind === 'done') text = message.text;
      onMessage(child, hooks, message);
      reportEnd();
    };
    const exited = (code: number | null, signal: NodeJS.Signals | null) =>
      finish(
        E.left(
          `the verifier process ended (${signal ?? `exit code ${String(code)}`}) before the run did` +
            (child.stderr.trim() === '' ? '' : `: ${child.stderr.trim().split('\n').at(-1) ?? ''}`),
        ),
      );
    child.process.on('message', listen).on('exit', exited);
    child.process.stdout?.on('data', reportEnd);
    child.process.send({ kind: 'verify', options, states: phasesOf(hooks.stateHandlers) });
  });

/** Runs pact-js's Verifier with these options in a verifier process, its hooks here. */
export const runInVerifierProcess = async (
  options: VerifierData,
  hooks: VerifierHooks,
): Promise<E.Either<string, VerifierFinished>> => {
  // An exited child has left `idle` already (see spawnChild).
  const child = idle.pop() ?? spawnChild(options.logLevel);
  holding(child, true);
  child.stdout = '';
  const result = await runIn(child, options, hooks);
  if (!child.exited) {
    holding(child, false);
    idle.push(child);
  }
  return result;
};
