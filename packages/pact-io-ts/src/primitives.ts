/**
 * Codec building blocks that carry their constraint as data (a pattern, a
 * minimum length), so that every interpreter of a codec tree (decoder, Pact
 * matchers, examples, JSON Schema, fast-check arbitraries) reads the same fact
 * instead of re-stating it. Each is recognised by its `_tag`, never by
 * `instanceof`: a codec built with another copy of this package still reads.
 */
import * as t from 'io-ts';
import { tagOf } from './tag.js';

/**
 * What every interpreter reads of a pattern: the regex, a canonical example
 * and, when its author states it, what the regex means in plain words.
 */
export interface Pattern {
  readonly name: string;
  /** Anchored (`^...$`) and portable between JavaScript and Rust (Pact's engine). */
  readonly pattern: RegExp;
  /** A canonical valid value: interpreters use it when no example is given. */
  readonly example: string;
  /** What the regex means, in words ("a SKU: three capitals, a dash, 4 digits"), for people. */
  readonly meaning?: string | undefined;
}

/** A string that must match an anchored regular expression. */
export class PatternType extends t.Type<string, string, unknown> {
  readonly _tag = 'PatternType' as const;

  constructor(
    name: string,
    /** Anchored (`^...$`) and portable between JavaScript and Rust (Pact's engine). */
    readonly pattern: RegExp,
    /** A canonical valid value: interpreters use it when no example is given. */
    readonly example: string,
    /** What the pattern means, in words: for error messages, rules and reports. */
    readonly meaning?: string,
  ) {
    super(
      name,
      (u): u is string => typeof u === 'string' && pattern.test(u),
      (u, c) =>
        typeof u === 'string' && pattern.test(u) ? t.success(u) : t.failure(u, c, undefined),
      t.identity,
    );
    if (!pattern.source.startsWith('^') || !pattern.source.endsWith('$')) {
      throw new Error(`PatternType ${name}: pattern /${pattern.source}/ must be anchored`);
    }
    if (!pattern.test(example)) {
      throw new Error(`PatternType ${name}: example ${JSON.stringify(example)} does not match`);
    }
  }
}

/**
 * A string codec that must match `regex` (anchored, no flags: Pact's Rust
 * engine must read it as JavaScript does); `example` must match it. `meaning`
 * says in plain words what the regex means, for error messages, the rules
 * interpreter and reports: people read it instead of the regex.
 */
export const pattern = (name: string, regex: RegExp, example: string, meaning?: string) =>
  new PatternType(name, regex, example, meaning);

/** An array with at least `minItems` elements. */
export class MinItemsType<C extends t.Mixed> extends t.Type<
  Array<t.TypeOf<C>>,
  Array<t.OutputOf<C>>,
  unknown
> {
  readonly _tag = 'MinItemsType' as const;

  constructor(
    name: string,
    readonly type: C,
    readonly minItems: number,
  ) {
    if (!Number.isSafeInteger(minItems) || minItems < 0) {
      throw new Error(`MinItemsType ${name}: the minimum ${minItems} is not a whole number >= 0`);
    }
    const array = t.array(type);
    super(
      name,
      (u): u is Array<t.TypeOf<C>> => array.is(u) && u.length >= minItems,
      (u, c) => {
        const decoded = array.validate(u, c);
        if (decoded._tag === 'Left') return decoded;
        return decoded.right.length >= minItems ? decoded : t.failure(u, c, undefined);
      },
      (a) => array.encode(a),
    );
  }
}

export const minItems = <C extends t.Mixed>(type: C, min: number, name?: string) =>
  new MinItemsType(name ?? `Array<${type.name}> (at least ${min})`, type, min);

/** A {@link PatternType} from any copy of this package. */
export const isPattern = (codec: unknown): codec is PatternType =>
  tagOf(codec) === 'PatternType' &&
  (codec as { readonly pattern?: unknown }).pattern instanceof RegExp;

/** A {@link MinItemsType} from any copy of this package. */
export const isMinItems = (codec: unknown): codec is MinItemsType<t.Mixed> =>
  tagOf(codec) === 'MinItemsType' &&
  typeof (codec as { readonly minItems?: unknown }).minItems === 'number';

/**
 * A brand of a pattern string: `Branded<string, B>` statically, the pattern's
 * check at run time, so interpreters keep reading the pattern; `meaning`, when
 * given, says what the brand means in place of the pattern's.
 * `interface SkuBrand { readonly Sku: unique symbol }` then
 * `brandedPattern<SkuBrand>(Sku, 'Sku', 'a SKU')`.
 */
export const brandedPattern = <B extends { readonly [K in keyof B]: symbol }>(
  codec: PatternType,
  name: keyof B & string,
  meaning?: string,
) =>
  Object.assign(
    t.brand(codec, (s): s is t.Branded<string, B> => codec.pattern.test(s), name),
    { patternBrand: true as const, meaning },
  );
