/**
 * Side 4 of the contract, provider ↔ published OpenAPI: the reference
 * provider's answers, to every catalogue interaction and to a sample of the
 * hardening corpus, validated with ajv against the published response schemas.
 * What it deliberately sends beyond them (statuses, headers) must be declared
 * in contracts/provider-extras.ts with a reason.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import {
  INTERACTIONS,
  ProviderStates,
  PUBLISHED_OPENAPI_FILE,
  REFERENCE_PROVIDER_EXTRAS,
  TOKEN_REFRESH_PATH,
} from '../../contracts/index.js';
import {
  beyondPublished as beyond,
  catalogueAnswers,
  readOperation,
  type ReceivedAnswer,
} from '../../src/four-sides/index.js';
import {
  setUpProviderState,
  startProvider,
  type ProviderServices,
  type RunningProvider,
} from '../../src/provider/index.js';
import { jsonBody, startAlteredProvider, type Mutation } from '../support/altered-provider.js';
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
} from '../support/fuzz-requests.js';

const operation = readOperation(JSON.parse(readFileSync(PUBLISHED_OPENAPI_FILE, 'utf8')));
if (E.isLeft(operation)) throw new Error(operation.left.message);
const beyondPublished = (answer: ReceivedAnswer) => beyond(operation.right, answer);

const CORPUS = Number(process.env.PROPERTY_RUNS ?? 150);
const SEED = Number(process.env.PROPERTY_SEED ?? 8);

const received = (answer: Answer, head = false): ReceivedAnswer => ({
  status: answer.status,
  headers: answer.headers,
  body: answer.body.toString('utf8'),
  head,
});

const answersOf = (exchange: Exchange): readonly Answer[] => {
  if (exchange._tag === 'NoAnswer') return assert.fail(`no answer: ${exchange.reason}`);
  return exchange.answers;
};

/** What each catalogue answer has beyond the published contract, by interaction. */
const catalogueProblems = async (url: string, services: ProviderServices) => {
  const answers = await catalogueAnswers(url, services);
  return {
    problems: answers.flatMap((answer, n) =>
      beyondPublished(answer).map((p) => `${INTERACTIONS[n]?.key ?? n}: ${p}`),
    ),
    statuses: answers.map((a) => a.status),
  };
};

