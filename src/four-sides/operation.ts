/**
 * The operation this consumer calls, as one OpenAPI document publishes it: its responses with
 * local `$ref`s resolved once, the status each one stands for, and the JSON body (media type and
 * schema) an answer of that status carries. Sides 3 and 4 read a document through this: our
 * copy in `npm test`, the provider's document as published today in `npm run spec:check`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { TOKEN_REFRESH_METHOD, TOKEN_REFRESH_PATH } from '../../contracts/index.js';
import {
  isRecord,
  publishedResponse,
  recordAt,
  resolveRefs,
  type PublishedResponse,
  type SpecError,
} from './pact-io-ts.js';

export const OPERATION = { method: TOKEN_REFRESH_METHOD, path: TOKEN_REFRESH_PATH } as const;

/** The operation's key in its path item: OpenAPI writes methods in lower case. */
export const OPERATION_KEY = OPERATION.method.toLowerCase();

/** Our operation's path item in `document`; `{}` where it publishes none. */
export const pathItemOf = (document: unknown): Readonly<Record<string, unknown>> =>
  recordAt(recordAt(document, 'paths'), OPERATION.path);

/** One documented response, and a status an answer drawn from it is sent with. */
export interface DocumentedResponse {
  /** As the document keys it: `200`, `4XX`, `default`. */
  readonly key: string;
  readonly status: number;
  /** The JSON media type its body is sent as (`application/json`, `application/problem+json`). */
  readonly mediaType: string | undefined;
  /** That media type's schema; `undefined` when the response has no JSON body. */
  readonly schema: unknown;
}

export interface PublishedOperation {
  /** The document with every local `$ref` resolved. */
  readonly resolved: unknown;
  readonly responses: readonly DocumentedResponse[];
  /** The response documented for `status` (exact code, class, default), if any. */
  readonly response: (status: number) => PublishedResponse | undefined;
}

const at = (value: unknown, key: string): unknown => (isRecord(value) ? value[key] : undefined);

export const responsesOf = (resolved: unknown): Readonly<Record<string, unknown>> =>
  recordAt(recordAt(pathItemOf(resolved), OPERATION_KEY), 'responses');

/** `application/json` first, else any `+json` type (RFC 6839): what a JSON reader is sent. */
const jsonMediaType = (content: Readonly<Record<string, unknown>>): string | undefined => {
  const types = Object.keys(content);
  return (
    types.find((type) => type.toLowerCase() === 'application/json') ??
    types.find((type) => /^application\/[^;]+\+json$/i.test(type))
  );
};

/**
 * The status an answer of `key` is sent with: the code itself; for a class (`4XX`) or
 * `default`, the first code of the class (4xx or 5xx for `default`) the operation does not
 * document on its own.
 */
const statusOf = (key: string, keys: readonly string[]): number | undefined => {
  if (/^[1-5][0-9]{2}$/.test(key)) return Number(key);
  const classes = /^[1-5]XX$/i.test(key) ? [Number(key[0])] : key === 'default' ? [4, 5] : [];
  return classes
    .flatMap((c) => Array.from({ length: 100 }, (_, n) => c * 100 + n))
    .find((status) => !keys.includes(String(status)));
};

const documentedResponses = (resolved: unknown): readonly DocumentedResponse[] => {
  const responses = responsesOf(resolved);
  const keys = Object.keys(responses);
  return keys.flatMap((key) => {
    const status = statusOf(key, keys);
    if (status === undefined) return [];
    const content = recordAt(responses[key], 'content');
    const mediaType = jsonMediaType(content);
    const schema = mediaType === undefined ? undefined : at(content[mediaType], 'schema');
    return [{ key, status, mediaType, schema }];
  });
};

/** The operation as `document` publishes it; a `$ref` that cannot be resolved is an error. */
export const readOperation = (document: unknown): E.Either<SpecError, PublishedOperation> =>
  pipe(
    resolveRefs(document),
    E.map((resolved) => {
      const byStatus = new Map<number, PublishedResponse | undefined>();
      return {
        resolved,
        responses: documentedResponses(resolved),
        response: (status: number) => {
          if (!byStatus.has(status)) {
            const found = publishedResponse(resolved, OPERATION, status);
            byStatus.set(status, E.isRight(found) ? found.right : undefined);
          }
          return byStatus.get(status);
        },
      };
    }),
  );
