import { describe, expect, it } from 'vitest';
import { CommandHistory, HISTORY_KEY, type KeyValueStorage } from './history';

function fakeStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('CommandHistory', () => {
  it('keeps commands across instances (page reloads), skipping blanks, space-prefixed lines and repeats', () => {
    const storage = fakeStorage();
    const h = new CommandHistory(storage);
    for (const l of ['kubectl get pods', 'kubectl get pods', '', '   ', ' secret', 'kubectl get nodes']) h.add(l);
    expect(h.entries).toEqual(['kubectl get pods', 'kubectl get nodes']);
    expect(new CommandHistory(storage).entries).toEqual(['kubectl get pods', 'kubectl get nodes']);
  });

  it('is bounded and survives broken or missing storage', () => {
    const storage = fakeStorage();
    const h = new CommandHistory(storage, HISTORY_KEY, 3);
    for (let i = 0; i < 5; i++) h.add(`cmd ${i}`);
    expect(h.entries).toEqual(['cmd 2', 'cmd 3', 'cmd 4']);
    expect(new CommandHistory(fakeStorage({ [HISTORY_KEY]: '{not json' })).entries).toEqual([]);
    expect(new CommandHistory(fakeStorage({ [HISTORY_KEY]: '[1, "ok", null]' })).entries).toEqual(['ok']);
    const full: KeyValueStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    const h2 = new CommandHistory(full);
    h2.add('still kept');
    expect(h2.entries).toEqual(['still kept']);
    const none = new CommandHistory(undefined);
    none.add('in memory');
    expect(none.entries).toEqual(['in memory']);
  });
});
