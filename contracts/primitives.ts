/**
 * Codec building blocks that carry their constraint as data (a pattern, a
 * minimum length), so that every interpreter of a codec tree (decoder, Pact
 * matchers, examples, fast-check arbitraries) reads the same fact instead of
 * re-stating it.
 */
import * as t from 'io-ts';

/** A string that must match an anchored regular expression. */
export class PatternType extends t.Type<string, string, unknown> {
  readonly _tag = 'PatternType' as const;

  constructor(
    name: string,
    /** Anchored (`^...$`) and portable between JavaScript and Rust (Pact's engine). */
    readonly pattern: RegExp,
    /** A canonical valid value: interpreters use it when no example is given. */
    readonly example: string,
    /** What the pattern means, in words: for error messages and reports. */
    readonly meaning: string,
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

export const pattern = (name: string, regex: RegExp, example: string, meaning: string) =>
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

/**
 * Any non-empty string. `[\s\S]` rather than `.` so that the same pattern
 * means the same thing in JavaScript and in Pact's Rust regex engine.
 */
export const NonEmptyString = pattern(
  'NonEmptyString',
  /^[\s\S]+$/,
  'a-non-empty-string',
  'a non-empty string',
);

/** One field of a wire record: its name on the wire and its codec. */
export type Field = readonly [wireName: string, codec: t.Mixed];
export type Fields = Readonly<Record<string, Field>>;

export type WireProps<F extends Fields> = { [K in keyof F as F[K][0]]: F[K][1] };
export type DomainProps<F extends Fields> = { [K in keyof F]: F[K][1] };

/**
 * A JSON object whose wire field names differ from the domain's (snake_case
 * vs the SDK's camelCase), declared once as `domainName: [wireName, codec]`.
 * Gives the wire codec (what Pact and the provider read), the domain codec
 * and the codec that decodes wire to domain and encodes back.
 */
export const renamedRecord = <F extends Fields>(name: string, fields: F) => {
  const entries = Object.entries(fields);
  const wireProps = Object.fromEntries(entries.map(([, [wire, codec]]) => [wire, codec]));
  const domainProps = Object.fromEntries(entries.map(([domain, [, codec]]) => [domain, codec]));
  // The casts restate what the two mapped types above say about these objects.
  const wire = t.type(wireProps as WireProps<F>, `${name}Body`);
  const domain = t.type(domainProps as DomainProps<F>, name);
  type Wire = t.TypeOf<typeof wire>;
  type Domain = t.TypeOf<typeof domain>;
  const rename = (from: Readonly<Record<string, unknown>>, pairs: [string, string][]) =>
    Object.fromEntries(pairs.map(([source, target]) => [target, from[source]]));
  const toDomain = (w: Wire): Domain =>
    rename(
      w,
      entries.map(([domainName, [wireName]]) => [wireName, domainName]),
    ) as Domain;
  const toWire = (d: Domain): Wire =>
    rename(
      d,
      entries.map(([domainName, [wireName]]) => [domainName, wireName]),
    ) as Wire;
  const fromWire = new t.Type<Domain, t.OutputOf<typeof wire>, unknown>(
    name,
    domain.is,
    (u, c) => {
      const decoded = wire.validate(u, c);
      return decoded._tag === 'Left' ? decoded : t.success(toDomain(decoded.right));
    },
    (d) => wire.encode(toWire(d)),
  );
  return { wire, domain, fromWire, toDomain, toWire };
};
