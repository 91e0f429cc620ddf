/** Creates an element with text content (never HTML) and attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') element.className = value;
    else element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/** Only http(s) URLs become links; anything else (javascript:, data:, relative) is not. */
export function safeHttpUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A count as the page shows it: 1,000,000. */
export { formatCount } from '../data/text/quote';

/**
 * How much of a text from data the page lays out in one place. A title or a
 * name of megabytes (with no space to break at) held the page for seconds;
 * the dataset keeps it whole (export writes it all).
 */
export const SHOWN_CHARS = { title: 300, name: 200, summary: 20_000 } as const;
/** How many of an incident's actors, sources or related incidents are listed. */
export const SHOWN_ITEMS = 50;

/** `text` cut to `max` characters with an ellipsis, or as it is. */
export { cut as clip } from '../data/text/quote';

/**
 * Resolves in a new task, so long work can be cut in two and the page can draw
 * and take input in between (a MessageChannel is not slowed in a background
 * tab as setTimeout is).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
