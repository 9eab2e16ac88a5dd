/** The README's example is this package's examples/order.ts, type-checked and run here. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MatchersV3 } from '@pact-foundation/pact';
import { matchersFor } from '../src/index.js';
import { Order, orderExample, orderPact } from '../examples/order.js';

const PACKAGE = path.join(__dirname, '..');

describe('pact-io-ts README', () => {
  it('shows examples/order.ts verbatim', () => {
    const readme = fs.readFileSync(path.join(PACKAGE, 'README.md'), 'utf8');
    const example = fs.readFileSync(path.join(PACKAGE, 'examples', 'order.ts'), 'utf8');
    assert.ok(
      readme.includes(`\`\`\`ts\n${example}\`\`\``),
      'README.md must show examples/order.ts',
    );
  });

  it('derives the matchers the README promises and builds the interaction', () => {
    assert.deepEqual(MatchersV3.reify(matchersFor(Order, orderExample)), orderExample);
    const lines = JSON.stringify(matchersFor(Order, orderExample));
    assert.match(lines, /\^\[A-Z\]\{3\}-\[0-9\]\{4\}\$/);
    assert.match(lines, /"min":1/);
    assert.ok(orderPact(fs.mkdtempSync(path.join(os.tmpdir(), 'order-pact-'))));
  });
});
