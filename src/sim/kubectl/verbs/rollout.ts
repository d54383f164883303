// kubectl rollout (kubectl/pkg/cmd/rollout, pkg/polymorphichelpers): status (a process that
// prints on every change as kubectl's watch does, until done, --timeout or Ctrl+C), history,
// undo, pause, resume, restart. Deployments fully; DaemonSets and StatefulSets for status/restart and, from their
// ControllerRevisions, history.
import type { KindInfo } from '../../api/kinds';
import { controllerOf } from '../../api/meta';
import { labelSelectorFromSpec } from '../../api/selectors';
import { isStatus, type KObject } from '../../api/types';
import { parseDuration, rfc3339 } from '../../core/time';
import { flagBool, flagInt, flagString, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError, refOf } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS, PRINT_FLAGS, SELECTOR_FLAGS } from '../flags';
import { selectObjects, type Selected } from '../select';
import { describePodTemplate } from './rollout.template';
import { dryRunStrategy, dryRunSuffix, NO_RESOURCES } from './scale';

const ROLLOUT_HELP = `Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]

Use "kubectl rollout <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).`;

const BASE: FlagSpec[] = [...GLOBAL_FLAGS, ...FILENAME_FLAGS, ...SELECTOR_FLAGS];
const FLAGS: Record<string, FlagSpec[]> = {
  status: [...BASE, { name: 'revision', type: 'int' }, { name: 'timeout', type: 'string' }, { name: 'watch', short: 'w', type: 'bool' }],
  history: [...BASE, ...PRINT_FLAGS, { name: 'revision', type: 'int' }],
  undo: [...BASE, ...PRINT_FLAGS, { name: 'to-revision', type: 'int' }, { name: 'dry-run', type: 'string' }],
  pause: [...BASE, ...PRINT_FLAGS, { name: 'field-manager', type: 'string' }],
  resume: [...BASE, ...PRINT_FLAGS, { name: 'field-manager', type: 'string' }],
  restart: [...BASE, ...PRINT_FLAGS, { name: 'field-manager', type: 'string' }],
};

/** How long `rollout status` waits in virtual time without --timeout (kubectl waits forever). */
const DEFAULT_STATUS_WAIT_MS = 60 * 60 * 1000;

/** Annotations kubectl's rollback keeps from the Deployment rather than the ReplicaSet. */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision', 'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to',
]);

const groupKind = (info: KindInfo) => (info.group ? `${info.kind}.${info.group}` : info.kind);
const resourceString = (info: KindInfo) => (info.group ? `${info.plural}.${info.group}` : info.plural);

export function rolloutCmd(ctx: Ctx, words: string[]): void {
  const sub = words.find((w) => !w.startsWith('-'));
  if (sub === undefined) {
    ctx.out(ROLLOUT_HELP);
    ctx.exitCode = 1;
    return;
  }
  const flags = FLAGS[sub];
  if (!flags) throw new ExitError(`error: unknown command "${sub}"\nSee 'kubectl rollout -h' for help and examples`);
  const a = parseArgs(words.filter((w) => w !== sub), flags);
  const named = a.positional.length > 0 || a.flags.has('filename') || a.flags.has('kustomize');
  if (sub === 'status') return rolloutStatus(ctx, a, named);
  if (!named) {
    if (sub === 'history' || sub === 'undo') throw new ExitError('error: required resource not specified');
    throw new ExitError(NO_RESOURCES);
  }
  if (sub === 'history') return rolloutHistory(ctx, a);
  if (sub === 'undo') return rolloutUndo(ctx, a);
  return rolloutPatch(ctx, a, sub as 'pause' | 'resume' | 'restart');
}

// ---- status ----

type StatusViewer = (o: KObject, revision: number) => { message: string; done: boolean };

