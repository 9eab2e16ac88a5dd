/**
 * The one local HTTP server of a run, standing between the Rust verifier and the provider (the
 * verifier's `--hostname/--port`). Each provider request goes to the run (./fail-fast.ts), which
 * sends it within the deadline; the state-change URL, at a path nothing else uses, calls the
 * run's one state-change function (./state-change.ts) and always answers 200 with the values as
 * a JSON object, so the verifier never retries a state change nor skips a request.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../contracts/index.js';
import { StateChangeBody } from '../provider/index.js';
import { bodyOf, endToEnd, notSent, type ProviderAnswer } from './exchange.js';
import type { FailFast } from './fail-fast.js';
import type { StateChange } from './state-change.js';

export interface Relay {
  readonly port: number;
  readonly stateChangeUrl: string;
  readonly close: () => Promise<void>;
}

const reply = (res: http.ServerResponse, { status, headers, body }: ProviderAnswer): void => {
  res.writeHead(status, { ...endToEnd(headers), 'content-length': body.length });
  res.end(body);
};

/** A body the verifier cannot have sent throws: the run then stops (./fail-fast.ts). */
const changeState =
  (run: FailFast, stateChange: StateChange) =>
  async (body: Buffer): Promise<ProviderAnswer> => {
    const change = decode(StateChangeBody)(JSON.parse(body.toString('utf8')));
    if (E.isLeft(change)) throw new Error(`the verifier's state change: ${change.left.message}`);
    const { state, params = {}, action = 'setup' } = change.right;
    // The verifier calls with an empty state for an interaction that has none.
    const values =
      state === '' ? {} : await run.stateChange(action, stateChange(state, action, params));
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(values ?? {})),
    };
  };

export const startRelay = (run: FailFast, stateChange: StateChange): Promise<Relay> => {
  const statePath = `/${randomUUID()}`;
  const answerState = changeState(run, stateChange);
  const server = http.createServer((req, res) => {
    const { method = 'GET', url: path = '/', headers } = req;
    void bodyOf(req)
      .then((body) =>
        path === statePath ? answerState(body) : run.answer({ method, path, headers, body }),
      )
      .catch((error: unknown) => {
        run.crash(error);
        return notSent('the verification failed to answer');
      })
      .then((answer) => reply(res, answer));
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject).listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ port, stateChangeUrl: `http://127.0.0.1:${port}${statePath}`, close });
    });
  });
};
