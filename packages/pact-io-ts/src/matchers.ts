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
import { exampleAt } from './example.js';
import {
  elementPath,
  fieldPath,
  isRecord,
  nodeOf,
  type LiteralValue,
  type Node,
} from './schema.js';
import { all, fail, type Result } from './validation.js';

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
   * Leaves whose value a provider state supplies: dotted path (`refresh_token`,
   * `errors[0].code`) -> provider-state expression (`${refreshToken}`).
   */
  readonly fromProviderState?: Readonly<Record<string, string>>;
}

/** Characters with a meaning in both JavaScript and Rust regex syntax. */
const escapeRegex = (value: string) => value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** `^(?:a|b)$`: exactly one of the values, as a regex both engines read alike. */
export const alternation = (values: readonly string[]) =>
  `^(?:${values.map(escapeRegex).join('|')})$`;

interface Walk {
  readonly codecName: string;
  readonly injections: ReadonlyMap<string, string>;
  readonly used: Set<string>;
}

const expectString = (value: unknown, path: string, codec: t.Mixed): Result<string> =>
  typeof value === 'string'
    ? E.right(value)
    : fail(problem(path, codec.name, 'the example holds no string here'));

/** Matchers for leaves carried as strings (bodies and headers alike). */
const stringLeaf = (
  node: Node,
  value: unknown,
  path: string,
  codec: t.Mixed,
): Result<Matcher<string>> | undefined => {
  switch (node.kind) {
    case 'string':
      return pipe(expectString(value, path, codec), E.map(MatchersV3.string));
    case 'pattern': {
      const { pattern } = node.codec;
      if (pattern.flags !== '') {
        return fail(
          problem(path, codec.name, `flags /${pattern.flags} do not translate to Pact's regex`),
        );
      }
      return pipe(
        expectString(value, path, codec),
        E.map((v) => MatchersV3.regex(pattern.source, v)),
      );
    }
    case 'literal':
      // Equality, not a bare value: a bare value under a parent type matcher
      // would only be checked for its type.
      return typeof node.value === 'string' ? E.right(MatchersV3.equal(node.value)) : undefined;
    case 'enum': {
      const strings = node.values.filter((v): v is string => typeof v === 'string');
      if (strings.length !== node.values.length) return undefined;
      // Every option, never "the first one": the pact must accept each of them.
      return pipe(
        expectString(value, path, codec),
        E.map((v) => MatchersV3.regex(alternation(strings), v)),
      );
    }
    default:
      return undefined;
  }
};

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

/** In a body a regex leaf must also be a string; headers are always strings. */
const typedInBody = (leaf: Matcher<string>): Matcher<string> | CombinedMatcher<string> =>
  'regex' in leaf && typeof leaf.regex === 'string' && typeof leaf.value === 'string'
    ? stringMatching(leaf.regex, leaf.value)
    : leaf;

const scalarLeaf = (
  node: Node,
  value: unknown,
  path: string,
  codec: t.Mixed,
): Result<Matcher<unknown> | CombinedMatcher<unknown>> | undefined => {
  const asString = stringLeaf(node, value, path, codec);
  if (asString !== undefined) return pipe(asString, E.map(typedInBody));
  const wrong = (what: string) => fail(problem(path, codec.name, `the example holds no ${what}`));
  switch (node.kind) {
    case 'number':
      return typeof value === 'number' ? E.right(MatchersV3.number(value)) : wrong('number');
    case 'integer':
      return typeof value === 'number' ? E.right(MatchersV3.integer(value)) : wrong('integer');
    case 'boolean':
      return typeof value === 'boolean' ? E.right(MatchersV3.boolean(value)) : wrong('boolean');
    case 'literal':
      return E.right(MatchersV3.equal<LiteralValue>(node.value));
    case 'enum':
      return fail(problem(path, codec.name, 'an enumeration of non-strings has no Pact regex'));
    default:
      return undefined;
  }
};

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