function deploymentStatus(d: KObject, revision: number): { message: string; done: boolean } {
  const name = d.metadata.name;
  if (revision > 0) {
    const current = Number(d.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
    if (revision !== current) throw new ExitError(`error: desired revision (${revision}) is different from the running revision (${current})`);
  }
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...', done: false };
  const cond = (s.conditions ?? []).find((c: { type: string }) => c.type === 'Progressing');
  if (cond?.reason === 'ProgressDeadlineExceeded') throw new ExitError(`error: deployment "${name}" exceeded its progress deadline`);
  const replicas = d.spec?.replicas;
  const updated = s.updatedReplicas ?? 0;
  if (replicas !== undefined && updated < replicas) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`, done: false };
  if ((s.replicas ?? 0) > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...`, done: false };
  if ((s.availableReplicas ?? 0) < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas ?? 0} of ${updated} updated replicas are available...`, done: false };
  return { message: `deployment "${name}" successfully rolled out`, done: true };
}

function daemonSetStatus(ds: KObject): { message: string; done: boolean } {
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') throw new ExitError('error: rollout status is only available for RollingUpdate strategy type');
  const s = ds.status ?? {};
  if ((ds.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return { message: 'Waiting for daemon set spec update to be observed...', done: false };
  const desired = s.desiredNumberScheduled ?? 0;
  if ((s.updatedNumberScheduled ?? 0) < desired) return { message: `Waiting for daemon set "${ds.metadata.name}" rollout to finish: ${s.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...`, done: false };
  if ((s.numberAvailable ?? 0) < desired) return { message: `Waiting for daemon set "${ds.metadata.name}" rollout to finish: ${s.numberAvailable ?? 0} of ${desired} updated pods are available...`, done: false };
  return { message: `daemon set "${ds.metadata.name}" successfully rolled out`, done: true };
}

function statefulSetStatus(sts: KObject): { message: string; done: boolean } {
  const strategy = sts.spec?.updateStrategy;
  if (strategy?.type !== 'RollingUpdate') throw new ExitError('error: rollout status is only available for RollingUpdate strategy type');
  const s = sts.status ?? {};
  if (!s.observedGeneration || (sts.metadata.generation ?? 0) > s.observedGeneration) return { message: 'Waiting for statefulset spec update to be observed...', done: false };
  const replicas = sts.spec?.replicas;
  if (replicas !== undefined && (s.readyReplicas ?? 0) < replicas) return { message: `Waiting for ${replicas - (s.readyReplicas ?? 0)} pods to be ready...`, done: false };
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && (s.updatedReplicas ?? 0) < replicas - partition) {
      return { message: `Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...`, done: false };
    }
    return { message: `partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...`, done: true };
  }
  if (s.updateRevision !== s.currentRevision) return { message: `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision}...`, done: false };
  return { message: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision}...`, done: true };
}

const STATUS_VIEWERS: Record<string, StatusViewer> = {
  'apps/Deployment': deploymentStatus,
  'apps/DaemonSet': daemonSetStatus,
  'apps/StatefulSet': statefulSetStatus,
};

function rolloutStatus(ctx: Ctx, a: ReturnType<typeof parseArgs>, named: boolean): void {
  const revision = flagInt(a, 'revision') ?? 0;
  if (revision < 0) throw new ExitError(`error: revision must be a positive integer: ${revision}`);
  if (!named) throw new ExitError('error: required resource not specified');
  const timeoutFlag = flagString(a, 'timeout') ?? '0s';
  const timeoutMs = parseDuration(timeoutFlag);
  if (timeoutMs === undefined) throw new ExitError(`error: invalid argument "${timeoutFlag}" for "--timeout" flag: time: invalid duration "${timeoutFlag}"`);
  const watch = a.flags.has('watch') ? flagBool(a, 'watch') : true;
  const sel = selectObjects(ctx, a, { allowAll: true });
  if (ctx.exitCode !== 0) return;
  if (sel.items.length !== 1) throw new ExitError(`error: rollout status is only supported on individual resources and resource collections - ${sel.items.length} resources were found`);
  const { info, object } = sel.items[0];
  const kindKey = `${info.group}/${info.kind}`;
  const viewer = STATUS_VIEWERS[kindKey];
  if (!viewer) throw new ExitError(`error: no status viewer has been implemented for ${groupKind(info)}`);
  let finished = false;
  let error: ExitError | undefined;
  const handle = (o: KObject) => {
    if (finished) return;
    try {
      const { message, done } = viewer(o, revision);
      ctx.out(message);
      if (done || !watch) finished = true;
    } catch (e) {
      if (!(e instanceof ExitError)) throw e;
      error = e;
      finished = true;
    }
  };
  handle(object);
  if (finished) {
    if (error) throw error;
    return;
  }
  // kubectl's watch prints a line on every change of the object until the rollout is done.
  const unsubscribe = ctx.cluster.subscribe((ch) => {
    if (ch.kindKey !== kindKey || ch.object.metadata.namespace !== object.metadata.namespace || ch.object.metadata.name !== object.metadata.name) return;
    if (ch.type === 'DELETED') {
      if (!finished) error = new ExitError('error: object has been deleted');
      finished = true;
    } else handle(ch.object);
  });
  ctx.waitFor({
    poll: () => finished,
    deadlineMs: timeoutMs > 0 ? ctx.cluster.nowMs + timeoutMs : undefined,
    batchLimitMs: DEFAULT_STATUS_WAIT_MS,
    finish: () => {
      if (!finished) throw new ExitError('error: timed out waiting for the condition');
      if (error) throw error;
    },
    close: unsubscribe,
  });
}

