/**
 * A monorepo or a library that bundles its own io-ts often installs two copies
 * of it. pact-io-ts reads codecs by io-ts's own `_tag`, so a codec built with a
 * second copy (not `instanceof` the copy pact-io-ts imports) derives the same.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { MatchersV3 } from '@pact-foundation/pact';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { deriveMatchers, exampleOf, minItems, toJsonSchema } from '../src/index.js';
import { typeAndRegex } from './results.js';

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** A second, separately loaded io-ts: its own files, so its own classes. */
const secondIoTs = (root: string): typeof t => {
  const modules = path.join(root, 'node_modules');
  fs.mkdirSync(modules);
  fs.cpSync(packageDir('io-ts'), path.join(modules, 'io-ts'), { recursive: true });
  fs.symlinkSync(packageDir('fp-ts'), path.join(modules, 'fp-ts'), 'dir');
  // The same version, hence the same types: only the runtime identity differs.
  return createRequire(path.join(root, 'index.js'))('io-ts') as typeof t;
};

describe('pact-io-ts with two copies of io-ts', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'second-io-ts-'));
  const other = secondIoTs(root);
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('really is another copy: its codecs are not instances of ours', () => {
    assert.ok(!(other.string instanceof t.StringType));
    assert.ok(!(other.type({}) instanceof t.InterfaceType));
  });

  it('derives matchers, examples and JSON Schema from codecs built with the other copy', () => {
    const Order = other.type({
      id: other.Int,
      status: other.keyof({ open: null, closed: null }),
      lines: minItems(other.type({ sku: other.string, qty: other.number }), 1),
      note: other.partial({ text: other.string }),
    });
    const example = exampleOf(Order);
    assert.deepEqual(
      example,
      E.right({ id: 0, status: 'open', lines: [{ sku: 'string', qty: 0 }], note: {} }),
    );
    assert.deepEqual(
      deriveMatchers(Order, { id: 7, status: 'closed', lines: [{ sku: 'A', qty: 2 }], note: {} }),
      E.right({
        id: MatchersV3.integer(7),
        status: typeAndRegex('^(?:open|closed)$', 'closed'),
        lines: MatchersV3.eachLike({ sku: MatchersV3.string('A'), qty: MatchersV3.number(2) }, 1),
        note: {},
      }),
    );
    assert.ok(E.isRight(toJsonSchema(Order)));
  });

  it('still refuses what it cannot express, naming the path', () => {
    const result = deriveMatchers(other.type({ anything: other.unknown }));
    assert.ok(E.isLeft(result) && result.left.problems[0]?.path === 'anything');
  });
});
