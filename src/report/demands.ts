/**
 * The report's page for the provider team: what the contract demands beyond
 * the provider's published OpenAPI, each demand with the reason the client
 * needs it. Found by comparing the codecs with the published schemas, never
 * listed by hand; a demand nobody declared is shown as such.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import {
  PUBLISHED_OPENAPI_FILE,
  TOKEN_REFRESH_METHOD,
  TOKEN_REFRESH_PATH,
} from '../../contracts/index.js';
import type { FoundDemand } from 'pact-io-ts/openapi';
import { demandCheck, type DemandCheck } from '../four-sides/index.js';
import type { PactFileError } from '../pact-file/pact-file.js';
import { code } from './rules.js';
import { errorMessage } from '../config/index.js';

/** The catalogue's demands against the published document at `file` (side 2's own audit). */
export const auditCatalogue = (file: string): TE.TaskEither<PactFileError, DemandCheck> =>
  pipe(
    TE.tryCatch(
      async () => JSON.parse(await readFile(file, 'utf8')) as unknown,
      (e): PactFileError => ({
        _tag: 'ReadFailed',
        file,
        message: `cannot read the published OpenAPI document ${file}: ${errorMessage(e)}`,
      }),
    ),
    TE.map((document) => demandCheck(document)),
  );

export const publishedOpenApiIn = (projectRoot: string) =>
  join(projectRoot, PUBLISHED_OPENAPI_FILE);

/** `TokenResponseBody` `access_token` (200): must match `...`; the published schema ... */
const line = (d: FoundDemand) =>
  `${code(d.codec)} ${code(d.path)} (${d.statuses.join(', ')}): ${d.rule}.`;

/** The section, as Markdown lines. */
export const renderDemands = ({ audit, undocumented }: DemandCheck, source: string): string[] => [
  '# Demands beyond the published contract',
  '',
  `What the contract asks of ${code(TOKEN_REFRESH_METHOD)} ${code(TOKEN_REFRESH_PATH)} that the provider's ` +
    `published OpenAPI document (${code(source)}) does not promise, found by comparing the contract's ` +
    'codecs with its schemas, path by path. Each is kept because the client needs it, for the reason given. ' +
    'Everything else the published document allows passes verification.',
  '',
  ...(audit.declared.length === 0
    ? ['None: the contract demands nothing the published document does not.']
    : audit.declared.flatMap((d) => [`- ${line(d)}`, `  _Why:_ ${d.reason}`])),
  ...(audit.undeclared.length === 0
    ? []
    : [
        '',
        '## Not declared',
        '',
        'The contract makes these demands and nobody has said why: `npm test` fails until each is declared next to its codec or dropped.',
        '',
        ...audit.undeclared.map((d) => `- ${line(d)}`),
      ]),
  ...(audit.stale.length === 0
    ? []
    : [
        '',
        '## Declared but no longer made',
        '',
        ...audit.stale.map((d) => `- ${code(d.codec)} ${code(d.path)} (${d.kind})`),
      ]),
  ...(undocumented.length === 0
    ? []
    : [
        '',
        '## Answers the published document does not document',
        '',
        ...undocumented.map((u) => `- ${u}`),
      ]),
];
