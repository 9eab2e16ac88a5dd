/**
 * What changed between our copy of the published OpenAPI (contracts/openapi/) and the document
 * as published now, as changes a person reads: `200 body refresh_token: no longer required`,
 * `404: new status`, `new operation POST /v0/oauth2/token/revoke`. Both documents are compared
 * with their `$ref`s resolved, so a change to a shared component shows where it lands (one
 * change for every status that carries it). A change of the operation keeps the edits that make
 * it: our copy with only those edits is what each change is checked on.
 */
import * as E from 'fp-ts/lib/Either.js';
import { OPERATION, OPERATION_KEY, pathItemOf } from '../four-sides/index.js';
import {
  fieldPath,
  isRecord,
  recordAt,
  resolveRefs,
  type SpecError,
} from '../four-sides/pact-io-ts.js';
import { applyEdit, editsBetween, type Edit } from './edits.js';
import { otherOperations } from './fragment.js';
import { placeOf, type Place } from './places.js';
import type { OpenApiDocument } from './source.js';

export interface Change {
  /** `200, 201 body scope`, `request body grant_type`; empty for the document's own changes. */
  readonly where: string;
  readonly what: string;
  /** Only words changed (descriptions, examples, extensions): nothing to check. */
  readonly documentation: boolean;
  /** The edits of our operation's path item that make this change; none for the document's own. */
  readonly edits: readonly Edit[];
}

type Json = Readonly<Record<string, unknown>>;

/** The path item with its parameters, and its operation's, passed through `f`. */
const withParameters = (item: Json, f: (parameters: unknown) => unknown): Json => {
  const operation = item[OPERATION_KEY];
  return {
    ...item,
    ...(item['parameters'] === undefined ? {} : { parameters: f(item['parameters']) }),
    ...(isRecord(operation) && operation['parameters'] !== undefined
      ? { [OPERATION_KEY]: { ...operation, parameters: f(operation['parameters']) } }
      : {}),
  };
};

/** Parameters keyed `in name`, so that adding one is one edit, whatever the order. */
const keyedParameters = (item: Json): Json =>
  withParameters(item, (parameters) =>
    Object.fromEntries(
      (Array.isArray(parameters) ? parameters : []).map((p: unknown) => [
        isRecord(p) ? `${String(p['in'])} ${String(p['name'])}` : JSON.stringify(p),
        p,
      ]),
    ),
  );

/** The path item as OpenAPI states it again: parameters as arrays. */
const listedParameters = (item: Json): Json =>
  withParameters(item, (parameters) => (isRecord(parameters) ? Object.values(parameters) : []));

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

const typeOf = (schema: unknown): string => {
  if (!isRecord(schema)) return 'any';
  const type = schema['type'];
  if (Array.isArray(type)) return type.join(' or ');
  if (typeof type === 'string') return type;
  return Array.isArray(schema['enum']) ? `one of ${show(schema['enum'])}` : 'any type';
};

const requiredness = (value: unknown) =>
  isRecord(value) && value['required'] === true ? 'required' : 'optional';

const ADDED: Readonly<Record<Place['kind'], (after: unknown) => string>> = {
  operation: () => 'published again',
  status: () => 'new status',
  'request body': () => 'request body added',
  'media type': () => 'new media type',
  body: (after) => `body added (${typeOf(after)})`,
  field: (after) => `new optional field (${typeOf(after)})`,
  schema: (after) => `schema added (${typeOf(after)})`,
  header: (after) => `new ${requiredness(after)} header`,
  parameter: (after) => `new ${requiredness(after)} parameter`,
  keyword: (after) => `added: ${show(after)}`,
};

const REMOVED: Readonly<Record<Place['kind'], string>> = {
  operation: 'no longer published',
  status: 'status removed',
  'request body': 'request body removed',
  'media type': 'media type removed',
  body: 'body schema removed',
  field: 'field removed',
  schema: 'schema removed',
  header: 'header removed',
  parameter: 'parameter removed',
  keyword: 'removed',
};

