/**
 * The differences between two JSON trees as small edits that can be applied one at a time: a
 * value put, replaced or removed at a path, or a member added to or removed from a keyword that
 * lists a set (`required`, `enum`, `type`). Applying one edit to the older tree gives that tree
 * with that one difference: what `npm run spec:check` checks each change on.
 */
import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../four-sides/pact-io-ts.js';

export type Path = readonly string[];

export type Edit =
  /** `before` or `after` is `undefined` when the value is absent on that side. */
  | { readonly op: 'put'; readonly at: Path; readonly before: unknown; readonly after: unknown }
  | { readonly op: 'member'; readonly at: Path; readonly value: unknown; readonly added: boolean };

/** Keywords whose array is a set: an order change is no change, a member is one edit. */
const SET_KEYWORDS = new Set(['required', 'enum', 'type']);

/**
 * Set keywords whose empty set allows no value at all (JSON Schema asks for at least one member):
 * one replaced with no member kept is one edit, not members removed one by one, which would pass
 * through that empty set.
 */
const NONEMPTY_SETS = new Set(['enum', 'type']);

const replacedWhole = (keyword: string, before: readonly unknown[], after: readonly unknown[]) =>
  NONEMPTY_SETS.has(keyword) &&
  before.length > 0 &&
  after.length > 0 &&
  !before.some((b) => after.some((a) => isDeepStrictEqual(a, b)));

/**
 * The value at `key` of a JSON object: its own only. A field named `constructor` or `toString`
 * is absent from an object that does not have it, not the function every object inherits.
 */
const own = (tree: unknown, key: string): unknown =>
  isRecord(tree) && Object.hasOwn(tree, key) ? tree[key] : undefined;

/** A set keyword's members: `type: "string"` is one; an absent `required` is none. */
const asSet = (value: unknown, keyword: string): readonly unknown[] | undefined => {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' && keyword === 'type') return [value];
  return value === undefined && keyword === 'required' ? [] : undefined;
};

const memberEdits = (
  before: readonly unknown[],
  after: readonly unknown[],
  at: Path,
): readonly Edit[] => [
  ...before
    .filter((b) => !after.some((a) => isDeepStrictEqual(a, b)))
    .map((value): Edit => ({ op: 'member', at, value, added: false })),
  ...after
    .filter((a) => !before.some((b) => isDeepStrictEqual(a, b)))
    .map((value): Edit => ({ op: 'member', at, value, added: true })),
];

/** The edits that turn `before` into `after`, in document order. */
export const editsBetween = (before: unknown, after: unknown, at: Path = []): readonly Edit[] => {
  if (isDeepStrictEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => editsBetween(own(before, key), own(after, key), [...at, key]));
  }
  const keyword = at[at.length - 1] ?? '';
  const [setBefore, setAfter] = [asSet(before, keyword), asSet(after, keyword)];
  if (
    SET_KEYWORDS.has(keyword) &&
    setBefore !== undefined &&
    setAfter !== undefined &&
    (Array.isArray(before) || Array.isArray(after)) &&
    !replacedWhole(keyword, setBefore, setAfter)
  ) {
    return memberEdits(setBefore, setAfter, at);
  }
  return [{ op: 'put', at, before, after }];
};

const getIn = (tree: unknown, at: Path): unknown => at.reduce<unknown>(own, tree);

/** `tree` with `value` at `at` (removed when `undefined`), parents made as needed. */
const setIn = (tree: unknown, at: Path, value: unknown): unknown => {
  const [key, ...rest] = at;
  if (key === undefined) return value;
  const node = isRecord(tree) ? tree : {};
  const child = setIn(own(node, key), rest, value);
  if (child === undefined) {
    return Object.fromEntries(Object.entries(node).filter(([k]) => k !== key));
  }
  return { ...node, [key]: child };
};

/** `tree` with one edit applied. */
export const applyEdit = (tree: unknown, edit: Edit): unknown => {
  if (edit.op === 'put') return setIn(tree, edit.at, edit.after);
  const members = asSet(getIn(tree, edit.at), edit.at[edit.at.length - 1] ?? '') ?? [];
  const next = edit.added
    ? [...members, edit.value]
    : members.filter((m) => !isDeepStrictEqual(m, edit.value));
  return setIn(tree, edit.at, next);
};
