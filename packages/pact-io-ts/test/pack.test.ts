/**
 * pact-io-ts as a stranger gets it: `npm pack`, the tarball installed with its
 * peers into an empty project, once for each Pact major it declares (17 as
 * this repository has it, 16 from the npm registry). There, from CommonJS and
 * from ESM, it derives matchers for a codec this repository does not use, the
 * interaction runs through that Pact's mock server and writes its pact, and
 * its typed exports type-check under Node16 resolution. fast-check (an
 * optional peer) is not installed: the main entry must not need it. And the
 * exports are the README's: every name it lists or calls is exported, and
 * nothing else is.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as t from 'io-ts';
import { matchersFor, pattern } from '../src/index.js';
import { exportsOf, readmeApi, readmeImports, readmeNames } from './api.js';

const PACKAGE = path.join(__dirname, '..');
const ENTRIES = [
  'pact-io-ts',
  'pact-io-ts/arbitrary',
  'pact-io-ts/openapi',
  'pact-io-ts/mutants',
  'pact-io-ts/strength',
] as const;

const versionOf = (name: string): string => {
  const manifest: unknown = JSON.parse(
    fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8'),
  );
  const version = (manifest as { readonly version?: unknown }).version;
  return typeof version === 'string' ? version : assert.fail(`${name} has no version`);
};

/** The Pact majors the package declares, each with the version installed beside it. */
const PACT_MAJORS = [
  { major: 17, pact: versionOf('@pact-foundation/pact') },
  { major: 16, pact: '^16.0.0' },
] as const;

const run = (cwd: string, command: string, args: readonly string[]) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PACT_DO_NOT_TRACK: 'true',
      SCARF_ANALYTICS: 'false',
      npm_config_fund: 'false',
    },
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
/** What the pact shows, so the mock server answers: one line, canonical, where the example has none. */
const SHOWN = { ...EXAMPLE, lines: [{ sku: 'string', qty: 0 }] };

/**
 * The interaction, run as a consumer test. Pact 16's mock server (pact-core
 * 19) may answer before it records the match (pact-reference#535): wait for
 * the recording before executeTest checks it. (Pact 17's records first, and
 * the repository's own tests, on 17, no longer wait.)
 */
const INTERACTION = `const t = require('io-ts');
const { PactV4 } = require('@pact-foundation/pact');
const { makeConsumerPact } = require('@pact-foundation/pact-core');
const { matchersFor, pattern } = require('pact-io-ts');
const Invoice = ${INVOICE_CODEC};
const probe = makeConsumerPact('probe', 'probe', 4, 'error');
const recorded = async (port) => {
  for (let i = 0; i < 1000; i += 1) {
    const missing = probe.mockServerMismatches(port).some((m) => m.type === 'missing-request');
    if (!missing) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};
new PactV4({ consumer: 'invoice-client', provider: 'invoices', dir: process.argv[2], logLevel: 'error' })
  .addInteraction()
  .uponReceiving('a request for invoice 7')
  .withRequest('GET', '/invoices/7')
  .willRespondWith(200, (res) => res.jsonBody(matchersFor(Invoice, ${JSON.stringify(EXAMPLE)})))
  .executeTest(async (server) => {
    const body = await (await fetch(server.url + '/invoices/7')).json();
    await recorded(server.port);
    return body;
  })
  .then((body) => process.stdout.write(JSON.stringify(body)));
`;

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
  'interaction.cjs': INTERACTION,
  'exports.cjs': `process.stdout.write(JSON.stringify(['pact-io-ts', 'pact-io-ts/openapi'].map((entry) => Object.keys(require(entry)).sort())));
`,
};

/** The node_modules the package's build resolves from (this repository's, hoisted). */
const BUILD_MODULES = path.dirname(path.dirname(require.resolve('typescript/package.json')));

