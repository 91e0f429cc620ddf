// The thread guard.ts runs the readers in, so that one that hangs can be
// stopped (a loop in the test's own thread could not be). It loads the
// TypeScript drivers through tsx, as the scripts are run, and answers each
// call with what the driver returned or threw and how long it took.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

// The drivers this thread runs (see Guard's constructor), loaded before it says it is ready.
const drive = await tsImport(workerData, import.meta.url);

// papaparse warns on the console of each header it renames: thousands of lines of noise here.
const warn = console.warn;
console.warn = (...args) => {
  if (args[0] !== 'Duplicate headers found and renamed.') warn(...args);
};

/** An error as text: its name, message and stack (a RangeError from deep recursion included). */
function describe(error) {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}

parentPort.on('message', ({ id, fn, input }) => {
  const start = performance.now();
  let reply;
  try {
    reply = { id, ok: true, value: drive[fn](input) };
  } catch (error) {
    reply = { id, ok: false, error: describe(error) };
  }
  reply.ms = performance.now() - start;
  try {
    parentPort.postMessage(reply);
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      error: `the result could not be posted: ${describe(error)}`,
      ms: reply.ms,
    });
  }
});
parentPort.postMessage('ready');
