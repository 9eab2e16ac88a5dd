/**
 * The workflows keep what CI shows: every job that runs the tests or a verification uploads its
 * JUnit XML (and the reports beside it) even when the step failed, and the consumer's test jobs
 * attach the contract report. (The job summary and the annotations need no step: the commands
 * write them when GitHub Actions runs them.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly if?: string;
  readonly with?: Readonly<Record<string, string>>;
}

interface Workflow {
  readonly jobs: Readonly<Record<string, { readonly steps: readonly Step[] }>>;
}

const DIR = join('.github', 'workflows');
const workflows = readdirSync(DIR)
  .filter((name) => name.endsWith('.yml'))
  .map((name) => [name, parse(readFileSync(join(DIR, name), 'utf8')) as Workflow] as const);

/** Every job with a step that runs one of these commands, and its steps. */
const jobsRunning = (command: RegExp) =>
  workflows.flatMap(([file, workflow]) =>
    Object.entries(workflow.jobs)
      .filter(([, job]) => job.steps.some((step) => command.test(step.run ?? '')))
      .map(([name, job]) => ({ where: `${file}: ${name}`, steps: job.steps, command })),
  );

/** The upload after the step that runs the command, kept whatever that step did. */
const uploadAfter = ({ steps, command }: ReturnType<typeof jobsRunning>[number]) => {
  const ran = steps.findIndex((step) => command.test(step.run ?? ''));
  return steps
    .slice(ran + 1)
    .find(
      (step) =>
        step.uses?.startsWith('actions/upload-artifact@') === true && step.if === 'always()',
    );
};

describe('the workflows', () => {
  const testJobs = jobsRunning(/^npm test$/);
  const verifyJobs = jobsRunning(/^npm run verify\b/);

  it('run the tests and the verifications somewhere', () => {
    assert.ok(testJobs.length > 0 && verifyJobs.length > 0);
  });

  for (const job of [...jobsRunning(/^npm test$/), ...jobsRunning(/^npm run verify\b/)]) {
    it(`${job.where} uploads its JUnit XML even when its step failed`, () => {
      const upload = uploadAfter(job);
      assert.ok(upload !== undefined, 'no upload-artifact step with if: always() after it');
      assert.match(upload.with?.['path'] ?? '', /^reports\/(junit\/)?$/m);
    });
  }

  for (const job of testJobs) {
    it(`${job.where} attaches the contract report`, () => {
      const report = job.steps.findIndex((step) => step.run === 'npm run report');
      assert.ok(report >= 0, 'no npm run report step');
      assert.equal(job.steps[report]?.if, 'always()');
      assert.match(uploadAfter(job)?.with?.['path'] ?? '', /^reports\/$/m);
    });
  }

  for (const job of verifyJobs) {
    it(`${job.where} attaches Pact's report of the verification`, () => {
      assert.match(uploadAfter(job)?.with?.['path'] ?? '', /^reports\/verification\/$/m);
    });
  }
});
