/**
 * The third judge of `npm run strength`: the provider's published OpenAPI (our copy) and HTTP.
 * An answer passes when the document gives its status the meaning it gives the recorded
 * answer's (the same response: the same code, or the same class or `default` entry), its `Content-Type` names a published media
 * type as RFC 9110 reads it, its body is JSON that the published response schema of its status
 * allows (ajv, as side 4 validates the reference provider), and every header the response
 * requires is there. A parameter that does not change how the body decodes changes nothing;
 * a charset other than UTF-8 claims a body JSON cannot be (RFC 8259 §8.1).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Judge, Verdict, WireAnswer } from 'pact-io-ts/strength';
import { bodyProblems, responsesOf, type PublishedOperation } from '../four-sides/index.js';
import { parseMediaType } from './media-type.js';

/** The answer's header `name`, whatever case it was sent in. */
const headerOf = (answer: WireAnswer, name: string): string | undefined =>
  Object.entries(answer.headers).find(([key]) => key.toLowerCase() === name)?.[1];

const contentTypeProblems = (
  answer: WireAnswer,
  mediaTypes: readonly string[],
): readonly string[] => {
  const value = headerOf(answer, 'content-type');
  if (value === undefined) return ['no Content-Type'];
  const read = parseMediaType(value);
  if (E.isLeft(read)) return [read.left];
  const { essence, parameters } = read.right;
  const published = mediaTypes.map((type) => type.toLowerCase());
  return [
    ...(published.includes(essence)
      ? []
      : [`Content-Type ${essence} is not ${published.join(' or ')}`]),
    ...parameters
      .filter(([name, charset]) => name === 'charset' && charset.toLowerCase() !== 'utf-8')
      .map(([, charset]) => `charset ${charset}: JSON is UTF-8 (RFC 8259 §8.1)`),
  ];
};

/** Everything the published operation and HTTP do not allow in `answer`; empty when they allow it. */
export const specProblems = (
  operation: PublishedOperation,
  answer: WireAnswer,
): readonly string[] => {
  const published = operation.response(answer.status);
  if (published === undefined)
    return [`${answer.status}: a status the operation does not document`];
  const missing = Object.entries(published.headers)
    .filter(([name, header]) => header.required && headerOf(answer, name) === undefined)
    .map(([name]) => `${answer.status}: no ${name} header, which the response requires`);
  if (published.mediaTypes.length === 0) return missing;
  return [
    ...missing,
    ...contentTypeProblems(answer, published.mediaTypes),
    ...bodyProblems({ ...answer, body: answer.body ?? '' }, published.body),
  ];
};

const verdictOf = (problems: readonly string[]): Verdict =>
  problems.length === 0 ? 'passes' : 'fails';

/** The response entry documenting `status`: its code, else its class (`4XX`), else `default`. */
export const documentedKeyOf = (
  operation: PublishedOperation,
  status: number,
): string | undefined => {
  const keys = Object.keys(responsesOf(operation.resolved));
  const byClass = keys.find((key) => key.toUpperCase() === `${Math.floor(status / 100)}XX`);
  return (
    keys.find((key) => key === String(status)) ?? byClass ?? keys.find((key) => key === 'default')
  );
};

/** Why `mutant`'s answer means something else than the recorded answer of its interaction. */
const meaningProblems = (
  operation: PublishedOperation,
  answer: WireAnswer,
  recordedStatus: number | undefined,
): readonly string[] => {
  if (recordedStatus === undefined || answer.status === recordedStatus) return [];
  const documented = documentedKeyOf(operation, answer.status);
  return documented !== undefined && documented === documentedKeyOf(operation, recordedStatus)
    ? []
    : [`${answer.status}: another response than the recorded ${recordedStatus}'s`];
};

/**
 * The published spec and HTTP as a judge, each answer read as it is, no server needed.
 * `recordedStatusOf` gives the status of each interaction's recorded answer: an answer of a
 * status the document gives another meaning is another answer, which the client rightly reads
 * otherwise.
 */
export const specJudge = (
  operation: PublishedOperation,
  recordedStatusOf: (interaction: string) => number | undefined,
): Judge => ({
  name: 'spec',
  judge: (mutants) =>
    Promise.resolve(
      new Map(
        mutants.map((m) => [
          m.id,
          verdictOf([
            ...meaningProblems(operation, m.answer, recordedStatusOf(m.interaction)),
            ...specProblems(operation, m.answer),
          ]),
        ]),
      ),
    ),
});