// ---- history ----

/** The Deployment's ReplicaSets (selected by it and controlled by it). */
export function deploymentReplicaSets(ctx: Ctx, d: KObject): KObject[] {
  const sel = labelSelectorFromSpec(d.spec?.selector);
  return ctx.cluster.list('apps/ReplicaSet', d.metadata.namespace).filter((rs) => sel.matches(rs.metadata.labels ?? {}) && controllerOf(rs)?.uid === d.metadata.uid);
}

const revisionOf = (o: KObject) => Number(o.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);

/** revision → pod template (with the change cause as a template annotation), as the history viewers build it. */
function historyOf(ctx: Ctx, info: KindInfo, o: KObject): Map<number, KObject['spec']> | undefined {
  const out = new Map<number, KObject['spec']>();
  if (info.kind === 'Deployment') {
    for (const rs of deploymentReplicaSets(ctx, o)) {
      const v = rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '0';
      if (!/^\d+$/.test(v)) continue;
      const template = structuredClone(rs.spec?.template ?? {});
      const cause = rs.metadata.annotations?.['kubernetes.io/change-cause'];
      template.metadata = { ...(template.metadata ?? {}), annotations: { ...(template.metadata?.annotations ?? {}), ...(cause ? { 'kubernetes.io/change-cause': cause } : {}) } };
      out.set(Number(v), template);
    }
    return out;
  }
  if (info.kind !== 'DaemonSet' && info.kind !== 'StatefulSet') return undefined;
  for (const cr of ctx.cluster.list('apps/ControllerRevision', o.metadata.namespace)) {
    if (controllerOf(cr)?.uid !== o.metadata.uid) continue;
    const template = structuredClone(cr.data?.spec?.template ?? {});
    delete template.$patch;
    const cause = cr.metadata.annotations?.['kubernetes.io/change-cause'];
    if (cause) template.metadata = { ...(template.metadata ?? {}), annotations: { ...(template.metadata?.annotations ?? {}), 'kubernetes.io/change-cause': cause } };
    out.set(Number(cr.revision ?? 0), template);
  }
  return out;
}

function rolloutHistory(ctx: Ctx, a: ReturnType<typeof parseArgs>): void {
  const revision = flagInt(a, 'revision') ?? 0;
  if (revision < 0) throw new ExitError(`error: revision must be a positive integer: ${revision}`);
  const sel = selectObjects(ctx, a, { allowAll: true });
  for (const { info, object } of sel.items) {
    const history = historyOf(ctx, info, object);
    if (!history) throw new ExitError(`error: no history viewer has been implemented for "${groupKind(info)}"`);
    let text: string;
    if (history.size === 0) text = 'No rollout history found.';
    else if (revision > 0) {
      const template = history.get(revision);
      if (!template) throw new ExitError('error: unable to find the specified revision');
      text = describePodTemplate(template);
    } else {
      const rows = [['REVISION', 'CHANGE-CAUSE'], ...[...history.keys()].sort((x, y) => x - y).map((r) => [String(r), history.get(r)?.metadata?.annotations?.['kubernetes.io/change-cause'] || '<none>'])];
      // tabwriter.NewWriter(out, 0, 8, 2, ' ', 0): the first column padded to its widest cell + 2.
      const width = Math.max(...rows.map(([r]) => r.length)) + 2;
      text = rows.map(([r, cause]) => `${r.padEnd(width)}${cause}\n`).join('');
    }
    // The name printer's operation is "<with revision>\n<history>", then its own newline.
    ctx.out(`${refOf(info, object)} ${revision > 0 ? `with revision #${revision}` : ''}\n${text}\n`);
  }
}

// ---- undo ----

function rolloutUndo(ctx: Ctx, a: ReturnType<typeof parseArgs>): void {
  const toRevision = flagInt(a, 'to-revision') ?? 0;
  const dryRun = dryRunStrategy(a);
  const sel = selectObjects(ctx, a, { allowAll: true });
  for (const item of sel.items) {
    if (item.info.kind !== 'Deployment') throw new ExitError(`error: no rollbacker has been implemented for "${groupKind(item.info)}"`);
    const result = rollbackDeployment(ctx, item, toRevision, dryRun);
    // The result is the name printer's operation, with the dry-run suffix.
    ctx.out(`${refOf(item.info, item.object)} ${result}${dryRunSuffix(dryRun)}`);
  }
}

/** `DeploymentRollbacker.Rollback`: patches the Deployment's template and annotations from the revision's RS. */
function rollbackDeployment(ctx: Ctx, { info, object }: Selected, toRevision: number, dryRun: 'none' | 'client' | 'server'): string {
  if (toRevision < 0) throw new ExitError(`error: unable to find specified revision ${toRevision} in history`);
  const d = ctx.cluster.api.get(info, object.metadata.namespace, object.metadata.name!);
  if (isStatus(d)) throw new ExitError(`error: failed to retrieve Deployment ${object.metadata.name}: ${d.message}`);
  const rsList = deploymentReplicaSets(ctx, d);
  let rs: KObject | undefined;
  if (toRevision > 0) {
    rs = rsList.find((r) => revisionOf(r) === toRevision);
    if (!rs) throw new ExitError(`error: unable to find specified revision ${toRevision} in history`);
  } else {
    let latest: KObject | undefined;
    let latestRev = -1;
    let prevRev = -1;
    for (const r of rsList) {
      const v = revisionOf(r);
      if (latestRev < v) {
        [prevRev, rs, latestRev, latest] = [latestRev, latest, v, r];
      } else if (prevRev < v) {
        [prevRev, rs] = [v, r];
      }
    }
    if (!rs) throw new ExitError(`error: no rollout history found for deployment "${d.metadata.name}"`);
  }
  if (dryRun === 'client') return describePodTemplate(rs.spec?.template);
  if (d.spec?.paused) throw new ExitError("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  const template = structuredClone(rs.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  if (JSON.stringify(normalize(template)) === JSON.stringify(normalize(d.spec?.template))) return `skipped rollback (current template already matches revision ${toRevision})`;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const r = ctx.cluster.api.mutate(info, d.metadata.namespace, d.metadata.name!, (o) => {
    o.spec.template = template;
    o.metadata.annotations = annotations;
  }, { dryRun: dryRun === 'server' });
  if (isStatus(r)) throw new ExitError(`error: failed restoring revision ${toRevision}: ${formatStatusError(r)}`);
  return 'rolled back';
}

