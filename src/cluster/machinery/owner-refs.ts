import type { KubeObject, OwnerReference } from '../objects/index.js';

/** The ownerReference with controller: true, if any (upstream metav1.GetControllerOf). */
export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

/** An ownerReference naming `owner` as controller, the way upstream controllers stamp what they create. */
export function controllerRefTo(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** A shallow copy with a fresh metadata object, so cached objects are never mutated. */
export function copyMeta<T extends KubeObject>(obj: T): T {
  return { ...obj, metadata: { ...obj.metadata } };
}

export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}
