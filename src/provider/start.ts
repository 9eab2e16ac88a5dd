/** Starting and stopping a listening provider: for the CLI, the verifier and benchmarks. */
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
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
  /** Serve https with this key and certificate (PEM) instead of http. */
  readonly tls?: Pick<TlsOptions, 'key' | 'cert'>;
}

export interface RunningProvider {
  /** Base URL, without a trailing slash: `http://127.0.0.1:54321` (`https://` with `tls`). */
  readonly url: string;
  readonly services: ProviderServices;
  readonly app: FastifyInstance;
  /** Stops listening, then closes the store if this call opened it. */
  readonly close: () => Promise<void>;
}

const urlOf = (address: AddressInfo, scheme: 'http' | 'https'): string => {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}`;
};

interface Listening {
  readonly address: AddressInfo | string | null;
  /** Stops accepting connections and ends the open ones (before the app closes). */
  readonly stop: () => Promise<void>;
}

/**
 * TLS in front of the app's own HTTP server, as node:https does it: each
 * decrypted connection is handed to the server's connection handler, so the
 * app serves exactly as over http.
 */
const listenTls = async (
  app: FastifyInstance,
  tls: NonNullable<StartProviderOptions['tls']>,
  host: string,
  port: number,
): Promise<Listening> => {
  await app.ready();
  const sockets = new Set<Socket>();
  const server = createTlsServer(tls, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    app.server.emit('connection', socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    address: server.address(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
};

const listenPlain = async (app: FastifyInstance, host: string, port: number) => {
  await app.listen({ host, port });
  return { address: app.server.address(), stop: () => Promise.resolve() };
};

export const startProvider = async (
  options: StartProviderOptions = {},
): Promise<RunningProvider> => {
  const ownsServices = options.services === undefined;
  const services = options.services ?? createProviderServices(options);
  const app = buildProviderApp({ ...options, services });
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? 0;
  let listening: Listening;
  try {
    listening =
      options.tls === undefined
        ? await listenPlain(app, host, port)
        : await listenTls(app, options.tls, host, port);
  } catch (error) {
    await app.close();
    if (ownsServices) await services.close();
    throw error;
  }
  const { address } = listening;
  if (address === null || typeof address === 'string') {
    throw new Error('provider: the server is not listening on a TCP port');
  }
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await listening.stop();
      await app.close();
      if (ownsServices) await services.close();
    })();
    return closing;
  };
  return {
    url: urlOf(address, options.tls === undefined ? 'http' : 'https'),
    services,
    app,
    close,
  };
};
