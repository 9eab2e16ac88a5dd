/**
 * Single edits of an OpenAPI document's operation, generated. One walk goes through the operation
 * as published (its parameters, request body and responses, following each `$ref` into the
 * components) and lists the places an edit can land: schemas, media-type maps, responses, the
 * response map. Each edit class is data (`OPERATORS`): the kind of place it applies to, when it
 * applies, and the values it puts there, drawn by fast-check (seeded by the caller). An edit puts
 * one value at one path of the document, or removes it.
 *
 * Each edit also says where `npm run spec:check` must name it, in this project's words (`200 body
 * scope`, `400, 401, 403, 429, 500 body errors[*].code`, `429 header Retry-After`): built here from
 * the walk (a place inside a shared component lands in every status that uses it), never by
 * spec:check's own code.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { elementPath, fieldPath, isRecord, valuesPath } from '../../src/four-sides/pact-io-ts.js';

export type Path = readonly string[];
type Json = Readonly<Record<string, unknown>>;

/** Where a place lands, as spec:check names it: statuses (document order), holder, field path. */
interface Landing {
  readonly statuses: readonly string[];
  /** `body`, `request body`, `header Retry-After`, or `` (a response, a media type map). */
  readonly holder: string;
  readonly field: string;
}

type PlaceKind =
  'schema' | 'ref' | 'response' | 'content' | 'responses' | 'request' | 'operation' | 'item';

/** A place of the document an edit can land on, reached by the walk. */
export interface Place {
  readonly kind: PlaceKind;
  /** Its path in the document (a `$ref`'s target, not the `$ref`, for what it points to). */
  readonly at: Path;
  readonly landings: readonly Landing[];
}

/** One edit: `value` put at `at` (`undefined`: removed). */
export interface SpecEdit {
  readonly editClass: string;
  readonly at: Path;
  readonly value: unknown;
  /** One line: where in the document and what was put. */
  readonly description: string;
  /** Each `where` of a change line spec:check must print (`200 body scope`). */
  readonly wheres: readonly string[];
  /** Words only: spec:check must report it as documentation. */
  readonly documentation: boolean;
  /** The edit lands in several statuses (a shared component). */
  readonly shared: boolean;
  /** It puts a `$ref` to a component inside that component: a recursive schema. */
  readonly cycle: boolean;
}

/** What an operator draws: the value put at a path, and where it is named. */
interface Put {
  readonly at: Path;
  readonly value: unknown;
  readonly what: string;
  readonly wheres: readonly string[];
}

interface Operator {
  readonly editClass: string;
  readonly kind: PlaceKind;
  /** The values it puts at `place` of `document`; `undefined`: it does not apply there. */
  readonly puts: (place: Place, node: Json, document: unknown) => fc.Arbitrary<Put> | undefined;
  readonly documentation?: boolean;
}

// ---------------------------------------------------------------- the document

/** Whether the JSON object `tree` has `key` itself (not `toString`, which every object inherits). */
const has = (tree: unknown, key: string): tree is Json =>
  isRecord(tree) && Object.hasOwn(tree, key);

const own = (tree: unknown, key: string): unknown => (has(tree, key) ? tree[key] : undefined);

const getIn = (tree: unknown, at: Path): unknown => at.reduce<unknown>(own, tree);

/** `tree` with `value` at `at` (removed when `undefined`); the rest shared, nothing mutated. */
export const setIn = (tree: unknown, at: Path, value: unknown): unknown => {
  const [key, ...rest] = at;
  if (key === undefined) return value;
  const node = isRecord(tree) ? tree : {};
  const child = setIn(own(node, key), rest, value);
  if (child === undefined)
    return Object.fromEntries(Object.entries(node).filter(([k]) => k !== key));
  return Object.fromEntries(
    has(node, key)
      ? Object.entries(node).map(([k, v]) => [k, k === key ? child : v])
      : [...Object.entries(node), [key, child]],
  );
};

