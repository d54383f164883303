// The worker's tools: kubectl (every verb, `explain`'s API schemas), the YAML parser and the
// editor's commands — about half the worker's code, and nothing the first picture needs. The Web
// Worker loads them as a chunk of their own right after `ready` (cluster.worker.ts); Node and the
// tests link them in (host.ts).

export { editorApply, editorDiff, editorOpen, editorSave } from './editor';
export { runKubectl, startKubectl } from '../sim/kubectl';
export { applyText } from '../sim/kubectl/apply';
