/**
 * Fuzzing the running reference provider over real HTTP: whatever arrives, the
 * answer is a 4xx whose body is the contract's `ErrorBody` (or, for a request
 * that really is a valid refresh of a live token, a 200 token set), never a
 * 5xx, never silence, and never a token it was sent. Runs FUZZ_RUNS requests
 * per property (default 300; `npm run test:fuzz` sets 10,000).
 */
import assert from 'node:assert/strict';
import type { Agent } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import {
  decode,
  ErrorBody,
  JsonContentType,
  RefreshTokenRequestBody,
  TOKEN_REFRESH_PATH,
  TokenResponseBody,
} from '../../contracts/index.js';
import { startProvider, type RunningProvider } from '../../src/provider/index.js';
import {
  keepAliveAgent,
  sendHttp,
  sendRaw,
  type Answer,
  type Exchange,
} from '../support/fuzz-http.js';
import {
  fillBytes,
  fillRequest,
  hostileFraming,
  hostileRequest,
  type HostileRequest,
  type Slots,
} from '../support/fuzz-requests.js';
import { fuzzParameters, fuzzRuns } from '../support/fuzz-runs.js';

const RUNS = fuzzRuns();

/** Every secret a test handed the provider; none may come back in any answer. */
const secrets = new Set<string>();

const issueToken = async (provider: RunningProvider): Promise<string> => {
  const { tokens } = provider.services;
  const client = await tokens.registerClient({ name: 'fuzz' })();
  if (E.isLeft(client)) throw new Error('fuzz: could not register a client');
  const grant = await tokens.grant({ clientId: client.right.id, scope: 'payable:read' })();
  if (E.isLeft(grant)) throw new Error('fuzz: could not grant a token');
  secrets.add(grant.right.refreshToken);
  return grant.right.refreshToken;
};

/** A token that has been spent: presenting it again revokes its family. */
const spentToken = async (provider: RunningProvider): Promise<string> => {
  const spent = await issueToken(provider);
  const rotated = await provider.services.tokens.refresh(spent)();
  if (E.isLeft(rotated)) throw new Error('fuzz: could not rotate a token');
  secrets.add(rotated.right.refreshToken);
  secrets.add(rotated.right.accessToken);
  return spent;
};

/** The request as bytes on the wire, for the raw path. */
const rawBytesOf = (request: HostileRequest, host: string): Buffer =>
  Buffer.concat([
    Buffer.from(
      [
        `${request.method} ${request.path} HTTP/1.1`,
        `Host: ${host}`,
        ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
        `Content-Length: ${request.body.length}`,
        '',
        '',
      ].join('\r\n'),
      'latin1',
    ),
    request.body,
  ]);

const describeRequest = (request: HostileRequest) =>
  `${request.method} ${request.path.slice(0, 120)} ${JSON.stringify(request.headers).slice(0, 200)} body(${request.body.length} bytes): ${request.body.toString('utf8').slice(0, 200)}`;

/** As a lenient JSON reader would: RFC 8259 §8.1 lets parsers ignore a leading BOM. */
const parsedJson = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
};

/** The one case where a 200 is deserved: a POST of a valid JSON body with the live token. */
const isValidRefreshOf = (request: HostileRequest, live: string): boolean => {
  const body = decode(RefreshTokenRequestBody)(parsedJson(request.body));
  return (
    // node:http upper-cases the method it sends.
    request.method.toUpperCase() === 'POST' &&
    request.path.split('?', 1)[0] === TOKEN_REFRESH_PATH &&
    /^application\/json/i.test(request.headers['content-type'] ?? '') &&
    E.isRight(body) &&
    body.right.refresh_token === live
  );
};

const assertNoSecretIn = (answer: Answer, sent: readonly string[]) => {
  const text = answer.raw.toString('latin1');
  for (const secret of [...secrets, ...sent]) {
    assert.ok(!text.includes(secret), `a token came back in a ${answer.status} answer`);
  }
};

