// Shared by the bundle tests: temporary folders and reading a packed file straight from disk.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';

/** A fresh folder under the system's temp folder, and a function that removes it. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `atlas-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A packed Parquet file's rows (only `columns`) and its row groups' sizes, read from disk without the reader. */
export async function readParquetFile(
  path: string,
  columns: string[],
): Promise<{ rows: Record<string, unknown>[]; groupRows: number[] }> {
  const bytes = readFileSync(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(buffer);
  const rows = await parquetReadObjects({ file: buffer, metadata, columns });
  return { rows, groupRows: metadata.row_groups.map((g) => Number(g.num_rows)) };
}
