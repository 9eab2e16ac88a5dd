/**
 * docs/broker.md's "A local pipeline run", as a reader follows it: each command of its `sh`
 * blocks run as written (npm run ...) against a fresh broker, in order, and judged by what the
 * doc says it answers: the exit code ("**No** (exit 1)", "**Yes** (exit 0)", else 0) and every
 * answer it quotes. Starting and stopping the broker, the `export` and `npm test` are the
 * suite's own (a fresh broker; the tests run elsewhere).
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CREDENTIALS, useFreshBroker } from './support/fresh-broker.js';
import { combinedOutput, WITHOUT_TARGETS } from '../support/sockets.js';

/** What the doc writes for what varies: the commit, the branch, the local broker's URL. */
const DOC_COMMIT = '2bcec16...';
const DOC_BRANCH = 'my-branch';
const DOC_BROKER = 'http://127.0.0.1:9292';
const BRANCH = 'walkthrough-branch';

interface Step {
  /** The block's commands, each with the exit code the doc gives it. */
  readonly commands: readonly { readonly command: string; readonly exitCode: number }[];
  /** What the doc quotes of their answers. */
  readonly answers: readonly string[];
}

/** The section's steps: each `sh` block's commands, with the prose and output after it. */
const steps = (): Step[] => {
  const doc = readFileSync('docs/broker.md', 'utf8');
  const start = doc.indexOf('\n### A local pipeline run\n');
  assert.ok(start >= 0, 'docs/broker.md has no "A local pipeline run"');
  const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```([\s\S]*?)(?=```sh|$)/g)];
  return blocks.map(([, code = '', after = '']) => {
    // An exit code in the prose is the block's first command's: the one that answers yes or no.
    const exit = /\*\*(?:No|Yes)\*\* \(exit (\d)\)/.exec(after)?.[1];
    const commands = code
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter((line) => line.startsWith('npm run ') && !/broker:(start|stop)/.test(line))
      .map((command, n) => ({
        command,
        exitCode: n === 0 && exit !== undefined ? Number(exit) : 0,
      }));
    const prose = after.replace(/```\n[\s\S]*?```/g, '').replace(/\s+/g, ' ');
    const quoted = [...prose.matchAll(/`([^`]+)`/g)].flatMap(([, q = '']) =>
      q.split(' ').length >= 3 ? [q] : [],
    );
    const shown = [...after.matchAll(/```\n([\s\S]*?)```/g)].flatMap(([, out = '']) =>
      out.split('\n').filter((line) => line.trim() !== ''),
    );
    return { commands, answers: [...quoted, ...shown] };
  });
};

/** A quoted answer as a pattern: the doc's stand-ins match what they stand for. */
const patternOf = (answer: string, brokerUrl: string): RegExp => {
  const escaped = answer
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replaceAll(DOC_COMMIT.replace(/\./g, '\\.'), '[0-9a-f]{40}')
    .replaceAll(DOC_BRANCH, BRANCH)
    .replaceAll(DOC_BROKER.replace(/\./g, '\\.'), brokerUrl.replace(/[.]/g, '\\.'))
    .replaceAll('\\.\\.\\.', '.*?');
  return new RegExp(escaped);
};

const run = (command: string, env: NodeJS.ProcessEnv) => {
  const [npm = 'npm', ...args] = command.split(/\s+/);
  return combinedOutput(spawn(npm, args, { env: { ...process.env, ...env } }));
};

describe("docs/broker.md's local pipeline run, against a real broker", function () {
  this.timeout(600_000);
  const fresh = useFreshBroker('walkthrough');

  it('answers each command as the doc says, ending with the consumer deployable', async () => {
    const walk = steps();
    const commands = walk.flatMap((step) => step.commands.map((c) => c.command));
    assert.ok(commands.length >= 8, `the walk-through's commands: ${commands.join('; ')}`);
    assert.equal(
      commands.at(-2),
      'npm run pact:can-i-deploy -- --pacticipant consumer --to-environment production',
    );
    const env = {
      ...WITHOUT_TARGETS,
      ...fresh().env,
      // The branch both sides record, whatever the checkout (CI's is detached).
      GITHUB_HEAD_REF: BRANCH,
    };
    for (const { commands: block, answers } of walk) {
      let outputs = '';
      for (const { command, exitCode } of block) {
        const { code, output } = await run(command, env);
        outputs += output;
        assert.equal(code, exitCode, `${command}:\n${output}`);
        assert.ok(!output.includes(CREDENTIALS.password), `${command} printed the password`);
      }
      const flat = outputs.replace(/\s+/g, ' ');
      for (const answer of answers)
        assert.match(flat, patternOf(answer, fresh().broker.url), outputs);
    }
  });
});
