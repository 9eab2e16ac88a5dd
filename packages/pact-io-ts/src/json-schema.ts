/**
 * Interpreter: the JSON Schema (draft 2020-12) of a codec, in its wire form:
 * what the decoder accepts, stated so it can be compared, path by path, with a
 * provider's published schema (`demands.ts`) or handed to any JSON Schema tool.
 * Objects stay open (no `additionalProperties: false`): the codecs tolerate
 * unknown fields. Optional (`partial`) fields are properties that are not required.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { derivationError, problem, type DerivationError } from './error.js';
import { elementPath, fieldPath, nodeOf, type LiteralValue } from './schema.js';
import { all, fail, type Result } from './validation.js';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

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
}

const typeOfValue = (value: LiteralValue): JsonType =>
  typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'boolean' : 'number';

const schemaAt = (codec: t.Mixed, path: string): Result<JsonSchema> => {
  const node = nodeOf(codec);
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      return E.right({ type: node.kind });
    case 'literal':
      return E.right({ type: typeOfValue(node.value), const: node.value });
    case 'enum': {
      const types = new Set(node.values.map(typeOfValue));
      const [only] = [...types];
      return E.right({
        ...(types.size === 1 && only !== undefined ? { type: only } : {}),
        enum: node.values,
      });
    }
    case 'pattern':
      return E.right({
        type: 'string',
        pattern: node.codec.pattern.source,
        description: node.codec.meaning,
      });
    case 'array':
      return pipe(
        schemaAt(node.element, elementPath(path)),
        E.map((items) => ({
          type: 'array' as const,
          items,
          ...(node.min > 0 ? { minItems: node.min } : {}),
        })),
      );
    case 'object': {
      const fields = [...node.required, ...node.optional];
      return pipe(
        all(
          fields.map(([key, field]) =>
            pipe(
              schemaAt(field, fieldPath(path, key)),
              E.map((schema) => [key, schema] as const),
            ),
          ),
        ),
        E.map((entries) => ({
          type: 'object' as const,
          properties: Object.fromEntries(entries),
          required: node.required.map(([key]) => key),
        })),
      );
    }
    case 'unsupported':
      return fail(problem(path, codec.name, node.reason));
  }
};

/** The JSON Schema of `codec`'s wire form, or every path no schema can state. */
export const toJsonSchema = (codec: t.Mixed): E.Either<DerivationError, JsonSchema> =>
  pipe(
    schemaAt(codec, ''),
    E.bimap(
      (problems) => derivationError(codec.name, problems),
      (schema) => ({ $schema: JSON_SCHEMA_DIALECT, title: codec.name, ...schema }),
    ),
  );
