// kubectl run NAME --image=IMAGE [--port] [--env] [--labels] [--restart] [--command] [-- ARGS]:
// creates one Pod, as kubectl 1.32 does (label run=NAME unless --labels is given).
import { isStatus, type KObject } from '../../api/types';
import { flagBool, flagInt, flagString, flagStrings, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError } from '../context';
import { GLOBAL_FLAGS } from '../flags';
import { printObjects, parseOutputFormat } from '../printers';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  { name: 'image', type: 'string' },
  { name: 'port', type: 'int' },
  { name: 'env', type: 'strings' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'restart', type: 'string' },
  { name: 'command', type: 'bool' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'image-pull-policy', type: 'string' },
  { name: 'annotations', type: 'strings' },
  { name: 'rm', type: 'bool' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'attach', type: 'bool' },
  { name: 'expose', type: 'bool' },
  { name: 'privileged', type: 'bool' },
];

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

export function runCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  const name = a.positional[0];
  if (!name) throw new ExitError("error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
  const image = flagString(a, 'image');
  if (!image) throw new ExitError('error: --image is required');
  if (flagBool(a, 'stdin') || flagBool(a, 'tty') || flagBool(a, 'rm') || flagBool(a, 'attach')) {
    throw new ExitError('error: kubeplay cannot attach to a container: run without -i/-t/--rm, then use kubectl exec or kubectl logs');
  }
  const restart = flagString(a, 'restart') ?? 'Always';
  if (!RESTART_POLICIES.includes(restart)) throw new ExitError(`error: invalid restart policy: ${restart}`);
  const labels: Record<string, string> = {};
  const labelSpec = flagString(a, 'labels');
  if (labelSpec) {
    for (const kv of labelSpec.split(',')) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new ExitError(`error: invalid label spec: ${kv}`);
      labels[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
  } else labels.run = name;
  const annotations: Record<string, string> = {};
  for (const kv of flagStrings(a, 'annotations')) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new ExitError(`error: invalid annotation spec: ${kv}`);
    annotations[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const env = flagStrings(a, 'env').map((kv) => {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new ExitError(`error: invalid env: ${kv}`);
    return { name: kv.slice(0, eq), value: kv.slice(eq + 1) };
  });
  const rest = a.rest ?? [];
  const port = flagInt(a, 'port');
  const container: Record<string, unknown> = { name, image };
  if (rest.length > 0) container[flagBool(a, 'command') ? 'command' : 'args'] = rest;
  if (env.length > 0) container.env = env;
  if (flagString(a, 'image-pull-policy')) container.imagePullPolicy = flagString(a, 'image-pull-policy');
  if (port !== undefined) container.ports = [{ containerPort: port }];
  container.resources = {};
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...(Object.keys(annotations).length ? { annotations } : {}), labels, name, namespace: ctx.namespace },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
    status: {},
  };
  const dry = flagString(a, 'dry-run');
  const out = flagString(a, 'output');
  if (dry === 'client' || dry === '') {
    if (out) {
      const format = parseOutputFormat(out);
      if ('error' in format) throw new ExitError(format.error);
      const clientPod = { ...pod, metadata: { creationTimestamp: null, ...pod.metadata, namespace: undefined } } as unknown as KObject;
      const printed = printObjects(format, ctx.cluster.kinds.byKind('Pod'), [clientPod], { single: true, nowMs: ctx.cluster.nowMs });
      if ('error' in printed) throw new ExitError(printed.error);
      ctx.out(printed.text.replace(/\n$/, ''));
    } else ctx.out(`pod/${name} created (dry run)`);
    return;
  }
  const created = ctx.cluster.api.create(pod, { namespace: ctx.namespace, dryRun: dry === 'server' });
  if (isStatus(created)) {
    ctx.fail(formatStatusError(created));
    return;
  }
  ctx.out(`pod/${name} created${dry === 'server' ? ' (server dry run)' : ''}`);
}
