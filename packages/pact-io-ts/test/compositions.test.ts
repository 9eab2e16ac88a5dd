/**
 * Codecs composed freely from every combinator the README lists, thousands of
 * them, seeded (COMPOSITION_SEED, COMPOSITION_TREES): for each, every
 * interpreter gives a result or a DerivationError naming paths, and nothing
 * else is thrown. The interpreters that express every kind refuse the same
 * paths; a canonical example decodes with its codec; every drawn value decodes,
 * every broken one is refused at the path it names; the JSON Schemas accept
 * the values shown. Then Pact's own engine judges a sample: a pact expecting
 * each sampled tree's derived templates, verified by Pact's verifier against a
 * provider answering each with the value it was derived from, must pass.
 * The summary line gives the numbers (trees, depths, refusals, throws, sample).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { arbitraryOf, brokenArbitraryOf } from '../src/arbitrary.js';
import {
  branchCoverage,
  branchesOf,
  decode,
  deriveHeaderMatchers,
  deriveMatchers,
  describeRules,
  exampleOf,
  toJsonSchema,
  type DerivationError,
  type Template,
} from '../src/index.js';
import { demandedJsonSchema } from '../src/json-schema.js';
import { isRecord } from '../src/path.js';
import { build, depthOf, headerSpecs, kindsOf, specs, type Spec } from './compositions.js';
import { recordPact, verify } from './pact-engine.js';

const TREES = Number(process.env.COMPOSITION_TREES ?? 2000);
const SEED = Number(process.env.COMPOSITION_SEED ?? 18);
const MAX_DEPTH = 7;
/** Trees whose derived templates Pact's engine judges. */
const ENGINE_SAMPLE = Number(process.env.COMPOSITION_ENGINE_SAMPLE ?? 250);
/** Interactions per pact (see recordPact). */
const PACT_SIZE = 25;
/** Values drawn per tree, valid and broken. */
const DRAWS = 2;

type Outcome<A> =
  | { readonly tag: 'derived'; readonly value: A }
  | { readonly tag: 'refused'; readonly error: DerivationError };

/** A DerivationError naming at least one path, each with a reason. */
const isDerivationError = (u: unknown): u is DerivationError =>
  isRecord(u) &&
  u['_tag'] === 'DerivationError' &&
  Array.isArray(u['problems']) &&
  u['problems'].length > 0 &&
  u['problems'].every(
    (p: unknown) =>
      isRecord(p) &&
      typeof p['path'] === 'string' &&
      p['path'] !== '' &&
      typeof p['reason'] === 'string',
  );

/**
 * What an interpreter gave: a result, or a DerivationError (returned, or
 * thrown as the `cause` of the Error a `...For`/`...Of` function throws).
 * Anything else fails the property, naming the interpreter.
 */
const outcome = <A>(what: string, run: () => E.Either<DerivationError, A>): Outcome<A> => {
  let result: E.Either<DerivationError, A>;
  try {
    result = run();
  } catch (error) {
    if (error instanceof Error && isDerivationError(error.cause)) {
      return { tag: 'refused', error: error.cause };
    }
    counts.throws += 1;
    throw new Error(`${what} threw: ${error instanceof Error ? error.stack : String(error)}`);
  }
  if (E.isRight(result)) return { tag: 'derived', value: result.right };
  if (!isDerivationError(result.left)) {
    throw new Error(`${what} returned no DerivationError: ${JSON.stringify(result.left)}`);
  }
  return { tag: 'refused', error: result.left };
};

const pathsOf = (o: Outcome<unknown>) =>
  o.tag === 'derived' ? [] : o.error.problems.map((p) => `${p.path} (${p.codec})`).sort();

const draw = <A>(what: string, arbitrary: fc.Arbitrary<A>, seed: number): readonly A[] => {
  try {
    return fc.sample(arbitrary, { numRuns: DRAWS, seed });
  } catch (error) {
    counts.throws += 1;
    throw new Error(`${what} threw: ${error instanceof Error ? error.stack : String(error)}`);
  }
};

// The schemas are the package's own, draft 2020-12: read strictly.
const ajv = new Ajv2020({ allErrors: true });
const accepts = (schema: unknown, value: unknown) =>
  ajv.validate(isRecord(schema) ? schema : {}, value) ? [] : [ajv.errorsText()];

interface Counts {
  trees: number;
  deep: number;
  deepest: number;
  matchers: number;
  headers: number;
  refused: number;
  values: number;
  throws: number;
  kinds: Map<string, number>;
}

