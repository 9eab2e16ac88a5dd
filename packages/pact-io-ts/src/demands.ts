/**
 * What a pact demands beyond the provider's published contract: each response
 * codec read as JSON Schema (`json-schema.ts`) and compared, path by path, with
 * the published response schema (`openapi.ts`). A demand is anything the codec
 * refuses that the published schema allows: a type, a value, a pattern, a
 * minimum length, a required field, a header. Comparing schemas, not samples,
 * finds every one, and names its path.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import type { DerivationError } from './error.js';
import {
  demandedJsonSchema,
  toJsonSchema,
  typeOfValue,
  type JsonSchema,
  type JsonType,
} from './json-schema.js';
import { isLiteralValue, type LiteralValue } from './node.js';
import { elementPath, fieldPath, isRecord, showPath, valuesPath } from './path.js';
import { publishedResponse, type PublishedResponse, type SpecError } from './published.js';

export type DemandKind =
  /** A type the published schema leaves free or states otherwise. */
  | 'type'
  /** An equality or enumeration on a value the published schema leaves (more) free. */
  | 'value'
  /** A regex on a string the published schema does not constrain so. */
  | 'pattern'
  /** A minimum number of array items the published schema does not state. */
  | 'minItems'
  /** A field or header that must be present where the published schema does not require it. */
  | 'required'
  /** A header the published response does not list. */
  | 'header';

export interface DeclaredDemand {
  /** The codec's name (`TokenResponseBody`). */
  readonly codec: string;
  /** Field path (`errors[*].code`) or header name (`Content-Type`). */
  readonly path: string;
  readonly kind: DemandKind;
  /** Why the client needs it: what it does with the value. */
  readonly reason: string;
}

/** The demands of one codec, declared where the codec is defined. */
export const declareDemands = (
  codec: { readonly name: string },
  demands: readonly Omit<DeclaredDemand, 'codec'>[],
): readonly DeclaredDemand[] => demands.map((demand) => ({ codec: codec.name, ...demand }));

export interface Demand {
  readonly codec: string;
  /** Field path (`errors[*].code`, `(body)`) or header name. */
  readonly path: string;
  readonly kind: DemandKind;
  /** What the codec demands and what the published schema says, in words. */
  readonly rule: string;
}

/** A demand and where the pact makes it. */
export interface FoundDemand extends Demand {
  readonly interactions: readonly string[];
  readonly statuses: readonly number[];
}

/** The response side of a catalogue entry: what the pact expects the provider to answer. */
export interface ResponseContract {
  readonly key: string;
  readonly response: {
    readonly status: number;
    readonly headers: t.Mixed;
    readonly body: t.Mixed;
    /** The body the pact shows: a nullable value or a union demands the branch it takes. */
    readonly bodyExample?: unknown;
  };
}

const show = (value: unknown) => JSON.stringify(value);

const field = (schema: unknown, key: string): unknown =>
  isRecord(schema) ? schema[key] : undefined;

/** The values the published schema allows, when it lists them. */
const theirValues = (schema: unknown): readonly LiteralValue[] | undefined => {
  const constant = field(schema, 'const');
  if (isLiteralValue(constant)) return [constant];
  const listed = field(schema, 'enum');
  return Array.isArray(listed) ? listed.filter(isLiteralValue) : undefined;
};

/** The types the published schema allows; `undefined` when it leaves the type free. */
const theirTypes = (schema: unknown): ReadonlySet<string> | undefined => {
  const type = field(schema, 'type');
  if (typeof type === 'string') return new Set([type]);
  if (Array.isArray(type)) return new Set(type.filter((x): x is string => typeof x === 'string'));
  const values = theirValues(schema);
  return values === undefined ? undefined : new Set(values.map(typeOfValue));
};

const allows = (types: ReadonlySet<string>, type: JsonType) =>
  types.has(type) || (type === 'integer' && types.has('number'));

const stringsOf = (schema: unknown, key: string): readonly string[] => {
  const value = field(schema, key);
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
};

type Compare = (
  ours: JsonSchema,
  theirs: unknown,
  path: string,
) => readonly Omit<Demand, 'codec'>[];

const typeDemand: Compare = (ours, theirs, path) => {
  const types = theirTypes(theirs);
  const shown = showPath(path);
  if (ours.type === undefined || (types !== undefined && allows(types, ours.type))) return [];
  const published =
    types === undefined ? 'leaves its type free' : `says ${[...types].join(' or ')}`;
  return [
    {
      path: shown,
      kind: 'type',
      rule: `must be a ${ours.type}; the published schema ${published}`,
    },
  ];
};

const allowsNull = (schema: unknown) =>
  theirTypes(schema)?.has('null') === true || field(schema, 'nullable') === true;

