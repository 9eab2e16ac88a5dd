/**
 * One fold over an io-ts codec. `nodeOf` (`node.ts`) reads one level of a
 * codec; `fold` walks the whole tree with it, once, and owns what every
 * interpreter would otherwise write again: the recursion, the path (one
 * notation: `errors[*].code`, `headers.*` for any key of a record, `(body)` for
 * the root), a union's members and the choice of the member a value takes, and
 * the one policy for shapes no interpreter can express faithfully: they are
 * refused with their path and codec, every one at once. An interpreter is an
 * {@link Algebra}: what to make of each kind, given what was made of its
 * children. Two interpreters run together in the same walk with
 * {@link alongside}. Adding a codec kind is a case of `Node`, `nodeOf` and
 * `fold`, and the compiler then names each algebra that must handle it.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as RNEA from 'fp-ts/lib/ReadonlyNonEmptyArray.js';
import type * as t from 'io-ts';
import { derivationError, problem, type DerivationError } from './error.js';
import { nodeOf, type Field, type LiteralValue, type NonEmpty } from './node.js';
import { elementPath, fieldPath, valuesPath } from './path.js';
import type { Pattern } from './primitives.js';
import { all, allOf, fail, type Result } from './validation.js';

/** Where the fold is: the path and the codec found there. */
export interface At {
  readonly path: string;
  readonly codec: t.Mixed;
}

/** A member of a union: its position, its codec's name and what the algebra made of it. */
export interface Member<A> {
  readonly index: number;
  readonly name: string;
  readonly value: A;
}

/** What an algebra is given of a union of object shapes. */
export interface Union<A> {
  /** Every member, in declaration order. */
  readonly members: NonEmpty<Member<A>>;
  /** The member a value takes: the first whose codec accepts it, as io-ts decodes a union. */
  readonly choose: (value: unknown) => Member<A> | undefined;
}

/**
 * What an interpreter makes of each kind of node (a `Result<R>`), given what
 * was made of its children (`C`) and where it is (`X`). An {@link Algebra} is
 * one whose children are of its own result type.
 */
export interface AlgebraOf<C, R, X extends At = At> {
  readonly string: (at: X) => Result<R>;
  readonly number: (at: X) => Result<R>;
  readonly integer: (at: X) => Result<R>;
  readonly boolean: (at: X) => Result<R>;
  readonly literal: (value: LiteralValue, at: X) => Result<R>;
  readonly enum: (values: NonEmpty<LiteralValue>, at: X) => Result<R>;
  readonly pattern: (pattern: Pattern, at: X) => Result<R>;
  readonly array: (element: C, min: number, at: X) => Result<R>;
  readonly object: (fields: readonly Field<C>[], at: X) => Result<R>;
  readonly record: (value: C, at: X) => Result<R>;
  readonly nullable: (inner: C, at: X) => Result<R>;
  readonly union: (union: Union<C>, at: X) => Result<R>;
}

/** What an interpreter makes of each kind of node, given what it made of the children. */
export type Algebra<A> = AlgebraOf<A, A>;

/** A refusal of an algebra, at the node it was asked about. */
export const refuse = <A = never>(at: At, reason: string): Result<A> =>
  fail(problem(at.path, at.codec.name, reason));

/** A union's members, and the choice of one by its codec's own guard (`is`, what decoding checks). */
const unionOf = <A>(codecs: NonEmpty<t.Mixed>, made: NonEmpty<A>): Union<A> => {
  const members = RNEA.mapWithIndex((index, value: A) => ({
    index,
    name: codecs[index]?.name ?? '',
    value,
  }))(made);
  return {
    members,
    choose: (value) => members.find((m) => codecs[m.index]?.is(value) === true),
  };
};

