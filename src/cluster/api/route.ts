/** Parse an API path into group/version/namespace/resource/name/subresource. */
import { badRequest } from './errors.js';

export interface ApiRoute {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

/**
 * `/api/v1/namespaces/ns/pods/web/log` -> {group:'', version:'v1', namespace:'ns', resource:'pods', name:'web',
 * subresource:'log'}. `/api/v1/namespaces/ns` is the namespace object itself; `/api/v1/namespaces/ns/status` its
 * status. `isNamespacedResource` tells a resource name from a subresource of a namespace.
 */
export function parseApiPath(
  path: string,
  isNamespacedResource: (group: string, version: string, r: string) => boolean,
): ApiRoute | undefined {
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map((segment) => decodeSegment(path, segment));
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else return undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && isNamespacedResource(group, version, rest[2]!)) {
    if (rest.length > 5) return undefined;
    return { group, version, namespace: rest[1], resource: rest[2]!, name: rest[3], subresource: rest[4] };
  }
  if (rest.length > 3) return undefined;
  return { group, version, resource: rest[0]!, name: rest[1], subresource: rest[2] };
}

/** A percent-decoded path segment; a malformed escape is the client's error (400, worded like Go's url parser). */
function decodeSegment(path: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    const escape = /%(?![0-9a-fA-F]{2})[\s\S]{0,2}/.exec(segment)?.[0] ?? segment;
    throw badRequest(`parse ${JSON.stringify(path)}: invalid URL escape ${JSON.stringify(escape)}`);
  }
}
