/**
 * Matching rules and generators of a pact, in plain words: "`$.body.scope` must match the
 * regex `...`", "`$.body.errors` must be an array of at least 1 items, each like ...".
 */
import type {
  Generator,
  Generators,
  Matcher,
  MatchingRules,
  RuleCategory,
  RuleList,
} from '../pact-file/pact-file.js';
import { wordsWith } from 'pact-io-ts';
import { exampleAt, underPrefix } from './json-path.js';
import { NO_MEANINGS, type Meanings } from './meanings.js';

/** Where a rule applies, as the report names it, and the example value found there. */
export interface Target {
  readonly label: string;
  readonly example: unknown;
}

/** Inline code, safe for Markdown: backticks inside widen the fence. */
export const code = (text: string): string => {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
};

/** A value as shown in a sentence: strings bare, everything else as compact JSON. */
export const shown = (value: unknown): string =>
  value === ''
    ? 'the empty string `""`'
    : code(typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined'));

/** pact-io-ts's vocabulary, values and regexes shown as code: one source for the words. */
const say = wordsWith({ value: shown, regex: code });

const jsonType = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return 'a value';
  }
};

const atMost = (max: number | undefined) => `must be an array of at most ${String(max)} items`;

const itemOf = (value: unknown): unknown =>
  Array.isArray(value) ? (value as unknown[])[0] : undefined;

const typeRule = (m: Matcher, example: unknown): string => {
  const bounds =
    m.min !== undefined && m.max !== undefined
      ? `must be an array of ${m.min} to ${m.max} items`
      : m.min !== undefined
        ? say.array(m.min)
        : m.max !== undefined
          ? atMost(m.max)
          : undefined;
  if (bounds !== undefined) {
    const item = itemOf(example);
    return `${bounds}${item === undefined ? '' : `, each like ${shown(item)}`}`;
  }
  return example === undefined
    ? 'must have the same type as the example'
    : `must be ${jsonType(example)} (any value of that type), like ${shown(example)}`;
};

const statusClass = (status: unknown): string => {
  if (Array.isArray(status)) return `one of ${status.map((s) => shown(s)).join(', ')}`;
  const classes: Readonly<Record<string, string>> = {
    information: 'an informational (1xx)',
    success: 'a success (2xx)',
    redirect: 'a redirect (3xx)',
    clientError: 'a client error (4xx)',
    serverError: 'a server error (5xx)',
    nonError: 'a non-error (1xx-3xx)',
    error: 'an error (4xx-5xx)',
  };
  return typeof status === 'string'
    ? `${classes[status] ?? shown(status)} status`
    : 'a given status';
};

/** A regex by what it means, when its codec says, the regex itself in small print. */
const regexRule = (regex: string, like: string, meanings: Meanings): string => {
  const meaning = meanings.get(regex);
  return meaning === undefined
    ? `${say.match(regex)}${like}`
    : `must be ${meaning}${like} <sub>regex ${code(regex)}</sub>`;
};

/**
 * One matcher as the predicate of a sentence ("must match the regex ..."). `mention` adds the
 * example where the predicate does not need it (once per sentence is enough).
 */
export const describeMatcher = (
  m: Matcher,
  example: unknown,
  mention = true,
  meanings: Meanings = NO_MEANINGS,
): string => {
  const like = (lead: string) =>
    mention && example !== undefined ? `${lead}${shown(example)}` : '';
  switch (m.match) {
    case 'equality':
      return say.equal(example);
    case 'regex':
      return regexRule(m.regex ?? '?', like(', like '), meanings);
    case 'type':
      return typeRule(m, example);
    case 'min':
      return say.array(m.min ?? 0);
    case 'max':
      return atMost(m.max);
    case 'integer':
      return `${say.integer}${like(', like ')}`;
    case 'decimal':
      return `must be a decimal number${like(', like ')}`;
    case 'number':
      return `${say.number}${like(', like ')}`;
    case 'boolean':
      return say.boolean;
    case 'null':
      return say.null;
    case 'include':
      return `must include ${shown(m.value)}`;
    case 'date':
    case 'time':
    case 'datetime':
    case 'timestamp':
      return `must be a ${m.match} in the format ${code(m.format ?? '?')}`;
    case 'contentType':
      return `must have the content type ${shown(m.value)}`;
    case 'notEmpty':
      return `must not be empty${like(', like ')}`;
    case 'semver':
      return 'must be a semantic version';
    case 'values':
      return 'may have any keys; each value like the example';
    case 'eachKey':
      return 'must have keys that each satisfy the rules given in the pact';
    case 'eachValue':
      return 'must have values that each satisfy the rules given in the pact';
    case 'arrayContains':
      return 'must contain items matching each of the variants given in the pact';
    case 'statusCode':
      return `must be ${statusClass(m.status)}`;
    default:
      return `must satisfy the ${code(m.match)} matcher`;
  }
};

