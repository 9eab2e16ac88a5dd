import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import {
  CONSUMER_NAME,
  DECLARED_DEMANDS,
  GRANTED_SCOPE,
  INTERACTION,
  INTERACTIONS,
  JsonContentType,
  PROVIDER_NAME,
} from '../../contracts/index.js';
import { main } from '../../src/report/cli.js';
import { pactFilesIn } from '../../src/config/index.js';
import { readPactFile } from '../../src/pact-file/pact-file.js';
import { renderDemands } from '../../src/report/demands.js';
import { buildReport } from '../../src/report/report.js';
import { PACT_FILE_NAME } from '../consumer/pact-output.js';
import { FIXTURE_PACT_FILE, SCOPE_REGEX, writeFixturePact } from './pact-fixture.js';

describe('contract report', function () {
  this.timeout(60_000);
  let pactDir = '';
  let pactFile: string;
  let scratch = '';
  let report: string;

  before(async () => {
    pactDir = await writeFixturePact();
    pactFile = join(pactDir, FIXTURE_PACT_FILE);
    scratch = mkdtempSync(join(tmpdir(), 'report-test-'));
    const built = await buildReport([pactFile])();
    assert.ok(E.isRight(built), E.isLeft(built) ? built.left.message : '');
    report = built.right;
  });

  after(() => {
    // A failed before() leaves these unset; its own error is the one to read.
    for (const dir of [pactDir, scratch])
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const section = (description: string): string => {
    const start = report.indexOf(`. ${description}\n`);
    assert.ok(start >= 0, `no section for "${description}"`);
    const next = report.indexOf('\n## ', start);
    return report.slice(start, next < 0 ? undefined : next);
  };

  it('names the consumer and the provider', () => {
    assert.match(report, new RegExp(`^# Contract: ${CONSUMER_NAME} → ${PROVIDER_NAME}$`, 'm'));
  });

  it('shows each interaction with its provider state and params', () => {
    const ok = section(INTERACTION['refresh-succeeds'].description);
    assert.ok(ok.includes(`**Provider state:** ${INTERACTION['refresh-succeeds'].state.name}`));
    assert.ok(ok.includes(`- \`scope\`: \`${GRANTED_SCOPE}\``));
  });

  it('shows the request line, headers and body', () => {
    const ok = section(INTERACTION['refresh-succeeds'].description);
    assert.ok(ok.includes('`POST /v0/oauth2/token/refresh`'));
    assert.ok(ok.includes('| `Content-Type` | `application/json` |'));
    assert.ok(ok.includes('"grant_type": "refresh_token"'));
  });

  it('shows the response status, headers and body', () => {
    const limited = section(INTERACTION['rate-limited'].description);
    assert.ok(limited.includes('Status `429`'));
    assert.ok(limited.includes('| `Retry-After` | `1` |'));
    assert.ok(limited.includes('"title": "Too Many Requests"'));
  });

  it('states the matching rules in plain words', () => {
    const ok = section(INTERACTION['refresh-succeeds'].description);
    assert.ok(ok.includes('- `$.body.token_type` must equal `Bearer`'));
    assert.ok(ok.includes(`- \`$.body.scope\` must match the regex \`${SCOPE_REGEX}\``));
    assert.ok(
      ok.includes(
        '- `$.body.access_token` must be a string (any value of that type), like `at_example`',
      ),
    );
    const limited = section(INTERACTION['rate-limited'].description);
    assert.ok(
      limited.includes(
        '- `$.body.errors` must be an array of at least 1 item, each like `{"status":429,"title":"Too Many Requests"}`',
      ),
    );
    assert.ok(limited.includes('- `$.body.errors[*].status` must be an integer, like `429`'));
    assert.ok(limited.includes('- header `Retry-After` must match the regex `^[0-9]+$`'));
  });

  it('says which values the provider state supplies', () => {
    const ok = section(INTERACTION['refresh-succeeds'].description);
    assert.ok(
      ok.includes(
        '- `$.body.refresh_token` is supplied by the provider state expression `${refreshToken}`',
      ),
    );
  });

  it('says when a request has no matching rules', () => {
    const limited = section(INTERACTION['rate-limited'].description);
    assert.ok(limited.includes('Rules: none; the values must equal the example.'));
  });

  describe('demands beyond the published contract', () => {
    const demands = () => report.slice(report.indexOf('# Demands beyond the published contract'));

    it('lists every declared demand with its path, its rule and the reason', () => {
      const page = demands();
      assert.ok(page.length > 0 && report.indexOf('# Demands beyond') > 0, 'no demands section');
      for (const d of DECLARED_DEMANDS) {
        assert.ok(page.includes(`\`${d.codec}\` \`${d.path}\``), `${d.codec} ${d.path}`);
        assert.ok(page.includes(`_Why:_ ${d.reason}`), d.reason);
      }
      assert.ok(page.includes('(200): must match `^[\\s\\S]+$` (a non-empty string)'));
      assert.ok(page.includes('(400, 401, 403, 429, 500): must be present'));
      assert.ok(!page.includes('## Not declared'));
    });

    it('shows an undeclared demand and a stale declaration as such', () => {
      const found = {
        codec: 'ErrorBody',
        path: 'errors[*].detail',
        kind: 'pattern' as const,
        rule: 'must match `^x$`; the published schema sets no such pattern',
        interactions: ['unknown-refresh-token'],
        statuses: [401],
      };
      const page = renderDemands(
        {
          audit: { declared: [], undeclared: [found], stale: [{ ...found, reason: 'old' }] },
          undocumented: ['[store-failing] no 500 answer is published'],
        },
        'spec.json',
      ).join('\n');
      assert.ok(page.includes('None: the contract demands nothing'));
      assert.match(
        page,
        /## Not declared\n[\s\S]*- `ErrorBody` `errors\[\*\]\.detail` \(401\): must match/,
      );
      assert.match(
        page,
        /## Declared but no longer made\n\n- `ErrorBody` `errors\[\*\]\.detail` \(pattern\)/,
      );
      assert.match(
        page,
        /## Answers the published document does not document\n\n- \[store-failing\] no 500 answer is published/,
      );
    });
  });

  it('lists a non-HTTP interaction without failing', async () => {
    const pact = JSON.parse(readFileSync(pactFile, 'utf8')) as { interactions: unknown[] };
    pact.interactions.push({
      type: 'Asynchronous/Messages',
      description: 'a token-revoked event',
      contents: {},
    });
    const file = join(scratch, 'with-message.json');
    writeFileSync(file, JSON.stringify(pact));
    const built = await buildReport([file])();
    assert.ok(E.isRight(built));
    assert.ok(built.right.includes('## 3. a token-revoked event'));
    assert.ok(
      built.right.includes(
        'Interaction type `Asynchronous/Messages`: not rendered in this report.',
      ),
    );
  });

  describe('malformed pact files', () => {
    it('names the path that is not as V4 defines it', async () => {
      const pact = JSON.parse(readFileSync(pactFile, 'utf8')) as {
        interactions: { request: Record<string, unknown> }[];
      };
      const first = pact.interactions[0];
      assert.ok(first !== undefined);
      delete first.request['method'];
      const file = join(scratch, 'no-method.json');
      writeFileSync(file, JSON.stringify(pact));
      const read = await readPactFile(file)();
      assert.ok(E.isLeft(read));
      assert.equal(read.left._tag, 'NotAPact');
      assert.match(
        read.left.message,
        /is not a valid V4 pact: .*interactions\[0\]\.request\.method: expected string, got nothing/,
      );
    });

    it('says when a file is not JSON', async () => {
      const file = join(scratch, 'broken.json');
      writeFileSync(file, '{"consumer": ');
      const read = await readPactFile(file)();
      assert.ok(E.isLeft(read));
      assert.equal(read.left._tag, 'NotJson');
      assert.ok(read.left.message.startsWith(`${file} is not JSON`));
    });

    it('says when a file is missing', async () => {
      const read = await readPactFile(join(scratch, 'absent.json'))();
      assert.ok(E.isLeft(read));
      assert.equal(read.left._tag, 'ReadFailed');
    });

    it('says when a directory holds no pacts', async () => {
      const empty = mkdtempSync(join(scratch, 'empty-'));
      const files = await pactFilesIn(empty)();
      assert.ok(E.isLeft(files));
      assert.match(
        files.left.message,
        /no pact files \(\*\.json\) in .*; run the consumer tests first/,
      );
    });
  });

  describe('command line', () => {
    it('writes the report to --out', async () => {
      const out = join(scratch, 'out', 'contract.md');
      const result = await main([pactFile, '--out', out]);
      assert.equal(result.exitCode, 0, result.message);
      assert.equal(readFileSync(out, 'utf8'), report);
    });

    it('exits 2 with the reason for a malformed file', async () => {
      const file = join(scratch, 'not-a-pact.json');
      writeFileSync(file, JSON.stringify({ consumer: { name: 'x' } }));
      const result = await main([file, '--out', join(scratch, 'never.md')]);
      assert.equal(result.exitCode, 2);
      assert.match(result.message, /provider: expected \{ name: string \}, got nothing/);
    });
  });
});

describe('contract report of the committed pact', function () {
  this.timeout(60_000);

  it('shows a regex by the meaning its codec states, the regex in small print', async () => {
    const built = await buildReport([join('pacts', PACT_FILE_NAME)])();
    assert.ok(E.isRight(built), E.isLeft(built) ? built.left.message : '');
    const meaning = JsonContentType.meaning ?? assert.fail('JsonContentType states no meaning');
    const rule =
      `- header \`Content-Type\` must be ${meaning}, like \`application/json\` ` +
      // The pattern holds a backtick (a token character), so its code span is fenced by two.
      `<sub>regex \`\`${JsonContentType.pattern.source}\`\`</sub>`;
    // Every request and every response of the catalogue names its Content-Type this way.
    assert.equal(
      built.right.split('\n').filter((line) => line === rule).length,
      2 * INTERACTIONS.length,
    );
    assert.doesNotMatch(built.right, /must match the regex `\^\[Aa\]\[Pp\]/);
  });
});
