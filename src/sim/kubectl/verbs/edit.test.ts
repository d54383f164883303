import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { EDIT_HEADER, openForEdit, saveEditedObject, type EditTarget, type EditorIO } from './edit';

function withPod() {
  const c = new Cluster({});
  c.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n');
  const opened = openForEdit(c, '/Pod', 'default', 'web');
  if ('kind' in opened) throw new Error(opened.message);
  return { c, ...opened };
}

describe('kubectl edit', () => {
  it('asks the host to open each object, or says an editor is needed', () => {
    const { c } = withPod();
    const targets: EditTarget[] = [];
    const io: EditorIO = { openEditor: (t) => targets.push(t) };
    expect(c.kubectl('kubectl edit pod web', io)).toMatchObject({ output: '', exitCode: 0 });
    expect(targets).toEqual([expect.objectContaining({ kindKey: '/Pod', namespace: 'default', name: 'web', ref: 'pod/web' })]);
    expect(c.kubectl('kubectl edit pod/nope', io)).toMatchObject({ stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(c.kubectl('kubectl edit pod web').stderr).toContain('kubectl edit needs an interactive editor');
    expect(c.kubectl('kubectl edit').stderr).toContain('You must provide one or more resources by argument or filename.');
  });

  it('opens the live object with the header and without managed fields', () => {
    const { text, target } = withPod();
    expect(text.startsWith(EDIT_HEADER)).toBe(true);
    expect(text).toContain('\nkind: Pod\n');
    expect(text).not.toContain('managedFields');
    expect(target.resourceVersion).toMatch(/^\d+$/);
  });

  it('saves a change; an unchanged object is not written', () => {
    const { c, text, target } = withPod();
    expect(saveEditedObject(c, target, text, text)).toMatchObject({ ok: true, message: 'Edit cancelled, no changes made.' });
    const edited = text.replace('    app: web\n', '    app: web\n    tier: front\n');
    expect(saveEditedObject(c, target, edited, text)).toMatchObject({ ok: true, message: 'pod/web edited' });
    expect(c.get('/Pod', 'default', 'web')!.metadata.labels).toEqual({ app: 'web', tier: 'front' });
  });

  it('refuses to overwrite a change made since the object was opened', () => {
    const { c, text, target } = withPod();
    c.kubectl('kubectl label pod web color=blue');
    const edited = text.replace('    app: web\n', '    app: mine\n');
    const r = saveEditedObject(c, target, edited, text);
    expect(r).toMatchObject({ ok: false, conflict: true });
    expect(r.message).toBe(
      'error: pods "web" could not be patched: Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(c.get('/Pod', 'default', 'web')!.metadata.labels).toEqual({ app: 'web', color: 'blue' });
    // Without the original text, the resourceVersion decides.
    expect(saveEditedObject(c, target, edited)).toMatchObject({ ok: false, conflict: true });
  });

  it('lets status written by the cluster pass, and reports invalid edits and renames', () => {
    const { c, text, target } = withPod();
    c.advance(60_000); // the kubelet writes status meanwhile
    const edited = text.replace('    app: web\n', '    app: web\n    tier: front\n');
    expect(saveEditedObject(c, target, edited, text)).toMatchObject({ ok: true, message: 'pod/web edited' });
    const { text: t2, target: tg2 } = openForEdit(c, '/Pod', 'default', 'web') as { text: string; target: EditTarget };
    const bad = saveEditedObject(c, tg2, t2.replace('image: nginx:1.27', 'image: ""'), t2);
    expect(bad).toMatchObject({ ok: false, field: 'spec.containers[0].image' });
    expect(saveEditedObject(c, tg2, t2.replace('name: web\n  namespace', 'name: other\n  namespace'), t2).message).toBe(
      'error: At least one of apiVersion, kind and name was changed',
    );
  });
});
