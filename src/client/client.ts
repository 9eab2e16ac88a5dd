/**
 * The consumer of POST /v0/oauth2/token/refresh. It sends whatever refresh
 * token it is given (the provider decides what is valid: an empty stored token
 * must come back as the provider's 400), decodes the answer with the contract
 * codecs and retries only a 429, the one failure after which the refresh token
 * is known not to have been consumed. A 5xx, a reset or a timeout may come
 * after the provider rotated the token; resending the old one would be reuse.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as T from 'fp-ts/lib/Task.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type DecodeError,
  GrantType,
  JSON_MEDIA_TYPE,
  RefreshTokenRequest,
  TOKEN_REFRESH_METHOD,
  TOKEN_REFRESH_PATH,
  type TokenResponse,
} from '../../contracts/index.js';
import { errorCause, errorCode } from '../config/index.js';
import {
  abortedError,
  isRateLimited,
  networkError,
  redact,
  type RefreshError,
  timeoutError,
} from './errors.js';
import type { RefreshLogger } from './log.js';
import { bodyCodecName, contractProblem, interpretResponse } from './response.js';

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3; 1 disables retrying. */
  readonly maxAttempts?: number;
  /**
   * The longest wait between attempts. Default 30 s. A `Retry-After` above it
   * ends the refresh at once with the 429 (its `retryAfterSeconds` set): the
   * caller, not a sleeping client, decides whether to wait that long.
   */
  readonly maxDelayMs?: number;
  /** Wait before retry n when a 429 carries no usable `Retry-After`: base * 2^(n-1). Default 1 s. */
  readonly baseDelayMs?: number;
}

export interface TokenRefreshClientOptions {
  /** Scheme, host and port (and any path prefix); the operation's path is appended. */
  readonly baseUrl: string;
  /** Per attempt, for the whole exchange: connecting, headers and body. Default 10 s. */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  /**
   * Waits between attempts; inject to test without waiting. It should end early
   * when `signal` aborts (the default does); the retry is skipped either way.
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => T.Task<void>;
  /** Epoch milliseconds; used for HTTP-date `Retry-After` values and durations. */
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
  /** Receives one event per attempt: status, attempt, duration. Never a token. */
  readonly logger?: RefreshLogger;
  /**
   * The largest answer body read, in bytes. Default 1 MiB: a token set or an
   * error body is a few hundred bytes, so anything near this is not the contract.
   */
  readonly maxBodyBytes?: number;
}

export interface RefreshOptions {
  /**
   * Ends the refresh with an `AbortedError`: the request in flight or the wait
   * before a retry. Like a timeout, an abort after the request left may come
   * after the provider rotated the token, so the sent token may be spent.
   */
  readonly signal?: AbortSignal;
}

