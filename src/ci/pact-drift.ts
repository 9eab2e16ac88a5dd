/**
 * A drift of the committed pact (the consumer tests record something else than pacts/ holds),
 * as an annotation on the committed file: the first line that differs, both versions of it in
 * one line, and what to do.
 */
import type { Annotation } from './github.js';

/** The first line (1-based) where the two texts differ, and that line in each. */
const firstDifference = (committed: string, recorded: string) => {
  const [was, now] = [committed.split('\n'), recorded.split('\n')];
  const at = was.findIndex((line, n) => line !== now[n]);
  const index = at >= 0 ? at : was.length < now.length ? was.length : -1;
  return index < 0 ? undefined : { line: index + 1, was: was[index], now: now[index] };
};

const shown = (line: string | undefined): string =>
  line === undefined ? 'nothing (the file ends)' : `\`${line.trim()}\``;

/** `path` is the committed pact's, from the repository's root. */
export const pactDriftAnnotation = (
  path: string,
  committed: string,
  recorded: string,
): Annotation | undefined => {
  const difference = firstDifference(committed, recorded);
  if (difference === undefined) return undefined;
  const { line, was, now } = difference;
  return {
    level: 'error',
    title: 'The committed pact is out of date',
    file: path,
    line,
    message:
      `${path} differs from what the consumer tests record, first at line ${line}: ` +
      `committed ${shown(was)}, recorded ${shown(now)}. Review the diff, then npm run pact:update.`,
  };
};
