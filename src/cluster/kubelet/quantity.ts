/**
 * Kubernetes resource quantities as Docker wants them: memory in bytes, CPU in nano-cores.
 * Bad quantities throw with the message the API server would give, so a typo is not silently ignored.
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(value.trim());
  if (!m)
    throw new Error(
      `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${value}`,
    );
  const base = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1);
  const suffix = m[3] ?? '';
  return base * (BINARY[suffix] ?? DECIMAL[suffix]!);
}

/** Memory limit in bytes (Docker's `Memory`). */
export function memoryBytes(value: string | number): number {
  return Math.round(parseQuantity(value));
}

/** CPU limit as Docker's `NanoCpus` ("500m" -> 500000000). */
export function nanoCpus(value: string | number): number {
  return Math.round(parseQuantity(value) * 1e9);
}

/** CPU request as cgroup shares, like the kubelet: 1 core = 1024 shares, at least 2. */
export function cpuShares(value: string | number): number {
  return Math.max(2, Math.round(parseQuantity(value) * 1024));
}
