/**
 * A pact file read for `pact-io-ts/strength`: each HTTP interaction's recorded
 * response as the answer a provider sends on the wire (status, headers, the
 * body's text), and its body as JSON for the codec. Pact specification 2, 3
 * and 4 (V4's `Synchronous/HTTP` interactions; message interactions are not
 * HTTP answers and are left out).
 */
import * as fs from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as O from 'fp-ts/lib/Option.js';
import * as t from 'io-ts';
import type { WireAnswer } from './answer.js';
import { decode } from './decode.js';
import { isRecord } from './path.js';

/** One HTTP interaction of a pact, its response as the provider answered. */
export interface RecordedInteraction {
  /** The interaction's description: unique in a pact, the first part of its mutants' ids. */
  readonly description: string;
  /** The names of its provider states, in order. */
  readonly providerStates: readonly string[];
  readonly request: { readonly method: string; readonly path: string };
  /** The recorded response on the wire: what the stub serves for it. */
  readonly answer: WireAnswer;
  /** The response body as JSON (`none`: no body, or one that is not JSON). */
  readonly json: O.Option<unknown>;
}

export interface PactFileError {
  readonly _tag: 'PactFileError';
  readonly file: string;
  readonly message: string;
}

const pactFileError = (file: string, message: string): PactFileError => ({
  _tag: 'PactFileError',
  file,
  message: `${file}: ${message}`,
});

const Headers = t.record(t.string, t.union([t.string, t.array(t.string)]), 'Headers');
const V4Body = t.intersection(
  [
    t.type({ content: t.unknown }),
    t.partial({ contentType: t.string, encoded: t.union([t.boolean, t.string]) }),
  ],
  'V4Body',
);
const HttpInteraction = t.intersection(
  [
    t.type({
      description: t.string,
      request: t.type({ method: t.string, path: t.string }),
      response: t.intersection([
        t.type({ status: t.number }),
        t.partial({ headers: Headers, body: t.unknown }),
      ]),
    }),
    t.partial({
      type: t.string,
      providerState: t.string,
      providerStates: t.array(t.type({ name: t.string })),
    }),
  ],
  'HttpInteraction',
);
type HttpInteraction = t.TypeOf<typeof HttpInteraction>;
const PactDocument = t.type({ interactions: t.array(t.unknown) }, 'PactDocument');

/** `application/json`, or any `+json` type (`application/problem+json`). */
const isJsonMediaType = (contentType: string) => {
  const essence = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (
    essence === 'application/json' || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(essence)
  );
};

/** The value of header `name` (any case) among `headers`. */
export const headerOf = (headers: Readonly<Record<string, string>>, name: string) =>
  Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

const jsonOf = (text: string): O.Option<unknown> => {
  try {
    return O.some(JSON.parse(text) as unknown);
  } catch {
    return O.none;
  }
};

/** The body's text and its JSON, from a V4 body (`content`, `contentType`, `encoded`). */
const v4Body = (body: t.TypeOf<typeof V4Body>, contentType: string) => {
  const { content, encoded } = body;
  if (
    typeof content === 'string' &&
    typeof encoded === 'string' &&
    encoded.toLowerCase() !== 'json'
  ) {
    const text = Buffer.from(content, 'base64').toString('utf8');
    return { text, json: isJsonMediaType(contentType) ? jsonOf(text) : O.none };
  }
  if (typeof content === 'string' && encoded !== false && encoded !== undefined) {
    return { text: content, json: jsonOf(content) };
  }
  if (typeof content === 'string' && !isJsonMediaType(contentType)) {
    return { text: content, json: O.none };
  }
  return { text: JSON.stringify(content), json: O.some(content) };
};

/** The body's text and its JSON, from a V2/V3 body (the JSON itself, or text). */
const v3Body = (body: unknown, contentType: string) =>
  typeof body === 'string' && !isJsonMediaType(contentType)
    ? { text: body, json: O.none }
    : { text: JSON.stringify(body), json: O.some(body) };

const recorded = (interaction: HttpInteraction): RecordedInteraction => {
  const { response } = interaction;
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : value.join(', '),
    ]),
  );
  const v4 = interaction.type !== undefined && V4Body.is(response.body);
  const declared = v4 && V4Body.is(response.body) ? response.body.contentType : undefined;
  if (declared !== undefined && headerOf(headers, 'Content-Type') === undefined) {
    headers['Content-Type'] = declared;
  }
  const contentType = headerOf(headers, 'Content-Type') ?? 'application/json';
  const body =
    response.body === undefined
      ? { text: undefined, json: O.none }
      : V4Body.is(response.body) && interaction.type !== undefined
        ? v4Body(response.body, contentType)
        : v3Body(response.body, contentType);
  return {
    description: interaction.description,
    providerStates: [
      ...(interaction.providerState === undefined ? [] : [interaction.providerState]),
      ...(interaction.providerStates ?? []).map((state) => state.name),
    ],
    request: { method: interaction.request.method, path: interaction.request.path },
    answer: { status: response.status, headers, body: body.text },
    json: body.json,
  };
};

/** V4 marks each interaction with its `type`; V2 and V3 hold HTTP interactions only. */
const isHttp = (interaction: unknown) =>
  !isRecord(interaction) ||
  interaction['type'] === undefined ||
  interaction['type'] === 'Synchronous/HTTP';

/** The HTTP interactions of a pact document (the parsed JSON of `file`). */
export const interactionsOf = (
  file: string,
  document: unknown,
): E.Either<PactFileError, readonly RecordedInteraction[]> =>
  pipe(
    decode(PactDocument)(document),
    E.flatMap(({ interactions }) =>
      E.traverseArray(decode(HttpInteraction))(interactions.filter(isHttp)),
    ),
    E.mapLeft((error) => pactFileError(file, error.message)),
    E.map((interactions) => interactions.map(recorded)),
    E.filterOrElse(
      (interactions) => interactions.length > 0,
      () => pactFileError(file, 'no HTTP interaction'),
    ),
    E.flatMap((interactions) => {
      const names = interactions.map((i) => i.description);
      const twice = names.filter((name, index) => names.indexOf(name) !== index);
      return twice.length === 0
        ? E.right(interactions)
        : E.left(pactFileError(file, `two interactions are described "${twice.join('", "')}"`));
    }),
  );

/** The HTTP interactions of the pact file at `file`. */
export const readPact = (file: string): E.Either<PactFileError, readonly RecordedInteraction[]> =>
  pipe(
    E.tryCatch(
      () => JSON.parse(fs.readFileSync(file, 'utf8')) as unknown,
      (error) => pactFileError(file, `not a readable JSON file: ${String(error)}`),
    ),
    E.flatMap((document) => interactionsOf(file, document)),
  );
