/**
 * Interpreter: fast-check arbitraries of a codec tree, read from the same
 * schema nodes as the Pact matchers (src/pact-io-ts), so property tests draw
 * exactly the values the codec accepts. Every drawn value is decoded before it
 * is handed out: a generator that drifts from its codec fails loudly.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decode } from '../../contracts/decode.js';
import { isRecord, nodeOf } from 'pact-io-ts';

export interface ArbitraryOptions {
  /** Draw `partial` fields too (sometimes present, sometimes not). Default true. */
  readonly optionalFields?: boolean;
  /** Add fields no codec declares, at every object level. Default false. */
  readonly unknownFields?: boolean;
  /** Largest number of extra elements an array gets above its minimum. Default 3. */
  readonly extraItems?: number;
}

const unknownValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
);

const arbitraryAt = (
  codec: t.Mixed,
  path: string,
  options: Required<ArbitraryOptions>,
): fc.Arbitrary<unknown> => {
  const node = nodeOf(codec);
  switch (node.kind) {
    case 'string':
      return fc.string({ unit: 'grapheme' });
    case 'number':
      // JSON has no NaN, Infinity or -0.
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n));
    case 'integer':
      return fc.integer();
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constant(node.value);
    case 'enum':
      return fc.constantFrom(...node.values);
    case 'pattern':
      return fc.stringMatching(node.codec.pattern);
    case 'array':
      return fc.array(arbitraryAt(node.element, `${path}[*]`, options), {
        minLength: node.min,
        maxLength: node.min + options.extraItems,
      });
    case 'object': {
      const fields = (entries: readonly (readonly [string, t.Mixed])[]) =>
        Object.fromEntries(
          entries.map(([key, field]) => [key, arbitraryAt(field, `${path}.${key}`, options)]),
        );
      const known = new Set([...node.required, ...node.optional].map(([key]) => key));
      const required = fc.record(fields(node.required));
      const optional = options.optionalFields
        ? fc.record(fields(node.optional), { requiredKeys: [] })
        : fc.constant({});
      const unknown = options.unknownFields
        ? fc.dictionary(
            fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !known.has(k)),
            unknownValue,
            { maxKeys: 3 },
          )
        : fc.constant({});
      // Declared fields last, so an unknown key can never shadow one.
      return fc
        .tuple(unknown, optional, required)
        .map(([extra, opt, req]) => ({ ...extra, ...opt, ...req }));
    }
    case 'unsupported':
      throw new Error(`arbitraryOf: ${path || '(body)'} (${codec.name}): ${node.reason}`);
  }
};

/** Values `codec` accepts, in wire (output) form. Throws at once for unsupported codecs. */
export const arbitraryOf = <C extends t.Mixed>(
  codec: C,
  options: ArbitraryOptions = {},
): fc.Arbitrary<t.OutputOf<C>> =>
  arbitraryAt(codec, '', {
    optionalFields: options.optionalFields ?? true,
    unknownFields: options.unknownFields ?? false,
    extraItems: options.extraItems ?? 3,
  }).map((value) => {
    const decoded = decode(codec)(value);
    if (E.isLeft(decoded)) {
      throw new Error(`arbitraryOf drew an invalid value: ${decoded.left.message}`);
    }
    // The drawn wire value itself (decoded above), not `encode(decoded)`: an
    // exact codec would strip the unknown fields this generator adds on purpose.
    return value as t.OutputOf<C>;
  });

/** A value the codec refuses, with the path of the one thing that was broken. */
export interface Broken {
  readonly body: unknown;
  /** Decode-style path (`errors[0].code`, `(body)`) of the broken value. */
  readonly path: string;
  readonly how: string;
}

const CONTRACT_ONLY: Required<ArbitraryOptions> = {
  optionalFields: false,
  unknownFields: false,
  extraItems: 2,
};

const broken = (body: unknown, path: string, how: string): Broken => ({
  body,
  path: path === '' ? '(body)' : path,
  how,
});

/** JSON values of another type than `kind` accepts. */
const wrongTypes = (kind: string): readonly unknown[] => {
  switch (kind) {
    case 'number':
    case 'integer':
      return ['1', true, null, [], {}];
    case 'boolean':
      return ['true', 0, null, [], {}];
    case 'array':
      return ['x', 0, null, {}];
    case 'object':
      return ['x', 0, null, []];
    default:
      return [0, true, null, [], {}];
  }
};

