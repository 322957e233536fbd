/**
 * NODE ONLY: the HTTP port as a plain GET from the grading machine. So `localhost` (an `http.get` check's `port`, a
 * node port) means the grading machine, and a Service's cluster IP answers only where the grader can route to it.
 */
import { request } from 'node:http';
import type { HttpPort } from '../ports.js';

const MAX_BODY_BYTES = 1024 * 1024;

export function localHttpPort(timeoutMs = 10_000): HttpPort {
  return {
    get: ({ host, port, path }) =>
      new Promise((resolve, reject) => {
        const req = request({ host, port, path, method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            // A check looks for a line of text in a page; the rest of a huge answer is not read.
            if (size < MAX_BODY_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)));
        req.on('error', reject);
        req.end();
      }),
  };
}
