import type { IncidentFilter } from '../analysis/filters';
import { MAX_LINK_SEARCH, MAX_LINK_VALUES } from '../url/hash';

/**
 * The embed message API (docs/embed.md), the pure part: what a host page's
 * message asks for, checked field by field, and which origins may ask. No DOM
 * here, so every rule is tested in Node; `embed-bridge.ts` listens and posts.
 */

/** The version of the message API; every event carries it, a command may name it. */
export const EMBED_API_VERSION = 1;

/** Every message of ours has a `type` that starts so; anything else is another script's and is ignored silently. */
export const MESSAGE_PREFIX = 'atlas:';

/** The longest incident id or day a command may give: far beyond any real one, short of a flood. */
const MAX_ID = 1000;
const MAX_DAY = 40;
/** The highest story step a command may name. */
const MAX_STEP = 10_000;

/** A command from the host page, its fields checked. */
export type EmbedCommand =
  | { name: 'select'; id: string | null }
  | { name: 'setDate'; date: string }
  | { name: 'next' }
  | { name: 'prev' }
  | { name: 'play' }
  | { name: 'pause' }
  | { name: 'setFilter'; filter: Partial<IncidentFilter> }
  | { name: 'goToStep'; step: number };

/**
 * What a message is: a command to run; another script's message (`foreign`,
 * ignored without a word); or one of ours that cannot be run (`problem` says why,
 * for the console).
 */
export type ReadMessage =
  | { kind: 'command'; command: EmbedCommand }
  | { kind: 'foreign' }
  | { kind: 'invalid'; problem: string };

const invalid = (problem: string): ReadMessage => ({ kind: 'invalid', problem });

/** Whether a message claims to be ours: an object whose type, or a string that, starts with `atlas:`. */
export function isOurs(data: unknown): boolean {
  if (typeof data === 'string') return data.startsWith(MESSAGE_PREFIX);
  if (typeof data !== 'object' || data === null) return false;
  const type = (data as { type?: unknown }).type;
  return typeof type === 'string' && type.startsWith(MESSAGE_PREFIX);
}

/** Reads a message posted to the embedded app into a command, or says what is wrong with it. */
export function readMessage(data: unknown): ReadMessage {
  if (!isOurs(data)) return { kind: 'foreign' };
  if (typeof data === 'string') {
    return invalid(`"${short(data)}" is a string; a message is an object such as { type: '${short(data)}' }`);
  }
  if (Array.isArray(data)) return invalid('a message is a plain object, not an array');
  const message = data as Record<string, unknown>;
  const type = message.type as string;
  if (message.version !== undefined && message.version !== EMBED_API_VERSION) {
    return invalid(
      `${type}: version ${short(String(message.version))} is not spoken here (version ${EMBED_API_VERSION})`,
    );
  }
  const name = type.slice(MESSAGE_PREFIX.length);
  switch (name) {
    case 'next':
    case 'prev':
    case 'play':
    case 'pause':
      return { kind: 'command', command: { name } };
    case 'select': {
      const { id } = message;
      if (id === null) return { kind: 'command', command: { name, id: null } };
      if (typeof id !== 'string' || id === '' || id.length > MAX_ID) {
        return invalid(`${type}: id is an incident id (a string) or null, not ${describe(id)}`);
      }
      return { kind: 'command', command: { name, id } };
    }
    case 'setDate': {
      const { date } = message;
      if (typeof date !== 'string' || date.length > MAX_DAY) {
        return invalid(`${type}: date is a day written YYYY-MM-DD, not ${describe(date)}`);
      }
      return { kind: 'command', command: { name, date } };
    }
    case 'goToStep': {
      const { step } = message;
      if (typeof step !== 'number' || !Number.isInteger(step) || step < 1 || step > MAX_STEP) {
        return invalid(`${type}: step is a whole number from 1, not ${describe(step)}`);
      }
      return { kind: 'command', command: { name, step } };
    }
    case 'setFilter': {
      const filter = readFilter(message.filter);
      if (typeof filter === 'string') return invalid(`${type}: ${filter}`);
      return { kind: 'command', command: { name, filter } };
    }
    default:
      return invalid(
        `${short(type)} is not a command; the commands are ${COMMANDS.map((c) => MESSAGE_PREFIX + c).join(', ')}`,
      );
  }
}

