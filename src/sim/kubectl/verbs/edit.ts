// kubectl edit: opens live objects in an editor and writes the edited object back with
// optimistic concurrency. The browser terminal's editor is the page's YAML editor: the verb asks
// its host to open each object (`EditorIO.openEditor`); the editor then saves through
// `saveEditedObject`, which refuses to overwrite a newer version (a Conflict) instead of merging
// silently. Without an editor (the transcript runner) the verb says so.

import { parseManifests } from '../../api/apply/manifests';
import { qualifiedResource, qualifiedSingular } from '../../api/kinds';
import { jsonEqual } from '../../api/meta';
import { isStatus, type KObject, type Status } from '../../api/types';
import type { Cluster } from '../../cluster';
import { flagStrings, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError, type KubectlIO } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS } from '../flags';
import { toYaml } from '../printers';
import { parseResourceArgs } from '../resources';
import { NO_RESOURCES } from './scale';
import { conflict as conflictStatus } from '../../api/errors';

/** An object opened for editing: what to write back to, and the version it was read at. */
export interface EditTarget {
  /** `apps/Deployment` */
  kindKey: string;
  namespace?: string;
  name: string;
  /** `deployment.apps/web` */
  ref: string;
  /** resourceVersion of the object when it was opened. */
  resourceVersion?: string;
}

/** A KubectlIO that can open the page's editor. */
export interface EditorIO extends KubectlIO {
  openEditor?(target: EditTarget): void;
}

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  { name: 'output', short: 'o', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'validate', type: 'string' },
  { name: 'windows-line-endings', type: 'bool' },
  { name: 'field-manager', type: 'string' },
  { name: 'subresource', type: 'string' },
  { name: 'show-managed-fields', type: 'bool' },
];

export const EDIT_HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';

export function editCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  if (a.positional.length === 0 && flagStrings(a, 'filename').length === 0) {
    throw new ExitError(NO_RESOURCES);
  }
  if (flagStrings(a, 'filename').length > 0) throw new ExitError('error: kubeplay edits objects by name: kubectl edit TYPE NAME');
  const targets: EditTarget[] = [];
  for (const req of parseResourceArgs(ctx, a.positional)) {
    const ns = req.info.namespaced ? ctx.namespace : undefined;
    const names = req.names.length > 0 ? req.names : ctx.cluster.api.list(req.info, ns).map((o) => o.metadata.name ?? '');
    for (const name of names) {
      const obj = ctx.cluster.api.get(req.info, ns, name);
      if (isStatus(obj)) {
        ctx.failStatus(obj);
        continue;
      }
      targets.push(editTargetOf(ctx.cluster, obj)!);
    }
  }
  if (targets.length === 0) return;
  const open = (ctx.io as EditorIO).openEditor;
  if (!open) {
    throw new ExitError('error: kubectl edit needs an interactive editor: in the kubeplay page it opens the object in the editor panel');
  }
  for (const t of targets) open(t);
}

/** The edit target of a stored object. */
export function editTargetOf(cluster: Cluster, obj: KObject): EditTarget | undefined {
  const info = cluster.api.resolve(obj.apiVersion, obj.kind);
  if (isStatus(info)) return undefined;
  return {
    kindKey: `${info.group}/${info.kind}`,
    namespace: info.namespaced ? obj.metadata.namespace : undefined,
    name: obj.metadata.name ?? '',
    ref: `${qualifiedSingular(info)}/${obj.metadata.name ?? ''}`,
    resourceVersion: obj.metadata.resourceVersion,
  };
}

