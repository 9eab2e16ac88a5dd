/**
 * One fold over an io-ts codec. `nodeOf` reads one level of a codec by io-ts's
 * own `_tag` as a small closed vocabulary (string, pattern, literal, array,
 * object, record...); `fold` walks the whole tree with it and owns what every
 * interpreter would otherwise write again: the recursion, the path (one
 * notation: `errors[*].code`, `headers.*` for any key of a record, `(body)` for
 * the root) and the one policy for shapes no interpreter can express
 * faithfully: they are refused with their path and codec, every one at once.
 * An interpreter is an {@link Algebra}: what to make of each kind, given what
 * was made of its children. Adding a codec kind is a case of `Node`, `nodeOf`
 * and `fold`, and the compiler then names each algebra that must handle it.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { derivationError, problem, type DerivationError } from './error.js';
import { isMinItems, isPattern, type PatternType } from './primitives.js';
import { tagOf } from './tag.js';
import { all, fail, type Result } from './validation.js';

export type LiteralValue = string | number | boolean;

export type NonEmpty<A> = readonly [A, ...A[]];

/** A field of an object codec: `optional` for `t.partial` fields. */
export interface Field<A = t.Mixed> {
  readonly key: string;
  readonly optional: boolean;
  readonly value: A;
}

export type Node =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'integer' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'literal'; readonly value: LiteralValue }
  /** A closed set of values: a union of literals or a `keyof`. */
  | { readonly kind: 'enum'; readonly values: NonEmpty<LiteralValue> }
  | { readonly kind: 'pattern'; readonly codec: PatternType }
  /** `min` is the codec's own minimum (0 for `t.array`). */
  | { readonly kind: 'array'; readonly element: t.Mixed; readonly min: number }
  | { readonly kind: 'object'; readonly fields: readonly Field[] }
  /** `t.record(t.string, value)`: any key, each value like `value`. */
  | { readonly kind: 'record'; readonly value: t.Mixed }
  /** `t.union([inner, t.null])`. */
  | { readonly kind: 'nullable'; readonly inner: t.Mixed }
  /** A union of object shapes (a union of literals is an `enum`). */
  | { readonly kind: 'union'; readonly members: readonly t.Mixed[] }
  | { readonly kind: 'unsupported'; readonly reason: string };

export type Kind = Node['kind'];

const unsupported = (reason: string): Node => ({ kind: 'unsupported', reason });

const fieldsOf = (props: t.Props, optional: boolean): readonly Field[] =>
  Object.entries(props).map(([key, value]) => ({ key, optional, value }));

/** Members of an intersection are merged into one object; a key declared twice is ambiguous. */
const mergeObjects = (members: readonly Node[]): Node => {
  const fields: Field[] = [];
  const seen = new Set<string>();
  for (const member of members) {
    if (member.kind === 'unsupported') return member;
    if (member.kind !== 'object') {
      return unsupported(`an intersection member is a ${member.kind}, not an object`);
    }
    for (const field of member.fields) {
      if (seen.has(field.key)) {
        return unsupported(`field "${field.key}" is declared by more than one member`);
      }
      seen.add(field.key);
      fields.push(field);
    }
  }
  return { kind: 'object', fields };
};

export const isLiteralValue = (u: unknown): u is LiteralValue =>
  typeof u === 'string' || typeof u === 'number' || typeof u === 'boolean';

const unionOf = (members: readonly t.Mixed[]): Node => {
  const nodes = members.map(nodeOf);
  const literals = nodes.flatMap((n) => (n.kind === 'literal' ? [n.value] : []));
  const [first, ...rest] = literals;
  if (first !== undefined && literals.length === nodes.length) {
    return { kind: 'enum', values: [first, ...rest] };
  }
  const notNull = members.filter((m) => tagOf(m) !== 'NullType');
  const [inner] = notNull;
  if (inner !== undefined && notNull.length === 1 && members.length === 2) {
    return { kind: 'nullable', inner };
  }
  if (nodes.every((n) => n.kind === 'object')) return { kind: 'union', members };
  return unsupported(
    'a union of anything but literals, object shapes or one codec and null has no Pact matcher',
  );
};

