/**
 * The recorded pact must be compatible with the provider's published OpenAPI
 * document (our copy in contracts/openapi/), checked with PactFlow's own
 * comparator. A pact the provider's spec cannot satisfy is caught here,
 * before any provider is run.
 */
import { Comparator, type ComparisonResult } from '@pactflow/openapi-pact-comparator';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSUMER_NAME, PROVIDER_NAME } from '../../contracts/index.js';

const OPENAPI = join('contracts', 'openapi', 'token-refresh.openapi.json');
const PACT = join('pacts', `${CONSUMER_NAME}-${PROVIDER_NAME}.json`);

/** Warnings we accept, with the reason: the published spec does not list `Retry-After`. */
const ACCEPTED_WARNINGS = new Set(['response.header.undefined:retry-after']);

type Finding = ComparisonResult;

const readJson = (path: string): object => JSON.parse(readFileSync(path, 'utf8')) as object;

const compare = async (pact: object): Promise<Finding[]> => {
  const comparator = new Comparator(
    readJson(OPENAPI) as ConstructorParameters<typeof Comparator>[0],
  );
  const findings: Finding[] = [];
  for await (const finding of comparator.compare(pact)) {
    findings.push(finding);
  }
  return findings;
};

const keyOf = (f: Finding) => `${f.code}:${f.mockDetails?.location?.split('.').pop() ?? ''}`;
const show = (findings: readonly Finding[]) =>
  findings
    .map((f) => `${f.type} ${f.code} in "${f.mockDetails?.interactionDescription}": ${f.message}`)
    .join('\n');

describe("the pact against the provider's published OpenAPI document", () => {
  it('has no error and only the accepted warnings', async () => {
    const findings = await compare(readJson(PACT));
    const unexpected = findings.filter(
      (f) => f.type === 'error' || !ACCEPTED_WARNINGS.has(keyOf(f)),
    );
    assert.deepEqual(unexpected, [], show(unexpected));
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
