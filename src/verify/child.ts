/**
 * The one way src/verify starts a child process (the Rust verifier, a live run's own process, a
 * live token's save command): run to its end, its output collected, how it ended said.
 */
import { execFile } from 'node:child_process';
import { seconds } from '../broker/reachability.js';

export interface ChildOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Written to its stdin, then closed; without it, stdin stays open as long as this process. */
  readonly input?: string;
  /** Sees its stderr as it comes. */
  readonly onStderr?: (chunk: string) => void;
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
  { env, input, onStderr, forward = [], timeoutMs }: ChildOptions = {},
): Promise<ChildExit> =>
  new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const options = { env, maxBuffer: 64 * 1024 * 1024, detached: timeoutMs !== undefined };
    const child = execFile(file, args, options, (error, stdout, stderr) => {
      clearTimeout(timer);
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : undefined;
      const how = timedOut
        ? `did not exit within ${seconds(timeoutMs ?? 0)}, ended`
        : error?.signal
          ? `killed by ${error.signal}`
          : code === undefined
            ? `could not run it: ${error?.message ?? ''}`
            : `exited ${code}`;
      resolve({ stdout, stderr, code: timedOut ? undefined : code, how });
    });
    if (timeoutMs !== undefined)
      timer = setTimeout(() => {
        timedOut = true;
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      }, timeoutMs);
    if (onStderr !== undefined) child.stderr?.on('data', (chunk) => onStderr(String(chunk)));
    if (input !== undefined) child.stdin?.on('error', () => undefined).end(input);
    for (const signal of forward) process.on(signal, () => child.kill(signal));
  });
