/**
 * Mermaid sequence diagrams as Markdown lines: GitHub and most Markdown viewers draw a
 * ```mermaid block. Text from pacts goes through `mermaidText`, so that no value can end a
 * statement or turn into markup; test/report/diagrams.test.ts parses every diagram with
 * Mermaid's own parser and reads the text back.
 */

/**
 * Characters Mermaid reads as syntax inside a message, a note or a participant's label, as
 * Mermaid's entity codes (`#59;` is `;`): `;` ends a statement, `#…;` is an entity, `%%` may
 * start a comment, and `<`, `>`, `&` and `"` are HTML when the diagram is drawn.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  ';': '#59;',
  '#': '#35;',
  '%': '#37;',
  '<': '#lt;',
  '>': '#gt;',
  '&': '#amp;',
  '"': '#quot;',
};

/** One line of text as Mermaid shows it verbatim; line breaks become `<br/>`. */
export const mermaidText = (text: string): string =>
  text
    .replace(/[;#%<>&"]/g, (c) => ENTITIES[c] ?? c)
    .split(/\r\n|\r|\n/)
    .join('<br/>');

/** Several lines of text, one under the other. */
const lines = (text: readonly string[]): string => text.map(mermaidText).join('<br/>');

export interface Participant {
  /** The name statements use: letters only. */
  readonly id: string;
  readonly label: string;
}

/** A solid arrow: a request. */
export const request = (from: Participant, to: Participant, text: readonly string[]) =>
  `${from.id}->>${to.id}: ${lines(text)}`;

/** A dotted arrow: the answer to a request. */
export const answer = (from: Participant, to: Participant, text: readonly string[]) =>
  `${from.id}-->>${to.id}: ${lines(text)}`;

export const noteOver = (participants: readonly Participant[], text: readonly string[]) =>
  `Note over ${participants.map((p) => p.id).join(',')}: ${lines(text)}`;

export const noteBeside = (
  side: 'left' | 'right',
  participant: Participant,
  text: readonly string[],
) => `Note ${side} of ${participant.id}: ${lines(text)}`;

/** The diagram as a fenced ```mermaid block. */
export const sequenceDiagram = (
  participants: readonly Participant[],
  statements: readonly string[],
): string[] => [
  '```mermaid',
  'sequenceDiagram',
  ...participants.map((p) => `  participant ${p.id} as ${mermaidText(p.label)}`),
  ...statements.map((s) => `  ${s}`),
  '```',
];
