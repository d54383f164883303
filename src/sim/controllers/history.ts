// ControllerRevision history shared by the DaemonSet and StatefulSet controllers
// (pkg/controller/history/controller_history.go, the `getPatch` of daemon/update.go and
// statefulset/stateful_set_utils.go): a revision stores a strategic-merge patch that replaces the
// pod template, `{"spec":{"template":{…,"$patch":"replace"}}}`, serialized as Go's json.Marshal of
// a map (keys sorted, HTML characters escaped). Revisions are compared byte for byte.

import type { KindInfo } from '../api/kinds';
import { clone, controllerOf } from '../api/meta';
import type { ApiServer } from '../api/server';
import type { LabelSelectorMatcher } from '../api/selectors';
import { isStatus, type KObject, type OwnerReference, type Status } from '../api/types';
import { parseTime } from '../core/time';
import { claimObjects, recheckDeletionTimestamp } from './util/claim';
import { hashControllerRevision } from './util/hash';

/** Label StatefulSet revisions carry their hash under (`history.ControllerRevisionHashLabel`). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';
/** Pod and revision label of DaemonSets and StatefulSets (`apps.ControllerRevisionHashLabelKey`). */
export const POD_REVISION_LABEL = 'controller-revision-hash';

const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029', '\\b': '\\u0008', '\\f': '\\u000c' };

/** A JSON string as Go encodes it: `<`, `>`, `&`, U+2028/9 escaped; \b and \f as \u00XX. */
function goString(s: string): string {
  return JSON.stringify(s).replace(/\\.|[<>&\u2028\u2029]/g, (m) => GO_ESCAPES[m] ?? m);
}

/** Go's `json.Marshal` of a value decoded into `interface{}`: object keys sorted, HTML escaped. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${goString(k)}:${goJson(o[k])}`).join(',')}}`;
}

/**
 * The pod template as the typed Go struct marshals it before the map round trip: a template's
 * metadata always carries `creationTimestamp: null`, every container `resources: {}`.
 */
function typedTemplate(template: KObject['spec']): Record<string, unknown> {
  const t = clone(template ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  t.metadata = { creationTimestamp: null, ...(t.metadata ?? {}) };
  const spec = t.spec ?? {};
  for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) if (c && typeof c === 'object' && c.resources === undefined) c.resources = {};
  }
  return t;
}

export interface TemplatePatch {
  /** The patch as an object (what `ControllerRevision.data` holds). */
  data: Record<string, unknown>;
  /** Its bytes as upstream compares and hashes them. */
  raw: string;
}

/** `getPatch` of a DaemonSet or StatefulSet: replaces `spec.template` wholesale. */
export function templatePatch(owner: KObject): TemplatePatch {
  const template = { ...typedTemplate(owner.spec?.template), $patch: 'replace' };
  const data = { spec: { template } };
  return { data, raw: goJson(data) };
}

/** The raw bytes of a stored revision's data. */
export function revisionRaw(rev: KObject): string {
  return goJson(rev.data ?? null);
}

/** `ControllerRevisionName`: `<owner>-<hash>`, the owner name cut to 223 characters. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/** `history.NewControllerRevision` (+ the owner's annotations, as StatefulSet `newRevision` adds). */
export function newControllerRevision(
  owner: KObject,
  ownerRef: OwnerReference,
  templateLabels: Record<string, string> | undefined,
  patch: TemplatePatch,
  revision: number,
  collisionCount: number,
): KObject {
  const hash = hashControllerRevision(patch.raw, collisionCount);
  const annotations = owner.metadata.annotations ? { ...owner.metadata.annotations } : undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(owner.metadata.name!, hash),
      namespace: owner.metadata.namespace,
      labels: { ...(templateLabels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ...(annotations ? { annotations } : {}),
      ownerReferences: [ownerRef],
    },
    data: patch.data,
    revision,
  };
}

/** `history.EqualRevision`: same hash label (when both have one) and the same data bytes. */
export function equalRevision(a: KObject | undefined, b: KObject | undefined): boolean {
  if (!a || !b) return a === b;
  const ha = a.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  const hb = b.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return revisionRaw(a) === revisionRaw(b);
}