describe('side 4: the reference provider against the published OpenAPI', function () {
  this.timeout(120_000);
  let provider: RunningProvider;
  let agent: Agent;
  before(async () => {
    provider = await startProvider({});
    agent = keepAliveAgent();
  });
  after(async () => {
    agent.destroy();
    await provider.close();
  });

  it('answers every catalogue interaction as the published contract allows', async () => {
    const { problems, statuses } = await catalogueProblems(provider.url, provider.services);
    assert.deepEqual(problems, [], problems.join('\n'));
    // Each state was set up: every answer is the one the catalogue describes.
    assert.deepEqual(
      statuses,
      INTERACTIONS.map((i) => i.response.status),
    );
  });

  it(`answers ${CORPUS} hostile requests and broken framings only as published or declared`, async () => {
    const base = new URL(provider.url);
    const { refreshToken } = await setUpProviderState(provider.services, {
      name: ProviderStates.validRefreshToken,
      params: {},
    });
    const slots = { live: String(refreshToken), spent: 'rt_spent-or-never-issued' };
    const problems: string[] = [];
    const statuses = new Set<number>();
    const note = (answer: ReceivedAnswer, what: string) => {
      statuses.add(answer.status);
      problems.push(...beyondPublished(answer).map((p) => `${p} (for ${what.slice(0, 160)})`));
    };
    // HEAD answers are read raw by the fuzz suite; their headers are the GET ones.
    const requests = fc
      .sample(hostileRequest, { numRuns: CORPUS, seed: SEED })
      .filter((r) => r.method.toUpperCase() !== 'HEAD');
    for (const template of requests) {
      const request = fillRequest(template, slots);
      for (const answer of answersOf(await sendHttp(base, request, agent))) {
        note(received(answer), `${request.method} ${request.path}`);
      }
    }
    const framings = fc.sample(
      hostileFraming.filter((bytes) => bytes.toString('latin1').trim() !== ''),
      { numRuns: Math.ceil(CORPUS / 3), seed: SEED },
    );
    for (const bytes of framings) {
      const exchange = await sendRaw(base, fillBytes(bytes, slots));
      if (exchange._tag === 'NoAnswer') continue;
      for (const answer of exchange.answers) note(received(answer), bytes.toString('latin1'));
    }
    assert.deepEqual(problems, [], problems.slice(0, 20).join('\n'));
    // Not vacuous: documented and declared statuses both came back.
    assert.ok(statuses.has(400) && [...statuses].some((s) => s > 401), [...statuses].join());
  });

  // Declarations must not outlive the behaviour they explain.
  it('shows every declared extra in some answer (no stale declaration)', async () => {
    const base = new URL(provider.url);
    const json = { 'content-type': 'application/json' };
    const body = Buffer.from('{"grant_type":"refresh_token","refresh_token":"rt_unknown"}');
    const viaHttp = (method: string, path: string, headers: Record<string, string>, sent = body) =>
      sendHttp(base, { method, path, headers, body: sent }, agent);
    const raw = (lines: readonly string[]) =>
      sendRaw(base, Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body.toString()}`, 'latin1'));
    const post = [
      `POST ${TOKEN_REFRESH_PATH} HTTP/1.1`,
      `Host: ${base.host}`,
      'Content-Type: application/json',
      `Content-Length: ${body.length}`,
    ];
    const exchanges = await Promise.all([
      viaHttp('GET', TOKEN_REFRESH_PATH, {}, Buffer.alloc(0)),
      viaHttp('POST', '/v0/elsewhere', json),
      viaHttp('POST', TOKEN_REFRESH_PATH, { 'content-type': 'text/plain' }),
      viaHttp('POST', TOKEN_REFRESH_PATH, json, Buffer.alloc(9 * 1024, 0x20)),
      raw([...post, 'Expect: something-else']),
      raw([...post, `X-Padding: ${'x'.repeat(20_000)}`]),
    ]);
    const answers = [
      ...exchanges.flatMap((e) => answersOf(e).map((a) => received(a))),
      ...(await catalogueAnswers(provider.url, provider.services)),
    ];
    const problems = answers.flatMap((a) => beyondPublished(a));
    assert.deepEqual(problems, [], problems.join('\n'));
    const statuses = new Set(answers.map((a) => String(a.status)));
    const headers = new Set(answers.flatMap((a) => Object.keys(a.headers)));
    const stale = REFERENCE_PROVIDER_EXTRAS.filter((x) =>
      x.kind === 'status' ? !statuses.has(x.name) : !headers.has(x.name),
    );
    assert.deepEqual(stale, []);
  });

  describe('fails on a planted fault', () => {
    const problemsWith = async (mutation: Mutation) => {
      const altered = await startAlteredProvider(mutation);
      try {
        return (await catalogueProblems(altered.url, altered.provider.services)).problems;
      } finally {
        await altered.close();
      }
    };

    it('a body the published schema refuses: errors as a string', async () => {
      const problems = await problemsWith(
        jsonBody(
          (a) => a.status === 401,
          (body) => ({ ...body, errors: 'none' }),
        ),
      );
      assert.ok(problems.length > 0);
      assert.match(
        problems[0] ?? '',
        /unknown-refresh-token: 401: body data\/errors must be array/,
      );
    });

    it('a header neither published nor declared', async () => {
      const problems = await problemsWith((a) => ({
        ...a,
        headers: { ...a.headers, 'x-powered-by': 'something' },
      }));
      assert.ok(
        problems.some((p) => /header x-powered-by is not listed/.test(p)),
        problems.join('\n'),
      );
    });

    it('a status neither published nor declared', async () => {
      const problems = await problemsWith((a) => (a.status === 403 ? { ...a, status: 418 } : a));
      assert.ok(
        problems.some((p) =>
          /suspended-client: 418: a status the published operation does not document/.test(p),
        ),
        problems.join('\n'),
      );
    });
  });
});
