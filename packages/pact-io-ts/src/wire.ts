/**
 * The wire operators of `pact-io-ts/strength`: the answers a provider could
 * give instead of a recorded one, changed on the wire rather than in the
 * body's value. The status moved within its class and across classes;
 * `Content-Type` in the forms HTTP allows (RFC 9110 §8.3: case, whitespace,
 * parameters, charset forms), other media types and forms it does not allow,
 * missing; headers added, removed, their names in another case; the body's
 * text encoded otherwise (pretty, whitespace, escapes, a BOM), truncated,
 * empty, not JSON. A few values are drawn, seeded by the seed and the place.
 */
import fc from 'fast-check';
import * as O from 'fp-ts/lib/Option.js';
import type { WireAnswer, WireMutant } from './answer.js';
import { headerOf, type RecordedInteraction } from './pact-file.js';
import { seedOf } from './seed.js';

/** Every wire operator, in the order a table of them is best read. */
export const wireOperators = [
  /** The status moved within its class (`within:201`) and to another class (`class:503`). */
  'status',
  /** `Content-Type` in another form, another media type, one HTTP does not allow, or missing. */
  'content-type',
  /** A header added or removed, or its name in another case. */
  'header',
  /** The body's text encoded otherwise, truncated, empty or not JSON. */
  'encoding',
] as const;

export type WireOperator = (typeof wireOperators)[number];

/** One change of the recorded answer, before it is named after its interaction. */
interface Change {
  readonly operator: WireOperator;
  readonly variant: string;
  /** In words: `status: 503 instead of 200`. */
  readonly description: string;
  readonly answer: WireAnswer;
  readonly header?: string;
}

const STATUSES: Readonly<Record<number, readonly number[]>> = {
  2: [200, 201, 202, 203, 204, 206],
  3: [300, 301, 302, 303, 304, 307, 308],
  4: [400, 401, 403, 404, 405, 409, 410, 415, 422, 429],
  5: [500, 501, 502, 503, 504],
};

/** The statuses of another class tried: the most common, and the one most often met by mistake. */
const ACROSS: Readonly<Record<number, readonly number[]>> = {
  2: [200, 204],
  3: [301, 304],
  4: [400, 404],
  5: [500, 503],
};

/** HTTP gives these statuses no body (RFC 9110 §15.3.5, §15.4.5). */
const bodiless = (status: number) => status === 204 || status === 304;

const sampledAt = <A>(
  arbitrary: fc.Arbitrary<A>,
  seed: number,
  draws: number,
  ...place: string[]
) => (draws === 0 ? [] : fc.sample(arbitrary, { numRuns: draws, seed: seedOf(seed, ...place) }));

const statusChanges = (recorded: WireAnswer, seed: number, draws: number): Change[] => {
  const own = Math.floor(recorded.status / 100);
  const within = [
    ...(STATUSES[own] ?? []),
    ...sampledAt(
      fc.integer({ min: own * 100, max: own * 100 + 99 }),
      seed,
      draws,
      'status',
      'within',
    ),
  ];
  const across = [2, 3, 4, 5]
    .filter((c) => c !== own)
    .flatMap((c) => [
      ...(ACROSS[c] ?? []),
      ...sampledAt(
        fc.integer({ min: c * 100, max: c * 100 + 99 }),
        seed,
        draws,
        'status',
        `${c}xx`,
      ),
    ]);
  const change = (kind: string) => (status: number) => ({
    operator: 'status' as const,
    variant: `${kind}:${status}`,
    description: `status: ${status} instead of ${recorded.status}${bodiless(status) && recorded.body !== undefined ? ', without its body (HTTP gives it none)' : ''}`,
    answer: { ...recorded, status, body: bodiless(status) ? undefined : recorded.body },
  });
  return [
    ...within.filter((s) => s !== recorded.status).map(change('within')),
    ...across.map(change('class')),
  ];
};

/**
 * `Content-Type` values and what they are, for a JSON body whose recorded
 * media type is `essence` (`application/json`). RFC 9110 §8.3.1: type and
 * subtype are case-insensitive; §5.6.6: `*( OWS ";" OWS [ parameter ] )`,
 * parameter names case-insensitive, values a token or a quoted-string.
 */
