// The floor's worker: reads a File and does nothing else with it.
// 'papa': papaparse's own streaming of a File (FileReader, 10 MB chunks), rows as lists of cells, counted.
// 'read': the File's stream through a TextDecoder, counting line breaks and `"Feature"` (GeoJSON).
import Papa from 'papaparse';

export interface FloorRequest {
  file: File;
  mode: 'papa' | 'read';
}
export interface FloorResult {
  mode: FloorRequest['mode'];
  rows: number;
  lines: number;
  features: number;
  characters: number;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<FloorRequest>) => void) | null;
  postMessage(message: unknown): void;
};

function papa(file: File): Promise<FloorResult> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    Papa.parse<string[]>(file, {
      worker: false,
      chunk: (results) => {
        rows += results.data.length;
      },
      complete: () => resolve({ mode: 'papa', rows, lines: 0, features: 0, characters: 0 }),
      error: (error) => reject(error),
    });
  });
}

async function read(file: File): Promise<FloorResult> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  let lines = 0;
  let features = 0;
  let characters = 0;
  // The end of the last piece, so a `"Feature"` cut in two is still found.
  let carry = '';
  for (;;) {
    const { done, value } = await reader.read();
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    characters += text.length;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
    const joined = carry + text;
    for (let at = joined.indexOf('"Feature"'); at >= 0; at = joined.indexOf('"Feature"', at + 1)) features++;
    carry = joined.slice(-8);
    if (done) break;
  }
  return { mode: 'read', rows: 0, lines, features, characters };
}

scope.onmessage = (event) => {
  const { file, mode } = event.data;
  (mode === 'papa' ? papa(file) : read(file)).then(
    (result) => scope.postMessage(result),
    (error: unknown) => scope.postMessage({ error: String((error as Error)?.message ?? error) }),
  );
};
