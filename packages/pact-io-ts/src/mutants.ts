/**
 * Interpreter and entry point (`pact-io-ts/mutants`, needs fast-check): the
 * answers a provider could give instead of one a codec accepts, each changed
 * in one place, named by a stable id, its JSONPath, its operator and one line
 * of words, with the codec's own verdict on it. A harness serves each and
 * compares that verdict with the client's and Pact's.
 *
 * One algebra over the one fold, run alongside the arbitraries (`at.first`,
 * what a value the codec allows there is drawn from): each node gives the
 * values outside its pattern, literal or enum, and the mutants inside a value
 * found there; the value itself is replaced (null, another type, empty,
 * wrapped, drawn) and, as a member or element, removed or renamed by its
 * container, once, for every kind. What the fold refuses, this refuses.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { arbitraryAlgebra, SPOILERS } from './draw.js';
import type { DerivationError } from './error.js';
import { checked } from './example.js';
import {
  alongside,
  interpret,
  type AlgebraOf,
  type Beside,
  type Both,
  type Field,
} from './fold.js';
import type { LiteralValue, NonEmpty } from './node.js';
import { isRecord, jsonFieldPath, jsonIndexPath, JSON_ROOT, showPath } from './path.js';
import type { Pattern } from './primitives.js';
import { seedOf } from './seed.js';

/** Every operator, in the order a table of them is best read. */
export const mutationOperators = [
  /** A member of an object or record, or an element of an array, left out. */
  'removed',
  /** The value replaced by `null`. */
  'null',
  /** The value replaced by one of each other JSON type (null apart). */
  'type',
  /** The value replaced by the empty string, the empty array and the empty object. */
  'empty',
  /** A value outside its pattern, literal or enumeration, or a fraction where an integer is due. */
  'outside',
  /** A member's name in another case: camelCase, snake_case, kebab-case, PascalCase, UPPER_CASE. */
  'renamed',
  /** The value wrapped in an array, and in an object under `data`. */
  'wrapped',
  /** A member no codec declares, at every object (and record) level. */
  'extra',
  /** A value drawn from the codec's own arbitrary at that place: one the codec allows. */
  'allowed',
  /** An object's (record's) members in reverse order. */
  'reordered',
] as const;

export type MutationOperator = (typeof mutationOperators)[number];

/** One answer a provider could give instead of the example, changed in one place. */
export interface Mutant {
  /**
   * `<path>#<operator>[:<variant>]` (`$.scope#type:number`): the same codec,
   * example and seed give the same ids, and an id does not depend on the rest
   * of the tree.
   */
  readonly id: string;
  /** The place changed, as JSONPath (RFC 9535): `$.errors[0].code`, `$['x.y']`, `$` for the body. */
  readonly path: string;
  /**
   * The codec's node there, in the package's codec notation (`errors[*].code`,
   * `(body)`): what a declared demand names.
   */
  readonly codecPath: string;
  readonly operator: MutationOperator;
  /** What changed, in one line: `$.scope: the number 42`, `$.access_token: removed`. */
  readonly description: string;
  /** The mutated body (the example, changed at `path`). */
  readonly body: unknown;
  /** Whether the codec still decodes it. */
  readonly allowedByCodec: boolean;
}

export interface MutantsOptions {
  /** The seed of every drawn value (default 1): the same seed gives the same mutants. */
  readonly seed?: number;
  /**
   * Values drawn at each place: from the codec's arbitrary (`allowed`), and
   * random strings outside a pattern (`outside`). Default 1; 0 draws none.
   */
  readonly draws?: number;
  /** The operators to apply (default: all of {@link mutationOperators}). */
  readonly operators?: readonly MutationOperator[];
}

interface Settings {
  readonly seed: number;
  readonly draws: number;
  readonly on: (operator: MutationOperator) => boolean;
}

/** A change of the value at one place, before its container puts it back. */
interface Change {
  readonly operator: MutationOperator;
  /** Tells apart the changes of one operator at one place: `number`, `camelCase`, `draw-1`. */
  readonly variant: string;
  /** In words, without the path: `the number 42`. */
  readonly what: string;
  readonly value: unknown;
}

/**
 * A change, where it was made (`place`, `codecPath`), and the value of the
 * node that made it, changed: put back level by level up to the body.
 */
interface Candidate extends Change {
  readonly place: string;
  readonly codecPath: string;
}

