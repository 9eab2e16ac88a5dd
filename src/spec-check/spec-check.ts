/**
 * `npm run spec:check -- --spec <URL or file>`: the provider's OpenAPI document as published
 * today, compared with our copy (contracts/openapi/) and checked against the pact and the
 * client with the four sides' checks. Each change is printed with its class; the run exits 1 on
 * a breaking change, 2 when the document cannot be fetched or read, 0 otherwise. `--adopt`
 * writes a compatible document into our copy.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { PUBLISHED_OPENAPI_FILE } from '../../contracts/index.js';
import { isRecord, recordAt } from '../four-sides/pact-io-ts.js';
import { writeCopy } from './adopt.js';
import { changesBetween, resolvedOf } from './changes.js';
import { checkContext, type CheckContext } from './checks.js';
import { classify, type Classification } from './classify.js';
import { fragmentOf } from './fragment.js';
import { afterAdopting, changesReport, closingLines, EXIT } from './report.js';
import { isUrl, readSpec, specSource, type OpenApiDocument } from './source.js';
import { errorMessage } from '../config/index.js';

/** Answers drawn per documented response for the client's check. */
export const DEFAULT_DRAWS = 16;

export interface SpecCheckOptions {
  /** A file path or an http(s) URL, as given. */
  readonly spec: string;
  readonly adopt: boolean;
  readonly timeoutMs: number;
  readonly draws: number;
  /** Our copy of the published document (contracts/openapi/...), absolute. */
  readonly copyFile: string;
  /** Where a relative spec path is read from (the caller's directory). */
  readonly cwd: string;
  /** The checks' context, when the caller checks many documents: prepared once (checks.ts). */
  readonly context?: CheckContext;
}

export interface SpecCheckResult {
  readonly exitCode: number;
  /** The report, for standard output. */
  readonly lines: readonly string[];
  /** Why the check could not run, in one line, for standard error. */
  readonly error?: string;
}

const failed = (error: string, exitCode: number = EXIT.unreadable): SpecCheckResult => ({
  exitCode,
  lines: [],
  error: `spec:check: ${error}`,
});

const titleOf = (document: unknown): string => {
  const info = recordAt(document, 'info');
  return `${String(info['title'] ?? '')} ${String(info['version'] ?? '')}`.trim();
};

const readCopy = async (file: string): Promise<E.Either<string, OpenApiDocument>> => {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return isRecord(parsed) ? E.right(parsed) : E.left(`our copy ${file} is not a JSON object`);
  } catch (error) {
    return E.left(`cannot read our copy ${file}: ${errorMessage(error)}`);
  }
};

/** The command that adopts the same spec; a URL with credentials is not repeated. */
const adoptCommand = (spec: string) => {
  const secret = isUrl(spec) && /^[^:]+:\/\/[^/?#]*@/.test(spec);
  return `npm run spec:check -- --spec ${secret ? "'<the same URL>'" : spec} --adopt`;
};

/** Writes the fragment when adopting a compatible document; the lines saying what was done. */
const adopted = async (
  options: SpecCheckOptions,
  classification: Classification,
  fragment: OpenApiDocument,
): Promise<SpecCheckResult> => {
  if (classification.breaking) {
    return {
      exitCode: EXIT.breaking,
      lines: [`spec:check: not adopted: the published spec breaks this consumer.`],
    };
  }
  if (classification.changes.length === 0) {
    return {
      exitCode: EXIT.compatible,
      lines: [`spec:check: nothing to adopt: ${PUBLISHED_OPENAPI_FILE} is up to date.`],
    };
  }
  const written = await writeCopy(options.copyFile, fragment)();
  if (E.isLeft(written)) return failed(written.left.message);
  return {
    exitCode: EXIT.compatible,
    lines: [
      `spec:check: adopted: the published spec's ${classification.changes.length} change(s) written into ${PUBLISHED_OPENAPI_FILE}.`,
      ...afterAdopting(classification),
    ],
  };
};

export const specCheck = async (options: SpecCheckOptions): Promise<SpecCheckResult> => {
  const given =
    isUrl(options.spec) || isAbsolute(options.spec)
      ? options.spec
      : resolve(options.cwd, options.spec);
  const source = specSource(given);
  if (E.isLeft(source)) return failed(source.left.message);
  const published = await readSpec(source.right, options.timeoutMs)();
  if (E.isLeft(published)) return failed(published.left.message);
  const copy = await readCopy(options.copyFile);
  if (E.isLeft(copy)) return failed(copy.left);
  const fragment = fragmentOf(published.right);
  const [ours, theirs] = [resolvedOf(copy.right), resolvedOf(fragment)];
  if (E.isLeft(theirs))
    return failed(`cannot read the published operation: ${theirs.left.message}`);
  if (E.isLeft(ours)) return failed(`cannot read our copy's operation: ${ours.left.message}`);
  const changes = changesBetween(ours.right, theirs.right, {
    copy: copy.right,
    published: fragment,
  });
  let context: CheckContext;
  try {
    context = options.context ?? (await checkContext(options.draws));
  } catch (error) {
    return failed(`cannot prepare the checks: ${errorMessage(error)}`);
  }
  const classification = await classify(
    changes,
    { copy: ours.right, published: theirs.right },
    context,
  );
  if (E.isLeft(classification)) return failed(classification.left.message);
  const header = `spec:check: the published spec ${source.right.shown} (${titleOf(published.right)}) against ${PUBLISHED_OPENAPI_FILE} (${titleOf(copy.right)})`;
  const report = [header, ...changesReport(classification.right)];
  if (options.adopt) {
    const result = await adopted(options, classification.right, fragment);
    return { ...result, lines: [...report, ...result.lines] };
  }
  return {
    exitCode: classification.right.breaking ? EXIT.breaking : EXIT.compatible,
    lines: [...report, ...closingLines(classification.right, adoptCommand(options.spec))],
  };
};
