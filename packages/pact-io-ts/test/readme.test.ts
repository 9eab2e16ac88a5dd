/**
 * The README's examples are this package's examples/order.ts and
 * examples/order-mutants.ts, shown verbatim and run here as a user would: the
 * consumer test against Pact's mock server, the pact it writes read back, and
 * that pact verified by Pact's verifier against a provider that keeps it and
 * one that breaks it; then the order's mutants, among them the lines the
 * README shows, and the order contract's score with Pact's verifier as the
 * pact's judge: the disagreements the README shows.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { orderMutants } from '../examples/order-mutants.js';
import { orderExample, recordOrderPact } from '../examples/order.js';
import { orderDisagreements } from '../examples/order-strength.js';
import { verify } from './pact-engine.js';

const PACKAGE = path.join(__dirname, '..');

/** The parts of the pact file read here: its one interaction. */
const PactFile = t.type({
  interactions: t.tuple([
    t.type({
      providerStates: t.unknown,
      request: t.unknown,
      response: t.type({
        status: t.number,
        body: t.type({ content: t.unknown }),
        matchingRules: t.type({ body: t.unknown }),
      }),
    }),
  ]),
});

/** A rule list of the pact file, as the README promises it. */
const rules = (...matchers: readonly object[]) => ({ combine: 'AND', matchers });

describe('pact-io-ts README', function () {
  this.timeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-pact-'));
  const pactFile = path.join(dir, 'shop-web-orders-api.json');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const readme = fs.readFileSync(path.join(PACKAGE, 'README.md'), 'utf8');

  for (const file of ['order.ts', 'order-mutants.ts', 'order-strength.ts']) {
    it(`shows examples/${file} verbatim`, () => {
      const example = fs.readFileSync(path.join(PACKAGE, 'examples', file), 'utf8');
      assert.ok(
        readme.includes(`\`\`\`ts\n${example}\`\`\``),
        `README.md must show examples/${file}`,
      );
    });
  }

  it("runs the consumer test: the client reads Pact's answer with the codec", async () => {
    const read = await recordOrderPact(dir);
    assert.deepEqual(read, E.right(orderExample));
  });

  it('writes the pact the README describes', () => {
    const pact = PactFile.decode(JSON.parse(fs.readFileSync(pactFile, 'utf8')));
    if (E.isLeft(pact)) return assert.fail('the pact file has not the expected shape');
    const [{ providerStates, request, response }] = pact.right.interactions;
    assert.deepEqual(providerStates, [{ name: 'order 42 is open' }]);
    assert.deepEqual(request, { method: 'GET', path: '/orders/42' });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.content, orderExample);
    assert.deepEqual(response.matchingRules.body, {
      '$.id': rules({ match: 'integer' }),
      '$.status': rules({ match: 'type' }, { match: 'regex', regex: '^(?:open|shipped)$' }),
      '$.lines': rules({ match: 'type', min: 1 }),
      '$.lines[*].sku': rules({ match: 'type' }, { match: 'regex', regex: '^[A-Z]{3}-[0-9]{4}$' }),
      '$.lines[*].quantity': rules({ match: 'number' }),
    });
  });

  it("scores the order contract with Pact's verifier as the judge: the disagreements the README shows", async function () {
    this.timeout(180_000);
    const shown =
      /^Against the pact `recordOrderPact` writes, `orderDisagreements\(pactFile\)` gives:\n\n```text\n([^`]*)```/m.exec(
        readme,
      );
    const lines = (shown?.[1] ?? assert.fail('README.md shows no disagreements'))
      .trim()
      .split('\n');
    const found = await orderDisagreements(pactFile);
    if (E.isLeft(found)) return assert.fail(found.left.message);
    assert.deepEqual(found.right, lines);
  });

  it("Pact's verifier passes a provider that keeps the pact, in other values", async () => {
    const order = {
      id: 7,
      status: 'shipped',
      lines: [
        { sku: 'ABC-1234', quantity: 1.5 },
        { sku: 'XYZ-9999', quantity: 3 },
      ],
      carrier: 'a field the client ignores',
    };
    const verification = await verify([pactFile], new Map([['/orders/42', order]]));
    assert.equal(verification.exitCode, 0, verification.report);
  });

  it("Pact's verifier fails a provider that breaks it: an unknown status, a bad SKU, no lines, a fractional id", async () => {
    for (const order of [
      { ...orderExample, status: 'lost' },
      { ...orderExample, lines: [{ sku: 'abc-1234', quantity: 2 }] },
      { ...orderExample, lines: [] },
      { ...orderExample, id: 4.2 },
    ]) {
      const verification = await verify([pactFile], new Map([['/orders/42', order]]));
      assert.deepEqual(verification.failed, ['a request for order 42'], JSON.stringify(order));
    }
  });

  it("gives the order's mutants, over a hundred, among them the lines the README shows", () => {
    const shown =
      /^`orderMutants\(\)` gives over a hundred lines, among them:\n\n```text\n([^`]*)```/m.exec(
        readme,
      );
    const lines = (shown?.[1] ?? assert.fail('README.md shows no mutants')).trim().split('\n');
    const mutants = orderMutants();
    if (E.isLeft(mutants)) return assert.fail(mutants.left.message);
    assert.ok(mutants.right.length > 100, `${mutants.right.length} mutants`);
    assert.ok(lines.length >= 5);
    assert.deepEqual(
      lines.filter((line) => !mutants.right.includes(line)),
      [],
    );
  });
});
