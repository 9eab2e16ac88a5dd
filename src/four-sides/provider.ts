/**
 * Side 4 of the contract, provider ↔ published OpenAPI: an answer of the reference provider
 * checked with ajv against the published response for its status. What the provider
 * deliberately sends beyond it (statuses, headers) must be declared in
 * contracts/provider-extras.ts with a reason.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import {
  INTERACTIONS,
  REFERENCE_PROVIDER_EXTRAS,
  TOKEN_REFRESH_METHOD,
  TOKEN_REFRESH_PATH,
  type Interaction,
  type ProviderExtra,
} from '../../contracts/index.js';
import { isRecord, recordAt, type PublishedResponse } from './pact-io-ts.js';
import { setUpProviderState, type ProviderServices } from '../provider/index.js';
import type { PublishedOperation } from './operation.js';

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

// The document is the provider's: read it as written, without ajv's strict-mode opinions. A
// `format` is an annotation (JSON Schema 2020-12, 7.2): ajv knows none here, and would print a
// warning for each one it ignores. A body's fields are its own: without `ownProperties`, ajv
// reads a field named `constructor` that an answer does not send as the function every object
// inherits.
const ajv = new Ajv2020({
  allErrors: true,
  strict: false,
  validateFormats: false,
  ownProperties: true,
});
const validators = new WeakMap<object, ValidateFunction>();
const validatorOf = (schema: object): ValidateFunction => {
  const known = validators.get(schema);
  if (known !== undefined) return known;
  const compiled = ajv.compile(schema);
  validators.set(schema, compiled);
  return compiled;
};

/** The published `Error` schema: the shape of the provider's declared extra statuses too. */
const publishedError = (operation: PublishedOperation): unknown =>
  recordAt(recordAt(operation.resolved, 'components'), 'schemas')['Error'];

/** The published response for the answer's status, or the declared extra standing in for it. */
const expectationFor = (
  operation: PublishedOperation,
  status: number,
  extras: readonly ProviderExtra[],
): PublishedResponse | undefined => {
  const documented = operation.response(status);
  if (documented !== undefined) return documented;
  const declared = extras.some((x) => x.kind === 'status' && x.name === String(status));
  return declared
    ? {
        status,
        mediaTypes: ['application/json'],
        body: publishedError(operation),
        headers: {},
      }
    : undefined;
};

/** What the published `schema` finds wrong with the answer's body: not JSON, or not its shape. */
export const bodyProblems = (answer: ReceivedAnswer, schema: unknown): readonly string[] => {
  if (answer.head === true || !isRecord(schema)) return [];
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    return [`${answer.status}: the body is not JSON (${answer.body.length} characters)`];
  }
  const validate = validatorOf(schema);
  return validate(json) ? [] : [`${answer.status}: body ${ajv.errorsText(validate.errors)}`];
};

const headerProblems = (
  answer: ReceivedAnswer,
  expected: PublishedResponse,
  extras: readonly ProviderExtra[],
): readonly string[] => {
  const declaredHeaders = new Set(extras.filter((x) => x.kind === 'header').map((x) => x.name));
  return Object.keys(answer.headers)
    .map((name) => name.toLowerCase())
    .filter((name) => !FRAMING_HEADERS.has(name) && !declaredHeaders.has(name))
    .filter((name) => expected.headers[name] === undefined)
    .map(
      (name) =>
        `${answer.status}: header ${name} is not listed by the published response, not declared`,
    );
};

/**
 * Everything in `answer` the published `operation` does not allow and no declared extra
 * explains, one line each; empty when the answer conforms.
 */
export const beyondPublished = (
  operation: PublishedOperation,
  answer: ReceivedAnswer,
  extras: readonly ProviderExtra[] = REFERENCE_PROVIDER_EXTRAS,
): readonly string[] => {
  const expected = expectationFor(operation, answer.status, extras);
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
  return [
    ...mediaType,
    ...headerProblems(answer, expected, extras),
    ...bodyProblems(answer, expected.body),
  ];
};

/** The interaction's request, its provider state set up first, as the verifier would send it. */
export const answerTo = async (
  url: string,
  services: ProviderServices,
  interaction: Interaction,
): Promise<ReceivedAnswer> => {
  const values = await setUpProviderState(services, interaction.state);
  const injected = Object.fromEntries(
    Object.entries(interaction.request.fromProviderState).map(([name, value]) => [
      name,
      values[value],
    ]),
  );
  const response = await fetch(`${url}${TOKEN_REFRESH_PATH}`, {
    method: TOKEN_REFRESH_METHOD,
    headers: { ...interaction.request.headersExample },
    body: JSON.stringify({ ...(interaction.request.bodyExample as object), ...injected }),
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
};

/** The answer to each catalogue interaction, in catalogue order (states are set up one by one). */
export const catalogueAnswers = async (
  url: string,
  services: ProviderServices,
): Promise<readonly ReceivedAnswer[]> => {
  const answers: ReceivedAnswer[] = [];
  for (const interaction of INTERACTIONS) {
    answers.push(await answerTo(url, services, interaction));
  }
  return answers;
};
