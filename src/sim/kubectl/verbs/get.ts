// kubectl get: tables exactly as kubectl 1.32 prints them, `-o yaml|json|wide|name|jsonpath=…|
// custom-columns=…`, `--sort-by`, `-l`, `--field-selector`, `-n`, `-A`, `--show-labels`, `-L`,
// `get all`, `-w` (a process fed as virtual time passes, until `--request-timeout` or Ctrl+C;
// a transcript stops it once the cluster is idle).
import type { KindInfo } from '../../api/kinds';
import type { StoredChange } from '../../api/store';
import type { KObject } from '../../api/types';
import { flagBool, flagString, flagStrings, parseArgs, type FlagSpec } from '../args';
import { Ctx, ExitError } from '../context';
import { requestTimeoutMs } from '../wait';
import { FILENAME_FLAGS, GLOBAL_FLAGS, SELECTOR_FLAGS } from '../flags';
import { printObjects, printTable, sortObjects, tableCells, tableHeader, parseOutputFormat, type TableOptions } from '../printers';
import { tabwrite } from '../printers/tabwriter';
import { noResourcesMessage } from '../resources';
import { selectObjects, selectorFilter } from '../select';
import { componentStatuses } from './componentstatus';

const FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  ...FILENAME_FLAGS,
  ...SELECTOR_FLAGS,
  { name: 'output', short: 'o', type: 'string' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'watch-only', type: 'bool' },
  { name: 'output-watch-events', type: 'bool' },
  { name: 'show-labels', type: 'bool' },
  { name: 'label-columns', short: 'L', type: 'strings' },
  { name: 'sort-by', type: 'string' },
  { name: 'no-headers', type: 'bool' },
  { name: 'show-kind', type: 'bool' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'chunk-size', type: 'int' },
  { name: 'server-print', type: 'bool' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'template', type: 'string' },
  { name: 'raw', type: 'string' },
  { name: 'subresource', type: 'string' },
  { name: 'all', type: 'bool' },
];

/** How long `get -w` watches in a transcript when no --request-timeout is given: until idle, at most this. */
const DEFAULT_WATCH_MS = 10 * 60 * 1000;


export function getCmd(ctx: Ctx, words: string[]): void {
  const a = parseArgs(words, FLAGS);
  const allNs = flagBool(a, 'all-namespaces');
  const outputFlag = flagString(a, 'output');
  const format = parseOutputFormat(outputFlag);
  if ('error' in format) throw new ExitError(format.error);
  if (a.positional.length === 0 && !a.flags.has('filename')) {
    throw new ExitError(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
    );
  }
  // componentstatuses are computed by the API server on request, not stored.
  const first = a.positional[0]?.split('/')[0];
  const csInfo = first ? ctx.cluster.kinds.resolveResource(first) : undefined;
  let sel;
  if (csInfo?.kind === 'ComponentStatus') {
    ctx.err('Warning: v1 ComponentStatus is deprecated in v1.19+');
    const names = a.positional.slice(1);
    const all = componentStatuses();
    sel = { items: all.filter((o: KObject) => names.length === 0 || names.includes(o.metadata.name!)).map((object) => ({ info: csInfo, object })), kinds: [csInfo], byName: names.length > 0 };
  } else {
    sel = selectObjects(ctx, a);
  }
  const ignoreNotFound = flagBool(a, 'ignore-not-found');
  if (ignoreNotFound) ctx.exitCode = 0;
  const sortBy = flagString(a, 'sort-by');
  const nowMs = ctx.cluster.nowMs;
  const tableOpts = (info: KindInfo, withKind: boolean): TableOptions => ({
    nowMs,
    wide: format.kind === 'wide',
    noHeaders: flagBool(a, 'no-headers'),
    showLabels: flagBool(a, 'show-labels'),
    labelColumns: flagStrings(a, 'label-columns'),
    withNamespace: allNs && info.namespaced,
    withKind: withKind || flagBool(a, 'show-kind'),
    printerColumns: printerColumnsOf(ctx, info),
  });

  let items = sel.items;
  if (sortBy) {
    const sorted = sortObjects(items.map((i) => i.object), sortBy);
    if ('error' in sorted) throw new ExitError(sorted.error);
    items = sorted.objects.map((o) => items.find((i) => i.object === o)!);
  }

  const watching = flagBool(a, 'watch') || flagBool(a, 'watch-only');
  const tableFormat = format.kind === 'table' || format.kind === 'wide';
  // A table watch prints its own list (column widths carry over to the rows that follow).
  if (!flagBool(a, 'watch-only') && !(watching && tableFormat && sel.kinds.length === 1)) {
    if (items.length === 0) {
      if (!sel.byName && ctx.exitCode === 0 && !(flagBool(a, 'watch') && format.kind === 'table')) {
        ctx.err(noResourcesMessage(ctx, sel.kinds.some((k) => k.namespaced), allNs));
      }
    } else if (format.kind === 'table' || format.kind === 'wide') {
      const groups = groupByKind(items);
      const multi = groups.length > 1 || (a.positional[0] === 'all' && groups.length > 0);
      const tables = groups.map(([info, objs]) => printTable(info, objs, tableOpts(info, multi)).replace(/\n$/, ''));
      ctx.out(tables.join('\n\n'));
    } else {
      const single = sel.byName && items.length === 1 && sel.items.length === 1 && !a.positional.some((p) => p.includes(','));
      const printed = printObjects(format, single ? items[0].info : undefined, items.map((i) => i.object), { single, nowMs });
      if ('error' in printed) throw new ExitError(printed.error);
      if (printed.text !== '') ctx.out(printed.text.replace(/\n$/, ''));
    }
  }

  if (watching && ctx.exitCode === 0) watch(ctx, a, sel.kinds, items.map((i) => i.object), format, tableOpts);
}

