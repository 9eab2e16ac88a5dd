/**
 * Branch coverage. A Pact body cannot say "may be absent", "may be null" or
 * "one of these shapes", so each branch a codec allows (an optional field
 * present or absent, a nullable value null or not, each member of a union of
 * object shapes) is either demanded of the provider by an interaction whose
 * example takes it, or left to the client's own tests, whose arbitraries
 * (`pact-io-ts/arbitrary`) draw it. A branch covered by neither is a gap: the
 * client meets it first in production. An optional field is never demanded:
 * the derived template leaves it out (`matchers.ts`).
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import type { DerivationError } from './error.js';
import { interpret, type Algebra, type Member } from './fold.js';
import { fieldPath, isRecord, showPath } from './path.js';

export interface Branch {
  /** `errors[*].source: present`, `(body): member 2 (Refund)`... */
  readonly id: string;
  readonly path: string;
  readonly kind: 'optional' | 'nullable' | 'union';
  /** Whether a pact can demand it: an interaction's template takes it. */
  readonly demandable: boolean;
}

/** The branches of a node, and those a value found there takes. */
interface Branching {
  readonly branches: readonly Branch[];
  readonly taken: (value: unknown) => readonly string[];
}

const branch = (path: string, kind: Branch['kind'], name: string, demandable: boolean): Branch => ({
  id: `${showPath(path)}: ${name}`,
  path: showPath(path),
  kind,
  demandable,
});

const LEAF: Branching = { branches: [], taken: () => [] };
const noBranches = () => E.right<never, Branching>(LEAF);

const each = (inner: Branching, values: (v: unknown) => readonly unknown[]) =>
  E.right<never, Branching>({
    branches: inner.branches,
    taken: (value) => values(value).flatMap(inner.taken),
  });

const branchesAlgebra: Algebra<Branching> = {
  string: noBranches,
  number: noBranches,
  integer: noBranches,
  boolean: noBranches,
  literal: noBranches,
  enum: noBranches,
  pattern: noBranches,
  array: (element) => each(element, (v) => (Array.isArray(v) ? v : [])),
  record: (value) => each(value, (v) => (isRecord(v) ? Object.values(v) : [])),
  object: (fields, at) => {
    const own = fields.map((f) => {
      const path = fieldPath(at.path, f.key);
      return {
        field: f,
        present: branch(path, 'optional', 'present', false),
        absent: branch(path, 'optional', 'absent', false),
      };
    });
    return E.right({
      branches: own.flatMap(({ field, present, absent }) =>
        field.optional ? [present, absent, ...field.value.branches] : field.value.branches,
      ),
      taken: (value) =>
        isRecord(value)
          ? own.flatMap(({ field, present, absent }) => {
              const found = value[field.key];
              if (!field.optional) return field.value.taken(found);
              return found === undefined ? [absent.id] : [present.id, ...field.value.taken(found)];
            })
          : [],
    });
  },
  nullable: (inner, at) => {
    const isNull = branch(at.path, 'nullable', 'null', true);
    const notNull = branch(at.path, 'nullable', 'not null', true);
    return E.right({
      branches: [isNull, notNull, ...inner.branches],
      taken: (value) => (value === null ? [isNull.id] : [notNull.id, ...inner.taken(value)]),
    });
  },
  union: ({ members, choose }, at) => {
    const branchOf = (m: Member<Branching>) =>
      branch(at.path, 'union', `member ${m.index + 1} (${m.name})`, true);
    return E.right({
      branches: members.flatMap((m) => [branchOf(m), ...m.value.branches]),
      taken: (value) => {
        const chosen = choose(value);
        return chosen === undefined ? [] : [branchOf(chosen).id, ...chosen.value.taken(value)];
      },
    });
  },
};

/** Every branch `codec` allows. */
export const branchesOf = (codec: t.Mixed): E.Either<DerivationError, readonly Branch[]> =>
  pipe(
    interpret(branchesAlgebra)(codec),
    E.map((b) => b.branches),
  );

/** An interaction's use of a codec: its key and the example its pact shows. */
export interface ExampleUse {
  readonly interaction: string;
  readonly example: unknown;
}

export interface BranchCoverage extends Branch {
  /** Interactions whose example takes the branch: the pact demands it of the provider. */
  readonly demandedBy: readonly string[];
  /** The client's property tests draw it. */
  readonly drawn: boolean;
}

/**
 * For each branch of `codec`: the interactions that demand it and whether the
 * `drawn` values (the client's property-test inputs) take it.
 */
export const branchCoverage = (
  codec: t.Mixed,
  uses: readonly ExampleUse[],
  drawn: readonly unknown[],
): E.Either<DerivationError, readonly BranchCoverage[]> =>
  pipe(
    interpret(branchesAlgebra)(codec),
    E.map(({ branches, taken }) => {
      const drawnIds = new Set(drawn.flatMap(taken));
      return branches.map((b) => ({
        ...b,
        demandedBy: b.demandable
          ? uses.filter((u) => taken(u.example).includes(b.id)).map((u) => u.interaction)
          : [],
        drawn: drawnIds.has(b.id),
      }));
    }),
  );

/** The branches neither a pact demands nor the client's tests draw, one line each. */
export const uncoveredBranches = (codec: string, coverage: readonly BranchCoverage[]) =>
  coverage
    .filter((c) => c.demandedBy.length === 0 && !c.drawn)
    .map(
      (c) =>
        `${codec} ${c.id}: no interaction demands it and the client's tests never draw it; ` +
        'draw it (pact-io-ts/arbitrary) or, if the client depends on the provider producing it, add an interaction whose example takes it and declare the demand',
    );
