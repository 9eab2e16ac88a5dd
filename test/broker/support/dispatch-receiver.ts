/**
 * A stand-in for GitHub's repository_dispatch API on 127.0.0.1: it records every request the
 * broker's webhook sends and answers 204, as GitHub does. Also reads, from the workflow file
 * itself, what a dispatch must carry to start contract-requiring-verification.yml.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface DispatchReceiver {
  /** Stands for https://api.github.com. */
  readonly url: string;
  readonly received: readonly ReceivedRequest[];
  /** Resolves with the requests received once there are `count`, or rejects after `timeoutMs`. */
  readonly waitFor: (count: number, timeoutMs: number) => Promise<readonly ReceivedRequest[]>;
  readonly close: () => Promise<void>;
}

export const startDispatchReceiver = async (): Promise<DispatchReceiver> => {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const waitFor = async (count: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (received.length < count && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (received.length < count) {
      throw new Error(
        `expected ${count} dispatch(es) within ${timeoutMs} ms, got ${received.length}`,
      );
    }
    return received;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitFor,
    close: () => new Promise((res) => server.close(() => res())),
  };
};

const WORKFLOW = join(
  __dirname,
  '..',
  '..',
  '..',
  '.github',
  'workflows',
  'contract-requiring-verification.yml',
);

/** The dispatch types the workflow listens for, and the client_payload fields it reads. */
export const workflowExpects = (): {
  readonly types: string[];
  readonly payloadFields: string[];
} => {
  const text = readFileSync(WORKFLOW, 'utf8');
  const types = /repository_dispatch:\s*\n\s*types:\s*\[([^\]]*)\]/.exec(text)?.[1] ?? '';
  return {
    types: types
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== ''),
    payloadFields: [
      ...new Set([...text.matchAll(/client_payload\.(\w+)/g)].map((m) => m[1] ?? '')),
    ],
  };
};
