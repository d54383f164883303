// kubectl describe: `TYPE [NAME_PREFIX]`, `TYPE/NAME`, `-l`, `-A`, `-f`, `--show-events`.
// `TYPE NAME` with no exact match describes every object whose name starts with NAME.
import { notFound } from '../../api/errors';
import { isStatus } from '../../api/types';
import { flagBool, flagString, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError, formatStatusError } from '../context';
import { describeObject } from '../describe';
import type { DescribeContext } from '../describe/registry';
import { FILENAME_FLAGS, GLOBAL_FLAGS, SELECTOR_FLAGS } from '../flags';
import { nsFor, resolveType } from '../resources';
import { selectObjects } from '../select';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  ...SELECTOR_FLAGS,
  { name: 'show-events', type: 'string' },
  { name: 'chunk-size', type: 'int' },
];

export function describeCmd(ctx: Ctx, words: string[]): void {
  // `--show-events` is a bool flag: `--show-events=false` (a separate `false` would be a name).
  const a = parseArgs(words.map((w) => (w === '--show-events' ? '--show-events=true' : w)), FLAGS);
  if (a.positional.length === 0 && !a.flags.has('filename')) {
    throw new ExitError('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  const showRaw = flagString(a, 'show-events') ?? 'true';
  if (showRaw !== 'true' && showRaw !== 'false') {
    throw new ExitError(`error: invalid argument "${showRaw}" for "--show-events" flag: strconv.ParseBool: parsing "${showRaw}": invalid syntax`);
  }
  const dctx: DescribeContext = { cluster: ctx.cluster, nowMs: ctx.cluster.nowMs, showEvents: showRaw === 'true', chunkSize: 500 };
  const allNs = flagBool(a, 'all-namespaces');

  // `TYPE NAME`: an exact name, else every object whose name has that prefix.
  if (a.positional.length === 2 && !a.positional.some((p) => p.includes('/')) && !a.positional[0].includes(',') && !a.flags.has('selector')) {
    const [type, name] = a.positional;
    const [info] = resolveType(ctx, type);
    const ns = nsFor(ctx, info);
    const exact = ctx.cluster.api.get(info, ns, name);
    if (!isStatus(exact)) {
      ctx.out(describeObject(dctx, info, exact).replace(/\n$/, ''));
      return;
    }
    const matches = ctx.cluster.api.list(info, ns).filter((o) => (o.metadata.name ?? '').startsWith(name));
    if (matches.length === 0) throw new ExitError(formatStatusError(notFound(info, name)));
    ctx.out(matches.map((o) => `${describeObject(dctx, info, o)}\n`).join('').replace(/\n$/, ''));
    return;
  }

  const sel = selectObjects(ctx, a);
  const texts = sel.items.map((i) => describeObject(dctx, i.info, i.object));
  if (texts.length > 0) ctx.out(texts.join('\n\n').replace(/\n$/, ''));
  else if (ctx.exitCode === 0) ctx.err(allNs ? 'No resources found' : `No resources found in ${ctx.namespace} namespace.`);
}
