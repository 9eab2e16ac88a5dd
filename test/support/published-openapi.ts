/**
 * The provider's published OpenAPI document as sides 3 and 4 of the contract
 * use it: answers drawn from its response schemas by json-schema-faker (seeded,
 * so fast-check drives and replays the draws), and answers checked against it
 * with ajv. Both read the schemas as published; neither reads our codecs.
 */
import { readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import * as E from 'fp-ts/lib/Either.js';
import { JSONSchemaFaker, type Schema } from 'json-schema-faker';
import {
  PUBLISHED_OPENAPI_FILE,
  REFERENCE_PROVIDER_EXTRAS,
  TOKEN_REFRESH_METHOD,
  TOKEN_REFRESH_PATH,
  type ProviderExtra,
} from '../../contracts/index.js';
import { publishedResponse, type PublishedResponse } from 'pact-io-ts/openapi';

export const PUBLISHED: unknown = JSON.parse(readFileSync(PUBLISHED_OPENAPI_FILE, 'utf8'));
const OPERATION = { method: TOKEN_REFRESH_METHOD, path: TOKEN_REFRESH_PATH };

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const orThrow = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const operationResponses = (): Readonly<Record<string, unknown>> => {
  const at = (value: unknown, key: string) => (isRecord(value) ? value[key] : undefined);
  const responses = at(
    at(at(at(PUBLISHED, 'paths'), TOKEN_REFRESH_PATH), TOKEN_REFRESH_METHOD.toLowerCase()),
    'responses',
  );
  return isRecord(responses) ? responses : {};
};

/** Every status the published operation documents: 200, 400, 401... */
export const DOCUMENTED_STATUSES: readonly number[] = Object.keys(operationResponses())
  .filter((key) => /^[0-9]{3}$/.test(key))
  .map(Number);

export const published = (status: number): PublishedResponse =>
  orThrow(publishedResponse(PUBLISHED, OPERATION, status));

/** A generator seeded for one draw: the same seed gives the same body. */
const seeded = (seed: number) => {
  let state = (Math.abs(seed) % 2147483646) + 1;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
};

/** A schema that says only "a string": any string value, the empty one included, is allowed. */
const isPlainString = (schema: unknown) =>
  isRecord(schema) &&
  schema['type'] === 'string' &&
  ['enum', 'const', 'pattern', 'format', 'minLength', 'maxLength'].every((k) => !(k in schema));

/**
 * `value` with its plain-string leaves replaced, in document order, by
 * `strings` (an `undefined` keeps the drawn one): json-schema-faker draws
 * words, never `""` nor odd characters, which the published schema allows too.
 */
const withStrings = (schema: unknown, value: unknown, strings: (string | undefined)[]): unknown => {
  if (isPlainString(schema) && typeof value === 'string') return strings.shift() ?? value;
  if (Array.isArray(value)) {
    const items = isRecord(schema) ? schema['items'] : undefined;
    return value.map((item: unknown) => withStrings(items, item, strings));
  }
  if (!isRecord(value)) return value;
  const properties = isRecord(schema) ? schema['properties'] : undefined;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      withStrings(isRecord(properties) ? properties[key] : undefined, v, strings),
    ]),
  );
};

/**
 * A body the published schema of `status` allows: drawn by json-schema-faker
 * from `seed`, its plain strings then replaced by `strings` (see withStrings).
 */
export const publishedBody = (
  status: number,
  seed: number,
  strings: readonly (string | undefined)[] = [],
): unknown => {
  const { body } = published(status);
  if (body === undefined) throw new Error(`the published ${status} response has no JSON body`);
  JSONSchemaFaker.option({ random: seeded(seed) });
  return withStrings(body, JSONSchemaFaker.generate(body as Schema), [...strings]);
};

// The document is the provider's: read it as written, without ajv's strict-mode opinions.
const ajv = new Ajv2020({ allErrors: true, strict: false });
/** The document, for ajv to resolve references into it. */
const DOCUMENT_ID = 'published-openapi';
ajv.addSchema(isRecord(PUBLISHED) ? PUBLISHED : {}, DOCUMENT_ID);

/** The published `Error` schema: the shape of the provider's declared extra statuses too. */
const PUBLISHED_ERROR = { $ref: `${DOCUMENT_ID}#/components/schemas/Error` };
const validators = new Map<unknown, ValidateFunction>();
const validatorOf = (schema: unknown): ValidateFunction => {
  const known = validators.get(schema);
  if (known !== undefined) return known;
  const compiled = ajv.compile(isRecord(schema) ? schema : {});
  validators.set(schema, compiled);
  return compiled;
};

/** An answer as received: lower-case header names, the body as text. */
export interface ReceivedAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** A HEAD answer carries no body to check. */
  readonly head?: boolean;
}

/** Headers of HTTP framing itself, which no API document lists. */
const FRAMING_HEADERS = new Set([
  'content-length',
  'content-type',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

/** The published response for the answer's status, or the declared extra standing in for it. */
const expectationFor = (
  status: number,
  extras: readonly ProviderExtra[],
): PublishedResponse | undefined => {
  const documented = publishedResponse(PUBLISHED, OPERATION, status);
  if (E.isRight(documented)) return documented.right;
  const declared = extras.some((x) => x.kind === 'status' && x.name === String(status));
  return declared
    ? { status, mediaTypes: ['application/json'], body: PUBLISHED_ERROR, headers: {} }
    : undefined;
};

const bodyProblems = (answer: ReceivedAnswer, schema: unknown): readonly string[] => {
  if (answer.head === true || schema === undefined) return [];
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    return [`${answer.status}: the body is not JSON (${answer.body.length} characters)`];
  }
  const validate = validatorOf(schema);
  return validate(json) ? [] : [`${answer.status}: body ${ajv.errorsText(validate.errors)}`];
};

/**
 * Everything in `answer` the published contract does not allow and no
 * declared extra explains, one line each; empty when the answer conforms.
 */
export const beyondPublished = (
  answer: ReceivedAnswer,
  extras: readonly ProviderExtra[] = REFERENCE_PROVIDER_EXTRAS,
): readonly string[] => {
  const expected = expectationFor(answer.status, extras);
  if (expected === undefined) {
    return [`${answer.status}: a status the published operation does not document, not declared`];
  }
  const essence = (answer.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const mediaTypes = expected.mediaTypes.map((m) => m.toLowerCase());
  const mediaType =
    answer.head === true || mediaTypes.includes(essence)
      ? []
      : [
          `${answer.status}: Content-Type ${JSON.stringify(essence)} is not ${mediaTypes.join(' or ')}`,
        ];
  const declaredHeaders = new Set(extras.filter((x) => x.kind === 'header').map((x) => x.name));
  const headers = Object.keys(answer.headers)
    .map((name) => name.toLowerCase())
    .filter((name) => !FRAMING_HEADERS.has(name) && !declaredHeaders.has(name))
    .filter((name) => expected.headers[name] === undefined)
    .map(
      (name) =>
        `${answer.status}: header ${name} is not listed by the published response, not declared`,
    );
  return [...mediaType, ...headers, ...bodyProblems(answer, expected.body)];
};