/** The live object as kubectl edit shows it: the header comment, then YAML without managedFields. */
export function openForEdit(cluster: Cluster, kindKey: string, namespace: string | undefined, name: string): { text: string; target: EditTarget } | Status {
  const slash = kindKey.indexOf('/');
  const info = cluster.kinds.all().find((k) => k.group === kindKey.slice(0, slash) && k.kind === kindKey.slice(slash + 1));
  if (!info) return notFoundStatus(`the server doesn't have a resource type "${kindKey}"`);
  const obj = cluster.api.get(info, namespace, name);
  if (isStatus(obj)) return obj;
  const shown = structuredClone(obj);
  delete shown.metadata.managedFields;
  return { text: EDIT_HEADER + toYaml(shown), target: editTargetOf(cluster, obj)! };
}

export interface SaveEditResult {
  /** `deployment.apps/web edited`, `Edit cancelled, no changes made.`, or the error. */
  message: string;
  ok: boolean;
  /** The object changed since it was opened: reload and edit again. */
  conflict?: boolean;
  /** The API error, with the offending field when there is one. */
  status?: Status;
  line?: number;
  field?: string;
  /** The saved object's new version. */
  target?: EditTarget;
}

/**
 * Writes an edited object back, never over someone else's change. With `originalText` (the
 * object as it was opened), the save is refused when the object's spec or metadata changed since
 * (status written by controllers does not count) and otherwise lands on the current version;
 * without it, the object must still be at the version it was opened at. An unchanged object is
 * not written.
 */
export function saveEditedObject(cluster: Cluster, target: EditTarget, text: string, originalText?: string): SaveEditResult {
  const parsed = parseManifests(text, 'edited object');
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    return { ok: false, message: e.message, line: e.line };
  }
  if (parsed.docs.length === 0) return { ok: true, message: 'Edit cancelled, no changes made.' };
  if (parsed.docs.length > 1) return { ok: false, message: 'error: the edited file holds more than one object; edit one object at a time' };
  const doc = parsed.docs[0];
  const obj = doc.object;
  const info = cluster.api.resolve(obj.apiVersion, obj.kind);
  const kindKey = isStatus(info) ? '' : `${info.group}/${info.kind}`;
  if (isStatus(info) || kindKey !== target.kindKey || obj.metadata.name !== target.name || (info.namespaced && (obj.metadata.namespace ?? target.namespace) !== target.namespace)) {
    return { ok: false, message: 'error: At least one of apiVersion, kind and name was changed', line: doc.line };
  }
  if (info.namespaced) obj.metadata.namespace = target.namespace;
  const current = cluster.api.get(info, target.namespace, target.name);
  if (isStatus(current)) return { ok: false, message: formatStatusError(current), status: current };
  const conflict = (): SaveEditResult => {
    const status = conflictStatus(info, target.name);
    return { ok: false, conflict: true, status, message: `error: ${qualifiedResource(info)} "${target.name}" could not be patched: ${status.message}` };
  };
  const original = originalText === undefined ? undefined : parseManifests(originalText, 'original').docs[0]?.object;
  if (original) {
    if (!jsonEqual(editable(original), editable(current))) return conflict();
    obj.metadata.resourceVersion = current.metadata.resourceVersion;
  } else {
    obj.metadata.resourceVersion = obj.metadata.resourceVersion || target.resourceVersion;
  }
  const updated = cluster.api.update(obj);
  if (isStatus(updated)) {
    if (updated.reason === 'Conflict') return conflict();
    return { ok: false, status: updated, message: formatStatusError(updated), field: updated.details?.causes?.[0]?.field };
  }
  if (updated.metadata.resourceVersion === current.metadata.resourceVersion) return { ok: true, message: 'Edit cancelled, no changes made.', target };
  return { ok: true, message: `${target.ref} edited`, target: editTargetOf(cluster, updated) };
}

/** What a user edits: the object without status and the fields the server maintains. */
function editable(o: KObject): unknown {
  const { status: _status, ...rest } = o;
  void _status;
  const { resourceVersion: _rv, managedFields: _mf, generation: _g, ...metadata } = o.metadata ?? {};
  void _rv;
  void _mf;
  void _g;
  return { ...rest, metadata };
}

function notFoundStatus(message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'NotFound', code: 404 };
}
