// kubectl apply -f / create -f, and the imperative `create` generators (namespace, deployment,
// configmap, secret generic, serviceaccount, job, cronjob, priorityclass, quota).
import { isStatus, type KObject } from '../../api/types';
import { flagBool, flagInt, flagString, flagStrings, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError, refOf } from '../context';
import { FILENAME_FLAGS, GLOBAL_FLAGS } from '../flags';
import { readManifestSources } from '../files';
import { applyText, describeOutcome, type ApplyOptions } from '../apply';
import { resolveType } from '../resources';

const APPLY_FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'server-side', type: 'bool' },
  { name: 'force-conflicts', type: 'bool' },
  { name: 'field-manager', type: 'string' },
  { name: 'validate', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'prune', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'record', type: 'bool' },
  { name: 'overwrite', type: 'bool' },
  { name: 'wait', type: 'bool' },
  { name: 'edit', type: 'bool' },
  { name: 'windows-line-endings', type: 'bool' },
];

function dryRunOf(a: ReturnType<typeof parseArgs>): ApplyOptions['dryRun'] {
  const d = flagString(a, 'dry-run');
  if (d === undefined || d === 'none') return undefined;
  if (d === 'client' || d === 'server') return d;
  if (d === '') return 'client';
  throw new ExitError(`error: Invalid dry-run value (${d}). Must be "none", "server", or "client".`);
}

export function applyCmd(ctx: Ctx, words: string[], createOnly: boolean): void {
  const usesFiles = words.some((w) => w === '-f' || w.startsWith('-f') || w.startsWith('--filename') || w === '-k' || w.startsWith('--kustomize'));
  if (createOnly && !usesFiles) {
    const positional = parseArgs(words, [...GENERATOR_FLAGS]).positional;
    return createGenerator(ctx, positional, words);
  }
  const a = parseArgs(words, APPLY_FLAGS);
  const files = flagStrings(a, 'filename');
  if (flagString(a, 'kustomize') !== undefined) throw new ExitError('error: kustomize (-k) is not supported by kubeplay');
  if (files.length === 0) throw new ExitError('error: must specify one of -f and -k');
  const opts: ApplyOptions = {
    namespace: ctx.namespace,
    namespaceFlag: ctx.namespaceFlag,
    dryRun: dryRunOf(a),
    createOnly,
    saveConfig: !createOnly || flagBool(a, 'save-config'),
  };
  const sources = readManifestSources(ctx, files, flagBool(a, 'recursive'));
  let any = false;
  for (const src of sources) {
    const report = applyText(ctx.cluster, src.text, src.name, opts);
    for (const w of report.warnings) ctx.err(w);
    for (const r of report.results) {
      any = true;
      ctx.out(flagString(a, 'output') === 'name' ? r.ref : describeOutcome(r, opts));
    }
    for (const e of report.errors) ctx.fail(e.message);
  }
  if (!any && ctx.exitCode === 0) ctx.fail('error: no objects passed to ' + (createOnly ? 'create' : 'apply'));
}

const GENERATOR_FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  { name: 'image', type: 'strings' },
  { name: 'replicas', short: 'r', type: 'int' },
  { name: 'port', type: 'int' },
  { name: 'from-literal', type: 'strings' },
  { name: 'from-file', type: 'strings' },
  { name: 'schedule', type: 'string' },
  { name: 'restart', type: 'string' },
  { name: 'value', type: 'int' },
  { name: 'global-default', type: 'bool' },
  { name: 'description', type: 'string' },
  { name: 'hard', type: 'string' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'type', type: 'string' },
  { name: 'from', type: 'string' },
];

