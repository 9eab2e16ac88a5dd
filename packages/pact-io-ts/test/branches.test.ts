/** Branch coverage: which branches a pact demands, which the client's tests draw, which neither. */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { branchCoverage, branchesOf, uncoveredBranches } from '../src/index.js';
import { branchCoverageOf } from '../src/arbitrary.js';

const Refund = t.type({ kind: t.literal('refund'), amount: t.number }, 'Refund');
const Payment = t.type(
  {
    id: t.string,
    settledAt: t.union([t.string, t.null]),
    detail: t.union([t.type({ kind: t.literal('card') }, 'Card'), Refund]),
    tags: t.array(t.partial({ label: t.string })),
  },
  'Payment',
);

const PAID = { id: 'p', settledAt: '2026-01-01', detail: { kind: 'card' }, tags: [] };

describe('pact-io-ts branch coverage', () => {
  it('lists every branch a codec allows, with its path', () => {
    const branches = branchesOf(Payment);
    assert.ok(E.isRight(branches));
    assert.deepEqual(
      branches.right.map((b) => b.id),
      [
        'settledAt: null',
        'settledAt: not null',
        'detail: member 1 (Card)',
        'detail: member 2 (Refund)',
        'tags[*].label: present',
        'tags[*].label: absent',
      ],
    );
  });

  it("says which branches an interaction's example demands and which the drawn values take", () => {
    const coverage = branchCoverage(Payment, [{ interaction: 'paid', example: PAID }], []);
    assert.ok(E.isRight(coverage));
    const demanded = coverage.right.filter((c) => c.demandedBy.length > 0).map((c) => c.id);
    assert.deepEqual(demanded, ['settledAt: not null', 'detail: member 1 (Card)']);
    assert.deepEqual(uncoveredBranches('Payment', coverage.right).length, 4);
  });

  it('an optional field is never demanded: the pact leaves it out', () => {
    const withLabel = { ...PAID, tags: [{ label: 'x' }] };
    const coverage = branchCoverage(Payment, [{ interaction: 'labelled', example: withLabel }], []);
    assert.ok(E.isRight(coverage));
    const label = coverage.right.find((c) => c.id === 'tags[*].label: present');
    assert.deepEqual(label?.demandedBy, []);
  });

  it('with the arbitraries drawing, every branch is covered', () => {
    const coverage = branchCoverageOf(Payment, []);
    assert.ok(E.isRight(coverage));
    assert.deepEqual(uncoveredBranches('Payment', coverage.right), []);
  });
});
