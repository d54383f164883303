// kubectl diff -f FILE: what `kubectl apply -f FILE` would change, as a unified diff of the live
// and the merged objects. Exit status as kubectl's: 0 no differences, 1 differences, 2 an error.

import { flagBool, flagStrings, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError } from '../context';
import { diffManifests, renderKubectlDiff, type DiffEntry } from '../diff';
import { readManifestSources } from '../files';
import { FILENAME_FLAGS, GLOBAL_FLAGS } from '../flags';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  { name: 'server-side', type: 'bool' },
  { name: 'force-conflicts', type: 'bool' },
  { name: 'field-manager', type: 'string' },
  { name: 'prune', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'concurrency', type: 'int' },
];

export function diffCmd(ctx: Ctx, words: string[]): void {
  try {
    runDiff(ctx, words);
  } catch (e) {
    if (!(e instanceof ExitError)) throw e;
    // kubectl's CheckDiffErr: any error exits with status 2 (1 means "differences found").
    ctx.fail(e.message);
    ctx.exitCode = 2;
  }
}

function runDiff(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  const files = flagStrings(a, 'filename');
  if (a.flags.has('kustomize')) throw new ExitError('error: kustomize (-k) is not supported by kubeplay');
  if (files.length === 0) throw new ExitError('error: must specify one of -f and -k');
  if (flagBool(a, 'server-side')) throw new ExitError('error: --server-side is not supported by kubeplay (server-side apply is not simulated)');
  const entries: DiffEntry[] = [];
  let failed = false;
  for (const src of readManifestSources(ctx, files, flagBool(a, 'recursive'))) {
    const report = diffManifests(ctx.cluster, src.text, src.name, {
      namespace: ctx.namespace,
      namespaceFlag: ctx.namespaceFlag,
      showManagedFields: flagBool(a, 'show-managed-fields'),
    });
    for (const w of report.warnings) ctx.err(w);
    for (const e of report.errors) {
      ctx.err(e.message);
      failed = true;
    }
    entries.push(...report.entries);
  }
  // Like kubectl, an error means no diff is shown.
  if (failed) {
    ctx.exitCode = 2;
    return;
  }
  const out = renderKubectlDiff(entries, ctx.cluster.nowMs);
  if (out) {
    ctx.out(out);
    ctx.exitCode = 1;
  }
}
