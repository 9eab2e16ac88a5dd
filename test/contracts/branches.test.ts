/**
 * Branch coverage of this project's codecs and catalogue: every branch a codec
 * allows (an optional field present or absent, null or not, a union member) is
 * demanded by an interaction or drawn by the client's property tests.
 */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { uncoveredBranches, type ExampleUse } from 'pact-io-ts';
import { branchCoverageOf } from 'pact-io-ts/arbitrary';
import { ErrorBody, INTERACTIONS } from '../../contracts/index.js';

/** Each codec of the catalogue with the interactions that show an example of it. */
const usesByCodec = (): ReadonlyMap<t.Mixed, readonly ExampleUse[]> => {
  const uses = new Map<t.Mixed, ExampleUse[]>();
  const add = (codec: t.Mixed, interaction: string, example: unknown) =>
    uses.set(codec, [...(uses.get(codec) ?? []), { interaction, example }]);
  for (const { key, request, response } of INTERACTIONS) {
    add(request.body, key, request.bodyExample);
    add(request.headers, key, request.headersExample);
    add(response.body, key, response.bodyExample);
    add(response.headers, key, response.headersExample);
  }
  return uses;
};

const coverage = (codec: t.Mixed, uses: readonly ExampleUse[]) => {
  const result = branchCoverageOf(codec, uses);
  if (E.isLeft(result)) return assert.fail(result.left.message);
  return result.right;
};

describe('branch coverage of the catalogue', () => {
  it('every branch of every catalogued codec is demanded by an interaction or drawn by the client tests', () => {
    const gaps = [...usesByCodec()].flatMap(([codec, uses]) =>
      uncoveredBranches(codec.name, coverage(codec, uses)),
    );
    assert.deepEqual(gaps, []);
  });

  it("ErrorBody's optional source is left to the client's tests, present and absent", () => {
    const uses = usesByCodec().get(ErrorBody) ?? [];
    assert.ok(uses.some((u) => JSON.stringify(u.example).includes('"source"')));
    assert.deepEqual(
      coverage(ErrorBody, uses).map((c) => [c.id, c.demandedBy, c.drawn]),
      [
        ['errors[*].source: present', [], true],
        ['errors[*].source: absent', [], true],
      ],
    );
  });
});