/** The published schema allows null where the codec (or the branch the pact takes) does not. */
const nullDemand: Compare = (ours, theirs, path) =>
  ours.type === undefined || ours.type === 'null' || !allowsNull(theirs)
    ? []
    : [
        {
          path: showPath(path),
          kind: 'type',
          rule: `must not be null; the published schema allows null`,
        },
      ];

/** The published schema without its null: what a nullable codec's other branch is compared with. */
const withoutNull = (schema: unknown): unknown => {
  const type = field(schema, 'type');
  if (!isRecord(schema)) return schema;
  return {
    ...schema,
    nullable: false,
    ...(Array.isArray(type) ? { type: type.filter((x) => x !== 'null') } : {}),
  };
};

const valueDemand: Compare = (ours, theirs, path) => {
  const values = ours.const !== undefined ? [ours.const] : ours.enum;
  if (values === undefined) return [];
  const published = theirValues(theirs);
  if (published !== undefined && published.every((v) => values.includes(v))) return [];
  const allowed =
    published === undefined
      ? 'any value'
      : `also ${published
          .filter((v) => !values.includes(v))
          .map(show)
          .join(', ')}`;
  const demanded =
    values.length === 1 ? `equal ${show(values[0])}` : `be one of ${values.map(show).join(', ')}`;
  return [
    { path, kind: 'value', rule: `must ${demanded}; the published schema allows ${allowed}` },
  ];
};

/** What a pattern demands, its meaning (the schema's description) in brackets. */
const mustMatch = (regex: string, meaning: string | undefined) =>
  `must match \`${regex}\`${meaning === undefined ? '' : ` (${meaning})`}`;

const patternDemand: Compare = (ours, theirs, path) => {
  if (ours.pattern === undefined || field(theirs, 'pattern') === ours.pattern) return [];
  const regex = new RegExp(ours.pattern);
  const published = theirValues(theirs);
  // Every value the spec lists matches: the pattern takes nothing away.
  if (published !== undefined && published.every((v) => typeof v === 'string' && regex.test(v))) {
    return [];
  }
  return [
    {
      path,
      kind: 'pattern',
      rule: `${mustMatch(ours.pattern, ours.description)}; the published schema sets no such pattern`,
    },
  ];
};

const minItemsDemand: Compare = (ours, theirs, path) => {
  const published = field(theirs, 'minItems');
  const theirMin = typeof published === 'number' ? published : 0;
  if (ours.minItems === undefined || ours.minItems <= theirMin) return [];
  return [
    {
      path,
      kind: 'minItems',
      rule: `must hold at least ${ours.minItems} item(s); the published schema requires ${theirMin}`,
    },
  ];
};

const compareAt: Compare = (ours, theirs, path) => {
  const required = stringsOf(theirs, 'required');
  const theirProperties = field(theirs, 'properties');
  const ourRequired = ours.required ?? [];
  return [
    ...typeDemand(ours, theirs, path),
    ...nullDemand(ours, theirs, path),
    ...valueDemand(ours, theirs, path),
    ...patternDemand(ours, theirs, path),
    ...minItemsDemand(ours, theirs, path),
    ...(ours.items === undefined
      ? []
      : compareAt(ours.items, field(theirs, 'items'), elementPath(path))),
    // A record: each value against the published schema's values.
    ...(ours.additionalProperties === undefined
      ? []
      : compareAt(
          ours.additionalProperties,
          field(theirs, 'additionalProperties'),
          valuesPath(path),
        )),
    // A nullable value or a union: each branch the codec allows, against the published schema.
    ...(ours.anyOf ?? [])
      .filter((branch) => branch.type !== 'null')
      .flatMap((branch) => compareAt(branch, withoutNull(theirs), path)),
    ...Object.entries(ours.properties ?? {}).flatMap(([key, schema]) => {
      const at = fieldPath(path, key);
      const presence =
        ourRequired.includes(key) && !required.includes(key)
          ? [
              {
                path: at,
                kind: 'required' as const,
                rule: 'must be present; the published schema does not require it',
              },
            ]
          : [];
      return [...presence, ...compareAt(schema, field(theirProperties, key), at)];
    }),
  ];
};

