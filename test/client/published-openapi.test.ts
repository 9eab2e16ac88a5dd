/**
 * Side 3 of the contract, client ↔ published OpenAPI: answers drawn from the
 * provider's published response schemas (every documented status) are served
 * over real HTTP to the real client. Each must come out as its status means
 * (a token set, or an HttpError carrying the status and the body's errors), or
 * be refused for a demand declared next to its codec (contracts/).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import {
  DECLARED_DEMANDS,
  PUBLISHED_OPENAPI_FILE,
  type DeclaredDemand,
} from '../../contracts/index.js';
import {
  createTokenRefreshClient,
  type TokenRefreshClientOptions,
} from '../../src/client/index.js';
import {
  clientReading,
  drawAnswer,
  readOperation,
  startAnswerServer,
  type AnswerServer,
  type DrawnAnswer,
} from '../../src/four-sides/index.js';
import { isRecord } from '../../src/four-sides/pact-io-ts.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

const operation = readOperation(JSON.parse(readFileSync(PUBLISHED_OPENAPI_FILE, 'utf8')));
if (E.isLeft(operation)) throw new Error(operation.left.message);
const { responses } = operation.right;

/** Some plain strings replaced by any string, `""` often: the published `type: string` allows them. */
const strings = fc.array(
  fc.option(fc.oneof(fc.constant(''), fc.string()), { nil: undefined, freq: 4 }),
  { maxLength: 6 },
);

const drawn: fc.Arbitrary<DrawnAnswer> = fc
  .tuple(fc.constantFrom(...responses), fc.integer(), strings)
  .map(([response, seed, replacing]) => drawAnswer(response, seed, replacing));

const field = (body: unknown, key: string): unknown => (isRecord(body) ? body[key] : undefined);

describe('side 3: the client against answers drawn from the published OpenAPI', function () {
  this.timeout(120_000);

  let server: AnswerServer;
  before(async () => {
    server = await startAnswerServer();
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
    const seen: DrawnAnswer[] = [];
    await fc.assert(
      fc.asyncProperty(drawn, async (answer) => {
        seen.push(answer);
        const problem = await clientReading(client, server, answer, declared);
        assert.equal(
          problem,
          undefined,
          `${problem?.message ?? ''}: ${JSON.stringify(answer).slice(0, 400)}`,
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
      responses.map((r) => r.status).sort(),
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
      /refused for no declared demand \(access_token\): TokenResponse: access_token/,
    );
  });

  it('fails for a client that refuses answers the published contract allows (planted)', async () => {
    // A body limit below the size of many published bodies: an undeclared demand.
    await assert.rejects(check({ maxBodyBytes: 64 }), /refused for no declared demand|read as/);
  });
});
