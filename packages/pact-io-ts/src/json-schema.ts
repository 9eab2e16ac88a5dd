/**
 * Interpreter: the JSON Schema (draft 2020-12) of a codec, in its wire form:
 * what the decoder accepts, stated so it can be compared, path by path, with a
 * provider's published schema (`demands.ts`) or handed to any JSON Schema tool.
 * Objects stay open (no `additionalProperties: false`): the codecs tolerate
 * unknown fields. Optional (`partial`) fields are properties that are not required.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import type { DerivationError } from './error.js';
import { interpret, isRecord, type Algebra, type LiteralValue } from './fold.js';
import type { Result } from './validation.js';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';

/** The part of JSON Schema 2020-12 the codecs need. */
export interface JsonSchema {
  readonly $schema?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: JsonType;
  readonly const?: LiteralValue;
  readonly enum?: readonly LiteralValue[];
  readonly pattern?: string;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
}

export const typeOfValue = (value: LiteralValue): JsonType =>
  typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'boolean' : 'number';

const right = (schema: JsonSchema) => E.right<never, JsonSchema>(schema);

export const jsonSchemaAlgebra: Algebra<JsonSchema> = {
  string: () => right({ type: 'string' }),
  number: () => right({ type: 'number' }),
  integer: () => right({ type: 'integer' }),
  boolean: () => right({ type: 'boolean' }),
  literal: (value) => right({ type: typeOfValue(value), const: value }),
  enum: (values) => {
    const types = new Set(values.map(typeOfValue));
    const [only] = [...types];
    return right({
      ...(types.size === 1 && only !== undefined ? { type: only } : {}),
      enum: values,
    });
  },
  pattern: (codec) =>
    right({ type: 'string', pattern: codec.pattern.source, description: codec.meaning }),
  array: (items, min) => right({ type: 'array', items, ...(min > 0 ? { minItems: min } : {}) }),
  object: (fields) =>
    right({
      type: 'object',
      properties: Object.fromEntries(fields.map((f) => [f.key, f.value])),
      required: fields.filter((f) => !f.optional).map((f) => f.key),
    }),
  record: (value) => right({ type: 'object', additionalProperties: value }),
  nullable: (inner) => right({ anyOf: [inner, { type: 'null' }] }),
  union: (members) => right({ anyOf: members }),
};

/** The JSON Schema of `codec`'s wire form, or every path no schema can state. */
export const toJsonSchema = (codec: t.Mixed): E.Either<DerivationError, JsonSchema> =>
  pipe(
    interpret(jsonSchemaAlgebra)(codec),
    E.map((schema) => ({ $schema: JSON_SCHEMA_DIALECT, title: codec.name, ...schema })),
  );

/** What the schema of a node becomes for a given value. */
type Demanded = (value: unknown) => JsonSchema;

const fixed = (schema: Result<JsonSchema>) =>
  E.map(
    (s: JsonSchema): Demanded =>
      () =>
        s,
  )(schema);

const firstOf = (value: unknown, values: (v: unknown) => readonly unknown[]) => values(value)[0];

/**
 * The schema of what a pact built from an example demands: as the codec's, but
 * a nullable value or a union is the branch the example takes (a Pact body
 * cannot say "may be null" or "one of these shapes"). Compared with a published
 * schema that allows the other branches, the taken one is a demand.
 */
const demandedAlgebra: Algebra<Demanded> = {
  string: (at) => fixed(jsonSchemaAlgebra.string(at)),
  number: (at) => fixed(jsonSchemaAlgebra.number(at)),
  integer: (at) => fixed(jsonSchemaAlgebra.integer(at)),
  boolean: (at) => fixed(jsonSchemaAlgebra.boolean(at)),
  literal: (value, at) => fixed(jsonSchemaAlgebra.literal(value, at)),
  enum: (values, at) => fixed(jsonSchemaAlgebra.enum(values, at)),
  pattern: (codec, at) => fixed(jsonSchemaAlgebra.pattern(codec, at)),
  array: (items, min) =>
    E.right((value) => ({
      type: 'array',
      items: items(firstOf(value, (v) => (Array.isArray(v) ? v : []))),
      ...(min > 0 ? { minItems: min } : {}),
    })),
  object: (fields) =>
    E.right((value) => ({
      type: 'object',
      properties: Object.fromEntries(
        fields.map((f) => [f.key, f.value(isRecord(value) ? value[f.key] : undefined)]),
      ),
      required: fields.filter((f) => !f.optional).map((f) => f.key),
    })),
  record: (values) =>
    E.right((value) => ({
      type: 'object',
      additionalProperties: values(firstOf(value, (v) => (isRecord(v) ? Object.values(v) : []))),
    })),
  nullable: (inner) => E.right((value) => (value === null ? { type: 'null' } : inner(value))),
  union: (members, at) =>
    E.right((value) => {
      const codecs: readonly t.Mixed[] = (at.codec as t.UnionC<[t.Mixed, t.Mixed]>).types;
      const taken = members[codecs.findIndex((c) => E.isRight(c.decode(value)))];
      return taken === undefined ? { anyOf: members.map((m) => m(undefined)) } : taken(value);
    }),
};

/** The JSON Schema of what a pact showing `example` demands of `codec`'s wire form. */
export const demandedJsonSchema = (
  codec: t.Mixed,
  example: unknown,
): E.Either<DerivationError, JsonSchema> =>
  pipe(
    interpret(demandedAlgebra)(codec),
    E.map((demanded) => demanded(example)),
  );
