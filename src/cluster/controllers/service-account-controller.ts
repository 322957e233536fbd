import type { ControllerContext } from '../machinery/controller-context.js';
import { keyOf } from '../machinery/informer.js';
import { randomSuffix } from '../objects/generated-names.js';
import { isReason } from '../machinery/store-port.js';
import type { KubeObject } from '../objects/index.js';

/**
 * The service account controller (upstream pkg/controller/serviceaccount): every active namespace gets a `default`
 * ServiceAccount, recreated if deleted. Like 1.20's token controller, each gets a `default-token-xxxxx` Secret
 * referenced from `.secrets`, so `kubectl get sa` shows SECRETS 1 as on a real cluster.
 */
export function startServiceAccountController(ctx: ControllerContext): void {
  const namespaces = ctx.informer('namespaces');
  const accounts = ctx.informer('serviceaccounts');
  const haveSecrets = ctx.store.resources().some((r) => r.resource === 'secrets');
  const queue = ctx.queue('serviceaccount', sync);

  namespaces.onChange((e) => {
    if (e.type !== 'DELETED') queue.add(keyOf(e.object));
  });
  accounts.onChange((e) => {
    if (e.type === 'DELETED' && e.object.metadata.name === 'default') queue.add(e.object.metadata.namespace ?? '');
  });

  async function sync(namespace: string): Promise<void> {
    const ns = namespaces.get(namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    if (accounts.get(`${namespace}/default`) || ctx.store.get('serviceaccounts', namespace, 'default')) return;
    const sa: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } };
    try {
      const created = await ctx.store.create('serviceaccounts', sa);
      if (!haveSecrets) return;
      const secretName = `default-token-${randomSuffix(5, ctx.random)}`;
      await ctx.store.create('secrets', {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/service-account-token',
        metadata: {
          name: secretName,
          namespace,
          annotations: {
            'kubernetes.io/service-account.name': 'default',
            'kubernetes.io/service-account.uid': created.metadata.uid ?? '',
          },
        },
        data: { namespace: btoa(namespace), token: btoa(`wharf-token-${namespace}`) },
      });
      await ctx.store.update('serviceaccounts', { ...created, secrets: [{ name: secretName }] });
    } catch (error) {
      if (!isReason(error, 'AlreadyExists')) throw error;
    }
  }
}