const counts: Counts = {
  trees: 0,
  deep: 0,
  deepest: 0,
  matchers: 0,
  headers: 0,
  refused: 0,
  values: 0,
  throws: 0,
  kinds: new Map(),
};

/** A value and the template derived from it, for Pact's engine to judge. */
interface Judged {
  readonly value: unknown;
  readonly template: Template;
  /** A value the codec refuses: Pact must refuse it too. */
  readonly broken: boolean;
}
const judged: Judged[][] = [];
const judgedSpecs: Spec[] = [];

const tally = (spec: Spec) => {
  counts.trees += 1;
  const depth = depthOf(spec);
  if (depth >= 4) counts.deep += 1;
  counts.deepest = Math.max(counts.deepest, depth);
  for (const kind of kindsOf(spec)) counts.kinds.set(kind, (counts.kinds.get(kind) ?? 0) + 1);
};

/** The interpreters that read every kind refuse the same paths: one refusal policy. */
const refusals = (codec: t.Mixed, seed: number) => {
  const example = outcome('exampleOf', () => exampleOf(codec));
  const alike = {
    toJsonSchema: outcome('toJsonSchema', () => toJsonSchema(codec)),
    describeRules: outcome('describeRules', () => describeRules(codec)),
    branchesOf: outcome('branchesOf', () => branchesOf(codec)),
    arbitraryOf: outcome('arbitraryOf', () =>
      E.right(arbitraryOf(codec, { optionalFields: false })),
    ),
    brokenArbitraryOf: outcome('brokenArbitraryOf', () => E.right(brokenArbitraryOf(codec))),
  };
  for (const [name, other] of Object.entries(alike)) {
    assert.deepEqual(pathsOf(other), pathsOf(example), `${name} and exampleOf refuse alike`);
  }
  const {
    arbitraryOf: valid,
    brokenArbitraryOf: broken,
    toJsonSchema: schema,
    describeRules: rules,
  } = alike;
  return {
    example,
    schema,
    paths:
      rules.tag === 'derived' ? rules.value.map((r) => r.path).filter((p) => p !== '(body)') : [],
    drawn: valid.tag === 'derived' ? draw('arbitraryOf', valid.value, seed) : [],
    broken: broken.tag === 'derived' ? draw('brokenArbitraryOf', broken.value, seed) : [],
  };
};

/** Every interpreter that reads a value, for one value the codec accepts. */
const withValue = (
  codec: t.Mixed,
  value: unknown,
  drawn: readonly unknown[],
  schema: Outcome<unknown>,
) => {
  const matchers = outcome('deriveMatchers', () => deriveMatchers(codec, value));
  const headers = outcome('deriveHeaderMatchers', () => deriveHeaderMatchers(codec, value));
  const demanded = outcome('demandedJsonSchema', () => demandedJsonSchema(codec, value));
  outcome('branchCoverage', () =>
    branchCoverage(codec, [{ interaction: 'i', example: value }], drawn),
  );
  // What the fold refuses, every interpreter refuses: the others derive.
  assert.equal(demanded.tag, schema.tag, 'demandedJsonSchema and toJsonSchema');
  if (schema.tag === 'derived') assert.deepEqual(accepts(schema.value, value), [], 'JSON Schema');
  if (demanded.tag === 'derived') assert.deepEqual(accepts(demanded.value, value), [], 'demanded');
  if (headers.tag === 'derived') counts.headers += 1;
  counts.values += 1;
  return matchers;
};

