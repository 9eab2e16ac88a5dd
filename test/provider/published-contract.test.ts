/**
 * The recorded pact must be compatible with the provider's published OpenAPI
 * document (our copy in contracts/openapi/), checked with PactFlow's own
 * comparator. A pact the provider's spec cannot satisfy is caught here,
 * before any provider is run.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComparisonResult } from '@pactflow/openapi-pact-comparator';
import { CONSUMER_NAME, PROVIDER_NAME, PUBLISHED_OPENAPI_FILE } from '../../contracts/index.js';
import { comparatorFindings, showComparatorFinding } from '../../src/four-sides/index.js';

const PACT = join('pacts', `${CONSUMER_NAME}-${PROVIDER_NAME}.json`);

const readJson = (path: string): object => JSON.parse(readFileSync(path, 'utf8')) as object;

const compare = (pact: object) => comparatorFindings(readJson(PUBLISHED_OPENAPI_FILE), pact);

const show = (findings: readonly ComparisonResult[]) =>
  findings.map(showComparatorFinding).join('\n');

describe("the pact against the provider's published OpenAPI document", () => {
  // No warning is accepted silently: the one there was (a `Retry-After` the
  // published 429 does not list) was fixed by dropping the header from the pact.
  it('has no error and no warning', async () => {
    const findings = await compare(readJson(PACT));
    assert.deepEqual(findings, [], show(findings));
  });

  it('warns about a response header the published spec does not list', async () => {
    const pact = JSON.parse(readFileSync(PACT, 'utf8')) as {
      interactions: { response: { status: number; headers?: Record<string, string[]> } }[];
    };
    const limited = pact.interactions.find((i) => i.response.status === 429);
    assert.ok(limited !== undefined);
    limited.response.headers = { ...limited.response.headers, 'Retry-After': ['1'] };
    const warnings = (await compare(pact)).filter((f) => f.type === 'warning');
    assert.deepEqual(
      warnings.map((f) => f.code),
      ['response.header.undefined'],
      show(warnings),
    );
  });

  it('catches a pact the published spec does not allow', async () => {
    const pact = JSON.parse(readFileSync(PACT, 'utf8')) as {
      interactions: { response: { status: number; body?: { content?: unknown } } }[];
    };
    const success = pact.interactions.find((i) => i.response.status === 200);
    assert.ok(success?.response.body !== undefined);
    // A consumer expecting camelCase names is not what the provider publishes.
    success.response.body.content = {
      accessToken: 'a',
      refreshToken: 'r',
      scope: 's',
      tokenType: 'Bearer',
    };
    const errors = (await compare(pact)).filter((f) => f.type === 'error');
    assert.ok(errors.length > 0, 'expected the comparator to reject camelCase fields');
  });
});
