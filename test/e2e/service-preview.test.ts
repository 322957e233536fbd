// Kubernetes Services in the preview pane, in a real headless Chromium against the built app and the real guest VM:
// the learner applies an nginx Deployment with a NodePort and a LoadBalancer Service with kubectl in the terminal, the
// port list shows their node ports, and the preview shows nginx's page, served by a pod behind the Service's NAT
// rules in the guest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROMPT, SHOTS as shots, runInTerminal, startPlayground, waitForTerminal, type Playground } from './harness.js';

const NODE_PORT = 30080;
const LB_NODE_PORT = 30081;
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
    nodePort: ${NODE_PORT}
---
apiVersion: v1
kind: Service
metadata:
  name: web-lb
spec:
  type: LoadBalancer
  selector:
    app: web
  ports:
  - port: 8080
    targetPort: 80
    nodePort: ${LB_NODE_PORT}
`;

let playground: Playground;
let page: Page;

/** Run a command in the active terminal and wait for a line matching `expected` after it. */
const run = (command: string, expected: RegExp, timeoutMs = 600_000) =>
  runInTerminal(page, command, expected, timeoutMs);

beforeAll(async () => {
  playground = await startPlayground();
  page = playground.page;
});

afterAll(() => playground?.stop());

describe('a Kubernetes Service in the preview (Chromium)', () => {
  it('boots the VM to a shell prompt', async () => {
    await page.goto(playground.app.url);
    await page.getByTestId('vm-status').filter({ hasText: 'VM ready' }).waitFor({ timeout: 600_000 });
    await waitForTerminal(page, PROMPT, 300_000);
  });

  it('applies an nginx Deployment, a NodePort and a LoadBalancer Service typed into the terminal', async () => {
    // `$((a+b))` markers: the typed command line echoes the expression, only its output shows the number.
    await run(`cat > web.yaml <<'EOF'\n${MANIFEST}EOF\necho written-$((1+1))`, /^written-2\s*$/m, 120_000);
    await run(
      'kubectl apply -f web.yaml && kubectl rollout status deployment/web && echo rolled-$((2+1))',
      /^rolled-3\s*$/m,
      900_000,
    );
    const shown = await run('clear; kubectl get services web web-lb; echo svc-$((3+1))', /^svc-4\s*$/m, 240_000);
    expect(shown).toMatch(new RegExp(`^web\\s+NodePort\\s.*\\s80:${NODE_PORT}/TCP`, 'm'));
    expect(shown).toMatch(new RegExp(`^web-lb\\s+LoadBalancer\\s.*\\s8080:${LB_NODE_PORT}/TCP`, 'm'));
  });

  it("lists the Service's node port and previews nginx through it, in the pane and in a tab", async () => {
    await page.getByRole('button', { name: /^Preview/ }).click();
    const select = page.getByLabel('Port to preview');
    await select.filter({ hasText: `${NODE_PORT} · service/web` }).waitFor({ timeout: 120_000 });
    await select.selectOption(String(NODE_PORT));
    const frame = page.frameLocator('iframe.preview-frame');
    await frame.getByRole('heading', { name: 'Welcome to nginx!' }).waitFor({ timeout: 300_000 });
    await page.screenshot({ path: join(shots, 'preview-service.png') });
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: /Open in new tab/ }).click(),
    ]);
    expect(new URL(tab.url()).host).toMatch(new RegExp(`^${NODE_PORT}-[a-z0-9]+\\.preview\\.localhost:\\d+$`));
    await tab.getByRole('heading', { name: 'Welcome to nginx!' }).waitFor({ timeout: 120_000 });
    await tab.close();
  });

  it('previews the LoadBalancer Service through its node port', async () => {
    const select = page.getByLabel('Port to preview');
    await select.filter({ hasText: `${LB_NODE_PORT} · service/web-lb` }).waitFor({ timeout: 120_000 });
    await select.selectOption(String(LB_NODE_PORT));
    await page.locator(`iframe.preview-frame[src^="http://${LB_NODE_PORT}-"]`).waitFor({ timeout: 30_000 });
    const frame = page.frameLocator('iframe.preview-frame');
    await frame.getByRole('heading', { name: 'Welcome to nginx!' }).waitFor({ timeout: 300_000 });
  });
});