const checkTree = (spec: Spec, seed: number) => {
  tally(spec);
  const codec = build(spec);
  const { example, schema, paths, drawn, broken } = refusals(codec, seed);
  const bare = outcome('deriveMatchers', () => deriveMatchers(codec));
  outcome('deriveHeaderMatchers', () => deriveHeaderMatchers(codec));
  if (example.tag === 'refused') {
    assert.equal(bare.tag, 'refused', 'what the fold refuses, matchers refuse');
    counts.refused += 1;
    return;
  }
  assert.ok(E.isRight(codec.decode(example.value)), 'the canonical example decodes');
  for (const b of broken) {
    const decoded = decode(codec)(b.body);
    assert.ok(
      E.isLeft(decoded) && decoded.left.problems.some((p) => p.path === b.path),
      `broken at ${b.path} (${b.how}): ${E.isLeft(decoded) ? decoded.left.message : 'it decodes'}`,
    );
  }
  // A provider-state value injected anywhere: into a leaf it derives, elsewhere it is refused.
  const injectedAt = paths[Math.abs(seed) % Math.max(1, paths.length)];
  if (injectedAt !== undefined) {
    outcome('deriveMatchers with fromProviderState', () =>
      deriveMatchers(codec, undefined, { fromProviderState: { [injectedAt]: '${value}' } }),
    );
  }
  const shown = [example.value, ...drawn].flatMap((value) => {
    assert.ok(E.isRight(codec.decode(value)), 'a drawn value decodes');
    const matchers = withValue(codec, value, drawn, schema);
    return matchers.tag === 'derived' ? [{ value, template: matchers.value, broken: false }] : [];
  });
  if (shown.length > 0) counts.matchers += 1;
  // A pact is never looser than its codec: what the codec refuses, any template of it refuses.
  const [first] = shown;
  if (first !== undefined && judged.length < ENGINE_SAMPLE) {
    judged.push([...shown, ...broken.map((b) => ({ ...first, value: b.body, broken: true }))]);
    judgedSpecs.push(spec);
  }
};

/**
 * Pact's engine judges the sample: a pact expecting each derived template
 * (GET /trees/i/k), verified against a provider answering each path with the
 * value its template was derived from.
 */
const judgedByPact = async (trees: readonly (readonly Judged[])[]) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compositions-'));
  try {
    const sent = trees.flatMap((tree, i) =>
      tree.map((j, k) => ({ ...j, path: `/trees/${i}/${k}` })),
    );
    const pactFiles = [];
    for (let from = 0; from < sent.length; from += PACT_SIZE) {
      const names = { consumer: 'compositions', provider: `any-codec-${from}` };
      pactFiles.push(await recordPact(dir, names, sent.slice(from, from + PACT_SIZE)));
    }
    return await verify(pactFiles, new Map(sent.map((s) => [s.path, s.value])));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

describe('pact-io-ts on codecs composed at random', function () {
  this.timeout(600_000);

  after(() => {
    console.log(
      `      ${counts.trees} trees (seed ${SEED}, ${counts.deep} of depth >= 4, deepest ${counts.deepest}): ` +
        `matchers derived for ${counts.matchers}, ${counts.refused} refused, headers for ${counts.headers} values, ` +
        `${counts.values} values shown; ${counts.throws} throws; Pact's engine judged ` +
        `${judged.flat().length} values (${judged.flat().filter((j) => j.broken).length} broken) of ` +
        `${judged.length} trees`,
    );
  });

  it('every interpreter derives or refuses with a DerivationError naming paths, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof({ arbitrary: specs(MAX_DEPTH), weight: 9 }, headerSpecs),
        fc.integer(),
        (spec, seed) => checkTree(spec, seed),
      ),
      { seed: SEED, numRuns: TREES },
    );
    assert.ok(counts.deep >= TREES / 4, `${counts.deep} trees of depth >= 4`);
    assert.ok(counts.matchers >= TREES / 4, `matchers derived for ${counts.matchers} trees`);
    assert.ok(counts.refused > 0 && counts.headers > 0);
    for (const kind of [
      'string',
      'number',
      'Int',
      'boolean',
      'literal',
      'keyof',
      'literals',
      'pattern',
      'brandedPattern',
      'array',
      'readonlyArray',
      'minItems',
      'record',
      'nullable',
      'readonly',
      'exact',
      'type',
      'strict',
      'partial',
      'intersection',
      'union',
      'refused',
    ]) {
      const used = counts.kinds.get(kind) ?? 0;
      assert.ok(used >= TREES / 100, `${kind}: in ${used} trees`);
    }
  });

  it("Pact's engine passes each sampled value under the template derived from it, and fails each broken one", async () => {
    assert.ok(judged.length >= Math.min(ENGINE_SAMPLE, TREES / 10), `${judged.length} trees`);
    const verification = await judgedByPact(judged);
    const failed = new Set(verification.failed);
    const wrong = judged.flatMap((tree, i) =>
      tree.flatMap((j, k) => {
        const description = `GET /trees/${i}/${k}`;
        return failed.has(description) === j.broken
          ? []
          : [
              `${description} ${j.broken ? 'broken, yet passed' : 'failed'}: ` +
                `${JSON.stringify(judgedSpecs[i])} value ${JSON.stringify(j.value)}`,
            ];
      }),
    );
    assert.deepEqual(wrong, []);
    assert.ok(judged.flat().some((j) => j.broken));
  });
});
