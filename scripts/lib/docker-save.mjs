// Reading a docker-save tarball's manifest.json: which image references `docker load` must leave in the store. The
// image build checks the loaded store against it (image/build/native-docker.mjs).

/** `nginx`, `docker.io/library/nginx:latest` and `nginx:latest` name the same image, as `docker images` shows it. */
export function normalizeRef(ref) {
  let name = ref.trim();
  if (name.startsWith('docker.io/')) name = name.slice('docker.io/'.length);
  if (name.startsWith('library/')) name = name.slice('library/'.length);
  const slash = name.lastIndexOf('/');
  if (!name.slice(slash + 1).includes(':') && !name.includes('@')) name += ':latest';
  return name;
}

/** Every RepoTag of a docker-save manifest.json (text), normalised and sorted. */
export function savedRefs(manifestJson) {
  let entries;
  try {
    entries = JSON.parse(manifestJson);
  } catch (error) {
    throw new Error(`docker-save manifest.json is not JSON: ${error.message}`, { cause: error });
  }
  if (!Array.isArray(entries)) throw new Error('docker-save manifest.json is not a list of images');
  const refs = entries.flatMap((entry, i) => {
    if (!Array.isArray(entry?.RepoTags)) throw new Error(`docker-save manifest.json: image ${i} has no RepoTags list`);
    return entry.RepoTags.map(normalizeRef);
  });
  return [...new Set(refs)].sort();
}

/** The saved references `docker images` does not list (`listed`: one `repository:tag` per entry). */
export function missingRefs(saved, listed) {
  const have = new Set(listed.map(normalizeRef));
  return saved.filter((ref) => !have.has(ref));
}
