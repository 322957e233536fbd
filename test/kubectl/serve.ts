/** Start a control plane on a localhost TCP port (for running kubectl against it by hand): `npx tsx test/kubectl/serve.ts [port]`. */
import { listenTcp } from '../../src/http/node-listen.js';
import { createControlPlane } from '../../src/cluster/control-plane.js';

const port = Number(process.argv[2] ?? 6443);
const cp = createControlPlane({
  serverAddress: `127.0.0.1:${port}`,
  controllers: process.env.NO_CONTROLLERS ? [] : undefined,
  log: process.env.LOG ? (l) => console.error(l) : undefined,
});
const l = await listenTcp(cp.connectionHandler, { port });
console.log(`listening on ${l.port}`);
