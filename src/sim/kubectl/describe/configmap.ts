// `kubectl describe configmap` (describe.go describeConfigMap). Go ranges over the Data map in
// random order; kubeplay prints the keys sorted.
import type { KObject } from '../../api/types';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { LEVEL_0, tabbedString } from './writer';

const sortedKeys = (m: Record<string, unknown> | undefined | null) => Object.keys(m ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The byte length of base64 data. */
export function base64Length(b64: string): number {
  const s = b64.replace(/\s/g, '');
  if (s.length === 0) return 0;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}

export function describeConfigMap(ctx: DescribeContext, cm: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of sortedKeys(cm.data)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data[k]}\n\n`);
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const k of sortedKeys(cm.binaryData)) w.write(LEVEL_0, `${k}: ${base64Length(cm.binaryData[k])} bytes\n`);
    w.write(LEVEL_0, '\n');
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, cm), ctx.nowMs);
  });
}

registerDescriber('ConfigMap', describeConfigMap);
