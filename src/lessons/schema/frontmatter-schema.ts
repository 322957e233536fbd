import { boolean, integer, list, object, oneOfText, optional, required, text, type Infer } from './schema-dsl.js';

export const LESSON_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

/** The YAML between the `---` lines at the top of a lesson.md. */
export const FRONTMATTER_SCHEMA = object('the lesson’s frontmatter', {
  title: required(text('the lesson’s title (such as "First containers")')),
  summary: required(text('one sentence on what the learner will do')),
  level: required(oneOfText('how much the learner should know already', LESSON_LEVELS)),
  minutes: required(integer('about how long the lesson takes, in minutes', { min: 1, max: 240 })),
  prerequisites: optional(list('lessons to take first, by folder name', text('a lesson’s folder name'))),
  needsKubernetes: required(
    boolean('whether the lesson uses the cluster (true starts the node before the lesson: kubelet and service proxy)'),
  ),
});

export type LessonMeta = Infer<typeof FRONTMATTER_SCHEMA>;
