/**
 * Interpreter: the Pact (V3 matcher) template of a codec, for PactV4
 * `jsonBody` / `headers`. Each rule of the codec becomes the Pact matcher that
 * checks the same thing, so the pact promises exactly what the decoder accepts:
 * types by type, literals by equality, enumerations and patterns by type AND an
 * anchored regex, arrays by a minimum length. A codec shape with no faithful
 * matcher is refused with a DerivationError naming its path, never approximated.
 */
// MatchersV3 from the module that defines it (pact-js's root re-exports it as
// `export * as MatchersV3 from './v3/matchers'`): the package root also loads the mock
// server, the verifier, Express, GraphQL and axios, about 0.7 CPU-second in every process
// that derives a matcher (docs/performance.md). pact-js has no exports map; the pack test
// checks this path on each Pact major the package supports.
import * as MatchersV3 from '@pact-foundation/pact/src/v3/matchers.js';
import type {
  Matcher,
  ProviderStateInjectedValue,
  TemplateHeaders,
} from '@pact-foundation/pact/src/v3/types.js';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import {
  derivationError,
  orThrow,
  problem,
  type DerivationError,
  type DerivationProblem,
} from './error.js';
import { checked, exampleAlgebra } from './example.js';
import {
  alongside,
  interpret,
  refuse,
  type Algebra,
  type AlgebraOf,
  type At,
  type Beside,
  type Both,
} from './fold.js';
import { isRecord } from './path.js';
import { all, type Result } from './validation.js';

/**
 * Several rules on one value, all of which must hold: the array form of
 * `pact:matcher:type` in Pact's FFI integration JSON (pact-js has no builder).
 */
export interface CombinedMatcher<T> {
  readonly 'pact:matcher:type': readonly Readonly<Record<string, string>>[];
  readonly value: T;
}

/** A pact-js V3 matcher tree: JSON whose nodes may be matchers. */
export type Template =
  | Matcher<unknown>
  | CombinedMatcher<unknown>
  | string
  | number
  | boolean
  | null
  | readonly Template[]
  | { readonly [key: string]: Template };

export interface DeriveOptions {
  /**
   * Leaves whose value a provider state supplies: path (`refresh_token`,
   * `errors[*].code`) -> provider-state expression (`${refreshToken}`).
   */
  readonly fromProviderState?: Readonly<Record<string, string>>;
}

/** Characters with a meaning in both JavaScript and Rust regex syntax. */
const escapeRegex = (value: string) => value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** `^(?:a|b)$`: exactly one of the values, as a regex both engines read alike. */
const alternation = (values: readonly string[]) => `^(?:${values.map(escapeRegex).join('|')})$`;

/**
 * A string that matches `regex`. Pact's regex matcher alone also passes
 * numbers, booleans, null, arrays and objects (it matches their text), so the
 * type rule is added: both must hold, as they do for the codec.
 */
const stringMatching = (regex: string, value: string): CombinedMatcher<string> => ({
  'pact:matcher:type': [
    { 'pact:matcher:type': 'type' },
    { 'pact:matcher:type': 'regex', regex: MatchersV3.regex(regex, value).regex },
  ],
  value,
});

/**
 * The provider state supplies the value at run time; the leaf keeps its own
 * matching rule (regex, equality...) so the injected value is still checked.
 */
const injected = <L extends { readonly value?: unknown }>(
  expression: string,
  leaf: L,
): L & Pick<ProviderStateInjectedValue<unknown>, 'pact:generator:type' | 'expression'> => {
  const generator = MatchersV3.fromProviderState(expression, leaf.value);
  return {
    ...leaf,
    'pact:generator:type': generator['pact:generator:type'],
    expression: generator.expression,
  };
};

/**
 * Each element like `template`, at least `min` of them (the codec's own minimum,
 * 0 for `t.array`). The example always shows one element, so the pact shows the
 * element's shape even where an empty array is allowed; pact-js's `eachLike`
 * would show `min` copies, none for 0.
 */
const arrayLike = (template: Template, min: number): Template => ({
  'pact:matcher:type': 'type',
  min,
  value: Array.from({ length: Math.max(1, min) }, () => template),
});

