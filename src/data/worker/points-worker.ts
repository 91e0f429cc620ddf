/// <reference lib="webworker" />
// Makes a large table's point positions and spatial index (the longest part of
// its point buffers) while the dataset worker packs the rest. A worker of its
// own, started as the table's last block is dealt, rather than a table worker
// kept on: a table worker's heap has grown while reading, and would be alive
// beside the merge.

import { packedPositions } from '../pack/packed-buffers';
import type { PointsWorkerReply, PointsWorkerRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<PointsWorkerRequest>) => {
  const { lon, lat } = event.data;
  const positions = packedPositions(lon, lat);
  const reply: PointsWorkerReply = { positions };
  self.postMessage(reply, [positions.position.buffer, positions.index]);
};
