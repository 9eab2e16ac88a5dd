/**
 * Pact's own engine as the judge of derived templates: a pact recorded with
 * PactV4 (its mock server receiving each request), then verified by the
 * official Rust verifier (`pact-verifier` from @pact-foundation/pact-cli)
 * against a provider serving the bodies under test. Response verification is
 * the tolerant reading the codecs have (unknown fields allowed); request
 * matching would refuse any key a template does not name.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { PactV4 } from '@pact-foundation/pact';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Template } from '../src/index.js';

/** A body expected at `path`: the template a GET of `path` must answer. */
export interface Expected {
  readonly path: string;
  readonly template: Template;
}

/**
 * A pact of one GET interaction per expected body, recorded through the mock
 * server (every request made once); returns the pact file. Keep it to a few
 * dozen interactions: the mock server's time grows with the square of their
 * number (200 take half a minute), so record many in several pacts.
 */
export const recordPact = async (
  dir: string,
  names: { readonly consumer: string; readonly provider: string },
  expected: readonly Expected[],
): Promise<string> => {
  const pact = new PactV4({ ...names, dir, logLevel: 'error' });
  const interactions = expected.map(({ path: at, template }) =>
    pact
      .addInteraction()
      .uponReceiving(`GET ${at}`)
      .withRequest('GET', at)
      .willRespondWith(200, (builder) => {
        builder.jsonBody(template);
      }),
  );
  await interactions.at(-1)?.executeTest(async (server) => {
    for (const { path: at } of expected) await fetch(`${server.url}${at}`);
  });
  return path.join(dir, `${names.consumer}-${names.provider}.json`);
};

/** A provider answering each path with its body, as JSON. */
export const servingProvider = async (bodies: ReadonlyMap<string, unknown>) => {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(bodies.get(request.url ?? '') ?? null));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(resolve)) };
};

const VERIFIER = require.resolve('@pact-foundation/pact-cli/bin/pact-verifier.js');

/** The part of the verifier's JSON report read here. */
const Report = t.type({
  interactionResults: t.array(t.type({ description: t.string, result: t.string })),
});

export interface Verification {
  readonly exitCode: number;
  /** The interactions that failed, by description (`GET /trees/0/1`). */
  readonly failed: readonly string[];
  readonly report: string;
}

/**
 * The verifier builds an HTTP client per interaction, each reading the whole
 * system CA store (~20 ms), which a plain-http verification never uses: a
 * store of one certificate (SSL_CERT_FILE, SSL_CERT_DIR unset) costs nothing.
 */
const plainHttpEnv = (): NodeJS.ProcessEnv => {
  const file = path.join(os.tmpdir(), 'pact-io-ts-one-certificate.pem');
  if (!fs.existsSync(file)) {
    // Written aside, then renamed: a test running beside this one never reads it half written.
    fs.writeFileSync(`${file}.${process.pid}`, tls.rootCertificates[0] ?? '');
    fs.renameSync(`${file}.${process.pid}`, file);
  }
  const { SSL_CERT_DIR: _dir, ...env } = process.env;
  return { ...env, SSL_CERT_FILE: file, PACT_DO_NOT_TRACK: 'true' };
};

/** The official verifier, quiet, with a JSON report, against a provider serving `bodies`. */
export const verify = async (
  pactFiles: readonly string[],
  bodies: ReadonlyMap<string, unknown>,
): Promise<Verification> => {
  const provider = await servingProvider(bodies);
  const reportFile = `${pactFiles[0] ?? 'pact'}.verification.json`;
  const files = pactFiles.flatMap((file) => ['-f', file]);
  try {
    const exitCode = await new Promise<number>((resolve) => {
      execFile(
        process.execPath,
        [VERIFIER, ...files, '-h', '127.0.0.1', '-p', String(provider.port), '-j', reportFile],
        { env: plainHttpEnv(), maxBuffer: 64 * 1024 * 1024 },
        (error) => resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : 1),
      );
    });
    const report = fs.readFileSync(reportFile, 'utf8');
    const decoded = Report.decode(JSON.parse(report));
    const failed = E.isRight(decoded)
      ? decoded.right.interactionResults.filter((r) => r.result !== 'OK').map((r) => r.description)
      : ['(the report is unreadable)'];
    return { exitCode, failed, report };
  } finally {
    await provider.close();
  }
};
