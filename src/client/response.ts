/**
 * From a received response (status, two headers, the whole body text) to the
 * token set or a RefreshError. Pure: the client does the I/O.
 *
 * Status first: a 4xx or 5xx is an HttpError carrying its status whatever the
 * body says (the published `Error` schema requires neither `errors` nor a first
 * item, and a gateway may answer with HTML); a body that decodes adds its errors,
 * one that does not is kept as `bodyProblem`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as O from 'fp-ts/lib/Option.js';
import {
  type ApiError,
  decode,
  type DecodeError,
  ErrorBody,
  JsonContentType,
  TokenResponse,
} from '../../contracts/index.js';
import { contractError, httpError, redact, type RefreshError } from './errors.js';
import { parseRetryAfter } from './retry-after.js';

export interface ReceivedResponse {
  readonly status: number;
  readonly contentType: string | null;
  readonly retryAfter: string | null;
  /** The whole body text, or why it could not be read (cut short, too long). */
  readonly body: E.Either<DecodeError, string>;
}

/** A problem found outside a codec (headers, JSON syntax), in decode.ts's shape. */
export const contractProblem = (
  codec: string,
  path: string,
  expected: string,
  actual: string,
): DecodeError => ({
  _tag: 'DecodeError',
  codec,
  problems: [{ path, expected, actual }],
  message: `${codec}: ${path}: expected ${expected}, got ${actual}`,
});

const isSuccess = (status: number) => status >= 200 && status <= 299;
/** 4xx and 5xx: the status alone says the refresh failed and how. */
const isErrorStatus = (status: number) => status >= 400 && status <= 599;

/** The codec a response of this status must satisfy, by name. */
export const bodyCodecName = (status: number): string =>
  isSuccess(status) ? TokenResponse.name : ErrorBody.name;

const checkContentType = (
  codec: string,
  contentType: string | null,
): E.Either<DecodeError, void> =>
  contentType !== null && JsonContentType.pattern.test(contentType)
    ? E.right(undefined)
    : E.left(
        contractProblem(
          codec,
          'Content-Type header',
          `${JsonContentType.name} (${JsonContentType.meaning})`,
          contentType === null
            ? 'nothing (the header is missing)'
            : JSON.stringify(contentType.slice(0, 100)),
        ),
      );

/** Syntax errors are not quoted: V8's message repeats part of the text, which may hold a token. */
const parseJson = (codec: string, text: string): E.Either<DecodeError, unknown> =>
  E.tryCatch(
    () => JSON.parse(text) as unknown,
    () =>
      contractProblem(
        codec,
        '(body)',
        'a JSON document',
        text.trim() === '' ? 'an empty body' : `${text.length} characters that are not valid JSON`,
      ),
  );

const jsonBody =
  <A>(codec: { readonly name: string }, dec: (u: unknown) => E.Either<DecodeError, A>) =>
  (received: ReceivedResponse): E.Either<DecodeError, A> =>
    pipe(
      checkContentType(codec.name, received.contentType),
      E.flatMap(() => received.body),
      E.flatMap((text) => parseJson(codec.name, text)),
      E.flatMap(dec),
    );

const decodeTokenResponse = jsonBody(TokenResponse, decode(TokenResponse));
const decodeErrorBody = jsonBody(ErrorBody, decode(ErrorBody));

/** Server text may echo what it was sent; the token we sent never reaches a message. */
const redactApiError =
  (sentToken: string) =>
  (e: ApiError): ApiError => ({
    ...e,
    code: redact(e.code, sentToken),
    detail: redact(e.detail, sentToken),
    ...(e.source === undefined ? {} : { source: redact(e.source, sentToken) }),
  });

/**
 * Any 2xx carrying a valid token set is a success: rejecting a 201 would throw
 * away a refresh token the provider has already rotated.
 */
export const interpretResponse = (
  received: ReceivedResponse,
  context: { readonly nowMs: number; readonly sentToken: string },
): E.Either<RefreshError, TokenResponse> => {
  const { status } = received;
  if (isSuccess(status)) {
    return pipe(
      decodeTokenResponse(received),
      E.mapLeft((problem) => contractError(status, problem)),
    );
  }
  const retryAfterSeconds = pipe(
    parseRetryAfter(received.retryAfter, context.nowMs),
    O.toUndefined,
  );
  const decoded = pipe(
    decodeErrorBody(received),
    E.map((body) => body.errors.map(redactApiError(context.sentToken))),
  );
  if (isErrorStatus(status)) {
    return E.left(
      E.isRight(decoded)
        ? httpError(status, decoded.right, retryAfterSeconds)
        : httpError(status, [], retryAfterSeconds, decoded.left),
    );
  }
  // 1xx and 3xx: no status of this operation; only an ErrorBody makes sense of one.
  return E.left(
    E.isRight(decoded)
      ? httpError(status, decoded.right, retryAfterSeconds)
      : contractError(status, decoded.left),
  );
};
