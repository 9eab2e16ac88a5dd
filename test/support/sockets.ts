/**
 * Real sockets that fail the way deployments do: a port nothing listens on, a server that
 * accepts connections and never answers, and HTTP servers with scripted answers.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface TestServer {
  readonly url: string;
  readonly close: () => Promise<void>;
}

const listening = (server: net.Server): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no TCP address'));
      else resolve(`http://127.0.0.1:${address.port}`);
    });
  });

/** Closes a server and every connection it still holds. */
const closing = (server: net.Server, sockets: Set<net.Socket>) => () =>
  new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });

const tracked = (server: net.Server): Set<net.Socket> => {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
};

/** A URL on which connections are refused: a port that was free a moment ago. */
export const refusedUrl = async (): Promise<string> => {
  const server = net.createServer();
  const url = await listening(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
};

/** Accepts every connection and never answers. */
export const silentServer = async (): Promise<TestServer> => {
  const server = net.createServer((socket) => socket.on('error', () => undefined));
  const sockets = tracked(server);
  return { url: await listening(server), close: closing(server, sockets) };
};

/** Answers each request with `answer`; returning undefined leaves the request unanswered. */
export type Answer = (
  request: { readonly method: string; readonly url: string; readonly body: string },
  index: number,
) => { readonly status: number; readonly body: string } | undefined;

/** Closing it drops every connection: from then on, connections are refused. */
export const scriptedServer = async (answer: Answer): Promise<TestServer> => {
  let index = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const reply = answer({ method: req.method ?? '', url: req.url ?? '', body }, index++);
      if (reply === undefined) return;
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body);
    });
  });
  const sockets = tracked(server);
  return { url: await listening(server), close: closing(server, sockets) };
};

/** The servers a suite starts, closed together when it says so. */
export const serverPool = () => {
  const servers: TestServer[] = [];
  return {
    serve: async (starting: Promise<TestServer>): Promise<TestServer> => {
      const server = await starting;
      servers.push(server);
      return server;
    },
    closeAll: async (): Promise<void> => {
      await Promise.all(servers.splice(0).map((s) => s.close()));
    },
  };
};

/** How a child ended, and its standard output and error as one text, in the order they came. */
export const combinedOutput = (
  child: ChildProcessWithoutNullStreams,
): Promise<{ readonly code: number | null; readonly output: string }> =>
  new Promise((resolve) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/**
 * Runs a TypeScript entry point as npm would, and how long it took to end; `watch` sees its
 * standard error so far, as it comes.
 */
export const runScript = (
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  watch: (stderr: string) => void = () => undefined,
): Promise<Finished> =>
  new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, PACT_DO_NOT_TRACK: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      watch(stderr);
    });
    child.on('close', (code) =>
      resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }),
    );
  });

/** A scratch folder for the reports of the commands tests run, removed when the tests end. */
const SCRATCH_REPORTS = join(tmpdir(), `contract-suite-test-reports-${process.pid}`);
process.on('exit', () => rmSync(SCRATCH_REPORTS, { recursive: true, force: true }));

/**
 * A command a test runs runs as on a laptop: not on CI, its reports in a scratch folder. What it
 * writes never reaches the reports CI uploads (a fixture's deliberate failure among them) or the
 * job summary of the run that tests it.
 */
export const NOT_ON_CI: NodeJS.ProcessEnv = {
  CI: '',
  GITHUB_ACTIONS: '',
  GITHUB_STEP_SUMMARY: '',
  REPORTS_DIR: SCRATCH_REPORTS,
};

/** The variables a test must not inherit from the shell that runs it. */
export const WITHOUT_TARGETS: NodeJS.ProcessEnv = {
  ...NOT_ON_CI,
  PROVIDER_BASE_URL: '',
  PROVIDER_STATE_CHANGE_URL: '',
  PACT_BROKER_BASE_URL: '',
  PACT_BROKER_TOKEN: '',
  PACT_BROKER_USERNAME: '',
  PACT_BROKER_PASSWORD: '',
  PROVIDER_TIMEOUT_MS: '',
  PACT_BROKER_TIMEOUT_MS: '',
};
