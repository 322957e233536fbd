import { describe, expect, it } from 'vitest';
import type { Endpoints, Service } from '../objects/index.js';
import { chainHash, missingHooks, renderFilterRules, renderNatRules, withHooks } from './iptables-rules.js';
import { serviceTable } from './service-table.js';

const web: Service = {
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    type: 'NodePort',
    clusterIP: '10.96.12.34',
    ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }],
  },
};
const webEndpoints: Endpoints = {
  metadata: { name: 'web', namespace: 'default' },
  subsets: [
    {
      addresses: [{ ip: '10.244.0.3' }, { ip: '10.244.0.2' }, { ip: '10.244.0.4' }],
      notReadyAddresses: [{ ip: '10.244.0.9' }],
      ports: [{ name: 'http', port: 8080 }],
    },
  ],
};
const options = { nodeIP: '192.168.86.100', apiServer: { ip: '192.168.86.1', port: 6443 }, localIPs: ['10.96.0.10'] };

describe('serviceTable', () => {
  it('lists ready endpoints only, matched by port name', () => {
    const [entry] = serviceTable([web], [webEndpoints], options);
    expect(entry).toMatchObject({ id: 'default/web:http', clusterIP: '10.96.12.34', port: 80, nodePort: 30080 });
    expect(entry!.endpoints.map((e) => `${e.ip}:${e.port}`)).toEqual([
      '10.244.0.2:8080',
      '10.244.0.3:8080',
      '10.244.0.4:8080',
    ]);
  });

  it('routes the kubernetes service to the host API server, skips the DNS IP, exposes LoadBalancers on the node IP', () => {
    const kubernetes: Service = {
      metadata: { name: 'kubernetes', namespace: 'default' },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] },
    };
    const dns: Service = {
      metadata: { name: 'kube-dns', namespace: 'kube-system' },
      spec: { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
    };
    const lb: Service = {
      metadata: { name: 'shop', namespace: 'default' },
      spec: { type: 'LoadBalancer', clusterIP: '10.96.1.1', ports: [{ port: 8080, nodePort: 31000 }] },
    };
    const entries = serviceTable([kubernetes, dns, lb], [], options);
    expect(entries.map((e) => e.id)).toEqual(['default/kubernetes:https', 'default/shop']);
    expect(entries[0]!.endpoints).toEqual([{ ip: '192.168.86.1', port: 6443 }]);
    expect(entries[1]).toMatchObject({ externalIPs: ['192.168.86.100'], nodePort: 31000 });
  });
});

describe('renderNatRules', () => {
  it('balances with statistic probabilities 1/3, 1/2, then the rest, and DNATs per endpoint', () => {
    const { text, chains } = renderNatRules(serviceTable([web], [webEndpoints], options), new Set());
    const svc = `KUBE-SVC-${chainHash('default/web:http/tcp')}`;
    expect(text).toContain(
      `-A KUBE-SERVICES -d 10.96.12.34/32 -p tcp -m tcp --dport 80 -m comment --comment "default/web:http cluster IP" -j ${svc}`,
    );
    expect(text).toContain(
      `-A KUBE-NODEPORTS -p tcp -m tcp --dport 30080 -m comment --comment "default/web:http" -j ${svc}`,
    );
    const picks = text.split('\n').filter((l) => l.startsWith(`-A ${svc}`) && l.includes('KUBE-SEP-'));
    expect(picks.map((l) => /--probability (\S+)/.exec(l)?.[1])).toEqual(['0.33333333333', '0.50000000000', undefined]);
    expect(text).toContain('-j DNAT --to-destination 10.244.0.4:8080');
    expect(text).toContain(`-A ${svc} -m comment --comment "default/web:http" ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ`);
    expect(text).toMatch(
      /-A KUBE-SEP-\S+ -m comment --comment "default\/web:http" -s 10.244.0.4\/32 -j KUBE-MARK-MASQ/,
    );
    expect(chains.size).toBe(4);
    expect(text.startsWith('*nat\n')).toBe(true);
    expect(text.trimEnd().endsWith('COMMIT')).toBe(true);
  });

  it('flushes and deletes the chains of services that went away', () => {
    const first = renderNatRules(serviceTable([web], [webEndpoints], options), new Set());
    const second = renderNatRules([], first.chains);
    for (const chain of first.chains) {
      expect(second.text).toContain(`:${chain} - [0:0]`);
      expect(second.text).toContain(`-X ${chain}`);
    }
    expect(second.chains.size).toBe(0);
  });

  it('makes chain names valid for iptables (at most 28 characters)', () => {
    expect(`KUBE-SVC-${chainHash('x')}`.length).toBeLessThanOrEqual(28);
    expect(chainHash('a')).not.toBe(chainHash('b'));
    expect(chainHash('a')).toMatch(/^[A-Z2-7]{16}$/);
  });
});

