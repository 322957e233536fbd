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
    if (isLoopback(addr)) continue; // only the guest itself can reach these; not an app the learner published
    ports.add(parseInt(portHex, 16));
  }
  return [...ports].sort((a, b) => a - b);
}

function isLoopback(hexAddr: string): boolean {
  // IPv4 is little-endian hex: 127.x.x.x ends in "7F". IPv6 ::1 is all zeros but the last word.
  if (hexAddr.length === 8) return hexAddr.endsWith('7F');
  return hexAddr === '00000000000000000000000001000000';
}