interface Walk {
  readonly injections: ReadonlyMap<string, string>;
  readonly used: Set<string>;
}

/** Where the template goes: a JSON body, or headers (an object of string leaves). */
type Placement = 'body' | 'headers';

/** What the matcher interpreter makes of a node: the template of a value found there. */
type Deriver = (value: unknown) => Result<Template>;

type Leaf = Matcher<unknown> | CombinedMatcher<unknown>;

/** Each child: its canonical example, and its template for a value. */
type Child = Both<unknown, Deriver>;

/** The matcher interpreter's cases, given the canonical example of each node (`at.first`). */
type MatcherAlgebra = AlgebraOf<Child, Deriver, Beside<unknown>>;

type Composite = 'array' | 'object' | 'record' | 'nullable' | 'union';

const isLeaf = (template: Template): template is Leaf =>
  isRecord(template) && 'pact:matcher:type' in template && !('min' in template);

const isString = (u: unknown): u is string => typeof u === 'string';
const isNumber = (u: unknown): u is number => typeof u === 'number';
const isBoolean = (u: unknown): u is boolean => typeof u === 'boolean';

const holds =
  <T>(at: At, what: string, is: (u: unknown) => u is T, make: (v: T) => Leaf) =>
  (value: unknown): Result<Leaf> =>
    is(value) ? E.right(make(value)) : refuse(at, `the example holds no ${what} here`);

/** How leaves and trees are made in a placement, with the provider-state injections. */
const builders = (placement: Placement, walk: Walk) => {
  const inBody = placement === 'body';
  const notHeader = (at: At) => refuse<Deriver>(at, 'a header value must be a string codec');
  /** A leaf; the provider state may supply its value, checked by the leaf's own rule. */
  const leaf = (at: At, build: (value: unknown) => Result<Leaf>): Result<Deriver> =>
    E.right((value) => {
      const expression = walk.injections.get(at.path);
      if (expression !== undefined) walk.used.add(at.path);
      return pipe(
        build(value),
        E.map((l) => (expression === undefined ? l : injected(expression, l))),
      );
    });
  /** A node with children: never injected; in headers, only the root object. */
  const tree = (at: At, build: Deriver): Result<Deriver> =>
    !inBody && at.path !== ''
      ? notHeader(at)
      : E.right((value) => {
          if (!walk.injections.has(at.path)) return build(value);
          walk.used.add(at.path);
          return refuse(at, 'fromProviderState needs a single value, not a tree');
        });
  /** A string, matched by type, or by type AND `regex` (in headers, every value is a string). */
  const stringLeaf = (at: At, regex?: string) =>
    leaf(
      at,
      holds(at, 'string', isString, (v) =>
        regex === undefined
          ? MatchersV3.string(v)
          : inBody
            ? stringMatching(regex, v)
            : MatchersV3.regex(regex, v),
      ),
    );
  const bodyLeaf = (at: At, build: (value: unknown) => Result<Leaf>) =>
    inBody ? leaf(at, build) : notHeader(at);
  return { inBody, notHeader, leaf, tree, stringLeaf, bodyLeaf };
};

type Builders = ReturnType<typeof builders>;

const leafCases = (b: Builders): Omit<MatcherAlgebra, Composite> => ({
  string: (at) => b.stringLeaf(at),
  number: (at) => b.bodyLeaf(at, holds(at, 'number', isNumber, MatchersV3.number)),
  integer: (at) => b.bodyLeaf(at, holds(at, 'integer', isNumber, MatchersV3.integer)),
  boolean: (at) => b.bodyLeaf(at, holds(at, 'boolean', isBoolean, MatchersV3.boolean)),
  // Equality, not a bare value: a bare value under a parent type matcher
  // would only be checked for its type.
  literal: (value, at) =>
    typeof value === 'string' || b.inBody
      ? b.leaf(at, () => E.right(MatchersV3.equal(value)))
      : b.notHeader(at),
  enum: (values, at) => {
    const strings = values.filter(isString);
    // Every option, never "the first one": the pact must accept each of them.
    if (strings.length === values.length) return b.stringLeaf(at, alternation(strings));
    return b.inBody
      ? refuse(at, 'an enumeration of non-strings has no Pact regex')
      : b.notHeader(at);
  },
  pattern: (pattern, at) => b.stringLeaf(at, pattern.pattern.source),
});

