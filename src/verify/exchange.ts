/**
 * One HTTP exchange from Node, within a deadline that covers the answer's body too: with the
 * provider or its state-change URL (why here: docs/verification.md), or one look at a URL
 * before a long job depends on it (`checkReachable`). TLS is Node's, so NODE_EXTRA_CA_CERTS
 * adds a CA. A failure says its cause as a person acts on it.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { BrokerError } from '../broker/errors.js';
import { redactUrl } from '../broker/mask.js';
// errors.js itself, not the config index (which loads the contracts and Pact's matchers):
// verify:live's waiting parent reaches this module through child.ts.
import { errorCode, errorMessage } from '../config/errors.js';

/** "5 s", "0.5 s": how long a timeout is, for people. */
export const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;

/** OpenSSL's reason ("wrong version number": not a TLS server), without its source file. */
const openSslReason = (message: string): string =>
  /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? message;

/** A socket or TLS error as the cause a person acts on. */
export const causeOf = (error: unknown, host: string): string => {
  const code = errorCode(error) ?? '';
  const message = errorMessage(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused (nothing listens there)';
    case 'ENOTFOUND':
      return `DNS: host ${host} not found`;
    case 'EAI_AGAIN':
      return `DNS: lookup of ${host} failed (EAI_AGAIN)`;
    case 'ECONNRESET':
      return 'connection reset before an answer';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${host} (${code})`;
  }
  return /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|EPROTO)/.test(
    code,
  ) || /SSL|TLS|certificate/i.test(message)
    ? `TLS: ${openSslReason(message)}`
    : `${code === '' ? '' : `${code}: `}${message}`;
};

/** Bodies quoted in messages are cut here: the point is the gist. */
const GIST_MAX = 300;

/** A body as one short line, for a message. */
export const gist = (body: Buffer): string => {
  const text = body.toString('utf8').replace(/\s+/g, ' ').trim();
  if (text === '') return '(empty body)';
  return text.length > GIST_MAX ? `${text.slice(0, GIST_MAX)}…` : text;
};

/** The transport module for a URL's protocol. */
const clientFor = (url: URL): typeof http | typeof https =>
  url.protocol === 'https:' ? https : http;

/** A URL and how messages name it: the variable that set it, or what it is. */
export interface Endpoint {
  readonly name: string;
  readonly url: string;
}

export const named = ({ name, url }: Endpoint): string => `${name} (${redactUrl(url)})`;

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

export type Unreachable = Extract<BrokerError, { readonly _tag: 'Unreachable' }>;

/**
 * Right once `url` answers over HTTP within `timeoutMs`: any status counts (a 404 or a 401 is a
 * server that is up), unless `upWhen` says; no credentials are sent. A failure is one line
 * naming the variable, the URL (password masked) and the cause.
 */
export const checkReachable = (
  variable: string,
  url: string,
  timeoutMs: number,
  upWhen: (status: number) => boolean = () => true,
): TE.TaskEither<Unreachable, void> => {
  const target = new URL(url);
  target.username = '';
  target.password = '';
  const unreachable = (cause: string): Unreachable => ({
    _tag: 'Unreachable',
    variable,
    message: `${named({ name: variable, url })} is unavailable: ${cause}`,
  });
  return pipe(
    sendWithin(timeoutMs)({ url: target, method: 'GET', headers: {}, body: Buffer.alloc(0) }),
    TE.mapLeft(({ cause }) => unreachable(cause)),
    TE.filterOrElse(
      ({ status }) => upWhen(status),
      ({ status, body }) => unreachable(`answered ${status}: ${gist(body)}`),
    ),
    TE.asUnit,
  );
};
