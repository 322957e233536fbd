// Types of i386-exec.mjs (plain JS: the image build runs it with node, before any TypeScript tooling exists).
export const BINFMT_DIR: string;
export const ENTRY: string;
export const QEMU: string;
export interface BinfmtEntry {
  enabled: boolean;
  interpreter?: string;
  flags?: string;
  offset?: string;
  magic?: string;
  mask?: string;
}
export function probeProgram(options?: { kernelOnly?: boolean }): Buffer;
export function runsProbe(program: string): boolean;
export function parseEntry(text: string): BinfmtEntry;
export function claimsI386(entry: BinfmtEntry, header?: Buffer): boolean;
export function registration(): string;
export interface I386Execution {
  path: 'native' | 'emulated';
  how: string;
  release: () => void;
}
export function ensureI386(options: { workDir: string; emulate?: boolean }): I386Execution;
export function emulationBlocker(host: { why: string; isRoot: boolean; binfmt: boolean }): string | null;