/** `record` with `from` renamed `to`, in the same position. */
const renamed = (record: Json, from: string, to: string): Json =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k === from ? to : k, v]));

/** `#/components/schemas/Error` -> its path. */
const pointer = (ref: string): Path =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));

/** Every `$ref` in `value`. */
const refsIn = (value: unknown): readonly string[] => {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!isRecord(value)) return [];
  const own = typeof value['$ref'] === 'string' ? [value['$ref']] : [];
  return [...own, ...Object.values(value).flatMap(refsIn)];
};

const isUnder = (at: Path, parent: Path) => parent.every((key, n) => at[n] === key);

export const applyEdit = (document: unknown, edit: SpecEdit): unknown =>
  setIn(document, edit.at, edit.value);

// ---------------------------------------------------------------- the walk

const join = (...parts: readonly string[]) => parts.filter((p) => p !== '').join(' ');

/** Where spec:check names a landing, at `field` (the landing's own by default). */
const whereOf = (landing: Landing, field = landing.field) =>
  join(landing.statuses.join(', '), landing.holder, field);

const wheresOf = (place: Place, field: (landing: Landing) => string = (l) => l.field) =>
  place.landings.map((l) => whereOf(l, field(l)));

interface Walk {
  readonly document: unknown;
  /** `$ref`s followed on the way here: a cycle stops the walk. */
  readonly seen: readonly string[];
}

/** Follows `$ref`s from `at`: the path of what is there, and the `$ref` places passed. */
const followed = (walk: Walk, at: Path, landing: Landing): [Path, readonly Place[], Walk] => {
  const node = getIn(walk.document, at);
  const ref = isRecord(node) ? node['$ref'] : undefined;
  if (typeof ref !== 'string' || walk.seen.includes(ref)) return [at, [], walk];
  const [target, refs, next] = followed(
    { ...walk, seen: [...walk.seen, ref] },
    pointer(ref),
    landing,
  );
  return [target, [{ kind: 'ref', at, landings: [landing] }, ...refs], next];
};

const schemaPlaces = (walk: Walk, from: Path, landing: Landing): readonly Place[] => {
  const [at, refs, next] = followed(walk, from, landing);
  const node = getIn(walk.document, at);
  if (!isRecord(node)) return refs;
  const inside = (key: Path, field: string) =>
    schemaPlaces(next, [...at, ...key], { ...landing, field });
  const properties = isRecord(node['properties']) ? Object.keys(node['properties']) : [];
  return [
    ...refs,
    { kind: 'schema', at, landings: [landing] },
    ...properties.flatMap((name) => inside(['properties', name], fieldPath(landing.field, name))),
    ...(isRecord(node['items']) ? inside(['items'], elementPath(landing.field)) : []),
    ...(isRecord(node['additionalProperties'])
      ? inside(['additionalProperties'], valuesPath(landing.field))
      : []),
  ];
};

/** A media-type map (`content`) and the schema of each media type. */
const contentPlaces = (walk: Walk, at: Path, statuses: readonly string[], request: boolean) => {
  const content = getIn(walk.document, at);
  if (!isRecord(content)) return [];
  const holder = request ? 'request body' : 'body';
  const map: Place = {
    kind: 'content',
    at,
    landings: [{ statuses, holder: request ? 'request' : '', field: '' }],
  };
  return [
    map,
    ...Object.keys(content).flatMap((type) =>
      schemaPlaces(walk, [...at, type, 'schema'], { statuses, holder, field: '' }),
    ),
  ];
};

const responsePlaces = (walk: Walk, from: Path, status: string): readonly Place[] => {
  const landing = { statuses: [status], holder: '', field: '' };
  const [at, refs, next] = followed(walk, from, landing);
  const response = getIn(walk.document, at);
  const headers = isRecord(response) && isRecord(response['headers']) ? response['headers'] : {};
  return [
    ...refs,
    { kind: 'response', at, landings: [landing] },
    ...contentPlaces(next, [...at, 'content'], [status], false),
    ...Object.keys(headers).flatMap((name) =>
      schemaPlaces(next, [...at, 'headers', name, 'schema'], {
        statuses: [status],
        holder: `header ${name}`,
        field: '',
      }),
    ),
  ];
};

