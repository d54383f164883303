// `kubectl diff`: each object of the manifests as it is live and as it would be after `kubectl
// apply` (a server-side dry run of the same client-side apply), printed as YAML and compared the
// way kubectl does it: both versions written to a LIVE and a MERGED directory, files named
// `group.version.Kind.namespace.name`, and `diff -u -N` run on the two directories.

import type { Cluster } from '../../cluster';
import { isStatus, type KObject } from '../../api/types';
import { applyText, type ApplyError } from '../apply';
import { toYaml } from '../printers';
import { splitLines, unifiedHunks } from './unified';

export interface DiffEntry {
  /** kubectl's file name: `apps.v1.Deployment.default.web`. */
  name: string;
  /** `deployment.apps/web` */
  ref: string;
  /** The live object as YAML; undefined when it does not exist yet. */
  live?: string;
  /** The object after the apply, as YAML. */
  merged: string;
}

export interface DiffReport {
  entries: DiffEntry[];
  /** Errors as kubectl diff prints them (line and field kept for the editor). */
  errors: ApplyError[];
  warnings: string[];
}

export interface DiffOptions {
  namespace?: string;
  namespaceFlag?: boolean;
  /** `--show-managed-fields` */
  showManagedFields?: boolean;
}

const SENSITIVE = '***';

export function diffManifests(cluster: Cluster, text: string, source: string, opts: DiffOptions = {}): DiffReport {
  const report = applyText(cluster, text, source, { namespace: opts.namespace, namespaceFlag: opts.namespaceFlag, dryRun: 'server', saveConfig: true });
  const entries: DiffEntry[] = [];
  for (const r of report.results) {
    const merged = r.object;
    const info = cluster.api.resolve(merged.apiVersion, merged.kind);
    if (isStatus(info)) continue;
    const ns = info.namespaced ? merged.metadata.namespace : undefined;
    const live = cluster.api.store.get(`${info.group}/${info.kind}`, ns, merged.metadata.name ?? '');
    const after: KObject = structuredClone(merged);
    // A dry run stores nothing: the object keeps the live resourceVersion.
    if (live?.metadata.resourceVersion) after.metadata.resourceVersion = live.metadata.resourceVersion;
    let before = live ? structuredClone(live) : undefined;
    if (!opts.showManagedFields) {
      if (before) delete before.metadata.managedFields;
      delete after.metadata.managedFields;
    }
    if (info.group === '' && info.kind === 'Secret') before = maskSecrets(before, after);
    const name = `${info.group ? `${info.group}.` : ''}${info.version}.${info.kind}.${ns ?? ''}.${merged.metadata.name ?? ''}`;
    entries.push({ name, ref: r.ref, live: before ? toYaml(before) : undefined, merged: toYaml(after) });
  }
  // kubectl diff reports the dry run's error itself, without apply's `error when creating "FILE": `.
  const errors = report.errors.map((e) => ({ ...e, message: e.message.replace(/^(Error from server(?: \([A-Za-z]+\))?: )error when (?:creating|patching) "[^"]*": /, '$1') }));
  return { entries, errors, warnings: report.warnings };
}

/** kubectl's Masker: secret values become `***`, or `*** (before)`/`*** (after)` when they differ. */
function maskSecrets(before: KObject | undefined, after: KObject): KObject | undefined {
  const from: Record<string, unknown> = before?.data ?? {};
  const to: Record<string, unknown> = after.data ?? {};
  for (const k of Object.keys(from)) {
    if (k in to) {
      if (from[k] !== to[k]) {
        from[k] = `${SENSITIVE} (before)`;
        to[k] = `${SENSITIVE} (after)`;
        continue;
      }
      to[k] = SENSITIVE;
    }
    from[k] = SENSITIVE;
  }
  for (const k of Object.keys(to)) if (!(k in from)) to[k] = SENSITIVE;
  return before;
}

/** FNV-1a, for the temporary directory names (deterministic, unlike kubectl's). */
function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A file timestamp as GNU diff prints it: `2025-01-15 09:00:00.000000000 +0000`. */
function diffTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000000 +0000`;
}

/** What `kubectl diff` prints for the entries: `diff -u -N LIVE MERGED` on the two directories. */
export function renderKubectlDiff(entries: readonly DiffEntry[], nowMs: number): string {
  const key = entries.map((e) => e.name).join('\n');
  const liveDir = `/tmp/LIVE-${fnv32(`LIVE\n${nowMs}\n${key}`)}`;
  const mergedDir = `/tmp/MERGED-${fnv32(`MERGED\n${nowMs}\n${key}`)}`;
  const stamp = diffTime(nowMs);
  let out = '';
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const hunks = unifiedHunks(splitLines(e.live ?? ''), splitLines(e.merged));
    if (!hunks) continue;
    out += `diff -u -N ${liveDir}/${e.name} ${mergedDir}/${e.name}\n`;
    out += `--- ${liveDir}/${e.name}\t${e.live === undefined ? diffTime(0) : stamp}\n`;
    out += `+++ ${mergedDir}/${e.name}\t${stamp}\n`;
    out += hunks;
  }
  return out;
}
