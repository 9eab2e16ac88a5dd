/** Markdown for CI summaries: text from a run (a mismatch, a URL) shown as text, never as markup. */

/** Escapes what Markdown or its inline HTML would read as markup, and keeps a table cell one line. */
export const markdownText = (text: string): string =>
  text
    .replace(/[\\`*_[\]|<>~&]/g, '\\$&')
    .replace(/\s+/g, ' ')
    .trim();

/** A table: a header row, its rule, and one row per entry, every cell escaped. */
export const markdownTable = (
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] => [
  `| ${header.map(markdownText).join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map((row) => `| ${row.map(markdownText).join(' | ')} |`),
];

/** `12 ms`, `1.24 s`. */
export const duration = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