/**
 * A copy of the package, packed instead of the package itself: `npm pack` builds dist/ first
 * (prepack), and the package's own dist/ is what `npm start` loads meanwhile (a test running
 * beside this one). The copy sits beside a link to the node_modules its build needs, in a folder
 * of its own: the projects installed under `root` must not find those modules above them.
 */
const copyToPack = (root: string): string => {
  const beside = fs.mkdtempSync(path.join(root, 'package-'));
  const copy = path.join(beside, 'pact-io-ts');
  const left = new Set(['dist', 'node_modules'].map((name) => path.join(PACKAGE, name)));
  fs.cpSync(PACKAGE, copy, { recursive: true, filter: (source) => !left.has(source) });
  fs.symlinkSync(BUILD_MODULES, path.join(beside, 'node_modules'), 'dir');
  return copy;
};

/** An empty project with the packed tarball and its peers, `pact` as Pact's version. */
const installed = (root: string, tarball: string, pact: string) => {
  const app = fs.mkdtempSync(path.join(root, 'app-'));
  fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  const peers = ['io-ts', 'fp-ts'].map((name) => `${name}@${versionOf(name)}`);
  run(app, 'npm', [
    'install',
    '--prefer-offline',
    '--no-audit',
    tarball,
    ...peers,
    `@pact-foundation/pact@${pact}`,
  ]);
  for (const [file, text] of Object.entries(programs)) fs.writeFileSync(path.join(app, file), text);
  return app;
};

const typeCheck = (app: string, file: string) =>
  run(app, process.execPath, [
    require.resolve('typescript/bin/tsc'),
    '--noEmit',
    '--strict',
    '--skipLibCheck',
    '--module',
    'node16',
    '--moduleResolution',
    'node16',
    file,
  ]);

/** The same codec, built here from the same text with this repository's io-ts and sources. */
const expected = () => {
  const build = new Function('t', 'pattern', `return ${INVOICE_CODEC};`) as (
    io: typeof t,
    p: typeof pattern,
  ) => t.Mixed;
  return JSON.parse(JSON.stringify(matchersFor(build(t, pattern), EXAMPLE))) as unknown;
};

/** The rules of the pact the interaction writes, written out as Pact records them. */
const rules = (...matchers: readonly object[]) => ({ combine: 'AND', matchers });
const INVOICE_RULES = {
  '$.number': rules({ match: 'type' }, { match: 'regex', regex: '^INV-[0-9]+$' }),
  '$.total': rules({ match: 'number' }),
  '$.paid': rules({ match: 'type' }),
  '$.lines': rules({ match: 'type', min: 0 }),
  '$.lines[*].sku': rules({ match: 'type' }),
  '$.lines[*].qty': rules({ match: 'integer' }),
  '$.meta': rules({ match: 'eachValue', rules: [{ match: 'type' }], value: '{"po":"A1"}' }),
};

const PactFile = t.type({
  interactions: t.tuple([
    t.type({ response: t.type({ matchingRules: t.type({ body: t.unknown }) }) }),
  ]),
});

