/** Renders decoded pacts as a Markdown document a person can read without knowing Pact. */
import {
  isHttp,
  type Body,
  type HttpInteraction,
  type HttpRequest,
  type HttpResponse,
  type Interaction,
  type PactFile,
} from '../pact-file/pact-file.js';
import { interactionDiagram, requestLine } from './diagrams.js';
import { NO_MEANINGS, type Meanings } from './meanings.js';
import { code, describeGenerators, describeMatchingRules, shown, type Example } from './rules.js';

export interface NamedPact {
  /** Where the pact was read from, as shown in the report. */
  readonly source: string;
  readonly pact: PactFile;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

const headerRows = (headers: Readonly<Record<string, string | readonly string[]>> | undefined) =>
  Object.entries(headers ?? {}).map(
    ([name, value]) =>
      `| ${cell(code(name))} | ${cell(code(Array.isArray(value) ? value.join(', ') : String(value)))} |`,
  );

const headersTable = (
  headers: Readonly<Record<string, string | readonly string[]>> | undefined,
) => {
  const rows = headerRows(headers);
  return rows.length === 0 ? ['Headers: none.'] : ['| Header | Value |', '| --- | --- |', ...rows];
};

const fence = (text: string, lang: string): string[] => {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const f = '`'.repeat(longest + 1);
  return [`${f}${lang}`, text, f];
};

const bodyBlock = (body: Body | undefined): string[] => {
  if (body === undefined) return ['Body: none.'];
  const type = body.contentType === undefined ? '' : ` (${code(body.contentType)})`;
  const isText = typeof body.content === 'string';
  const encoded = body.encoded !== undefined && body.encoded !== false;
  const text = isText ? String(body.content) : JSON.stringify(body.content, null, 2);
  const lang = encoded ? '' : isText ? 'text' : 'json';
  return [
    `Body${type}${encoded ? `, encoded as ${String(body.encoded)}` : ''}:`,
    '',
    ...fence(text, lang),
  ];
};

const rulesBlock = (lines: readonly string[]): string[] =>
  lines.length === 0
    ? ['Rules: none; the values must equal the example.']
    : ['Rules:', '', ...lines.map((l) => `- ${l}`)];

const exampleOf = (part: HttpRequest | HttpResponse): Example => ({
  body: part.body?.content,
  headers: part.headers ?? {},
  query: 'query' in part ? (part.query ?? {}) : {},
  ...('path' in part ? { path: part.path } : {}),
  ...('status' in part ? { status: part.status } : {}),
});

const ruleLines = (part: HttpRequest | HttpResponse, meanings: Meanings): string[] => {
  const ex = exampleOf(part);
  return [
    ...describeMatchingRules(part.matchingRules, ex, meanings),
    ...describeGenerators(part.generators, ex),
  ];
};

const statesBlock = (i: Interaction): string[] => {
  const states = i.providerStates ?? [];
  if (states.length === 0) return ['**Provider state:** none.'];
  return states.flatMap((s) => {
    const params = Object.entries(s.params ?? {});
    return [
      `**Provider state:** ${s.name}`,
      ...(params.length === 0 ? [] : ['', ...params.map(([k, v]) => `- ${code(k)}: ${shown(v)}`)]),
    ];
  });
};

const httpSections = (i: HttpInteraction, meanings: Meanings): string[] => [
  '### Request',
  '',
  code(requestLine(i.request)),
  '',
  ...headersTable(i.request.headers),
  '',
  ...bodyBlock(i.request.body),
  '',
  ...rulesBlock(ruleLines(i.request, meanings)),
  '',
  '### Response',
  '',
  `Status ${code(String(i.response.status))}`,
  '',
  ...headersTable(i.response.headers),
  '',
  ...bodyBlock(i.response.body),
  '',
  ...rulesBlock(ruleLines(i.response, meanings)),
];

const anchor = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');

const interactionSection = (
  pact: PactFile,
  i: Interaction,
  n: number,
  meanings: Meanings,
): string[] => [
  `## ${n}. ${i.description}`,
  '',
  ...(i.pending === true
    ? ['_Pending: a failure to verify it does not fail the provider build._', '']
    : []),
  ...(isHttp(i) ? [...interactionDiagram(pact.consumer.name, pact.provider.name, i), ''] : []),
  ...statesBlock(i),
  '',
  ...(isHttp(i)
    ? httpSections(i, meanings)
    : [`Interaction type ${code(i.type)}: not rendered in this report.`]),
  '',
];

const pactSection =
  (meanings: Meanings) =>
  ({ source, pact }: NamedPact): string[] => {
    const version = pact.metadata?.pactSpecification?.version;
    const title = `${pact.consumer.name} → ${pact.provider.name}`;
    return [
      `# Contract: ${title}`,
      '',
      `Consumer ${code(pact.consumer.name)} expects these responses from provider ${code(pact.provider.name)}.`,
      `Source ${code(source)}${version === undefined ? '' : `, Pact specification ${version}`}, ` +
        `${pact.interactions.length} interaction${pact.interactions.length === 1 ? '' : 's'}.`,
      '',
      ...pact.interactions.map(
        (i, n) => `${n + 1}. [${i.description}](#${anchor(`${n + 1}. ${i.description}`)})`,
      ),
      '',
      ...pact.interactions.flatMap((i, n) => interactionSection(pact, i, n + 1, meanings)),
    ];
  };

/**
 * One document for all the given pacts, each under its own top-level heading; a regex rule
 * whose meaning is known (./meanings.ts) is shown by it.
 */
export const renderReport = (
  pacts: readonly NamedPact[],
  meanings: Meanings = NO_MEANINGS,
): string =>
  `${pacts
    .flatMap(pactSection(meanings))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