/** The same place reached from several statuses is one place landing in all of them. */
const merged = (places: readonly Place[]): readonly Place[] => {
  const byPath = new Map<string, Place>();
  for (const place of places) {
    const key = `${place.kind} ${JSON.stringify(place.at)}`;
    const known = byPath.get(key);
    if (known === undefined) {
      byPath.set(key, place);
      continue;
    }
    const landings = [...known.landings];
    for (const landing of place.landings) {
      const n = landings.findIndex((l) => l.holder === landing.holder && l.field === landing.field);
      const same = landings[n];
      if (same === undefined) landings.push(landing);
      else landings[n] = { ...same, statuses: [...same.statuses, ...landing.statuses] };
    }
    byPath.set(key, { ...known, landings });
  }
  return [...byPath.values()];
};

/** Every place of the operation at `path` (`['paths', '/v0/...', 'post']`) an edit can land on. */
export const placesOf = (document: unknown, operation: Path): readonly Place[] => {
  const walk: Walk = { document, seen: [] };
  const responses = getIn(document, [...operation, 'responses']);
  const none = { statuses: [], holder: '', field: '' };
  return merged([
    { kind: 'item', at: operation.slice(0, -1), landings: [none] },
    { kind: 'operation', at: operation, landings: [none] },
    { kind: 'request', at: [...operation, 'requestBody'], landings: [none] },
    ...contentPlaces(walk, [...operation, 'requestBody', 'content'], [], true),
    { kind: 'responses', at: [...operation, 'responses'], landings: [none] },
    ...Object.keys(isRecord(responses) ? responses : {}).flatMap((status) =>
      responsePlaces(walk, [...operation, 'responses', status], status),
    ),
  ]);
};

// ---------------------------------------------------------------- the values drawn

const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'];
/** A type JSON Schema does not have (Swagger 2's `file`): a published document may still say it. */
const NOT_A_TYPE = 'file';

/** Schemas a property or `items` may become. */
const SCHEMAS: readonly unknown[] = [
  {},
  { type: 'string' },
  { type: 'integer' },
  { type: 'boolean' },
  { type: ['string', 'null'] },
  { type: 'array', items: { type: 'string' } },
  { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  { enum: ['a', 'b'] },
  { const: 'fixed' },
  { type: 'string', pattern: '^[a-z]+$', minLength: 1 },
  { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  { $ref: '#/components/schemas/Error' },
  // OpenAPI 3.1 schemas may be booleans; an array of `items` is the draft-4 tuple form.
  true,
  false,
  { type: 'array', items: [{ type: 'string' }] },
];

/**
 * Property names: plain ones; keywords (`description`, `type`...); names of what every
 * JavaScript object has (`constructor`); and odd ones (empty, dotted, spaced, not ASCII).
 */
const propertyName = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z_]{0,11}$/) },
  { weight: 1, arbitrary: fc.constantFrom('description', 'type', 'properties', 'enum', '$ref') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty'),
  },
  { weight: 1, arbitrary: fc.constantFrom('', 'a.b', 'x y', 'é', 'errors[0]') },
);

const PATTERNS = ['^[A-Za-z0-9._~+/-]+=*$', '^\\S+$', '^Bearer$', '^[a-z_ ]*$', '.*', '^\\d+$'];
/** Patterns no regular-expression engine reads: a published document may still hold one. */
const BROKEN_PATTERNS = ['(', '[a-z', '^\\p{Lu}+$'];

const FORMATS = ['date-time', 'uuid', 'email', 'uri', 'byte', 'password', 'int32', 'token-id'];

