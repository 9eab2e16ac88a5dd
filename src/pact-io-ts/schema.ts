/**
 * One schema, many interpreters: `nodeOf` reads one level of an io-ts codec
 * tree as a small closed vocabulary (string, pattern, literal, array,
 * object...). Every interpreter (examples, Pact matchers, plain-words rules,
 * fast-check arbitraries) folds over these nodes, so a codec shape is
 * understood in exactly one place, and a shape none of them can express
 * faithfully becomes an `unsupported` node that they all refuse.
 */
import * as t from 'io-ts';
import { MinItemsType, PatternType } from '../../contracts/primitives.js';

export type LiteralValue = string | number | boolean;

export type Node =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'integer' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'literal'; readonly value: LiteralValue }
  /** A closed set of values: a union of literals or a `keyof`. Never empty. */
  | { readonly kind: 'enum'; readonly values: readonly [LiteralValue, ...LiteralValue[]] }
  | { readonly kind: 'pattern'; readonly codec: PatternType }
  /** `min` is the codec's own minimum (0 for `t.array`). */
  | { readonly kind: 'array'; readonly element: t.Mixed; readonly min: number }
  | {
      readonly kind: 'object';
      readonly required: readonly (readonly [string, t.Mixed])[];
      readonly optional: readonly (readonly [string, t.Mixed])[];
    }
  | { readonly kind: 'unsupported'; readonly reason: string };

const unsupported = (reason: string): Node => ({ kind: 'unsupported', reason });

const entriesOf = (props: t.Props) => Object.entries(props);

/** Members of an intersection are merged into one object; a key declared twice is ambiguous. */
const mergeObjects = (members: readonly Node[]): Node => {
  const required: (readonly [string, t.Mixed])[] = [];
  const optional: (readonly [string, t.Mixed])[] = [];
  const seen = new Set<string>();
  for (const member of members) {
    if (member.kind === 'unsupported') return member;
    if (member.kind !== 'object') {
      return unsupported(`an intersection member is a ${member.kind}, not an object`);
    }
    for (const [key] of [...member.required, ...member.optional]) {
      if (seen.has(key)) return unsupported(`field "${key}" is declared by more than one member`);
      seen.add(key);
    }
    required.push(...member.required);
    optional.push(...member.optional);
  }
  return { kind: 'object', required, optional };
};

const isLiteralValue = (u: unknown): u is LiteralValue =>
  typeof u === 'string' || typeof u === 'number' || typeof u === 'boolean';

/** Read one level of a codec. Wrappers that add no constraint (readonly, exact) are looked through. */
export const nodeOf = (codec: t.Mixed): Node => {
  // PatternType and MinItemsType first: they are our own t.Type subclasses.
  if (codec instanceof PatternType) return { kind: 'pattern', codec };
  if (codec instanceof MinItemsType) {
    return { kind: 'array', element: codec.type, min: codec.minItems };
  }
  if (codec instanceof t.StringType) return { kind: 'string' };
  if (codec instanceof t.NumberType) return { kind: 'number' };
  if (codec instanceof t.BooleanType) return { kind: 'boolean' };
  if (codec === t.Int) return { kind: 'integer' };
  if (codec instanceof t.LiteralType) {
    const value: unknown = codec.value;
    return isLiteralValue(value)
      ? { kind: 'literal', value }
      : unsupported('a literal of no JSON type');
  }
  if (codec instanceof t.KeyofType) {
    const [first, ...rest] = Object.keys(codec.keys);
    return first === undefined
      ? unsupported('an empty keyof')
      : { kind: 'enum', values: [first, ...rest] };
  }
  if (codec instanceof t.UnionType) {
    const members: readonly t.Mixed[] = codec.types;
    const values = members.map((m) => nodeOf(m));
    const literals = values.flatMap((n) => (n.kind === 'literal' ? [n.value] : []));
    const [first, ...rest] = literals;
    if (first === undefined || literals.length !== values.length) {
      return unsupported('a union of anything but literals has no single Pact matcher');
    }
    return { kind: 'enum', values: [first, ...rest] };
  }
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) {
    const element: t.Mixed = codec.type;
    return { kind: 'array', element, min: 0 };
  }
  if (codec instanceof t.InterfaceType || codec instanceof t.StrictType) {
    const props: t.Props = codec.props;
    return { kind: 'object', required: entriesOf(props), optional: [] };
  }
  if (codec instanceof t.PartialType) {
    const props: t.Props = codec.props;
    return { kind: 'object', required: [], optional: entriesOf(props) };
  }
  if (codec instanceof t.IntersectionType) {
    const members: readonly t.Mixed[] = codec.types;
    return mergeObjects(members.map((m) => nodeOf(m)));
  }
  // Exact strips unknown keys when decoding and readonly only changes the static
  // type: neither changes which JSON values are valid.
  if (codec instanceof t.ExactType || codec instanceof t.ReadonlyType) {
    const inner: t.Mixed = codec.type;
    return nodeOf(inner);
  }
  if (codec instanceof t.RefinementType) {
    return unsupported('a refinement or brand adds a predicate no Pact matcher can check');
  }
  if (codec instanceof t.UnknownType || codec instanceof t.AnyType) {
    return unsupported('it accepts any value, so a contract would promise nothing');
  }
  if (codec instanceof t.FunctionType) return unsupported('a function is not JSON');
  if (codec instanceof t.DictionaryType) {
    return unsupported('a record with arbitrary keys has no exact Pact shape');
  }
  return unsupported(
    'it is a custom or transforming codec: its wire form is not visible to an interpreter',
  );
};

/** Path of a field below `path`. */
export const fieldPath = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** Path of the element template below an array. */
export const elementPath = (path: string) => `${path}[0]`;

export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);
