/**
 * The derived matchers agree with the codec, as judged by Pact's own matching
 * engine (pact-js / pact_ffi), not by a re-implementation:
 *  - request matching (a PactV4 mock server whose expected request body is the
 *    derived template): every body the codec accepts gets the interaction's
 *    response (204); every body broken for a contract reason gets the mock
 *    server's 500 and shows up in its mismatch report;
 *  - response matching (the Pact Verifier against a provider serving drawn
 *    bodies): unknown fields and optional fields, which the codec tolerates,
 *    are tolerated too. Request matching cannot show this: Pact refuses
 *    unexpected keys in a request body ("be strict in what you send").
 * PROPERTY_RUNS sets the number of drawn bodies per property (default 100).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PactV4 } from '@pact-foundation/pact';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  decode,
  ErrorBody,
  RefreshTokenRequestBody,
  Scope,
  TokenResponseBody,
} from '../../contracts/index.js';
import { exampleOf, matchersFor } from 'pact-io-ts';
import { arbitraryOf, brokenArbitraryOf } from 'pact-io-ts/arbitrary';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const CONSUMER = 'pact-io-ts-properties';
const MATCHED = 204;
const UNMATCHED = 500;

type Send = (body: unknown) => Promise<number>;

const right = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) return assert.fail(result.left.message);
  return result.right;
};

const VALID_TOKENS = {
  access_token: 'at_x',
  refresh_token: 'rt_y',
  scope: 'payable:read',
  token_type: 'Bearer',
};

/** Hand-picked contract breaks, on top of the generated ones. */
const NAMED_BREAKS: Readonly<Record<string, readonly (readonly [string, unknown])[]>> = {
  TokenResponseBody: [
    ['token_type', { ...VALID_TOKENS, token_type: 'bearer' }],
    ['scope', { ...VALID_TOKENS, scope: 7 }],
    ['access_token', { ...VALID_TOKENS, access_token: '' }],
    ['refresh_token', { ...VALID_TOKENS, refresh_token: 42 }],
    ['access_token', { refresh_token: 'rt', scope: 'a', token_type: 'Bearer' }],
  ],
  ErrorBody: [
    ['errors', {}],
    ['errors[0].code', { errors: [{ code: 7, detail: 'x' }] }],
    ['errors[0].detail', { errors: [{ code: 'X' }] }],
  ],
  RefreshTokenRequestBody: [
    ['refresh_token', { grant_type: 'refresh_token', refresh_token: '' }],
    ['grant_type', { grant_type: 'password', refresh_token: 'rt' }],
  ],
};

/** Kinds the project's codecs do not use, judged by the same engine: records (eachValue), Int, non-string literals. */
const MoreKinds = t.type(
  {
    id: t.Int,
    version: t.literal(2),
    live: t.literal(false),
    labels: t.record(t.string, t.string),
    counts: t.record(t.string, t.Int),
    lines: t.readonlyArray(t.exact(t.type({ qty: t.number, sku: Scope }))),
  },
  'MoreKinds',
);

const CODECS: readonly t.Mixed[] = [
  TokenResponseBody,
  ErrorBody,
  RefreshTokenRequestBody,
  MoreKinds,
];

let pactDir = '';

before(() => {
  pactDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pact-io-ts-'));
});

after(() => {
  fs.rmSync(pactDir, { recursive: true, force: true });
});

/**
 * One request on a fresh connection. Mock servers come and go on ephemeral
 * ports: a pooled keep-alive connection could reach a closed server's port
 * reused by the next one, or a previous server still shutting down.
 */
const statusOf = (url: string, method: 'GET' | 'POST', body?: string) =>
  new Promise<number>((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent: false,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });

/** Runs `test` against a mock server expecting one POST whose body matches `codec`'s template. */
const againstMockServer = <T>(codec: t.Mixed, test: (send: Send) => Promise<T>) =>
  new PactV4({
    consumer: CONSUMER,
    provider: `request-${codec.name}`,
    dir: pactDir,
    logLevel: 'error',
  })
    .addInteraction()
    .uponReceiving(`a ${codec.name} body`)
    .withRequest('POST', '/bodies', (builder) => {
      builder.headers({ 'Content-Type': 'application/json' }).jsonBody(matchersFor(codec));
    })
    .willRespondWith(MATCHED)
    .executeTest((server) =>
      test((body) => statusOf(`${server.url}/bodies`, 'POST', JSON.stringify(body))),
    );

const MISMATCH_REPORT = 'Mock server failed with the following mismatches';
const countOf = (text: string, needle: string) => text.split(needle).length - 1;