const MEDIA_TYPES = [
  'application/problem+json',
  'application/vnd.spendesk.v1+json',
  'application/json; charset=utf-8',
  'Application/JSON',
  'text/plain',
  'application/xml',
  'application/*',
  '*/*',
];

const STATUSES = ['201', '202', '204', '301', '404', '409', '422', '502', '503', '4XX', '5XX'];
const HEADERS = ['Retry-After', 'X-RateLimit-Remaining', 'Cache-Control', 'WWW-Authenticate'];

const show = (value: unknown) => JSON.stringify(value) ?? 'nothing';

/** A pattern: mostly one a schema may hold, sometimes one no regular-expression engine reads. */
const pattern = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PATTERNS) },
  { weight: 1, arbitrary: fc.constantFrom(...BROKEN_PATTERNS) },
);

/** A member of an enum or a const: mostly strings, sometimes another JSON type. */
const member = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)) },
);

const notIn = (values: readonly unknown[]) => (v: unknown) =>
  !values.some((x) => show(x) === show(v));

const arrayAt = (node: Json, key: string): readonly unknown[] => {
  const value = node[key];
  return Array.isArray(value) ? value : [];
};

const typesOf = (node: Json): readonly string[] => {
  const type = node['type'];
  if (Array.isArray(type)) return type.map(String);
  return typeof type === 'string' ? [type] : [];
};

const isObjectSchema = (node: Json) =>
  typesOf(node).includes('object') || isRecord(node['properties']);

const isStringSchema = (node: Json) =>
  typesOf(node).includes('string') || node['enum'] !== undefined;

/** A response a new status may document. */
const response = (document: unknown): fc.Arbitrary<Json> => {
  const components = getIn(document, ['components', 'responses']);
  const refs = Object.keys(isRecord(components) ? components : {}).map((name) => ({
    $ref: `#/components/responses/${name}`,
  }));
  return fc.constantFrom<Json>(
    { description: 'No content' },
    { description: 'Text', content: { 'text/plain': { schema: { type: 'string' } } } },
    ...refs,
  );
};

// ---------------------------------------------------------------- the edit classes

/** `f` of a value drawn from `values`; `undefined` (the class does not apply) when there is none. */
const pick = <T, U>(values: readonly T[], f: (value: T) => U): fc.Arbitrary<U> | undefined =>
  values.length === 0 ? undefined : fc.constantFrom(...values).map(f);

const when = <T>(applies: boolean, values: () => fc.Arbitrary<T> | undefined) =>
  applies ? values() : undefined;

/**
 * An edit class that puts a value at a keyword of a schema: named where the schema is, or, for a
 * keyword that holds a schema (`items`, `additionalProperties`), where that schema is.
 */
const keywordClass = (
  editClass: string,
  key: string,
  values: (node: Json) => fc.Arbitrary<unknown> | undefined,
  field: (path: string) => string = (path) => path,
): Operator => ({
  editClass,
  kind: 'schema',
  documentation: false,
  puts: (place, node) =>
    values(node)?.map((value) => ({
      at: [...place.at, key],
      value,
      what: value === undefined ? `${key} removed` : `${key} ${show(value)}`,
      wheres: wheresOf(place, (l) => field(l.field)),
    })),
});

/** An edit class that puts a value at one of the schema's fields: named where the field is. */
const fieldClass = (
  editClass: string,
  values: (node: Json) => fc.Arbitrary<readonly [string, unknown]> | undefined,
): Operator => ({
  editClass,
  kind: 'schema',
  puts: (place, node) =>
    values(node)?.map(([name, schema]) => ({
      at: [...place.at, 'properties', name],
      value: schema,
      what: `property ${show(name)}${schema === undefined ? ' removed' : `: ${show(schema)}`}`,
      wheres: wheresOf(place, (l) => fieldPath(l.field, name)),
    })),
});

