/**
 * Whether two image references name the same image, as Docker reads them: `nginx`, `nginx:latest`,
 * `docker.io/library/nginx:latest` and `library/nginx` are one image; a digest must match exactly.
 */
export function sameImage(a: string, b: string): boolean {
  return normalizeImage(a) === normalizeImage(b);
}

export function normalizeImage(ref: string): string {
  let name = ref.trim();
  let suffix = '';
  const at = name.indexOf('@');
  if (at >= 0) [name, suffix] = [name.slice(0, at), name.slice(at)];
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon <= slash && !suffix) name = `${name}:latest`;
  const first = name.split('/')[0] ?? '';
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) name = `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  return `${name}${suffix}`;
}