/** Read one level of a codec, by its `_tag`. Wrappers that add no constraint (readonly, exact) are looked through. */
export const nodeOf = (codec: t.Mixed): Node => {
  if (isPattern(codec)) return { kind: 'pattern', codec };
  if (isMinItems(codec)) return { kind: 'array', element: codec.type, min: codec.minItems };
  switch (tagOf(codec)) {
    case 'StringType':
      return { kind: 'string' };
    case 'NumberType':
      return { kind: 'number' };
    case 'BooleanType':
      return { kind: 'boolean' };
    case 'LiteralType': {
      const { value } = codec as t.LiteralC<string>;
      return isLiteralValue(value)
        ? { kind: 'literal', value }
        : unsupported('a literal of no JSON type');
    }
    case 'KeyofType': {
      const [first, ...rest] = Object.keys((codec as t.KeyofC<Record<string, unknown>>).keys);
      return first === undefined
        ? unsupported('an empty keyof')
        : { kind: 'enum', values: [first, ...rest] };
    }
    case 'UnionType':
      return unionOf((codec as t.UnionC<[t.Mixed, t.Mixed]>).types);
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return { kind: 'array', element: (codec as t.ArrayC<t.Mixed>).type, min: 0 };
    case 'InterfaceType':
    case 'StrictType':
      return { kind: 'object', fields: fieldsOf((codec as t.TypeC<t.Props>).props, false) };
    case 'PartialType':
      return { kind: 'object', fields: fieldsOf((codec as t.PartialC<t.Props>).props, true) };
    case 'IntersectionType':
      return mergeObjects((codec as t.IntersectionC<[t.Mixed, t.Mixed]>).types.map(nodeOf));
    // Exact strips unknown keys when decoding and readonly only changes the static
    // type: neither changes which JSON values are valid.
    case 'ExactType':
    case 'ReadonlyType':
      return nodeOf((codec as t.ReadonlyC<t.Mixed>).type);
    case 'RefinementType':
      return refinementOf(codec as t.RefinementC<t.Mixed>);
    case 'DictionaryType': {
      const { domain, codomain } = codec as t.RecordC<t.Mixed, t.Mixed>;
      return tagOf(domain) === 'StringType'
        ? { kind: 'record', value: codomain }
        : unsupported('a record whose keys are not any string has no Pact key matcher here');
    }
    case 'UnknownType':
    case 'AnyType':
      return unsupported('it accepts any value, so a contract would promise nothing');
    case 'FunctionType':
      return unsupported('a function is not JSON');
    default:
      return unsupported(
        'it is a custom or transforming codec: its wire form is not visible to an interpreter',
      );
  }
};

/**
 * `t.Int` is a brand of number, recognised by name (two copies of io-ts have two
 * `Int`s); a brand of a pattern keeps the pattern (`t.brand(Sku, ...)` adds
 * only a static type). Any other predicate is one no matcher can check.
 */
const refinementOf = (codec: t.RefinementC<t.Mixed>): Node => {
  const base = nodeOf(codec.type);
  if (codec.name === 'Int' && base.kind === 'number') return { kind: 'integer' };
  if (base.kind === 'pattern' && isBrandOfPattern(codec)) return base;
  return unsupported('a refinement or brand adds a predicate no Pact matcher can check');
};

/** `brandedPattern` marks the brands whose predicate is their pattern's. */
const isBrandOfPattern = (codec: t.Mixed) =>
  (codec as { readonly patternBrand?: unknown }).patternBrand === true;

/** Path of a field below `path`. */
export const fieldPath = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** Path of every element of an array. */
export const elementPath = (path: string) => `${path}[*]`;

/** Path of every value of a record. */
export const valuesPath = (path: string) => fieldPath(path, '*');

/** A path as shown to people: `(body)` for the root. */
export const showPath = (path: string) => (path === '' ? '(body)' : path);

/** Where the fold is: the path and the codec found there. */
export interface At {
  readonly path: string;
  readonly codec: t.Mixed;
}

/** What an interpreter makes of each kind of node, given what it made of the children. */
export interface Algebra<A> {
  readonly string: (at: At) => Result<A>;
  readonly number: (at: At) => Result<A>;
  readonly integer: (at: At) => Result<A>;
  readonly boolean: (at: At) => Result<A>;
  readonly literal: (value: LiteralValue, at: At) => Result<A>;
  readonly enum: (values: NonEmpty<LiteralValue>, at: At) => Result<A>;
  readonly pattern: (codec: PatternType, at: At) => Result<A>;
  readonly array: (element: A, min: number, at: At) => Result<A>;
  readonly object: (fields: readonly Field<A>[], at: At) => Result<A>;
  readonly record: (value: A, at: At) => Result<A>;
  readonly nullable: (inner: A, at: At) => Result<A>;
  readonly union: (members: readonly A[], at: At) => Result<A>;
}

/** A refusal of an algebra, at the node it was asked about. */
export const refuse = <A = never>(at: At, reason: string): Result<A> =>
  fail(problem(at.path, at.codec.name, reason));

/** The fold: `algebra` applied bottom-up to the codec tree, every refusal collected. */
export const fold =
  <A>(algebra: Algebra<A>) =>
  (codec: t.Mixed, path = ''): Result<A> => {
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
        return algebra.pattern(node.codec, at);
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
          all(node.members.map((member) => go(member, path))),
          E.flatMap((members) => algebra.union(members, at)),
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
      fold(algebra)(codec),
      E.mapLeft((problems) => derivationError(codec.name, problems)),
    );

export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);
