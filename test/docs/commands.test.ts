/**
 * Every command the documentation gives works as written (docs/commands.md): each npm script it
 * names exists, no code block runs Node or npx past the project's Node line (scripts/run), and
 * each command answers `--help` with exit 0 and its usage on stdout, run as a newcomer types it,
 * on the machine's own Node (a Node older than the floor included: scripts/run moves the script).
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import * as t from 'io-ts';
import { PROJECT_ROOT } from '../../src/config/index.js';
import { WITHOUT_TARGETS } from '../support/sockets.js';
import {
  commandsInMarkdown,
  documentedCommands,
  npmScriptOf,
  type DocumentedCommand,
} from './documented-commands.js';

const PackageJson = t.type({ scripts: t.record(t.string, t.string) });
const packageJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as unknown;
const SCRIPTS: Readonly<Record<string, string>> = PackageJson.is(packageJson)
  ? packageJson.scripts
  : {};

/** `test:<suite>` stands for every `test:` script; a plain name for itself. */
const scriptsNamed = (name: string): readonly string[] => {
  const placeholder = /^([^<]*)<[^>]+>$/.exec(name);
  if (placeholder === null) return Object.hasOwn(SCRIPTS, name) ? [name] : [];
  const prefix = placeholder[1] ?? '';
  return Object.keys(SCRIPTS).filter((script) => script.startsWith(prefix) && script !== prefix);
};

/** One run: the program and its words, with the variables the documentation sets. */
interface Run {
  readonly place: string;
  readonly env: Readonly<Record<string, string>>;
  readonly program: string;
  readonly args: readonly string[];
}

const npmRun = (place: string, env: Run['env'], script: string, args: readonly string[]): Run => ({
  place,
  env,
  program: 'npm',
  // --ignore-scripts: no pre-script (pretest:broker installs the local broker) for a --help.
  args: ['run', '-s', '--ignore-scripts', script, '--', ...args, '--help'],
});

/**
 * The runs that check a script: itself with --help; a chain of scripts (`npm test`), each of
 * the npm scripts it runs, since `--help` would reach only the last of them.
 */
const runsOfScript = (
  place: string,
  env: Run['env'],
  script: string,
  args: readonly string[],
): Run[] => {
  const parts = (SCRIPTS[script] ?? '').split('&&').map((part) => part.trim());
  if (parts.length === 1) return [npmRun(place, env, script, args)];
  return parts.flatMap((part) => {
    const named = /^npm run (\S+)$/.exec(part)?.[1];
    return named === undefined ? [] : runsOfScript(place, env, named, []);
  });
};

/**
 * What runs a code block's command with --help: its script(s), or the project file, as typed.
 * Inline code in prose is a script's name with words for the reader (`<URL or file>`): its
 * script must exist, and is run when a code block gives it.
 */
const runsOf = (command: DocumentedCommand): Run[] => {
  if (!command.inBlock) return [];
  const npm = npmScriptOf(command);
  if (npm !== undefined)
    return scriptsNamed(npm.script).flatMap((script) =>
      runsOfScript(command.place, command.env, script, npm.args),
    );
  if (command.program === 'npm') return [];
  if (['node', 'npx', 'tsx'].includes(command.program)) return [];
  return [
    {
      place: command.place,
      env: command.env,
      program: command.program,
      args: [...command.args, '--help'],
    },
  ];
};

interface Ran extends Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The Node line scripts/run gives a command on `path`: its Node at the floor or above, else the fallback. */
const lineOn = (path: string): number => {
  const major = Number(
    execFileSync('node', ['-p', 'process.versions.node.split(".")[0]'], {
      env: { ...process.env, PATH: path },
      encoding: 'utf8',
    }).trim(),
  );
  const engines = t.type({ engines: t.type({ node: t.string }) });
  const floor = engines.is(packageJson) ? /\d+/.exec(packageJson.engines.node) : null;
  const fallback = /^FALLBACK_LINE=(\d+)$/m.exec(
    readFileSync(join(PROJECT_ROOT, 'scripts', 'run'), 'utf8'),
  );
  return major >= Number(floor?.[0]) ? major : Number(fallback?.[1]);
};

/**
 * The PATH before scripts/run or with-node.sh moved this test to another Node line: the
 * machine's own Node, when it puts the commands on the line this test runs on. On another line
 * (CI's run of npm test on Node 22, on a machine whose Node falls back to 24) scripts/run would
 * swap better-sqlite3's build under the suites running beside this test, so the commands run on
 * this test's line; the run on the fallback line covers the machine's Node.
 */
const CALLER_PATH = process.env['WITH_NODE_CALLER_PATH'] ?? process.env['PATH'] ?? '';
const MACHINE_PATH =
  lineOn(CALLER_PATH) === Number(process.versions.node.split('.')[0])
    ? CALLER_PATH
    : (process.env['PATH'] ?? '');

/** A nice value: what the commands take, they take from idle time first. */
const LOWER_PRIORITY = 10;

