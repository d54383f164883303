// `kubectl apply` and `kubectl create -f`: client-side apply with the last-applied-configuration
// annotation and a three-way strategic merge, document by document; a failing document does not
// stop the others, and every error is reported.

import type { Cluster } from '../cluster';
import { parseManifests } from '../api/apply/manifests';
import { lastAppliedAnnotation, threeWayMerge } from '../api/apply/merge';
import { jsonEqual } from '../api/meta';
import { qualifiedSingular, type KindInfo } from '../api/kinds';
import { isStatus, type KObject, type Status } from '../api/types';
import { formatStatusError } from './context';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export type ApplyAction = 'created' | 'configured' | 'unchanged';

export interface ApplyOutcome {
  /** `deployment.apps/web` */
  ref: string;
  action: ApplyAction;
  object: KObject;
}

export interface ApplyError {
  /** The message as kubectl prints it. */
  message: string;
  /** The source line of the document or field, when known (for editor markers). */
  line?: number;
  column?: number;
  docIndex?: number;
  /** The offending field path, e.g. `spec.template.spec.containers[0].image`. */
  field?: string;
  status?: Status;
}

export interface ApplyReport {
  results: ApplyOutcome[];
  errors: ApplyError[];
  /** Warnings kubectl prints on stderr (e.g. the missing last-applied annotation). */
  warnings: string[];
}

export interface ApplyOptions {
  /** The request namespace (`-n`, else the context's). */
  namespace?: string;
  /** Whether `-n` was given: a document in another namespace is then an error. */
  namespaceFlag?: boolean;
  dryRun?: 'client' | 'server';
  /** `create -f` semantics: never update, AlreadyExists is an error. */
  createOnly?: boolean;
  /** Whether to record the last-applied annotation (`create --save-config`, always for apply). */
  saveConfig?: boolean;
}

function dryRunSuffix(o: ApplyOptions): string {
  return o.dryRun === 'server' ? ' (server dry run)' : o.dryRun === 'client' ? ' (dry run)' : '';
}

export function applyText(cluster: Cluster, text: string, source: string, opts: ApplyOptions): ApplyReport {
  const report: ApplyReport = { results: [], errors: [], warnings: [] };
  const parsed = parseManifests(text, source);
  for (const e of parsed.errors) report.errors.push({ message: e.message, line: e.line, column: e.column, docIndex: e.docIndex });
  for (const doc of parsed.docs) {
    const err = (message: string, status?: Status, field?: string) =>
      report.errors.push({ message, line: doc.line, docIndex: doc.index, status, field });
    const obj = doc.object;
    const name = obj.metadata?.name ?? '';
    const resolved = cluster.api.resolve(obj.apiVersion, obj.kind);
    if (isStatus(resolved)) {
      if (resolved.reason === 'NotFound') {
        err(`error: resource mapping not found for name: "${name}" namespace: "${obj.metadata?.namespace ?? ''}" from "${source}": ${resolved.message}\nensure CRDs are installed first`, resolved);
      } else {
        err(`error: error validating "${source}": error validating data: ${resolved.message}; if you choose to ignore these errors, turn validation off with --validate=false`, resolved);
      }
      continue;
    }
    const info = resolved;
    if (!name && !(opts.createOnly && obj.metadata?.generateName)) {
      err(`error: error when retrieving current configuration of:\nResource: "${info.group ? `${info.group}/${info.version}` : info.version}, Resource=${info.plural}", GroupVersionKind: "${info.group ? `${info.group}/` : ''}${info.version}, Kind=${info.kind}"\nName: "", Namespace: "${opts.namespace ?? 'default'}"\nfrom server for: "${source}": resource name may not be empty`);
      continue;
    }
    if (info.namespaced) {
      const docNs = obj.metadata?.namespace;
      if (docNs && opts.namespaceFlag && opts.namespace && docNs !== opts.namespace) {
        err(`error: the namespace from the provided object "${docNs}" does not match the namespace "${opts.namespace}". You must pass '--namespace=${docNs}' to perform this operation.`);
        continue;
      }
      obj.metadata = { ...(obj.metadata ?? {}), namespace: docNs || opts.namespace || 'default' };
    } else if (obj.metadata?.namespace) {
      obj.metadata = { ...obj.metadata };
      delete obj.metadata.namespace;
    }
    const ref = `${qualifiedSingular(info)}/${name}`;
    const existed = !!name && !!cluster.api.store.get(`${info.group}/${info.kind}`, info.namespaced ? obj.metadata.namespace : undefined, name);
    const outcome = applyOne(cluster, info, obj, opts, (w) => report.warnings.push(w));
    if (isStatus(outcome)) {
      const field = outcome.details?.causes?.[0]?.field;
      err(formatStatusError(outcome, outcome.reason === 'Invalid' ? undefined : { verb: existed && !opts.createOnly ? 'patching' : 'creating', file: source }), outcome, field);
      continue;
    }
    report.results.push({ ref: outcome.object.metadata.name !== name ? `${qualifiedSingular(info)}/${outcome.object.metadata.name}` : ref, action: outcome.action, object: outcome.object });
  }
  return report;
}

function applyOne(cluster: Cluster, info: KindInfo, obj: KObject, opts: ApplyOptions, warn: (w: string) => void): { action: ApplyAction; object: KObject } | Status {
  const ns = info.namespaced ? obj.metadata.namespace : undefined;
  const current = obj.metadata.name ? cluster.api.store.get(`${info.group}/${info.kind}`, ns, obj.metadata.name) : undefined;
  const withAnnotation = (o: KObject): KObject => {
    if (!opts.saveConfig && opts.createOnly) return o;
    return { ...o, metadata: { ...o.metadata, annotations: { ...(o.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedAnnotation(o) } } };
  };
  if (!current || opts.createOnly) {
    if (opts.dryRun === 'client') return current ? alreadyExistsStatus(cluster, obj) : { action: 'created', object: obj };
    const created = cluster.api.create(withAnnotation(obj), { dryRun: opts.dryRun === 'server', namespace: ns });
    if (isStatus(created)) return created;
    return { action: 'created', object: created };
  }
  const originalText = current.metadata.annotations?.[LAST_APPLIED];
  let original: object | undefined;
  try {
    original = originalText ? JSON.parse(originalText) : undefined;
  } catch {
    original = undefined;
  }
  if (!originalText) {
    warn(
      `Warning: resource ${info.plural}/${current.metadata.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`,
    );
  }
  const modified = withAnnotation(obj);
  const merged = threeWayMerge(original, modified, current, { group: info.group, kind: info.kind }) as KObject;
  merged.metadata = { ...merged.metadata, resourceVersion: undefined };
  if (jsonEqual(stripRv(merged), stripRv(current))) return { action: 'unchanged', object: current };
  if (opts.dryRun === 'client') return { action: 'configured', object: merged };
  const updated = cluster.api.update(merged, { dryRun: opts.dryRun === 'server' });
  if (isStatus(updated)) return updated;
  return { action: jsonEqual(stripRv(updated), stripRv(current)) ? 'unchanged' : 'configured', object: updated };
}

function stripRv(o: KObject): KObject {
  return { ...o, metadata: { ...o.metadata, resourceVersion: undefined } };
}

function alreadyExistsStatus(cluster: Cluster, obj: KObject): Status {
  return cluster.api.create(obj, { dryRun: true }) as Status;
}

export function describeOutcome(o: ApplyOutcome, opts: ApplyOptions): string {
  return `${o.ref} ${o.action}${dryRunSuffix(opts)}`;
}
