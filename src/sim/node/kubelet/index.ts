// The kubelets and their container runtime. Not yet built.
import type { Component } from '../../host';

export function createKubeletComponent(): Component {
  return { name: 'kubelet', install() {} };
}
