/**
 * Interpreter: the Pact (V3 matcher) template of a codec, for PactV4
 * `jsonBody` / `headers`. Each rule of the codec becomes the Pact matcher that
 * checks the same thing, so the pact promises exactly what the decoder accepts:
 * types by type, literals by equality, enumerations and patterns by type AND an
 * anchored regex, arrays by a minimum length. A codec shape with no faithful
 * matcher is refused with a DerivationError naming its path, never approximated.
 */
import {
  MatchersV3,
  type Matcher,
  type ProviderStateInjectedValue,
  type TemplateHeaders,
} from '@pact-foundation/pact';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { decode } from './decode.js';
import {
  derivationError,
  invalidExample,
  problem,
  type DerivationError,
  type DerivationProblem,
} from './error.js';
import { exampleAlgebra, exampleAt } from './example.js';
import { fold, interpret, isRecord, refuse, type Algebra, type At } from './fold.js';
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
export const alternation = (values: readonly string[]) =>
  `^(?:${values.map(escapeRegex).join('|')})$`;

/**
 * A string that matches `regex`. Pact's regex matcher alone also passes
 * numbers, booleans, null, arrays and objects (it matches their text), so the
 * type rule is added: both must hold, as they do for the codec.
 */
export const stringMatching = (regex: string, value: string): CombinedMatcher<string> => ({
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
export const arrayLike = (template: Template, min: number): Template => ({
  'pact:matcher:type': 'type',
  min,
  value: Array.from({ length: Math.max(1, min) }, () => template),
});

interface Walk {
  readonly injections: ReadonlyMap<string, string>;
  readonly used: Set<string>;
}

/** Where the template goes: a JSON body, or headers (an object of string leaves). */
export type Placement = 'body' | 'headers';

/** What the matcher interpreter makes of a node: the template of a value found there. */
type Deriver = (value: unknown) => Result<Template>;

type Leaf = Matcher<unknown> | CombinedMatcher<unknown>;

const isLeaf = (template: Template): template is Leaf =>
  isRecord(template) && 'pact:matcher:type' in template && !('min' in template);

/** The canonical example of the node at `at`, for an array or record the example leaves empty. */
const canonical = (at: At) => exampleAt(at.codec, at.path);

/** The Pact matcher interpreter, for a body or for headers. */
// eslint-disable-next-line max-lines-per-function -- one algebra: a short processor per codec kind, read side by side as the fold's other algebras are
const matcherAlgebra = (placement: Placement, walk: Walk): Algebra<Deriver> => {
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
  const holds =
    <T>(at: At, what: string, is: (u: unknown) => u is T, make: (v: T) => Leaf) =>
    (value: unknown): Result<Leaf> =>
      is(value) ? E.right(make(value)) : refuse(at, `the example holds no ${what} here`);
  const isString = (u: unknown): u is string => typeof u === 'string';
  const isNumber = (u: unknown): u is number => typeof u === 'number';
  const isBoolean = (u: unknown): u is boolean => typeof u === 'boolean';
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
  return {
    string: (at) => stringLeaf(at),
    number: (at) => bodyLeaf(at, holds(at, 'number', isNumber, MatchersV3.number)),
    integer: (at) => bodyLeaf(at, holds(at, 'integer', isNumber, MatchersV3.integer)),
    boolean: (at) => bodyLeaf(at, holds(at, 'boolean', isBoolean, MatchersV3.boolean)),
    // Equality, not a bare value: a bare value under a parent type matcher
    // would only be checked for its type.
    literal: (value, at) =>
      typeof value === 'string' || inBody
        ? leaf(at, () => E.right(MatchersV3.equal(value)))
        : notHeader(at),
    enum: (values, at) => {
      const strings = values.filter((v): v is string => typeof v === 'string');
      // Every option, never "the first one": the pact must accept each of them.
      if (strings.length === values.length) return stringLeaf(at, alternation(strings));
      return inBody ? refuse(at, 'an enumeration of non-strings has no Pact regex') : notHeader(at);
    },
    pattern: (codec, at) =>
      codec.pattern.flags === ''
        ? stringLeaf(at, codec.pattern.source)
        : refuse(at, `flags /${codec.pattern.flags} do not translate to Pact's regex`),
    array: (element, min, at) =>
      tree(at, (value) =>
        pipe(
          Array.isArray(value) && value.length > 0 ? E.right(value) : canonical(at),
          E.flatMap((items) => element(Array.isArray(items) ? items[0] : undefined)),
          E.map((template) => arrayLike(template, min)),
        ),
      ),
    // Optional (`partial`) fields are left out on purpose. Pact cannot say
    // "may be absent": every key of an expected body must be present, so an
    // optional field in the template would become a required one.
    object: (fields, at) =>
      tree(at, (value) =>
        isRecord(value)
          ? pipe(
              all(
                fields
                  .filter((f) => !f.optional)
                  .map((f) =>
                    pipe(
                      f.value(value[f.key]),
                      E.map((template) => [f.key, template] as const),
                    ),
                  ),
              ),
              E.map((entries): Template => Object.fromEntries(entries)),
            )
          : refuse(at, 'the example holds no object'),
      ),
    // Any key, each value by the value's rule (Pact's eachValue); the example
    // shows the values given, or one canonical entry.
    record: (valueOf, at) =>
      tree(at, (value) =>
        pipe(
          isRecord(value) && Object.keys(value).length > 0 ? E.right(value) : canonical(at),
          E.flatMap((example) => {
            const entries = isRecord(example) ? Object.values(example) : [];
            return pipe(
              valueOf(entries[0]),
              E.flatMap((rule) =>
                isLeaf(rule)
                  ? E.right<never, Template>({
                      'pact:matcher:type': 'eachValue',
                      rules: [rule],
                      value: example,
                    } as Matcher<unknown>)
                  : refuse(at, "a record of objects or arrays: Pact's eachValue takes leaf rules"),
              ),
            );
          }),
        ),
      ),
    // The example's branch: an interaction demands the branch its example takes.
    nullable: (inner, at) =>
      E.right((value) =>
        value !== null
          ? inner(value)
          : inBody
            ? E.right(MatchersV3.nullValue())
            : refuse(at, 'a header cannot be null'),
      ),
    union: (members, at) =>
      tree(at, (value) => {
        const codecs: readonly t.Mixed[] = (at.codec as t.UnionC<[t.Mixed, t.Mixed]>).types;
        const taken = members[codecs.findIndex((c) => E.isRight(c.decode(value)))];
        return taken === undefined ? refuse(at, 'the example takes no member') : taken(value);
      }),
  };
};

const checkedExample = (codec: t.Mixed, example: unknown): E.Either<DerivationError, unknown> =>
  example === undefined
    ? interpret(exampleAlgebra)(codec)
    : pipe(
        decode(codec)(example),
        E.bimap(invalidExample, () => example),
      );

const unusedInjections = (codec: t.Mixed, walk: Walk): readonly DerivationProblem[] =>
  [...walk.injections.keys()]
    .filter((path) => !walk.used.has(path))
    .map((path) =>
      problem(path, codec.name, 'fromProviderState names a field the codec does not have'),
    );

/**
 * The Pact template of `codec` for `placement`. `example` (wire form) gives the
 * values shown in the pact; it is decoded first, and without it the codec's own
 * example is used.
 */
export const derive = (
  placement: Placement,
  codec: t.Mixed,
  example?: unknown,
  options: DeriveOptions = {},
): E.Either<DerivationError, Template> =>
  pipe(
    checkedExample(codec, example),
    E.flatMap((value) => {
      const walk: Walk = {
        injections: new Map(Object.entries(options.fromProviderState ?? {})),
        used: new Set(),
      };
      const built = pipe(
        fold(matcherAlgebra(placement, walk))(codec),
        E.flatMap((deriver) => deriver(value)),
      );
      const problems = [...(E.isLeft(built) ? built.left : []), ...unusedInjections(codec, walk)];
      return problems.length > 0 || E.isLeft(built)
        ? E.left(derivationError(codec.name, problems))
        : E.right(built.right);
    }),
  );

/** The Pact template of a body codec: {@link derive} for a body. */
export const deriveMatchers = (codec: t.Mixed, example?: unknown, options: DeriveOptions = {}) =>
  derive('body', codec, example, options);

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

const orThrow = <A>(result: E.Either<DerivationError, A>): A => {
  if (E.isLeft(result)) throw new Error(`Cannot derive a Pact contract: ${result.left.message}`);
  return result.right;
};

/** {@link deriveMatchers} for test-definition time: throws, listing every problem. */
export const matchersFor = (codec: t.Mixed, example?: unknown, options?: DeriveOptions) =>
  orThrow(deriveMatchers(codec, example, options));

/** {@link deriveHeaderMatchers} for test-definition time: throws, listing every problem. */
export const headerMatchersFor = (codec: t.Mixed, example?: unknown, options?: DeriveOptions) =>
  orThrow(deriveHeaderMatchers(codec, example, options));
