// `kubectl describe secret` (describe.go describeSecret): data sizes, never values (but a
// service-account token's token). Go ranges over the Data map in random order; kubeplay sorts.
import type { KObject } from '../../api/types';
import { base64Length } from './configmap';
import { printAnnotationsMultiline, printLabelsMultiline } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { LEVEL_0, tabbedString } from './writer';

function decode(b64: string): string {
  return typeof atob === 'function' ? decodeURIComponent(escape(atob(b64))) : b64;
}

export function describeSecret(_ctx: DescribeContext, s: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${s.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${s.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', s.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', s.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${s.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    const data: Record<string, string> = s.data ?? {};
    for (const k of Object.keys(data).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (k === 'token' && s.type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${decode(data[k])}\n`);
      else w.write(LEVEL_0, `${k}:\t${base64Length(data[k])} bytes\n`);
    }
  });
}

registerDescriber('Secret', describeSecret);