/** Compares one header of the codec with the published response's media types and headers. */
const headerDemands = (
  name: string,
  ours: JsonSchema,
  published: PublishedResponse,
): readonly Omit<Demand, 'codec'>[] => {
  const lower = name.toLowerCase();
  if (lower === 'content-type') {
    // The spec constrains Content-Type only by its list of media types.
    const values = published.mediaTypes;
    const listed = values.length === 0 ? 'no media type' : `the media types ${values.join(', ')}`;
    if (ours.const !== undefined && values.includes(String(ours.const))) return [];
    return ours.pattern === undefined && ours.const === undefined
      ? []
      : [
          {
            path: name,
            kind: 'pattern',
            rule: `${mustMatch(ours.pattern ?? show(ours.const), ours.description)}; the published response names ${listed}`,
          },
        ];
  }
  const header = published.headers[lower];
  if (header === undefined) {
    return [
      {
        path: name,
        kind: 'header',
        rule: `must be sent; the published ${published.status} response lists no such header`,
      },
    ];
  }
  return [
    ...(header.required
      ? []
      : [
          {
            path: name,
            kind: 'required' as const,
            rule: 'must be sent; the published response lists it as optional',
          },
        ]),
    ...compareAt(ours, header.schema, name),
  ];
};

export type DemandsError = DerivationError | SpecError;

const demandsOfResponse = (
  contract: ResponseContract,
  document: unknown,
  operation: { readonly method: string; readonly path: string },
): E.Either<DemandsError, readonly FoundDemand[]> => {
  const { response } = contract;
  return pipe(
    E.Do,
    E.apSW('published', publishedResponse(document, operation, response.status)),
    E.apSW(
      'body',
      response.bodyExample === undefined
        ? toJsonSchema(response.body)
        : demandedJsonSchema(response.body, response.bodyExample),
    ),
    E.apSW('headers', toJsonSchema(response.headers)),
    E.map(({ published, body, headers }) => {
      const where = (demand: Omit<Demand, 'codec'>, codec: t.Mixed): FoundDemand => ({
        codec: codec.name,
        ...demand,
        interactions: [contract.key],
        statuses: [response.status],
      });
      return [
        ...compareAt(body, published.body ?? {}, '').map((d) => where(d, response.body)),
        ...Object.entries(headers.properties ?? {}).flatMap(([name, schema]) =>
          headerDemands(name, schema, published).map((d) => where(d, response.headers)),
        ),
      ];
    }),
  );
};

const keyOf = (d: Pick<Demand, 'codec' | 'path' | 'kind'>) => `${d.codec}|${d.path}|${d.kind}`;

/** One entry per codec, path and kind, listing the interactions and statuses that make it. */
const merged = (found: readonly FoundDemand[]): readonly FoundDemand[] => {
  const byKey = new Map<string, FoundDemand>();
  for (const demand of found) {
    const seen = byKey.get(keyOf(demand));
    byKey.set(
      keyOf(demand),
      seen === undefined
        ? demand
        : {
            ...seen,
            interactions: [...seen.interactions, ...demand.interactions],
            statuses: [...new Set([...seen.statuses, ...demand.statuses])],
          },
    );
  }
  return [...byKey.values()];
};

/** Every demand the responses make beyond the published `operation` of `document`. */
export const demandsBeyondPublished = (
  contracts: readonly ResponseContract[],
  document: unknown,
  operation: { readonly method: string; readonly path: string },
): E.Either<DemandsError, readonly FoundDemand[]> =>
  pipe(
    E.sequenceArray(contracts.map((c) => demandsOfResponse(c, document, operation))),
    E.map((groups) => merged(groups.flat())),
  );

export interface DemandAudit {
  /** Found and declared: each with its reason. */
  readonly declared: readonly (FoundDemand & { readonly reason: string })[];
  /** Found, not declared: the pact demands it and nobody said why. */
  readonly undeclared: readonly FoundDemand[];
  /** Declared, not found: the declaration no longer describes the contract. */
  readonly stale: readonly DeclaredDemand[];
}

export const auditDemands = (
  found: readonly FoundDemand[],
  declarations: readonly DeclaredDemand[],
): DemandAudit => {
  const reasons = new Map(declarations.map((d) => [keyOf(d), d.reason]));
  const foundKeys = new Set(found.map(keyOf));
  return {
    declared: found.flatMap((d) => {
      const reason = reasons.get(keyOf(d));
      return reason === undefined ? [] : [{ ...d, reason }];
    }),
    undeclared: found.filter((d) => !reasons.has(keyOf(d))),
    stale: declarations.filter((d) => !foundKeys.has(keyOf(d))),
  };
};

/** One line per problem of an audit; empty when every demand is declared and every declaration holds. */
export const auditProblems = (audit: DemandAudit): readonly string[] => [
  ...audit.undeclared.map(
    (d) =>
      `undeclared demand beyond the published contract: ${d.codec} ${d.path} (${d.kind}) ${d.rule} ` +
      `[${d.interactions.join(', ')}]; declare it next to the codec with the client's reason, or drop it`,
  ),
  ...audit.stale.map(
    (d) =>
      `declared demand not found: ${d.codec} ${d.path} (${d.kind}); the codec no longer makes it, remove the declaration`,
  ),
];
