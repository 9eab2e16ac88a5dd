// What each worker process of mocha's parallel mode sends about the tests it ran (see
// test/support/mocha-reporter.js): mocha's own buffered reporter, except that
// - a suite is sent with its file and the titles of its tests and of its child suites, which
//   mocha-junit-reporter counts (a suite with neither is left out of the XML);
// - an error keeps its name (`AssertionError`), the JUnit failure's type, which the copy sent
//   otherwise loses (only own enumerable properties are sent).
const ParallelBuffered = require('mocha/lib/nodejs/reporters/parallel-buffered');
const { SerializableEvent } = require('mocha/lib/nodejs/serializer');
const { EVENT_SUITE_BEGIN } = require('mocha/lib/runner').constants;

const withWhatItHolds = (suite) => ({
  serialize: () => ({
    ...suite.serialize(),
    file: suite.file,
    tests: suite.tests.map((test) => test.title),
    suites: suite.suites.map((child) => child.title),
  }),
});

const withItsName = (error) =>
  error instanceof Error
    ? Object.defineProperty(error, 'name', { value: error.name, enumerable: true })
    : error;

class SuitesWithWhatTheyHold extends ParallelBuffered {
  createListener(eventName) {
    const listener = (runnable, error) =>
      this.events.push(
        SerializableEvent.create(
          eventName,
          eventName === EVENT_SUITE_BEGIN ? withWhatItHolds(runnable) : runnable,
          withItsName(error),
        ),
      );
    return this.listeners.set(eventName, listener).get(eventName);
  }
}

module.exports = SuitesWithWhatTheyHold;
