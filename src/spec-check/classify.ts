/**
 * Which changes break this consumer. The checks run on the published document as a whole
 * decide: a change is breaking when our copy with that change alone fails a check that the
 * whole document fails too (and our copy passes). A finding no single change explains is
 * reported on its own, as found with the changes together.
 */
import * as E from 'fp-ts/lib/Either.js';
import { copyWith, type Change, type Resolved } from './changes.js';
import { checksOn, type CheckContext, type CheckFailed, type Finding } from './checks.js';

export interface ClassifiedChange {
  readonly change: Change;
  /** The findings this change alone brings, when the whole document has them too. */
  readonly findings: readonly Finding[];
  readonly breaking: boolean;
}

export interface Classification {
  readonly changes: readonly ClassifiedChange[];
  /** Findings of the whole document that no single change brings. */
  readonly together: readonly Finding[];
  /** Findings our copy already has (npm test fails on them): not counted here. */
  readonly already: readonly Finding[];
  readonly breaking: boolean;
}

const keys = (findings: readonly Finding[]) => new Set(findings.map((f) => f.key));

/** What each change alone brings, or the first document whose operation cannot be read. */
const aloneFindings = async (
  changes: readonly Change[],
  documents: { readonly copy: Resolved; readonly published: Resolved },
  context: CheckContext,
): Promise<E.Either<CheckFailed, readonly (readonly Finding[])[]>> => {
  const found: (readonly Finding[])[] = [];
  for (const change of changes) {
    if (change.documentation || change.edits.length === 0) {
      found.push([]);
      continue;
    }
    const alone = await checksOn(copyWith(documents.copy, documents.published, change), context);
    if (E.isLeft(alone)) return alone;
    found.push(alone.right);
  }
  return E.right(found);
};

export const classify = async (
  changes: readonly Change[],
  documents: { readonly copy: Resolved; readonly published: Resolved },
  context: CheckContext,
): Promise<E.Either<CheckFailed, Classification>> => {
  const whole = await checksOn(documents.published.document, context);
  if (E.isLeft(whole)) return whole;
  const compatible = (already: readonly Finding[]): Classification => ({
    changes: changes.map((change) => ({ change, findings: [], breaking: false })),
    together: [],
    already,
    breaking: false,
  });
  if (whole.right.length === 0) return E.right(compatible([]));
  // Our copy's own findings are the project's problem (npm test), not the published spec's.
  const ours = await checksOn(documents.copy.document, context);
  if (E.isLeft(ours)) return ours;
  const known = keys(ours.right);
  const already = whole.right.filter((f) => known.has(f.key));
  const found = whole.right.filter((f) => !known.has(f.key));
  if (found.length === 0) return E.right(compatible(already));
  const foundKeys = keys(found);
  const alone = await aloneFindings(changes, documents, context);
  if (E.isLeft(alone)) return alone;
  const classified = changes.map((change, n): ClassifiedChange => {
    const brought = (alone.right[n] ?? []).filter((f) => foundKeys.has(f.key));
    return { change, findings: brought, breaking: brought.some((f) => f.breaking) };
  });
  const explained = new Set(classified.flatMap((c) => c.findings.map((f) => f.key)));
  return E.right({
    changes: classified,
    together: found.filter((f) => !explained.has(f.key)),
    already,
    breaking: found.some((f) => f.breaking),
  });
};
