/**
 * Side 3 of the contract, client ↔ published OpenAPI: answers drawn from the
 * provider's published response schemas (every documented status) are served
 * over real HTTP to the real client. Each must come out as its status means
 * (a token set, or an HttpError carrying the status and the body's errors), or
 * be refused for a demand declared next to its codec (contracts/).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import {
  DECLARED_DEMANDS,
  TokenResponseBody,
  type DeclaredDemand,
  type TokenResponse,
} from '../../contracts/index.js';
import {
  createTokenRefreshClient,
  type RefreshError,
  type TokenRefreshClientOptions,
} from '../../src/client/index.js';
import { DOCUMENTED_STATUSES, publishedBody } from '../support/published-openapi.js';
import { REFRESH_TOKEN } from './fixtures.js';
import { replyJson, startScriptedServer, type ScriptedServer } from './scripted-server.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

interface Drawn {
  readonly status: number;
  readonly body: unknown;
}

/** Some plain strings replaced by any string, `""` often: the published `type: string` allows them. */
const strings = fc.array(
  fc.option(fc.oneof(fc.constant(''), fc.string()), { nil: undefined, freq: 4 }),
  { maxLength: 6 },
);

const drawn: fc.Arbitrary<Drawn> = fc
  .tuple(fc.constantFrom(...DOCUMENTED_STATUSES), fc.integer(), strings)
  .map(([status, seed, replacing]) => ({ status, body: publishedBody(status, seed, replacing) }));

const field = (body: unknown, key: string): unknown =>
  typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)[key]
    : undefined;

/** Only the published fields of an error item: the client may keep extra ones. */
const publishedItem = (item: unknown) => ({
  code: field(item, 'code'),
  detail: field(item, 'detail'),
  source: field(item, 'source'),
});

/** Why the client's answer to `drawn` is not what its status means, or undefined. */
const misreading = (
  { status, body }: Drawn,
  result: E.Either<RefreshError, TokenResponse>,
  declared: readonly DeclaredDemand[],
): string | undefined => {
  if (status >= 200 && status <= 299) {
    if (E.isRight(result)) {
      const tokens = result.right;
      const same =
        tokens.accessToken === field(body, 'access_token') &&
        tokens.refreshToken === field(body, 'refresh_token') &&
        tokens.scope === field(body, 'scope');
      return same ? undefined : 'a token set that is not the one sent';
    }
    const error = result.left;
    if (error._tag !== 'ContractError') return `a ${status} read as ${error._tag}`;
    const excused = new Set(
      declared.filter((d) => d.codec === TokenResponseBody.name).map((d) => d.path),
    );
    const unexcused = error.decodeError.problems.filter((p) => !excused.has(p.path));
    return unexcused.length === 0
      ? undefined
      : `a ${status} the published schema allows, refused for no declared demand: ${error.decodeError.message}`;
  }
  if (E.isRight(result)) return `a ${status} read as a token set`;
  const error = result.left;
  if (error._tag !== 'HttpError' || error.status !== status) {
    return `a ${status} read as ${error._tag} ${'status' in error ? error.status : ''}`;
  }
  const sent = field(body, 'errors');
  const expected = Array.isArray(sent) ? sent.map(publishedItem) : [];
  try {
    assert.deepEqual(error.errors.map(publishedItem), expected);
    return undefined;
  } catch {
    return `a ${status} whose errors were not passed on`;
  }
};

describe('side 3: the client against answers drawn from the published OpenAPI', function () {
  this.timeout(120_000);

  let served: Drawn = { status: 200, body: {} };
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer((request, response) =>
      replyJson(served.status, served.body)(request, response),
    );
  });
  after(() => server.close());

  /** Runs the property with a client made from `options`; returns the draws, for coverage checks. */
  const check = async (
    options: Partial<TokenRefreshClientOptions> = {},
    declared: readonly DeclaredDemand[] = DECLARED_DEMANDS,
  ) => {
    const client = createTokenRefreshClient({
      baseUrl: server.baseUrl,
      retry: { maxAttempts: 1 },
      ...options,
    });
    const seen: Drawn[] = [];
    await fc.assert(
      fc.asyncProperty(drawn, async (answer) => {
        served = answer;
        seen.push(answer);
        const problem = misreading(answer, await client.refresh(REFRESH_TOKEN)(), declared);
        assert.equal(
          problem,
          undefined,
          `${problem ?? ''}: ${JSON.stringify(answer).slice(0, 400)}`,
        );
      }),
      { numRuns: RUNS, includeErrorInReport: true },
    );
    return seen;
  };

  it(`handles ${RUNS} drawn answers as their status means, over every documented status`, async () => {
    const seen = await check();
    // Not vacuous: the draws cover every status and the error bodies the
    // published schema allows but a stricter reader would refuse.
    assert.deepEqual(
      [...new Set(seen.map((d) => d.status))].sort(),
      [...DOCUMENTED_STATUSES].sort(),
    );
    const tokenBodies = seen.filter((d) => d.status === 200).map((d) => d.body);
    assert.ok(
      tokenBodies.some((b) => field(b, 'access_token') === ''),
      'no empty access_token',
    );
    assert.ok(
      tokenBodies.some((b) => field(b, 'scope') === ''),
      'no empty scope',
    );
    const errorBodies = seen.filter((d) => d.status >= 400).map((d) => d.body);
    assert.ok(
      errorBodies.some((b) => field(b, 'errors') === undefined),
      'no error body without errors',
    );
    assert.ok(
      errorBodies.some((b) => {
        const errors = field(b, 'errors');
        return Array.isArray(errors) && errors.length === 0;
      }),
      'no empty errors',
    );
  });

  it('fails when a demand the client makes is not declared (planted: access_token)', async () => {
    const undeclared = DECLARED_DEMANDS.filter((d) => d.path !== 'access_token');
    await assert.rejects(
      check({}, undeclared),
      /refused for no declared demand: TokenResponse: access_token/,
    );
  });

  it('fails for a client that refuses answers the published contract allows (planted)', async () => {
    // A body limit below the size of many published bodies: an undeclared demand.
    await assert.rejects(check({ maxBodyBytes: 64 }), /refused for no declared demand|read as/);
  });
});