/** What the interpreter makes of a node. */
interface Mutable {
  readonly codecPath: string;
  /** Values the codec allows here. */
  readonly allowed: fc.Arbitrary<unknown>;
  /** Values outside this node's pattern, literal or enumeration, near `value`. */
  readonly outside: (value: unknown, place: string) => readonly Change[];
  /** The mutants inside a value found here: its members' and elements', at every depth. */
  readonly inside: (value: unknown, place: string) => readonly Candidate[];
}

type Child = Both<fc.Arbitrary<unknown>, Mutable>;

const NOTHING = () => [];

/** At most this many characters of a value are shown in a description. */
const SHOWN = 60;

const show = (value: unknown) => {
  const text = JSON.stringify(value);
  return text.length > SHOWN ? `${text.slice(0, SHOWN - 1)}…` : text;
};

/**
 * `draws` values of `arbitrary`, the same for the same seed and place whatever
 * else the tree holds; as plain JSON (fast-check may draw a record without a
 * prototype), as a provider would send them.
 */
const sampled = <A>(arbitrary: fc.Arbitrary<A>, s: Settings, place: string, operator: string) =>
  s.draws === 0
    ? []
    : fc
        .sample(arbitrary, { numRuns: s.draws, seed: seedOf(s.seed, place, operator) })
        .map((value): unknown => JSON.parse(JSON.stringify(value)));

type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

const jsonTypeOf = (value: unknown): JsonType => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'boolean' || type === 'number' || type === 'string' ? type : 'object';
};

/** A number written as a string (`"42"`), never -0. */
const numberIn = (s: string) => {
  const n = /^-?[0-9]+(?:\.[0-9]+)?$/.test(s) ? Number(s) : NaN;
  return Number.isFinite(n) ? n + 0 : undefined;
};

/** A value of each JSON type, as near `value` as the type allows (`42` becomes `"42"`). */
const asEachType = (value: unknown): Readonly<Record<Exclude<JsonType, 'null'>, unknown>> => ({
  string: typeof value === 'number' || typeof value === 'boolean' ? String(value) : 'text',
  number:
    typeof value === 'boolean'
      ? Number(value)
      : ((typeof value === 'string' ? numberIn(value) : undefined) ?? 42),
  boolean:
    typeof value === 'string' ? value !== 'false' : typeof value === 'number' ? value !== 0 : true,
  array: ['text'],
  object: { key: 'text' },
});

const EMPTY = { string: '', array: [], object: {} } as const;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The value replaced, whatever the kind: by null, by each other JSON type, by each empty value. */
const replacements = (value: unknown, s: Settings): readonly Change[] => {
  const own = jsonTypeOf(value);
  const change = (operator: MutationOperator, variant: string, what: string, v: unknown) =>
    s.on(operator) ? [{ operator, variant, what, value: v }] : [];
  return [
    ...(own === 'null' ? [] : change('null', '', 'null', null)),
    ...Object.entries(asEachType(value)).flatMap(([type, v]) =>
      type === own ? [] : change('type', type, `the ${type} ${show(v)}`, v),
    ),
    ...Object.entries(EMPTY).flatMap(([type, v]) =>
      sameJson(v, value) ? [] : change('empty', type, `the empty ${type}`, v),
    ),
  ];
};

const wrappings = (value: unknown, s: Settings): readonly Change[] =>
  s.on('wrapped')
    ? [
        { operator: 'wrapped', variant: 'array', what: 'wrapped in an array', value: [value] },
        {
          operator: 'wrapped',
          variant: 'object',
          what: 'wrapped in an object under "data"',
          value: { data: value },
        },
      ]
    : [];

const drawnChanges = (
  node: Mutable,
  place: string,
  s: Settings,
  what = 'drawn from the codec',
): Change[] =>
  s.on('allowed')
    ? sampled(node.allowed, s, place, 'allowed').map((v, i) => ({
        operator: 'allowed',
        variant: `draw-${i + 1}`,
        what: `${what}: ${show(v)}`,
        value: v,
      }))
    : [];

const placed =
  (place: string, codecPath: string) =>
  (change: Change): Candidate => ({ ...change, place, codecPath });

/** Every mutant of a value found at a node: the value replaced, then the mutants inside it. */
const mutantsAt = (node: Mutable, value: unknown, place: string, s: Settings) => [
  ...[
    ...replacements(value, s),
    ...(s.on('outside') ? node.outside(value, place) : []),
    ...wrappings(value, s),
    ...drawnChanges(node, place, s),
  ].map(placed(place, node.codecPath)),
  ...node.inside(value, place),
];

