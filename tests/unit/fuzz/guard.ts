// Runs the readers (see drive.ts) in a worker thread with a time limit per
// case: a hang detector, not a speed test. A reader that loops, or takes
// minutes on a hostile cell, cannot be interrupted in the test's own thread;
// in a worker it is stopped when its time is up, the case fails as "hung",
// and a fresh worker takes the next case.
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import type * as Files from './drive';
import type * as Values from './drive-values';

type Drivers = typeof Files & typeof Values;
type Fn = { [K in keyof Drivers]: Drivers[K] extends (input: never) => unknown ? K : never }[keyof Drivers];
export type InputOf<F extends Fn> = Parameters<Drivers[F]>[0];
export type OutputOf<F extends Fn> = ReturnType<Drivers[F]>;

export type Outcome<T> =
  | { kind: 'done'; value: T; ms: number }
  | { kind: 'threw'; error: string; ms: number }
  | { kind: 'hung'; ms: number };

type Reply =
  | { id: number; ok: true; value: unknown; ms: number }
  | { id: number; ok: false; error: string; ms: number };

/**
 * A generous limit: about a second for inputs up to 100 KB (they take a few
 * milliseconds to some tens of milliseconds), growing with larger ones. Any
 * reader this slow on such an input has a hang, not a slow path.
 */
export const HANG_MS = 1000;
export function limitFor(bytes: number): number {
  return Math.max(HANG_MS, Math.ceil((HANG_MS * bytes) / 100_000));
}

/** A worker thread running guard-worker.mjs, and when it is ready to take calls. */
interface Thread {
  worker: Worker;
  ready: Promise<Worker>;
}

export class Guard {
  /** `values`: the drivers of drive-values.ts (dates, sniffing, the hash), which load faster; else drive.ts's. */
  constructor(private readonly drivers: 'files' | 'values' = 'files') {}

  #thread: Thread | null = null;
  /** A thread started when one was stopped, so the next case need not wait for one to start. */
  #spare: Thread | null = null;
  readonly #waiting = new Map<number, (reply: Reply) => void>();
  #next = 0;
  #queue: Promise<void> = Promise.resolve();

  #spawn(): Thread {
    // The stack V8 gives a thread by default (984 KB, as the app's own threads have), not a Node worker's 4 MB:
    // how deep a reader can recurse before it throws must be as in the app.
    const worker = new Worker(new URL('./guard-worker.mjs', import.meta.url), {
      resourceLimits: { stackSizeMb: 1 },
      workerData: this.drivers === 'values' ? './drive-values.ts' : './drive.ts',
    });
    const ready = new Promise<Worker>((resolve, reject) => {
      worker.once('message', (message) => (message === 'ready' ? resolve(worker) : reject(new Error(String(message)))));
      worker.once('error', reject);
    });
    // A spare that is never used must not fail the run by being stopped unready.
    ready.catch(() => {});
    worker.on('message', (reply: Reply | 'ready') => {
      if (reply !== 'ready') this.#waiting.get(reply.id)?.(reply);
    });
    // A worker that dies (out of memory, say) fails what it was running.
    worker.on('exit', (code) => {
      if (this.#thread?.worker !== worker) return;
      this.#thread = null;
      for (const [id, answer] of this.#waiting) answer({ id, ok: false, error: `the worker exited (${code})`, ms: 0 });
    });
    return { worker, ready };
  }

  /**
   * Runs driver `fn` on `input`; `limitMs` defaults to the limit for an input
   * of `bytes`. Calls run one at a time, each timed from when it starts (a
   * property interrupted by its time budget may leave one running).
   */
  run<F extends Fn>(fn: F, input: InputOf<F>, bytes = 0, limitMs = limitFor(bytes)): Promise<Outcome<OutputOf<F>>> {
    const result = this.#queue.then(() => this.#call(fn, input, limitMs));
    this.#queue = result.then(
      () => {},
      () => {},
    );
    return result;
  }

  async #call<F extends Fn>(fn: F, input: InputOf<F>, limitMs: number): Promise<Outcome<OutputOf<F>>> {
    if (!this.#thread) {
      this.#thread = this.#spare ?? this.#spawn();
      this.#spare = null;
    }
    const thread = this.#thread;
    const worker = await thread.ready;
    const id = this.#next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        // Stopped, and a spare started for the next case.
        this.#thread = null;
        void thread.worker.terminate();
        this.#spare ??= this.#spawn();
        resolve({ kind: 'hung', ms: limitMs });
      }, limitMs);
      this.#waiting.set(id, (reply) => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        resolve(
          reply.ok
            ? { kind: 'done', value: reply.value as OutputOf<F>, ms: reply.ms }
            : { kind: 'threw', error: reply.error, ms: reply.ms },
        );
      });
      worker.postMessage({ id, fn, input });
    });
  }

  async close(): Promise<void> {
    const threads = [this.#thread, this.#spare];
    this.#thread = null;
    this.#spare = null;
    await Promise.all(threads.map((thread) => thread?.worker.terminate()));
  }
}

/** The value of a case that finished, or an error saying it threw or hung (fast-check prints it with the input). */
export function finished<T>(outcome: Outcome<T>): T {
  if (outcome.kind === 'hung') throw new Error(`hung: no answer within ${outcome.ms} ms`);
  if (outcome.kind === 'threw') throw new Error(`threw: ${outcome.error}`);
  return outcome.value;
}

/**
 * fast-check options that stop a property after `ms` (well before the test's
 * own timeout, which would leave it running into the next test), failing it:
 * a property cut short has not shown what it claims. A failure found before
 * then is reported with the smallest counterexample shrunk so far.
 */
export function budget(ms: number): Pick<fc.Parameters<unknown>, 'plugins'> {
  return { plugins: [fc.interruptAfterTimeLimit(ms, { failOnInterrupt: true })] };
}