describe('derived matchers agree with Pact matching', function () {
  this.timeout(120_000);

  for (const codec of CODECS) {
    describe(codec.name, () => {
      it('the mock server accepts every body the codec accepts', async () => {
        await againstMockServer(codec, (send) =>
          fc.assert(
            fc.asyncProperty(arbitraryOf(codec, { optionalFields: false }), async (body) => {
              assert.ok(E.isRight(decode(codec)(body)));
              assert.equal(await send(body), MATCHED, JSON.stringify(body));
            }),
            { numRuns: RUNS },
          ),
        );
      });

      it('the mock server refuses every body broken for a contract reason, as the codec does', async () => {
        let sent = 0;
        const refused = async (send: Send, body: unknown, brokenPath: string) => {
          const decoded = decode(codec)(body);
          assert.ok(E.isLeft(decoded), `${codec.name} accepted ${JSON.stringify(body)}`);
          assert.ok(
            decoded.left.problems.some((p) => p.path === brokenPath),
            `${brokenPath} not named in: ${decoded.left.message}`,
          );
          sent += 1;
          assert.equal(await send(body), UNMATCHED, `${brokenPath}: ${JSON.stringify(body)}`);
        };
        await assert.rejects(
          againstMockServer(codec, async (send) => {
            for (const [brokenPath, body] of NAMED_BREAKS[codec.name] ?? []) {
              await refused(send, body, brokenPath);
            }
            await fc.assert(
              fc.asyncProperty(brokenArbitraryOf(codec), (b) => refused(send, b.body, b.path)),
              { numRuns: RUNS },
            );
            // Last, a valid body: the mock server still matches, and once it is
            // recorded every broken request before it is too.
            assert.equal(await send(right(exampleOf(codec))), MATCHED);
          }),
          (error: unknown) => {
            // Anything but Pact's own mismatch report (e.g. a fast-check
            // counterexample) is the real failure: let it through.
            if (!(error instanceof Error) || !error.message.includes(MISMATCH_REPORT)) throw error;
            assert.equal(countOf(error.message, 'The following request was incorrect'), sent);
            return true;
          },
        );
        assert.ok(sent >= RUNS);
      });
    });
  }
});

/** A provider serving drawn body `i` at `/bodies/i`. */
const servingProvider = async (bodies: readonly unknown[]) => {
  const server = http.createServer((request, response) => {
    const index = Number(/^\/bodies\/(\d+)$/.exec(request.url ?? '')?.[1]);
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(bodies[index] ?? null));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(resolve)) };
};

let reports = 0;

const VERIFIER = path.join(__dirname, '../../node_modules/.bin/pact-verifier');

interface Verification {
  readonly exitCode: number;
  readonly report: string;
}

/** The official CLI verifier (quiet, with a JSON report) against a provider serving `served`. */
const verify = async (pactFile: string, served: readonly unknown[]): Promise<Verification> => {
  const provider = await servingProvider(served);
  reports += 1;
  const reportFile = path.join(pactDir, `verification-${reports}.json`);
  try {
    const exitCode = await new Promise<number>((resolve) => {
      execFile(
        VERIFIER,
        ['-f', pactFile, '-h', '127.0.0.1', '-p', String(provider.port), '-j', reportFile],
        { env: { ...process.env, PACT_DO_NOT_TRACK: 'true' } },
        (error) => resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : 1),
      );
    });
    return { exitCode, report: fs.readFileSync(reportFile, 'utf8') };
  } finally {
    await provider.close();
  }
};

/** The part of the verifier's JSON report read here. */
const VerificationReport = t.type({
  interactionResults: t.array(t.type({ description: t.string, result: t.string })),
});

const failedInteractions = (report: string): readonly string[] => {
  const decoded = decode(VerificationReport)(JSON.parse(report));
  if (E.isLeft(decoded)) return assert.fail(decoded.left.message);
  return decoded.right.interactionResults
    .filter((r) => r.result !== 'OK')
    .map((r) => r.description);
};

describe('derived matchers agree with Pact response verification', function () {
  this.timeout(300_000);

  for (const codec of [TokenResponseBody, ErrorBody] as const) {
    it(`${codec.name}: unknown and optional fields pass verification, as the codec tolerates them`, async () => {
      const seed = Number(process.env.PROPERTY_SEED ?? Date.now());
      const bodies = fc.sample(arbitraryOf(codec, { unknownFields: true }), {
        numRuns: RUNS,
        seed,
      });
      const provider = `response-${codec.name}`;
      const template = matchersFor(codec);
      const pact = new PactV4({ consumer: CONSUMER, provider, dir: pactDir, logLevel: 'error' });
      for (const [index] of bodies.entries()) {
        await pact
          .addInteraction()
          .uponReceiving(`drawn ${codec.name} ${index}`)
          .withRequest('GET', `/bodies/${index}`)
          .willRespondWith(200, (builder) => {
            builder.jsonBody(template);
          })
          .executeTest((server) => statusOf(`${server.url}/bodies/${index}`, 'GET'));
      }
      // Not vacuous: the drawn bodies do carry fields the contract does not name.
      const declared = new Set(Object.keys(template as object));
      assert.ok(bodies.some((body) => Object.keys(body).some((key) => !declared.has(key))));
      const pactFile = path.join(pactDir, `${CONSUMER}-${provider}.json`);
      const passed = await verify(pactFile, bodies);
      assert.equal(passed.exitCode, 0, `PROPERTY_SEED=${seed}: ${passed.report}`);
      // The same pact refuses a provider that breaks the contract in one body.
      const [first, ...rest] = bodies;
      const spoiled = await verify(pactFile, [
        // Unknown to one codec, breaking for the other: each breaks its own.
        { ...first, errors: [{ detail: 'x' }], token_type: 'bearer' },
        ...rest,
      ]);
      assert.notEqual(spoiled.exitCode, 0);
      assert.deepEqual(failedInteractions(spoiled.report), [`drawn ${codec.name} 0`]);
    });
  }
});
