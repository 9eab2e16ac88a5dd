/**
 * The one way src/verify and src/broker start a child process (the Rust verifier, the broker's
 * CLI, a live run's own process, a live token's save command), with the plainest channels: its
 * stdout and stderr (collected, or this process's own), its exit code, and its stdin, which it
 * reads to its end: given `input`, or kept open until this process is gone, however it ends
 * (SIGKILL included).
 */
import { spawn } from 'node:child_process';
import { seconds } from './exchange.js';

export interface ChildOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Written to its stdin, then closed; without it, stdin stays open as long as this process. */
  readonly input?: string;
  /** Its stdout and stderr are this process's own, instead of collected. */
  readonly inherit?: boolean;
  /** Signals this process hands on to it instead of obeying them. */
  readonly forward?: readonly NodeJS.Signals[];
  /** Then it is killed with every process it started (it gets a process group of its own). */
  readonly timeoutMs?: number;
}

export interface ChildExit {
  readonly stdout: string;
  readonly stderr: string;
  /** Its exit code: undefined when it was killed or could not start. */
  readonly code: number | undefined;
  /** How it ended: `exited 3`, `killed by SIGKILL`, `did not exit within 30 s, ended`. */
  readonly how: string;
}

export const runChild = (
  file: string,
  args: readonly string[],
  { env, input, inherit = false, forward = [], timeoutMs }: ChildOptions = {},
): Promise<ChildExit> =>
  new Promise((resolve) => {
    const output = inherit ? 'inherit' : 'pipe';
    const detached = timeoutMs !== undefined;
    const child = spawn(file, args, { env, stdio: ['pipe', output, output], detached });
    const collected = { stdout: '', stderr: '' };
    for (const name of ['stdout', 'stderr'] as const)
      child[name]?.setEncoding('utf8').on('data', (chunk: string) => (collected[name] += chunk));
    let timedOut = false;
    const kill = () => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    };
    const timer = timeoutMs === undefined ? undefined : setTimeout(kill, timeoutMs);
    const hand = (signal: NodeJS.Signals) => child.kill(signal);
    forward.forEach((signal) => process.on(signal, hand));
    const ended = (code: number | undefined, how: string) => {
      clearTimeout(timer);
      forward.forEach((signal) => process.off(signal, hand));
      resolve({ ...collected, code, how });
    };
    child.on('error', (error) => ended(undefined, `could not run it: ${error.message}`));
    child.on('close', (code, signal) => {
      if (timedOut) ended(undefined, `did not exit within ${seconds(timeoutMs ?? 0)}, ended`);
      else if (signal !== null) ended(undefined, `killed by ${signal}`);
      else ended(code ?? undefined, `exited ${String(code)}`);
    });
    child.stdin?.on('error', () => undefined);
    if (input !== undefined) child.stdin?.end(input);
  });
