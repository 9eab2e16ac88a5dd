/**
 * One HTTP exchange with the provider or its state-change URL, from Node, within a deadline
 * that covers the answer's body too (why here: docs/verification.md). TLS is Node's, so
 * NODE_EXTRA_CA_CERTS adds a CA.
 */
import type * as http from 'node:http';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { causeOf, clientFor, seconds } from '../broker/reachability.js';

export interface ProviderRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface ProviderAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** No answer, and why, as a person reads it: "no answer within 5 s", "refused (...)". */
export interface Unanswered {
  readonly _tag: 'Unanswered';
  readonly cause: string;
}

/**
 * How the verification's requests reach the provider. A mode that must rewrite a request or
 * read its answer (a live credential, say) wraps this function.
 */
export type Send = (request: ProviderRequest) => TE.TaskEither<Unanswered, ProviderAnswer>;

/** Headers of one connection (RFC 9110 §7.6.1), and the two each hop sets itself. */
const HOP_BY_HOP = new Set([
  ...['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer'],
  ...['transfer-encoding', 'upgrade', 'host', 'content-length'],
]);

/** What of a message's headers goes on to the next hop. */
export const endToEnd = (headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));

/** A JSON text as a value; anything else as the text itself, for a decoder to describe. */
export const jsonOrText = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * What the verifier is answered in place of the provider when a request was not sent, and why
 * (the run stopped, its state failed, a live run does not send it...).
 */
export const notSent = (why: string): ProviderAnswer => ({
  status: 503,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: Buffer.from(`not sent: ${why}`),
});

/** A request's or an answer's whole body. */
export const bodyOf = async (message: http.IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const attempt = (
  request: ProviderRequest,
  signal: AbortSignal,
  retryStale = true,
): Promise<ProviderAnswer> =>
  new Promise((resolve, reject) => {
    const { url, method, headers, body } = request;
    const outgoing = clientFor(url).request(url, {
      method,
      signal,
      headers: { ...endToEnd(headers), host: url.host, 'content-length': body.length },
    });
    outgoing.on('response', (response) => {
      const { statusCode: status = 502, headers } = response;
      bodyOf(response).then((body) => resolve({ status, headers, body }), reject);
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the provider closed meanwhile is no answer: Node's advice is a
      // retry on a fresh one (a provider that went down then reads as refused, not reset).
      if (retryStale && outgoing.reusedSocket && error.code === 'ECONNRESET') {
        resolve(attempt(request, signal, false));
      } else reject(error);
    });
    outgoing.end(body);
  });

/** Over Node's global (keep-alive) agents; `timeoutMs` bounds the request and its answer. */
export const sendWithin =
  (timeoutMs: number): Send =>
  (request) =>
  () => {
    const signal = AbortSignal.timeout(timeoutMs);
    return TE.tryCatch(
      () => attempt(request, signal),
      (error) => ({
        _tag: 'Unanswered' as const,
        cause: signal.aborted
          ? `no answer within ${seconds(timeoutMs)}`
          : causeOf(error, request.url.hostname),
      }),
    )();
  };
