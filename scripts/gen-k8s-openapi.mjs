#!/usr/bin/env node
// Generates src/cluster/api/openapi/k8s-1.20-openapi.json: the parts of Kubernetes v1.20.2's published OpenAPI
// (api/openapi-spec/swagger.json, Apache-2.0) that Wharf's API server serves: every definition reachable from the
// kinds we serve (with descriptions, for `kubectl explain`, and x-kubernetes-* extensions, for apply validation) and,
// per kind, the PATCH operation's GVK + dryRun parameter (what kubectl checks before `--dry-run=server`).
// The spec comes from Debian's `kubernetes` source package (the same release as the guest's kubectl), fetched with
// apt into the cache using the machine's own apt mirror; nothing here names a host.
//
//   node scripts/gen-k8s-openapi.mjs [path/to/swagger.json]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, repoRoot } from './lib/paths.mjs';

const OUT = join(repoRoot, 'src/cluster/api/openapi/k8s-1.20-openapi.json');

/** group/version/kind of everything the API server serves (keep in step with src/cluster/api/catalog.ts). */
const KINDS = [
  ['', 'v1', 'Binding'],
  ['', 'v1', 'ConfigMap'],
  ['', 'v1', 'Endpoints'],
  ['', 'v1', 'Event'],
  ['', 'v1', 'LimitRange'],
  ['', 'v1', 'Namespace'],
  ['', 'v1', 'Node'],
  ['', 'v1', 'Pod'],
  ['', 'v1', 'ResourceQuota'],
  ['', 'v1', 'Secret'],
  ['', 'v1', 'ServiceAccount'],
  ['', 'v1', 'Service'],
  ['', 'v1', 'List'],
  ['apps', 'v1', 'ControllerRevision'],
  ['apps', 'v1', 'DaemonSet'],
  ['apps', 'v1', 'Deployment'],
  ['apps', 'v1', 'ReplicaSet'],
  ['apps', 'v1', 'StatefulSet'],
  ['autoscaling', 'v1', 'Scale'],
  ['batch', 'v1', 'Job'],
  ['batch', 'v1beta1', 'CronJob'],
  ['coordination.k8s.io', 'v1', 'Lease'],
  ['', 'v1', 'PersistentVolume'],
  ['', 'v1', 'PersistentVolumeClaim'],
  ['networking.k8s.io', 'v1', 'Ingress'],
  ['networking.k8s.io', 'v1', 'IngressClass'],
  ['storage.k8s.io', 'v1', 'StorageClass'],
  ['autoscaling', 'v1', 'HorizontalPodAutoscaler'],
];

function swaggerPath() {
  if (process.argv[2]) return process.argv[2];
  const dir = join(cacheRoot, 'k8s-src');
  const extracted = join(dir, 'kubernetes-1.20.2', 'api', 'openapi-spec', 'swagger.json');
  if (existsSync(extracted)) return extracted;
  mkdirSync(join(dir, 'apt', 'lists', 'partial'), { recursive: true });
  mkdirSync(join(dir, 'apt', 'parts'), { recursive: true });
  // A deb-src twin of the machine's own sources, in a private apt state dir (the system's apt config is untouched).
  const sources = readFileSync('/etc/apt/sources.list.d/debian.sources', 'utf8').replace(
    /^Types: deb$/gm,
    'Types: deb-src',
  );
  writeFileSync(join(dir, 'apt', 'parts', 'src.sources'), sources);
  const opts = [
    '-o',
    'Dir::Etc::SourceList=/dev/null',
    '-o',
    `Dir::Etc::SourceParts=${join(dir, 'apt', 'parts')}`,
    '-o',
    `Dir::State::Lists=${join(dir, 'apt', 'lists')}`,
  ];
  execFileSync('apt-get', [...opts, 'update', '-q'], { stdio: 'inherit' });
  execFileSync('apt-get', [...opts, 'source', '--download-only', 'kubernetes'], { cwd: dir, stdio: 'inherit' });
  const orig = readdirSync(dir).find((f) => /^kubernetes_1\.20\..*\.orig\.tar\.gz$/.test(f));
  if (!orig) throw new Error('the kubernetes 1.20 source package was not downloaded');
  execFileSync('tar', ['xzf', orig, '--wildcards', '*/api/openapi-spec/swagger.json'], { cwd: dir });
  const top = readdirSync(dir).find((f) => f.startsWith('kubernetes-1.20'));
  return join(dir, top, 'api', 'openapi-spec', 'swagger.json');
}

const spec = JSON.parse(readFileSync(swaggerPath(), 'utf8'));
const defs = spec.definitions;
const gvkOf = (d) => d['x-kubernetes-group-version-kind'] ?? [];
const wanted = (g) =>
  KINDS.some(([group, version, kind]) => g.group === group && g.version === version && g.kind === kind);

const keep = new Set();
const visit = (name) => {
  if (keep.has(name) || !defs[name]) return;
  keep.add(name);
  JSON.stringify(defs[name], (key, value) => {
    if (key === '$ref' && typeof value === 'string') visit(value.replace('#/definitions/', ''));
    return value;
  });
};
for (const [name, d] of Object.entries(defs)) if (gvkOf(d).some(wanted)) visit(name);

const definitions = {};
for (const name of [...keep].sort()) definitions[name] = defs[name];

const paths = {};
for (const [path, item] of Object.entries(spec.paths)) {
  const patch = item.patch;
  const gvk = patch?.['x-kubernetes-group-version-kind'];
  if (!gvk || !wanted(gvk)) continue;
  // Namespaced and cluster-scoped variants exist; one per kind (the item path, not a subresource) is enough.
  if (/\/(status|scale|finalize|ephemeralcontainers|binding|eviction)$/.test(path)) continue;
  const dryRun = patch.parameters.find((p) => p.name === 'dryRun');
  paths[path] = {
    patch: {
      operationId: patch.operationId,
      parameters: dryRun
        ? [{ in: 'query', name: 'dryRun', type: 'string', uniqueItems: true, description: dryRun.description }]
        : [],
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': gvk,
    },
  };
}

const out = { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.20.2' }, paths, definitions };
writeFileSync(OUT, JSON.stringify(out) + '\n');
console.log(
  `${OUT}: ${Object.keys(definitions).length} definitions, ${Object.keys(paths).length} paths, ${(JSON.stringify(out).length / 1024).toFixed(0)} KB`,
);