export function findEqualRevisions(revisions: readonly KObject[], needle: KObject): KObject[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** `history.SortControllerRevisions`: by revision, then creation time, then name. */
export function sortControllerRevisions(revisions: KObject[]): KObject[] {
  return revisions.sort((a, b) => {
    if ((a.revision ?? 0) !== (b.revision ?? 0)) return (a.revision ?? 0) - (b.revision ?? 0);
    const ta = parseTime(a.metadata.creationTimestamp) ?? 0;
    const tb = parseTime(b.metadata.creationTimestamp) ?? 0;
    if (ta !== tb) return ta - tb;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
}

/** `nextRevision`: one more than the newest revision (1 for none). Expects sorted input. */
export function nextRevision(sorted: readonly KObject[]): number {
  return sorted.length === 0 ? 1 : (sorted[sorted.length - 1].revision ?? 0) + 1;
}

export function maxRevision(revisions: readonly KObject[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
}

function revisionInfo(api: ApiServer): KindInfo {
  return api.kinds.byKind('ControllerRevision')!;
}

/**
 * `ListControllerRevisions` + `ClaimControllerRevisions`: the owner's revisions, adopting orphans
 * that match its selector and releasing owned ones that stopped matching.
 */
export function controlledRevisions(api: ApiServer, owner: KObject, ownerInfo: KindInfo, selector: LabelSelectorMatcher): { revisions: KObject[]; error?: Status } {
  const info = revisionInfo(api);
  const candidates = api.store.list('apps/ControllerRevision', owner.metadata.namespace).filter((r) => {
    const ref = controllerOf(r);
    return !ref || ref.uid === owner.metadata.uid;
  });
  const r = claimObjects(
    {
      api,
      owner,
      childInfo: info,
      match: (rev) => selector.matches(rev.metadata.labels ?? {}),
      canAdopt: recheckDeletionTimestamp(api, ownerInfo, owner),
    },
    candidates,
  );
  return { revisions: r.claimed, ...(r.error ? { error: r.error } : {}) };
}

/**
 * `realHistory.CreateControllerRevision`: creates the revision, bumping the collision count and
 * renaming while a different revision holds the name. Returns the revision and the final count.
 */
export function createControllerRevision(api: ApiServer, owner: KObject, revision: KObject, collisionCount: number): { revision?: KObject; collisionCount: number; error?: Status } {
  const raw = revisionRaw(revision);
  let count = collisionCount;
  for (let attempt = 0; attempt < 100; attempt++) {
    const hash = hashControllerRevision(raw, count);
    const candidate = clone(revision);
    candidate.metadata.name = controllerRevisionName(owner.metadata.name!, hash);
    const created = api.create(candidate);
    if (!isStatus(created)) return { revision: created, collisionCount: count };
    if (created.code !== 409 || created.reason !== 'AlreadyExists') return { collisionCount: count, error: created };
    const exists = api.store.get('apps/ControllerRevision', owner.metadata.namespace, candidate.metadata.name!);
    if (exists && revisionRaw(exists) === raw) return { revision: exists, collisionCount: count };
    count++;
  }
  return { collisionCount: count, error: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'InternalError', message: 'too many ControllerRevision hash collisions' } };
}

/** `UpdateControllerRevision`: sets a revision's number (a rollback to an earlier template). */
export function updateControllerRevision(api: ApiServer, rev: KObject, revision: number): KObject | Status {
  return api.mutate(revisionInfo(api), rev.metadata.namespace, rev.metadata.name!, (o) => {
    o.revision = revision;
  });
}

export function deleteControllerRevision(api: ApiServer, rev: KObject): KObject | Status {
  return api.delete(revisionInfo(api), rev.metadata.namespace, rev.metadata.name!);
}

/** `ApplyRevision`: the owner with the revision's pod template. */
export function applyRevision(owner: KObject, rev: KObject): KObject {
  const out = clone(owner);
  const tpl = clone(rev.data?.spec?.template ?? {});
  delete tpl.$patch;
  if (tpl.metadata && tpl.metadata.creationTimestamp === null) delete tpl.metadata.creationTimestamp;
  for (const list of [tpl.spec?.initContainers, tpl.spec?.containers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) if (c?.resources && Object.keys(c.resources).length === 0) delete c.resources;
  }
  out.spec = { ...out.spec, template: tpl };
  return out;
}
