// The reader's answers to "contact another site?", per host: kept for this tab's
// session when they ask, else for this page only. Nothing is asked or fetched
// here; see ui/consent-dialog.ts for the question.

export type HostChoice = 'allow' | 'deny';

const KEY = 'incident-atlas:hosts';

/** Which other hosts the reader allowed or refused, by host name (`tiles.example.org`). */
export class HostConsent {
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  readonly #page = new Map<string, HostChoice>();
  /** The session's answers as read from storage once (the guard asks for every request the map makes). */
  #stored: Record<string, HostChoice> | null = null;

  /** `storage`: sessionStorage, or null where it cannot be used (the choices then last for the page). */
  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | null) {
    this.#storage = storage;
  }

  /** The choice made for `host`, this page or (remembered) this session; undefined when none was. */
  choice(host: string): HostChoice | undefined {
    return this.#page.get(host) ?? this.#remembered()[host];
  }

  allowed(host: string): boolean {
    return this.choice(host) === 'allow';
  }

  /** The hosts of `hosts` no choice was made for yet. */
  unasked(hosts: Iterable<string>): string[] {
    return [...hosts].filter((host) => this.choice(host) === undefined);
  }

  /** Records a choice for `hosts`, for the session when `remember`. */
  record(hosts: readonly string[], choice: HostChoice, remember: boolean): void {
    for (const host of hosts) this.#page.set(host, choice);
    if (!remember || !this.#storage) return;
    const remembered = this.#remembered();
    for (const host of hosts) remembered[host] = choice;
    this.#stored = remembered;
    try {
      this.#storage.setItem(KEY, JSON.stringify(remembered));
    } catch {
      // Storage full or refused: the choice lasts for this page.
    }
  }

  #remembered(): Record<string, HostChoice> {
    this.#stored ??= this.#read();
    return this.#stored;
  }

  #read(): Record<string, HostChoice> {
    const remembered: Record<string, HostChoice> = Object.create(null);
    let stored: unknown;
    try {
      stored = JSON.parse(this.#storage?.getItem(KEY) ?? '{}');
    } catch {
      return remembered;
    }
    if (typeof stored !== 'object' || stored === null) return remembered;
    for (const [host, choice] of Object.entries(stored)) {
      if (choice === 'allow' || choice === 'deny') remembered[host] = choice;
    }
    return remembered;
  }
}
