/**
 * A deliberately altered provider: the real reference provider behind a
 * proxy that rewrites its answers with one mutation. Verifying the pacts
 * against it shows which provider changes the contract catches.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  startProvider,
  type RunningProvider,
  type StartProviderOptions,
} from '../../src/provider/index.js';
import { errorMessage } from '../../src/config/index.js';
import { isRecord } from '../../src/four-sides/pact-io-ts.js';

export interface ProviderAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Rewrites one answer; returns it unchanged when the mutation does not apply. */
export type Mutation = (answer: ProviderAnswer) => ProviderAnswer;

export interface AlteredProvider {
  readonly url: string;
  readonly provider: RunningProvider;
  readonly close: () => Promise<void>;
}

/** Answers of the token endpoint carrying a JSON object body, rewritten by `change`. */
export const jsonBody =
  (
    applies: (answer: ProviderAnswer) => boolean,
    change: (body: Record<string, unknown>) => Record<string, unknown>,
  ): Mutation =>
  (answer) => {
    if (!applies(answer)) return answer;
    const parsed: unknown = JSON.parse(answer.body);
    if (!isRecord(parsed)) return answer;
    return { ...answer, body: JSON.stringify(change({ ...parsed })) };
  };

const forwardedHeaders = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !['host', 'connection', 'content-length'].includes(name))
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
  );

const readBody = (request: AsyncIterable<Buffer>) =>
  (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk);
    return Buffer.concat(chunks);
  })();

export const startAlteredProvider = async (
  mutation: Mutation,
  options: StartProviderOptions = {},
): Promise<AlteredProvider> => {
  const provider = await startProvider(options);
  const proxy = createServer((request, response) => {
    void (async () => {
      try {
        const body = await readBody(request);
        const upstream = await fetch(`${provider.url}${request.url ?? '/'}`, {
          method: request.method ?? 'GET',
          headers: forwardedHeaders(request.headers),
          ...(body.length > 0 ? { body } : {}),
        });
        const answer = mutation({
          status: upstream.status,
          headers: Object.fromEntries(
            [...upstream.headers].filter(
              ([name]) =>
                !['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(name),
            ),
          ),
          body: await upstream.text(),
        });
        response.writeHead(answer.status, answer.headers).end(answer.body);
      } catch (error) {
        response
          .writeHead(502, { 'content-type': 'text/plain' })
          .end(`proxy: ${errorMessage(error)}`);
      }
    })();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    provider,
    close: async () => {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await provider.close();
    },
  };
};
