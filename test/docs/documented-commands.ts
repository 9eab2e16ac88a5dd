/**
 * The commands the documentation gives: read from the shell lines of its code blocks (each line
 * as typed, after a `$ ` prompt if any, continuation lines joined, comments dropped, `&&` and `|`
 * chains split) and from its inline code that names an npm script (`npm run report`). What each
 * one runs: an npm script, a project file (scripts/run, bash broker/install.sh), or Node or npx
 * directly (which bypasses the project's Node line: scripts/run, docs/node.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocumentedCommand {
  /** Where: `docs/broker.md:47`. */
  readonly place: string;
  /** As written, without its comment. */
  readonly text: string;
  /** From a code block (as typed) or from inline code in prose. */
  readonly inBlock: boolean;
  /** `NAME=value` words before the program. */
  readonly env: Readonly<Record<string, string>>;
  readonly program: string;
  readonly args: readonly string[];
}

/** The documents: the README, docs/*.md and every README.md under src/. */
export const documentsIn = (root: string): readonly string[] => [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name)),
  ...readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path === 'README.md' || path.endsWith('/README.md'))
    .map((path) => join('src', path)),
];

/** The programs a documented line may start with; any other first word is output or prose. */
const PROGRAMS = new Set([
  'npm',
  'npx',
  'node',
  'tsx',
  'bash',
  'scripts/run',
  'scripts/with-node.sh',
  '.ci/run',
]);

/** Code blocks of another language than the shell's hold no commands. */
const SHELL_BLOCK = /^\s*```(?:sh|bash|shell|console|text)?\s*$/;
const FENCE = /^\s*```/;

const commandOf = (place: string, text: string, inBlock: boolean): DocumentedCommand[] => {
  const words = text.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0] !== undefined && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name = '', ...value] = (words.shift() ?? '').split('=');
    env[name] = value.join('=');
  }
  const [program = '', ...args] = words;
  return PROGRAMS.has(program) ? [{ place, text: text.trim(), inBlock, env, program, args }] : [];
};

/** A shell line's commands: `a && b`, `a | b`, `a; b` are two. */
const chained = (place: string, line: string, inBlock: boolean): DocumentedCommand[] =>
  line
    .replace(/^\s*\$\s+/, '')
    .replace(/(^|\s)#\s.*$/, '')
    .split(/\s*(?:&&|\|\||\||;)\s*/)
    .flatMap((part) => commandOf(place, part, inBlock));

/** Every command of one document. */
export const commandsInMarkdown = (file: string, markdown: string): DocumentedCommand[] => {
  const lines = markdown.split('\n');
  const commands: DocumentedCommand[] = [];
  let block: 'shell' | 'other' | undefined;
  let pending = '';
  lines.forEach((line, i) => {
    const place = `${file}:${i + 1}`;
    if (FENCE.test(line)) {
      block = block !== undefined ? undefined : SHELL_BLOCK.test(line) ? 'shell' : 'other';
      return;
    }
    if (block === 'other') return;
    if (block === 'shell') {
      pending += line.replace(/\\\s*$/, ' ');
      if (/\\\s*$/.test(line)) return;
      commands.push(...chained(place, pending, true));
      pending = '';
      return;
    }
    for (const [, code = ''] of line.matchAll(/`([^`]+)`/g)) {
      if (/^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*npm (?:run|start|test)\b/.test(code))
        commands.push(...chained(place, code, false));
    }
  });
  return commands;
};

export const documentedCommands = (root: string): DocumentedCommand[] =>
  documentsIn(root).flatMap((file) =>
    commandsInMarkdown(file, readFileSync(join(root, file), 'utf8')),
  );

/** npm's own commands and scripts, which the project does not define. */
const NPM_OWN = new Set(['ci', 'install', 'pack', 'exec', 'env']);

/**
 * The npm script a command runs (`npm start`, `npm run -s verify -- ...`), undefined for npm's
 * own commands and for other programs; its arguments are those after `--`.
 */
export const npmScriptOf = (
  command: DocumentedCommand,
): { readonly script: string; readonly args: readonly string[] } | undefined => {
  if (command.program !== 'npm') return undefined;
  const [sub = '', ...rest] = command.args;
  const words = sub === 'run' || sub === 'run-script' ? rest : [sub, ...rest];
  // Past npm's own flags (`npm run -s broker:start`).
  const at = words.findIndex((word) => !word.startsWith('-'));
  const [script = '', ...after] = at === -1 ? [] : words.slice(at);
  // npm's own, or a name for the reader (`npm run <script>`, `npm run -s`).
  if (NPM_OWN.has(script) || script === '' || script.startsWith('<')) return undefined;
  const dashes = after.indexOf('--');
  return { script, args: dashes === -1 ? [] : after.slice(dashes + 1) };
};
