/**
 * pact-io-ts as a stranger gets it: `npm pack`, the tarball installed with its
 * peers into an empty project, and matchers derived there, from CommonJS and
 * from ESM, for a codec this repository does not use; its typed exports
 * type-check under Node16 resolution. fast-check (an optional peer) is not
 * installed: the main entry must not need it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as t from 'io-ts';
import { matchersFor, pattern } from '../src/index.js';

const PACKAGE = path.join(__dirname, '..');
const PEERS = ['io-ts', 'fp-ts', '@pact-foundation/pact'];

const versionOf = (name: string): string => {
  const manifest: unknown = JSON.parse(
    fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8'),
  );
  const version = (manifest as { readonly version?: unknown }).version;
  return typeof version === 'string' ? version : assert.fail(`${name} has no version`);
};

const run = (cwd: string, command: string, args: readonly string[]) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true', npm_config_fund: 'false' },
  });

/** The codec of the example programs below: nothing in this repository uses it. */
const INVOICE_CODEC = `t.type(
  {
    number: pattern('InvoiceNumber', /^INV-[0-9]+$/, 'INV-1', 'an invoice number'),
    total: t.number,
    paid: t.boolean,
    lines: t.array(t.type({ sku: t.string, qty: t.Int })),
    meta: t.record(t.string, t.string),
  },
  'Invoice',
)`;
const EXAMPLE = { number: 'INV-7', total: 12.5, paid: false, lines: [], meta: { po: 'A1' } };

const programs = {
  'invoice.cjs': `const t = require('io-ts');
const { matchersFor, pattern } = require('pact-io-ts');
const Invoice = ${INVOICE_CODEC};
process.stdout.write(JSON.stringify(matchersFor(Invoice, ${JSON.stringify(EXAMPLE)})));
`,
  'invoice.mjs': `import * as t from 'io-ts';
import { matchersFor, pattern } from 'pact-io-ts';
const Invoice = ${INVOICE_CODEC};
process.stdout.write(JSON.stringify(matchersFor(Invoice, ${JSON.stringify(EXAMPLE)})));
`,
  'invoice.ts': `import * as t from 'io-ts';
import { deriveMatchers, pattern, type DerivationError, type Template } from 'pact-io-ts';
import type { Either } from 'fp-ts/lib/Either.js';
const Invoice = ${INVOICE_CODEC};
export const template: Either<DerivationError, Template> = deriveMatchers(Invoice);
`,
};

describe('pact-io-ts packed and installed in an empty project', function () {
  this.timeout(180_000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pact-io-ts-pack-'));
  const app = path.join(root, 'app');
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  before(() => {
    run(PACKAGE, 'npm', ['pack', '--pack-destination', root]);
    const [tarball] = fs.readdirSync(root).filter((f) => f.endsWith('.tgz'));
    assert.ok(tarball !== undefined, 'npm pack wrote no tarball');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
    const peers = PEERS.map((name) => `${name}@${versionOf(name)}`);
    run(app, 'npm', [
      'install',
      '--prefer-offline',
      '--no-audit',
      path.join(root, tarball),
      ...peers,
    ]);
    for (const [file, text] of Object.entries(programs))
      fs.writeFileSync(path.join(app, file), text);
  });

  /** The same codec, built here from the same text with this repository's io-ts and sources. */
  const expected = () => {
    const build = new Function('t', 'pattern', `return ${INVOICE_CODEC};`) as (
      io: typeof t,
      p: typeof pattern,
    ) => t.Mixed;
    return JSON.parse(JSON.stringify(matchersFor(build(t, pattern), EXAMPLE))) as unknown;
  };

  it('ships dist, sources and README, no tests', () => {
    const installed = path.join(app, 'node_modules', 'pact-io-ts');
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/arbitrary.js', 'README.md']) {
      assert.ok(fs.existsSync(path.join(installed, file)), file);
    }
    assert.ok(!fs.existsSync(path.join(installed, 'test')));
    assert.ok(!fs.existsSync(path.join(app, 'node_modules', 'fast-check')));
  });

  it('derives matchers from CommonJS, as in this repository', () => {
    assert.deepEqual(JSON.parse(run(app, process.execPath, ['invoice.cjs'])), expected());
  });

  it('derives matchers from ESM through CommonJS interop', () => {
    assert.deepEqual(JSON.parse(run(app, process.execPath, ['invoice.mjs'])), expected());
  });

  it('type-checks against the typed exports', () => {
    const tsc = require.resolve('typescript/bin/tsc');
    run(app, process.execPath, [
      tsc,
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--module',
      'node16',
      '--moduleResolution',
      'node16',
      'invoice.ts',
    ]);
  });
});
