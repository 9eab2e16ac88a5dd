/**
 * `npm run spec:check` on generated single edits of our copy of the published document
 * (test/support/spec-edits.ts: every schema keyword of the operation's request and responses,
 * the statuses, the media types, the headers, the `$ref`s), each written as the published spec
 * (JSON, sometimes YAML) and checked for real. Whatever the edit, the run classifies it: exit 0
 * or 1, the edited place named in a change line (a documentation line for words only), never
 * exit 2, never an "unexpected failure", never a stack trace. (A recursive schema is the one
 * documented exception: exit 2, held by a named case below.)
 *
 * `npm test` runs SPEC_EDITS_RUNS edits of every class (default 1), seeded by SPEC_EDITS_SEED
 * (default 23); `npm run test:spec-edits` runs a larger sample.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { PUBLISHED_OPENAPI_FILE, TOKEN_REFRESH_PATH } from '../../contracts/index.js';
import { checkContext, type CheckContext } from '../../src/spec-check/checks.js';
import { specCheck, type SpecCheckResult } from '../../src/spec-check/spec-check.js';
import { fuzzParameters, fuzzRuns } from '../support/fuzz-runs.js';
import {
  applyEdit,
  EDIT_CLASSES,
  editSites,
  type EditSite,
  type SpecEdit,
} from '../support/spec-edits.js';

const RUNS = fuzzRuns(1, 'SPEC_EDITS_RUNS');
const SEED = fuzzRuns(23, 'SPEC_EDITS_SEED');
/** Answers drawn per documented response for the client's check: few, the edits are many. */
const DRAWS = 4;
const COPY = resolve(PUBLISHED_OPENAPI_FILE);
const OPERATION = ['paths', TOKEN_REFRESH_PATH, 'post'];

/** Classes that need what our copy does not have (a `const`, a `pattern`): no place for them. */
const NOT_IN_OUR_COPY = ['const changed or removed', 'pattern changed or removed'];

const TOKEN_SCHEMA = [...OPERATION, 'responses', '200', 'content', 'application/json', 'schema'];
const ERROR_SCHEMA = ['components', 'schemas', 'Error', 'properties', 'errors'];

/** Edits the generated ones found ending in exit 2 ("unexpected failure") or misnamed, as data. */
const REGRESSIONS = [
  {
    name: 'an enum replaced by another is one change, checked whole',
    at: [...TOKEN_SCHEMA, 'properties', 'token_type', 'enum'],
    value: ['DPoP'],
    where: '200 body token_type',
    exit: 1,
    shows:
      /^ {2}breaking {6}200 body token_type: enum \["Bearer"\] -> \["DPoP"\]\n.*pact: PactFlow's comparator: error response\.body\.incompatible/m,
  },
  {
    name: 'an enum emptied: the tools cannot read it, a breaking change',
    at: [...TOKEN_SCHEMA, 'properties', 'token_type', 'enum'],
    value: [],
    where: '200 body token_type',
    exit: 1,
    shows: /pact: PactFlow's comparator cannot read this document: enum must have non-empty array/,
  },
  {
    name: 'a type array emptied in a shared component',
    at: [...ERROR_SCHEMA, 'type'],
    value: [],
    where: '400, 401, 403, 429, 500 body errors',
    exit: 1,
    shows: /^ {2}breaking {6}400, 401, 403, 429, 500 body errors: type may no longer be "array"$/m,
  },
  {
    name: 'a pattern that is no regular expression',
    at: [...ERROR_SCHEMA, 'items', 'properties', 'code', 'pattern'],
    value: '(',
    where: '400, 401, 403, 429, 500 body errors[*].code',
    exit: 1,
    shows: /client: no answer can be drawn from this document for the client: .*Unterminated group/,
  },
  {
    name: "a format json-schema-faker does not know: the client's answers are still drawn",
    at: [...TOKEN_SCHEMA, 'properties', 'scope', 'format'],
    value: 'token-id',
    where: '200 body scope',
    exit: 0,
    shows: /^ {2}compatible {4}200 body scope: format added: "token-id"$/m,
  },
  {
    // Its class is the comparator's: its ajv reads the `constructor` every object inherits
    // (docs/published-spec.md, Limits).
    name: 'a new field named constructor: new, not the function every object inherits',
    at: [...TOKEN_SCHEMA, 'properties', 'constructor'],
    value: { type: 'string' },
    where: '200 body constructor',
    exit: undefined,
    shows: /^ {2}\w+ +200 body constructor: new optional field \(string\)$/m,
  },
  {
    // The limit (docs/published-spec.md): a recursive schema is not read, one line says so.
    name: 'a recursive schema: exit 2, the $ref cycle named',
    at: [...ERROR_SCHEMA, 'items', 'properties', 'cause'],
    value: { $ref: '#/components/schemas/Error' },
    where: '400, 401, 403, 429, 500 body errors[*].cause',
    exit: 2,
    shows:
      /^spec:check: cannot read the published operation: #\/components\/schemas\/Error: a \$ref cycle$/m,
  },
  {
    name: "a response's first header is named as a header",
    at: ['components', 'responses', 'Too-Many-Requests', 'headers', 'Retry-After'],
    value: { required: true, schema: { type: 'integer' } },
    where: '429 header Retry-After',
    exit: 0,
    shows: /^ {2}compatible {4}429 header Retry-After: new required header$/m,
  },
];

