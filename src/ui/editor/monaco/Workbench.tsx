// The Monaco side of the editor panel (lazily loaded): one text model per tab, the YAML editor
// with schema completion, hover and validation, apply diagnostics as markers, the diff editor
// (live | merged) and a read-only view of a dry run's defaulted objects.

import { useEffect, useRef } from 'react';
import type { KObject } from '../../../sim/api/types';
import type { EditorDiagnostic } from '../../../worker/protocol';
import type { TabView } from '../actions';
import type { EditorTab } from '../buffers';
import { exposeDebug } from '../../debug';
import { watchPageTheme } from '../pageTheme';
import { monaco, useKubernetesSchema } from './setup';

exposeDebug('editorMarkers', () =>
  monaco.editor.getModelMarkers({}).map((m) => ({ owner: m.owner, line: m.startLineNumber, message: m.message, resource: m.resource.toString() })),
);

export interface WorkbenchProps {
  tabs: readonly EditorTab[];
  activeId: string;
  view: TabView;
  diagnostics: readonly EditorDiagnostic[];
  crds: readonly KObject[];
  onChange(tabId: string, text: string): void;
  onApply(): void;
  onDryRun(): void;
  onDiff(): void;
}

const MARKER_OWNER = 'kubeplay';

const COMMON: monaco.editor.IEditorOptions = {
  fontSize: 15,
  lineHeight: 22,
  fontFamily: "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
  minimap: { enabled: false },
  automaticLayout: true,
  scrollBeyondLastLine: false,
  renderLineHighlight: 'line',
  fixedOverflowWidgets: true,
};

function modelUri(tab: EditorTab): monaco.Uri {
  return monaco.Uri.parse(`file:///${tab.id}/${encodeURIComponent(tab.name)}`);
}

