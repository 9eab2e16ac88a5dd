/**
 * A refresh's result as the client's callers can observe it, and nothing more: whether it
 * succeeded; for a failure, the error's `_tag` and status; which optional fields the result
 * carries; the literal values its codecs fix (`token_type`). Values the codecs leave free are
 * dropped: the text of a token, the scope, an error's code or detail, how many errors a body
 * lists, a `Retry-After` (the contract lists none: the client backs off without one). Two answers that give the same outcome are the same answer to the client's callers;
 * `npm run strength` holds the pact to that (docs/contract.md, "What the client's callers
 * observe").
 */
import * as E from 'fp-ts/lib/Either.js';
import type { TokenResponse } from '../../contracts/index.js';
import type { RefreshError } from './errors.js';

export type RefreshOutcome =
  /** A token set: its fields (all required) and its one literal. */
  | {
      readonly _tag: 'Refreshed';
      readonly fields: readonly string[];
      readonly tokenType: TokenResponse['tokenType'];
    }
  /** `fields`: `bodyProblem` when the body was no published `Error`, the one field that tells. */
  | { readonly _tag: 'HttpError'; readonly status: number; readonly fields: readonly string[] }
  | { readonly _tag: 'ContractError'; readonly status: number }
  | { readonly _tag: 'NetworkError' | 'TimeoutError' | 'AbortedError' };

/**
 * An HttpError's optional fields whose presence is not free: `retryAfterSeconds` is left out, a
 * header the published contract does not list, so its presence is the provider's to choose.
 */
const OPTIONAL_HTTP_ERROR_FIELDS = ['bodyProblem'] as const;

const errorOutcome = (error: RefreshError): RefreshOutcome => {
  switch (error._tag) {
    case 'HttpError':
      return {
        _tag: 'HttpError',
        status: error.status,
        fields: OPTIONAL_HTTP_ERROR_FIELDS.filter((field) => error[field] !== undefined),
      };
    case 'ContractError':
      return { _tag: 'ContractError', status: error.status };
    default:
      return { _tag: error._tag };
  }
};

/** What the callers of `refresh` observe of its result. */
export const outcomeOf = (result: E.Either<RefreshError, TokenResponse>): RefreshOutcome =>
  E.isLeft(result)
    ? errorOutcome(result.left)
    : {
        _tag: 'Refreshed',
        fields: Object.keys(result.right).sort(),
        tokenType: result.right.tokenType,
      };

/** One line: `Refreshed Bearer`, `HttpError 401 (bodyProblem)`, `ContractError 200`. */
export const renderOutcome = (outcome: RefreshOutcome): string => {
  switch (outcome._tag) {
    case 'Refreshed':
      return `Refreshed ${outcome.tokenType} (${outcome.fields.join(', ')})`;
    case 'HttpError':
      return `HttpError ${outcome.status}${outcome.fields.length === 0 ? '' : ` (${outcome.fields.join(', ')})`}`;
    case 'ContractError':
      return `ContractError ${outcome.status}`;
    default:
      return outcome._tag;
  }
};

/** Whether two results look the same to the client's callers. */
export const sameOutcome = (a: RefreshOutcome, b: RefreshOutcome): boolean =>
  renderOutcome(a) === renderOutcome(b);
