/**
 * One look at a URL before a long job depends on it: does anything answer there in time?
 * Any HTTP answer counts (a 404 or a 401 is a server that is up); no credentials are sent.
 * A failure is one line naming the variable, the URL (password masked) and the cause.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  BROKER_TIMEOUT_VARIABLE,
  errorCode,
  errorMessage,
  timeoutMsFrom,
  type Env,
} from '../config/index.js';
import { ENV, type BrokerConfig } from './config.js';
import { invalidConfig, type BrokerError } from './errors.js';
import { redactUrl } from './mask.js';

export type Unreachable = Extract<BrokerError, { readonly _tag: 'Unreachable' }>;

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

/** The broker is down when it answers 5xx: the Pact CLI would retry for a minute. */
export const brokerUp = (status: number): boolean => status < 500;

/** The transport module for a URL's protocol. */
export const clientFor = (url: URL): typeof http | typeof https =>
  url.protocol === 'https:' ? https : http;

/** Right once `url` answers over HTTP within `timeoutMs` (any status, unless `upWhen` says). */
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
    message: `${variable} (${redactUrl(url)}) is unavailable: ${cause}`,
  });
  return () =>
    new Promise((resolve) => {
      const request = clientFor(target).request(target, { method: 'GET', agent: false });
      const done = (cause?: string) => {
        clearTimeout(timer);
        request.destroy();
        resolve(cause === undefined ? E.right(undefined) : E.left(unreachable(cause)));
      };
      const timer = setTimeout(() => done(`no answer within ${seconds(timeoutMs)}`), timeoutMs);
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        if (upWhen(status)) return done();
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(`answered ${status}: ${gist(Buffer.concat(chunks))}`));
      });
      request.on('error', (error) => done(causeOf(error, target.hostname)));
      request.end();
    });
};

/**
 * Before a broker command: the broker answers within PACT_BROKER_TIMEOUT_MS, or the command
 * is one line instead of the Pact CLI's minute of retries.
 */
export const checkBroker =
  (env: Env) =>
  (config: BrokerConfig): TE.TaskEither<BrokerError, void> =>
    pipe(
      TE.fromEither(timeoutMsFrom(env, BROKER_TIMEOUT_VARIABLE)),
      TE.mapLeft(({ variable, why }) => invalidConfig(variable, why)),
      TE.flatMap((timeoutMs) => checkReachable(ENV.baseUrl, config.baseUrl, timeoutMs, brokerUp)),
    );
