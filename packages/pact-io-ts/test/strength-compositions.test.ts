/**
 * pact-io-ts/strength on codecs composed at random (`compositions.ts`),
 * seeded (COMPOSITION_SEED, STRENGTH_TREES): one pact of an interaction per
 * tree (its canonical example as the recorded body), a client that reads each
 * with its codec, and judges written here. A judge reading the answer as the
 * client does leaves no disagreement; a judge too strict (the recorded JSON
 * and headers exactly) and one too loose (any JSON success) are each found on
 * exactly the mutants worked out here, and classified; a spec that allows
 * every answer finds every mutant the client reads otherwise.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { exampleOf } from '../src/index.js';
import {
  mutantsOfPact,
  scoreContract,
  strengthOperators,
  type Client,
  type Judge,
  type WireMutant,
} from '../src/strength.js';
import { build, specs } from './compositions.js';
import {
  decodes,
  disagreeing,
  essenceOf,
  header,
  judgeOf,
  jsonOf,
  textOf,
  writePact,
  type Recorded,
} from './strength-support.js';

const TREES = Number(process.env.STRENGTH_TREES ?? 8);
const SEED = Number(process.env.COMPOSITION_SEED ?? 18);

/** The trees the fold accepts, each with its codec and canonical example. */
const trees = fc
  .sample(specs(4), { numRuns: TREES * 2, seed: SEED })
  .flatMap((spec) => {
    const codec = build(spec);
    const example = exampleOf(codec);
    return E.isRight(example) ? [{ spec, codec, example: example.right }] : [];
  })
  .slice(0, TREES);

const descriptionOf = (index: number) => `tree ${index}`;
const codecs = new Map<string, t.Mixed>(trees.map((tree, i) => [descriptionOf(i), tree.codec]));
const recordedJson = new Map(
  trees.map((tree, i) => [descriptionOf(i), JSON.stringify(tree.example)]),
);
const codecAt = (description: string) => codecs.get(description) ?? assert.fail(description);

/** The user's client: a 200 JSON body its codec decodes is a success; anything else is not. */
const client: Client = async (baseUrl, interaction) => {
  const response = await fetch(`${baseUrl}${interaction.request.path}`);
  if (response.status !== 200) return { status: response.status };
  if (essenceOf(response.headers.get('content-type')) !== 'application/json') {
    return { unusable: 'not JSON' };
  }
  const read = E.flatMap((json: unknown) => codecAt(interaction.description).decode(json))(
    jsonOf(await textOf(response)),
  );
  return E.isRight(read) ? { ok: true } : { unusable: 'refused' };
};

/** Worked out here: does the client read `m` as it reads its recorded answer? */
const clientAlike = (m: WireMutant) =>
  m.answer.status === 200 &&
  essenceOf(header(m.answer, 'Content-Type')) === 'application/json' &&
  decodes(codecAt(m.interaction), m.answer);
/** Too strict: the recorded JSON value (key order included) and the recorded headers, exactly. */
const strictPasses = (m: WireMutant) => {
  const json = jsonOf(m.answer.body);
  return (
    clientAlike(m) &&
    E.isRight(json) &&
    JSON.stringify(json.right) === recordedJson.get(m.interaction) &&
    JSON.stringify(m.answer.headers) === JSON.stringify({ 'Content-Type': 'application/json' })
  );
};
/** Too loose: any success with a JSON body. */
const loosePasses = (m: WireMutant) =>
  m.answer.status >= 200 && m.answer.status < 300 && E.isRight(jsonOf(m.answer.body));

describe('pact-io-ts/strength on codecs composed at random', function () {
  this.timeout(600_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strength-trees-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const interactions: readonly Recorded[] = trees.map((tree, i) => ({
    description: descriptionOf(i),
    state: `tree ${i} exists`,
    path: `/trees/${i}`,
    status: 200,
    body: tree.example,
  }));
  const pactFile = writePact(dir, 'trees', interactions);
  const codecOf = (i: { readonly description: string }) => codecs.get(i.description);
  const all = mutantsOfPact(pactFile, codecOf, { seed: SEED });
  const mutants = E.isRight(all) ? all.right : assert.fail(all.left.message);
  const score = async (pactJudge: Judge, specJudge?: Judge) => {
    const scored = await scoreContract({
      pactFile,
      codecOf,
      client,
      pactJudge,
      seed: SEED,
      ...(specJudge === undefined ? {} : { specJudge }),
    });
    return E.isRight(scored) ? scored.right : assert.fail(scored.left.message);
  };
  const idsWhere = (p: (m: WireMutant) => boolean) =>
    mutants
      .filter(p)
      .map((m) => m.id)
      .sort();

  after(() => {
    const alike = mutants.filter(clientAlike).length;
    console.log(
      `      ${trees.length} trees (seed ${SEED}): ${mutants.length} mutants, ${alike} read alike by the client`,
    );
  });

  it('every tree gives mutants of every wire operator, the body ones where it has a place', () => {
    assert.equal(trees.length, TREES, 'enough trees the fold accepts');
    assert.equal(new Set(mutants.map((m) => m.id)).size, mutants.length);
    for (const [i] of trees.entries()) {
      const own = new Set(
        mutants.filter((m) => m.interaction === descriptionOf(i)).map((m) => m.operator),
      );
      for (const op of ['status', 'content-type', 'header', 'encoding'])
        assert.ok(own.has(op), `tree ${i}: ${op}`);
    }
    assert.deepEqual(
      new Set(mutants.map((m) => m.operator)),
      new Set(strengthOperators),
      'every operator over the trees',
    );
  });

  it('a judge reading the answer as the client does: no disagreement', async () => {
    const scored = await score(judgeOf('faithful', clientAlike), judgeOf('spec', clientAlike));
    assert.equal(scored.mutants.length, mutants.length);
    assert.deepEqual(
      scored.disagreements.map((s) => s.mutant.id),
      [],
    );
    assert.deepEqual(
      idsWhere((m) => !clientAlike(m)),
      scored.mutants
        .filter((s) => s.client === 'different')
        .map((s) => s.mutant.id)
        .sort(),
    );
  });

  it('a pact judge too strict and a spec allowing everything: found and classified', async () => {
    const scored = await score(
      judgeOf('too strict', strictPasses),
      judgeOf('anything', () => true),
    );
    const tooMuch = idsWhere((m) => clientAlike(m) && !strictPasses(m));
    assert.ok(tooMuch.length > 0);
    assert.deepEqual(disagreeing(scored, 'pact-demands-too-much'), tooMuch);
    assert.deepEqual(disagreeing(scored, 'pact-demands-too-little'), []);
    assert.deepEqual(
      disagreeing(scored, 'client-demands-too-much'),
      idsWhere((m) => !clientAlike(m)),
    );
  });

  it('a pact judge too loose: found and classified', async () => {
    const scored = await score(judgeOf('too loose', loosePasses));
    const tooLittle = idsWhere((m) => loosePasses(m) && !clientAlike(m));
    assert.ok(tooLittle.length > 0);
    assert.deepEqual(disagreeing(scored, 'pact-demands-too-little'), tooLittle);
    assert.deepEqual(disagreeing(scored, 'pact-demands-too-much'), []);
    assert.deepEqual(
      disagreeing(scored, 'client-demands-too-much'),
      [],
      'no spec judge, no spec rule',
    );
  });
});
