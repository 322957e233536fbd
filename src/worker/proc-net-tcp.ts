/**
 * Listening TCP ports from the guest's /proc/net/tcp and /proc/net/tcp6 text. Reading those two files costs no
 * process in the guest (unlike `ss`), so the preview pane can poll them cheaply.
 */
export function parseListeningPorts(text: string): number[] {
  const ports = new Set<number>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st ...; state 0A is LISTEN.
    if (fields.length < 4 || fields[3] !== '0A') continue;
    const [addr, portHex] = fields[1]!.split(':');
    if (!addr || !portHex) continue;
    // Only binds reachable at the guest's own address: the wildcard or 192.168.86.100. Loopback-only helpers and
    // services on cluster IPs (the cluster DNS on 10.96.0.10) are not web apps the learner published.
    if (!isWildcard(addr) && addr !== GUEST_IP_HEX) continue;
    ports.add(parseInt(portHex, 16));
  }
  return [...ports].sort((a, b) => a - b);
}

/** 192.168.86.100 as the kernel prints it (little-endian hex). */
const GUEST_IP_HEX = '6456A8C0';

function isWildcard(hexAddr: string): boolean {
  return /^0+$/.test(hexAddr);
}
