// ImageLocality (plugins/imagelocality): prefers nodes that already have the pod's images, each
// image's size scaled by the share of nodes that have it, clamped between 23MB and
// 1000MB × containers. Images come from node.status.images (names as the kubelet reports them;
// a pod's image without a tag is looked up as `<image>:latest`, as upstream does). Weight 1.
import type { CycleState } from '../cycle';
import type { NodeInfo } from '../nodeinfo';
import { MAX_NODE_SCORE, type ScorePlugin } from '../types';
/** A module-local copy: imported bindings cost a getter call per use under CJS transforms. */
const MAX_SCORE = MAX_NODE_SCORE;

export const IMAGE_LOCALITY = 'ImageLocality';
const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** normalizedImageName: adds `:latest` when the name has no tag. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return `${name}:latest`;
  return name;
}

/** calculatePriority. */
export function imageLocalityScore(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD) s = MIN_THRESHOLD;
  else if (s > maxThreshold) s = maxThreshold;
  return Math.trunc((MAX_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

const STATE = IMAGE_LOCALITY;

type Containers = readonly ({ image?: unknown } | null | undefined)[];

/** The pod's images, init containers first, normalized. */
function imagesOf(init: unknown, containers: unknown): string[] {
  const images: string[] = [];
  // Arrays (every stored pod's) are read by index: no combined copy and iterator per attempt.
  if ((init === undefined || init === null || Array.isArray(init)) && (containers === undefined || containers === null || Array.isArray(containers))) {
    if (init) addImages(images, init as Containers);
    if (containers) addImages(images, containers as Containers);
    return images;
  }
  for (const c of [...((init as Iterable<{ image?: unknown }> | undefined) ?? []), ...((containers as Iterable<{ image?: unknown }> | undefined) ?? [])]) {
    images.push(normalizedImageName(String(c?.image ?? '')));
  }
  return images;
}

function addImages(images: string[], cs: Containers): void {
  for (let i = 0; i < cs.length; i++) images.push(normalizedImageName(String(cs[i]?.image ?? '')));
}

export const imageLocality: ScorePlugin = {
  name: IMAGE_LOCALITY,
  weight: 1,
  preScore(state: CycleState) {
    const spec = state.pod.spec ?? {};
    state.write(STATE, imagesOf(spec.initContainers, spec.containers));
    return true;
  },
  score(state: CycleState, node: NodeInfo): number {
    const images = state.read<string[]>(STATE) ?? [];
    let sum = 0;
    if (node.images.size > 0) {
      const total = state.cache.numNodes;
      for (const img of images) {
        const size = node.images.get(img);
        if (size === undefined) continue;
        const spread = (state.cache.imageNodes.get(img) ?? 0) / total;
        sum += Math.trunc(size * spread);
      }
    }
    return imageLocalityScore(sum, images.length);
  },
};

/**
 * `score` over a batch of nodes with the pod's images and each image's spread (the share of nodes
 * that have it) read once, not per node; a node without images scores the clamped minimum. The
 * same arithmetic in the same order as `score`.
 */
imageLocality.scoreBatch = (state, nodes, out, n) => {
  const images = state.read<string[]>(STATE) ?? [];
  const ni = images.length;
  const total = state.cache.numNodes;
  const spreads: number[] = new Array(ni);
  for (let j = 0; j < ni; j++) spreads[j] = (state.cache.imageNodes.get(images[j]!) ?? 0) / total;
  const none = imageLocalityScore(0, ni);
  for (let k = 0; k < n; k++) {
    const have = nodes[k]!.images;
    if (have.size === 0) {
      out[k] = none;
      continue;
    }
    let sum = 0;
    for (let j = 0; j < ni; j++) {
      const size = have.get(images[j]!);
      if (size === undefined) continue;
      sum += Math.trunc(size * spreads[j]!);
    }
    out[k] = imageLocalityScore(sum, ni);
  }
};
