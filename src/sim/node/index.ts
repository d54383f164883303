// Kubelets, the container runtime and node lifecycle. Not yet built.
import type { Component } from '../host';

export function createNodeComponent(): Component {
  return { name: 'node', install() {} };
}