export interface TokenRefreshClient {
  /** Exchange a refresh token for a new token set (whose refresh token replaces it). */
  readonly refresh: (
    refreshToken: string,
    options?: RefreshOptions,
  ) => TE.TaskEither<RefreshError, TokenResponse>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_MAX_DELAY_MS = 30_000;
export const DEFAULT_BASE_DELAY_MS = 1_000;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The body as text, or `undefined` when it grows past `maxBytes` (reading stops there). */
const boundedText = async (response: Response, maxBytes: number): Promise<string | undefined> => {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    // Leaving the loop cancels the stream: the rest is never read.
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  // UTF-8, bad bytes replaced, a leading BOM kept (fetch's text() drops it): a sender must not
  // add one (RFC 8259 §8.1), and Pact's verifier refuses one, so the client does too.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(chunks));
};

const realSleep =
  (ms: number, signal?: AbortSignal): T.Task<void> =>
  () =>
    delay(ms, undefined, { signal }).catch(() => undefined);

/** fetch rejects with `TypeError('fetch failed')`; the system error is its cause. */
const networkErrorOf = (thrown: unknown, sentToken: string): RefreshError => {
  const cause = errorCause(thrown);
  const message = cause instanceof Error && cause.message !== '' ? cause.message : 'fetch failed';
  // Messages may quote the URL; user:password@ in it would be a secret too.
  return networkError(redact(message, sentToken).replace(/\/\/[^/\s]*@/g, '//'), errorCode(cause));
};

/** One attempt's end: its timeout, or the caller's signal, whichever comes first. */
interface Deadline {
  readonly signal: AbortSignal;
  /** Why the attempt was cut short, when it was. */
  readonly interruption: () => RefreshError | undefined;
  readonly clear: () => void;
}

const startDeadline = (timeoutMs: number, caller: AbortSignal | undefined): Deadline => {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    interruption: () =>
      caller?.aborted === true ? abortedError : expired ? timeoutError(timeoutMs) : undefined,
    clear: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
};

/** A body that could not be read whole, as the problem it is for the answer's codec. */
const unreadBody = (status: number, expected: string, actual: string) =>
  E.left(contractProblem(bodyCodecName(status), '(body)', expected, actual));

interface Exchanged {
  readonly status: number;
  readonly tokens: TokenResponse;
}

/** The status of the response, when one arrived. */
const statusOf = (result: E.Either<RefreshError, Exchanged>): number | undefined => {
  if (E.isRight(result)) return result.right.status;
  const error = result.left;
  return error._tag === 'HttpError' || error._tag === 'ContractError' ? error.status : undefined;
};

type Decision = { readonly retryInMs: number } | { readonly aboveCap: boolean };

/** The client's options with every default applied: what each step below reads. */
interface Settings {
  readonly url: string;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly maxDelayMs: number;
  readonly baseDelayMs: number;
  readonly sleep: NonNullable<TokenRefreshClientOptions['sleep']>;
  readonly now: () => number;
  readonly fetchImpl: typeof fetch;
  readonly log: NonNullable<TokenRefreshClientOptions['logger']>;
  readonly maxBodyBytes: number;
}

const settingsOf = (options: TokenRefreshClientOptions): Settings => ({
  url: `${options.baseUrl.replace(/\/+$/, '')}${TOKEN_REFRESH_PATH}`,
  timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  maxAttempts: Math.max(1, Math.floor(options.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)),
  maxDelayMs: options.retry?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
  baseDelayMs: options.retry?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
  sleep: options.sleep ?? realSleep,
  now: options.now ?? Date.now,
  fetchImpl: options.fetch ?? fetch,
  log: options.logger ?? (() => undefined),
  maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
});

const requestInit = (refreshToken: string, signal: AbortSignal): RequestInit => ({
  method: TOKEN_REFRESH_METHOD,
  headers: { 'Content-Type': JSON_MEDIA_TYPE, Accept: JSON_MEDIA_TYPE },
  body: JSON.stringify(RefreshTokenRequest.encode({ grantType: GrantType.value, refreshToken })),
  // A redirect would resend the refresh token elsewhere; a 3xx is reported instead.
  redirect: 'manual',
  signal,
});

/**
 * The body text, or why it could not be read (cut short, too long): the
 * status still tells what happened. A timeout or an abort ends the attempt.
 */
const readBody =
  (
    { maxBodyBytes }: Settings,
    response: Response,
    deadline: Deadline,
  ): TE.TaskEither<RefreshError, E.Either<DecodeError, string>> =>
  () =>
    boundedText(response, maxBodyBytes).then(
      (text) =>
        E.right(
          text === undefined
            ? unreadBody(
                response.status,
                `a body of at most ${maxBodyBytes} bytes`,
                'a longer body',
              )
            : E.right(text),
        ),
      () => {
        const interruption = deadline.interruption();
        return interruption === undefined
          ? E.right(
              unreadBody(
                response.status,
                'a complete body',
                'a body cut short (the connection closed before its end)',
              ),
            )
          : E.left(interruption);
      },
    );

/** The answer read by its status (and its body when that decodes). */
const interpret = (
  settings: Settings,
  response: Response,
  deadline: Deadline,
  sentToken: string,
): TE.TaskEither<RefreshError, Exchanged> =>
  pipe(
    readBody(settings, response, deadline),
    TE.flatMapEither((body) =>
      interpretResponse(
        {
          status: response.status,
          contentType: response.headers.get('content-type'),
          retryAfter: response.headers.get('retry-after'),
          body,
        },
        { nowMs: settings.now(), sentToken },
      ),
    ),
    TE.map((tokens) => ({ status: response.status, tokens })),
  );

/** One request and its whole body, under one deadline. */
const exchange = (
  settings: Settings,
  refreshToken: string,
  caller: AbortSignal | undefined,
): TE.TaskEither<RefreshError, Exchanged> =>
  TE.bracket(
    TE.fromIO(() => startDeadline(settings.timeoutMs, caller)),
    (deadline) =>
      pipe(
        TE.tryCatch(
          () => settings.fetchImpl(settings.url, requestInit(refreshToken, deadline.signal)),
          (thrown): RefreshError => deadline.interruption() ?? networkErrorOf(thrown, refreshToken),
        ),
        TE.flatMap((response) => interpret(settings, response, deadline, refreshToken)),
      ),
    (deadline) => TE.fromIO(deadline.clear),
  );

/** Whether to retry: only a 429, within the attempts, after Retry-After or an exponential wait. */
const decide = (
  settings: Settings,
  result: E.Either<RefreshError, Exchanged>,
  attempt: number,
): Decision => {
  if (E.isRight(result) || !isRateLimited(result.left) || attempt >= settings.maxAttempts)
    return { aboveCap: false };
  const { retryAfterSeconds } = result.left;
  if (retryAfterSeconds === undefined)
    return {
      retryInMs: Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1)),
    };
  const wait = retryAfterSeconds * 1000;
  return wait > settings.maxDelayMs ? { aboveCap: true } : { retryInMs: wait };
};

