// Reading many records at once: the list shows thirty rows, an export
// thousands, and each is a span of the source. Spans close together are read
// as one run (one HTTP request, one slice of a File) and cut apart after, so a
// page of rows costs one request, not thirty. Pure.
import type { RecordSpan } from './byte-source';

/** Throws a RangeError unless bytes `start` to `end` are whole offsets within a source of `size` bytes. */
export function checkRange(start: number, end: number, size: number): void {
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && end <= size)) {
    throw new RangeError(`bytes ${start} to ${end} are not within the source's ${size} bytes`);
  }
}

/** Spans read together: bytes `start` to `end`, and the indexes of the spans they hold. */
export interface ByteRun {
  start: number;
  end: number;
  spans: number[];
}

/**
 * Spans grouped into runs, in the order of their starts: a span joins the run
 * before it when less than `gap` bytes lie between them and the run stays
 * within `maxRun` bytes (a longer span is a run of its own). Empty spans join
 * no run: they need no bytes.
 */
export function runsOf(spans: readonly RecordSpan[], gap: number, maxRun = Number.POSITIVE_INFINITY): ByteRun[] {
  const order = spans.map((_, k) => k).filter((k) => spans[k].length > 0);
  order.sort((a, b) => spans[a].start - spans[b].start);
  const runs: ByteRun[] = [];
  let run: ByteRun | null = null;
  for (const k of order) {
    const { start, length } = spans[k];
    const end = start + length;
    if (run && start - run.end < gap && Math.max(run.end, end) - run.start <= maxRun) {
      run.end = Math.max(run.end, end);
      run.spans.push(k);
    } else {
      run = { start, end, spans: [k] };
      runs.push(run);
    }
  }
  return runs;
}

/**
 * Reads `spans` (checked against `size`) a run at a time with `readRun`, at
 * most `parallel` runs at once, and gives each span its own bytes, in the
 * order asked.
 */
export async function readByRuns(
  spans: readonly RecordSpan[],
  size: number,
  readRun: (start: number, end: number) => Promise<Uint8Array>,
  options: { gap: number; maxRun?: number; parallel?: number },
): Promise<Uint8Array[]> {
  for (const { start, length } of spans) checkRange(start, start + length, size);
  const runs = runsOf(spans, options.gap, options.maxRun);
  const read: Uint8Array[] = spans.map(() => new Uint8Array(0));
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const run = runs[next++];
      const bytes = await readRun(run.start, run.end);
      for (const k of run.spans) {
        const from = spans[k].start - run.start;
        // A copy unless the span is the whole run: a view would keep the run's bytes alive as long as the span's.
        read[k] = from === 0 && spans[k].length === bytes.length ? bytes : bytes.slice(from, from + spans[k].length);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 4, runs.length) }, worker));
  return read;
}
