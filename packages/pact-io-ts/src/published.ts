/**
 * What a provider's published OpenAPI 3.1 document says about one operation's
 * responses: for a status, its media types, its JSON body schema and its
 * headers, with local `$ref`s resolved. OpenAPI 3.1 schemas are JSON Schema
 * 2020-12, so they compare directly with the codecs' own (`json-schema.ts`).
 */
import * as E from 'fp-ts/lib/Either.js';
import { isRecord, recordAt } from './path.js';

export interface SpecError {
  readonly _tag: 'SpecError';
  readonly message: string;
}

const specError = (message: string): SpecError => ({ _tag: 'SpecError', message });

export interface PublishedHeader {
  readonly required: boolean;
  /** The header's schema; `{}` (anything) when the document gives none. */
  readonly schema: unknown;
}

export interface PublishedResponse {
  readonly status: number;
  /** The media types of `content`, as written (`application/json`). */
  readonly mediaTypes: readonly string[];
  /** The `application/json` schema; `undefined` when the response lists no JSON body. */
  readonly body: unknown;
  /** By lower-case name: HTTP header names are case-insensitive. */
  readonly headers: Readonly<Record<string, PublishedHeader>>;
}

const JSON_MEDIA_TYPE = 'application/json';

/** Follows a local JSON pointer (`#/components/schemas/Error`). */
const pointTo = (document: unknown, ref: string): unknown =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((at, part) => (isRecord(at) ? at[part] : undefined), document);

/** `value` with every local `$ref` replaced by its target; a cycle or a dangling ref is an error. */
export const resolveRefs = (
  document: unknown,
  value: unknown = document,
  seen: readonly string[] = [],
): E.Either<SpecError, unknown> => {
  if (Array.isArray(value)) {
    return E.sequenceArray(value.map((v: unknown) => resolveRefs(document, v, seen)));
  }
  if (!isRecord(value)) return E.right(value);
  const ref = value['$ref'];
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/')) return E.left(specError(`${ref}: only local $refs are read`));
    if (seen.includes(ref)) return E.left(specError(`${ref}: a $ref cycle`));
    const target = pointTo(document, ref);
    if (target === undefined) return E.left(specError(`${ref}: no such place in the document`));
    return resolveRefs(document, target, [...seen, ref]);
  }
  const entries = Object.entries(value).map(([key, v]) =>
    E.map((resolved: unknown) => [key, resolved] as const)(resolveRefs(document, v, seen)),
  );
  return E.map((pairs: readonly (readonly [string, unknown])[]) => Object.fromEntries(pairs))(
    E.sequenceArray(entries),
  );
};

const headersOf = (response: Readonly<Record<string, unknown>>) =>
  Object.fromEntries(
    Object.entries(recordAt(response, 'headers')).map(([name, header]) => [
      name.toLowerCase(),
      {
        required: isRecord(header) && header['required'] === true,
        schema: isRecord(header) && header['schema'] !== undefined ? header['schema'] : {},
      },
    ]),
  );

/**
 * The response `operation` documents for `status`: the exact code, else its
 * class (`4XX`), else `default`. A status the document does not cover is an error.
 */
export const publishedResponse = (
  document: unknown,
  operation: { readonly method: string; readonly path: string },
  status: number,
): E.Either<SpecError, PublishedResponse> => {
  const resolved = resolveRefs(document);
  if (E.isLeft(resolved)) return resolved;
  const where = `${operation.method} ${operation.path}`;
  const op = recordAt(
    recordAt(recordAt(resolved.right, 'paths'), operation.path),
    operation.method.toLowerCase(),
  );
  const responses = recordAt(op, 'responses');
  const response = [String(status), `${String(status)[0] ?? ''}XX`, 'default']
    .map((key) => responses[key])
    .find(isRecord);
  if (response === undefined) {
    return E.left(specError(`${where} documents no response for status ${status}`));
  }
  const content = recordAt(response, 'content');
  return E.right({
    status,
    mediaTypes: Object.keys(content),
    body: recordAt(content, JSON_MEDIA_TYPE)['schema'],
    headers: headersOf(response),
  });
};