/** The fold: `algebra` applied bottom-up to the codec tree, every refusal collected. */
const fold =
  <A>(algebra: Algebra<A>) =>
  (codec: t.Mixed, path: string): Result<A> => {
    const go = fold(algebra);
    const node = nodeOf(codec);
    const at: At = { path, codec };
    switch (node.kind) {
      case 'string':
      case 'number':
      case 'integer':
      case 'boolean':
        return algebra[node.kind](at);
      case 'literal':
        return algebra.literal(node.value, at);
      case 'enum':
        return algebra.enum(node.values, at);
      case 'pattern':
        return algebra.pattern(node.pattern, at);
      case 'array':
        return pipe(
          go(node.element, elementPath(path)),
          E.flatMap((element) => algebra.array(element, node.min, at)),
        );
      case 'object':
        return pipe(
          all(
            node.fields.map((field) =>
              pipe(
                go(field.value, fieldPath(path, field.key)),
                E.map((value) => ({ ...field, value })),
              ),
            ),
          ),
          E.flatMap((fields) => algebra.object(fields, at)),
        );
      case 'record':
        return pipe(
          go(node.value, valuesPath(path)),
          E.flatMap((value) => algebra.record(value, at)),
        );
      case 'nullable':
        return pipe(
          go(node.inner, path),
          E.flatMap((inner) => algebra.nullable(inner, at)),
        );
      case 'union':
        return pipe(
          allOf(RNEA.map((member: t.Mixed) => go(member, path))(node.members)),
          E.flatMap((made) => algebra.union(unionOf(node.members, made), at)),
        );
      case 'unsupported':
        return refuse(at, node.reason);
    }
  };

/** {@link fold} from the root, every problem gathered in one {@link DerivationError}. */
export const interpret =
  <A>(algebra: Algebra<A>) =>
  (codec: t.Mixed): E.Either<DerivationError, A> =>
    pipe(
      fold(algebra)(codec, ''),
      E.mapLeft((problems) => derivationError(codec.name, problems)),
    );

/** Where an algebra run {@link alongside} another is: also what the other made of this node. */
export interface Beside<A> extends At {
  readonly first: A;
}

/** Each child as what the first algebra and the second made of it. */
export type Both<A, B> = readonly [A, B];

const firstOf = <A, B>(both: Both<A, B>): A => both[0];

const mapUnion = <A, B>(union: Union<A>, f: (a: A) => B): Union<B> => {
  const member = (m: Member<A>): Member<B> => ({ ...m, value: f(m.value) });
  return {
    members: RNEA.map(member)(union.members),
    choose: (value) => {
      const chosen = union.choose(value);
      return chosen === undefined ? undefined : member(chosen);
    },
  };
};

/**
 * Two interpreters in one walk: `first` as it is, and `second` given, for each
 * node, what both made of its children and what `first` made of the node
 * itself (`at.first`): the demanded schema beside the codec's schema, broken
 * values beside valid ones, a Pact template beside the canonical example.
 */
export const alongside = <A, B>(
  first: Algebra<A>,
  second: AlgebraOf<Both<A, B>, B, Beside<A>>,
): Algebra<Both<A, B>> => {
  const both =
    (made: Result<A>, at: At) =>
    (then: (beside: Beside<A>) => Result<B>): Result<Both<A, B>> =>
      pipe(
        made,
        E.flatMap((a) =>
          pipe(
            then({ ...at, first: a }),
            E.map((b): Both<A, B> => [a, b]),
          ),
        ),
      );
  const firstFields = (fields: readonly Field<Both<A, B>>[]) =>
    fields.map((f) => ({ ...f, value: f.value[0] }));
  return {
    string: (at) => both(first.string(at), at)(second.string),
    number: (at) => both(first.number(at), at)(second.number),
    integer: (at) => both(first.integer(at), at)(second.integer),
    boolean: (at) => both(first.boolean(at), at)(second.boolean),
    literal: (v, at) => both(first.literal(v, at), at)((b) => second.literal(v, b)),
    enum: (vs, at) => both(first.enum(vs, at), at)((b) => second.enum(vs, b)),
    pattern: (p, at) => both(first.pattern(p, at), at)((b) => second.pattern(p, b)),
    array: (element, min, at) =>
      both(first.array(element[0], min, at), at)((b) => second.array(element, min, b)),
    object: (fields, at) =>
      both(first.object(firstFields(fields), at), at)((b) => second.object(fields, b)),
    record: (value, at) => both(first.record(value[0], at), at)((b) => second.record(value, b)),
    nullable: (inner, at) =>
      both(first.nullable(inner[0], at), at)((b) => second.nullable(inner, b)),
    union: (union, at) =>
      both(first.union(mapUnion(union, firstOf), at), at)((b) => second.union(union, b)),
  };
};

export type { Field, LiteralValue, NonEmpty, Result };
