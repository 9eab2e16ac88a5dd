/** The local broker's processes (Puma, PostgreSQL): their port, their log, their end. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A port of 127.0.0.1 free now: how both the broker and its PostgreSQL cluster get one. */
export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });

/** The end of a log, for the message of a process that would not start. */
export const tail = (file: string): string => {
  try {
    return `log ${file}:\n${readFileSync(file, 'utf8').split('\n').slice(-30).join('\n')}`;
  } catch {
    return `(no log at ${file})`;
  }
};

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
export const terminate = async (pid: number, graceMs = 10_000): Promise<void> => {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(100);
  }
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
};