/** Each candidate of a member or element, put back into its container. */
const putBack = (candidates: readonly Candidate[], into: (value: unknown) => unknown) =>
  candidates.map((c) => ({ ...c, value: into(c.value) }));

type Entries = readonly (readonly [string, unknown])[];

const fromEntries = (entries: Entries) => Object.fromEntries(entries);

const replaced = (entries: Entries, key: string) => (value: unknown) =>
  fromEntries(entries.map(([k, v]) => [k, k === key ? value : v]));

const words = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());

const capital = (w: string) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`;

/** The cases a member name is written in, by the name a renamed mutant's id gives each. */
const CASES: Readonly<Record<string, (ws: readonly string[]) => string>> = {
  camelCase: ([first = '', ...rest]) => `${first}${rest.map(capital).join('')}`,
  snake_case: (ws) => ws.join('_'),
  'kebab-case': (ws) => ws.join('-'),
  PascalCase: (ws) => ws.map(capital).join(''),
  UPPER_CASE: (ws) => ws.join('_').toUpperCase(),
};

/** A member left out, and renamed (`renamable`: an object's declared field, not a record's key). */
const memberChanges = (entries: Entries, key: string, renamable: boolean, s: Settings) => {
  const taken = new Set(entries.map(([k]) => k));
  const removed: Change[] = s.on('removed')
    ? [
        {
          operator: 'removed',
          variant: '',
          what: 'removed',
          value: fromEntries(entries.filter(([k]) => k !== key)),
        },
      ]
    : [];
  const renamed = Object.entries(renamable && s.on('renamed') ? CASES : {}).flatMap(
    ([variant, write]): Change[] => {
      const name = write(words(key));
      // A name another member has would overwrite it (two cases giving one name: one body, kept once).
      if (name === '' || taken.has(name)) return [];
      const value = fromEntries(entries.map(([k, v]) => [k === key ? name : k, v]));
      return [{ operator: 'renamed', variant, what: `renamed ${show(name)} (${variant})`, value }];
    },
  );
  return [...removed, ...renamed];
};

/** An object's or record's own changes: an extra member, the members in reverse order. */
const containerChanges = (entries: Entries, s: Settings): readonly Change[] => {
  const keys = new Set(entries.map(([k]) => k));
  const extra = ['extra', ...entries.map((_, i) => `extra_${i + 1}`)].find((k) => !keys.has(k));
  return [
    ...(s.on('extra') && extra !== undefined
      ? [
          {
            operator: 'extra' as const,
            variant: '',
            what: `an extra member ${show(extra)}: "text"`,
            value: fromEntries([...entries, [extra, 'text']]),
          },
        ]
      : []),
    ...(s.on('reordered') && entries.length > 1
      ? [
          {
            operator: 'reordered' as const,
            variant: '',
            what: 'the members in reverse order',
            value: fromEntries([...entries].reverse()),
          },
        ]
      : []),
  ];
};

/** The spoiled forms of a string (`SPOILERS`) that `refuses`, named by spoiler. */
const spoiled = (value: unknown, refuses: (s: string) => boolean, not: string): Change[] =>
  typeof value !== 'string'
    ? []
    : Object.entries(SPOILERS).flatMap(([variant, spoil]) => {
        const s = spoil(value);
        return refuses(s)
          ? [{ operator: 'outside', variant, what: `${show(s)}, ${not}`, value: s }]
          : [];
      });

const otherValue = (value: LiteralValue, not: string): Change[] => {
  const other = typeof value === 'number' ? (value === 0 ? 1 : -value) : !value;
  return [{ operator: 'outside', variant: 'other', what: `${show(other)}, ${not}`, value: other }];
};

const literalOutside = (literal: LiteralValue) => (value: unknown) => {
  const not = `not ${show(literal)}`;
  return typeof literal === 'string'
    ? spoiled(value, (s) => s !== literal, not)
    : otherValue(literal, not);
};

const enumOutside = (values: NonEmpty<LiteralValue>) => (value: unknown) => {
  const options: readonly unknown[] = values;
  const not = `not one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (typeof value === 'string') return spoiled(value, (s) => !options.includes(s), not);
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const other = typeof value === 'number' ? Math.max(...numbers) + 1 : !value;
  return options.includes(other)
    ? []
    : [
        {
          operator: 'outside' as const,
          variant: 'other',
          what: `${show(other)}, ${not}`,
          value: other,
        },
      ];
};