/** An edit class that puts a new `required` list: named where the field added or removed is. */
const requiredClass = (
  editClass: string,
  names: (node: Json) => fc.Arbitrary<string> | undefined,
  added: boolean,
): Operator => ({
  editClass,
  kind: 'schema',
  puts: (place, node) => {
    const required = arrayAt(node, 'required');
    return names(node)?.map((name) => ({
      at: [...place.at, 'required'],
      value: added ? [...required, name] : required.filter((r) => r !== name),
      what: `required ${added ? '+' : '-'} ${show(name)}`,
      wheres: wheresOf(place, (l) => fieldPath(l.field, name)),
    }));
  },
});

const propertiesOf = (node: Json): readonly string[] =>
  Object.keys(isRecord(node['properties']) ? node['properties'] : {});

const otherTypes = (node: Json) => JSON_TYPES.filter(notIn(typesOf(node)));
const enumOf = (node: Json) => arrayAt(node, 'enum');
const members = (node: Json) =>
  fc.uniqueArray(member.filter(notIn(enumOf(node))), {
    minLength: 1,
    maxLength: 3,
    selector: show,
  });
const isNumberSchema = (node: Json) => typesOf(node).some((t) => t === 'number' || t === 'integer');

/** The bounds a schema of its type may get. */
const boundsOf = (node: Json): readonly string[] => [
  ...(isStringSchema(node) ? ['minLength', 'maxLength'] : []),
  ...(typesOf(node).includes('array') ? ['minItems', 'maxItems', 'uniqueItems'] : []),
  ...(isObjectSchema(node) ? ['minProperties', 'maxProperties'] : []),
  ...(isNumberSchema(node) ? ['minimum', 'maximum', 'multipleOf'] : []),
];

/** A bound's value: mostly one a schema may hold, sometimes one no schema should. */
const bound = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 64 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 1.5, true) },
);

