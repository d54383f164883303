// The editor's commands, run in the worker: apply a buffer (or dry-run it), diff it against the
// live objects, open a live object for editing and save it back. Results carry diagnostics
// placed on the buffer's lines, so the editor can mark the offending field.

import { lineOfPath, parseFieldPath } from '../sim/api/apply/manifests';
import type { Cluster } from '../sim/cluster';
import { applyText, describeOutcome, type ApplyError, type ApplyOptions } from '../sim/kubectl/apply';
import { diffManifests, renderKubectlDiff } from '../sim/kubectl/diff';
import { toYaml } from '../sim/kubectl/printers';
import { openForEdit, saveEditedObject, type EditTarget } from '../sim/kubectl/verbs/edit';
import { isStatus } from '../sim/api/types';
import type {
  EditorApplyReport,
  EditorDiagnostic,
  EditorDiffReport,
  OpenEditResult,
  SaveEditResult,
} from './protocol';

/** Buffers larger than this are refused before parsing (kubectl itself reads any size). */
export const MAX_BUFFER_BYTES = 10 * 1024 * 1024;

function tooLarge(text: string): string | undefined {
  if (text.length <= MAX_BUFFER_BYTES) return undefined;
  return `error: the manifest is too large (${(text.length / 1024 / 1024).toFixed(1)} MB); kubeplay reads at most 10 MB`;
}

/** One diagnostic per offending field: an Invalid error lists its causes; others mark their document. */
export function diagnosticsOf(text: string, e: ApplyError): EditorDiagnostic[] {
  const causes = e.status?.reason === 'Invalid' ? (e.status.details?.causes ?? []) : [];
  const base = { severity: 'error' as const, docIndex: e.docIndex };
  if (causes.length > 0 && e.docIndex !== undefined) {
    return causes.map((c) => {
      const line = c.field ? lineOfPath(text, e.docIndex!, parseFieldPath(c.field)) : undefined;
      return { ...base, message: c.field ? `${c.field}: ${c.message}` : c.message, field: c.field, line: line ?? e.line ?? 1 };
    });
  }
  let line = e.line ?? 1;
  // An unknown kind or apiVersion is the fault of the `kind:` line.
  const field = e.field ?? (/resource mapping not found|no matches for kind/.test(e.message) ? 'kind' : undefined);
  if (field && e.docIndex !== undefined) line = lineOfPath(text, e.docIndex, parseFieldPath(field)) ?? line;
  return [{ ...base, message: e.message, field, line, column: e.column }];
}

export function editorApply(cluster: Cluster, text: string, source = 'STDIN', dryRun?: 'server'): EditorApplyReport {
  const big = tooLarge(text);
  if (big) return { results: [], errors: [big], warnings: [], diagnostics: [{ message: big, line: 1, severity: 'error' }] };
  const opts: ApplyOptions = { namespace: cluster.session.namespace, dryRun, saveConfig: true };
  const report = applyText(cluster, text, source, opts);
  return {
    results: report.results.map((r) => ({
      ref: r.ref,
      action: r.action,
      text: describeOutcome(r, opts),
      ...(dryRun ? { yaml: toYaml(r.object) } : {}),
    })),
    errors: report.errors.map((e) => e.message),
    warnings: report.warnings,
    diagnostics: report.errors.flatMap((e) => diagnosticsOf(text, e)),
  };
}

export function editorDiff(cluster: Cluster, text: string, source = 'STDIN'): EditorDiffReport {
  const big = tooLarge(text);
  if (big) return { entries: [], errors: [big], diagnostics: [{ message: big, line: 1, severity: 'error' }], unified: '' };
  const report = diffManifests(cluster, text, source, { namespace: cluster.session.namespace });
  return {
    entries: report.entries.map((e) => ({ ...e, changed: e.live !== e.merged })),
    errors: report.errors.map((e) => e.message),
    diagnostics: report.errors.flatMap((e) => diagnosticsOf(text, e)),
    unified: report.errors.length > 0 ? '' : renderKubectlDiff(report.entries, cluster.nowMs),
  };
}

export function editorOpen(cluster: Cluster, kindKey: string, namespace: string | undefined, name: string): OpenEditResult | { error: import('../sim/api/types').Status } {
  const r = openForEdit(cluster, kindKey, namespace, name);
  if (isStatus(r)) return { error: r };
  return r;
}

export function editorSave(cluster: Cluster, target: EditTarget, text: string, original?: string): SaveEditResult {
  const big = tooLarge(text);
  if (big) return { ok: false, message: big, conflict: false, diagnostics: [{ message: big, line: 1, severity: 'error' }] };
  const r = saveEditedObject(cluster, target, text, original);
  const diagnostics: EditorDiagnostic[] = [];
  if (!r.ok && !r.conflict) {
    const causes = r.status?.reason === 'Invalid' ? (r.status.details?.causes ?? []) : [];
    if (causes.length > 0) {
      for (const c of causes) {
        const line = c.field ? lineOfPath(text, 0, parseFieldPath(c.field)) : undefined;
        diagnostics.push({ message: c.field ? `${c.field}: ${c.message}` : c.message, field: c.field, line: line ?? 1, severity: 'error' });
      }
    } else diagnostics.push({ message: r.message, line: r.line ?? 1, severity: 'error' });
  }
  return { ok: r.ok, message: r.message, conflict: r.conflict === true, diagnostics, target: r.target };
}