/** A 4xx carrying the contract's error body (HEAD answers carry no body). */
const assertErrorAnswer = (answer: Answer, head: boolean) => {
  assert.ok(
    answer.status >= 400 && answer.status <= 499,
    `expected a 4xx, got ${answer.status}: ${answer.body.toString('utf8').slice(0, 300)}`,
  );
  assert.ok(
    JsonContentType.pattern.test(answer.headers['content-type'] ?? ''),
    `a ${answer.status} answer with Content-Type ${answer.headers['content-type'] ?? '(none)'}`,
  );
  if (head) return;
  const decoded = decode(ErrorBody)(parsedJson(answer.body));
  assert.ok(
    E.isRight(decoded),
    `a ${answer.status} answer whose body is no ErrorBody: ${answer.body.toString('utf8').slice(0, 300)}`,
  );
};

const answersOf = (exchange: Exchange): readonly Answer[] => {
  if (exchange._tag === 'NoAnswer') assert.fail(`no answer: ${exchange.reason}`);
  return exchange.answers;
};

describe('hardening: fuzzing the running provider', function () {
  // Generous: a bound for hangs, not a speed requirement.
  this.timeout(60_000 + RUNS * 60);

  let provider: RunningProvider;
  let base: URL;
  let agent: Agent;
  let spentPool: string[];

  before(async () => {
    // No rate limit: fuzzing is about validation, not about being throttled.
    provider = await startProvider({ rateLimit: false });
    base = new URL(provider.url);
    agent = keepAliveAgent();
    spentPool = await Promise.all(Array.from({ length: 8 }, () => spentToken(provider)));
  });

  after(async () => {
    agent.destroy();
    await provider.close();
  });

  const slotsFor = async (index: number): Promise<Slots> => ({
    live: await issueToken(provider),
    spent: spentPool[index % spentPool.length] ?? '',
  });

  it(`answers ${RUNS} hostile HTTP requests with a 4xx ErrorBody and never a token`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (template) => {
        run += 1;
        const slots = await slotsFor(run);
        const request = fillRequest(template, slots);
        // node:http refuses a body after a HEAD answer's headers, even an unwanted one: read raw.
        const exchange =
          request.method === 'HEAD'
            ? await sendRaw(base, rawBytesOf(request, base.host), { headRequest: true })
            : await sendHttp(base, request, agent);
        const [answer, ...more] = answersOf(exchange);
        assert.ok(answer !== undefined && more.length === 0, describeRequest(request));
        assertNoSecretIn(answer, [slots.live, slots.spent]);
        if (answer.status === 200) {
          assert.ok(
            isValidRefreshOf(request, slots.live),
            `an undeserved 200 for ${describeRequest(request)}`,
          );
          const tokens = decode(TokenResponseBody)(parsedJson(answer.body));
          assert.ok(E.isRight(tokens), 'a 200 whose body is no token set');
          return;
        }
        assertErrorAnswer(answer, request.method === 'HEAD');
      }),
      fuzzParameters(RUNS),
    );
  });

  it(`answers ${RUNS} requests with broken HTTP framing with a 4xx ErrorBody`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        // Whitespace alone is no request: closing without an answer is right.
        hostileFraming.filter((bytes) => bytes.toString('latin1').trim() !== ''),
        async (template) => {
          run += 1;
          const slots = await slotsFor(run);
          const bytes = fillBytes(template, slots);
          const answers = answersOf(await sendRaw(base, bytes));
          for (const answer of answers) {
            assertNoSecretIn(answer, [slots.live, slots.spent]);
            // Some of these are well-formed after all (absolute-form URL, repeated Host):
            // a 200 is fine if the live token was sent and a token set comes back.
            if (answer.status === 200 && bytes.includes(slots.live)) {
              assert.ok(E.isRight(decode(TokenResponseBody)(parsedJson(answer.body))));
              continue;
            }
            assertErrorAnswer(answer, false);
          }
        },
      ),
      fuzzParameters(RUNS),
    );
  });

  it('still refreshes a valid token after the fuzzing', async () => {
    const live = await issueToken(provider);
    const exchange = await sendHttp(
      base,
      {
        method: 'POST',
        path: TOKEN_REFRESH_PATH,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ grant_type: 'refresh_token', refresh_token: live })),
      },
      agent,
    );
    const [answer] = answersOf(exchange);
    assert.equal(answer?.status, 200);
  });
});