/** A rule list as one sentence: `target` must ... and ... (or "either ... or ..."). */
export const describeRuleList = (
  target: Target,
  rules: RuleList,
  meanings: Meanings = NO_MEANINGS,
): string => {
  const parts = rules.matchers.map((m, i) => describeMatcher(m, target.example, i === 0, meanings));
  const joined =
    parts.length <= 1
      ? (parts[0] ?? 'has no matcher')
      : rules.combine === 'OR'
        ? `either ${parts.join(', or ')}`
        : parts.join(', and ');
  return `${target.label} ${joined}`;
};

export interface Example {
  readonly body: unknown;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly path?: string;
  readonly status?: number;
}

const firstOf = (value: unknown): unknown =>
  Array.isArray(value) ? (value as unknown[])[0] : value;

/** Case-insensitive header lookup: HTTP header names are. */
const headerValue = (headers: Readonly<Record<string, unknown>>, name: string): unknown =>
  firstOf(Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]);

const targetOf = (category: string, key: string | undefined, ex: Example): Target => {
  switch (category) {
    case 'body':
      return {
        label: code(underPrefix('$.body', key ?? '$')),
        example: exampleAt(ex.body, key ?? '$'),
      };
    case 'header':
    case 'headers':
      return { label: `header ${code(key ?? '?')}`, example: headerValue(ex.headers, key ?? '') };
    case 'query':
      return {
        label: `query parameter ${code(key ?? '?')}`,
        example: firstOf(ex.query[key ?? '']),
      };
    case 'path':
      return { label: 'the path', example: ex.path };
    case 'status':
      return { label: 'the status', example: ex.status };
    default:
      return { label: `${category} ${code(key ?? '$')}`, example: undefined };
  }
};

const isRuleList = (c: RuleCategory): c is RuleList =>
  'matchers' in c && Array.isArray((c as { matchers?: unknown }).matchers);

/** Every matching rule of a request or response, one sentence each, in pact order. */
export const describeMatchingRules = (
  rules: MatchingRules | undefined,
  ex: Example,
  meanings: Meanings = NO_MEANINGS,
): string[] =>
  Object.entries(rules ?? {}).flatMap(([category, value]) =>
    isRuleList(value)
      ? [describeRuleList(targetOf(category, undefined, ex), value, meanings)]
      : Object.entries(value).map(([key, list]) =>
          describeRuleList(targetOf(category, key, ex), list, meanings),
        ),
  );

const describeGenerator = (g: Generator): string => {
  switch (g.type) {
    case 'ProviderState':
      return `is supplied by the provider state expression ${code(g.expression ?? '?')}`;
    case 'MockServerURL':
      return 'is rewritten to the mock server URL';
    default:
      return `is generated at run time (${code(g.type)} generator)`;
  }
};

const isGenerator = (u: Generator | Readonly<Record<string, Generator>>): u is Generator =>
  typeof (u as { type?: unknown }).type === 'string';

/** Values filled in at run time (provider state injection, random values), one sentence each. */
export const describeGenerators = (generators: Generators | undefined, ex: Example): string[] =>
  Object.entries(generators ?? {}).flatMap(([category, value]) =>
    isGenerator(value)
      ? [`${targetOf(category, undefined, ex).label} ${describeGenerator(value)}`]
      : Object.entries(value).map(
          ([key, g]) => `${targetOf(category, key, ex).label} ${describeGenerator(g)}`,
        ),
  );
