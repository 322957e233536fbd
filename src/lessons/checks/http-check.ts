import type { Service } from '../../cluster/objects/index.js';
import type { CheckOf } from '../schema/check-kinds.js';
import type { ClusterPort, HttpPort } from '../ports.js';
import { fail, pass, type CheckOutcome } from './check-outcome.js';

/** The guest's own address for published and node ports. */
const GUEST_LOCALHOST = '127.0.0.1';

type Target = { host: string; port: number; label: string } | { problem: CheckOutcome };

async function resolveTarget(check: CheckOf<'http.get'>, cluster: ClusterPort): Promise<Target> {
  if (check.port !== undefined) return { host: GUEST_LOCALHOST, port: check.port, label: `port ${check.port}` };
  const name = check.nodePortOf ?? check.service ?? '';
  const service = (await cluster.get('Service', check.namespace ?? 'default', name)) as Service | undefined;
  if (!service) return { problem: fail('not-found', `there is no Service named ${name}`) };
  const port = service.spec?.ports?.[0];
  if (check.nodePortOf !== undefined) {
    if (!port?.nodePort)
      return {
        problem: fail('wrong-value', `Service ${name} is ${service.spec?.type ?? 'ClusterIP'}: it has no node port`),
      };
    return { host: GUEST_LOCALHOST, port: port.nodePort, label: `node port ${port.nodePort} of ${name}` };
  }
  const ip = service.spec?.clusterIP;
  if (!ip || ip === 'None' || !port)
    return { problem: fail('wrong-value', `Service ${name} has no cluster IP and port`) };
  return { host: ip, port: port.port, label: `Service ${name} (${ip}:${port.port})` };
}

/** One GET from inside the guest, to a port, a Service's node port, or its cluster IP. */
export async function httpGet(check: CheckOf<'http.get'>, http: HttpPort, cluster: ClusterPort): Promise<CheckOutcome> {
  const target = await resolveTarget(check, cluster);
  if ('problem' in target) return target.problem;
  const path = check.path ?? '/';
  let answer: { status: number; body: string };
  try {
    answer = await http.get({ host: target.host, port: target.port, path });
  } catch (error) {
    return fail('unreachable', `nothing answers on ${target.label} (${(error as Error).message})`);
  }
  const want = check.status ?? 200;
  if (answer.status !== want)
    return fail('wrong-status', `${target.label} answered ${answer.status} for ${path}, want ${want}`);
  if (check.bodyContains !== undefined && !answer.body.includes(check.bodyContains))
    return fail('missing-text', `${target.label} answered, but its page does not contain "${check.bodyContains}"`);
  return pass(`${target.label} answered ${answer.status}${check.bodyContains ? ` with "${check.bodyContains}"` : ''}`);
}
