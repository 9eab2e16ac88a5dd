/**
 * A drift of the committed pact, annotated on pacts/…json: the first line that differs, both
 * versions of it, in one line; written by the consumer tests' own drift check on GitHub Actions.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pactDriftAnnotation } from '../../src/ci/pact-drift.js';
import { PACT_FILE_NAME, pactDrift } from '../consumer/pact-output.js';

const COMMITTED = ['{', '  "consumer": "a",', '  "status": 200', '}'].join('\n');

describe('a drift of the committed pact, as an annotation', () => {
  it('points at the first line that differs, both versions of it in the message', () => {
    const recorded = COMMITTED.replace('200', '201');
    assert.deepEqual(pactDriftAnnotation('pacts/p.json', COMMITTED, recorded), {
      level: 'error',
      title: 'The committed pact is out of date',
      file: 'pacts/p.json',
      line: 3,
      message:
        'pacts/p.json differs from what the consumer tests record, first at line 3: ' +
        'committed `"status": 200`, recorded `"status": 201`. Review the diff, then npm run pact:update.',
    });
  });

  it('points past the end when the recorded pact only adds lines', () => {
    const annotation = pactDriftAnnotation('pacts/p.json', COMMITTED, `${COMMITTED}\n`);
    assert.equal(annotation?.line, 5);
    assert.match(annotation?.message ?? '', /committed nothing \(the file ends\), recorded ``/);
  });

  it('is none when nothing differs', () => {
    assert.equal(pactDriftAnnotation('pacts/p.json', COMMITTED, COMMITTED), undefined);
  });

  describe("the consumer tests' drift check on GitHub Actions", () => {
    let scratch = '';
    before(() => (scratch = mkdtempSync(join(tmpdir(), 'pact-drift-'))));
    after(() => rmSync(scratch, { recursive: true, force: true }));

    it('writes the annotation on pacts/…json, escaped as GitHub reads it', async () => {
      const committed = readFileSync(join('pacts', PACT_FILE_NAME), 'utf8');
      const lines = committed.split('\n');
      const changed = lines.findIndex((line) => line.includes('"description"'));
      lines[changed] = '      "description": "50% off, then: a refresh",';
      writeFileSync(join(scratch, PACT_FILE_NAME), lines.join('\n'));

      const written: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      const githubActions = process.env['GITHUB_ACTIONS'];
      process.env['GITHUB_ACTIONS'] = 'true';
      process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof write;
      let drift: string | undefined;
      try {
        drift = await pactDrift(scratch);
      } finally {
        process.stdout.write = write;
        if (githubActions === undefined) delete process.env['GITHUB_ACTIONS'];
        else process.env['GITHUB_ACTIONS'] = githubActions;
      }
      assert.match(drift ?? '', /is out of date with the consumer tests/);
      const annotation = written
        .join('')
        .split('\n')
        .find((line) => line.startsWith('::'));
      assert.equal(
        annotation,
        `::error title=The committed pact is out of date,file=pacts/${PACT_FILE_NAME},line=${changed + 1}::` +
          `pacts/${PACT_FILE_NAME} differs from what the consumer tests record, first at line ${changed + 1}: ` +
          `committed \`${(committed.split('\n')[changed] ?? '').trim()}\`, ` +
          'recorded `"description": "50%25 off, then: a refresh",`. Review the diff, then npm run pact:update.',
      );
    });
  });
});
