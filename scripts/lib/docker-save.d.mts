// Types of docker-save.mjs (plain JS: the image build runs it with node, before any TypeScript tooling exists).
export function normalizeRef(ref: string): string;
export function savedRefs(manifestJson: string): string[];
export function missingRefs(saved: string[], listed: string[]): string[];