const integerOutside = (value: unknown): readonly Change[] =>
  // Past 2^52 a half is lost: no fraction is near enough to say.
  typeof value === 'number' && !Number.isInteger(value + 0.5)
    ? [
        {
          operator: 'outside',
          variant: 'fraction',
          what: `${show(value + 0.5)}, not an integer`,
          value: value + 0.5,
        },
      ]
    : [];

/** Spoiled forms of the value, then strings drawn at random, that the pattern refuses. */
const patternOutside =
  ({ name, pattern }: Pattern, s: Settings) =>
  (value: unknown, place: string): readonly Change[] => {
    const not = `not matching ${name}`;
    const refuses = (candidate: string) => !pattern.test(candidate);
    const random = sampled(fc.string({ minLength: 1, maxLength: 16 }), s, place, 'outside').flatMap(
      (r, i): Change[] =>
        typeof r === 'string' && refuses(r)
          ? [
              {
                operator: 'outside',
                variant: `draw-${i + 1}`,
                what: `${show(r)}, ${not}`,
                value: r,
              },
            ]
          : [],
    );
    return [...spoiled(value, refuses, not), ...random];
  };

/** A node whose values have no members: what it is outside of, if anything. */
const leafNode = (at: Beside<fc.Arbitrary<unknown>>, outside: Mutable['outside'] = NOTHING) =>
  E.right<never, Mutable>({
    codecPath: showPath(at.path),
    allowed: at.first,
    outside,
    inside: NOTHING,
  });

/** A node whose values have members: `inside` gives the container's own changes, then each member's. */
const container = (
  at: Beside<fc.Arbitrary<unknown>>,
  inside: Mutable['inside'],
): E.Either<never, Mutable> =>
  E.right({ codecPath: showPath(at.path), allowed: at.first, outside: NOTHING, inside });

const arrayInside =
  ([, element]: Child, s: Settings) =>
  (value: unknown, place: string): readonly Candidate[] =>
    Array.isArray(value)
      ? value.flatMap((item: unknown, i) => {
          const itemPlace = jsonIndexPath(place, i);
          const removed: Candidate[] = s.on('removed')
            ? [
                {
                  operator: 'removed',
                  variant: '',
                  what: 'removed',
                  value: value.filter((_, j) => j !== i),
                  place: itemPlace,
                  codecPath: element.codecPath,
                },
              ]
            : [];
          const put = (v: unknown) => value.map((x: unknown, j) => (j === i ? v : x));
          return [...removed, ...putBack(mutantsAt(element, item, itemPlace, s), put)];
        })
      : [];

/** A declared field: present, its changes and its value's mutants; absent (optional), drawn. */
const fieldMutants = (
  field: Field<Child>,
  entries: Entries,
  place: string,
  s: Settings,
): readonly Candidate[] => {
  const child = field.value[1];
  const fieldPlace = jsonFieldPath(place, field.key);
  const found = entries.find(([k]) => k === field.key);
  if (found === undefined) {
    return putBack(
      drawnChanges(child, fieldPlace, s, 'present, drawn from the codec').map(
        placed(fieldPlace, child.codecPath),
      ),
      (v) => fromEntries([...entries, [field.key, v]]),
    );
  }
  return [
    ...memberChanges(entries, field.key, true, s).map(placed(fieldPlace, child.codecPath)),
    ...putBack(mutantsAt(child, found[1], fieldPlace, s), replaced(entries, field.key)),
  ];
};

const objectInside =
  (fields: readonly Field<Child>[], codecPath: string, s: Settings) =>
  (value: unknown, place: string): readonly Candidate[] => {
    if (!isRecord(value)) return [];
    const entries = Object.entries(value);
    return [
      ...containerChanges(entries, s).map(placed(place, codecPath)),
      ...fields.flatMap((field) => fieldMutants(field, entries, place, s)),
    ];
  };

/** A record's keys are data, not names: its members are removed, never renamed. */
const recordInside =
  ([, member]: Child, codecPath: string, s: Settings) =>
  (value: unknown, place: string): readonly Candidate[] => {
    if (!isRecord(value)) return [];
    const entries = Object.entries(value);
    return [
      ...containerChanges(entries, s).map(placed(place, codecPath)),
      ...entries.flatMap(([key, v]) => {
        const memberPlace = jsonFieldPath(place, key);
        return [
          ...memberChanges(entries, key, false, s).map(placed(memberPlace, member.codecPath)),
          ...putBack(mutantsAt(member, v, memberPlace, s), replaced(entries, key)),
        ];
      }),
    ];
  };

