/**
 * What the catalogue's regexes mean, in words: a pattern whose codec states its meaning
 * (pact-io-ts `pattern(name, regex, example, meaning)`) gives its rule that meaning, keyed by
 * the regex's source, which is how a pact carries it. The report shows a pact's regex rule by
 * its meaning, the regex in small print.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describeRules } from 'pact-io-ts';
import { INTERACTIONS } from '../../contracts/index.js';

/** Regex source -> what it means. */
export type Meanings = ReadonlyMap<string, string>;

export const NO_MEANINGS: Meanings = new Map();

/** Every stated meaning of the regexes these codecs use. */
export const meaningsOf = (codecs: readonly t.Mixed[]): Meanings =>
  new Map(
    codecs.flatMap((codec) =>
      E.getOrElseW(() => [])(describeRules(codec)).flatMap(({ regex, meaning }) =>
        regex === undefined || meaning === undefined ? [] : [[regex, meaning] as const],
      ),
    ),
  );

/** The meanings of every request and response of the catalogue. */
export const catalogueMeanings = (): Meanings =>
  meaningsOf(
    INTERACTIONS.flatMap(({ request, response }) => [
      request.headers,
      request.body,
      response.headers,
      response.body,
    ]),
  );
