/**
 * From a received response (status, two headers, the whole body text) to the
 * token set or a RefreshError. Pure: the client does the I/O.
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
  readonly body: string;
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
      E.chain(() => parseJson(codec.name, received.body)),
      E.chain(dec),
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
  const failure = pipe(
    decodeErrorBody(received),
    E.match<DecodeError, ErrorBody, RefreshError>(
      (problem) => contractError(status, problem),
      (body) =>
        httpError(
          status,
          body.errors.map(redactApiError(context.sentToken)),
          pipe(parseRetryAfter(received.retryAfter, context.nowMs), O.toUndefined),
        ),
    ),
  );
  return E.left(failure);
};
