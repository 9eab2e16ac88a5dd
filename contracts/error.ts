/** The `Error` body every 4xx/5xx answer of the Spendesk Public API carries. */
import * as t from 'io-ts';
import { declareDemands } from './demands.js';
import { minItems } from './primitives.js';

const errorItem = <C extends t.Mixed>(code: C) =>
  t.intersection(
    [
      t.type({ code, detail: t.string }),
      // Optional: a Pact body cannot say "may be absent", so `source` is
      // decoded when present but never part of a recorded contract.
      t.partial({ source: t.string }),
    ],
    'ApiError',
  );

/** As published: `code` and `detail` are plain strings, `source` optional. */
export const ApiError = errorItem(t.string);
export type ApiError = t.TypeOf<typeof ApiError>;

/**
 * The published `Error` body as the client reads it: any number of items. The
 * client classifies an answer by its status; these errors only add detail.
 */
export const ErrorBody = t.type({ errors: t.array(ApiError) }, 'ErrorBody');
export type ErrorBody = t.TypeOf<typeof ErrorBody>;

export const ERROR_BODY_DEMANDS = declareDemands(ErrorBody, [
  {
    path: 'errors',
    kind: 'required',
    reason:
      'The client passes the errors to its caller as the reason of the failure (HttpError.errors). A Pact body cannot say "may be absent", and leaving `errors` out would leave each error\'s code and detail unchecked. The client itself does not need it: a body without `errors` still gives an HttpError with its status.',
  },
]);

/** The codes and details the provider documents (its OpenAPI examples), by status. */
export const DOCUMENTED_ERRORS = {
  400: {
    code: 'BAD_REQUEST_INCORRECT_OR_MISSING_FIELD',
    detail:
      'There is a validation error with incorrect field in request body. Please fix and repeat your request.',
  },
  401: {
    code: 'AUTHENTICATION_ERROR',
    detail: 'No valid access token has been provided in your request.',
  },
  403: { code: 'FORBIDDEN_ERROR', detail: 'Access to the requested resource is forbidden.' },
  429: {
    code: 'TOO_MANY_REQUESTS',
    detail: 'Too many requests have been received too quickly.',
  },
  500: {
    code: 'INTERNAL_SERVER_ERROR',
    detail: 'Sorry, something has gone wrong at our end. If this persists please contact support.',
  },
} as const;

export type ErrorStatus = keyof typeof DOCUMENTED_ERRORS;

/** The error body of one status: every item carries exactly that status's code. */
export const errorBodyOf = <S extends ErrorStatus>(status: S) =>
  t.type(
    { errors: minItems(errorItem(t.literal(DOCUMENTED_ERRORS[status].code)), 1) },
    `ErrorBody${status}`,
  );

/** The body a provider answers with for a documented error status. */
export const errorBody = (status: ErrorStatus, source?: string): ErrorBody => ({
  errors: [{ ...DOCUMENTED_ERRORS[status], ...(source === undefined ? {} : { source }) }],
});
