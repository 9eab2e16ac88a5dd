/**
 * Reading one level of an io-ts codec by io-ts's own `_tag` as a small closed
 * vocabulary (string, pattern, literal, array, object, record...). Wrappers
 * that add no constraint (`t.readonly`, `t.exact`) are looked through, so a
 * shape reads the same wrapped or not. Anything outside the vocabulary is
 * `unsupported`, with the reason no interpreter can express it: the fold
 * (`fold.ts`) refuses it at its path.
 */
import type { ReadonlyNonEmptyArray } from 'fp-ts/lib/ReadonlyNonEmptyArray.js';
import * as t from 'io-ts';
import { isMinItems, isPattern, type Pattern } from './primitives.js';
import { tagOf } from './tag.js';

export type LiteralValue = string | number | boolean;

export type NonEmpty<A> = ReadonlyNonEmptyArray<A>;

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
  | { readonly kind: 'pattern'; readonly pattern: Pattern }
  /** `min` is the codec's own minimum (0 for `t.array`). */
  | { readonly kind: 'array'; readonly element: t.Mixed; readonly min: number }
  | { readonly kind: 'object'; readonly fields: readonly Field[] }
  /** `t.record(t.string, value)`: any key, each value like `value`. */
  | { readonly kind: 'record'; readonly value: t.Mixed }
  /** `t.union([inner, t.null])`. */
  | { readonly kind: 'nullable'; readonly inner: t.Mixed }
  /** A union of object shapes (a union of literals is an `enum`), nested unions flattened. */
  | { readonly kind: 'union'; readonly members: NonEmpty<t.Mixed> }
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

const nonEmpty = <A>(items: readonly A[]): NonEmpty<A> | undefined => {
  const [first, ...rest] = items;
  return first === undefined ? undefined : [first, ...rest];
};

/** The values of members that are literals or enumerations, when every member is one. */
const enumOf = (nodes: readonly Node[]): NonEmpty<LiteralValue> | undefined => {
  const values = nodes.flatMap((n) =>
    n.kind === 'literal' ? [n.value] : n.kind === 'enum' ? n.values : [],
  );
  const closed = nodes.every((n) => n.kind === 'literal' || n.kind === 'enum');
  return closed ? nonEmpty([...new Set(values)]) : undefined;
};

/** Object shapes, a member that is itself a union of object shapes contributing its members. */
const objectShapesOf = (members: readonly t.Mixed[], nodes: readonly Node[]) => {
  const shapes: t.Mixed[] = [];
  for (const [i, node] of nodes.entries()) {
    const member = members[i];
    if (member === undefined) continue;
    if (node.kind === 'object') shapes.push(member);
    else if (node.kind === 'union') shapes.push(...node.members);
    else return undefined;
  }
  return nonEmpty(shapes);
};

const unionOf = (members: readonly t.Mixed[]): Node => {
  const nodes = members.map(nodeOf);
  const values = enumOf(nodes);
  if (values !== undefined) return { kind: 'enum', values };
  const notNull = members.filter((m) => tagOf(m) !== 'NullType');
  const [inner] = notNull;
  if (inner !== undefined && notNull.length === 1 && members.length === 2) {
    return { kind: 'nullable', inner };
  }
  const shapes = objectShapesOf(members, nodes);
  if (shapes !== undefined) return { kind: 'union', members: shapes };
  return unsupported(
    'a union of anything but literals, object shapes or one codec and null has no Pact matcher',
  );
};

/** Read one level of a codec, by its `_tag`. */
export const nodeOf = (codec: t.Mixed): Node => {
  if (isPattern(codec)) return patternOf(codec);
  if (isMinItems(codec)) return { kind: 'array', element: codec.type, min: codec.minItems };
  switch (tagOf(codec)) {
    case 'StringType':
      return { kind: 'string' };
    case 'NumberType':
      return { kind: 'number' };
    case 'BooleanType':
      return { kind: 'boolean' };
    case 'LiteralType':
      return literalOf((codec as t.LiteralC<string>).value);
    case 'KeyofType':
      return keyofOf(codec as t.KeyofC<Record<string, unknown>>);
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
    case 'DictionaryType':
      return recordOf(codec as t.RecordC<t.Mixed, t.Mixed>);
    default:
      return unsupported(unsupportedReason(tagOf(codec)));
  }
};

const unsupportedReason = (tag: string) => {
  switch (tag) {
    case 'UnknownType':
    case 'AnyType':
      return 'it accepts any value, so a contract would promise nothing';
    case 'FunctionType':
      return 'a function is not JSON';
    case 'NullType':
      return 'null alone promises nothing; a nullable value is t.union([codec, t.null])';
    default:
      return 'it is a custom or transforming codec: its wire form is not visible to an interpreter';
  }
};

const literalOf = (value: unknown): Node =>
  isLiteralValue(value) ? { kind: 'literal', value } : unsupported('a literal of no JSON type');

const keyofOf = (codec: t.KeyofC<Record<string, unknown>>): Node => {
  const values = nonEmpty(Object.keys(codec.keys));
  return values === undefined ? unsupported('an empty keyof') : { kind: 'enum', values };
};

const recordOf = ({ domain, codomain }: t.RecordC<t.Mixed, t.Mixed>): Node =>
  tagOf(domain) === 'StringType'
    ? { kind: 'record', value: codomain }
    : unsupported('a record whose keys are not any string has no Pact key matcher here');

/** Pact's regex engine is Rust's: JavaScript flags have no equivalent in a pact. */
const patternOf = (codec: Pattern, meaning = codec.meaning): Node =>
  codec.pattern.flags === ''
    ? {
        kind: 'pattern',
        pattern: { name: codec.name, pattern: codec.pattern, example: codec.example, meaning },
      }
    : unsupported(`flags /${codec.pattern.flags} do not translate to Pact's regex`);

/**
 * `t.Int` is a brand of number, recognised by name (two copies of io-ts have two
 * `Int`s); a brand of a pattern keeps the pattern (`t.brand(Sku, ...)` adds
 * only a static type) and may state its own meaning. Any other predicate is one
 * no matcher can check.
 */
const refinementOf = (codec: t.RefinementC<t.Mixed>): Node => {
  const base = nodeOf(codec.type);
  if (codec.name === 'Int' && base.kind === 'number') return { kind: 'integer' };
  const brand = codec as { readonly patternBrand?: unknown; readonly meaning?: unknown };
  if (base.kind === 'pattern' && brand.patternBrand === true) {
    return typeof brand.meaning === 'string' ? patternOf(base.pattern, brand.meaning) : base;
  }
  return unsupported('a refinement or brand adds a predicate no Pact matcher can check');
};
