/**
 * pact-io-ts/strength on a contract written here (a parcel tracker: nothing in
 * this repository uses it): its pact file as Pact V4 writes one, a client as
 * a user writes one, and judges written here. A judge that agrees with the
 * client leaves no disagreement; one planted too strict, one too loose and a
 * spec looser than the client are each found, exactly on the mutants worked
 * out here, and classified.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { declareDemands } from '../src/openapi.js';
import { pattern } from '../src/index.js';
import {
  mutantsOfPact,
  readPact,
  scoreContract,
  serveMutants,
  strengthOperators,
  type Client,
  type Judge,
  type ScoreOptions,
  type WireMutant,
} from '../src/strength.js';
import {
  decodes,
  disagreeing,
  essenceOf,
  header,
  judgeOf,
  jsonOf,
  textOf,
  writePact,
} from './strength-support.js';

const Tracking = pattern('Tracking', /^TRK[0-9]{6}$/, 'TRK000001', 'TRK and six digits');
const Parcel = t.type(
  {
    tracking: Tracking,
    state: t.keyof({ waiting: null, moving: null, delivered: null }),
    weight: t.number,
  },
  'Parcel',
);
const Problem = t.type({ title: t.string }, 'Problem');

const SHIPPED = 'a parcel on its way';
const LOST = 'a parcel nobody knows';
const parcel = { tracking: 'TRK123456', state: 'moving', weight: 2.5 };

/**
 * The user's client: a 2xx JSON parcel gives its state (what its callers
 * use); a 4xx or 5xx gives the status; anything else is unusable.
 */
const client: Client = async (baseUrl, interaction) => {
  const response = await fetch(`${baseUrl}${interaction.request.path}`);
  if (response.status >= 400) return { failed: response.status };
  if (response.status >= 300) return { unusable: 'not a success' };
  if (essenceOf(response.headers.get('content-type')) !== 'application/json') {
    return { unusable: 'not JSON' };
  }
  const read = E.flatMap((json: unknown) => Parcel.decode(json))(jsonOf(await textOf(response)));
  return E.isRight(read) ? { state: read.right.state } : { unusable: 'not a parcel' };
};

/** Worked out here: does the client read `m` as it reads its recorded answer? */
const clientAlike = (m: WireMutant) => {
  const { answer } = m;
  if (m.interaction === LOST) return answer.status === 404;
  if (answer.status < 200 || answer.status >= 300) return false;
  if (essenceOf(header(answer, 'Content-Type')) !== 'application/json') return false;
  const read = E.flatMap((json: unknown) => Parcel.decode(json))(jsonOf(answer.body));
  return E.isRight(read) && read.right.state === parcel.state;
};

/** A JSON object with no member the codec does not name. */
const onlyNamed = (body: string | undefined) => {
  const json = jsonOf(body);
  return (
    E.isRight(json) &&
    typeof json.right === 'object' &&
    json.right !== null &&
    Object.keys(json.right).every((key) => key in Parcel.props)
  );
};
/** Too strict: the recorded status and Content-Type exactly, and only the members it names. */
const strictPasses = (m: WireMutant) =>
  clientAlike(m) &&
  (m.interaction === LOST ||
    (m.answer.status === 200 &&
      header(m.answer, 'Content-Type') === 'application/json' &&
      onlyNamed(m.answer.body)));
/** Too loose: a success with any JSON, any failure with the recorded status. */
const loosePasses = (m: WireMutant) =>
  m.interaction === LOST
    ? m.answer.status === 404
    : m.answer.status < 300 && E.isRight(jsonOf(m.answer.body));
/** A published spec looser than the client: any string is a state, any tracking number. */
const PublishedParcel = t.type({ tracking: t.string, state: t.string, weight: t.number });
const specPasses = (m: WireMutant) =>
  m.interaction === LOST
    ? m.answer.status === 404
    : m.answer.status >= 200 &&
      m.answer.status < 300 &&
      essenceOf(header(m.answer, 'Content-Type')) === 'application/json' &&
      decodes(PublishedParcel, m.answer);

