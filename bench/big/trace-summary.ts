// Where a traced load's time went (BENCH_BIG_TRACE=1 npm run bench:big): for
// each thread of the browser that ran JavaScript (the page, the dataset worker,
// the table workers...), its sampled time, and the functions it spent most in,
// by their own time and including what they called.
//   npx tsx bench/big/trace-summary.ts test-results/bench-big/FILE.trace.json [top]
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}
interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number };
}

const [path, topArg] = process.argv.slice(2);
if (!path) throw new Error('usage: tsx bench/big/trace-summary.ts TRACE.json [top]');
const top = Number(topArg ?? 15);
const trace = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
const events = Array.isArray(trace) ? trace : trace.traceEvents;

const threadNames = new Map<string, string>();
for (const event of events) {
  if (event.ph === 'M' && event.name === 'thread_name')
    threadNames.set(`${event.pid}:${event.tid}`, event.args?.name ?? '');
}

/** Each profile (one per thread that ran JavaScript), its nodes and samples gathered from its chunks. */
const profiles = new Map<string, { thread: string; nodes: Map<number, ProfileNode>; self: Map<number, number> }>();
for (const event of events) {
  if (event.name !== 'ProfileChunk') continue;
  const key = `${event.pid}:${event.id}`;
  let profile = profiles.get(key);
  if (!profile) {
    profile = {
      thread: `${threadNames.get(`${event.pid}:${event.tid}`) ?? '?'} ${event.pid}:${event.tid}`,
      nodes: new Map(),
      self: new Map(),
    };
    profiles.set(key, profile);
  }
  const data = event.args?.data;
  for (const node of data?.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
  const samples = data?.cpuProfile?.samples ?? [];
  const deltas = data?.timeDeltas ?? [];
  // A sample's time is the gap to the next one: near enough, summed over thousands.
  for (let k = 0; k < samples.length; k++) {
    const next = deltas[k + 1] ?? 0;
    profile.self.set(samples[k], (profile.self.get(samples[k]) ?? 0) + Math.max(0, next));
  }
}

const nameOf = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${(url ?? '').split('/').pop()}:${(lineNumber ?? -1) + 1}`;
};
const IDLE = new Set(['(idle)', '(program)', '(root)']);
const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);

for (const profile of [...profiles.values()].sort((a, b) => a.thread.localeCompare(b.thread))) {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of profile.self) {
    const node = profile.nodes.get(id);
    if (!node || IDLE.has(node.callFrame.functionName)) continue;
    busy += us;
    self.set(nameOf(node), (self.get(nameOf(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (
      let at: ProfileNode | undefined = node;
      at;
      at = at.parent === undefined ? undefined : profile.nodes.get(at.parent)
    ) {
      const name = nameOf(at);
      if (seen.has(name) || IDLE.has(at.callFrame.functionName)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  if (busy < 50_000) continue;
  // The profiler's samples come from its own thread: the thread is known by the script it ran most.
  const scripts = new Map<string, number>();
  for (const [id, us] of profile.self) {
    const url = profile.nodes.get(id)?.callFrame.url;
    if (url) scripts.set(url, (scripts.get(url) ?? 0) + us);
  }
  const script = [...scripts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const bundle = (script.split('/').pop() ?? '').replace(/-[\w-]{8}\.js$/, '');
  const label = bundle === 'index' ? 'the page' : bundle || profile.thread;
  console.log(`\n${label} (${profile.thread}): ${ms(busy)} ms running`);
  console.log('  own time:');
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(us)}  ${name}`);
  console.log('  with what it called:');
  for (const [name, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${ms(us)}  ${name}`);
}
