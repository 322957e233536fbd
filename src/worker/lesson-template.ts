/**
 * The starter lesson author mode's "New lesson" writes: the smallest lesson that shows every part an instructor
 * needs (frontmatter, intro, a step with a command, a check, a hint and a solution, a finish) and passes
 * `npm run lessons:check` as it is (lesson-template.test.ts proves it), so the first error the instructor sees is
 * one they made.
 */
export function starterLesson(title: string): string {
  return `---
title: ${title}
summary: One sentence on what the learner will do.
level: beginner
minutes: 5
needsKubernetes: false
---

Say what this lesson is about. Everything outside the \`check\` blocks is Markdown the learner reads; this part shows
above the first step.

## Step: Write a file

Ask the learner to do something in the terminal. A shell block gets a **Run** button:

\`\`\`sh
echo "hello" > hello.txt
\`\`\`

\`\`\`check
- id: hello-file
  check: file.contains
  path: hello.txt
  text: hello
  title: hello.txt says hello
\`\`\`

### Hint

\`echo ... > file\` writes a line into a file.

### Solution

\`\`\`sh
echo "hello" > hello.txt
\`\`\`

## Finish

Say what the learner did, and what to try next.
`;
}

/** A folder name made into a title: `my-first-lesson` -> `My first lesson`. */
export function titleFromFolder(folder: string): string {
  const name = (folder.split('/').pop() ?? '').replace(/[-_.]+/g, ' ').trim();
  return name ? name[0]!.toUpperCase() + name.slice(1) : 'A new lesson';
}

/** What a new lesson folder may be called: one or more plain names, so it is also a good slug. */
const FOLDER = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/;

/** Why a name cannot be a new lesson's folder, in the instructor's terms; undefined when it can. */
export function badLessonFolder(folder: string): string | undefined {
  if (folder.trim() === '') return 'name the lesson’s folder (such as my-lesson)';
  if (!FOLDER.test(folder))
    return `“${folder}” cannot be a lesson folder: use lowercase letters, digits and dashes (such as my-lesson)`;
  return undefined;
}
