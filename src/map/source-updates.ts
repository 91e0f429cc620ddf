/**
 * What a GeoJSON source was last given (its features' keys, one a line) and
 * which of its features have their `on` state (selected, lit).
 */
export interface Sent {
  keys: string;
  on: readonly string[];
}

/** What to send a source for new features and `on` keys (see sourceUpdate). */
export interface SourceUpdate {
  /** Whether the features must be sent (setData): only when their keys differ from those sent. */
  setData: boolean;
  /** Keys whose `on` state goes, and keys whose `on` state comes. */
  off: string[];
  on: string[];
  sent: Sent;
}

/**
 * New data for a GeoJSON source re-tiles it, and the map draws two or three
 * frames for it; a change of feature state is drawn in the next frame. So the
 * features are sent only when their keys change, and which are `on` (only keys
 * among them count) goes as feature state.
 */
export function sourceUpdate(sent: Sent | undefined, keys: readonly string[], on: readonly string[]): SourceUpdate {
  const joined = keys.join('\n');
  const present = new Set(keys);
  const now = [...new Set(on.filter((key) => present.has(key)))];
  const before = sent?.on ?? [];
  return {
    // A source starts empty: none sent is no keys.
    setData: (sent?.keys ?? '') !== joined,
    off: before.filter((key) => !now.includes(key)),
    on: now.filter((key) => !before.includes(key)),
    sent: { keys: joined, on: now },
  };
}