const ran = (run: Run): Promise<Ran> =>
  new Promise((resolve) => {
    const child = spawn(run.program, run.args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...WITHOUT_TARGETS, PATH: MACHINE_PATH, ...run.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Below the other suites running beside it (mocha's parallel mode): their timings matter.
    if (child.pid !== undefined) setPriority(child.pid, LOWER_PRIORITY);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ ...run, code: null, stdout, stderr: error.message }));
    child.on('close', (code) => resolve({ ...run, code, stdout, stderr }));
  });

/** Runs each, `limit` at a time (each start of a command costs a core for a second or two). */
const allRan = async (runs: readonly Run[], limit: number): Promise<Ran[]> => {
  const results: Ran[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < runs.length; i = next++) {
      const run = runs[i];
      if (run !== undefined) results[i] = await ran(run);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
};

const shown = (run: Run): string =>
  `${run.place}: ${Object.entries(run.env)
    .map(([k, v]) => `${k}=${v} `)
    .join('')}${run.program} ${run.args.join(' ')}`;

describe('the documented commands', function () {
  // About 30 commands, 2 at a time, each a second or two of Node starting (more under load).
  this.timeout(600_000);
  const commands = documentedCommands(PROJECT_ROOT);

  it('are read from code blocks and from inline code naming a script, as typed', () => {
    const markdown = [
      'Run `npm run report` or `npm run pact:<command>`; `npm ci` is npm.',
      '```sh',
      '$ PROVIDER_BASE_URL=https://x.example \\',
      '  npm run verify -- --verbose   # a comment',
      'npm ci && npm start',
      '```',
      '```ts',
      'npm run not-a-command',
      '```',
      '```',
      'node: v20 is older   (output, not a command)',
      'npx tsx src/provider/main.ts --port 8080',
      '```',
    ].join('\n');
    const read = commandsInMarkdown('X.md', markdown).map(
      ({ place, inBlock, env, program, args }) => ({
        place,
        inBlock,
        env,
        line: [program, ...args].join(' '),
      }),
    );
    assert.deepEqual(read, [
      { place: 'X.md:1', inBlock: false, env: {}, line: 'npm run report' },
      { place: 'X.md:1', inBlock: false, env: {}, line: 'npm run pact:<command>' },
      {
        place: 'X.md:4',
        inBlock: true,
        env: { PROVIDER_BASE_URL: 'https://x.example' },
        line: 'npm run verify -- --verbose',
      },
      { place: 'X.md:5', inBlock: true, env: {}, line: 'npm ci' },
      { place: 'X.md:5', inBlock: true, env: {}, line: 'npm start' },
      {
        place: 'X.md:12',
        inBlock: true,
        env: {},
        line: 'npx tsx src/provider/main.ts --port 8080',
      },
    ]);
  });

  it("include the README's, docs/' and src/provider/README.md's own", () => {
    const texts = commands.map(({ text }) => text);
    for (const expected of [
      'npm ci',
      'npm start',
      'npm test',
      'npm run verify',
      'npm run provider -- --db ./provider.sqlite --port 8080',
      'npm run pact:can-i-deploy -- --pacticipant consumer --to-environment production',
      'npm run pact -- list-latest-pact-versions --help',
    ])
      assert.ok(texts.includes(expected), `${expected} not found among ${texts.length} commands`);
  });

  it('name npm scripts that package.json has', () => {
    const missing = commands.flatMap((command) => {
      const npm = npmScriptOf(command);
      return npm === undefined || scriptsNamed(npm.script).length > 0
        ? []
        : [`${command.place}: npm run ${npm.script}`];
    });
    assert.deepEqual(missing, []);
  });

  it('run Node or npx only through scripts/run or an npm script, and name files that exist', () => {
    const wrong = commands.flatMap((command) => {
      if (!command.inBlock) return [];
      if (['node', 'npx', 'tsx'].includes(command.program))
        return [`${command.place}: ${command.text} (bypasses scripts/run: give the npm script)`];
      const file = command.program === 'bash' ? command.args[0] : command.program;
      if (command.program === 'npm' || file === undefined) return [];
      return existsSync(join(PROJECT_ROOT, file)) ? [] : [`${command.place}: no file ${file}`];
    });
    assert.deepEqual(wrong, []);
  });

  it("answer --help with exit 0 and their usage on stdout, on the machine's Node", async () => {
    const seen = new Set<string>();
    const runs = commands.flatMap(runsOf).filter((run) => {
      const key = shown({ ...run, place: '' });
      return seen.has(key) ? false : (seen.add(key), true);
    });
    assert.ok(runs.length >= 20, `only ${runs.length} runs`);
    const failed = (await allRan(runs, 2))
      .filter(({ code, stdout }) => code !== 0 || stdout.trim() === '')
      .map(
        (run) =>
          `${shown(run)}: exit ${String(run.code)}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`,
      );
    assert.deepEqual(failed, []);
  });
});
