/**
 * Side 3 of the contract, client ↔ published OpenAPI: answers drawn from the published response
 * schemas (every documented status) by json-schema-faker, seeded so that a draw replays, are
 * served over real HTTP to the real client. Each must come out as its status means (a token
 * set, or an HttpError carrying the status and the body's errors), or be refused for a demand
 * declared next to its codec (contracts/). The draws read the schemas as published, never our
 * codecs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { JSONSchemaFaker, type Schema } from 'json-schema-faker';
import {
  DECLARED_DEMANDS,
  TokenResponseBody,
  type ApiError,
  type DeclaredDemand,
  type DecodeProblem,
  type TokenResponse,
} from '../../contracts/index.js';
import { isRecord } from './pact-io-ts.js';
import {
  createTokenRefreshClient,
  type RefreshError,
  type TokenRefreshClient,
} from '../client/index.js';
import type { DocumentedResponse, PublishedOperation } from './operation.js';

/** An answer drawn from a published response. */
export interface DrawnAnswer {
  readonly status: number;
  /** The JSON media type it is sent as; `undefined`: no body at all. */
  readonly mediaType: string | undefined;
  readonly body: unknown;
}

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
 * An answer `response` allows: its body drawn by json-schema-faker from `seed`, its plain
 * strings then replaced by `strings` (see withStrings).
 */
export const drawAnswer = (
  response: DocumentedResponse,
  seed: number,
  strings: readonly (string | undefined)[] = [],
): DrawnAnswer => {
  const { status, mediaType, schema } = response;
  if (mediaType === undefined) return { status, mediaType, body: undefined };
  // A format json-schema-faker does not know constrains nothing (JSON Schema: an annotation
  // unless a validator asserts it): drawn as the plain value of its type, not a refusal to draw.
  JSONSchemaFaker.option({ random: seeded(seed), failOnInvalidFormat: false });
  const drawn = JSONSchemaFaker.generate((schema ?? {}) as Schema);
  return { status, mediaType, body: withStrings(schema, drawn, [...strings]) };
};

const field = (body: unknown, key: string): unknown => (isRecord(body) ? body[key] : undefined);

/** Only the published fields of an error item: the client may keep extra ones. */
const publishedItem = (item: unknown) =>
  JSON.stringify([field(item, 'code'), field(item, 'detail'), field(item, 'source')]);

/** How the client got an answer wrong: `reason` names the kind, `message` says it all. */
export interface Misreading {
  readonly reason: string;
  readonly message: string;
}

const misread = (reason: string, detail = ''): Misreading => ({
  reason,
  message: `${reason}${detail}`,
});

/**
 * A refusal the contract declares: a missing field by a `required` demand at its path, any other
 * value (too short, wrong pattern...) by another demand at its path. (The decoder describes a
 * missing field as "nothing".)
 */
const excused = (problem: DecodeProblem, declared: readonly DeclaredDemand[]) => {
  const missing = problem.actual.startsWith('nothing');
  return declared.some(
    (d) =>
      d.codec === TokenResponseBody.name &&
      d.path === problem.path &&
      (d.kind === 'required') === missing,
  );
};

const successMisreading = (
  { status, body }: DrawnAnswer,
  result: E.Either<RefreshError, TokenResponse>,
  declared: readonly DeclaredDemand[],
): Misreading | undefined => {
  if (E.isRight(result)) {
    const tokens = result.right;
    const same =
      tokens.accessToken === field(body, 'access_token') &&
      tokens.refreshToken === field(body, 'refresh_token') &&
      tokens.scope === field(body, 'scope');
    return same ? undefined : misread('a token set that is not the one sent');
  }
  const error = result.left;
  if (error._tag !== 'ContractError') return misread(`a ${status} read as ${error._tag}`);
  const unexcused = error.decodeError.problems.filter((p) => !excused(p, declared));
  return unexcused.length === 0
    ? undefined
    : misread(
        `a ${status} the published schema allows, refused for no declared demand (${unexcused.map((p) => p.path).join(', ')})`,
        `: ${error.decodeError.message}`,
      );
};

const sameErrors = (received: readonly ApiError[], body: unknown) => {
  const sent = field(body, 'errors');
  const expected = Array.isArray(sent) ? sent.map(publishedItem) : [];
  const got = received.map(publishedItem);
  return got.length === expected.length && got.every((item, n) => item === expected[n]);
};

/**
 * Why the client's `result` for `answer` is not what its status means, or undefined.
 * A 2xx refused only for demands `declared` (contracts/) is read as the contract says.
 */
export const misreading = (
  answer: DrawnAnswer,
  result: E.Either<RefreshError, TokenResponse>,
  declared: readonly DeclaredDemand[] = DECLARED_DEMANDS,
): Misreading | undefined => {
  const { status } = answer;
  if (status >= 200 && status <= 299) return successMisreading(answer, result, declared);
  if (E.isRight(result)) return misread(`a ${status} read as a token set`);
  const error = result.left;
  if (error._tag !== 'HttpError' || error.status !== status) {
    return misread(`a ${status} read as ${error._tag} ${'status' in error ? error.status : ''}`);
  }
  return sameErrors(error.errors, answer.body)
    ? undefined
    : misread(`a ${status} whose errors were not passed on`);
};

/** A local HTTP server that sends whatever answer it is given, to any request. */
export interface AnswerServer {
  readonly baseUrl: string;
  readonly serve: (answer: DrawnAnswer) => void;
  readonly close: () => Promise<void>;
}

export const startAnswerServer = async (): Promise<AnswerServer> => {
  let current: DrawnAnswer = { status: 500, mediaType: undefined, body: undefined };
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const { status, mediaType, body } = current;
      response.writeHead(status, mediaType === undefined ? {} : { 'Content-Type': mediaType });
      response.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    serve: (answer) => {
      current = answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** A refresh token for the drawn answers: the server ignores it. */
const SENT_TOKEN = 'rt_drawn-answers';

/** The client's reading of one answer, served by `server`. */
export const clientReading = async (
  client: TokenRefreshClient,
  server: AnswerServer,
  answer: DrawnAnswer,
  declared: readonly DeclaredDemand[] = DECLARED_DEMANDS,
): Promise<Misreading | undefined> => {
  server.serve(answer);
  return misreading(answer, await client.refresh(SENT_TOKEN)(), declared);
};

/** A misreading and the first answer that showed it. */
export interface ClientFinding extends Misreading {
  readonly answer: DrawnAnswer;
}

/** Draw n of a status: every other draw has its plain strings emptied. */
const stringsOf = (n: number): readonly string[] => (n % 2 === 1 ? Array(64).fill('') : []);

/**
 * Side 3 on `operation`: `draws` answers for every documented response, fed to the real
 * client; one finding per status and kind of misreading.
 */
export const clientFindings = async (
  operation: PublishedOperation,
  draws: number,
  declared: readonly DeclaredDemand[] = DECLARED_DEMANDS,
): Promise<readonly ClientFinding[]> => {
  const server = await startAnswerServer();
  const client = createTokenRefreshClient({ baseUrl: server.baseUrl, retry: { maxAttempts: 1 } });
  const found = new Map<string, ClientFinding>();
  try {
    for (const response of operation.responses) {
      for (let n = 0; n < draws; n++) {
        const answer = drawAnswer(response, n + 1, stringsOf(n));
        const wrong = await clientReading(client, server, answer, declared);
        if (wrong !== undefined && !found.has(wrong.reason)) {
          found.set(wrong.reason, { ...wrong, answer });
        }
      }
    }
  } finally {
    await server.close();
  }
  return [...found.values()];
};
