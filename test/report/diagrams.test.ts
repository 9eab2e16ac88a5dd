/**
 * The report's pictures: a sequence diagram per interaction of the project's pact and one of
 * the refresh lifecycle, each parsed by Mermaid's own parser and read back as Mermaid will
 * draw it.
 */
import { strict as assert } from 'node:assert';
import * as E from 'fp-ts/lib/Either.js';
import mermaid from 'mermaid';
import {
  CONSUMER_NAME,
  GRANTED_SCOPE,
  INTERACTION,
  INTERACTIONS,
  PROVIDER_NAME,
  TOKEN_REFRESH_PATH,
} from '../../contracts/index.js';
import { pactFilesIn, PROJECT_PACTS_DIR } from '../../src/config/index.js';
import type { HttpInteraction } from '../../src/pact-file/pact-file.js';
import { interactionDiagram } from '../../src/report/diagrams.js';
import { lifecycleDiagram } from '../../src/report/lifecycle.js';
import { buildReport } from '../../src/report/report.js';
import { mermaidBlocks, readSequenceDiagram } from '../support/mermaid.js';

/** The diagram in the report's section of an interaction. */
const sectionDiagram = (report: string, description: string): string => {
  const start = report.indexOf(`. ${description}\n`);
  assert.ok(start >= 0, `no section for "${description}"`);
  const [block] = mermaidBlocks(report.slice(start, report.indexOf('\n## ', start + 1)));
  assert.ok(block !== undefined, `no diagram for "${description}"`);
  return block;
};

describe('contract report diagrams', function () {
  this.timeout(60_000);
  let report = '';

  before(async () => {
    const files = await pactFilesIn(PROJECT_PACTS_DIR)();
    assert.ok(E.isRight(files), E.isLeft(files) ? files.left.message : '');
    const built = await buildReport(files.right)();
    assert.ok(E.isRight(built), E.isLeft(built) ? built.left.message : '');
    report = built.right;
  });

  it('has one diagram per interaction of the catalogue and one of the lifecycle', () => {
    assert.equal(mermaidBlocks(report).length, INTERACTIONS.length + 1);
  });

  it("parses every diagram with Mermaid's parser", async () => {
    for (const block of mermaidBlocks(report)) {
      const read = await readSequenceDiagram(block);
      assert.equal(read.type, 'sequence');
    }
  });

  it('draws the provider state, the request and the answer of an interaction', async () => {
    const read = await readSequenceDiagram(
      sectionDiagram(report, INTERACTION['refresh-succeeds'].description),
    );
    assert.deepEqual(read.participants, [CONSUMER_NAME, PROVIDER_NAME]);
    assert.deepEqual(read.statements, [
      `note: given a client holds a valid refresh token\nscope: ${GRANTED_SCOPE}`,
      `C->P: POST ${TOKEN_REFRESH_PATH}\ngrant_type: refresh_token\nrefresh_token: \${refreshToken} (from the provider state)`,
      `P->C: 200 OK\naccess_token: at_example-access-token\nrefresh_token: rt_example-rotated-refresh-token\nscope: ${GRANTED_SCOPE}\ntoken_type: Bearer`,
    ]);
  });

  it("draws each interaction's status", async () => {
    for (const { description, response } of INTERACTIONS) {
      const read = await readSequenceDiagram(sectionDiagram(report, description));
      const answer = read.statements.find((s) => s.startsWith('P->C: '));
      assert.match(answer ?? '', new RegExp(`^P->C: ${response.status} `), description);
    }
  });

  it('shows an empty value and an error body field by field', async () => {
    const read = await readSequenceDiagram(
      sectionDiagram(report, INTERACTION['empty-refresh-token'].description),
    );
    assert.match(read.statements[1] ?? '', /\nrefresh_token: ""$/);
    assert.match(
      read.statements[2] ?? '',
      /^P->C: 400 Bad Request\nerrors\[0\]\.code: BAD_REQUEST_INCORRECT_OR_MISSING_FIELD\nerrors\[0\]\.detail: /,
    );
  });

  describe('text Mermaid would read as syntax', () => {
    const hostile = 'a; b # c #35; "d" <e> & %% f\nsecond line → ü';
    const interaction: HttpInteraction = {
      type: 'Synchronous/HTTP',
      description: hostile,
      providerStates: [{ name: hostile, params: { why: hostile } }],
      request: {
        method: 'POST',
        path: '/a;b',
        query: { q: 'x#y' },
        body: { content: { note: hostile } },
      },
      response: { status: 422, body: { content: hostile } },
    };
    const text = () => interactionDiagram('consumer; "x"', 'provider %% y', interaction);

    it('is escaped: the diagram parses and reads as the text it came from', async () => {
      const read = await readSequenceDiagram(text().slice(1, -1).join('\n'));
      assert.deepEqual(read.participants, ['consumer; "x"', 'provider %% y']);
      assert.deepEqual(read.statements, [
        `note: given ${hostile}\nwhy: ${hostile}`,
        `C->P: POST /a;b?q=x#y\nnote: ${hostile}`,
        `P->C: 422 Unprocessable Entity\n${hostile}`,
      ]);
    });

    it('would break the diagram unescaped', async () => {
      await assert.rejects(mermaid.parse(`sequenceDiagram\n  C->>P: ${hostile.split('\n')[0]}`));
    });
  });

  it('parses the lifecycle on its own', async () => {
    const read = await readSequenceDiagram(lifecycleDiagram().slice(1, -1).join('\n'));
    assert.deepEqual(read.participants.slice(0, 2), [CONSUMER_NAME, PROVIDER_NAME]);
    const requests = read.statements.filter((s) => /^[CS]->P: /.test(s));
    // Two calls of one attempt, one retried after a 429, the stale copy's, the last one.
    assert.equal(requests.length, 5);
  });
});
