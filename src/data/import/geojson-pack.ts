// A GeoJSON file streamed straight into a packed dataset (see PackBuilder):
// what the dataset worker does with a GeoJSON file's bytes as they arrive. The
// dataset is the one packDataset makes of readGeoJSONText's report (rowInFile
// being each incident's feature index), and each incident's feature is kept as
// where its text lies in the source. Pure.

import { idTableOf } from '../pack/id-column';
import { hashId } from '../pack/id-set';
import { PackBuilder } from '../pack/packed';
import { packedPoints, revealHashes, withBuffers } from '../pack/packed-buffers';
import type { PackedDataset } from '../pack/packed-types';
import type { RecordSpan } from '../store/byte-source';
import type { DatasetProblem, Place } from '../types';
import { GeoJSONStream } from './geojson-stream';

/**
 * Where each incident's feature lies in the source, in reveal order: bytes
 * start[i] to start[i] + length[i]. Its index among the file's features (which
 * readGeoJSONSpanAt needs to read it back as it was read) is the packed
 * dataset's rowInFile[i].
 */
export interface GeoJSONSpans {
  start: Float64Array;
  length: Uint32Array;
}

/** Reads a GeoJSON file fed in byte chunks (`push`, then `end`) into a packed dataset. */
export class GeoJSONPacker {
  readonly #places: Place[];
  readonly #builderOptions: { longText: boolean; index: boolean };
  readonly #stream: GeoJSONStream;
  #builder: PackBuilder;
  #count = 0;
  /**
   * Bytes of the features that keep a shape (a line or polygon) or translations, whose JSON the short
   * record carries (so the page keeps it, whether or not the rest of the text is read back).
   */
  #shapeBytes = 0;
  #start = new Float64Array(1024);
  #length = new Uint32Array(1024);
  /** Each incident's id hash, in the order added (see PackBuilder.finish). */
  #hashes = new Int32Array(1024);

  /**
   * `readBack`: the summaries and sources will be read back from the file (see
   * readGeoJSONSpanAt), so records leave them out and a word index is built for search.
   */
  constructor(options: { name: string; places?: Place[]; readBack?: boolean }) {
    const { readBack = false, ...streamOptions } = options;
    this.#places = options.places ?? [];
    this.#builderOptions = { longText: !readBack, index: readBack };
    this.#builder = new PackBuilder(this.#places, this.#builderOptions);
    this.#stream = new GeoJSONStream({
      ...streamOptions,
      onIncident: (incident, span, index) => {
        const i = this.#count++;
        if (i === this.#start.length) this.#grow();
        this.#start[i] = span.start;
        this.#length[i] = span.length;
        this.#hashes[i] = hashId(incident.id);
        if (incident.shape !== undefined || incident.translations !== undefined) this.#shapeBytes += span.length;
        this.#builder.add(incident, index);
      },
      onRestart: () => {
        this.#builder = new PackBuilder(this.#places, this.#builderOptions);
        this.#count = 0;
        this.#shapeBytes = 0;
      },
    });
  }

  /** Features read so far, loaded or not (a table's rows, for the memory a load projects). */
  get rows(): number {
    return this.#stream.features;
  }

  /**
   * Bytes of the features read so far that keep their shape or translations:
   * about what their records hold besides the columns, in the worker and again in the page.
   */
  get shapeBytes(): number {
    return this.#shapeBytes;
  }

  /** Whether the file is known not to be JSON: the rest of it need not be pushed. */
  get settled(): boolean {
    return this.#stream.settled;
  }

  push(chunk: Uint8Array): void {
    this.#stream.push(chunk);
  }

  end(): { dataset: PackedDataset; problems: DatasetProblem[]; spans: GeoJSONSpans } {
    const { name, attribution, story, problems } = this.#stream.end();
    const count = this.#count;
    // PackBuilder.finish, with the reveal order kept to put the spans in it.
    const sorted = this.#builder.sort();
    const packed = this.#builder.pack(sorted, { name, attribution, story, places: this.#places });
    const hashes = revealHashes(this.#hashes.slice(0, count), sorted);
    const dataset = withBuffers(packed, packedPoints(sorted.points), idTableOf(hashes));
    const start = new Float64Array(count);
    const length = new Uint32Array(count);
    sorted.permutation.forEach((from, i) => {
      start[i] = this.#start[from];
      length[i] = this.#length[from];
    });
    return { dataset, problems, spans: { start, length } };
  }

  #grow(): void {
    const size = this.#start.length * 2;
    const start = new Float64Array(size);
    start.set(this.#start);
    this.#start = start;
    const length = new Uint32Array(size);
    length.set(this.#length);
    this.#length = length;
    const hashes = new Int32Array(size);
    hashes.set(this.#hashes);
    this.#hashes = hashes;
  }
}

/**
 * The spans looked up by feature index (rowInFile), as a worker reading text
 * back from the file looks a record up (see RecordSpans in source-texts.ts):
 * `rowInFile` is the packed dataset's, in the reveal order of `spans`.
 */
export function spansByFeature(
  spans: GeoJSONSpans,
  rowInFile: Uint32Array,
): { count: number; span(index: number): RecordSpan } {
  let features = 0;
  for (const index of rowInFile) features = Math.max(features, index + 1);
  const rank = new Int32Array(features).fill(-1);
  rowInFile.forEach((index, i) => {
    rank[index] = i;
  });
  return {
    count: rowInFile.length,
    span(index) {
      const i = index < features ? rank[index] : -1;
      if (i < 0) throw new RangeError(`Feature ${index} gave no incident`);
      return { start: spans.start[i], length: spans.length[i] };
    },
  };
}
