import { describe, expect, it } from 'vitest';
import { runLint, step } from '../testing/lesson-fixture.js';
import { missingFiles } from './missing-files.js';

const check = `
- id: deployment
  check: kubernetes.exists
  kind: Deployment
  name: web`;

describe('missingFiles', () => {
  it('reports a file a solution reads that is neither in files/ nor created before, at its word', () => {
    const errors = runLint(missingFiles, {
      body: step(
        'Apply it',
        check,
        [
          'kubectl apply -f web.yaml',
          'docker build -f app/Dockerfile .',
          "sed -i 's/a/b/' config.txt",
          'docker exec -i web sh -c "cat > /tmp/x" < page.html',
          'kubectl create --filename=svc.yaml',
        ].join('\n'),
      ),
    });
    const at = 'lessons/demo/lesson.md';
    const tail = 'which the lesson does not ship: it is not in files/ and no earlier command or file= block creates it';
    expect(errors).toEqual([
      `${at}:25:18 error: the solution of step "Apply it" reads web.yaml (kubectl apply -f), ${tail}`,
      `${at}:26:17 error: the solution of step "Apply it" reads app/Dockerfile (docker build -f), ${tail}`,
      `${at}:27:17 error: the solution of step "Apply it" reads config.txt (sed -i), ${tail}`,
      `${at}:28:43 error: the solution of step "Apply it" reads page.html (<), ${tail}`,
      `${at}:29:27 error: the solution of step "Apply it" reads svc.yaml (kubectl create -f), ${tail}`,
    ]);
  });

  it('reports a file setup.sh reads before anything creates it, in setup.sh', () => {
    const errors = runLint(missingFiles, {
      body: step('Apply it', check),
      setup: '#!/bin/sh\nset -e\nkubectl apply -f ./web.yaml\n',
    });
    expect(errors).toEqual([
      'lessons/demo/setup.sh:3:18 error: setup.sh reads web.yaml (kubectl apply -f), which the lesson does not ship: it is not in files/ and setup.sh does not create it before this line',
    ]);
  });

  it('reports a file read in a step before the step that creates it', () => {
    const first = step('Apply it', check, 'kubectl apply -f web.yaml');
    const second = step('Write it', check.replace('id: deployment', 'id: again'), 'echo "kind: Pod" > web.yaml');
    expect(runLint(missingFiles, { body: first + second })).toHaveLength(1);
  });

  it('accepts files from files/, setup.sh, file= blocks and earlier writes, and what it cannot follow', () => {
    const block = ['```yaml file=svc.yaml', 'kind: Service', '```', ''].join('\n');
    const solution = [
      'kubectl apply -f web.yaml -f svc.yaml -f manifests/',
      'kubectl create deployment x --image=nginx --dry-run=client -o yaml > x.yaml && kubectl apply -f x.yaml',
      'echo hi | tee a.txt >/dev/null; sed -i s/hi/ho/ a.txt; touch b.txt; cat < b.txt',
      'cp a.txt c.txt && mv c.txt d.txt && sed -i -e s/a/b/ d.txt && curl -so e.html http://x && cat < e.html',
      'cat > f.yaml <<EOF',
      'kind: ConfigMap',
      'kubectl apply -f g.yaml',
      'EOF',
      'kubectl apply -f f.yaml -f $FILE -f "$(ls *.yaml)" -f /etc/k.yaml -f - -f https://x/y.yaml',
      'kubectl logs -f web; docker rm -f web; docker logs -f web; tail -f /var/log/x',
      'kubectl apply -f from-setup.yaml # a comment: kubectl apply -f nothing.yaml',
      'cd sub && kubectl apply -f only-in-sub.yaml',
    ].join('\n');
    const errors = runLint(missingFiles, {
      body: step('Apply it', check, solution, block),
      files: { 'web.yaml': '', 'manifests/a.yaml': '' },
      setup: 'echo "kind: Pod" > from-setup.yaml\n',
    });
    expect(errors).toEqual([]);
  });
});