const schemaOperators: readonly Operator[] = [
  keywordClass('type replaced', 'type', (n) => pick([...otherTypes(n), NOT_A_TYPE], (t) => t)),
  keywordClass('type member added', 'type', (n) =>
    when(typesOf(n).length > 0, () => pick(otherTypes(n), (t) => [...typesOf(n), t])),
  ),
  keywordClass('type member removed', 'type', (n) =>
    when(Array.isArray(n['type']), () =>
      pick(typesOf(n), (t) => typesOf(n).filter((x) => x !== t)),
    ),
  ),
  keywordClass('type removed', 'type', (n) =>
    when(n['type'] !== undefined, () => fc.constant(undefined)),
  ),
  keywordClass('nullable', 'nullable', () => fc.constant(true)),
  keywordClass('null in type', 'type', (n) =>
    when(!typesOf(n).includes('null'), () => fc.constant([...typesOf(n), 'null'])),
  ),
  keywordClass('enum replaced', 'enum', (n) => when(n['enum'] !== undefined, () => members(n))),
  keywordClass('enum member added', 'enum', (n) =>
    when(n['enum'] !== undefined, () => members(n).map(([m]) => [...enumOf(n), m])),
  ),
  keywordClass('enum member removed', 'enum', (n) =>
    pick(enumOf(n), (m) => enumOf(n).filter((x) => x !== m)),
  ),
  keywordClass('enum emptied', 'enum', (n) => when(enumOf(n).length > 0, () => fc.constant([]))),
  keywordClass('enum added', 'enum', (n) =>
    when(n['enum'] === undefined && typesOf(n).length > 0, () => members(n)),
  ),
  keywordClass('enum removed', 'enum', (n) =>
    when(n['enum'] !== undefined, () => fc.constant(undefined)),
  ),
  keywordClass('const added', 'const', (n) =>
    when(n['const'] === undefined, () => fc.jsonValue({ maxDepth: 1 })),
  ),
  keywordClass('const changed or removed', 'const', (n) =>
    when(n['const'] !== undefined, () =>
      fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
    ),
  ),
  {
    // `enum: [x]` and `const: x` say the same: the same value, or another.
    editClass: 'const for a one-member enum',
    kind: 'schema',
    puts: (place, node) =>
      when(enumOf(node).length === 1, () =>
        fc.oneof(fc.constant(enumOf(node)[0]), member).map((value) => ({
          at: place.at,
          value: { ...(setIn(node, ['enum'], undefined) as Json), const: value },
          what: `enum ${show(node['enum'])} -> const ${show(value)}`,
          wheres: wheresOf(place),
        })),
      ),
  },
  requiredClass(
    'required member added',
    (n) =>
      when(isObjectSchema(n), () =>
        fc.oneof(fc.constantFrom(...propertiesOf(n), 'scope'), propertyName),
      )?.filter(notIn(arrayAt(n, 'required'))),
    true,
  ),
  requiredClass(
    'required member removed',
    (n) => pick(arrayAt(n, 'required').map(String), (r) => r),
    false,
  ),
  fieldClass('property added', (n) =>
    when(isObjectSchema(n), () =>
      fc.tuple(
        propertyName.filter((name) => !propertiesOf(n).includes(name)),
        fc.constantFrom(...SCHEMAS),
      ),
    ),
  ),
  fieldClass('property removed', (n) =>
    pick(propertiesOf(n), (name) => [name, undefined] as const),
  ),
  fieldClass('property schema replaced', (n) =>
    when(propertiesOf(n).length > 0, () =>
      fc.tuple(fc.constantFrom(...propertiesOf(n)), fc.constantFrom(...SCHEMAS)),
    ),
  ),
  keywordClass(
    'items replaced or removed',
    'items',
    (n) =>
      when(n['items'] !== undefined, () =>
        fc.option(fc.constantFrom(...SCHEMAS), { nil: undefined, freq: 3 }),
      ),
    elementPath,
  ),
  keywordClass('pattern added', 'pattern', (n) =>
    when(isStringSchema(n) && n['pattern'] === undefined, () => pattern),
  ),
  keywordClass('pattern changed or removed', 'pattern', (n) =>
    when(n['pattern'] !== undefined, () => fc.option(pattern, { nil: undefined })),
  ),
  keywordClass('format', 'format', (n) =>
    when(typesOf(n).length > 0, () =>
      fc
        .option(fc.constantFrom(...FORMATS), { nil: undefined, freq: 4 })
        .filter((f) => f !== n['format']),
    ),
  ),
  keywordClass(
    'additionalProperties',
    'additionalProperties',
    (n) =>
      when(isObjectSchema(n), () =>
        fc
          .constantFrom<unknown>(false, true, { type: 'string' }, undefined)
          .filter((v) => show(v) !== show(n['additionalProperties'])),
      ),
    valuesPath,
  ),
  {
    editClass: 'bounds',
    kind: 'schema',
    puts: (place, node) =>
      when(boundsOf(node).length > 0, () =>
        fc.tuple(fc.constantFrom(...boundsOf(node)), bound).map(([key, value]) => ({
          at: [...place.at, key],
          value: key === 'uniqueItems' ? true : value,
          what: `${key} ${show(value)}`,
          wheres: wheresOf(place),
        })),
      ),
  },
  {
    editClass: 'schema wrapped in a combinator',
    kind: 'schema',
    puts: (place, node) =>
      fc.constantFrom('allOf', 'oneOf', 'anyOf').map((combinator) => ({
        at: place.at,
        value: { [combinator]: [node] },
        what: `wrapped in ${combinator}`,
        wheres: wheresOf(place),
      })),
  },
  {
    editClass: 'documentation',
    kind: 'schema',
    documentation: true,
    puts: (place) =>
      fc
        .tuple(fc.constantFrom('description', 'example', 'x-note', 'title'), fc.string())
        .map(([key, text]) => ({
          at: [...place.at, key],
          value: text,
          what: `${key} ${show(text)}`,
          wheres: wheresOf(place),
        })),
  },
];

