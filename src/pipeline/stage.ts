/**
 * A pipeline stage: a named step that succeeds with a short detail line or
 * fails with a message. Stages run in order; the first failure stops the run.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { performance } from 'node:perf_hooks';

export interface StageReport {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

export interface Stage<A, B> {
  readonly name: string;
  readonly run: (input: A) => TE.TaskEither<string, { readonly value: B; readonly detail: string }>;
}

export const stage = <A, B>(name: string, run: Stage<A, B>['run']): Stage<A, B> => ({ name, run });

const formatMs = (ms: number) =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;

export const formatReport = (report: StageReport) =>
  `${report.ok ? 'ok  ' : 'FAIL'} ${report.name.padEnd(28)} ${formatMs(report.ms).padStart(9)}  ${report.detail}`;

/** Runs one stage, timing it and telling `onReport` as soon as it ends. */
export const runStage =
  <A, B>(stage: Stage<A, B>, onReport: (report: StageReport) => void) =>
  async (input: A): Promise<E.Either<StageReport, B>> => {
    const started = performance.now();
    const result = await stage.run(input)();
    const ms = performance.now() - started;
    const report = E.isRight(result)
      ? { name: stage.name, ok: true, detail: result.right.detail, ms }
      : { name: stage.name, ok: false, detail: result.left, ms };
    onReport(report);
    return E.isRight(result) ? E.right(result.right.value) : E.left(report);
  };