/** The mutation interpreter, run alongside the arbitraries: `at.first` is what the codec allows. */
const mutationAlgebra = (
  s: Settings,
): AlgebraOf<Child, Mutable, Beside<fc.Arbitrary<unknown>>> => ({
  string: (at) => leafNode(at),
  number: (at) => leafNode(at),
  integer: (at) => leafNode(at, integerOutside),
  boolean: (at) => leafNode(at),
  literal: (literal, at) => leafNode(at, literalOutside(literal)),
  enum: (values, at) => leafNode(at, enumOutside(values)),
  pattern: (pattern, at) => leafNode(at, patternOutside(pattern, s)),
  array: (element, _min, at) => container(at, arrayInside(element, s)),
  object: (fields, at) => container(at, objectInside(fields, showPath(at.path), s)),
  record: (value, at) => container(at, recordInside(value, showPath(at.path), s)),
  // null has nothing inside and is outside of nothing; any other value is the inner node's.
  nullable: ([, inner], at) =>
    E.right({
      codecPath: showPath(at.path),
      allowed: at.first,
      outside: (value, place) => (value === null ? [] : inner.outside(value, place)),
      inside: (value, place) => (value === null ? [] : inner.inside(value, place)),
    }),
  // The member the value takes (as io-ts decodes) says what is inside it.
  union: ({ choose }, at) =>
    E.right({
      codecPath: showPath(at.path),
      allowed: at.first,
      outside: (value, place) => choose(value)?.value[1].outside(value, place) ?? [],
      inside: (value, place) => choose(value)?.value[1].inside(value, place) ?? [],
    }),
});

/** What a value the codec allows is drawn from: optional fields too, no unknown ones. */
const ALLOWED = arbitraryAlgebra({ optionalFields: true, unknownFields: false, extraItems: 2 });

const settingsOf = ({ seed = 1, draws = 1, operators }: MutantsOptions): Settings => {
  if (!Number.isSafeInteger(seed)) throw new Error(`mutantsOf: the seed ${seed} is not an integer`);
  if (!Number.isSafeInteger(draws) || draws < 0) {
    throw new Error(`mutantsOf: draws ${draws} is not a whole number >= 0`);
  }
  const unknown = (operators ?? []).filter((o) => !mutationOperators.includes(o));
  if (unknown.length > 0) throw new Error(`mutantsOf: no operator ${unknown.join(', ')}`);
  const on = new Set<MutationOperator>(operators ?? mutationOperators);
  return { seed, draws, on: (operator) => on.has(operator) };
};

/**
 * Each body once per place (the first change that gives it there: `"" (empty)`
 * outside a literal is the empty string already), never the example itself.
 * Changes at two places that give one body (`$.errors` empty, `$.errors[0]`
 * removed) are two changes, both kept.
 */
const distinct = (codec: t.Mixed, example: unknown, candidates: readonly Candidate[]) => {
  const unchanged = JSON.stringify(example);
  const seen = new Set<string>();
  return candidates.flatMap((c): Mutant[] => {
    const text = JSON.stringify(c.value);
    const key = `${c.place}\u0000${text}`;
    if (text === unchanged || seen.has(key)) return [];
    seen.add(key);
    return [
      {
        id: `${c.place}#${c.operator}${c.variant === '' ? '' : `:${c.variant}`}`,
        path: c.place,
        codecPath: c.codecPath,
        operator: c.operator,
        description: `${c.place}: ${c.what}`,
        body: c.value,
        allowedByCodec: E.isRight(codec.decode(c.value)),
      },
    ];
  });
};

/**
 * The answers a provider could give instead of `example` (which `codec` must
 * accept), each changed in one place, with the codec's verdict on it. The
 * same codec, example and options give the same mutants in the same order. A
 * codec the fold refuses, or an example it does not decode, is a
 * DerivationError naming every path; invalid options throw.
 */
export const mutantsOf = (
  codec: t.Mixed,
  example: unknown,
  options: MutantsOptions = {},
): E.Either<DerivationError, readonly Mutant[]> => {
  const s = settingsOf(options);
  return pipe(
    interpret(alongside(ALLOWED, mutationAlgebra(s)))(codec),
    E.flatMap(([, root]) =>
      pipe(
        checked(codec, example),
        E.map(() => distinct(codec, example, mutantsAt(root, example, JSON_ROOT, s))),
      ),
    ),
  );
};
