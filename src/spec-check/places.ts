/**
 * Where an edit is in an operation, in this project's words: `200 body errors[*].code`,
 * `request body grant_type`, `429 header Retry-After`, `query parameter page`. Read from the
 * edit's path through the OpenAPI structure (path item, operation, response, media type,
 * schema), so that a property named `description` is a field and a `description` keyword is
 * documentation.
 */
import { elementPath, fieldPath, valuesPath } from '../four-sides/pact-io-ts.js';
import { OPERATION, OPERATION_KEY } from '../four-sides/index.js';
import type { Path } from './edits.js';

export type PlaceKind =
  | 'operation'
  | 'status'
  | 'request body'
  | 'media type'
  | 'body'
  | 'field'
  /** Array items, record values, a branch of a union: a schema inside a schema. */
  | 'schema'
  | 'header'
  | 'parameter'
  | 'keyword';

export interface Place {
  /** The response's key when the place is in one: `200`, `4XX`, `default`. */
  readonly status?: string;
  /** The place after the status (`body refresh_token`), or the whole place outside responses. */
  readonly words: string;
  readonly kind: PlaceKind;
  /** The keyword edited at the place (`type`, `enum`), when the edit is to a keyword. */
  readonly keyword?: string;
  /** For a schema: the words of its body and its field path, to name a member of `required`. */
  readonly schema?: { readonly words: string; readonly path: string };
  /** Words only (descriptions, examples, extensions): no reader of the contract is affected. */
  readonly documentation: boolean;
}

const DOCUMENTATION = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'externalDocs',
  'tags',
  'operationId',
  'links',
  'xml',
  '$comment',
]);

const isDocumentation = (keyword: string) => DOCUMENTATION.has(keyword) || keyword.startsWith('x-');

const join = (...parts: readonly string[]) => parts.filter((p) => p !== '').join(' ');

const keywordAt = (base: Omit<Place, 'kind' | 'documentation'>, keyword: string): Place => ({
  ...base,
  kind: 'keyword',
  keyword,
  documentation: isDocumentation(keyword),
});

const COMBINERS = new Set(['allOf', 'anyOf', 'oneOf']);

const schemaPlace = (
  words: string,
  rest: Path,
  path: string,
  status: string | undefined,
  kind: 'body' | 'field' | 'schema' = 'body',
): Place => {
  const here = {
    words: join(words, path),
    schema: { words, path },
    ...(status === undefined ? {} : { status }),
  };
  const [first, second, ...more] = rest;
  if (first === undefined) {
    return { ...here, kind, documentation: false };
  }
  if (first === 'properties' && second !== undefined) {
    return schemaPlace(words, more, fieldPath(path, second), status, 'field');
  }
  if (first === 'items') {
    return schemaPlace(words, rest.slice(1), elementPath(path), status, 'schema');
  }
  if (first === 'additionalProperties') {
    return schemaPlace(words, rest.slice(1), valuesPath(path), status, 'schema');
  }
  if (COMBINERS.has(first) && second !== undefined) {
    return schemaPlace(words, more, `${path}(${first}[${second}])`, status, 'schema');
  }
  return keywordAt(here, first);
};

/**
 * A place that holds a schema (a media type, a header, a parameter): its schema (named
 * `schemaWords`), the place itself, or one of its own keywords.
 */
const holderPlace = (
  here: { readonly words: string; readonly status?: string },
  kind: 'media type' | 'header' | 'parameter',
  rest: Path,
  schemaWords = here.words,
): Place => {
  const [first, ...more] = rest;
  if (first === 'schema') return schemaPlace(schemaWords, more, '', here.status);
  if (first === undefined) return { ...here, kind, documentation: false };
  return keywordAt(here, first);
};

const mediaPlace = (prefix: string, mediaType: string, rest: Path, status?: string): Place =>
  holderPlace(
    { words: join(prefix, mediaType), ...(status === undefined ? {} : { status }) },
    'media type',
    rest,
    join(prefix, 'body'),
  );

const headerPlace = (status: string, name: string, rest: Path): Place =>
  holderPlace({ status, words: `header ${name}` }, 'header', rest);

const responsePlace = (status: string, rest: Path): Place => {
  const [first, second, ...more] = rest;
  if (first === undefined) return { status, words: '', kind: 'status', documentation: false };
  if (first === 'content' && second !== undefined) return mediaPlace('', second, more, status);
  if (first === 'headers' && second !== undefined) return headerPlace(status, second, more);
  return keywordAt({ status, words: '' }, first);
};

/** Parameters are keyed `in name` (`query page`) before the diff: see changes.ts. */
const parameterPlace = (key: string, rest: Path): Place =>
  holderPlace({ words: key.replace(' ', ' parameter ') }, 'parameter', rest);

const requestPlace = (rest: Path): Place => {
  const [first, second, ...more] = rest;
  if (first === 'content' && second !== undefined) return mediaPlace('request', second, more);
  if (first === undefined)
    return { words: 'request body', kind: 'request body', documentation: false };
  return keywordAt({ words: 'request body' }, first);
};

const operationPlace = (rest: Path): Place => {
  const [first, second, ...more] = rest;
  if (first === undefined) {
    return {
      words: `${OPERATION.method} ${OPERATION.path}`,
      kind: 'operation',
      documentation: false,
    };
  }
  if (first === 'responses' && second !== undefined) return responsePlace(second, more);
  if (first === 'requestBody') return requestPlace(rest.slice(1));
  if (first === 'parameters' && second !== undefined) return parameterPlace(second, more);
  return keywordAt({ words: 'the operation' }, first);
};

/** The place of an edit at `at` in our operation's path item. */
export const placeOf = (at: Path): Place => {
  const [first, second, ...more] = at;
  if (first === OPERATION_KEY) return operationPlace(at.slice(1));
  if (first === 'parameters' && second !== undefined) return parameterPlace(second, more);
  if (first === undefined)
    return { words: OPERATION.path, kind: 'operation', documentation: false };
  return keywordAt({ words: `the path ${OPERATION.path}` }, first);
};
