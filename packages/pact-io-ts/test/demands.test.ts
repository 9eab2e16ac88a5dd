/** Demands beyond a published OpenAPI 3.1 response, found through records and nullable values too. */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { pattern } from '../src/index.js';
import { demandsBeyondPublished } from '../src/openapi.js';

const Code = pattern('Code', /^[A-Z]+$/, 'ABC', 'capitals');
const OPERATION = { method: 'GET', path: '/labels' };

const published = {
  openapi: '3.1.0',
  paths: {
    '/labels': {
      get: {
        responses: {
          '200': {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['labels', 'owner'],
                  properties: {
                    labels: { type: 'object', additionalProperties: { type: 'string' } },
                    owner: { type: ['string', 'null'] },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

const contract = (body: t.Mixed, bodyExample?: unknown) => ({
  key: 'labels',
  response: { status: 200, headers: t.type({}), body, bodyExample },
});

const found = (body: t.Mixed, bodyExample?: unknown) => {
  const result = demandsBeyondPublished([contract(body, bodyExample)], published, OPERATION);
  return E.isRight(result) ? result.right.map((d) => [d.path, d.kind, d.rule]) : assert.fail();
};

describe('pact-io-ts demands beyond the published contract', () => {
  it('compares each value of a record and the non-null branch of a nullable value', () => {
    const Body = t.type(
      { labels: t.record(t.string, Code), owner: t.union([Code, t.null]) },
      'Labels',
    );
    const found = demandsBeyondPublished([contract(Body)], published, OPERATION);
    assert.ok(E.isRight(found));
    assert.deepEqual(
      found.right.map((d) => [d.path, d.kind]),
      [
        ['labels.*', 'pattern'],
        ['owner', 'pattern'],
      ],
    );
  });

  it('finds nothing where the codec reads what the schema publishes', () => {
    const Body = t.type(
      { labels: t.record(t.string, t.string), owner: t.union([t.string, t.null]) },
      'Labels',
    );
    assert.deepEqual(demandsBeyondPublished([contract(Body)], published, OPERATION), E.right([]));
  });

  it('a value the published schema lets be null: refusing null is a demand', () => {
    const Body = t.type({ labels: t.record(t.string, t.string), owner: t.string }, 'Labels');
    assert.deepEqual(found(Body), [
      ['owner', 'type', 'must not be null; the published schema allows null'],
    ]);
  });

  it("a nullable value demands the branch the interaction's example takes", () => {
    const Body = t.type(
      { labels: t.record(t.string, t.string), owner: t.union([t.string, t.null]) },
      'Labels',
    );
    assert.deepEqual(found(Body, { labels: {}, owner: 'ann' }), [
      ['owner', 'type', 'must not be null; the published schema allows null'],
    ]);
    assert.deepEqual(found(Body, { labels: {}, owner: null }), []);
  });
});
