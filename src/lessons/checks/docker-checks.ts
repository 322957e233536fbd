/** Checks that read the guest's Docker: containers, published ports, images, volumes, networks, restarts. */
import type { CheckOf } from '../schema/check-kinds.js';
import type { DockerContainerView, DockerPort } from '../ports.js';
import { fail, pass, pending, type CheckOutcome } from './check-outcome.js';
import { normalizeImage, sameImage } from './image-ref.js';

function describe(check: { name?: string; image?: string }): string {
  if (check.name && check.image) return `container ${check.name} from ${check.image}`;
  return check.name ? `container ${check.name}` : `container from ${check.image}`;
}

function matches(container: DockerContainerView, check: { name?: string; image?: string }): boolean {
  return (!check.name || container.name === check.name) && (!check.image || sameImage(container.image, check.image));
}

export async function containerState(check: CheckOf<'docker.container'>, docker: DockerPort): Promise<CheckOutcome> {
  const want = check.state ?? 'running';
  const found = (await docker.containers()).filter((c) => matches(c, check));
  const what = describe(check);
  if (want === 'absent') {
    if (found.length === 0) return pass(`there is no ${what}`);
    return fail('wrong-state', `${found.map((c) => c.name).join(', ')} still exists (${found[0]?.state}): remove it`);
  }
  const inState = found.find((c) => c.state === want);
  if (inState) return pass(`${inState.name} is ${want} (from ${inState.image})`);
  if (found.length === 0) {
    // The name is taken by a container from another image: say so, it is a common slip.
    const byName = check.name ? (await docker.containers()).find((c) => c.name === check.name) : undefined;
    if (byName) return fail('wrong-image', `container ${check.name} runs ${byName.image}, want ${check.image}`);
    return fail('not-found', `there is no ${what}`);
  }
  const first = found[0] as DockerContainerView;
  if (want === 'running' && (first.state === 'created' || first.state === 'restarting'))
    return pending('not-ready', `${first.name} is ${first.state}, not running yet`);
  if (want === 'exited' && first.state === 'running') return pending('not-ready', `${first.name} is still running`);
  return fail('wrong-state', `${first.name} is ${first.state}, want ${want}`);
}

export async function portPublished(
  check: CheckOf<'docker.port-published'>,
  docker: DockerPort,
): Promise<CheckOutcome> {
  const containers = (await docker.containers()).filter(
    (c) => c.state === 'running' && (!check.name || c.name === check.name),
  );
  for (const container of containers) {
    const port = container.ports.find((p) => p.publicPort === check.hostPort);
    if (!port) continue;
    if (check.containerPort !== undefined && port.privatePort !== check.containerPort)
      return fail(
        'wrong-value',
        `${container.name} publishes ${check.hostPort} to its port ${port.privatePort}, want ${check.containerPort}`,
      );
    return pass(`${container.name} publishes port ${check.hostPort} -> ${port.privatePort}`);
  }
  const who = check.name ? `container ${check.name}` : 'no running container';
  return fail('not-found', `${check.name ? `${who} does not publish` : `${who} publishes`} port ${check.hostPort}`);
}

export async function imageExists(check: CheckOf<'docker.image-exists'>, docker: DockerPort): Promise<CheckOutcome> {
  const want = normalizeImage(check.image);
  const images = await docker.images();
  return images.some((i) => i.tags.some((t) => normalizeImage(t) === want))
    ? pass(`image ${check.image} exists`)
    : fail(
        'not-found',
        `there is no image ${check.image} (docker images lists ${images.flatMap((i) => i.tags).join(', ') || 'none'})`,
      );
}

export async function volumeExists(check: CheckOf<'docker.volume-exists'>, docker: DockerPort): Promise<CheckOutcome> {
  return (await docker.volumes()).includes(check.name)
    ? pass(`volume ${check.name} exists`)
    : fail('not-found', `there is no volume named ${check.name}`);
}

export async function networkExists(
  check: CheckOf<'docker.network-exists'>,
  docker: DockerPort,
): Promise<CheckOutcome> {
  return (await docker.networks()).includes(check.name)
    ? pass(`network ${check.name} exists`)
    : fail('not-found', `there is no network named ${check.name}`);
}

export async function restartCount(check: CheckOf<'docker.restart-count'>, docker: DockerPort): Promise<CheckOutcome> {
  const count = await docker.restartCount(check.name);
  if (count === undefined) return fail('not-found', `there is no container named ${check.name}`);
  const restarted = `${check.name} was restarted ${count} times`;
  if (check.atLeast !== undefined && count < check.atLeast)
    return pending('not-ready', `${restarted}, want at least ${check.atLeast}`);
  if (check.atMost !== undefined && count > check.atMost)
    return fail('too-many', `${restarted}, want at most ${check.atMost}`);
  return pass(restarted);
}
