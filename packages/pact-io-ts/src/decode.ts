/**
 * Decoding with messages a person can act on: each problem names the field
 * path (`errors[0].code`) and what was expected. String values are described,
 * not quoted, unless the codec is an enumeration: a wrong value may be a token.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { fieldPath, indexPath, showPath } from './path.js';
import { isPattern } from './primitives.js';
import { tagOf } from './tag.js';

export interface DecodeProblem {
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
}

export interface DecodeError {
  readonly _tag: 'DecodeError';
  readonly codec: string;
  readonly problems: readonly DecodeProblem[];
  readonly message: string;
}

const POSITIONAL = new Set(['ArrayType', 'ReadonlyArrayType', 'MinItemsType', 'TupleType']);
const isPositional = (type: t.Decoder<unknown, unknown>) => POSITIONAL.has(tagOf(type));

/** Intersection and union members are not fields: their keys are not shown. */
const isTransparent = (type: t.Decoder<unknown, unknown>) =>
  tagOf(type) === 'IntersectionType' || tagOf(type) === 'UnionType';

/** Wrappers that decode with the context they are given, adding no entry: read what they wrap. */
const WRAPPERS = new Set(['ReadonlyType', 'ExactType', 'RefinementType']);

const unwrapped = (type: t.Decoder<unknown, unknown>): t.Decoder<unknown, unknown> => {
  const inner: unknown = (type as { readonly type?: unknown }).type;
  return WRAPPERS.has(tagOf(type)) &&
    typeof inner === 'object' &&
    inner !== null &&
    'validate' in inner
    ? unwrapped(inner as t.Decoder<unknown, unknown>)
    : type;
};

const pathOf = (context: t.Context): string =>
  context.slice(1).reduce((path, entry, index) => {
    const wrapped = context[index]?.type;
    const parent = wrapped === undefined ? undefined : unwrapped(wrapped);
    if (parent === undefined || isTransparent(parent)) return path;
    return isPositional(parent) ? indexPath(path, entry.key) : fieldPath(path, entry.key);
  }, '');

const isEnumeration = (type: t.Decoder<unknown, unknown>) =>
  tagOf(type) === 'LiteralType' || tagOf(type) === 'KeyofType';

const describeExpected = (type: t.Decoder<unknown, unknown>) =>
  isPattern(type) && type.meaning !== undefined ? `${type.name} (${type.meaning})` : type.name;

const describeActual = (value: unknown, type: t.Decoder<unknown, unknown>) => {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return isEnumeration(type) ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
};

/** The innermost context entry names the codec that refused the value. */
const problemOf = (error: t.ValidationError): DecodeProblem => {
  const last = error.context[error.context.length - 1];
  const type = last?.type ?? t.unknown;
  return {
    path: showPath(pathOf(error.context)),
    expected: error.message ?? describeExpected(type),
    actual: describeActual(error.value, type),
  };
};

const decodeErrorOf = (codec: string, errors: t.Errors): DecodeError => {
  const seen = new Set<string>();
  const problems = errors.map(problemOf).filter((p) => {
    const key = `${p.path}|${p.expected}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  const lines = problems.map((p) => `${p.path}: expected ${p.expected}, got ${p.actual}`);
  return { _tag: 'DecodeError', codec, problems, message: `${codec}: ${lines.join('; ')}` };
};

/** Decode `input` with `codec`; a Left names every path that failed. */
export const decode =
  <A, O>(codec: t.Type<A, O, unknown>) =>
  (input: unknown): E.Either<DecodeError, A> =>
    pipe(
      codec.decode(input),
      E.mapLeft((errors) => decodeErrorOf(codec.name, errors)),
    );