const putWords = (place: Place, before: unknown, after: unknown): string => {
  const keyword = place.keyword === undefined ? '' : `${place.keyword} `;
  if (before === undefined) return `${keyword}${ADDED[place.kind](after)}`;
  if (after === undefined) {
    const was = place.kind === 'keyword' ? show(before) : typeOf(before);
    const shown = ['keyword', 'field', 'schema', 'body'].includes(place.kind);
    return `${keyword}${REMOVED[place.kind]}${shown ? ` (was ${was})` : ''}`;
  }
  return `${keyword}${show(before)} -> ${show(after)}`;
};

const MEMBER_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  required: ['now required', 'no longer required'],
  enum: ['also allows', 'no longer allows'],
  type: ['may also be', 'may no longer be'],
};

/** One change before grouping: its place, words and edits. */
interface Unit {
  readonly status?: string;
  readonly words: string;
  readonly what: string;
  readonly documentation: boolean;
  readonly edits: readonly Edit[];
}

const memberUnit = (edit: Extract<Edit, { op: 'member' }>, place: Place): Unit => {
  const [added, removed] = MEMBER_WORDS[place.keyword ?? ''] ?? ['added', 'removed'];
  const base = { ...(place.status === undefined ? {} : { status: place.status }), edits: [edit] };
  if (
    place.keyword === 'required' &&
    place.schema !== undefined &&
    typeof edit.value === 'string'
  ) {
    const words = [place.schema.words, fieldPath(place.schema.path, edit.value)].join(' ');
    return {
      ...base,
      words: words.trim(),
      what: edit.added ? added : removed,
      documentation: false,
    };
  }
  const what = `${place.keyword ?? ''} ${edit.added ? added : removed} ${show(edit.value)}`;
  return { ...base, words: place.words, what: what.trim(), documentation: place.documentation };
};

/** A field added or removed together with its `required` entry: one change. */
const requiredPartner = (edit: Edit, edits: readonly Edit[]): Edit | undefined => {
  if (edit.op !== 'put' || edit.at[edit.at.length - 2] !== 'properties') return undefined;
  const name = edit.at[edit.at.length - 1];
  const schema = edit.at.slice(0, -2).join('\u0000');
  return edits.find(
    (e) =>
      e.op === 'member' &&
      e.value === name &&
      e.at[e.at.length - 1] === 'required' &&
      e.at.slice(0, -1).join('\u0000') === schema &&
      e.added === (edit.before === undefined),
  );
};

const unitsOf = (edits: readonly Edit[]): readonly Unit[] => {
  const partnered = new Set<Edit>();
  const units: Unit[] = [];
  for (const edit of edits) {
    if (partnered.has(edit)) continue;
    const place = placeOf(edit.at);
    if (edit.op === 'member') {
      units.push(memberUnit(edit, place));
      continue;
    }
    const partner = requiredPartner(edit, edits);
    if (partner !== undefined) partnered.add(partner);
    const what = putWords(place, edit.before, edit.after);
    units.push({
      ...(place.status === undefined ? {} : { status: place.status }),
      words: place.words,
      what: partner === undefined ? what : what.replace('optional', 'required'),
      documentation: place.documentation,
      edits: partner === undefined ? [edit] : [edit, partner],
    });
  }
  // A `required` entry met before its field: its own unit goes, the field's unit has it.
  return units.filter((u) => !(u.edits.length === 1 && u.edits.some((e) => partnered.has(e))));
};

/** The same change under several statuses (a shared component changed) is one change. */
const grouped = (units: readonly Unit[]): readonly Change[] => {
  const groups = new Map<string, { statuses: string[]; unit: Unit; edits: Edit[] }>();
  for (const unit of units) {
    const key = [unit.status === undefined, unit.words, unit.what, unit.documentation].join('|');
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, {
        statuses: unit.status === undefined ? [] : [unit.status],
        unit,
        edits: [...unit.edits],
      });
    } else {
      if (unit.status !== undefined) group.statuses.push(unit.status);
      group.edits.push(...unit.edits);
    }
  }
  return [...groups.values()].map(({ statuses, unit, edits }) => ({
    where: [statuses.join(', '), unit.words].filter((w) => w !== '').join(' '),
    what: unit.what,
    documentation: unit.documentation,
    edits,
  }));
};

const documentChange = (what: string): Change => ({
  where: '',
  what,
  documentation: false,
  edits: [],
});

