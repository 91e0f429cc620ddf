/// <reference lib="webworker" />
// One of the two workers a large table is read on: it parses, checks and packs
// the blocks the dataset worker gives it, and hands back its part (see
// blocks.ts), or why the table must be read on one worker instead. It is
// stopped once its part is handed back: its heap, grown while reading, goes
// with it before the parts are merged.

import { BlockReader } from '../import/table/blocks';
import { partTransferables } from '../pack/transfer';
import type { TableWorkerReply, TableWorkerRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let reader: BlockReader | null = null;
/** Blocks come as UTF-8 bytes, each of whole records (see ByteCutter); a block's first character is its own. */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
let stopped = false;

const fallBack = (reason: string) => {
  stopped = true;
  const reply: TableWorkerReply = { type: 'fallback', reason };
  self.postMessage(reply);
};

self.onmessage = (event: MessageEvent<TableWorkerRequest>) => {
  const request = event.data;
  if (stopped) return;
  try {
    if (request.type === 'begin')
      reader = new BlockReader(request.head, request.guess, request.options, request.expectedChars, request.outlines);
    else if (!reader) fallBack('no table was begun');
    else if (request.type === 'block') {
      const { bytes, ...block } = request.block;
      const reason = reader.read({ ...block, text: decoder.decode(bytes) });
      if (reason) fallBack(reason);
      else self.postMessage({ type: 'read' } satisfies TableWorkerReply);
    } else {
      const result = reader.finish();
      reader = null;
      const reply: TableWorkerReply = { type: 'result', result };
      self.postMessage(reply, [...partTransferables(result.part), result.idSlots.buffer]);
    }
  } catch (error) {
    fallBack((error as Error).message || String(error));
  }
};