/** One log line per attempt: numbers and tags only, never a token. */
const logAttempt = (
  settings: Settings,
  attempt: number,
  startedMs: number,
  result: E.Either<RefreshError, Exchanged>,
  decision: Decision,
) => {
  const status = statusOf(result);
  settings.log({
    attempt,
    maxAttempts: settings.maxAttempts,
    outcome: E.isRight(result) ? 'Success' : result.left._tag,
    ...(status === undefined ? {} : { status }),
    durationMs: Math.max(0, settings.now() - startedMs),
    ...('retryInMs' in decision
      ? { retryInMs: decision.retryInMs }
      : decision.aboveCap
        ? { retryAfterAboveCap: true }
        : {}),
  });
};

/** Attempt `attempt` and, when `decide` says so, the ones after it. */
const attemptFrom =
  (
    settings: Settings,
    refreshToken: string,
    signal: AbortSignal | undefined,
    attempt: number,
  ): TE.TaskEither<RefreshError, TokenResponse> =>
  () => {
    // Aborted before (another) request: nothing is sent, the token stays unspent.
    if (signal?.aborted === true) return Promise.resolve(E.left(abortedError));
    const started = settings.now();
    return pipe(
      exchange(settings, refreshToken, signal),
      T.flatMap((result) => {
        const decision = decide(settings, result, attempt);
        logAttempt(settings, attempt, started, result, decision);
        return 'retryInMs' in decision
          ? pipe(
              settings.sleep(decision.retryInMs, signal),
              T.flatMap(() => attemptFrom(settings, refreshToken, signal, attempt + 1)),
            )
          : T.of(
              pipe(
                result,
                E.map(({ tokens }) => tokens),
              ),
            );
      }),
    )();
  };

export const createTokenRefreshClient = (
  options: TokenRefreshClientOptions,
): TokenRefreshClient => {
  const settings = settingsOf(options);
  return {
    refresh: (refreshToken, { signal }: RefreshOptions = {}) =>
      attemptFrom(settings, refreshToken, signal, 1),
  };
};
