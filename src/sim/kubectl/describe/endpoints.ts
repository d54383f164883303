// `kubectl describe endpoints` (describe.go describeEndpoints).
import type { KObject } from '../../api/types';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString } from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export function describeEndpoints(ctx: DescribeContext, ep: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', ep.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
    w.write(LEVEL_0, 'Subsets:\n');
    for (const ss of (ep.subsets ?? []) as Json[]) {
      w.write(LEVEL_1, `Addresses:\t${((ss.addresses ?? []) as Json[]).map((a) => a.ip).join(',') || '<none>'}\n`);
      w.write(LEVEL_1, `NotReadyAddresses:\t${((ss.notReadyAddresses ?? []) as Json[]).map((a) => a.ip).join(',') || '<none>'}\n`);
      if ((ss.ports ?? []).length > 0) {
        w.write(LEVEL_1, 'Ports:\n');
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
        w.write(LEVEL_2, '----\t----\t--------\n');
        for (const p of ss.ports as Json[]) w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
      }
      w.write(LEVEL_0, '\n');
    }
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, ep), ctx.nowMs);
  });
}

registerDescriber('Endpoints', describeEndpoints);
