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
import {
  alongside,
  interpret,
  type Algebra,
  type AlgebraOf,
  type Beside,
  type Both,
  type LiteralValue,
} from './fold.js';
import { isRecord } from './path.js';

const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

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

const jsonSchemaAlgebra: Algebra<JsonSchema> = {
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
  pattern: ({ pattern, meaning }) =>
    right({
      type: 'string',
      pattern: pattern.source,
      ...(meaning === undefined ? {} : { description: meaning }),
    }),
  array: (items, min) => right({ type: 'array', items, ...(min > 0 ? { minItems: min } : {}) }),
  object: (fields) =>
    right({
      type: 'object',
      properties: Object.fromEntries(fields.map((f) => [f.key, f.value])),
      required: fields.filter((f) => !f.optional).map((f) => f.key),
    }),
  record: (value) => right({ type: 'object', additionalProperties: value }),
  nullable: (inner) => right({ anyOf: [inner, { type: 'null' }] }),
  union: ({ members }) => right({ anyOf: members.map((m) => m.value) }),
};

/** The JSON Schema of `codec`'s wire form, or every path no schema can state. */
export const toJsonSchema = (codec: t.Mixed): E.Either<DerivationError, JsonSchema> =>
  pipe(
    interpret(jsonSchemaAlgebra)(codec),
    E.map((schema) => ({ $schema: JSON_SCHEMA_DIALECT, title: codec.name, ...schema })),
  );

/** What the schema of a node becomes for a given value. */
type Demanded = (value: unknown) => JsonSchema;

/**
 * What the values shown demand, together: one schema when they take the same
 * branches, else each distinct one; with no value shown, the canonical one's.
 */
const shownBy = (values: readonly unknown[], demanded: Demanded): JsonSchema => {
  const schemas = new Map(
    (values.length === 0 ? [undefined] : values).map((v) => {
      const schema = demanded(v);
      return [JSON.stringify(schema), schema] as const;
    }),
  );
  const [only, ...others] = schemas.values();
  return only !== undefined && others.length === 0 ? only : { anyOf: [...schemas.values()] };
};

/** The node's own schema, whatever the value: a leaf demands what the codec does. */
const itself = (at: Beside<JsonSchema>) => E.right<never, Demanded>(() => at.first);

/**
 * The schema of what a pact built from an example demands, beside the codec's
 * own: the same, but a nullable value or a union is the branch the example
 * takes (a Pact body cannot say "may be null" or "one of these shapes").
 * Compared with a published schema that allows the other branches, the taken
 * one is a demand. Where the example shows no value (an empty array or record),
 * the pact shows the canonical one: not null, the first member.
 */
const demandedAlgebra: AlgebraOf<Both<JsonSchema, Demanded>, Demanded, Beside<JsonSchema>> = {
  string: itself,
  number: itself,
  integer: itself,
  boolean: itself,
  literal: (_, at) => itself(at),
  enum: (_, at) => itself(at),
  pattern: (_, at) => itself(at),
  array: ([, items], _, at) =>
    E.right((value) => ({
      ...at.first,
      items: shownBy(Array.isArray(value) ? value : [], items),
    })),
  object: (fields, at) =>
    E.right((value) => ({
      ...at.first,
      properties: Object.fromEntries(
        fields.map((f) => [f.key, f.value[1](isRecord(value) ? value[f.key] : undefined)]),
      ),
    })),
  record: ([, values], at) =>
    E.right((value) => ({
      ...at.first,
      additionalProperties: shownBy(isRecord(value) ? Object.values(value) : [], values),
    })),
  nullable: ([, inner]) => E.right((value) => (value === null ? { type: 'null' } : inner(value))),
  // No value (an empty array or record shown): the canonical example's member, the first.
  union: (union) => E.right((value) => (union.choose(value) ?? union.members[0]).value[1](value)),
};

/** The JSON Schema of what a pact showing `example` demands of `codec`'s wire form. */
export const demandedJsonSchema = (
  codec: t.Mixed,
  example: unknown,
): E.Either<DerivationError, JsonSchema> =>
  pipe(
    interpret(alongside(jsonSchemaAlgebra, demandedAlgebra))(codec),
    E.map(([, demanded]) => demanded(example)),
  );
