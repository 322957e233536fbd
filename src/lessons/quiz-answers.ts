import type { Disposable } from '../protocol/byte-stream.js';
import { Listeners } from '../protocol/listeners.js';
import type { QuizPort } from './ports.js';

/** The learner's quiz answers, as the page sends them (through the worker); the quiz port the checks read. */
export class QuizAnswers implements QuizPort {
  private readonly answers = new Map<string, readonly number[]>();
  private readonly answered = new Listeners<[quizId: string]>();

  /** Record the picked choices (indexes into the quiz's choices). */
  set(quizId: string, choices: readonly number[]): void {
    this.answers.set(quizId, [...choices]);
    this.answered.emit(quizId);
  }

  answer(quizId: string): readonly number[] | undefined {
    return this.answers.get(quizId);
  }

  onAnswer(listener: (quizId: string) => void): Disposable {
    return this.answered.add(listener);
  }
}
