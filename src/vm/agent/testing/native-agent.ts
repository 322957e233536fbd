// Test support: the REAL wharf-agent compiled for this machine, speaking the protocol on its stdin/stdout.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentTransport } from '../transport.js';

const source = join(dirname(fileURLToPath(import.meta.url)), '../../../../image/agent/wharf-agent.c');

/** Compile image/agent/wharf-agent.c with the host gcc (cached until the source changes). */
export function buildNativeAgent(): string {
  const dir = join(tmpdir(), 'wharf-agent-native');
  mkdirSync(dir, { recursive: true });
  const binary = join(dir, 'wharf-agent');
  if (existsSync(binary) && statSync(binary).mtimeMs > statSync(source).mtimeMs) return binary;
  const r = spawnSync('gcc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', binary, source], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compiling wharf-agent failed:\n${r.stderr}`);
  return binary;
}

export interface NativeAgent {
  child: ChildProcess;
  transport: AgentTransport;
  stop(): void;
}

export function startNativeAgent(): NativeAgent {
  const child = spawn(buildNativeAgent(), ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const transport: AgentTransport = {
    write: (data) => {
      if (child.stdin?.writable) child.stdin.write(data);
    },
    onData: (listener) => {
      const handler = (chunk: Buffer) => listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      child.stdout!.on('data', handler);
      return { dispose: () => child.stdout!.off('data', handler) };
    },
  };
  return { child, transport, stop: () => child.kill('SIGKILL') };
}
