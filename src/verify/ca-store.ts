/**
 * Whether the Rust verifier needs the machine's CA certificates, and a store of one
 * certificate for it when it does not.
 *
 * Why: pact_ffi 0.5.8 (pact_verifier, reqwest 0.12 with rustls-native-certs) builds a new
 * HTTP client for every interaction, and every build reads and parses the whole system CA
 * store, though a plain `http://` verification never uses it. rustls-native-certs reads only
 * `SSL_CERT_FILE`/`SSL_CERT_DIR` when either is set, so `SSL_CERT_FILE` at a file of one
 * certificate with `SSL_CERT_DIR` unset yields a store of one, at no cost. (Not an empty one:
 * 0.5.8 refuses to build its client without a certificate, "builder error".) The numbers are
 * in docs/performance.md.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { Env } from '../config/index.js';

/** The pact-js Verifier options that name places the core connects to. */
export interface VerifierUrls {
  readonly providerBaseUrl?: string;
  readonly providerStatesSetupUrl?: string;
  readonly pactBrokerUrl?: string;
  readonly pactUrls?: readonly string[];
  readonly transports?: readonly {
    readonly protocol: string;
    readonly port: number;
    readonly scheme?: string;
  }[];
}

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

/** Every URL the verifier may open (file paths never match). */
export const caStoreNeed = (options: VerifierUrls, env: Env): CaStoreNeed => {
  const https = [
    options.providerBaseUrl,
    options.providerStatesSetupUrl,
    options.pactBrokerUrl,
    ...(options.pactUrls ?? []),
    ...(options.transports ?? []).map((transport) => `${transport.scheme ?? 'http'}:`),
    ...PROXY_VARIABLES.map((name) => env[name]),
  ].find((url) => url?.trim().toLowerCase().startsWith('https:'));
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

/**
 * The process environment is shared: while any run needs the system store, every run gets it
 * (loading it is slow, never wrong); the one-certificate store is set only while plain-http
 * runs alone are in flight, and the original values come back when they end.
 */
const runs = { plain: 0, system: 0 };
let saved: { readonly file?: string; readonly dir?: string } | undefined;

const restore = ({ file, dir }: NonNullable<typeof saved>) => {
  if (file === undefined) delete process.env['SSL_CERT_FILE'];
  else process.env['SSL_CERT_FILE'] = file;
  if (dir === undefined) delete process.env['SSL_CERT_DIR'];
  else process.env['SSL_CERT_DIR'] = dir;
};

const applyEnv = () => {
  const oneCertificate = runs.plain > 0 && runs.system === 0;
  if (oneCertificate && saved === undefined) {
    saved = { file: process.env['SSL_CERT_FILE'], dir: process.env['SSL_CERT_DIR'] };
    process.env['SSL_CERT_FILE'] = oneCertificateFile();
    delete process.env['SSL_CERT_DIR'];
  } else if (!oneCertificate && saved !== undefined) {
    restore(saved);
    saved = undefined;
  }
};

/** Runs the verifier with the CA store it needs, then restores the environment. */
export const withCaStoreFor = async <A>(
  options: VerifierUrls,
  run: () => Promise<A>,
): Promise<A> => {
  const kind = caStoreNeed(options, process.env)._tag === 'NoStore' ? 'plain' : 'system';
  runs[kind] += 1;
  applyEnv();
  try {
    return await run();
  } finally {
    runs[kind] -= 1;
    applyEnv();
  }
};