const faithful = judgeOf('faithful', clientAlike);
const tooStrict = judgeOf('too strict', strictPasses);
const tooLoose = judgeOf('too loose', loosePasses);
const spec = judgeOf('spec', specPasses);

describe('pact-io-ts/strength on a contract written by hand', function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strength-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pactFile = writePact(dir, 'parcels', [
    {
      description: SHIPPED,
      state: 'parcel 1 moves',
      path: '/parcels/1',
      status: 200,
      body: parcel,
    },
    {
      description: LOST,
      state: 'no parcel 9',
      path: '/parcels/9',
      status: 404,
      body: { title: 'Not Found' },
    },
  ]);
  const codecOf = (i: { readonly answer: { readonly status: number } }) =>
    i.answer.status === 200 ? Parcel : Problem;
  const options = (pactJudge: Judge, more: Partial<ScoreOptions> = {}): ScoreOptions => ({
    pactFile,
    codecOf,
    client,
    pactJudge,
    seed: 7,
    ...more,
  });
  const scored = async (o: ScoreOptions) => {
    const score = await scoreContract(o);
    return E.isRight(score) ? score.right : assert.fail(score.left.message);
  };
  const all = mutantsOfPact(pactFile, codecOf, { seed: 7 });
  const mutants = E.isRight(all) ? all.right : assert.fail(all.left.message);

  it('gives every operator, unique ids, one-line descriptions, the same again with the seed', () => {
    assert.deepEqual(mutantsOfPact(pactFile, codecOf, { seed: 7 }), all);
    assert.equal(new Set(mutants.map((m) => m.id)).size, mutants.length);
    assert.deepEqual(
      [...new Set(mutants.map((m) => m.operator))].sort(),
      [...strengthOperators].sort(),
    );
    for (const m of mutants) {
      assert.ok(m.id.startsWith(`${m.interaction}/`) && !m.description.includes('\n'), m.id);
    }
    const shipped = new Map(
      mutants
        .filter((m) => m.interaction === SHIPPED)
        .map((m) => [m.id.slice(SHIPPED.length + 1), m]),
    );
    assert.deepEqual(
      shipped.get('$.weight#type:string')?.answer.body,
      '{"tracking":"TRK123456","state":"moving","weight":"2.5"}',
    );
    assert.equal(shipped.get('$.weight#type:string')?.codecPath, 'weight');
    assert.equal(shipped.get('status#class:503')?.answer.status, 503);
    assert.equal(shipped.get('status#within:204')?.answer.body, undefined);
    assert.deepEqual(shipped.get('content-type#charset-quoted')?.answer.headers, {
      'Content-Type': 'application/json; charset="utf-8"',
    });
    assert.deepEqual(shipped.get('content-type#missing')?.answer.headers, {});
    assert.equal(shipped.get('content-type#missing')?.header, 'Content-Type');
    assert.deepEqual(shipped.get('header#lower-case:content-type')?.answer.headers, {
      'content-type': 'application/json',
    });
    assert.equal(
      shipped.get('header#added:cache-control')?.answer.headers['Cache-Control'],
      'no-store',
    );
    assert.equal(shipped.get('encoding#pretty')?.answer.body, JSON.stringify(parcel, null, 2));
    assert.equal(shipped.get('encoding#truncated')?.answer.body, '{"tracking":"TRK123456","st');
    assert.equal(shipped.get('encoding#empty')?.answer.body, '');
    assert.deepEqual(
      JSON.parse(shipped.get('encoding#unicode-escapes')?.answer.body ?? ''),
      parcel,
    );
    assert.deepEqual(JSON.parse(shipped.get('encoding#exponents')?.answer.body ?? ''), parcel);
    assert.equal(shipped.get('encoding#unicode-escapes')?.answer.body?.includes('moving'), false);
  });

  it('reads a V3 pact file as a V4 one, and refuses a file that is not a pact, naming it', () => {
    const v3 = path.join(dir, 'v3.json');
    fs.writeFileSync(
      v3,
      JSON.stringify({
        interactions: [
          {
            description: SHIPPED,
            providerState: 'parcel 1 moves',
            request: { method: 'GET', path: '/parcels/1' },
            response: {
              status: 200,
              headers: { 'Content-Type': 'application/json' },
              body: parcel,
            },
          },
        ],
        metadata: { pactSpecification: { version: '3.0.0' } },
      }),
    );
    const read = readPact(v3);
    const [first] = E.isRight(read) ? read.right : assert.fail('the V3 pact is refused');
    assert.deepEqual(first?.answer, {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(parcel),
    });
    assert.deepEqual(first?.providerStates, ['parcel 1 moves']);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"interactions": [{"description": 3}]}');
    const bad = readPact(path.join(dir, 'bad.json'));
    assert.ok(
      E.isLeft(bad) && bad.left._tag === 'PactFileError' && bad.left.message.includes('bad.json'),
    );
    const twice = writePact(dir, 'twice', [
      { description: 'same', state: 's', path: '/a', status: 200, body: parcel },
      { description: 'same', state: 's', path: '/b', status: 200, body: parcel },
    ]);
    const refused = readPact(twice);
    assert.ok(E.isLeft(refused) && refused.left.message.includes('"same"'));
  });

  it('serves each mutant as given, by its base URL and as the one selected', async () => {
    const served = await serveMutants(mutants);
    const stub = E.isRight(served) ? served.right : assert.fail(served.left.message);
    try {
      for (const m of mutants.filter((_, i) => i % 9 === 0)) {
        const response = await fetch(`${stub.baseUrlOf(m.id)}/parcels/1`);
        assert.equal(response.status, m.answer.status, m.id);
        assert.equal(
          response.headers.get('content-type'),
          header(m.answer, 'Content-Type') ?? null,
          m.id,
        );
        assert.equal(await textOf(response), m.answer.body ?? '', m.id);
      }
      const [first, second] = mutants;
      assert.equal((await fetch(`${stub.origin}/parcels/1`)).status, 404, 'nothing selected yet');
      stub.select(second?.id ?? '');
      assert.equal(await (await fetch(`${stub.origin}/any/path`)).text(), second?.answer.body);
      stub.select(first?.id ?? '');
      assert.equal(await (await fetch(`${stub.origin}/any/path`)).text(), first?.answer.body);
      assert.throws(() => stub.baseUrlOf('no such mutant'), /no such mutant/);
    } finally {
      await stub.close();
    }
  });

  it('a pact judge agreeing with the client: no disagreement, the verdicts worked out here', async () => {
    const score = await scored(options(faithful));
    assert.equal(score.mutants.length, mutants.length);
    assert.deepEqual(score.disagreements, []);
    assert.deepEqual(
      score.recorded,
      new Map<string, unknown>([
        [SHIPPED, { state: 'moving' }],
        [LOST, { failed: 404 }],
      ]),
    );
    const verdict = (id: string) => {
      const s = score.mutants.find((m) => m.mutant.id === id) ?? assert.fail(`no ${id}`);
      return [s.client, s.pact];
    };
    assert.deepEqual(verdict(`${SHIPPED}/status#within:201`), ['same', 'passes']);
    assert.deepEqual(verdict(`${SHIPPED}/status#class:503`), ['different', 'fails']);
    assert.deepEqual(verdict(`${SHIPPED}/content-type#charset-quoted`), ['same', 'passes']);
    assert.deepEqual(verdict(`${SHIPPED}/content-type#text/plain`), ['different', 'fails']);
    assert.deepEqual(verdict(`${SHIPPED}/encoding#byte-order-mark`), ['different', 'fails']);
    assert.deepEqual(verdict(`${SHIPPED}/$#extra`), ['same', 'passes']);
    assert.deepEqual(verdict(`${LOST}/$.title#null`), ['same', 'passes']);
    for (const row of score.operators) {
      assert.equal(row.failedByPact + row.passedByPact, row.mutants, row.operator);
      assert.equal(row.mutants, mutants.filter((m) => m.operator === row.operator).length);
    }
    assert.deepEqual(
      score.operators.map((r) => r.operator),
      [...strengthOperators],
    );
  });

  it('a pact judge too strict: the mutants the client reads alike and it fails, as demanding too much', async () => {
    const score = await scored(options(tooStrict));
    const expected = mutants
      .filter((m) => clientAlike(m) && !strictPasses(m))
      .map((m) => m.id)
      .sort();
    assert.ok(
      expected.includes(`${SHIPPED}/status#within:201`) && expected.includes(`${SHIPPED}/$#extra`),
    );
    assert.deepEqual(disagreeing(score, 'pact-demands-too-much'), expected);
    assert.deepEqual(disagreeing(score, 'pact-demands-too-little'), []);
    const extra = score.operators.find((r) => r.operator === 'extra');
    assert.ok(
      extra !== undefined && extra.disagreements > 0 && extra.failedByPact >= extra.disagreements,
    );
  });

  it('a pact judge too loose: the mutants it passes that the client reads otherwise, as demanding too little', async () => {
    const score = await scored(options(tooLoose));
    const expected = mutants
      .filter((m) => !clientAlike(m) && loosePasses(m))
      .map((m) => m.id)
      .sort();
    assert.ok(expected.includes(`${SHIPPED}/$.weight#type:string`));
    assert.deepEqual(disagreeing(score, 'pact-demands-too-little'), expected);
    assert.deepEqual(disagreeing(score, 'pact-demands-too-much'), []);
  });

  it('a spec that allows what the client refuses: the client demands too much, unless a declared demand says why', async () => {
    const undeclared = await scored(options(faithful, { specJudge: spec }));
    const expected = mutants
      .filter((m) => specPasses(m) && !clientAlike(m))
      .map((m) => m.id)
      .sort();
    assert.ok(expected.some((id) => id.startsWith(`${SHIPPED}/$.state#`)));
    assert.deepEqual(disagreeing(undeclared, 'client-demands-too-much'), expected);
    const demands = declareDemands(Parcel, [
      {
        path: 'state',
        kind: 'value',
        reason: 'The caller shows the state by its name; an unknown one has none.',
      },
      { path: 'tracking', kind: 'pattern', reason: 'The caller links to the carrier by it.' },
    ]);
    const declared = await scored(options(faithful, { specJudge: spec, demands }));
    const uncovered = expected.filter((id) => !/\/\$\.(state|tracking)#/.test(id));
    assert.deepEqual(disagreeing(declared, 'client-demands-too-much'), uncovered);
    const state = declared.mutants.find((s) =>
      s.mutant.id.startsWith(`${SHIPPED}/$.state#outside`),
    );
    assert.equal(state?.demand?.path, 'state');
    assert.equal(state?.spec, 'passes');
  });

  it('a seeded sample: the count asked for, every operator, the same again', async () => {
    const score = await scored(options(faithful, { sample: 30 }));
    assert.equal(score.mutants.length, 30);
    assert.deepEqual(new Set(score.operators.map((r) => r.operator)), new Set(strengthOperators));
    const again = await scored(options(faithful, { sample: 30 }));
    assert.deepEqual(
      again.mutants.map((s) => s.mutant.id),
      score.mutants.map((s) => s.mutant.id),
    );
  });

  it('a judge that leaves a mutant out, a client failing on the recorded answer: errors naming them', async () => {
    const partial: Judge = {
      name: 'partial',
      judge: (ms) => Promise.resolve(new Map(ms.slice(1).map((m) => [m.id, 'passes' as const]))),
    };
    const missing = await scoreContract(options(partial));
    assert.ok(E.isLeft(missing) && missing.left._tag === 'JudgeError', 'a verdict missing');
    assert.match(missing.left.message, /partial: no verdict .* for 1 mutants/);
    const broken = await scoreContract({
      ...options(faithful),
      client: () => Promise.reject(new Error('no network')),
    });
    assert.ok(E.isLeft(broken) && broken.left._tag === 'ClientError');
    assert.match(broken.left.message, /recorded answer: .*no network/);
    const wrongCodec = await scoreContract({ ...options(faithful), codecOf: () => Parcel });
    assert.ok(E.isLeft(wrongCodec) && wrongCodec.left._tag === 'DerivationError');
    assert.match(wrongCodec.left.message, new RegExp(LOST));
  });
});
