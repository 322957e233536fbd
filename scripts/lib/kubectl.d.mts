/** Path of a native kubectl 1.20 binary, unpacked from Debian's package on first use. */
export function ensureKubectl120(): string;