/** Semantic equality of templates: empty maps and lists count as absent. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(normalize) : undefined;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined && n !== null) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

// ---- pause / resume / restart ----

function rolloutPatch(ctx: Ctx, a: ReturnType<typeof parseArgs>, verb: 'pause' | 'resume' | 'restart'): void {
  const sel = selectObjects(ctx, a, { allowAll: true });
  if (sel.items.length === 0 && ctx.exitCode === 0) {
    ctx.out(`No resources found in ${ctx.namespace} namespace.`);
    return;
  }
  const errors: string[] = [];
  for (const { info, object } of sel.items) {
    let problem: string | undefined;
    const r = ctx.cluster.api.mutate(info, object.metadata.namespace, object.metadata.name!, (o) => {
      problem = change(o, verb, ctx.cluster.nowMs);
    });
    if (problem) {
      errors.push(`error: ${resourceString(info)} "${object.metadata.name}" ${problem}`);
      continue;
    }
    if (isStatus(r)) {
      errors.push(`failed to patch: ${r.message}`);
      continue;
    }
    ctx.out(`${refOf(info, object)} ${verb === 'pause' ? 'paused' : verb === 'resume' ? 'resumed' : 'restarted'}`);
  }
  if (errors.length === 1) ctx.fail(errors[0].startsWith('error: ') ? errors[0] : `error: ${errors[0]}`);
  else if (errors.length > 1) ctx.fail(`error: [${errors.join(', ')}]`);
}

/** The pauser / resumer / restarter of one object; returns the error text, or changes `o`. */
function change(o: KObject, verb: 'pause' | 'resume' | 'restart', nowMs: number): string | undefined {
  if (verb === 'restart') {
    if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(o.kind)) return 'restarting is not supported';
    if (o.kind === 'Deployment' && o.spec?.paused) return "can't restart paused deployment (run rollout resume first)";
    o.spec.template.metadata ??= {};
    o.spec.template.metadata.annotations = { ...(o.spec.template.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': rfc3339(nowMs) };
    return undefined;
  }
  if (o.kind !== 'Deployment') return verb === 'pause' ? 'pausing is not supported' : 'resuming is not supported';
  if (verb === 'pause') {
    if (o.spec.paused) return 'is already paused';
    o.spec.paused = true;
  } else {
    if (!o.spec.paused) return 'is not paused';
    delete o.spec.paused;
  }
  return undefined;
}