function createGenerator(ctx: Ctx, positional: string[], words: string[]): void {
  const [sub] = positional;
  const subWords = words.filter((w, i) => !(w === sub && i === words.indexOf(sub)));
  const a = parseArgs(subWords, GENERATOR_FLAGS);
  const rest = [...a.positional];
  let obj: KObject;
  const ns = ctx.namespace;
  const needName = (what: string) => {
    const n = rest[sub === 'secret' ? 1 : 0];
    if (!n) throw new ExitError(`error: exactly one NAME is required, got 0\nSee 'kubectl create ${what} -h' for help and examples`);
    return n;
  };
  const literals = () => {
    const data: Record<string, string> = {};
    for (const l of flagStrings(a, 'from-literal')) {
      const eq = l.indexOf('=');
      if (eq <= 0) throw new ExitError(`error: invalid literal source ${l}, expected key=value`);
      data[l.slice(0, eq)] = l.slice(eq + 1);
    }
    for (const f of flagStrings(a, 'from-file')) {
      const eq = f.indexOf('=');
      const key = eq > 0 ? f.slice(0, eq) : f.split('/').pop()!;
      const path = eq > 0 ? f.slice(eq + 1) : f;
      const text = ctx.io.readFile?.(path);
      if (text === undefined) throw new ExitError(`error: open ${path}: no such file or directory`);
      data[key] = text;
    }
    return data;
  };
  switch (sub) {
    case 'namespace':
    case 'ns':
      obj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: needName('namespace') } };
      break;
    case 'deployment':
    case 'deploy': {
      const name = needName('deployment');
      const images = flagStrings(a, 'image');
      if (images.length === 0) throw new ExitError('error: required flag(s) "image" not set');
      const labels = { app: name };
      const port = flagInt(a, 'port');
      obj = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns, labels },
        spec: {
          replicas: flagInt(a, 'replicas') ?? 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: images.map((image) => ({
                name: imageToName(image),
                image,
                ...(port !== undefined ? { ports: [{ containerPort: port }] } : {}),
              })),
            },
          },
        },
      };
      break;
    }
    case 'configmap':
    case 'cm':
      obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: needName('configmap'), namespace: ns }, data: literals() };
      break;
    case 'secret': {
      if (rest[0] !== 'generic') throw new ExitError(`error: kubeplay supports 'kubectl create secret generic' (got "${rest[0] ?? ''}")`);
      const data = Object.fromEntries(Object.entries(literals()).map(([k, v]) => [k, base64(v)]));
      obj = { apiVersion: 'v1', kind: 'Secret', metadata: { name: needName('secret generic'), namespace: ns }, data, type: flagString(a, 'type') ?? 'Opaque' };
      break;
    }
    case 'serviceaccount':
    case 'sa':
      obj = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: needName('serviceaccount'), namespace: ns } };
      break;
    case 'job': {
      const name = needName('job');
      const image = flagStrings(a, 'image')[0];
      const from = flagString(a, 'from');
      if (!image === !from) throw new ExitError('error: either --image or --from must be specified');
      const command = a.rest ?? [];
      if (from) {
        if (command.length > 0) throw new ExitError('error: cannot specify --from and command');
        obj = jobFromCronJob(ctx, name, from);
        break;
      }
      obj = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name, namespace: ns },
        spec: { template: { spec: { containers: [{ name, image, ...(command.length ? { command } : {}) }], restartPolicy: 'Never' } } },
      };
      break;
    }
    case 'cronjob':
    case 'cj': {
      const name = needName('cronjob');
      const image = flagStrings(a, 'image')[0];
      const schedule = flagString(a, 'schedule');
      if (!image) throw new ExitError('error: --image must be specified');
      if (!schedule) throw new ExitError('error: --schedule must be specified');
      obj = {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name, namespace: ns },
        spec: {
          schedule,
          jobTemplate: { metadata: { name }, spec: { template: { spec: { containers: [{ name, image }], restartPolicy: flagString(a, 'restart') ?? 'OnFailure' } } } },
        },
      };
      break;
    }
    case 'priorityclass':
    case 'pc':
      obj = {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: needName('priorityclass') },
        value: flagInt(a, 'value') ?? 0,
        globalDefault: flagBool(a, 'global-default'),
        description: flagString(a, 'description') ?? '',
        preemptionPolicy: 'PreemptLowerPriority',
      };
      break;
    case 'quota':
    case 'resourcequota': {
      const hard: Record<string, string> = {};
      for (const kv of (flagString(a, 'hard') ?? '').split(',').filter(Boolean)) {
        const [k, v] = kv.split('=');
        hard[k] = v;
      }
      obj = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: needName('quota'), namespace: ns }, spec: { hard } };
      break;
    }
    default:
      throw new ExitError(
        sub
          ? `error: unknown command "${sub}" for "kubectl create"`
          : 'error: must specify one of -f and -k',
      );
  }
  const dry = flagString(a, 'dry-run');
  const info = ctx.cluster.api.resolve(obj.apiVersion, obj.kind);
  if (isStatus(info)) throw new ExitError(info.message);
  if (dry === 'client' || dry === '') {
    ctx.out(`${refOf(info, obj)} created (dry run)`);
    return;
  }
  const created = ctx.cluster.api.create(obj, { namespace: ns, dryRun: dry === 'server' });
  if (isStatus(created)) {
    ctx.fail(formatStatusError(created));
    return;
  }
  ctx.out(`${refOf(info, created)} created${dry === 'server' ? ' (server dry run)' : ''}`);
}

/**
 * `kubectl create job NAME --from=cronjob/CJ` (create_job.go createJobFromCronJob): the CronJob's
 * jobTemplate, annotated `cronjob.kubernetes.io/instantiate: manual`, with the template's labels
 * and annotations and a controller reference to the CronJob. kubectl leaves blockOwnerDeletion
 * unset (setting it would need the cronjobs/finalizers permission).
 */
function jobFromCronJob(ctx: Ctx, name: string, from: string): KObject {
  const slash = from.indexOf('/');
  if (slash < 0) throw new ExitError('error: resource(s) were provided, but no name was specified');
  const type = from.slice(0, slash);
  const cjName = from.slice(slash + 1);
  const info = resolveType(ctx, type)[0];
  const cj = ctx.cluster.api.get(info, info.namespaced ? ctx.namespace : undefined, cjName);
  if (isStatus(cj)) throw new ExitError(formatStatusError(cj));
  if (info.kind !== 'CronJob') throw new ExitError(`error: unknown object type *${info.custom ? 'unstructured.Unstructured' : `${info.version}.${info.kind}`}`);
  const template = cj.spec?.jobTemplate ?? {};
  const annotations: Record<string, string> = { 'cronjob.kubernetes.io/instantiate': 'manual', ...(template.metadata?.annotations ?? {}) };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: ctx.namespace,
      annotations,
      ...(template.metadata?.labels ? { labels: structuredClone(template.metadata.labels) } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name ?? '', uid: cj.metadata.uid ?? '', controller: true }],
    },
    spec: structuredClone(template.spec ?? {}),
  };
}

/** kubectl names a container after its image: the last path element, without tag or digest. */
function imageToName(image: string): string {
  const base = image.split('/').pop() ?? image;
  return base.split(/[:@]/)[0];
}

function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