const listAt = (document: OpenApiDocument, key: string): readonly unknown[] => {
  const value = document[key];
  return Array.isArray(value) ? value : [];
};

const urlOf = (server: unknown) => (isRecord(server) ? String(server['url']) : show(server));

/** Version, servers and the other operations: the document's own changes, never checked. */
const documentChanges = (copy: OpenApiDocument, published: OpenApiDocument): readonly Change[] => {
  const version = (d: OpenApiDocument) => recordAt(d, 'info')['version'];
  const servers = (d: OpenApiDocument) => listAt(d, 'servers').map(urlOf);
  const [before, after] = [otherOperations(copy), otherOperations(published)];
  const changes: (Change | undefined)[] = [
    copy['openapi'] === published['openapi']
      ? undefined
      : documentChange(`OpenAPI ${show(copy['openapi'])} -> ${show(published['openapi'])}`),
    version(copy) === version(published)
      ? undefined
      : documentChange(`version ${show(version(copy))} -> ${show(version(published))}`),
    ...servers(published)
      .filter((url) => !servers(copy).includes(url))
      .map((url) => documentChange(`new server ${url}`)),
    ...servers(copy)
      .filter((url) => !servers(published).includes(url))
      .map((url) => documentChange(`server ${url} removed`)),
    ...after
      .filter((op) => !before.includes(op))
      .map((op) => documentChange(`new operation ${op} (not called by this consumer)`)),
    ...before
      .filter((op) => !after.includes(op))
      .map((op) => documentChange(`operation ${op} removed (not called by this consumer)`)),
  ];
  return changes.filter((c): c is Change => c !== undefined);
};

/** A document resolved, and our operation's path item in it (parameters keyed). */
export interface Resolved {
  readonly document: Json;
  readonly item: Json;
}

export const resolvedOf = (document: OpenApiDocument): E.Either<SpecError, Resolved> => {
  const resolved = resolveRefs(document);
  if (E.isLeft(resolved)) return resolved;
  const doc = isRecord(resolved.right) ? resolved.right : {};
  return E.right({ document: doc, item: keyedParameters(pathItemOf(doc)) });
};

/** Maps of named members (fields, headers, media types, parameters keyed `in name`). */
const NAMED_MAPS = new Set(['properties', 'headers', 'content', 'parameters']);

/**
 * A map of named members added or removed whole (the first header of a response): one edit per
 * member, so that each is named where it is (`429 header Retry-After`), as when the map was there.
 */
const memberwise = (edit: Edit): readonly Edit[] => {
  if (edit.op !== 'put') return [edit];
  const { kind, keyword = '' } = placeOf(edit.at);
  const [before, after] = [edit.before ?? {}, edit.after ?? {}];
  return kind === 'keyword' && NAMED_MAPS.has(keyword) && isRecord(before) && isRecord(after)
    ? editsBetween(before, after, edit.at)
    : [edit];
};

/** Every change from `copy` to `published` (both as our copy keeps them: see fragment.ts). */
export const changesBetween = (
  copy: Resolved,
  published: Resolved,
  documents: { readonly copy: OpenApiDocument; readonly published: OpenApiDocument },
): readonly Change[] => [
  ...grouped(unitsOf(editsBetween(copy.item, published.item).flatMap(memberwise))),
  ...documentChanges(documents.copy, documents.published),
];

/**
 * Our copy with only `change` made to our operation: what the change is checked on. Its
 * components are the published ones over ours: the security schemes a change names are there.
 */
export const copyWith = (copy: Resolved, published: Resolved, change: Change): Json => {
  const changed = change.edits.reduce<unknown>(applyEdit, copy.item);
  const item = listedParameters(isRecord(changed) ? changed : {});
  const [ours, theirs] = [
    recordAt(copy.document, 'components'),
    recordAt(published.document, 'components'),
  ];
  const components = Object.fromEntries(
    [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].map((kind) => [
      kind,
      { ...recordAt(ours, kind), ...recordAt(theirs, kind) },
    ]),
  );
  return {
    ...copy.document,
    paths: Object.keys(item).length > 0 ? { [OPERATION.path]: item } : {},
    components,
  };
};