function groupByKind(items: { info: KindInfo; object: KObject }[]): [KindInfo, KObject[]][] {
  const groups = new Map<KindInfo, KObject[]>();
  for (const i of items) {
    const g = groups.get(i.info);
    if (g) g.push(i.object);
    else groups.set(i.info, [i.object]);
  }
  return [...groups.entries()];
}

function printerColumnsOf(ctx: Ctx, info: KindInfo) {
  if (!info.custom) return undefined;
  const crd = ctx.cluster.api.store.get('apiextensions.k8s.io/CustomResourceDefinition', undefined, `${info.plural}.${info.group}`);
  const version = crd?.spec?.versions?.find((v: { name: string }) => v.name === info.version);
  return version?.additionalPrinterColumns;
}

/** `get -w`: prints each change as a row, keeping column widths (kubectl's tabwriter RememberWidths). */
function watch(
  ctx: Ctx,
  a: ReturnType<typeof parseArgs>,
  kinds: KindInfo[],
  initial: KObject[],
  format: ReturnType<typeof parseOutputFormat> & { kind: string },
  tableOpts: (info: KindInfo, withKind: boolean) => TableOptions,
): void {
  if (kinds.length !== 1) throw new ExitError('error: you may only specify a single resource type');
  const info = kinds[0];
  const kk = `${info.group}/${info.kind}`;
  const filter = selectorFilter(ctx, a);
  const allNs = flagBool(a, 'all-namespaces');
  const names = a.positional.slice(1).filter((p) => !p.includes('/'));
  const timeoutMs = requestTimeoutMs(flagString(a, 'request-timeout'));
  const events = flagBool(a, 'output-watch-events');
  const tableFormat = format.kind === 'table' || format.kind === 'wide';
  const baseOpts = tableOpts(info, false);
  const header = tableHeader(info, baseOpts);
  const rows: string[][] = [];
  let headerShown = baseOpts.noHeaders === true;
  const printRows = (newRows: string[][]) => {
    const out: string[][] = [];
    if (!headerShown) {
      out.push(events ? ['EVENT', ...header] : header);
      headerShown = true;
    }
    out.push(...newRows);
    rows.push(...out);
    const lines = tabwrite(rows).replace(/\n$/, '').split('\n');
    ctx.out(lines.slice(lines.length - out.length).join('\n'));
  };
  const rowsOf = (objs: KObject[], type: string) =>
    tableCells(info, objs, { ...baseOpts, noHeaders: true, nowMs: ctx.cluster.nowMs }).map((r) => (events ? [type, ...r] : r));
  if (tableFormat && !flagBool(a, 'watch-only')) {
    if (initial.length > 0) printRows(rowsOf(initial, 'ADDED'));
  }
  const pending: StoredChange[] = [];
  const unsubscribe = ctx.cluster.subscribe((c) => {
    if (c.kindKey !== kk) return;
    const o = c.object;
    if (info.namespaced && !allNs && o.metadata.namespace !== ctx.namespace) return;
    if (names.length > 0 && !names.includes(o.metadata.name!)) return;
    if (filter && !filter(o)) return;
    pending.push(c);
  });
  const flush = () => {
    for (const c of pending.splice(0)) {
      if (tableFormat) {
        printRows(rowsOf([c.object], c.type));
      } else {
        const printed = printObjects(format, info, [c.object], { single: true, nowMs: ctx.cluster.nowMs });
        if (!('error' in printed)) ctx.out(printed.text.replace(/\n$/, ''));
      }
    }
  };
  // A watch never ends by itself (only --request-timeout or Ctrl+C end it); each poll prints
  // the changes seen since the last one, with the time of that poll.
  ctx.waitFor({
    poll: () => {
      flush();
      return false;
    },
    deadlineMs: timeoutMs === undefined ? undefined : ctx.cluster.nowMs + timeoutMs,
    batchLimitMs: DEFAULT_WATCH_MS,
    batchUntilIdle: true,
    finish: flush,
    close: unsubscribe,
  });
}
