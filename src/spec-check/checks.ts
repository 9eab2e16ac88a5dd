/**
 * The four sides' checks (src/four-sides) run on one OpenAPI document, each problem a finding:
 * breaking when the pact or the client would fail against the document (the comparator's
 * errors and warnings, an undeclared demand, a status no longer documented, a drawn answer the
 * client misreads); not breaking when adopting the document only asks for work here (a
 * declared demand the document now promises itself, a reference-provider answer it no longer
 * allows). A check whose tool cannot read the document (a schema JSON Schema does not allow,
 * such as an empty `enum` or a `pattern` that is no regular expression) is a breaking finding
 * too, saying so: nothing vouches for the pact or the client against it, and our copy with it
 * would fail `npm test`.
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  beyondPublished,
  catalogueAnswers,
  clientFindings,
  comparatorFindings,
  demandCheck,
  readOperation,
  recordedPacts,
  showComparatorFinding,
  type PublishedOperation,
  type ReceivedAnswer,
} from '../four-sides/index.js';
import { INTERACTIONS } from '../../contracts/index.js';
import { firstLine } from '../config/index.js';
import { startProvider } from '../provider/index.js';

export type Side = 'pact' | 'client' | 'provider';

/** A document whose operation cannot be read ($ref cycle, dangling $ref): nothing to check. */
export interface CheckFailed {
  readonly _tag: 'CheckFailed';
  readonly message: string;
}

export interface Finding {
  readonly side: Side;
  readonly breaking: boolean;
  /** The same problem found on two documents has the same key. */
  readonly key: string;
  readonly text: string;
}

/** What the checks compare a document with: read once per run. */
export interface CheckContext {
  readonly pacts: readonly object[];
  /** The reference provider's answer to each catalogue interaction, by interaction key. */
  readonly providerAnswers: readonly { readonly key: string; readonly answer: ReceivedAnswer }[];
  /** Answers drawn per documented response for the client (side 3). */
  readonly draws: number;
}

/** The pacts of pacts/ and the reference provider's answers (started, asked, stopped). */
export const checkContext = async (draws: number): Promise<CheckContext> => {
  const provider = await startProvider({});
  try {
    const answers = await catalogueAnswers(provider.url, provider.services);
    return {
      pacts: await recordedPacts(),
      providerAnswers: answers.map((answer, n) => ({ key: INTERACTIONS[n]?.key ?? '', answer })),
      draws,
    };
  } finally {
    await provider.close();
  }
};

const finding = (side: Side, breaking: boolean, key: string, text: string): Finding => ({
  side,
  breaking,
  key: `${side} ${key}`,
  text,
});

/**
 * The findings of `check`, or, when its tool throws on the document, one breaking finding:
 * `unchecked` says what could not be done, then the tool's reason.
 */
const guarded = async (
  side: Side,
  unchecked: string,
  check: () => Promise<readonly Finding[]> | readonly Finding[],
): Promise<readonly Finding[]> => {
  try {
    return await check();
  } catch (error) {
    const why = firstLine(error);
    return [finding(side, true, `unchecked ${unchecked} ${why}`, `${unchecked}: ${why}`)];
  }
};

const comparedFindings = async (document: object, pacts: readonly object[]) =>
  (await Promise.all(pacts.map((p) => comparatorFindings(document, p))))
    .flat()
    .map((f) =>
      finding(
        'pact',
        true,
        `${f.code} ${f.mockDetails?.interactionDescription ?? ''} ${f.mockDetails?.location ?? ''}`,
        `PactFlow's comparator: ${showComparatorFinding(f)}`,
      ),
    );

const demandFindings = (document: object): readonly Finding[] => {
  const { audit, undocumented } = demandCheck(document);
  return [
    ...undocumented.map((line) => finding('pact', true, line, line)),
    ...audit.undeclared.map((d) =>
      finding(
        'pact',
        true,
        `${d.codec} ${d.path} ${d.kind}`,
        `a demand beyond the published spec: ${d.codec} ${d.path} (${d.kind}) ${d.rule} [${d.interactions.join(', ')}]`,
      ),
    ),
    ...audit.stale.map((d) =>
      finding(
        'pact',
        false,
        `stale ${d.codec} ${d.path} ${d.kind}`,
        `the published spec now promises the declared demand ${d.codec} ${d.path} (${d.kind}): remove its declaration from contracts/`,
      ),
    ),
  ];
};

const clientSide = async (operation: PublishedOperation, draws: number) =>
  (await clientFindings(operation, draws)).map((c) => {
    const example = c.answer.body === undefined ? 'no body' : JSON.stringify(c.answer.body);
    return finding(
      'client',
      true,
      c.reason,
      `${c.message.slice(0, 300)} (e.g. ${c.answer.status} ${example.slice(0, 160)})`,
    );
  });

const providerSide = (operation: PublishedOperation, answers: CheckContext['providerAnswers']) =>
  answers.flatMap(({ key, answer }) =>
    beyondPublished(operation, answer).map((problem) =>
      finding(
        'provider',
        false,
        `${key} ${problem}`,
        `the reference provider's answer to [${key}] would not conform: ${problem} (src/provider)`,
      ),
    ),
  );

/** The checks on `document`; Left when its operation cannot be read ($ref cycle, dangling $ref). */
export const checksOn = async (
  document: object,
  context: CheckContext,
): Promise<E.Either<CheckFailed, readonly Finding[]>> => {
  const operation = readOperation(document);
  if (E.isLeft(operation)) return E.left({ _tag: 'CheckFailed', message: operation.left.message });
  return E.right([
    ...(await guarded('pact', "PactFlow's comparator cannot read this document", () =>
      comparedFindings(document, context.pacts),
    )),
    ...(await guarded('pact', "the pact's demands cannot be read against this document", () =>
      demandFindings(document),
    )),
    ...(await guarded('client', 'no answer can be drawn from this document for the client', () =>
      clientSide(operation.right, context.draws),
    )),
    ...(await guarded(
      'provider',
      "the reference provider's answers cannot be validated against this document",
      () => providerSide(operation.right, context.providerAnswers),
    )),
  ]);
};
