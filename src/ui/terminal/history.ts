// The terminal's command history, kept in the browser's storage so it survives reloads: like a
// shell's, it skips blank lines, lines starting with a space and repeats of the previous line.

export const HISTORY_KEY = 'kubeplay.terminal.history';
export const HISTORY_MAX = 500;

/** The part of Web Storage the history uses (tests pass a Map-backed fake). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function browserStorage(): KeyValueStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage disabled (privacy mode): history lives in memory only
  }
}

export class CommandHistory {
  private items: string[];

  constructor(
    private readonly storage: KeyValueStorage | undefined = browserStorage(),
    private readonly key = HISTORY_KEY,
    private readonly max = HISTORY_MAX,
  ) {
    this.items = load(storage, key).slice(-max);
  }

  get entries(): readonly string[] {
    return this.items;
  }

  add(line: string): void {
    if (line.trim() === '' || line.startsWith(' ')) return;
    if (this.items[this.items.length - 1] === line) return;
    this.items.push(line);
    if (this.items.length > this.max) this.items = this.items.slice(-this.max);
    try {
      this.storage?.setItem(this.key, JSON.stringify(this.items));
    } catch {
      // quota exceeded: keep the in-memory history
    }
  }

  clear(): void {
    this.items = [];
    try {
      this.storage?.setItem(this.key, '[]');
    } catch {
      // ignore
    }
  }
}

function load(storage: KeyValueStorage | undefined, key: string): string[] {
  try {
    const raw = storage?.getItem(key);
    const v: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
