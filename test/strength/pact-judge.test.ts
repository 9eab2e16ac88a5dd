import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import type { WireMutant } from 'pact-io-ts/strength';
import { mutantPact } from '../../src/strength/pact-judge.js';

const recorded = {
  consumer: { name: 'c' },
  provider: { name: 'p' },
  interactions: [
    { description: 'stateless', request: { method: 'GET', path: '/' }, response: { status: 200 } },
    {
      description: 'with a state',
      providerStates: [{ name: 'a token', params: { scope: 'x' } }],
      request: { method: 'GET', path: '/' },
      response: { status: 401 },
    },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
};

const mutant = (id: string, interaction: string): WireMutant => ({
  id,
  interaction,
  operator: 'status',
  description: id,
  answer: { status: 500, headers: {}, body: undefined },
});

describe('the pact of the mutants', () => {
  it('holds, per mutant, its recorded interaction named for it, the id in its states', () => {
    const generated = mutantPact(recorded, [
      mutant('m1', 'with a state'),
      mutant('m2', 'stateless'),
      mutant('m3', 'with a state'),
    ]);
    assert.deepEqual(generated, {
      _tag: 'Right',
      right: {
        ...recorded,
        interactions: [
          {
            description: 'with a state [mutant m1]',
            providerStates: [{ name: 'a token', params: { scope: 'x', mutant: 'm1' } }],
            request: { method: 'GET', path: '/' },
            response: { status: 401 },
          },
          {
            description: 'stateless [mutant m2]',
            providerStates: [
              { name: 'the provider answers with a mutant', params: { mutant: 'm2' } },
            ],
            request: { method: 'GET', path: '/' },
            response: { status: 200 },
          },
          {
            description: 'with a state [mutant m3]',
            providerStates: [{ name: 'a token', params: { scope: 'x', mutant: 'm3' } }],
            request: { method: 'GET', path: '/' },
            response: { status: 401 },
          },
        ],
      },
    });
  });

  it('names a mutant whose interaction the pact does not record', () => {
    const generated = mutantPact(recorded, [mutant('m9', 'elsewhere')]);
    assert.ok(E.isLeft(generated));
    assert.match(generated.left, /m9.*"elsewhere"/);
  });
});