describe('renderFilterRules', () => {
  const lonely: Service = {
    metadata: { name: 'catalog', namespace: 'shop' },
    spec: { type: 'LoadBalancer', clusterIP: '10.96.7.7', ports: [{ port: 80, nodePort: 30111 }] },
  };

  it('refuses new connections to a port without endpoints, on its cluster IP, external IP and node port', () => {
    const text = renderFilterRules(serviceTable([web, lonely], [webEndpoints], options));
    const reject = '-m comment --comment "shop/catalog has no endpoints" -j REJECT --reject-with icmp-port-unreachable';
    expect(text.split('\n')).toEqual([
      '*filter',
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-EXTERNAL-SERVICES - [0:0]',
      `-A KUBE-SERVICES -d 10.96.7.7/32 -p tcp -m tcp --dport 80 ${reject}`,
      `-A KUBE-SERVICES -d 192.168.86.100/32 -p tcp -m tcp --dport 80 ${reject}`,
      `-A KUBE-EXTERNAL-SERVICES -d 192.168.86.100/32 -p tcp -m tcp --dport 80 ${reject}`,
      `-A KUBE-EXTERNAL-SERVICES -m addrtype --dst-type LOCAL -p tcp -m tcp --dport 30111 ${reject}`,
      'COMMIT',
      '',
    ]);
  });

  it('flushes its chains and rejects nothing once every port has endpoints', () => {
    expect(renderFilterRules(serviceTable([web], [webEndpoints], options))).toBe(
      '*filter\n:KUBE-SERVICES - [0:0]\n:KUBE-EXTERNAL-SERVICES - [0:0]\nCOMMIT\n',
    );
  });
});

describe('hooks', () => {
  it('adds the jumps into built-in chains only when iptables-save does not list them, table by table', () => {
    const before = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '*filter',
      '-A FORWARD -j DOCKER-USER',
    ];
    const fresh = missingHooks(before);
    // The nat table's OUTPUT hook is there; the filter table's OUTPUT hook, the same words, is not.
    expect(fresh.nat).toHaveLength(2);
    expect(fresh.filter).toHaveLength(4);
    const text = withHooks(renderNatRules([], new Set()).text, renderFilterRules([]), fresh);
    expect(text).toContain(
      '-I POSTROUTING 1 -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING\nCOMMIT\n*filter\n',
    );
    expect(text).toContain('-I OUTPUT 1 -m conntrack --ctstate NEW');
    expect(text.endsWith('-j KUBE-EXTERNAL-SERVICES\nCOMMIT\n')).toBe(true);
    // What iptables-save lists after that restore: the rules that were there and the ones it added.
    const saved = [...before, ...text.split('\n').map((l) => l.replace(/^-I (\S+) 1 /, '-A $1 '))];
    expect(missingHooks(saved)).toEqual({ nat: [], filter: [] });
    expect(withHooks('*nat\nCOMMIT\n', '*filter\nCOMMIT\n', { nat: [], filter: [] })).toBe(
      '*nat\nCOMMIT\n*filter\nCOMMIT\n',
    );
  });
});
