/**
 * Contract strength: the recorded pacts, verified against deliberately
 * altered providers. Every contract-breaking change must fail verification;
 * every compatible change must pass. The score is printed at the end.
 */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import { embeddedStateHandlers } from '../../src/verify/state-handlers.js';
import { verifyProviderAt } from '../../src/verify/verify.js';
import {
  jsonBody,
  startAlteredProvider,
  type Mutation,
  type ProviderAnswer,
} from '../support/altered-provider.js';

const isSuccess = (a: ProviderAnswer) => a.status === 200;
const isError = (a: ProviderAnswer) => a.status >= 400;

const mapErrors = (change: (error: Record<string, unknown>) => Record<string, unknown>) =>
  jsonBody(isError, (body) => ({
    ...body,
    errors: Array.isArray(body['errors'])
      ? body['errors'].map((e: Record<string, unknown>) => change(e))
      : body['errors'],
  }));

const withHeader =
  (applies: (a: ProviderAnswer) => boolean, name: string, value: string): Mutation =>
  (answer) =>
    applies(answer) ? { ...answer, headers: { ...answer.headers, [name]: value } } : answer;

const camelCase = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const BREAKING: Readonly<Record<string, Mutation>> = {
  'camelCase field names': jsonBody(isSuccess, (body) =>
    Object.fromEntries(Object.entries(body).map(([k, v]) => [camelCase(k), v])),
  ),
  'token_type "bearer"': jsonBody(isSuccess, (body) => ({ ...body, token_type: 'bearer' })),
  'a missing scope': jsonBody(isSuccess, ({ scope: _scope, ...rest }) => rest),
  'a missing refresh_token': jsonBody(isSuccess, ({ refresh_token: _rt, ...rest }) => rest),
  'a mistyped access_token (number)': jsonBody(isSuccess, (body) => ({
    ...body,
    access_token: 42,
  })),
  'an empty refresh_token': jsonBody(isSuccess, (body) => ({ ...body, refresh_token: '' })),
  'a malformed scope (double space)': jsonBody(isSuccess, (body) => ({
    ...body,
    scope: 'payable:read  supplier:read',
  })),
  'a malformed scope (trailing space)': jsonBody(isSuccess, (body) => ({
    ...body,
    scope: 'payable:read ',
  })),
  'a wrong success status (201)': (a) => (isSuccess(a) ? { ...a, status: 201 } : a),
  'a wrong error status (401 -> 400)': (a) => (a.status === 401 ? { ...a, status: 400 } : a),
  'an error body without errors[].code': mapErrors(({ code: _code, ...rest }) => rest),
  'a different error code': mapErrors((e) => ({ ...e, code: 'SOMETHING_ELSE' })),
  'an empty errors array': jsonBody(isError, (body) => ({ ...body, errors: [] })),
  'a non-JSON content type': withHeader(() => true, 'content-type', 'text/plain; charset=utf-8'),
  'a 429 without Retry-After': (a) => {
    if (a.status !== 429) return a;
    const { ['retry-after']: _dropped, ...headers } = a.headers;
    return { ...a, headers };
  },
};

const COMPATIBLE: Readonly<Record<string, Mutation>> = {
  'the unaltered provider': (a) => a,
  'an extra expires_in field': jsonBody(isSuccess, (body) => ({ ...body, expires_in: 3600 })),
  'extra headers': withHeader(() => true, 'x-request-id', 'req-123'),
  'application/json without charset': withHeader(() => true, 'content-type', 'application/json'),
  'application/json; charset=utf-8': withHeader(
    () => true,
    'content-type',
    'application/json; charset=utf-8',
  ),
  'other token values': jsonBody(isSuccess, (body) => ({
    ...body,
    access_token: 'eyJhbGciOiJSUzI1NiJ9.other.token',
    refresh_token: 'another-refresh-token-value',
  })),
  'other valid scopes': jsonBody(isSuccess, (body) => ({
    ...body,
    scope: 'user:read bank-fee:read settlement:read',
  })),
  'a different error detail': mapErrors((e) => ({ ...e, detail: 'Something else, in words.' })),
  'an error source and extra error fields': mapErrors((e) => ({
    ...e,
    source: 'refresh_token',
    trace_id: 'abc',
  })),
};

const verifyAltered = async (mutation: Mutation) => {
  const altered = await startAlteredProvider(mutation);
  try {
    const run = await verifyProviderAt(
      altered.url,
      { _tag: 'Files', dir: 'pacts' },
      { stateHandlers: embeddedStateHandlers(altered.provider.services) },
      'error',
    )();
    if (E.isLeft(run)) throw new Error(`verification did not run: ${run.left.message}`);
    return run.right.outcome;
  } finally {
    await altered.close();
  }
};

describe('contract strength: verification against altered providers', function () {
  this.timeout(120_000);
  const score = { caught: 0, breaking: 0, passed: 0, compatible: 0 };

  describe('contract-breaking changes fail verification', () => {
    for (const [name, mutation] of Object.entries(BREAKING)) {
      it(name, async () => {
        score.breaking += 1;
        const outcome = await verifyAltered(mutation);
        assert.equal(outcome.passed, false, `verification passed despite ${name}`);
        score.caught += 1;
      });
    }
  });

  describe('compatible changes pass verification', () => {
    for (const [name, mutation] of Object.entries(COMPATIBLE)) {
      it(name, async () => {
        score.compatible += 1;
        const outcome = await verifyAltered(mutation);
        const failures = outcome.failures.map(
          (f) => `${f.interaction}: ${f.mismatches.join('; ')}`,
        );
        assert.equal(outcome.passed, true, failures.join('\n'));
        score.passed += 1;
      });
    }
  });

  after(() => {
    console.log(
      `      contract strength: ${score.caught}/${score.breaking} breaking changes caught, ` +
        `${score.passed}/${score.compatible} compatible changes accepted`,
    );
  });
});
