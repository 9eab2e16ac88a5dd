/**
 * What `npm run spec:check` prints: each change that matters to this consumer with its class
 * (breaking, compatible, documentation) and the findings behind it, then one closing line and,
 * for a compatible spec, how to adopt it into contracts/openapi/.
 */
import { CONSUMER_NAME, PUBLISHED_OPENAPI_FILE } from '../../contracts/index.js';
import { OPERATION } from '../four-sides/index.js';
import type { Classification, ClassifiedChange } from './classify.js';
import type { Finding } from './checks.js';

export const EXIT = { compatible: 0, breaking: 1, unreadable: 2 } as const;

/** Documentation changes shown one by one, up to this many. */
const DOCUMENTATION_SHOWN = 10;

/** A finding's label: the side it breaks, or what adopting asks. */
const labelOf = (f: Finding) => (f.breaking ? f.side : 'to adopt');

const classOf = (c: ClassifiedChange) =>
  c.breaking ? 'breaking' : c.change.documentation ? 'documentation' : 'compatible';

const changeLines = (c: ClassifiedChange): readonly string[] => [
  `  ${classOf(c).padEnd(13)} ${c.change.where === '' ? '' : `${c.change.where}: `}${c.change.what}`,
  ...c.findings.map((f) => `                  ${labelOf(f)}: ${f.text}`),
];

const sectionLines = (title: string, changes: readonly ClassifiedChange[]): readonly string[] => {
  if (changes.length === 0) return [];
  const documentation = changes.filter((c) => classOf(c) === 'documentation');
  const hidden = documentation.slice(DOCUMENTATION_SHOWN);
  const shown = changes.filter((c) => !hidden.includes(c));
  return [
    `${title}:`,
    ...shown.flatMap(changeLines),
    ...(hidden.length === 0
      ? []
      : [`  documentation ... and ${hidden.length} more (descriptions, examples)`]),
  ];
};

const findingLines = (title: string, findings: readonly Finding[]): readonly string[] =>
  findings.length === 0 ? [] : [`${title}:`, ...findings.map((f) => `  ${labelOf(f)}: ${f.text}`)];

/** What adopting asks of this project besides the copy: declarations, the reference provider. */
const followUps = (classification: Classification): readonly string[] => [
  ...new Set(
    [...classification.changes.flatMap((c) => c.findings), ...classification.together]
      .filter((f) => !f.breaking)
      .map((f) => f.text),
  ),
];

/** The lines after the copy is (to be) adopted: the follow-ups, then the review. */
export const afterAdopting = (classification: Classification): readonly string[] => [
  ...followUps(classification).map((line) => `  then: ${line}`),
  '  then run npm test, review git diff contracts/ and commit.',
];

/** The changes, then the findings no change explains, then those our copy has already. */
export const changesReport = (classification: Classification): readonly string[] => {
  const inOperation = classification.changes.filter((c) => c.change.edits.length > 0);
  const inDocument = classification.changes.filter((c) => c.change.edits.length === 0);
  return [
    ...sectionLines(`${OPERATION.method} ${OPERATION.path}`, inOperation),
    ...sectionLines('the document', inDocument),
    ...findingLines(
      'found with the changes together (no single change brings it)',
      classification.together,
    ),
    ...(classification.already.length === 0
      ? []
      : [
          `${classification.already.length} finding(s) with our own copy already, not counted here: npm test fails on them`,
        ]),
  ];
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The closing lines: the verdict, and how to adopt a compatible spec. */
export const closingLines = (
  classification: Classification,
  adoptCommand: string,
): readonly string[] => {
  const { changes } = classification;
  if (classification.breaking) {
    const breaking = changes.filter((c) => c.breaking).length;
    return [
      `spec:check: ${plural(breaking || 1, 'breaking change')} for ${CONSUMER_NAME}: the pact or the client would fail against the published spec (exit ${EXIT.breaking}). ${PUBLISHED_OPENAPI_FILE} is left as it is: the consumer must change first, or the provider be asked.`,
    ];
  }
  if (changes.length === 0) {
    return [
      `spec:check: no change: ${PUBLISHED_OPENAPI_FILE} is the published spec as it is today.`,
    ];
  }
  return [
    `spec:check: no breaking change, ${plural(changes.length, 'compatible change')}. To adopt the published spec into ${PUBLISHED_OPENAPI_FILE}:`,
    `  ${adoptCommand}`,
    ...afterAdopting(classification),
  ];
};