/** A key of the map at `place` renamed: the old and the new key are both named. */
const renamePut = (
  place: Place,
  map: Json,
  [from, to]: readonly [string, string],
  where: (key: string) => readonly string[],
): Put => ({
  at: place.at,
  value: renamed(map, from, to),
  what: `${show(from)} renamed ${show(to)}`,
  wheres: [...where(from), ...where(to)],
});

/** A value put at `key` of the map at `place`, named by `where(key)`. */
const keyPut = (
  place: Place,
  key: string,
  value: unknown,
  where: (key: string) => readonly string[],
): Put => ({
  at: [...place.at, key],
  value,
  what: `${show(key)}${value === undefined ? ' removed' : `: ${show(value)}`}`,
  wheres: where(key),
});

/** Where a key of a map at `place` is named: `400 application/json`, `request application/json`. */
const keyWheres = (place: Place) => (key: string) =>
  place.landings.map((l) => join(l.statuses.join(', '), l.holder, key));

const statusWhere = (status: string) => [status];
const newKeys = (candidates: readonly string[], map: Json) =>
  candidates.filter((c) => !has(map, c));

const wireOperators: readonly Operator[] = [
  {
    editClass: 'status added',
    kind: 'responses',
    puts: (place, node, document) =>
      fc
        .tuple(fc.constantFrom(...newKeys(STATUSES, node)), response(document))
        .map(([status, value]) => keyPut(place, status, value, statusWhere)),
  },
  {
    editClass: 'default added',
    kind: 'responses',
    puts: (place, node, document) =>
      when(!has(node, 'default'), () =>
        response(document).map((value) => keyPut(place, 'default', value, statusWhere)),
      ),
  },
  {
    editClass: 'status removed',
    kind: 'responses',
    puts: (place, node) =>
      pick(Object.keys(node), (status) => keyPut(place, status, undefined, statusWhere)),
  },
  {
    editClass: 'status renumbered',
    kind: 'responses',
    puts: (place, node) =>
      fc
        .tuple(
          fc.constantFrom(...Object.keys(node)),
          fc.constantFrom(...newKeys([...STATUSES, 'default', '2XX'], node)),
        )
        .map((names) => renamePut(place, node, names, statusWhere)),
  },
  {
    editClass: 'media type renamed',
    kind: 'content',
    puts: (place, node) =>
      when(Object.keys(node).length > 0, () =>
        fc
          .tuple(
            fc.constantFrom(...Object.keys(node)),
            fc.constantFrom(...newKeys(MEDIA_TYPES, node)),
          )
          .map((names) => renamePut(place, node, names, keyWheres(place))),
      ),
  },
  {
    editClass: 'media type added',
    kind: 'content',
    puts: (place, node) =>
      fc
        .tuple(
          fc.constantFrom(...newKeys(MEDIA_TYPES, node)),
          fc.constantFrom<unknown>({ schema: { type: 'string' } }, ...Object.values(node)),
        )
        .map(([type, media]) => keyPut(place, type, media, keyWheres(place))),
  },
  {
    editClass: 'media type removed',
    kind: 'content',
    puts: (place, node) =>
      pick(Object.keys(node), (type) => keyPut(place, type, undefined, keyWheres(place))),
  },
  {
    editClass: 'response header added',
    kind: 'response',
    puts: (place, node) => {
      const headers = isRecord(node['headers']) ? node['headers'] : {};
      return fc
        .tuple(
          fc.constantFrom(...newKeys(HEADERS, headers)),
          fc.boolean(),
          fc.constantFrom<unknown>({ type: 'string' }, { type: 'integer', minimum: 0 }),
        )
        .map(([name, required, schema]) => ({
          ...keyPut(place, name, { ...(required ? { required: true } : {}), schema }, (key) =>
            keyWheres(place)(`header ${key}`),
          ),
          at: [...place.at, 'headers', name],
        }));
    },
  },
  {
    editClass: 'documentation',
    kind: 'response',
    documentation: true,
    puts: (place) =>
      fc.string().map((text) => keyPut(place, 'description', text, () => wheresOf(place))),
  },
  {
    editClass: '$ref retargeted',
    kind: 'ref',
    puts: (place, node, document) => {
      const ref = String(node['$ref']);
      const kind = pointer(ref).slice(0, -1);
      const siblings = getIn(document, kind);
      const others = Object.keys(isRecord(siblings) ? siblings : {})
        .map((name) => `#/${[...kind, name.replace(/~/g, '~0').replace(/\//g, '~1')].join('/')}`)
        .filter((r) => r !== ref);
      return pick(others, (target) => keyPut(place, '$ref', target, () => wheresOf(place)));
    },
  },
  {
    editClass: 'request body',
    kind: 'request',
    puts: (place) =>
      fc.constantFrom<unknown>(true, false, undefined).map((required): Put => ({
        at: required === undefined ? place.at : [...place.at, 'required'],
        value: required,
        what:
          required === undefined
            ? 'request body removed'
            : `request body required: ${String(required)}`,
        wheres: ['request body'],
      })),
  },
  {
    editClass: 'security',
    kind: 'operation',
    puts: (place, node) =>
      fc
        .constantFrom<unknown>(undefined, [{ bearer: [] }], [{}, { apiKey: [] }])
        .filter((security) => show(security) !== show(node['security']))
        .map((security) => ({
          at: [...place.at, 'security'],
          value: security,
          what: `security ${show(security)}`,
          wheres: ['the operation'],
        })),
  },
  {
    editClass: 'parameter added',
    kind: 'item',
    puts: (place, node) =>
      fc
        .tuple(
          fc.constantFrom('query', 'header'),
          fc.constantFrom('page', 'X-Request-Id'),
          fc.boolean(),
        )
        .map(([where, name, required]) => ({
          at: [...place.at, 'parameters'],
          value: [
            ...arrayAt(node, 'parameters'),
            {
              in: where,
              name,
              ...(required ? { required: true } : {}),
              schema: { type: 'string' },
            },
          ],
          what: `${where} parameter ${name} added${required ? ', required' : ''}`,
          wheres: [`${where} parameter ${name}`],
        })),
  },
];

