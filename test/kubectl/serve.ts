// Start a control plane on a localhost TCP port for running kubectl against it by hand:
//   npx tsx test/kubectl/serve.ts [port]      (NO_CONTROLLERS=1: bare API server; FAKE_KUBELET=1: pods become Running; LOG=1)
import { createControlPlane } from '../../src/cluster/control-plane.js';
import { realClock } from '../../src/cluster/clock.js';
import { startPodStatusDriver } from '../../src/cluster/controllers/index.js';
import { listenTcp } from '../../src/http/node-listen.js';

const port = Number(process.argv[2] ?? 6443);
const cp = createControlPlane({
  serverAddress: `127.0.0.1:${port}`,
  controllers: process.env.NO_CONTROLLERS ? [] : undefined,
  log: process.env.LOG ? (line) => console.error(line) : undefined,
});
if (process.env.FAKE_KUBELET) startPodStatusDriver(cp.storePort, realClock);
const listener = await listenTcp(cp.connectionHandler, { port });
console.log(`listening on ${listener.port}`);
