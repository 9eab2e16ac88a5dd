/**
 * Whether the Rust verifier needs the machine's CA certificates, and a store of one certificate
 * for it when it does not: it reads the whole store for every interaction, though a plain-http
 * run never uses it, and reads only `SSL_CERT_FILE`/`SSL_CERT_DIR` when either is set (not an
 * empty file: it then refuses to build its HTTP client). Why and how much: docs/performance.md.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { Env } from '../config/index.js';

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

const CA_VARIABLES = ['SSL_CERT_FILE', 'SSL_CERT_DIR'];

/** The verifier's certificate variables: a store of one, or the ones `env` names. */
export const caStoreEnv = (need: CaStoreNeed, env: Env): Readonly<Record<string, string>> =>
  need._tag === 'NoStore'
    ? { SSL_CERT_FILE: oneCertificateFile() }
    : Object.fromEntries(CA_VARIABLES.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
