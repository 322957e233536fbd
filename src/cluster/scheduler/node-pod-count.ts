import { keyOf } from '../machinery/informer.js';
import type { Node, Pod } from '../objects/index.js';

/** Pods a node may run (`allocatable.pods`), or undefined when it states no limit. */
export function allocatablePods(node: Node): number | undefined {
  const text = node.status?.allocatable?.pods;
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

/** A pod that holds a place on its node: bound and not finished (a terminating pod holds it until it is gone). */
export function holdsPlace(pod: Pod): boolean {
  return !!pod.spec.nodeName && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/**
 * Pods per node, as upstream's scheduler cache counts them for the NodeResourcesFit "Too many pods" filter: the
 * pods the informer shows bound, plus pods this scheduler bound whose binding the informer has not shown yet
 * ("assumed"), so a burst of pending pods scheduled one after another cannot overfill the node.
 */
export class NodePodCount {
  private readonly counts = new Map<string, number>();
  /** Pod key -> node, for pods bound here but not yet seen bound. */
  private readonly assumed = new Map<string, string>();
  /** Pod key -> the node it holds a place on, as last seen. */
  private readonly seen = new Map<string, string>();

  /** On every informer event for a pod. */
  observe(pod: Pod, deleted: boolean): void {
    const key = keyOf(pod);
    const node = !deleted && holdsPlace(pod) ? pod.spec.nodeName : undefined;
    if (deleted || pod.spec.nodeName) this.unassume(key);
    const before = this.seen.get(key);
    if (before === node) return;
    if (before !== undefined) this.add(before, -1);
    if (node !== undefined) {
      this.add(node, 1);
      this.seen.set(key, node);
    } else this.seen.delete(key);
  }

  /** A binding this scheduler made, counted until the informer shows it. */
  assume(pod: Pod, node: string): void {
    const key = keyOf(pod);
    if (this.seen.has(key) || this.assumed.has(key)) return;
    this.assumed.set(key, node);
    this.add(node, 1);
  }

  on(node: string): number {
    return this.counts.get(node) ?? 0;
  }

  private unassume(key: string): void {
    const node = this.assumed.get(key);
    if (node === undefined) return;
    this.assumed.delete(key);
    this.add(node, -1);
  }

  private add(node: string, n: number): void {
    this.counts.set(node, (this.counts.get(node) ?? 0) + n);
  }
}
