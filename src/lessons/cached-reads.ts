import type { DockerPort, LessonPorts } from './ports.js';

/**
 * The ports with Docker's lists read once per evaluation round: five Docker checks in a step ask the guest's dockerd
 * once, not five times (each call costs the emulated guest real time).
 */
export function cachedReads(ports: LessonPorts): LessonPorts {
  const once = <T>(read: () => Promise<T>): (() => Promise<T>) => {
    let cached: Promise<T> | undefined;
    return () => (cached ??= read());
  };
  const docker: DockerPort = {
    containers: once(() => ports.docker.containers()),
    images: once(() => ports.docker.images()),
    volumes: once(() => ports.docker.volumes()),
    networks: once(() => ports.docker.networks()),
    restartCount: (name) => ports.docker.restartCount(name),
    onEvent: (listener) => ports.docker.onEvent(listener),
  };
  return { ...ports, docker };
}
