/** Starting and stopping a listening provider: for the CLI, the verifier and benchmarks. */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildProviderApp, type ProviderAppOptions } from './http/app.js';
import {
  createProviderServices,
  type ProviderServices,
  type ProviderServicesOptions,
} from './services.js';

export const DEFAULT_HOST = '127.0.0.1';

export interface StartProviderOptions
  extends ProviderServicesOptions, Omit<ProviderAppOptions, 'services'> {
  /** Default 127.0.0.1: loopback unless asked otherwise. */
  readonly host?: string;
  /** Default 0: an ephemeral port, read back from `url`. */
  readonly port?: number;
  /** Existing services to serve; the caller keeps ownership (they are not closed). */
  readonly services?: ProviderServices;
}

export interface RunningProvider {
  /** Base URL, without a trailing slash: `http://127.0.0.1:54321`. */
  readonly url: string;
  readonly services: ProviderServices;
  readonly app: FastifyInstance;
  /** Stops listening, then closes the store if this call opened it. */
  readonly close: () => Promise<void>;
}

const urlOf = (address: AddressInfo): string => {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
};

export const startProvider = async (
  options: StartProviderOptions = {},
): Promise<RunningProvider> => {
  const ownsServices = options.services === undefined;
  const services = options.services ?? createProviderServices(options);
  const app = buildProviderApp({ ...options, services });
  try {
    await app.listen({ host: options.host ?? DEFAULT_HOST, port: options.port ?? 0 });
  } catch (error) {
    await app.close();
    if (ownsServices) await services.close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('provider: the server is not listening on a TCP port');
  }
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      if (ownsServices) await services.close();
    })();
    return closing;
  };
  return { url: urlOf(address), services, app, close };
};
