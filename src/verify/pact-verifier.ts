/**
 * The verification's one child process: `pact verifier`, the Rust verifier of the standalone Pact
 * CLI that @pact-foundation/pact-cli ships. Its stdout is Pact's report, its JSON report (a file)
 * what the run reads. Its environment is built name by name: the verifier takes many options
 * from variables (PACT_DESCRIPTION filters a run), and the broker's credentials reach it only
 * there, never as arguments.
 *
 * Whether it needs the machine's CA certificates, and a store of one certificate for it when it
 * does not: it reads the whole store for every interaction, though a plain-http run never uses
 * it, and reads only `SSL_CERT_FILE`/`SSL_CERT_DIR` when either is set (not an empty file: it
 * then refuses to build its HTTP client). Why and how much: docs/performance.md.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { standalone } from '@pact-foundation/pact-cli/src/pact-standalone';
import { credentialEnv } from '../broker/config.js';
import type { Env } from '../config/index.js';
import { runChild } from './child.js';
import type { PactSource } from './config.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Consumer version selectors for broker mode: what a provider build must keep working. */
export const CONSUMER_VERSION_SELECTORS = [
  { mainBranch: true },
  { deployedOrReleased: true },
  { matchingBranch: true },
];

/** Where the pacts come from, as the verifier's arguments (`files`: a Files source's pacts). */
export const sourceArgs = (source: PactSource, files: readonly string[]): string[] => {
  if (source._tag === 'Files') return files.flatMap((file) => ['--file', file]);
  const { broker, pactUrl, includeWipPactsSince, providerVersion, providerBranch } = source;
  return [
    '--broker-url',
    broker.baseUrl,
    // A webhook's pact alone, or the broker's selection with pending and WIP pacts.
    ...(pactUrl === undefined
      ? [
          ...['--enable-pending', '--include-wip-pacts-since', includeWipPactsSince],
          ...CONSUMER_VERSION_SELECTORS.flatMap((selector) => [
            '--consumer-version-selectors',
            JSON.stringify(selector),
          ]),
        ]
      : ['--webhook-callback-url', pactUrl]),
    ...['--provider-version', providerVersion, '--provider-branch', providerBranch],
    ...(source.publish ? ['--publish'] : []),
  ];
};

export type CaStoreNeed =
  /** Some URL the verifier may reach is https: it keeps the system's certificates. */
  | { readonly _tag: 'SystemStore'; readonly becauseOf: string }
  /** Everything is plain http: no certificate is ever used. */
  | { readonly _tag: 'NoStore' };

/** Proxies the verifier's HTTP client honours: an https proxy needs certificates too. */
export const PROXY_VARIABLES = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY'].flatMap((name) => [
  name,
  name.toLowerCase(),
]);

/** Whether any of `urls` the verifier opens (file paths never match), or a proxy, is https. */
export const caStoreNeed = (urls: readonly (string | undefined)[], env: Env): CaStoreNeed => {
  const https = [...urls, ...PROXY_VARIABLES.map((name) => env[name])].find((url) =>
    url?.trim().toLowerCase().startsWith('https:'),
  );
  return https === undefined ? { _tag: 'NoStore' } : { _tag: 'SystemStore', becauseOf: https };
};

/** One public root (Node's first), never used: the verifier only talks plain http then. */
const oneCertificateFile = (): string => {
  const file = join(tmpdir(), 'pact-verifier-one-root-certificate.pem');
  if (!existsSync(file)) {
    writeFileSync(`${file}.${process.pid}`, rootCertificates[0] ?? '');
    renameSync(`${file}.${process.pid}`, file);
  }
  return file;
};

/** The variables among `names` that `env` sets, as it sets them. */
const setIn = (env: Env, names: readonly string[]): Readonly<Record<string, string>> =>
  Object.fromEntries(names.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));

/** The verifier's certificate variables: a store of one, or the ones `env` names. */
export const caStoreEnv = (need: CaStoreNeed, env: Env): Readonly<Record<string, string>> =>
  need._tag === 'NoStore'
    ? { SSL_CERT_FILE: oneCertificateFile() }
    : setIn(env, ['SSL_CERT_FILE', 'SSL_CERT_DIR']);

/** What the verifier inherits: how to reach the network, nothing that configures a run. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', ...PROXY_VARIABLES];

export const verifierEnv = (source: PactSource, env: Env): NodeJS.ProcessEnv => {
  const urls = source._tag === 'Files' ? [] : [source.broker.baseUrl, source.pactUrl];
  return {
    ...setIn(env, INHERITED),
    // The relay is local: never through a proxy.
    NO_PROXY: [env['NO_PROXY'] ?? env['no_proxy'], '127.0.0.1'].filter(Boolean).join(','),
    PACT_DO_NOT_TRACK: 'true',
    ...caStoreEnv(caStoreNeed(urls, env), env),
    ...(source._tag === 'Broker' ? credentialEnv(source.broker.auth) : {}),
  };
};

export interface VerifierExit {
  /** Pact's report, as the verifier printed it (ANSI colours included). */
  readonly pactReport: string;
  /** Its JSON report, when it wrote one. */
  readonly json: string | undefined;
  /** How it ended, with its last line on stderr: why a run has no report. */
  readonly ended: string;
}

const PACT = standalone().pactFullPath;

/** Runs `pact verifier` with these arguments (and `--json`) in this environment. */
export const runPactVerifier = async (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<VerifierExit> => {
  const dir = await mkdtemp(join(tmpdir(), 'pact-verifier-'));
  const report = join(dir, 'report.json');
  try {
    const { stdout, stderr, how } = await runChild(PACT, ['verifier', ...args, '--json', report], {
      env,
    });
    const json = await readFile(report, 'utf8').catch(() => undefined);
    const last = stderr.trim().split('\n').at(-1);
    return { pactReport: stdout, json, ended: `${how}${last ? `: ${last}` : ''}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