/** Every edit class, as data: the kind of place, when it applies, the values it puts. */
export const OPERATORS: readonly Operator[] = [...schemaOperators, ...wireOperators];

export const EDIT_CLASSES: readonly string[] = [...new Set(OPERATORS.map((o) => o.editClass))];

/** An edit class where it applies: the edits it may make there. */
export interface EditSite {
  readonly editClass: string;
  readonly place: Place;
  readonly edits: fc.Arbitrary<SpecEdit>;
}

const describeAt = (at: Path) =>
  at.map((k) => (/^[\w$-]+$/.test(k) ? k : JSON.stringify(k))).join('.');

/** Every place of the operation at `operation` and every edit class that applies there. */
export const editSites = (document: unknown, operation: Path): readonly EditSite[] =>
  placesOf(document, operation).flatMap((place) => {
    const node = getIn(document, place.at);
    if (!isRecord(node)) return [];
    return OPERATORS.filter((o) => o.kind === place.kind).flatMap((operator) => {
      const puts = operator.puts(place, node, document);
      if (puts === undefined) return [];
      const edits = puts
        .filter((put) => !isDeepStrictEqual(getIn(document, put.at), put.value))
        .map((put): SpecEdit => ({
          editClass: operator.editClass,
          at: put.at,
          value: put.value,
          description: `${describeAt(put.at)}: ${put.what}`,
          wheres: put.wheres,
          documentation: operator.documentation === true,
          shared: place.landings.some((l) => l.statuses.length > 1),
          cycle: refsIn(put.value).some((ref) => isUnder(put.at, pointer(ref))),
        }));
      return [{ editClass: operator.editClass, place, edits }];
    });
  });