describe('pact-io-ts packed and installed in an empty project', function () {
  this.timeout(300_000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pact-io-ts-pack-'));
  let tarball = '';
  /** The project installed for each Pact major. */
  const apps = new Map<number, string>();
  before(() => {
    run(copyToPack(root), 'npm', ['pack', '--pack-destination', root]);
    const [file] = fs.readdirSync(root).filter((f) => f.endsWith('.tgz'));
    tarball = path.join(root, file ?? assert.fail('npm pack wrote no tarball'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const { major, pact } of PACT_MAJORS) {
    describe(`with @pact-foundation/pact ${major}`, () => {
      let app = '';
      before(() => {
        app = installed(root, tarball, pact);
        apps.set(major, app);
      });

      it(`installs Pact ${major}`, () => {
        const manifest = path.join(app, 'node_modules/@pact-foundation/pact/package.json');
        const version = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string })
          .version;
        assert.equal(version.split('.')[0], String(major));
      });

      it('ships dist, sources, README, CHANGELOG and LICENSE, no tests', () => {
        const files = [
          'dist/index.js',
          'dist/index.d.ts',
          'dist/arbitrary.js',
          'dist/openapi.js',
          'dist/mutants.js',
          'dist/mutants.d.ts',
        ];
        for (const file of [...files, 'README.md', 'CHANGELOG.md', 'LICENSE']) {
          assert.ok(fs.existsSync(path.join(app, 'node_modules/pact-io-ts', file)), file);
        }
        assert.ok(!fs.existsSync(path.join(app, 'node_modules/pact-io-ts/test')));
        assert.ok(!fs.existsSync(path.join(app, 'node_modules/fast-check')));
      });

      it('derives matchers from CommonJS and from ESM, as in this repository', () => {
        assert.deepEqual(JSON.parse(run(app, process.execPath, ['invoice.cjs'])), expected());
        assert.deepEqual(JSON.parse(run(app, process.execPath, ['invoice.mjs'])), expected());
      });

      it("runs the interaction through Pact's mock server and writes the pact", () => {
        const dir = fs.mkdtempSync(path.join(root, 'pacts-'));
        assert.deepEqual(JSON.parse(run(app, process.execPath, ['interaction.cjs', dir])), SHOWN);
        const written: unknown = JSON.parse(
          fs.readFileSync(path.join(dir, 'invoice-client-invoices.json'), 'utf8'),
        );
        const decoded = PactFile.decode(written);
        assert.ok(decoded._tag === 'Right', 'the pact has one interaction with body rules');
        assert.deepEqual(decoded.right.interactions[0].response.matchingRules.body, INVOICE_RULES);
      });

      it('type-checks against the typed exports', () => {
        typeCheck(app, 'invoice.ts');
      });
    });
  }

  describe('the exports are the README list', () => {
    let app = '';
    before(() => {
      app = apps.get(PACT_MAJORS[0].major) ?? assert.fail('no project installed');
    });

    it('each entry exports what the README lists, values and types, and nothing else', () => {
      const listed = readmeApi();
      for (const entry of ENTRIES) {
        const file = entry === 'pact-io-ts' ? 'index' : entry.replace('pact-io-ts/', '');
        const dts = path.join(app, 'node_modules/pact-io-ts/dist', `${file}.d.ts`);
        assert.deepEqual(exportsOf(dts), listed.get(entry), entry);
      }
      const [main, openapi] = JSON.parse(run(app, process.execPath, ['exports.cjs'])) as string[][];
      assert.deepEqual(main, listed.get('pact-io-ts')?.values);
      assert.deepEqual(openapi, listed.get('pact-io-ts/openapi')?.values);
    });

    it('every name of the package the README imports or uses is exported', () => {
      const listed = readmeApi();
      assert.ok(readmeImports().length > 0 && readmeNames().length > 0, 'the README uses names');
      const all = new Set([...listed.values()].flatMap((e) => [...e.values, ...e.types]));
      for (const { entry, name } of readmeImports()) {
        const exported = listed.get(entry);
        assert.ok(
          exported?.values.includes(name) || exported?.types.includes(name),
          `${name} from ${entry}`,
        );
      }
      const internal = readmeNames().filter((name) => !all.has(name));
      assert.deepEqual(internal, [], 'the README names only exported names of the package');
    });

    it('the listed names type-check as a user imports them', () => {
      const listed = readmeApi();
      const text = ENTRIES.map((entry) => {
        const names = listed.get(entry);
        return `import { ${[...(names?.values ?? []), ...(names?.types ?? []).map((n) => `type ${n}`)].join(', ')} } from '${entry}';`;
      }).join('\n');
      fs.writeFileSync(path.join(app, 'api.ts'), `${text}\n`);
      typeCheck(app, 'api.ts');
    });
  });
});
