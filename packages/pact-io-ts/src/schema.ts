/**
 * One schema, many interpreters: `nodeOf` reads one level of an io-ts codec
 * tree as a small closed vocabulary (string, pattern, literal, array,
 * object...). Every interpreter (examples, Pact matchers, plain-words rules,
 * fast-check arbitraries) folds over these nodes, so a codec shape is
 * understood in exactly one place, and a shape none of them can express
 * faithfully becomes an `unsupported` node that they all refuse.
 */
import * as t from 'io-ts';
import { isMinItems, isPattern, type PatternType } from './primitives.js';
import { tagOf } from './tag.js';

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
      const [first, ...rest] = Object.keys(
        (codec as t.KeyofC<Readonly<Record<string, unknown>>>).keys,
      );
      return first === undefined
        ? unsupported('an empty keyof')
        : { kind: 'enum', values: [first, ...rest] };
    }
    case 'UnionType': {
      const members: readonly t.Mixed[] = (codec as t.UnionC<[t.Mixed, t.Mixed]>).types;
      const values = members.map((m) => nodeOf(m));
      const literals = values.flatMap((n) => (n.kind === 'literal' ? [n.value] : []));
      const [first, ...rest] = literals;
      if (first === undefined || literals.length !== values.length) {
        return unsupported('a union of anything but literals has no single Pact matcher');
      }
      return { kind: 'enum', values: [first, ...rest] };
    }
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return { kind: 'array', element: (codec as t.ArrayC<t.Mixed>).type, min: 0 };
    case 'InterfaceType':
    case 'StrictType':
      return {
        kind: 'object',
        required: entriesOf((codec as t.TypeC<t.Props>).props),
        optional: [],
      };
    case 'PartialType':
      return {
        kind: 'object',
        required: [],
        optional: entriesOf((codec as t.PartialC<t.Props>).props),
      };
    case 'IntersectionType': {
      const members: readonly t.Mixed[] = (codec as t.IntersectionC<[t.Mixed, t.Mixed]>).types;
      return mergeObjects(members.map((m) => nodeOf(m)));
    }
    // Exact strips unknown keys when decoding and readonly only changes the static
    // type: neither changes which JSON values are valid.
    case 'ExactType':
    case 'ReadonlyType':
      return nodeOf((codec as t.ReadonlyC<t.Mixed>).type);
    case 'RefinementType':
      return codec.name === 'Int' && tagOf((codec as t.RefinementC<t.Mixed>).type) === 'NumberType'
        ? { kind: 'integer' }
        : unsupported('a refinement or brand adds a predicate no Pact matcher can check');
    case 'UnknownType':
    case 'AnyType':
      return unsupported('it accepts any value, so a contract would promise nothing');
    case 'FunctionType':
      return unsupported('a function is not JSON');
    case 'DictionaryType':
      return unsupported('a record with arbitrary keys has no exact Pact shape');
    default:
      return unsupported(
        'it is a custom or transforming codec: its wire form is not visible to an interpreter',
      );
  }
};

/** Path of a field below `path`. */
export const fieldPath = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** Path of the element template below an array. */
export const elementPath = (path: string) => `${path}[0]`;

export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);