const COMMANDS = ['select', 'setDate', 'next', 'prev', 'play', 'pause', 'setFilter', 'goToStep'];
const LISTS = ['categories', 'countries', 'actors'] as const;
const FILTER_KEYS = new Set<string>([...LISTS, 'q', 'from', 'to', 'contested']);

/** A filter as `setFilter` takes it, within a link's bounds; or what is wrong with it. */
function readFilter(value: unknown): Partial<IncidentFilter> | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `filter is an object such as { categories: ['attack'] }, not ${describe(value)}`;
  }
  const given = value as Record<string, unknown>;
  const filter: Partial<IncidentFilter> = {};
  for (const key of Object.keys(given)) {
    if (!FILTER_KEYS.has(key)) return `filter has no "${short(key)}"; it takes ${[...FILTER_KEYS].join(', ')}`;
  }
  for (const key of LISTS) {
    const list = given[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
      return `filter.${key} is a list of names (strings), not ${describe(list)}`;
    }
    if (list.length > MAX_LINK_VALUES) {
      return `filter.${key} has ${list.length} names; a filter takes at most ${MAX_LINK_VALUES}, as a link does`;
    }
    if (list.some((v) => v.length > MAX_LINK_SEARCH)) {
      return `filter.${key} has a name longer than ${MAX_LINK_SEARCH} characters`;
    }
    filter[key] = [...list];
  }
  if (given.q !== undefined) {
    if (typeof given.q !== 'string') return `filter.q is search text (a string), not ${describe(given.q)}`;
    if (given.q.length > MAX_LINK_SEARCH) {
      return `filter.q has ${given.q.length} characters; a search takes at most ${MAX_LINK_SEARCH}, as a link does`;
    }
    filter.q = given.q;
  }
  for (const key of ['from', 'to'] as const) {
    const day = given[key];
    if (day === undefined) continue;
    if (day !== null && (typeof day !== 'string' || day.length > MAX_DAY)) {
      return `filter.${key} is a day written YYYY-MM-DD or null, not ${describe(day)}`;
    }
    filter[key] = day;
  }
  if (given.contested !== undefined) {
    if (typeof given.contested !== 'boolean') {
      return `filter.contested is true or false, not ${describe(given.contested)}`;
    }
    filter.contested = given.contested;
  }
  return filter;
}

/**
 * The origins `?embed-origin=` allows to command the app: one origin or several
 * separated by commas (`https://news.example,https://www.news.example`). Null when
 * the key is absent (any parent may). An entry that is not an origin is left out
 * and named in `problems`; should none be left, no parent may command it.
 */
export function readEmbedOrigins(value: string | null): { origins: string[] | null; problems: string[] } {
  if (value === null) return { origins: null, problems: [] };
  const origins: string[] = [];
  const problems: string[] = [];
  for (const part of value.split(',')) {
    const entry = part.trim();
    if (entry === '') continue;
    const origin = originOf(entry);
    if (origin) {
      if (!origins.includes(origin)) origins.push(origin);
    } else {
      problems.push(
        `embed-origin: "${short(entry)}" is not an origin (scheme, host and port, such as https://news.example)`,
      );
    }
  }
  if (origins.length === 0) problems.push('embed-origin names no origin: no page may command this one');
  return { origins, problems };
}

/** `entry` as an origin, if it is one (http or https, nothing after the host but a `/`). */
function originOf(entry: string): string | null {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return entry.replace(/\/$/, '').toLowerCase() === url.origin ? url.origin : null;
}

/**
 * Where events go: `*` when any parent may command the app (the state it tells
 * is the public view of public data); the parent's origin when `allowed` lists
 * it; null (nowhere) when the parent is not allowed, or is unknown and several
 * are. With one allowed origin and the parent unknown, that one: the browser
 * delivers to no other.
 */
export function eventTarget(allowed: readonly string[] | null, parentOrigin: string | null): string | null {
  if (allowed === null) return '*';
  if (parentOrigin !== null) return allowed.includes(parentOrigin) ? parentOrigin : null;
  return allowed.length === 1 ? allowed[0] : null;
}

/** A sender's text cut for a console warning: a message may be any size. */
export const short = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** A value as a warning names it: its type, and a short sight of it. */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return `"${short(value)}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${short(String(value))}`;
}
