import { describe, expect, it } from 'vitest';
import { formatLessonError } from './lesson-error.js';
import { loadLessons } from './load-lessons.js';
import { parseLesson } from './parse-lesson.js';
import { FRONTMATTER } from './testing/lesson-fixture.js';

const FILE = 'lessons/demo/lesson.md';

const GOOD_STEP = `
## Step: Scale it

Scale the Deployment to three replicas.

\`\`\`check
- id: pods-ready
  check: kubernetes.ready-pods
  selector: app=nginx
  exactly: 3
\`\`\`

### Hint

Try \`kubectl scale\`.

### Hint when pods-ready is pending (not-ready)

The pods are starting; give them a moment.

### Solution

\`\`\`sh
kubectl scale deployment nginx-deployment --replicas=3
\`\`\`
`;

/** The lesson's errors, formatted as the loader's users print them. */
function errorsOf(text: string): string[] {
  const result = parseLesson({ slug: 'demo', file: FILE, text, files: {} });
  return result.ok ? [] : result.errors.map(formatLessonError);
}

describe('parseLesson', () => {
  it('reads frontmatter, steps, checks, hints and the solution', () => {
    const result = parseLesson({
      slug: 'demo',
      file: FILE,
      text: `${FRONTMATTER}\nIntro text.\n${GOOD_STEP}\n## Finish\n\nWell done.\n`,
      files: {},
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { lesson } = result;
    expect(lesson.meta).toEqual({
      title: 'Demo',
      summary: 'A lesson for the tests.',
      level: 'beginner',
      minutes: 5,
      needsKubernetes: true,
    });
    expect(lesson.intro).toBe('Intro text.');
    expect(lesson.finish).toBe('Well done.');
    const [step] = lesson.steps;
    expect(step?.id).toBe('scale-it');
    expect(step?.body).toBe('Scale the Deployment to three replicas.');
    expect(step?.checks).toEqual([
      { id: 'pods-ready', check: 'kubernetes.ready-pods', selector: 'app=nginx', exactly: 3 },
    ]);
    expect(step?.hints).toEqual([
      { text: 'Try `kubectl scale`.' },
      {
        text: 'The pods are starting; give them a moment.',
        when: { check: 'pods-ready', state: 'pending', code: 'not-ready' },
      },
    ]);
    expect(step?.solution?.commands).toBe('kubectl scale deployment nginx-deployment --replicas=3');
  });

  it('reads a quiz as a task list and adds its check', () => {
    const text = `${FRONTMATTER}
## Step: Think

### Quiz

How many containers can one image start?

- [ ] One
- [x] As many as you like

An image is a template.
`;
    const result = parseLesson({ slug: 'demo', file: FILE, text, files: {} });
    if (!result.ok) throw new Error(result.errors.map(formatLessonError).join('\n'));
    const step = result.lesson.steps[0];
    expect(step?.quiz).toEqual({
      id: 'think-quiz',
      question: 'How many containers can one image start?',
      choices: [
        { text: 'One', correct: false },
        { text: 'As many as you like', correct: true },
      ],
      explanation: 'An image is a template.',
    });
    expect(step?.checks).toEqual([{ id: 'think-quiz', check: 'quiz', quiz: 'think-quiz', title: 'Answer the quiz' }]);
  });

  it('treats a ## inside a code block as code', () => {
    const text = `${FRONTMATTER}\n## Step: Look\n\n\`\`\`sh\n## Step: not a step\n\`\`\`\n\n\`\`\`check\nid: f\ncheck: file.exists\npath: a.txt\n\`\`\`\n`;
    const result = parseLesson({ slug: 'demo', file: FILE, text, files: {} });
    expect(result.ok && result.lesson.steps.map((s) => s.id)).toEqual(['look']);
  });
});

describe('lesson errors (file:line:column and wording)', () => {
  const withCheck = (yaml: string) => `${FRONTMATTER}\n## Step: One\n\n\`\`\`check\n${yaml}\n\`\`\`\n`;
  // FRONTMATTER is 7 lines; "## Step: One" is line 9 and the check block's YAML starts on line 12.

  it('a missing required field names the check and says what was expected', () => {
    expect(errorsOf(withCheck('- id: pods-ready\n  check: kubernetes.ready-pods\n  atLeast: 2'))).toEqual([
      `${FILE}:12:3 error: check "pods-ready" needs "selector" (a label selector such as app=nginx)`,
    ]);
  });

  it('an unknown field is pointed at, with the likely spelling', () => {
    expect(
      errorsOf(withCheck('- id: pods-ready\n  check: kubernetes.ready-pods\n  selctor: app=nginx\n  atLeast: 2')),
    ).toEqual(
      [
        `${FILE}:14:3 error: check "pods-ready" has no field "selctor"; did you mean "selector"?`,
        `${FILE}:12:3 error: check "pods-ready" needs "selector" (a label selector such as app=nginx)`,
      ].sort(byLine),
    );
  });

  it('an unknown check kind suggests the nearest one', () => {
    expect(errorsOf(withCheck('- id: pods-ready\n  check: kubernetes.readypods\n  selector: app=nginx'))).toEqual([
      `${FILE}:13:10 error: check "pods-ready" has an unknown kind "kubernetes.readypods"; did you mean "kubernetes.ready-pods"?`,
    ]);
  });

  it('a check without a kind lists the kinds', () => {
    const [error] = errorsOf(withCheck('- id: x\n  path: a.txt'));
    expect(error).toMatch(
      new RegExp(`^${FILE}:12:3 error: check "x" needs "check" \\(what it looks at, one of kubernetes.exists, `),
    );
  });

  it('a value of the wrong type says what it should be', () => {
    expect(
      errorsOf(withCheck('- id: pods-ready\n  check: kubernetes.ready-pods\n  selector: app=nginx\n  atLeast: three')),
    ).toEqual([
      `${FILE}:15:12 error: "atLeast" should be a whole number (the fewest ready pods that pass), not "three"`,
    ]);
  });

  it('a value outside its list names the allowed ones', () => {
    expect(errorsOf(withCheck('- id: web\n  check: docker.container\n  name: web\n  state: runing'))).toEqual([
      `${FILE}:15:10 error: "state" should be one of running, exited, created, absent, not "runing"; did you mean "running"?`,
    ]);
  });

  it('a bad id says what an id looks like', () => {
    expect(errorsOf(withCheck('- id: Pods Ready\n  check: file.exists\n  path: a'))).toEqual([
      `${FILE}:12:7 error: "id" should be lowercase letters, digits and dashes (such as pods-ready), not "Pods Ready"`,
    ]);
  });

  it('a number out of range says the bound', () => {
    expect(errorsOf(withCheck('- id: port\n  check: docker.port-published\n  hostPort: 70000'))).toEqual([
      `${FILE}:14:13 error: "hostPort" should be at most 65535, not 70000`,
    ]);
  });

  it('one-of groups: none given, and two given', () => {
    expect(errorsOf(withCheck('- id: pods\n  check: kubernetes.ready-pods\n  selector: app=nginx'))).toEqual([
      `${FILE}:12:3 error: check "pods" needs one of "atLeast" or "exactly" or "atMost"`,
    ]);
    expect(
      errorsOf(
        withCheck('- id: pods\n  check: kubernetes.ready-pods\n  selector: app=nginx\n  atLeast: 1\n  exactly: 2'),
      ),
    ).toEqual([`${FILE}:12:3 error: check "pods" takes only one of "atLeast" or "exactly" or "atMost"`]);
  });

  it('any-of groups: none given', () => {
    expect(errorsOf(withCheck('- id: c\n  check: docker.container'))).toEqual([
      `${FILE}:12:3 error: check "c" needs at least one of "name" or "image"`,
    ]);
  });

  it('a YAML syntax error points into the block', () => {
    const [error] = errorsOf(withCheck('- id: x\n  check: [file.exists'));
    expect(error).toMatch(new RegExp(`^${FILE}:13:\\d+ error: this YAML does not parse: `));
  });

  it('an empty check block', () => {
    expect(errorsOf(withCheck(''))).toEqual([
      `${FILE}:12:1 error: this check block is empty: write one check, or a list of them`,
    ]);
  });

  it('a check that is not a map', () => {
    expect(errorsOf(withCheck('- just text\n- id: f\n  check: file.exists\n  path: a'))).toEqual([
      `${FILE}:12:3 error: check 1 of this block should be a map of fields (id, check, ...), not "just text"`,
    ]);
  });

  it('the same check id twice in a lesson', () => {
    const text = `${withCheck('id: f\ncheck: file.exists\npath: a')}\n## Step: Two\n\n\`\`\`check\nid: f\ncheck: file.exists\npath: b\n\`\`\`\n`;
    expect(errorsOf(text)).toEqual([
      `${FILE}:20:1 error: check id "f" is already used at line 12: ids are unique in a lesson`,
    ]);
  });

  it('missing frontmatter', () => {
    expect(errorsOf('# A lesson\n')).toEqual([
      `${FILE}:1:1 error: a lesson.md starts with YAML frontmatter between two "---" lines (title, summary, level, minutes, needsKubernetes)`,
    ]);
  });

  it('frontmatter fields: missing and wrong', () => {
    const text = `---\ntitle: Demo\nlevel: easy\nminutes: 5\nneedsKubernetes: yes please\n---\n${GOOD_STEP}`;
    expect(errorsOf(text)).toEqual([
      `${FILE}:2:1 error: the frontmatter needs "summary" (one sentence on what the learner will do)`,
      `${FILE}:3:8 error: "level" should be one of beginner, intermediate, advanced, not "easy"`,
      `${FILE}:5:18 error: "needsKubernetes" should be true or false (whether the lesson uses the cluster (true starts the node before the lesson: kubelet and service proxy)), not "yes please"`,
    ]);
  });

  it('a lesson without steps', () => {
    expect(errorsOf(`${FRONTMATTER}\nJust text.\n`)).toEqual([
      `${FILE}:8:1 error: this lesson has no steps: start each with "## Step: <title>"`,
    ]);
  });

  it('a step without checks or quiz', () => {
    expect(errorsOf(`${FRONTMATTER}\n## Step: Read\n\nNothing to do.\n`)).toEqual([
      `${FILE}:9:1 error: step "Read" has no \`\`\`check block and no quiz: nothing would tell the learner it is done`,
    ]);
  });

  it('two steps with the same title', () => {
    const text = `${withCheck('id: a\ncheck: file.exists\npath: a')}\n## Step: One\n\n\`\`\`check\nid: b\ncheck: file.exists\npath: b\n\`\`\`\n`;
    expect(errorsOf(text)).toEqual([
      `${FILE}:17:1 error: two steps have the id "one" (from their titles): give them different titles`,
    ]);
  });

  it('a big heading after the steps', () => {
    expect(errorsOf(`${withCheck('id: a\ncheck: file.exists\npath: a')}\n## Notes\n`)).toEqual([
      `${FILE}:17:1 error: after the first step, a heading this big must be "## Step: <title>" or "## Finish", not "## Notes" (use ### inside a step)`,
    ]);
  });

  it('a check block outside a step', () => {
    expect(errorsOf(`${FRONTMATTER}\n\`\`\`check\nid: a\ncheck: file.exists\npath: a\n\`\`\`\n${GOOD_STEP}`)).toEqual([
      `${FILE}:9:1 error: a \`\`\`check block belongs inside a step (after a "## Step: <title>" heading)`,
    ]);
  });

  it('an unclosed code block', () => {
    expect(errorsOf(`${FRONTMATTER}${GOOD_STEP}\n\`\`\`sh\necho hi\n`)).toEqual([
      `${FILE}:34:1 error: this code block is never closed (a line of \`\`\` ends it)`,
    ]);
  });

  it('hint headings: bad form, unknown check, bad state, empty', () => {
    const step = (heading: string, body = 'Text.') =>
      errorsOf(
        `${withCheck('id: pods\ncheck: kubernetes.ready-pods\nselector: app=x\natLeast: 1')}\n### ${heading}\n\n${body}\n`,
      );
    expect(step('Hint if pods fails')).toEqual([
      `${FILE}:18:5 error: a hint heading is "### Hint" or "### Hint when <check-id> is <pass|pending|fail>", not "### Hint if pods fails"`,
    ]);
    expect(step('Hint when pod is pending')).toEqual([
      `${FILE}:18:15 error: this hint names check "pod", which this step does not have (its checks: "pods")`,
    ]);
    expect(step('Hint when pods is broken')).toEqual([
      `${FILE}:18:23 error: a hint's state is pass, pending or fail, not "broken"`,
    ]);
    expect(step('Hint', '')).toEqual([`${FILE}:18:5 error: this hint is empty: write the hint below its heading`]);
  });

  it('a solution without commands, and two solutions', () => {
    const base = withCheck('id: a\ncheck: file.exists\npath: a');
    expect(errorsOf(`${base}\n### Solution\n\nJust do it.\n`)).toEqual([
      `${FILE}:17:1 error: this solution has no \`\`\`sh block: write the commands that solve the step in one`,
    ]);
    const sol = '### Solution\n\n```sh\ntouch a\n```\n';
    expect(errorsOf(`${base}\n${sol}\n${sol}`)).toEqual([`${FILE}:23:1 error: a step has one solution`]);
  });

  it('quiz mistakes: no question, too few choices, none right, choices after the explanation', () => {
    const quiz = (body: string) => errorsOf(`${FRONTMATTER}\n## Step: Q\n\n### Quiz\n\n${body}\n`);
    expect(quiz('- [x] A\n- [ ] B')).toEqual([`${FILE}:11:1 error: this quiz has no question above its choices`]);
    expect(quiz('Which?\n\n- [x] A')).toEqual([
      `${FILE}:11:1 error: a quiz needs at least two choices, written "- [x] right" and "- [ ] wrong"`,
    ]);
    expect(quiz('Which?\n\n- [ ] A\n- [ ] B')).toEqual([
      `${FILE}:11:1 error: no choice of this quiz is marked right: mark it "- [x] ..."`,
    ]);
    expect(quiz('Which?\n\n- [x] A\n- [ ] B\n\nBecause.\n\n- [ ] C')).toEqual([
      `${FILE}:20:1 error: a quiz has one list of choices: this choice comes after its explanation`,
    ]);
  });
});

describe('loadLessons', () => {
  it('loads each lesson on its own: a broken one does not stop the others', () => {
    const results = loadLessons({
      'lessons/good/lesson.md': `${FRONTMATTER}${GOOD_STEP}`,
      'lessons/good/files/nginx.yaml': 'kind: Deployment\n',
      'lessons/good/setup.sh': 'kubectl apply -f nginx.yaml\n',
      'lessons/bad/lesson.md': `${FRONTMATTER.replace('minutes: 5', 'minutes: soon')}${GOOD_STEP}`,
    });
    expect(results.map((r) => [r.slug, r.ok])).toEqual([
      ['bad', false],
      ['good', true],
    ]);
    const good = results[1];
    expect(good?.ok && good.lesson.files).toEqual({ 'nginx.yaml': 'kind: Deployment\n' });
    expect(good?.ok && good.lesson.setup).toBe('kubectl apply -f nginx.yaml\n');
    const bad = results[0];
    expect(bad?.ok === false && bad.errors.map(formatLessonError)).toEqual([
      'lessons/bad/lesson.md:5:10 error: "minutes" should be a whole number (about how long the lesson takes, in minutes), not "soon"',
    ]);
  });

  it('a prerequisite that is not a lesson', () => {
    const text = FRONTMATTER.replace(
      'needsKubernetes: true',
      'needsKubernetes: true\nprerequisites:\n  - first-containrs',
    );
    const [result] = loadLessons({ 'lessons/demo/lesson.md': `${text}${GOOD_STEP}` });
    expect(result?.ok === false && result.errors.map(formatLessonError)).toEqual([
      'lessons/demo/lesson.md:8:5 error: prerequisite "first-containrs" is not a lesson here (lessons: demo)',
    ]);
  });
});

function byLine(a: string, b: string): number {
  const line = (s: string) => Number(/:(\d+):/.exec(s)?.[1]);
  return line(a) - line(b);
}
