// Node heartbeats, the node lifecycle controller, taint eviction and PodGC. Not yet built.
import type { Component } from '../../host';

export function createNodeLifecycleComponent(): Component {
  return { name: 'node-lifecycle', install() {} };
}
