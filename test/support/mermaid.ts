/**
 * Mermaid diagrams read by Mermaid itself (the `mermaid` package: its parser runs in Node
 * without a DOM or a browser): the ```mermaid blocks of a Markdown text, each parsed, and the
 * text of its participants, messages and notes as Mermaid will draw it.
 */
import mermaid from 'mermaid';
import { isRecord } from '../../src/four-sides/pact-io-ts.js';

export interface ReadDiagram {
  readonly type: string;
  /** Participants' labels, in order. */
  readonly participants: readonly string[];
  /** Messages and notes, in order, as `from->to: text` (a note: `note: text`). */
  readonly statements: readonly string[];
}

interface SequenceDb {
  readonly getActors: () => ReadonlyMap<string, { readonly description: string }>;
  readonly getMessages: () => readonly {
    readonly from?: string;
    readonly to?: string;
    readonly message: unknown;
    readonly placement?: unknown;
  }[];
}

const isSequenceDb = (db: unknown): db is SequenceDb =>
  isRecord(db) && typeof db['getActors'] === 'function' && typeof db['getMessages'] === 'function';

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * What the reader sees: Mermaid keeps entity codes (`#59;`) as markers until it draws them as
 * HTML entities, and `<br/>` as a line break.
 */
const drawn = (text: string): string =>
  text
    .replace(/ﬂ°°/g, '&#')
    .replace(/ﬂ°/g, '&')
    .replace(/¶ß/g, ';')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&(\w+);/g, (whole, name: string) => NAMED[name] ?? whole);

/** The bodies of the ```mermaid blocks of a Markdown text. */
export const mermaidBlocks = (markdown: string): string[] =>
  [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');

/** Parses a sequence diagram (Mermaid's error when it does not parse) and reads it back. */
export const readSequenceDiagram = async (text: string): Promise<ReadDiagram> => {
  const { diagramType } = await mermaid.parse(text);
  const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
  if (!isSequenceDb(db)) throw new Error(`not a sequence diagram: ${diagramType}`);
  return {
    type: diagramType,
    participants: [...db.getActors().values()].map((a) => drawn(a.description)),
    statements: db
      .getMessages()
      .map((m) =>
        m.placement === undefined
          ? `${m.from ?? '?'}->${m.to ?? '?'}: ${drawn(String(m.message))}`
          : `note: ${drawn(String(m.message))}`,
      ),
  };
};