const templateAt = (codec: t.Mixed, value: unknown, path: string, walk: Walk): Result<Template> => {
  const node = nodeOf(codec);
  const expression = walk.injections.get(path);
  if (expression !== undefined) walk.used.add(path);

  const leaf = scalarLeaf(node, value, path, codec);
  if (leaf !== undefined) {
    return expression === undefined
      ? leaf
      : pipe(
          leaf,
          E.map((l) => injected(expression, l)),
        );
  }
  if (expression !== undefined) {
    return fail(problem(path, codec.name, 'fromProviderState needs a single value, not a tree'));
  }
  switch (node.kind) {
    case 'array': {
      const element = elementPath(path);
      const first: unknown = Array.isArray(value) ? value[0] : undefined;
      const elementValue = first === undefined ? exampleAt(node.element, element) : E.right(first);
      return pipe(
        elementValue,
        E.chain((v) => templateAt(node.element, v, element, walk)),
        E.map((template) => arrayLike(template, node.min)),
      );
    }
    case 'object': {
      if (!isRecord(value)) return fail(problem(path, codec.name, 'the example holds no object'));
      // Optional (`partial`) fields are left out on purpose. Pact cannot say
      // "may be absent": every key of an expected body must be present, so an
      // optional field in the template would become a required one.
      return pipe(
        all(
          node.required.map(([key, field]) =>
            pipe(
              templateAt(field, value[key], fieldPath(path, key), walk),
              E.map((template) => [key, template] as const),
            ),
          ),
        ),
        E.map((entries): Template => Object.fromEntries(entries)),
      );
    }
    case 'unsupported':
      return fail(problem(path, codec.name, node.reason));
    default:
      return fail(problem(path, codec.name, `no Pact matcher for a ${node.kind} here`));
  }
};

const checkedExample = (codec: t.Mixed, example: unknown): E.Either<DerivationError, unknown> =>
  example === undefined
    ? pipe(
        exampleAt(codec, ''),
        E.mapLeft((problems) => derivationError(codec.name, problems)),
      )
    : pipe(
        decode(codec)(example),
        E.bimap(invalidExample, () => example),
      );

const unusedInjections = (walk: Walk): readonly DerivationProblem[] =>
  [...walk.injections.keys()]
    .filter((path) => !walk.used.has(path))
    .map((path) =>
      problem(path, walk.codecName, 'fromProviderState names a field the codec does not have'),
    );

const derive = <A>(
  codec: t.Mixed,
  example: unknown,
  options: DeriveOptions,
  build: (example: unknown, walk: Walk) => Result<A>,
): E.Either<DerivationError, A> =>
  pipe(
    checkedExample(codec, example),
    E.chain((value) => {
      const walk: Walk = {
        codecName: codec.name,
        injections: new Map(Object.entries(options.fromProviderState ?? {})),
        used: new Set(),
      };
      const built = build(value, walk);
      const problems = [...(E.isLeft(built) ? built.left : []), ...unusedInjections(walk)];
      return problems.length > 0 || E.isLeft(built)
        ? E.left(derivationError(codec.name, problems))
        : E.right(built.right);
    }),
  );

/**
 * The Pact template of `codec`. `example` (wire form) gives the values shown in
 * the pact; it is decoded first, and without it the codec's own example is used.
 */
export const deriveMatchers = (
  codec: t.Mixed,
  example?: unknown,
  options: DeriveOptions = {},
): E.Either<DerivationError, Template> =>
  derive(codec, example, options, (value, walk) => templateAt(codec, value, '', walk));

/** Header templates: an object whose fields are all string leaves. */
export const deriveHeaderMatchers = (
  codec: t.Mixed,
  example?: unknown,
  options: DeriveOptions = {},
): E.Either<DerivationError, TemplateHeaders> =>
  derive(codec, example, options, (value, walk) => {
    const node = nodeOf(codec);
    if (node.kind !== 'object' || !isRecord(value)) {
      return fail(problem('', codec.name, 'headers must be an object of string fields'));
    }
    return pipe(
      all(
        node.required.map(([name, field]) => {
          const path = fieldPath('', name);
          const leaf = stringLeaf(nodeOf(field), value[name], path, field);
          if (leaf === undefined) {
            return fail<readonly [string, Matcher<string>]>(
              problem(path, field.name, 'a header value must be a string codec'),
            );
          }
          const expression = walk.injections.get(path);
          if (expression !== undefined) walk.used.add(path);
          return pipe(
            leaf,
            E.map((l) => (expression === undefined ? l : injected(expression, l))),
            E.map((l) => [name, l] as const),
          );
        }),
      ),
      E.map((entries): TemplateHeaders => Object.fromEntries(entries)),
    );
  });

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