const contentTypes = (essence: string): readonly (readonly [string, string])[] => [
  ['upper-case', essence.toUpperCase()],
  [
    'mixed-case',
    essence.replace(/(^|[/.+-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase()),
  ],
  ['charset', `${essence}; charset=utf-8`],
  ['charset-upper-case', `${essence}; charset=UTF-8`],
  ['charset-quoted', `${essence}; charset="utf-8"`],
  ['charset-name-case', `${essence}; Charset=UTF-8`],
  ['no-space', `${essence};charset=utf-8`],
  ['space-before-semicolon', `${essence} ;charset=utf-8`],
  ['tab', `${essence};\tcharset=utf-8`],
  ['empty-parameter', `${essence};`],
  ['parameter', `${essence}; version=1`],
  ['parameter-quoted', `${essence}; profile="https://example.com/schema; v=1"`],
  ['parameters', `${essence}; charset=utf-8; version=1`],
  ['charset-utf8-label', `${essence}; charset=utf8`],
  ['charset-us-ascii', `${essence}; charset=us-ascii`],
  ['charset-latin-1', `${essence}; charset=iso-8859-1`],
  ['charset-utf-16', `${essence}; charset=utf-16`],
  ['problem+json', 'application/problem+json'],
  ['vendor+json', 'application/vnd.example+json'],
  ['text/json', 'text/json'],
  ['text/plain', 'text/plain'],
  ['text/html', 'text/html; charset=utf-8'],
  ['octet-stream', 'application/octet-stream'],
  ['no-subtype', essence.split('/')[0] ?? essence],
  ['bare-subtype', essence.split('/')[1] ?? essence],
  ['space-in-type', essence.replace('/', '/ ')],
  ['no-semicolon', `${essence} charset=utf-8`],
  ['parameter-without-value', `${essence}; charset`],
  ['empty', ''],
];

/** A parameter name or value drawn as an RFC 9110 token. */
const TOKEN = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);

const contentTypeChanges = (recorded: WireAnswer, seed: number, draws: number): Change[] => {
  const name = Object.keys(recorded.headers).find((k) => k.toLowerCase() === 'content-type');
  const value = headerOf(recorded.headers, 'Content-Type') ?? 'application/json';
  const essence = (value.split(';')[0] ?? value).trim().toLowerCase();
  const others = Object.fromEntries(
    Object.entries(recorded.headers).filter(([k]) => k.toLowerCase() !== 'content-type'),
  );
  const header = name ?? 'Content-Type';
  const withType = ([variant, type]: readonly [string, string]): Change => ({
    operator: 'content-type',
    variant,
    description: `Content-Type: ${JSON.stringify(type)} instead of ${JSON.stringify(value)}`,
    answer: { ...recorded, headers: { ...others, [header]: type } },
    header,
  });
  const parameters = sampledAt(fc.tuple(TOKEN, TOKEN), seed, draws, 'content-type', 'parameter');
  return [
    ...contentTypes(essence).map(withType),
    ...parameters.map(([p, v], i) =>
      withType([`parameter-draw-${i + 1}`, `${essence}; ${p}=${v}`]),
    ),
    {
      operator: 'content-type' as const,
      variant: 'missing',
      description: `Content-Type: missing instead of ${JSON.stringify(value)}`,
      answer: { ...recorded, headers: others },
      header,
    },
  ].filter((c) =>
    c.variant === 'missing' ? name !== undefined : c.answer.headers[header] !== value,
  );
};

/** Headers a provider may add: caches, tracing, cookies, links, retries, a language, an identity coding. */
const ADDED: readonly (readonly [string, string])[] = [
  ['Cache-Control', 'no-store'],
  ['Pragma', 'no-cache'],
  ['Vary', 'Accept-Encoding'],
  ['Content-Language', 'en'],
  ['Content-Encoding', 'identity'],
  ['Link', '<https://example.com/docs>; rel="help"'],
  ['Set-Cookie', 'session=abc123; Path=/; HttpOnly; Secure'],
  ['Retry-After', '30'],
  ['Strict-Transport-Security', 'max-age=31536000'],
];

const headerChanges = (recorded: WireAnswer, seed: number, draws: number): Change[] => {
  const names = Object.keys(recorded.headers);
  const has = (name: string) => names.some((n) => n.toLowerCase() === name.toLowerCase());
  const tracing = sampledAt(fc.uuid(), seed, draws, 'header', 'X-Request-Id').map(
    (id) => ['X-Request-Id', id] as const,
  );
  const extra = sampledAt(fc.tuple(TOKEN, TOKEN), seed, draws, 'header', 'extra').map(
    ([n, v]) => [`X-${n}`, v] as const,
  );
  const added = [...ADDED, ...tracing, ...extra]
    .filter(([name]) => !has(name))
    .map(([name, value]): Change => ({
      operator: 'header',
      variant: `added:${name.toLowerCase()}`,
      description: `header ${name}: ${JSON.stringify(value)} added`,
      answer: { ...recorded, headers: { ...recorded.headers, [name]: value } },
      header: name,
    }));
  const without = (name: string) =>
    Object.fromEntries(Object.entries(recorded.headers).filter(([k]) => k !== name));
  const removed = names
    .filter((name) => name.toLowerCase() !== 'content-type')
    .map((name): Change => ({
      operator: 'header',
      variant: `removed:${name.toLowerCase()}`,
      description: `header ${name}: removed`,
      answer: { ...recorded, headers: without(name) },
      header: name,
    }));
  const recased = names.flatMap((name) =>
    [
      ['lower-case', name.toLowerCase()],
      ['upper-case', name.toUpperCase()],
    ]
      .filter(([, other]) => other !== name)
      .map(([kind, other = name]): Change => ({
        operator: 'header',
        variant: `${kind}:${name.toLowerCase()}`,
        description: `header ${name}: its name written ${other}`,
        answer: {
          ...recorded,
          headers: { ...without(name), [other]: recorded.headers[name] ?? '' },
        },
        header: name,
      })),
  );
  return [...added, ...removed, ...recased];
};

/** JSON text with every character of every string (and member name) as a `\uXXXX` escape. */
const escaped = (value: unknown): string => {
  if (typeof value === 'string') {
    return `"${[...value].map((_, i) => `\\u${value.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;
  }
  if (Array.isArray(value)) return `[${value.map(escaped).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${escaped(k)}:${escaped(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
};

/** JSON text with every number in exponent form (`3600` as `3.6e+3`): the same numbers. */
const exponents = (value: unknown): string => {
  if (typeof value === 'number') return value.toExponential();
  if (Array.isArray(value)) return `[${value.map(exponents).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${exponents(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
};

const encodingChanges = (
  recorded: WireAnswer,
  json: O.Option<unknown>,
  seed: number,
  draws: number,
): Change[] => {
  const text = recorded.body;
  if (text === undefined) return [];
  const value = O.toUndefined(json);
  const texts: (readonly [string, string, string])[] = [
    ...(O.isSome(json)
      ? ([
          ['pretty', JSON.stringify(value, null, 2), 'pretty-printed, two spaces'],
          ['tabs', JSON.stringify(value, null, '\t'), 'pretty-printed with tabs'],
          ['unicode-escapes', escaped(value), 'every character of its strings as a \\u escape'],
          ['escaped-solidus', text.replace(/\//g, '\\/'), 'every / written \\/'],
          ['exponents', exponents(value), 'every number in exponent form'],
        ] as const)
      : []),
    ['leading-whitespace', `\n  ${text}`, 'white space before it'],
    ['trailing-newline', `${text}\n`, 'a newline after it'],
    ['trailing-whitespace', `${text} \r\n\t `, 'white space after it'],
    ['byte-order-mark', `\uFEFF${text}`, 'a UTF-8 byte order mark before it'],
    ['truncated', text.slice(0, Math.floor(text.length / 2)), 'truncated to its first half'],
    ['truncated-last', text.slice(0, -1), 'its last character cut'],
    ...sampledAt(
      fc.integer({ min: 1, max: Math.max(1, text.length - 1) }),
      seed,
      draws,
      'encoding',
      'cut',
    ).map(
      (at, i) =>
        [`truncated-draw-${i + 1}`, text.slice(0, at), `cut after ${at} characters`] as const,
    ),
    ['empty', '', 'empty'],
    ['not-json', 'not json', 'the text "not json"'],
    ['html', '<html><body><h1>502 Bad Gateway</h1></body></html>', 'an HTML error page'],
  ];
  const seen = new Set([text]);
  return texts.flatMap(([variant, body, what]): Change[] => {
    if (seen.has(body)) return [];
    seen.add(body);
    return [
      {
        operator: 'encoding',
        variant,
        description: `body: ${what}`,
        answer: { ...recorded, body },
      },
    ];
  });
};

export interface WireOptions {
  readonly seed: number;
  readonly draws: number;
  readonly operators: readonly WireOperator[];
}

/** The wire mutants of one recorded interaction, named `<interaction>/<operator>#<variant>`. */
export const wireMutantsOf = (
  interaction: RecordedInteraction,
  { seed, draws, operators }: WireOptions,
): readonly WireMutant[] => {
  const place = (operator: string) => seedOf(seed, interaction.description, operator);
  const { answer, json } = interaction;
  const changes: readonly Change[] = [
    ...(operators.includes('status') ? statusChanges(answer, place('status'), draws) : []),
    ...(operators.includes('content-type')
      ? contentTypeChanges(answer, place('content-type'), draws)
      : []),
    ...(operators.includes('header') ? headerChanges(answer, place('header'), draws) : []),
    ...(operators.includes('encoding')
      ? encodingChanges(answer, json, place('encoding'), draws)
      : []),
  ];
  const seen = new Set<string>();
  return changes.flatMap((c) => {
    const id = `${interaction.description}/${c.operator}#${c.variant}`;
    if (seen.has(id)) return [];
    seen.add(id);
    return [
      {
        id,
        interaction: interaction.description,
        operator: c.operator,
        description: c.description,
        answer: c.answer,
        ...(c.header === undefined ? {} : { header: c.header }),
      },
    ];
  });
};