/** A change line: its class and where it is (`  breaking      200 body scope: ...`). */
const CHANGE_LINE = /^ {2}(breaking|compatible|documentation) +(.+?): /;

const changeLines = (result: SpecCheckResult) =>
  result.lines.flatMap((line) => {
    const found = CHANGE_LINE.exec(line);
    return found === null ? [] : [{ kind: found[1] ?? '', where: found[2] ?? '' }];
  });

/** `200 body scope` is inside `200 body`, `errors[*].code` inside `errors[*]` and `errors`. */
const isInside = (where: string, place: string) =>
  where.startsWith(place) && [' ', '.', '['].includes(where.charAt(place.length));

const text = (result: SpecCheckResult) => [...result.lines, result.error ?? ''].join('\n');

/** What a user of the command must see for `edit`, whatever its class. */
const assertClassified = (edit: SpecEdit, result: SpecCheckResult) => {
  const shown = `${edit.description}\n${text(result)}`;
  assert.ok(result.exitCode === 0 || result.exitCode === 1, `exit ${result.exitCode}: ${shown}`);
  assert.equal(result.error, undefined, shown);
  assert.doesNotMatch(text(result), /unexpected failure|^\s+at .+:\d+:\d+\)?$/m, shown);
  const lines = changeLines(result);
  for (const where of edit.wheres) {
    // A schema replaced by another of its type is named by what changed inside it.
    const named = lines.filter((l) =>
      edit.documentation ? l.where === where : l.where === where || isInside(l.where, where),
    );
    assert.ok(named.length > 0, `${where} is not named in a change line: ${shown}`);
    if (edit.documentation) {
      assert.ok(
        named.every((l) => l.kind === 'documentation'),
        `not documentation: ${shown}`,
      );
      assert.equal(result.exitCode, 0, shown);
    }
  }
};

describe('spec:check classifies every single edit of the published document', function () {
  this.timeout(600_000);
  let dir: string;
  let context: CheckContext;
  let ours: unknown;
  let sites: readonly EditSite[] = [];
  const seen = { classes: new Set<string>(), shared: 0 };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spec-edits-'));
    context = await checkContext(DRAWS);
    ours = JSON.parse(await readFile(COPY, 'utf8'));
    sites = editSites(ours, OPERATION);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  let written = 0;
  const checked = async (edit: SpecEdit, yaml: boolean) => {
    const document = applyEdit(ours, edit);
    const file = join(dir, `published-${++written}.${yaml ? 'yaml' : 'json'}`);
    await writeFile(file, yaml ? toYaml(document) : JSON.stringify(document));
    const result = await specCheck({
      spec: file,
      adopt: false,
      timeoutMs: 5000,
      draws: DRAWS,
      copyFile: COPY,
      cwd: process.cwd(),
      context,
    });
    await rm(file);
    return result;
  };

  it('finds a place in our copy for every edit class but those it has nothing for', () => {
    const placed = new Set(sites.map((s) => s.editClass));
    assert.deepEqual(
      EDIT_CLASSES.filter((c) => !placed.has(c)),
      NOT_IN_OUR_COPY,
    );
  });

  const classes = EDIT_CLASSES.filter((c) => !NOT_IN_OUR_COPY.includes(c));
  classes.forEach((editClass, n) => {
    it(`${editClass}: exit 0 or 1, the edit named`, async () => {
      const edits = sites.filter((s) => s.editClass === editClass).map((s) => s.edits);
      // One YAML document in four: spec:check reads both.
      const yaml = fc.integer({ min: 0, max: 3 }).map((n) => n === 0);
      await fc.assert(
        // A recursive schema is a documented limit (exit 2), checked once below.
        fc.asyncProperty(
          fc.oneof(...edits).filter((e) => !e.cycle),
          yaml,
          async (edit, asYaml) => {
            const result = await checked(edit, asYaml);
            assertClassified(edit, result);
            seen.classes.add(edit.editClass);
            seen.shared += edit.shared ? 1 : 0;
          },
        ),
        // Each class its own seed; no shrinking: a single edit is as small as it gets.
        { ...fuzzParameters(RUNS), seed: SEED + n, endOnFailure: true },
      );
    });
  });

  for (const regression of REGRESSIONS) {
    it(`found before: ${regression.name}`, async () => {
      const edit: SpecEdit = {
        editClass: 'found before',
        at: regression.at,
        value: regression.value,
        description: regression.name,
        wheres: [regression.where],
        documentation: false,
        shared: false,
        cycle: false,
      };
      const result = await checked(edit, false);
      if (regression.exit !== 2) assertClassified(edit, result);
      if (regression.exit !== undefined)
        assert.equal(result.exitCode, regression.exit, text(result));
      assert.match(text(result), regression.shows);
    });
  }

  it('ran every class, edits of shared components among them', () => {
    assert.deepEqual([...seen.classes].sort(), [...classes].sort());
    assert.ok(seen.shared > 0, 'no edit of a component several statuses share');
  });
});
