import { describe, expect, it } from 'vitest';
import type { KeyValueStorage } from '../terminal/history';
import { addTab, BUFFERS_KEY, closeTab, initialBuffers, loadBuffers, openEditTab, renameTab, saveBuffers, setText, uniqueName } from './buffers';

function fakeStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const target = { kindKey: 'apps/Deployment', namespace: 'default', name: 'web', ref: 'deployment.apps/web', resourceVersion: '7' };

describe('editor buffers', () => {
  it('starts with the Deployment sample in web.yaml', () => {
    const s = initialBuffers();
    expect(s.tabs).toHaveLength(1);
    expect(s.tabs[0]).toMatchObject({ name: 'web.yaml', kind: 'file' });
    expect(s.tabs[0].text).toContain('kind: Deployment');
  });

  it('round-trips through storage: tabs, text, the active tab, edit targets', () => {
    const storage = fakeStorage();
    let s = initialBuffers();
    s = addTab(s, { name: 'bad.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: [oops', kind: 'file' });
    s = openEditTab(s, target, '# live\nkind: Deployment\n');
    s = setText(s, s.activeId, '# live\nkind: Deployment\n# my change\n');
    s = { ...s, width: 640 };
    expect(saveBuffers(storage, s)).toBe(true);
    const back = loadBuffers(storage);
    expect(back.width).toBe(640);
    expect(back.tabs).toEqual(s.tabs);
    expect(back.activeId).toBe(s.activeId);
    expect(back.tabs[2]).toMatchObject({ kind: 'edit', name: 'deployment-web.yaml', target, original: '# live\nkind: Deployment\n' });
    // New ids never collide with restored ones.
    expect(addTab(back, { name: 'x.yaml', text: '', kind: 'file' }).activeId).toBe(`t${back.seq + 1}`);
  });

  it('falls back to the starter tab when storage is empty, broken or foreign', () => {
    const storage = fakeStorage();
    expect(loadBuffers(storage).tabs[0].name).toBe('web.yaml');
    storage.setItem(BUFFERS_KEY, '{"tabs": [');
    expect(loadBuffers(storage).tabs[0].name).toBe('web.yaml');
    storage.setItem(BUFFERS_KEY, JSON.stringify({ open: false, tabs: [{ id: 3, name: 'x' }, { id: 't4', name: 'ok.yaml', text: 'a: 1' }] }));
    const s = loadBuffers(storage);
    expect(s.open).toBe(false);
    expect(s.tabs).toEqual([{ id: 't4', name: 'ok.yaml', text: 'a: 1', kind: 'file' }]);
    expect(s.activeId).toBe('t4');
    expect(loadBuffers(undefined).tabs).toHaveLength(1);
    const full: KeyValueStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(saveBuffers(full, s)).toBe(false);
  });

  it('keeps tab names unique, reuses an object\'s edit tab, and never closes the last tab', () => {
    let s = initialBuffers();
    s = addTab(s, { name: 'web.yaml', text: '', kind: 'file' });
    expect(s.tabs.map((t) => t.name)).toEqual(['web.yaml', 'web-2.yaml']);
    s = renameTab(s, s.activeId, ' web.yaml ');
    expect(s.tabs[1].name).toBe('web-2.yaml');
    s = renameTab(s, s.activeId, 'my app.yaml');
    expect(s.tabs[1].name).toBe('my-app.yaml');
    expect(uniqueName(s.tabs, 'my-app.yaml')).toBe('my-app-2.yaml');
    s = openEditTab(s, target, 'v1');
    const editId = s.activeId;
    s = { ...s, activeId: 't1' };
    s = openEditTab(s, { ...target, resourceVersion: '9' }, 'v2');
    expect(s.activeId).toBe(editId);
    expect(s.tabs.filter((t) => t.kind === 'edit')).toHaveLength(1);
    expect(s.tabs.find((t) => t.id === editId)).toMatchObject({ text: 'v2', original: 'v2', target: { resourceVersion: '9' } });
    for (const t of [...s.tabs]) s = closeTab(s, t.id);
    expect(s.tabs).toHaveLength(1);
    expect(s.tabs[0]).toMatchObject({ name: 'untitled.yaml', text: '' });
  });
});
