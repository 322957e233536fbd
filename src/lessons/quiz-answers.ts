import type { Disposable } from '../protocol/byte-stream.js';
import type { QuizPort } from './ports.js';

/** The learner's quiz answers, as the page sends them (through the worker); the quiz port the checks read. */
export class QuizAnswers implements QuizPort {
  private readonly answers = new Map<string, readonly number[]>();
  private readonly listeners = new Set<(quizId: string) => void>();

  /** Record the picked choices (indexes into the quiz's choices). */
  set(quizId: string, choices: readonly number[]): void {
    this.answers.set(quizId, [...choices]);
    for (const listener of this.listeners) listener(quizId);
  }

  answer(quizId: string): readonly number[] | undefined {
    return this.answers.get(quizId);
  }

  onAnswer(listener: (quizId: string) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
