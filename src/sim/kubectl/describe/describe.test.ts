import { describe, expect, it } from 'vitest';
import { camelSplit, describeGeneric, smartLabelFor } from './generic';
import { goTabwrite } from './writer';
import { Cluster } from '../../cluster';

describe('describe machinery', () => {
  it('aligns like Go tabwriter (minwidth 0, padding 2): blocks end at lines without tabs', () => {
    expect(goTabwrite('Name:\tweb\nNamespace:\tdefault\nIPs:\n  IP:\t10.0.0.1\n')).toBe('Name:       web\nNamespace:  default\nIPs:\n  IP:  10.0.0.1\n');
    expect(goTabwrite('IP:\t\n')).toBe('IP:  \n');
  });

  it('labels fields as printUnstructuredContent does', () => {
    expect(camelSplit('creationTimestamp')).toEqual(['creation', 'Timestamp']);
    expect(camelSplit('HTTPServer')).toEqual(['HTTP', 'Server']);
    expect(smartLabelFor('apiVersion')).toBe('API Version');
    expect(smartLabelFor('uid')).toBe('UID');
    expect(smartLabelFor('resourceVersion')).toBe('Resource Version');
    expect(smartLabelFor('app.kubernetes.io/name')).toBe('app.kubernetes.io/name');
  });

  it('describes kinds without a describer generically', () => {
    const c = new Cluster({ seed: 1 });
    c.kubectl('create configmap cfg --from-literal=color=blue');
    // ConfigMap has its own describer now; the generic one still describes it field by field.
    const cm = c.list('/ConfigMap', 'default').find((o) => o.metadata.name === 'cfg')!;
    const out = describeGeneric({ cluster: c, nowMs: c.nowMs, showEvents: true, chunkSize: 500 }, cm);
    // Go's tabwriter aligns every consecutive tabbed line: `Kind:` with `  Color:`, `Events:` with the metadata.
    expect(out).toMatch(/^Name:         cfg\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\nAPI Version:  v1\nData:\n  Color:  blue\nKind:     ConfigMap\nMetadata:\n  Creation Timestamp:  2025-01-15T09:00:00Z\n/);
    expect(out).toMatch(/\nEvents:                <none>\n$/);
  });

  it('describe TYPE PREFIX describes every match; errors as kubectl', () => {
    const c = new Cluster({ seed: 1 });
    c.kubectl('create configmap web-a --from-literal=a=1');
    c.kubectl('create configmap web-b --from-literal=b=2');
    const out = c.kubectl('describe cm web').stdout;
    expect(out.match(/^Name:/gm)?.length).toBe(2);
    expect(c.kubectl('describe cm nope').stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
    expect(c.kubectl('describe').stderr).toBe('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n');
    expect(c.kubectl('describe pods').stderr).toBe('No resources found in default namespace.\n');
  });
});
