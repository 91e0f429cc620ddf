import { afterEach, describe, expect, test, vi } from 'vitest';
import { type EmbedTarget, startEmbedBridge } from '../../../src/app/embed-bridge';
import type { ExplorerState } from '../../../src/app/public-api';

/** A page in an iframe: its own window (an EventTarget with a location) and its parent, which records what it is sent. */
function frame(parentOrigin: string | null) {
  const sent: { message: unknown; targetOrigin: string }[] = [];
  const parent = { postMessage: (message: unknown, targetOrigin: string) => sent.push({ message, targetOrigin }) };
  const self = Object.assign(new EventTarget(), {
    parent,
    location: { ancestorOrigins: parentOrigin ? [parentOrigin] : [] },
    document: { referrer: '' },
  });
  // Node's MessageEvent takes only a MessagePort as its source: an event with the same fields stands in.
  const post = (data: unknown, origin = parentOrigin ?? 'null', source: unknown = parent) =>
    self.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }));
  return { self: self as unknown as Window, sent, post };
}

/** A stand-in for window.explorer: ready when told, and records the calls. */
function explorer() {
  const calls: unknown[][] = [];
  const listeners = new Set<(state: ExplorerState) => void>();
  let resolve = () => {};
  const state = { date: '2024-12-24', incident: null } as unknown as ExplorerState;
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      calls.push([name, ...args]);
  const target: EmbedTarget = {
    ready: new Promise<void>((r) => (resolve = r)),
    getState: () => state,
    on: (_event, callback) => {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    select: record('select'),
    setDate: (date) => {
      if (!/^\d{4}-\d\d-\d\d$/.test(date)) throw new RangeError(`setDate: "${date}" is not a day written YYYY-MM-DD`);
      calls.push(['setDate', date]);
    },
    next: record('next'),
    prev: record('prev'),
    play: record('play'),
    pause: record('pause'),
    setFilter: record('setFilter'),
  };
  return {
    target,
    calls,
    ready: () => resolve(),
    change: () => {
      for (const listener of listeners) listener(state);
    },
    listeners,
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.restoreAllMocks());

describe('the embed bridge', () => {
  test('commands sent before ready run once it is, in order; ready then change events go to the parent', async () => {
    const { self, sent, post } = frame('https://host.example');
    const app = explorer();
    startEmbedBridge(app.target, { window: self, allowed: null });
    post({ type: 'atlas:setDate', date: '2024-12-20' });
    post({ type: 'atlas:next' });
    await settle();
    expect(app.calls).toEqual([]);
    expect(sent).toEqual([]);
    app.ready();
    await settle();
    expect(app.calls).toEqual([['setDate', '2024-12-20'], ['next']]);
    expect(sent).toEqual([
      { message: { type: 'atlas:ready', version: 1, state: app.target.getState() }, targetOrigin: '*' },
    ]);
    app.change();
    expect(sent[1]).toEqual({
      message: { type: 'atlas:change', version: 1, state: app.target.getState() },
      targetOrigin: '*',
    });
  });

  test('malformed messages and refused commands warn and run nothing; foreign ones are ignored silently', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { self, post } = frame('https://host.example');
    const app = explorer();
    startEmbedBridge(app.target, { window: self, allowed: null });
    app.ready();
    post({ type: 'resize', height: 10 });
    post('hello');
    await settle();
    expect(warn).not.toHaveBeenCalled();
    post({ type: 'atlas:setDate', date: 5 });
    post({ type: 'atlas:fly' });
    post({ type: 'atlas:setDate', date: 'yesterday' });
    post({ type: 'atlas:goToStep', step: 2 });
    await settle();
    expect(app.calls).toEqual([]);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      expect.stringMatching(/atlas:setDate: date is a day written YYYY-MM-DD, not number 5/),
      expect.stringMatching(/atlas:fly is not a command/),
      expect.stringMatching(/atlas:setDate ignored: setDate: "yesterday" is not a day/),
      expect.stringMatching(/atlas:goToStep ignored: no story/),
    ]);
  });

  test('only the parent may command it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { self, post } = frame('https://host.example');
    const app = explorer();
    startEmbedBridge(app.target, { window: self, allowed: null });
    app.ready();
    post({ type: 'atlas:next' }, 'https://host.example', { postMessage() {} });
    await settle();
    expect(app.calls).toEqual([]);
    expect(warn.mock.calls[0][0]).toMatch(/atlas:next ignored: only the embedding page may command/);
  });

  test('with embed-origin: an allowed parent commands it and gets events for its origin only', async () => {
    const { self, sent, post } = frame('https://host.example');
    const app = explorer();
    startEmbedBridge(app.target, { window: self, allowed: ['https://other.example', 'https://host.example'] });
    app.ready();
    post({ type: 'atlas:play' });
    await settle();
    expect(app.calls).toEqual([['play']]);
    expect(sent.map((s) => s.targetOrigin)).toEqual(['https://host.example']);
  });

  test('with embed-origin: a parent not allowed is neither obeyed nor told anything', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { self, sent, post } = frame('https://evil.example');
    const app = explorer();
    startEmbedBridge(app.target, { window: self, allowed: ['https://host.example'] });
    app.ready();
    post({ type: 'atlas:select', id: 'x' });
    await settle();
    app.change();
    expect(app.calls).toEqual([]);
    expect(sent).toEqual([]);
    expect(app.listeners.size).toBe(1);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      expect.stringMatching(/embedding page is not one embed-origin allows \(https:\/\/host.example\)/),
      expect.stringMatching(/atlas:select from https:\/\/evil.example ignored: embed-origin allows https:\/\/host/),
    ]);
  });

  test('stopped, it listens no more', async () => {
    const { self, post } = frame('https://host.example');
    const app = explorer();
    const stop = startEmbedBridge(app.target, { window: self, allowed: null });
    app.ready();
    await settle();
    stop();
    post({ type: 'atlas:next' });
    await settle();
    expect(app.calls).toEqual([]);
    expect(app.listeners.size).toBe(0);
  });
});