/** Ways a valid string is commonly spoiled: spacing, case, emptiness, stray characters. */
const spoilers: readonly ((s: string) => string)[] = [
  () => '',
  (s) => ` ${s}`,
  (s) => `${s} `,
  (s) => s.replace(' ', '  '),
  (s) => `${s}\n`,
  (s) => `${s}"`,
  (s) => s.toLowerCase(),
  (s) => s.toUpperCase(),
];

const spoiled = (valid: fc.Arbitrary<string>, refuses: (s: string) => boolean) =>
  fc
    .oneof(
      fc.tuple(valid, fc.constantFrom(...spoilers)).map(([s, spoil]) => spoil(s)),
      fc.string(),
    )
    .filter(refuses);

const brokenAt = (codec: t.Mixed, path: string): fc.Arbitrary<Broken> => {
  const node = nodeOf(codec);
  const wrongType = fc
    .constantFrom(...wrongTypes(node.kind))
    .map((value) => broken(value, path, `not a ${node.kind}`));
  const valid = (c: t.Mixed) => arbitraryAt(c, path, CONTRACT_ONLY);
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      return wrongType;
    case 'literal': {
      const { value } = node;
      if (typeof value !== 'string') return wrongType;
      return fc.oneof(
        wrongType,
        spoiled(fc.constant(value), (s) => s !== value).map((s) => broken(s, path, 'other value')),
      );
    }
    case 'enum': {
      const values: readonly unknown[] = node.values;
      const first = fc.constantFrom(...node.values.map(String));
      return fc.oneof(
        wrongType,
        spoiled(first, (s) => !values.includes(s)).map((s) => broken(s, path, 'no option')),
      );
    }
    case 'pattern': {
      const { pattern } = node.codec;
      return fc.oneof(
        wrongType,
        spoiled(fc.stringMatching(pattern), (s) => !pattern.test(s)).map((s) =>
          broken(s, path, `not matching ${node.codec.name}`),
        ),
      );
    }
    case 'array': {
      const element = arbitraryAt(node.element, path, CONTRACT_ONLY);
      const items = fc.array(element, {
        minLength: Math.max(1, node.min),
        maxLength: Math.max(1, node.min) + 2,
      });
      const options = [
        wrongType,
        fc
          .tuple(items, brokenAt(node.element, `${path}[0]`))
          .map(([[, ...rest], bad]) => broken([bad.body, ...rest], bad.path, bad.how)),
      ];
      if (node.min > 0) {
        const tooFew = fc.array(element, { minLength: node.min - 1, maxLength: node.min - 1 });
        options.push(tooFew.map((few) => broken(few, path, `fewer than ${node.min} items`)));
      }
      return fc.oneof(...options);
    }
    case 'object': {
      const whole = valid(codec).filter(isRecord);
      const field = (key: string) => (path === '' ? key : `${path}.${key}`);
      return fc.oneof(
        wrongType,
        ...node.required.map(([key]) =>
          whole.map((o) => {
            const { [key]: _missing, ...rest } = o;
            return broken(rest, field(key), 'missing');
          }),
        ),
        ...node.required.map(([key, child]) =>
          fc
            .tuple(whole, brokenAt(child, field(key)))
            .map(([o, bad]) => broken({ ...o, [key]: bad.body }, bad.path, bad.how)),
        ),
      );
    }
    case 'unsupported':
      throw new Error(`brokenArbitraryOf: ${path || '(body)'} (${codec.name}): ${node.reason}`);
  }
};

/**
 * Bodies broken in exactly one place for a contract reason (missing field,
 * wrong JSON type, spoiled literal or pattern, too few items), siblings valid
 * and no optional or unknown fields, so the break is the only reason to refuse.
 */
export const brokenArbitraryOf = (codec: t.Mixed): fc.Arbitrary<Broken> =>
  brokenAt(codec, '').map((b) => {
    if (E.isRight(decode(codec)(b.body))) {
      throw new Error(`brokenArbitraryOf drew a valid value at ${b.path} (${b.how})`);
    }
    return b;
  });
