import type { OutlineSource } from '../import/places/country-outlines';
import type { BlockResult, TableBytes, TableHead } from '../import/table/blocks';
import type { ColumnMapping, LayoutGuess, Row } from '../import/table/detect-layout';
import type { IncidentText } from '../pack/long-text';
import type { PackedDataset, PackedPositions } from '../pack/packed-types';
import type { DataText } from '../text/messages';
import type { DatasetProblem } from '../types';

/** Reading the bytes, parsing them, checking every incident, packing them for the map. */
export type LoadPhase = 'reading' | 'parsing' | 'checking' | 'indexing';

/** What the page asks the dataset worker. */
export type WorkerRequest =
  /** `placesUrl`: the places incidents may refer to, fetched by the worker while it reads the file. */
  | { type: 'open'; name: string; url?: string; file?: File; placesUrl?: string }
  | { type: 'mapping'; mapping: ColumnMapping }
  /** Once loaded: the long text of incidents (by reveal rank), and searches through all of it. */
  | { type: 'read'; id: number; ranks: number[] }
  | { type: 'search'; id: number; q: string };

/** What the dataset worker answers. */
export type WorkerReply =
  /** `rows`: rows (or features) read so far, 0 when not counted. */
  | { type: 'progress'; phase: LoadPhase; loaded: number; total: number | null; rows?: number }
  | { type: 'needs-mapping'; headers: string[]; preview: Row[]; guess: LayoutGuess }
  | {
      type: 'done';
      /** The incidents packed in reveal order; its buffers are transferred, not copied. */
      dataset: PackedDataset;
      problems: DatasetProblem[];
      format: 'GeoJSON' | 'CSV' | 'Parquet';
      layout: string | null;
    }
  /** `text`: the message as a key and values, for the page's language (absent: only English is known). */
  | { type: 'failed'; message: string; text?: DataText }
  /** Answers to 'read' and 'search', by the request's id. */
  | { type: 'texts'; id: number; texts: IncidentText[] }
  | { type: 'found'; id: number; mask: Uint8Array | null }
  | { type: 'text-failed'; id: number; message: string };

/** What the dataset worker asks a table worker (see import/table/blocks.ts). */
export type TableWorkerRequest =
  | {
      type: 'begin';
      head: TableHead;
      guess: LayoutGuess;
      /** `longText`: whether records keep the summary and sources (not when they are read back from the file). */
      options: { name: string; attribution?: string; longText?: boolean };
      /** About how much of the text this worker will read (0: not known); see BlockReader. */
      expectedChars: number;
      /** The country outlines rows are checked against (see TableReader). */
      outlines?: OutlineSource;
    }
  | { type: 'block'; block: TableBytes }
  | { type: 'end' };

/** What the points worker is asked: the positions and spatial index of these points (copies: they are the dataset's too). */
export interface PointsWorkerRequest {
  lon: Float64Array;
  lat: Float64Array;
}
export interface PointsWorkerReply {
  positions: PackedPositions;
}

/** What a table worker answers: its part of the table, or why the table must be read on one worker. */
export type TableWorkerReply =
  /** A block has been read: the worker is ready for another (see BlockDealer). */
  { type: 'read' } | { type: 'result'; result: BlockResult } | { type: 'fallback'; reason: string };
