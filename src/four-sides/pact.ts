/**
 * Side 2 of the contract, pact ↔ published OpenAPI, both ways: PactFlow's comparator says what
 * of the pact the published document does not allow; the codecs read as JSON Schema say what
 * the pact demands beyond the published schemas, each demand to be declared next to its codec
 * with the client's reason (contracts/).
 */
import { readFile } from 'node:fs/promises';
import { Comparator, type ComparisonResult } from '@pactflow/openapi-pact-comparator';
import * as E from 'fp-ts/lib/Either.js';
import { DECLARED_DEMANDS, INTERACTIONS, type DeclaredDemand } from '../../contracts/index.js';
import {
  auditDemands,
  demandsBeyondPublished,
  type DemandAudit,
  type ResponseContract,
} from './pact-io-ts.js';
import { PROJECT_PACTS_DIR, pactFilesIn } from '../config/index.js';
import { OPERATION } from './operation.js';

/** What PactFlow's comparator finds in `pact` against `document`: errors, warnings. */
export const comparatorFindings = async (
  document: object,
  pact: object,
): Promise<readonly ComparisonResult[]> => {
  // The comparator changes the document it is given (its schemas, in place): give it a copy.
  const comparator = new Comparator({ oas: structuredClone(document) });
  const findings: ComparisonResult[] = [];
  for await (const finding of comparator.compare(structuredClone(pact))) {
    if (finding.type !== 'info') findings.push(finding);
  }
  return findings;
};

/** One comparator finding in one line: type, code, interaction, message. */
export const showComparatorFinding = (f: ComparisonResult): string =>
  `${f.type} ${f.code} in "${f.mockDetails?.interactionDescription ?? ''}": ${f.message}`;

/** The pacts recorded in pacts/ (the committed contract), parsed. */
export const recordedPacts = async (dir = PROJECT_PACTS_DIR): Promise<readonly object[]> => {
  const files = await pactFilesIn(dir)();
  if (E.isLeft(files)) throw new Error(files.left.message);
  return Promise.all(
    files.right.map(async (file) => JSON.parse(await readFile(file, 'utf8')) as object),
  );
};

/** The catalogue's demands beyond `document`, audited against the declared ones. */
export interface DemandCheck {
  readonly audit: DemandAudit;
  /** An interaction whose status the document no longer documents, and why, one line each. */
  readonly undocumented: readonly string[];
}

export const demandCheck = (
  document: unknown,
  interactions: readonly ResponseContract[] = INTERACTIONS,
  declared: readonly DeclaredDemand[] = DECLARED_DEMANDS,
): DemandCheck => {
  // Each interaction alone first: one the document cannot answer is named, the rest audited.
  const readable = interactions.map((i) => ({
    interaction: i,
    found: demandsBeyondPublished([i], document, OPERATION),
  }));
  const undocumented = readable.flatMap(({ interaction, found }) =>
    E.isLeft(found) ? [`[${interaction.key}] ${found.left.message}`] : [],
  );
  const all = demandsBeyondPublished(
    readable.filter(({ found }) => E.isRight(found)).map(({ interaction }) => interaction),
    document,
    OPERATION,
  );
  const audit = auditDemands(E.isRight(all) ? all.right : [], declared);
  return { audit, undocumented };
};
