// The selected object (a pod or node clicked on the graph) with an "Edit YAML" button that opens
// the live object in the editor. Names are rendered as text, never as HTML.

import { useState } from 'react';
import { useBridge } from '../bridge';
import { useUiStore } from '../store';
import { openLiveObject, useEditorResults } from './actions';
import { useBuffers } from './buffers';
import './editor.css';

export function SelectionBar() {
  const bridge = useBridge();
  const uid = useUiStore((s) => s.selection.uid);
  const entry = useUiStore((s) => (s.selection.uid ? s.index.get(s.selection.uid) : undefined));
  const openError = useEditorResults((s) => s.openError);
  const [opening, setOpening] = useState(false);
  if (!uid || !entry) return null;
  const o = entry.object;
  const kind = String(o.kind ?? entry.kindKey.split('/')[1]);
  const ns = o.metadata.namespace;
  const name = o.metadata.name ?? '';
  const edit = async () => {
    setOpening(true);
    await openLiveObject(bridge, { kindKey: entry.kindKey, namespace: ns, name });
    setOpening(false);
  };
  return (
    <div className="selection-bar" data-testid="selection-bar" role="region" aria-label="Selected object">
      <span className="selection-bar__kind">{kind}</span>
      <span className="selection-bar__name" title={ns ? `${ns}/${name}` : name}>
        {ns ? `${ns}/` : ''}
        {name}
      </span>
      <button type="button" className="btn btn--primary" data-testid="selection-edit" disabled={opening} onClick={() => void edit()}>
        Edit YAML
      </button>
      <button type="button" className="btn" aria-label="Clear the selection" title="Clear the selection" onClick={() => useUiStore.getState().select(null)}>
        ×
      </button>
      {openError && <span className="selection-bar__error">{openError}</span>}
    </div>
  );
}

/** Shows the editor panel when it is hidden. */
export function EditorToggle() {
  const open = useBuffers((s) => s.open);
  if (open) return null;
  return (
    <button type="button" className="btn btn--primary editor-toggle" data-testid="editor-open" onClick={() => useBuffers.getState().setOpen(true)}>
      ✎ Editor
    </button>
  );
}
