import { RegistryError } from './errors.js';

// The distribution spec's repository name grammar: lower-case path components separated by `/`.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const NAME = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;

export function validateName(name: string): string {
  if (name.length > 255 || !NAME.test(name)) {
    throw new RegistryError('NAME_INVALID', { name }, `invalid repository name ${JSON.stringify(name)}`);
  }
  return name;
}

export function isTag(reference: string): boolean {
  return TAG.test(reference);
}

/**
 * How a request name maps to curated repositories: Docker Hub's mirror protocol asks for `library/nginx`, while
 * `docker pull localhost:5000/nginx` asks for `nginx`; both mean the curated nginx.
 */
export function curatedCandidates(name: string): string[] {
  return name.includes('/') ? [name] : [name, `library/${name}`];
}

/** `library/nginx` -> `nginx`, as `docker images` shows official images. */
export function friendlyName(repository: string): string {
  return repository.startsWith('library/') ? repository.slice('library/'.length) : repository;
}
