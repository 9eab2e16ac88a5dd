/**
 * Whether the Rust verifier needs the machine's CA certificates, and a store of
 * one certificate for it when it does not.
 *
 * Why: pact_ffi 0.5.x (pact_verifier, reqwest 0.12 with rustls-native-certs)
 * builds a new HTTP client for every interaction, and every build reads and
 * parses the whole system CA store (~20 ms an interaction here), though a
 * plain `http://` verification never uses it. rustls-native-certs reads only
 * `SSL_CERT_FILE`/`SSL_CERT_DIR` when either is set, so `SSL_CERT_FILE` at a
 * file of one certificate with `SSL_CERT_DIR` unset yields a store of one, at
 * no cost. (An empty store no longer does: pact_ffi 0.5.8 refuses to build its
 * client without a certificate, "builder error".) See docs/performance.md.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { Env } from '../config/index.js';

/** The pact-js Verifier options that name places to connect to. */
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
export const PROXY_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'ALL_PROXY',
  'all_proxy',
];

const isHttps = (url: string) => url.trim().toLowerCase().startsWith('https:');

/**
 * Every URL the verifier may open: the provider, its state-change URL, the
 * broker, pact URLs (file paths never match), transports and proxies.
 */
export const caStoreNeed = (options: VerifierUrls, env: Env): CaStoreNeed => {
  const urls = [
    options.providerBaseUrl,
    options.providerStatesSetupUrl,
    options.pactBrokerUrl,
    ...(options.pactUrls ?? []),
    ...(options.transports ?? []).map((transport) => `${transport.scheme ?? 'http'}:`),
    ...PROXY_VARIABLES.map((name) => env[name]),
  ];
  const https = urls.find((url) => url !== undefined && isHttps(url));
  return https === undefined ? { _tag: 'NoStore' } : { _tag: 'SystemStore', becauseOf: https };
};

/**
 * The process environment is shared: while any run needs the system store,
 * every run gets it (loading it is slow, never wrong); the one-certificate store is set
 * only while plain-http runs alone are in flight, and the original values come
 * back when they end.
 */
const active = { noStore: 0, systemStore: 0 };
let saved: { readonly file: string | undefined; readonly dir: string | undefined } | undefined;

const restoreFile = (value: string | undefined) => {
  if (value === undefined) delete process.env['SSL_CERT_FILE'];
  else process.env['SSL_CERT_FILE'] = value;
};

const restoreDir = (value: string | undefined) => {
  if (value === undefined) delete process.env['SSL_CERT_DIR'];
  else process.env['SSL_CERT_DIR'] = value;
};

/** One public root (Node's first), never used: the verifier only talks plain http then. */
const oneCertificateFile = (): string => {
  const file = join(tmpdir(), 'pact-verifier-one-root-certificate.pem');
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, rootCertificates[0] ?? '');
    renameSync(partial, file);
  }
  return file;
};

const applyEnv = () => {
  const empty = active.noStore > 0 && active.systemStore === 0;
  if (empty && saved === undefined) {
    saved = { file: process.env['SSL_CERT_FILE'], dir: process.env['SSL_CERT_DIR'] };
    process.env['SSL_CERT_FILE'] = oneCertificateFile();
    delete process.env['SSL_CERT_DIR'];
  } else if (!empty && saved !== undefined) {
    restoreFile(saved.file);
    restoreDir(saved.dir);
    saved = undefined;
  }
};

/** Runs the verifier with the CA store it needs, then restores the environment. */
export const withCaStoreFor = async <A>(
  options: VerifierUrls,
  run: () => Promise<A>,
): Promise<A> => {
  const kind = caStoreNeed(options, process.env)._tag === 'NoStore' ? 'noStore' : 'systemStore';
  active[kind] += 1;
  applyEnv();
  try {
    return await run();
  } finally {
    active[kind] -= 1;
    applyEnv();
  }
};
