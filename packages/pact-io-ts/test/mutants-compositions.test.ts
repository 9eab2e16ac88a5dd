/**
 * pact-io-ts/mutants on codecs composed at random (`compositions.ts`), seeded
 * (COMPOSITION_SEED, MUTANT_TREES): for each tree, from its canonical example
 * and from a drawn value, `mutantsOf` throws nothing, refuses exactly what the
 * fold refuses, and gives mutants that are JSON, have unique ids, come again
 * with the same seed, carry the codec's verdict, change the body at their
 * path only, and cover every place of the example the codec declares. The places and their
 * JSONPath are worked out here, independently of the package.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { arbitraryOf } from '../src/arbitrary.js';
import { exampleOf } from '../src/index.js';
import { mutantsOf, mutationOperators, type Mutant } from '../src/mutants.js';
import { build, kindsOf, specs, type Spec } from './compositions.js';

const TREES = Number(process.env.MUTANT_TREES ?? 400);
const SEED = Number(process.env.COMPOSITION_SEED ?? 18);
const MAX_DEPTH = 6;

type Segment = string | number;

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** RFC 9535: `.name` for a plain ASCII name, `['...']` with `\\`, `\'` and control characters escaped. */
const member = (path: string, key: string) =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? `${path}.${key}`
    : `${path}['${[...key]
        .map((c) =>
          c === '\\' || c === "'"
            ? `\\${c}`
            : c.charCodeAt(0) < 0x20
              ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
              : c,
        )
        .join('')}']`;

/** Every place of a JSON value: its JSONPath and the keys and indexes that lead there. */
const placesOf = (
  value: unknown,
  path = '$',
  segments: readonly Segment[] = [],
): readonly (readonly [string, readonly Segment[]])[] => [
  [path, segments],
  ...(Array.isArray(value)
    ? value.flatMap((v: unknown, i) => placesOf(v, `${path}[${i}]`, [...segments, i]))
    : isRecord(value)
      ? Object.entries(value).flatMap(([k, v]) => placesOf(v, member(path, k), [...segments, k]))
      : []),
];

const MARK = Symbol('the place a mutant changes');

/** `value` with what is at `segments` replaced by a mark. */
const marked = (value: unknown, segments: readonly Segment[]): unknown => {
  const [first, ...rest] = segments;
  if (first === undefined) return MARK;
  if (Array.isArray(value))
    return value.map((v: unknown, i) => (i === first ? marked(v, rest) : v));
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === first ? marked(v, rest) : v]),
    );
  }
  return value;
};

/**
 * Where a mutant may change the example: the value at its path, or, for a
 * member removed, renamed or added (an absent optional one), its container.
 */
const changedAt = (m: Mutant, places: ReadonlyMap<string, readonly Segment[]>) => {
  const own = places.get(m.path);
  if (own !== undefined && m.operator !== 'removed' && m.operator !== 'renamed') return own;
  const containers = [...places.entries()].filter(
    ([p]) => p !== m.path && (m.path.startsWith(`${p}.`) || m.path.startsWith(`${p}[`)),
  );
  const [, segments] = containers.reduce((a, b) => (b[0].length > a[0].length ? b : a));
  return segments;
};

const counts = { trees: 0, refused: 0, examples: 0, mutants: 0, allowed: 0 };
const byOperator = new Map<string, number>();

/**
 * `everyPlace`: the example's members are all the codec's. A value drawn for
 * a union may take an earlier member that accepts it (as io-ts decodes) and
 * does not declare all its members: those are left as they are.
 */
const checkExample = (codec: t.Mixed, example: unknown, seed: number, everyPlace: boolean) => {
  const result = mutantsOf(codec, example, { seed });
  if (E.isLeft(result)) return assert.fail(result.left.message);
  const list = result.right;
  assert.deepEqual(mutantsOf(codec, example, { seed }), result, 'the same seed, the same mutants');
  assert.equal(new Set(list.map((m) => m.id)).size, list.length, 'unique ids');
  const places = new Map(placesOf(example));
  for (const m of list) {
    assert.deepStrictEqual(JSON.parse(JSON.stringify(m.body)), m.body, `${m.id} is JSON`);
    assert.equal(m.allowedByCodec, E.isRight(codec.decode(m.body)), `${m.id} verdict`);
    assert.ok(m.description.startsWith(`${m.path}: `) && !m.description.includes('\n'), m.id);
    const at = changedAt(m, places);
    assert.deepStrictEqual(
      marked(m.body, at),
      marked(example, at),
      `${m.id} changes its place only`,
    );
    // As written on the wire: a key order is a change.
    assert.notEqual(JSON.stringify(m.body), JSON.stringify(example), `${m.id} changes something`);
    byOperator.set(m.operator, (byOperator.get(m.operator) ?? 0) + 1);
  }
  const missing = [...places.keys()].filter((p) => !list.some((m) => m.path === p));
  if (everyPlace) assert.deepEqual(missing, [], 'a mutant at every place of the example');
  counts.examples += 1;
  counts.mutants += list.length;
  counts.allowed += list.filter((m) => m.allowedByCodec).length;
};

const checkTree = (spec: Spec, seed: number) => {
  counts.trees += 1;
  const codec = build(spec);
  const example = exampleOf(codec);
  if (E.isLeft(example)) {
    const refused = mutantsOf(codec, undefined, { seed });
    assert.ok(E.isLeft(refused), 'what the fold refuses, mutantsOf refuses');
    assert.deepEqual(refused.left.problems, example.left.problems);
    counts.refused += 1;
    return;
  }
  checkExample(codec, example.right, seed, true);
  // A recorded body is parsed JSON: no record without a prototype, as fast-check may draw.
  const [drawn] = fc.sample(arbitraryOf(codec), { numRuns: 1, seed });
  checkExample(codec, JSON.parse(JSON.stringify(drawn)), seed, !kindsOf(spec).includes('union'));
};

describe('pact-io-ts/mutants on codecs composed at random', function () {
  this.timeout(600_000);

  after(() => {
    const operators = mutationOperators.map((o) => `${o} ${byOperator.get(o) ?? 0}`).join(', ');
    console.log(
      `      ${counts.trees} trees (seed ${SEED}, ${counts.refused} refused): ${counts.mutants} mutants ` +
        `of ${counts.examples} examples, ${counts.allowed} allowed by their codec; ${operators}`,
    );
  });

  it('every tree: JSON bodies, unique ids, the same with the seed, the codec verdict, every place', () => {
    fc.assert(
      fc.property(specs(MAX_DEPTH), fc.integer(), (spec, seed) => checkTree(spec, seed)),
      { seed: SEED, numRuns: TREES },
    );
    assert.ok(counts.refused > 0 && counts.examples >= TREES, `${counts.examples} examples`);
    for (const operator of mutationOperators) {
      assert.ok((byOperator.get(operator) ?? 0) > 0, `${operator}: never applied`);
    }
  });
});
