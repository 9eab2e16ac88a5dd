/**
 * Contract strength: the recorded pacts, verified against deliberately
 * altered providers. Every contract-breaking change must fail verification;
 * every compatible change must pass. Each change is a test of its own, so a
 * change the pact judges wrongly fails the run, by name; no score is kept.
 */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import { failedInteractions } from '../../src/verify/results.js';
import { embeddedStateChange } from '../../src/verify/state-change.js';
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

const withoutHeader =
  (applies: (a: ProviderAnswer) => boolean, name: string): Mutation =>
  (answer) => {
    if (!applies(answer)) return answer;
    const { [name]: _dropped, ...headers } = answer.headers;
    return { ...answer, headers };
  };

const isRateLimited = (a: ProviderAnswer) => a.status === 429;

/**
 * Changes the published contract forbids, or that break a declared demand the
 * client needs (contracts/, next to each codec): each must fail verification.
 */
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
  // Declared demands (contracts/token-refresh.ts): the client needs both tokens non-empty.
  'an empty refresh_token': jsonBody(isSuccess, (body) => ({ ...body, refresh_token: '' })),
  'an empty access_token': jsonBody(isSuccess, (body) => ({ ...body, access_token: '' })),
  'a wrong success status (201)': (a) => (isSuccess(a) ? { ...a, status: 201 } : a),
  'a wrong error status (401 -> 400)': (a) => (a.status === 401 ? { ...a, status: 400 } : a),
  'an error body without errors[].code': mapErrors(({ code: _code, ...rest }) => rest),
  'a non-JSON content type': withHeader(() => true, 'content-type', 'text/plain; charset=utf-8'),
  // Declared demand (contracts/operation.ts): the client decodes UTF-8.
  'a JSON content type with another charset': withHeader(
    () => true,
    'content-type',
    'application/json; charset=iso-8859-1',
  ),
};

/** Changes the published contract and HTTP allow, and the client handles: each must pass. */
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
  // RFC 9110 §8.3.1: type, subtype and parameter names are case-insensitive,
  // a parameter value may be quoted, whitespace may surround ";".
  'Application/JSON (media type in another case)': withHeader(
    () => true,
    'content-type',
    'Application/JSON',
  ),
  'application/json; Charset=UTF-8 (parameter name and value in another case)': withHeader(
    () => true,
    'content-type',
    'application/json; Charset=UTF-8',
  ),
  'application/json; charset="utf-8" (quoted parameter value)': withHeader(
    () => true,
    'content-type',
    'application/json; charset="utf-8"',
  ),
  'application/json ; charset=utf-8 (whitespace before ";")': withHeader(
    () => true,
    'content-type',
    'application/json ; charset=utf-8',
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
  // The published scope is a plain string; the client drops empty scope tokens.
  'a scope with a double space': jsonBody(isSuccess, (body) => ({
    ...body,
    scope: 'payable:read  supplier:read',
  })),
  'a scope with a trailing space': jsonBody(isSuccess, (body) => ({
    ...body,
    scope: 'payable:read ',
  })),
  'a different error detail': mapErrors((e) => ({ ...e, detail: 'Something else, in words.' })),
  'an error source and extra error fields': mapErrors((e) => ({
    ...e,
    source: 'refresh_token',
    trace_id: 'abc',
  })),
  // The published code is a plain string and the client classifies by status.
  'a different error code': mapErrors((e) => ({ ...e, code: 'SOMETHING_ELSE' })),
  // The published Error schema sets no minimum number of errors.
  'an empty errors array': jsonBody(isError, (body) => ({ ...body, errors: [] })),
  // The published 429 lists no header; the client then backs off by itself.
  'a 429 without Retry-After': withoutHeader(isRateLimited, 'retry-after'),
  // RFC 9110 §10.2.3: delay-seconds or an HTTP-date; the client reads both.
  'a 429 whose Retry-After is an HTTP-date': withHeader(
    isRateLimited,
    'retry-after',
    'Sun, 06 Nov 1994 08:49:37 GMT',
  ),
};

const verifyAltered = async (mutation: Mutation) => {
  const altered = await startAlteredProvider(mutation);
  try {
    const run = await verifyProviderAt({
      providerUrl: altered.url,
      pacts: { _tag: 'Files', dir: 'pacts' },
      stateChange: embeddedStateChange(altered.provider.services),
      logLevel: 'error',
    })();
    if (E.isLeft(run)) throw new Error(`verification did not run: ${run.left.message}`);
    return run.right.outcome;
  } finally {
    await altered.close();
  }
};

describe('contract strength: verification against altered providers', function () {
  this.timeout(120_000);

  describe('contract-breaking changes fail verification', () => {
    for (const [name, mutation] of Object.entries(BREAKING)) {
      it(name, async () => {
        const outcome = await verifyAltered(mutation);
        assert.equal(outcome.passed, false, `verification passed despite ${name}`);
      });
    }
  });

  describe('compatible changes pass verification', () => {
    for (const [name, mutation] of Object.entries(COMPATIBLE)) {
      it(name, async () => {
        const outcome = await verifyAltered(mutation);
        const failures = failedInteractions(outcome).map(
          (f) => `${f.description}: ${f.mismatches.join('; ')}`,
        );
        assert.equal(outcome.passed, true, failures.join('\n'));
      });
    }
  });
});