export default function Workbench(props: WorkbenchProps) {
  const editRef = useRef<HTMLDivElement>(null);
  const diffRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor>(undefined);
  const diffEditor = useRef<monaco.editor.IStandaloneDiffEditor>(undefined);
  const viewer = useRef<monaco.editor.IStandaloneCodeEditor>(undefined);
  const models = useRef(new Map<string, monaco.editor.ITextModel>());
  const viewStates = useRef(new Map<string, monaco.editor.ICodeEditorViewState | null>());
  const current = useRef<string>('');
  // The latest callbacks, for listeners registered once.
  const latest = useRef(props);
  latest.current = props;

  // Create the editors once.
  useEffect(() => {
    const ed = monaco.editor.create(editRef.current!, {
      ...COMMON,
      model: null,
      theme: 'kubeplay',
      tabSize: 2,
      insertSpaces: true,
      quickSuggestions: { other: true, comments: false, strings: true },
      ariaLabel: 'YAML editor',
    });
    ed.addAction({
      id: 'kubeplay.apply',
      label: 'kubeplay: Apply',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => latest.current.onApply(),
    });
    ed.addAction({
      id: 'kubeplay.dryRun',
      label: 'kubeplay: Dry run (server)',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter],
      run: () => latest.current.onDryRun(),
    });
    ed.addAction({
      id: 'kubeplay.diff',
      label: 'kubeplay: Diff against the live objects',
      keybindings: [monaco.KeyMod.Alt | monaco.KeyCode.KeyD],
      run: () => latest.current.onDiff(),
    });
    const sub = ed.onDidChangeModelContent(() => {
      const m = ed.getModel();
      if (m && current.current) latest.current.onChange(current.current, m.getValue());
    });
    editor.current = ed;
    const modelMap = models.current;
    return () => {
      sub.dispose();
      ed.dispose();
      diffEditor.current?.dispose();
      viewer.current?.dispose();
      diffEditor.current = undefined;
      viewer.current = undefined;
      for (const m of modelMap.values()) m.dispose();
      modelMap.clear();
      current.current = '';
    };
  }, []);

  // Colours and size follow the page's theme and presenter mode.
  useEffect(
    () =>
      watchPageTheme(({ dark, presenter }) => {
        monaco.editor.setTheme(dark ? 'kubeplay-dark' : 'kubeplay');
        const font = presenter ? { fontSize: 19, lineHeight: 28 } : { fontSize: COMMON.fontSize, lineHeight: COMMON.lineHeight };
        editor.current?.updateOptions(font);
        diffEditor.current?.updateOptions(font);
        viewer.current?.updateOptions(font);
      }),
    [],
  );

  // The schema follows the cluster's CRDs.
  useEffect(() => {
    void useKubernetesSchema(props.crds).catch((e: unknown) => console.warn('kubeplay: schema unavailable:', e));
  }, [props.crds]);

  // One model per tab, kept in step with the stored text.
  useEffect(() => {
    const map = models.current;
    for (const tab of props.tabs) {
      const m = map.get(tab.id);
      if (!m || m.isDisposed() || m.uri.toString() !== modelUri(tab).toString()) {
        m?.dispose();
        map.set(tab.id, monaco.editor.createModel(tab.text, 'yaml', modelUri(tab)));
      } else if (m.getValue() !== tab.text) {
        // Changed outside the editor (a reload, `kubectl edit`): replace as one undoable edit.
        m.pushEditOperations([], [{ range: m.getFullModelRange(), text: tab.text }], () => null);
      }
    }
    for (const [id, m] of map) {
      if (!props.tabs.some((t) => t.id === id)) {
        m.dispose();
        map.delete(id);
        viewStates.current.delete(id);
      }
    }
    const ed = editor.current!;
    if (current.current !== props.activeId) {
      if (current.current) viewStates.current.set(current.current, ed.saveViewState());
      current.current = props.activeId;
      const m = map.get(props.activeId) ?? null;
      ed.setModel(m);
      const vs = viewStates.current.get(props.activeId);
      if (vs) ed.restoreViewState(vs);
    }
  }, [props.tabs, props.activeId]);

  // Apply errors as markers on their lines.
  useEffect(() => {
    const m = models.current.get(props.activeId);
    if (!m) return;
    const markers = props.diagnostics.map((d) => {
      const line = Math.min(Math.max(1, d.line), m.getLineCount());
      const text = m.getLineContent(line);
      const start = d.column ?? text.search(/\S/) + 1;
      return {
        severity: d.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Error,
        message: d.message,
        source: 'kubectl apply',
        startLineNumber: line,
        startColumn: Math.max(1, start),
        endLineNumber: line,
        endColumn: Math.max(start + 1, text.length + 1),
      };
    });
    monaco.editor.setModelMarkers(m, MARKER_OWNER, markers);
    // Set once per result: the editor then keeps them on their text as the user types.
  }, [props.diagnostics, props.activeId]);

  // The diff editor and the dry-run viewer, created when first shown.
  const mode = props.view.mode;
  const diffText = props.view.mode === 'diff' ? props.view : undefined;
  const dryText = props.view.mode === 'dryrun' ? props.view.yaml : undefined;
  useEffect(() => {
    if (!diffText) return;
    const de = (diffEditor.current ??= monaco.editor.createDiffEditor(diffRef.current!, {
      ...COMMON,
      readOnly: true,
      originalEditable: false,
      renderSideBySide: true,
      theme: 'kubeplay',
    }));
    const old = de.getModel();
    de.setModel({ original: monaco.editor.createModel(diffText.original, 'yaml'), modified: monaco.editor.createModel(diffText.modified, 'yaml') });
    old?.original.dispose();
    old?.modified.dispose();
  }, [diffText]);
  useEffect(() => {
    if (dryText === undefined) return;
    const v = (viewer.current ??= monaco.editor.create(viewRef.current!, { ...COMMON, readOnly: true, theme: 'kubeplay', model: null }));
    const old = v.getModel();
    v.setModel(monaco.editor.createModel(dryText, 'yaml'));
    old?.dispose();
  }, [dryText]);

  return (
    <div className="workbench">
      <div ref={editRef} className="workbench__pane" data-testid="monaco-editor" hidden={mode !== 'edit'} />
      <div ref={diffRef} className="workbench__pane" data-testid="diff-editor" hidden={mode !== 'diff'} />
      <div ref={viewRef} className="workbench__pane" data-testid="dryrun-view" hidden={mode !== 'dryrun'} />
    </div>
  );
}
