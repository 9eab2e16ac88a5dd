/**
 * A verification in which a state change throws outside any promise, as a bug in it or in a
 * library might: prints what verifyProviderAt returned, exits 1 when it failed.
 * (A child process: in mocha's own process, mocha would take the exception.)
 */
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { ProviderStates } from '../../contracts/index.js';
import { PACTS_DIR } from '../../src/config/index.js';
import { startProvider } from '../../src/provider/index.js';
import { verifyProviderAt } from '../../src/verify/verify.js';

const CRASHING_STATE = ProviderStates.validRefreshToken;

const main = async () => {
  const provider = await startProvider({});
  try {
    const run = await verifyProviderAt({
      providerUrl: provider.url,
      pacts: { _tag: 'Files', dir: PACTS_DIR },
      stateChange: (state) => {
        if (state === CRASHING_STATE) {
          setImmediate(() => {
            throw new Error('boom outside any promise');
          });
        }
        return TE.right({});
      },
      logLevel: 'error',
      timeoutMs: 2000,
    })();
    console.log(E.isLeft(run) ? `${run.left._tag}: ${run.left.message}` : 'verified');
    return E.isLeft(run) ? 1 : 0;
  } finally {
    await provider.close();
  }
};

void main().then((code) => process.exit(code));
