/** Discovery documents: /version, /api, /apis, /api/v1, /apis/<group>[/<version>]. */
import { GROUP_ORDER } from './catalog.js';
import { groupVersion, type ResourceDef } from './resource-types.js';

export const VERSION_INFO = {
  major: '1',
  minor: '20',
  gitVersion: 'v1.20.2',
  gitCommit: 'faecb196815e248d3ecfb03c680a4507229c2a56',
  gitTreeState: 'clean',
  buildDate: '2021-01-13T13:20:00Z',
  goVersion: 'go1.15.5',
  compiler: 'gc',
  platform: 'linux/386',
};

/** Versions served per group, preferred first (batch: v1 for jobs, v1beta1 for cronjobs, as in 1.20). */
export function groupVersions(defs: readonly ResourceDef[], group: string): string[] {
  const versions = [...new Set(defs.filter((d) => d.group === group).map((d) => d.version))];
  return versions.sort((a, b) => rank(a) - rank(b));
}

function rank(v: string): number {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return 1000;
  const major = Number(m[1]);
  const stage = m[2] === 'alpha' ? 2 : m[2] === 'beta' ? 1 : 0;
  return stage * 100 - major * 10 - Number(m[3] ?? 0);
}

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(defs: readonly ResourceDef[], group: string): unknown {
  const versions = groupVersions(defs, group).map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(defs: readonly ResourceDef[]): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUP_ORDER.map((g) => apiGroup(defs, g)) };
}

export function apiGroupDoc(defs: readonly ResourceDef[], group: string): unknown | undefined {
  if (!GROUP_ORDER.includes(group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...(apiGroup(defs, group) as object) };
}

export function apiResourceList(defs: readonly ResourceDef[], group: string, version: string): unknown | undefined {
  const mine = defs.filter((d) => d.group === group && d.version === version);
  if (!mine.length) return undefined;
  const resources: unknown[] = [];
  for (const d of mine) {
    resources.push({
      name: d.resource,
      singularName: '',
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: d.verbs,
      ...(d.shortNames ? { shortNames: d.shortNames } : {}),
      ...(d.categories ? { categories: d.categories } : {}),
    });
    for (const s of d.subresources ?? []) {
      resources.push({
        name: `${d.resource}/${s.name}`,
        singularName: '',
        namespaced: d.namespaced,
        ...(s.group !== undefined ? { group: s.group, version: s.version } : {}),
        kind: s.kind,
        verbs: s.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(mine[0]!), resources };
}
