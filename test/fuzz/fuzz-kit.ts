/**
 * What the fuzz tier's suites share: a seeded random source (so every run tries the same inputs and a failure can be
 * replayed), raw exchanges with an in-process server, and a tally of how each hostile input was answered.
 */
import { createStreamPair } from '../../src/http/index.js';
import { concatBytes } from '../../src/protocol/bytes.js';
import type { ConnectionHandler } from '../../src/protocol/byte-stream.js';

/** mulberry32: a tiny, fast, seedable PRNG (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Dice {
  constructor(readonly random: () => number) {}

  int(below: number): number {
    return Math.floor(this.random() * below);
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}

export interface RawAnswer {
  /** The status of the first response, or undefined when none came (the server closed or said nothing). */
  status?: number;
  contentType?: string;
  body: string;
  /** The server closed its side. */
  closed: boolean;
}

const encoder = new TextEncoder();
const latin1 = new TextDecoder('latin1');

/**
 * Write `parts` to a new connection (half-closing after them when `end`), and collect what the server answers until
 * its first response is complete, it closes, or `waitMs` pass without a complete answer.
 */
export async function exchange(
  handler: ConnectionHandler,
  parts: readonly (Uint8Array | string)[],
  options: { end?: boolean; waitMs?: number; /** A HEAD request: the answer has no body. */ head?: boolean } = {},
): Promise<RawAnswer> {
  const [client, server] = createStreamPair();
  handler(server);
  const received: Uint8Array[] = [];
  let closed = false;
  let wake: (() => void) | undefined;
  client.onData((d) => {
    received.push(d);
    wake?.();
  });
  client.onEnd(() => {
    closed = true;
    wake?.();
  });
  for (const p of parts) client.write(typeof p === 'string' ? encoder.encode(p) : p);
  if (options.end) client.end();
  const deadline = Date.now() + (options.waitMs ?? 200);
  for (;;) {
    const answer = parseAnswer(received, closed, options.head ?? false);
    if (answer.complete || closed || Date.now() > deadline) {
      client.close();
      return answer.value;
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 5);
    });
  }
}

function parseAnswer(parts: Uint8Array[], closed: boolean, noBody: boolean): { complete: boolean; value: RawAnswer } {
  const all = concatBytes(parts);
  const text = latin1.decode(all);
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return { complete: false, value: { body: text, closed } };
  const headText = text.slice(0, headEnd);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(headText)?.[1]);
  const header = (name: string): string | undefined => new RegExp(`^${name}: *(.*)$`, 'im').exec(headText)?.[1]?.trim();
  const body = text.slice(headEnd + 4);
  const length = header('content-length');
  const complete = noBody
    ? true
    : length !== undefined
      ? body.length >= Number(length)
      : /chunked/i.test(header('transfer-encoding') ?? '')
        ? body.includes('0\r\n\r\n')
        : status === 101 || status === 204;
  const value: RawAnswer = {
    status: Number.isNaN(status) ? undefined : status,
    contentType: header('content-type'),
    body: length !== undefined ? body.slice(0, Number(length)) : body,
    closed,
  };
  return { complete, value };
}

/** How hostile inputs were answered; printed at the end of each suite. */
export class Tally {
  tried = 0;
  accepted = 0;
  properErrors = 0;
  readonly serverErrors: string[] = [];
  readonly improper: string[] = [];
  crashes = 0;

  record(label: string, answer: RawAnswer, isProperError: (a: RawAnswer) => boolean): void {
    this.tried++;
    if (answer.status !== undefined && answer.status >= 500) this.serverErrors.push(`${answer.status} ${label}`);
    else if (answer.status !== undefined && answer.status < 400) this.accepted++;
    else if (isProperError(answer)) this.properErrors++;
    else this.improper.push(`${answer.status ?? 'no answer'} ${label}: ${answer.body.slice(0, 120)}`);
  }

  summary(name: string): string {
    return (
      `${name}: ${this.tried} hostile inputs tried, ${this.properErrors} answered with a proper error, ` +
      `${this.accepted} accepted as valid, ${this.serverErrors.length} server errors (5xx), ` +
      `${this.improper.length} improper answers, ${this.crashes} crashes`
    );
  }
}

/** Counts exceptions nothing caught while `run` works (each one is a crash of the worker in the browser). */
export async function countingCrashes<T>(run: () => Promise<T>): Promise<{ result: T; crashes: unknown[] }> {
  const crashes: unknown[] = [];
  const onCrash = (error: unknown): void => void crashes.push(error);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    const result = await run();
    await new Promise((r) => setTimeout(r, 20));
    return { result, crashes };
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
}
