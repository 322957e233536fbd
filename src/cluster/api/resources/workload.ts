/** The shape every workload controller's object shares (apps/v1 sets, batch jobs and cronjobs). */
import type { ResourceDef } from '../resource-types.js';
import { CRUD, resetStatus } from './verbs.js';

type WorkloadFacts = Omit<
  ResourceDef,
  'singular' | 'namespaced' | 'categories' | 'verbs' | 'statusSubresource' | 'generation' | 'prepareForCreate'
>;

/**
 * Namespaced, in the `all` category, every verb, a spec/status split with `metadata.generation`, and no status from
 * a create (the controller writes it).
 */
export function workloadResource(facts: WorkloadFacts): ResourceDef {
  return {
    ...facts,
    singular: facts.kind.toLowerCase(),
    namespaced: true,
    categories: ['all'],
    verbs: CRUD,
    statusSubresource: true,
    generation: true,
    prepareForCreate: resetStatus,
  };
}
