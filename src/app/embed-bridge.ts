import type { IncidentFilter } from '../analysis/filters';
import {
  EMBED_API_VERSION,
  type EmbedCommand,
  eventTarget,
  isOurs,
  MESSAGE_PREFIX,
  readEmbedOrigins,
  readMessage,
  short,
} from './embed-protocol';
import type { ExplorerState } from './public-api';

/** What the bridge drives: `window.explorer`'s methods. A story's `goToStep` may be absent. */
export interface EmbedTarget {
  ready: Promise<void>;
  getState(): ExplorerState;
  on(event: 'change', callback: (state: ExplorerState) => void): () => void;
  select(id: string | null): void;
  setDate(date: string): void;
  next(): void;
  prev(): void;
  play(): void;
  pause(): void;
  setFilter(filter: Partial<IncidentFilter>): void;
  goToStep?: (step: number) => void;
}

export interface EmbedBridgeOptions {
  /** This page's window (in an iframe: its `parent` is the host page). */
  window: Window;
  /** The origins `?embed-origin=` allows to command it; null: any. */
  allowed: readonly string[] | null;
}

/**
 * The embedded app's side of the message API (docs/embed.md): commands from
 * the host page (the parent window only, and only from an allowed origin) run
 * on `target` once it is ready, in the order they came; `atlas:ready` and then
 * `atlas:change` on every change go to the parent. Anything of ours that cannot
 * be run is ignored with a console warning; other scripts' messages silently.
 * Returns a function that stops it.
 */
export function startEmbedBridge(target: EmbedTarget, options: EmbedBridgeOptions): () => void {
  const { window: self, allowed } = options;
  const parent = self.parent;
  const to = eventTarget(allowed, parentOrigin(self));
  if (to === null && allowed !== null) {
    console.warn(
      `Incident Atlas embed: the embedding page is not one embed-origin allows (${allowed.join(', ') || 'none'}); no events are sent to it`,
    );
  }
  const post = (type: string, state: ExplorerState) => {
    if (to !== null) parent.postMessage({ type: MESSAGE_PREFIX + type, version: EMBED_API_VERSION, state }, to);
  };

  const onMessage = (event: MessageEvent) => {
    if (!isOurs(event.data)) return;
    const label = short(typeof event.data === 'string' ? event.data : String(event.data.type));
    if (event.source !== parent) {
      console.warn(`Incident Atlas embed: ${label} ignored: only the embedding page may command this one`);
      return;
    }
    if (allowed !== null && !allowed.includes(event.origin)) {
      console.warn(
        `Incident Atlas embed: ${label} from ${event.origin} ignored: embed-origin allows ${allowed.join(', ') || 'none'}`,
      );
      return;
    }
    const read = readMessage(event.data);
    if (read.kind === 'foreign') return;
    if (read.kind === 'invalid') {
      console.warn(`Incident Atlas embed: message ignored: ${read.problem}`);
      return;
    }
    // Commands before the app is ready wait for it; promise callbacks keep their order.
    target.ready.then(
      () => run(target, read.command),
      () => {},
    );
  };
  self.addEventListener('message', onMessage);

  let stopped = false;
  let unsubscribe = () => {};
  target.ready.then(
    () => {
      if (stopped) return;
      post('ready', target.getState());
      unsubscribe = target.on('change', (state) => post('change', state));
    },
    () => {},
  );
  return () => {
    stopped = true;
    self.removeEventListener('message', onMessage);
    unsubscribe();
  };
}

/** Runs a command; one the app refuses (a malformed day, say) is named in a warning and changes nothing. */
function run(target: EmbedTarget, command: EmbedCommand): void {
  try {
    if (command.name === 'select') target.select(command.id);
    else if (command.name === 'setDate') target.setDate(command.date);
    else if (command.name === 'setFilter') target.setFilter(command.filter);
    else if (command.name !== 'goToStep') target[command.name]();
    else if (target.goToStep) target.goToStep(command.step);
    else console.warn(`Incident Atlas embed: ${MESSAGE_PREFIX}goToStep ignored: no story`);
  } catch (error) {
    console.warn(
      `Incident Atlas embed: ${MESSAGE_PREFIX}${command.name} ignored: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The embedding page's origin where the browser tells it: `ancestorOrigins`
 * (Chromium, Safari), else the referrer's origin (which the host's referrer
 * policy may withhold); null when neither does.
 */
function parentOrigin(self: Window): string | null {
  const ancestors = self.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0];
  try {
    return self.document.referrer ? new URL(self.document.referrer).origin : null;
  } catch {
    return null;
  }
}

/**
 * In an iframe, starts the bridge with the origins the page's `?embed-origin=`
 * allows (its problems warned in the console); elsewhere nothing: a page not
 * embedded has no host to talk to.
 */
export function bridgeToHost(target: EmbedTarget, params: URLSearchParams): void {
  if (window.parent === window) return;
  const { origins, problems } = readEmbedOrigins(params.get('embed-origin'));
  for (const problem of problems) console.warn(`Incident Atlas embed: ${problem}`);
  startEmbedBridge(target, { window, allowed: origins });
}