/**
 * A template without the values it only shows: what it demands of any value
 * (an equality matcher demands its value).
 */
const shapeOf = (template: unknown): unknown => {
  if (Array.isArray(template)) return template.map(shapeOf);
  if (!isRecord(template)) return template;
  if (!('pact:matcher:type' in template)) {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, shapeOf(v)]));
  }
  const { value, rules, ...rule } = template;
  return {
    ...rule,
    ...(rule['pact:matcher:type'] === 'equality' ? { value } : {}),
    ...(Array.isArray(rules) ? { rules: rules.map(shapeOf) } : {}),
    // An array's template shows its element (`arrayLike`): the element is part of the rule.
    ...('min' in template && Array.isArray(value) ? { element: shapeOf(value[0]) } : {}),
  };
};

/**
 * The one template every element (or value) shown takes. Pact checks every
 * element of an array, and every value of an `eachValue`, against one
 * template: elements that take different branches (null and not, different
 * union members) have none, and the example cannot be shown.
 */
const oneTemplate = (at: At, templates: readonly Template[]): Result<Template> => {
  const [first] = templates;
  if (first === undefined) return refuse(at, 'the example shows no value');
  const shape = JSON.stringify(shapeOf(first));
  return templates.every((other) => JSON.stringify(shapeOf(other)) === shape)
    ? E.right(first)
    : refuse(
        at,
        "the example's values take different branches: Pact checks each against one template; show values of one branch",
      );
};

/**
 * A leaf's rules as eachValue lists them: each rule of a combined matcher on
 * its own (Pact reads no combined form there), all of which must hold.
 */
const rulesOf = (leaf: Leaf): readonly Template[] => {
  const type = leaf['pact:matcher:type'];
  return typeof type === 'string' ? [leaf] : type;
};

/**
 * Any key, each value by the value's rule (Pact's eachValue, which takes leaf
 * rules). The example shows the values given, or one canonical entry.
 */
const recordTemplate = (at: Beside<unknown>, valueOf: Deriver) => (value: unknown) => {
  const example = isRecord(value) && Object.keys(value).length > 0 ? value : at.first;
  return pipe(
    all((isRecord(example) ? Object.values(example) : []).map(valueOf)),
    E.flatMap((rules) => oneTemplate(at, rules)),
    E.flatMap((rule) =>
      isLeaf(rule)
        ? E.right<never, Template>({
            'pact:matcher:type': 'eachValue',
            rules: rulesOf(rule),
            value: example,
          })
        : refuse(at, "a record of objects or arrays: Pact's eachValue takes leaf rules"),
    ),
  );
};

/** An object of its required fields' templates, as the codec requires them. */
const objectTemplate =
  (
    fields: readonly { readonly key: string; readonly optional: boolean; readonly value: Child }[],
  ) =>
  (value: Readonly<Record<string, unknown>>): Result<Template> =>
    pipe(
      all(
        fields
          .filter((f) => !f.optional)
          .map((f) =>
            pipe(
              f.value[1](value[f.key]),
              E.map((template) => [f.key, template] as const),
            ),
          ),
      ),
      E.map((entries): Template => Object.fromEntries(entries)),
    );

const compositeCases = (b: Builders): Pick<MatcherAlgebra, Composite> => ({
  // The example shows one element at least: the given one, else the canonical one.
  array: ([, element], min, at) =>
    b.tree(at, (value) => {
      const items = Array.isArray(value) && value.length > 0 ? value : at.first;
      return pipe(
        all((Array.isArray(items) ? items : []).map(element)),
        E.flatMap((templates) => oneTemplate(at, templates)),
        E.map((template) => arrayLike(template, min)),
      );
    }),
  // Optional (`partial`) fields are left out on purpose. Pact cannot say
  // "may be absent": every key of an expected body must be present, so an
  // optional field in the template would become a required one.
  object: (fields, at) =>
    b.tree(at, (value) =>
      isRecord(value) ? objectTemplate(fields)(value) : refuse(at, 'the example holds no object'),
    ),
  record: ([, value], at) => b.tree(at, recordTemplate(at, value)),
  // The example's branch: an interaction demands the branch its example takes.
  nullable: ([, inner], at) =>
    E.right((value) =>
      value !== null
        ? inner(value)
        : b.inBody
          ? E.right(MatchersV3.nullValue())
          : refuse(at, 'a header cannot be null'),
    ),
  union: (union, at) =>
    b.tree(at, (value) => {
      const taken = union.choose(value);
      return taken === undefined
        ? refuse(at, 'the example takes no member')
        : taken.value[1](value);
    }),
});

/** The Pact matcher interpreter for a body or for headers, beside the canonical examples. */
const matcherAlgebra = (placement: Placement, walk: Walk): Algebra<Child> => {
  const b = builders(placement, walk);
  return alongside(exampleAlgebra, { ...leafCases(b), ...compositeCases(b) });
};

const unusedInjections = (codec: t.Mixed, walk: Walk): readonly DerivationProblem[] =>
  [...walk.injections.keys()]
    .filter((path) => !walk.used.has(path))
    .map((path) =>
      problem(path, codec.name, 'fromProviderState names a field the codec does not have'),
    );

/** Pact records a body of `null` or `""` as no body at all: a pact could not show it. */
const emptyBody = (codec: t.Mixed, value: unknown): readonly DerivationProblem[] =>
  value === null || value === ''
    ? [
        problem(
          '',
          codec.name,
          `Pact records a body of ${JSON.stringify(value)} as no body: show another value`,
        ),
      ]
    : [];

/**
 * The Pact template of `codec` for `placement`, in one walk of the codec.
 * `example` (wire form) gives the values shown in the pact; without it the
 * codec's canonical example is used. Either is decoded first.
 */
const derive = (
  placement: Placement,
  codec: t.Mixed,
  example: unknown,
  options: DeriveOptions,
): E.Either<DerivationError, Template> => {
  const walk: Walk = {
    injections: new Map(Object.entries(options.fromProviderState ?? {})),
    used: new Set(),
  };
  return pipe(
    interpret(matcherAlgebra(placement, walk))(codec),
    E.flatMap(([canonical, deriver]) =>
      pipe(
        checked(codec, example === undefined ? canonical : example),
        E.flatMap((value) => {
          const built = deriver(value);
          const problems = [
            ...(E.isLeft(built) ? built.left : []),
            ...unusedInjections(codec, walk),
            ...(placement === 'body' ? emptyBody(codec, value) : []),
          ];
          return E.isRight(built) && problems.length === 0
            ? E.right(built.right)
            : E.left(derivationError(codec.name, problems));
        }),
      ),
    ),
  );
};

/**
 * The Pact template of a body codec, for PactV4 `jsonBody`. `example` (wire
 * form) gives the values shown; it is decoded first.
 */
export const deriveMatchers = (
  codec: t.Mixed,
  example?: unknown,
  options: DeriveOptions = {},
): E.Either<DerivationError, Template> => derive('body', codec, example, options);

/** Header templates: an object codec whose fields are all string leaves. */
export const deriveHeaderMatchers = (
  codec: t.Mixed,
  example?: unknown,
  options: DeriveOptions = {},
): E.Either<DerivationError, TemplateHeaders> =>
  pipe(
    derive('headers', codec, example, options),
    E.flatMap((template) =>
      isRecord(template) && !isLeaf(template)
        ? E.right(template as TemplateHeaders)
        : E.left(
            derivationError(codec.name, [
              problem('', codec.name, 'headers must be an object of string fields'),
            ]),
          ),
    ),
  );

const CANNOT = 'Cannot derive a Pact contract';

/** {@link deriveMatchers} for test-definition time: throws, listing every problem. */
export const matchersFor = (codec: t.Mixed, example?: unknown, options?: DeriveOptions) =>
  orThrow(CANNOT, deriveMatchers(codec, example, options));

/** {@link deriveHeaderMatchers} for test-definition time: throws, listing every problem. */
export const headerMatchersFor = (codec: t.Mixed, example?: unknown, options?: DeriveOptions) =>
  orThrow(CANNOT, deriveHeaderMatchers(codec, example, options));
