#!/usr/bin/env node
// Builds Wharf's curated container images from Debian bookworm i386 packages, offline-ready:
//   ~/.cache/wharf/images/<inputs-hash>/  OCI image layout (served by src/registry) + docker-load metadata
//   ~/.cache/wharf/images/<inputs-hash>/preload.tar  the same folder as one tar for `docker load` in the guest
//   ~/.cache/wharf/images/current -> <inputs-hash>
// A rebuild with unchanged inputs (this folder's files) is a no-op. See README.md next to this file.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  symlinkSync,
  readlinkSync,
  renameSync,
  linkSync,
  copyFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cacheRoot } from '../../scripts/lib/paths.mjs';
import { run, step } from '../../scripts/lib/run.mjs';
import { aptUpdate, ensureAptPackages, ensureForeignArch } from '../../scripts/lib/apt.mjs';
import { ensureI386 } from '../../scripts/lib/i386-exec.mjs';
import { chrootSh, unmountUnder, withChrootMounts, writeInto } from './lib/chroot.mjs';
import { writeLayer, fileSize } from './lib/layer.mjs';
import { MEDIA, OciLayout, dockerIoRef } from './lib/oci.mjs';
import { IMAGES, WHEEL_PACKAGES, helloConfig, helloFiles } from './images.mjs';
import { trimRootfs, prepareBase } from './lib/rootfs.mjs';
import { CREATED, SOURCE_DATE_EPOCH } from './lib/epoch.mjs';

const here = new URL('.', import.meta.url).pathname;
export const imagesCacheDir = join(cacheRoot, 'images');
const debCache = join(cacheRoot, 'debs');

function inputsHash() {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      // Docs do not change images.
      if (name === 'node_modules' || name.endsWith('.md')) continue;
      if (readdirSafe(full)) walk(full);
      else h.update(relative(here, full) + '\0').update(readFileSync(full));
    }
  };
  walk(here);
  return h.digest('hex').slice(0, 16);
}

function readdirSafe(p) {
  try {
    readdirSync(p);
    return true;
  } catch {
    return false;
  }
}

function mirror() {
  const sources = readFileSync('/etc/apt/sources.list.d/debian.sources', 'utf8');
  const stanza = sources.split(/\n\s*\n/).find((s) => /^Suites:.*\bbookworm\b/m.test(s) && !/security/.test(s));
  const uri = stanza?.match(/^URIs:\s*(\S+)/m)?.[1];
  if (!uri) throw new Error('no bookworm mirror in /etc/apt/sources.list.d/debian.sources');
  return uri;
}

/** `apt-get download` into the deb cache (skips what is there); returns the .deb paths. */
function downloadDebs(packages) {
  mkdirSync(debCache, { recursive: true });
  const probe = spawnSync('apt-cache', ['show', 'busybox-static:i386'], { stdio: 'ignore' });
  if (probe.status !== 0) aptUpdate();
  const uris = spawnSync('apt-get', ['download', '--print-uris', ...packages], { encoding: 'utf8' });
  if (uris.status !== 0) throw new Error(`apt-get download --print-uris failed: ${uris.stderr}`);
  const files = [...uris.stdout.matchAll(/^'\S+' (\S+\.deb) /gm)].map((m) => m[1]);
  const missing = files.filter((f) => !existsSync(join(debCache, f)));
  if (missing.length > 0) run('apt-get', ['download', '-q', ...packages], { cwd: debCache });
  return files.map((f) => join(debCache, f));
}

function linkDebs(from, to) {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) {
    if (!f.endsWith('.deb') || existsSync(join(to, f))) continue;
    try {
      linkSync(join(from, f), join(to, f));
    } catch {
      copyFileSync(join(from, f), join(to, f));
    }
  }
}

function buildBusyboxRoot(root, work) {
  const [deb] = downloadDebs(['busybox-static:i386']);
  const x = join(work, 'busybox-deb');
  run('dpkg-deb', ['-x', deb, x]);
  for (const d of [
    'bin',
    'etc',
    'root',
    'tmp',
    'home',
    'var/www',
    'var/spool/mail',
    'usr/sbin',
    'dev',
    'proc',
    'sys',
  ]) {
    mkdirSync(join(root, d), { recursive: true });
  }
  copyFileSync(join(x, 'bin/busybox'), join(root, 'bin/busybox'));
  run('chmod', ['0755', join(root, 'bin/busybox')]);
  const list = spawnSync(join(root, 'bin/busybox'), ['--list'], { encoding: 'utf8' }).stdout.split('\n');
  for (const applet of list.filter((a) => a && a !== 'busybox')) {
    // Hard links, like the official image: one inode, each applet a tiny tar entry.
    linkSync(join(root, 'bin/busybox'), join(root, 'bin', applet));
  }
  writeInto(
    root,
    'etc/passwd',
    'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\n',
  );
  writeInto(root, 'etc/group', 'root:x:0:\ndaemon:x:1:\nwww-data:x:33:\nnogroup:x:65534:\n');
  writeInto(
    root,
    'etc/shadow',
    'root:*:10933:0:99999:7:::\ndaemon:*:10933:0:99999:7:::\nnobody:*:10933:0:99999:7:::\nwww-data:*:10933:0:99999:7:::\n',
    0o640,
  );
  run('chmod', ['0700', join(root, 'root')]);
  run('chmod', ['1777', join(root, 'tmp')]);
}

/** Remove leftovers of earlier or interrupted builds (work trees, unfinished outputs, old image sets). */
function pruneCache(keep) {
  for (const name of readdirSync(imagesCacheDir)) {
    const full = join(imagesCacheDir, name);
    if (name === 'current' || name === '.lock' || keep.includes(name)) continue;
    unmountUnder(full);
    rmSync(full, { recursive: true, force: true });
  }
}

function main() {
  const hash = inputsHash();
  const outDir = join(imagesCacheDir, hash);
  const current = join(imagesCacheDir, 'current');
  if (existsSync(join(outDir, '.complete'))) {
    linkCurrent(current, hash);
    console.log(`container images up to date: ${outDir}`);
    return outDir;
  }
  const started = Date.now();
  // Keep the set `current` points at (a VM disk may have been built from it) and this build's.
  let previous = '';
  try {
    previous = readlinkSync(current);
  } catch {
    // no earlier build
  }
  pruneCache([previous, hash]);
  ensureForeignArch('i386');
  ensureAptPackages(['debootstrap', 'tar', 'python3']);
  // Before the first i386 program (debootstrap's second stage): natively, or emulated with qemu-user. The guest
  // image build, which runs this beside its own debootstrap, has done it already.
  const i386 =
    process.env.WHARF_I386_READY === '1'
      ? { how: 'as the guest image build set up', release: () => {} }
      : ensureI386({ workDir: imagesCacheDir });
  console.log(`container images: i386 programs ${i386.how}`);
  try {
    return buildAll(hash, outDir, current, started);
  } finally {
    i386.release();
  }
}

function buildAll(hash, outDir, current, started) {
  const work = join(imagesCacheDir, `.work-${hash}`);
  unmountUnder(work);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const staging = join(imagesCacheDir, `.out-${hash}`);
  rmSync(staging, { recursive: true, force: true });
  const layout = new OciLayout(staging);
  const created = CREATED;
  const layersDir = join(work, 'layers');
  mkdirSync(layersDir);

  step('container images: Debian bookworm i386 base (debootstrap minbase)');
  const base = join(work, 'base');
  mkdirSync(debCache, { recursive: true });
  run('debootstrap', ['--arch=i386', '--variant=minbase', `--cache-dir=${debCache}`, 'bookworm', base, mirror()], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, SOURCE_DATE_EPOCH: String(SOURCE_DATE_EPOCH) },
  });
  unmountUnder(base);
  const lists = join(work, 'apt-lists');
  withChrootMounts(base, () => prepareBase(base, lists));
  trimRootfs(base);
  const baseTar = join(layersDir, 'base.tar');
  writeLayer({ root: base, out: baseTar, workDir: join(work, 'tmp') });
  const baseLayer = layout.putFile(MEDIA.layer, baseTar);

  step('container images: busybox');
  const bbRoot = join(work, 'busybox');
  buildBusyboxRoot(bbRoot, work);
  const bbTar = join(layersDir, 'busybox.tar');
  writeLayer({ root: bbRoot, out: bbTar, workDir: join(work, 'tmp') });
  const bbLayer = layout.putFile(MEDIA.layer, bbTar);

  const wheelDir = join(work, 'wheels');
  const summary = [];
  for (const spec of IMAGES) {
    let layers;
    let config = spec.config;
    let history;
    if (spec.kind === 'debian' && !spec.packages) {
      layers = [baseLayer];
      history = [{ created, created_by: 'debootstrap --variant=minbase bookworm (i386), trimmed like debian:slim' }];
    } else if (spec.kind === 'debian') {
      step(`container images: ${spec.id} (${spec.packages.join(' ')})`);
      if (spec.id === 'python') {
        run('python3', [join(here, 'lib/make-wheels.py'), wheelDir, ...downloadDebs(WHEEL_PACKAGES)]);
      }
      const root = join(work, spec.id);
      run('cp', ['-a', base, root]);
      run('cp', ['-a', `${lists}/.`, join(root, 'var/lib/apt/lists')]);
      const archives = join(root, 'var/cache/apt/archives');
      linkDebs(debCache, archives);
      withChrootMounts(root, () => {
        chrootSh(root, `apt-get install -y -q --no-install-recommends ${spec.packages.join(' ')} >/dev/null`);
        linkDebs(archives, debCache);
        spec.customize?.(root, { wheelDir });
      });
      trimRootfs(root);
      const tar = join(layersDir, `${spec.id}.tar`);
      writeLayer({ root, lower: base, out: tar, workDir: join(work, 'tmp') });
      layers = [baseLayer, layout.putFile(MEDIA.layer, tar)];
      history = [
        { created, created_by: 'debootstrap --variant=minbase bookworm (i386), trimmed like debian:slim' },
        { created, created_by: `apt-get install --no-install-recommends ${spec.packages.join(' ')} (+ Wharf config)` },
      ];
      rmSync(root, { recursive: true, force: true });
    } else if (spec.kind === 'busybox') {
      layers = [bbLayer];
      history = [{ created, created_by: 'busybox-static (Debian bookworm i386) with applet links in /bin' }];
    } else {
      const root = join(work, spec.id);
      writeInto(root, 'usr/local/bin/hello-server', helloFiles(), 0o755);
      run('chmod', ['0755', join(root, 'usr'), join(root, 'usr/local'), join(root, 'usr/local/bin')]);
      const tar = join(layersDir, `${spec.id}.tar`);
      writeLayer({ root, out: tar, workDir: join(work, 'tmp') });
      layers = [bbLayer, layout.putFile(MEDIA.layer, tar)];
      config = helloConfig(spec);
      history = [
        { created, created_by: 'busybox-static (Debian bookworm i386) with applet links in /bin' },
        { created, created_by: `COPY hello-server /usr/local/bin/ (version ${spec.version})` },
      ];
    }
    const { manifest } = layout.addImage({ refs: spec.refs, layers, config, history, created });
    const size = layers.reduce((n, l) => n + l.size, 0);
    summary.push({
      id: spec.id,
      refs: spec.refs,
      manifest: manifest.digest,
      size,
      layers: layers.map((l) => l.digest),
    });
  }
  layout.finish();
  writeFileSync(join(staging, 'images.json'), JSON.stringify(summary, null, 1));
  writeDockerDistributionMetadata(join(staging, 'docker-distribution'), layout.entries);

  step('container images: preload.tar for docker load');
  // Everything but the tar itself: docker load reads manifest.json + blobs; the OCI files ride along harmlessly.
  const members = readdirSync(staging).sort();
  run('tar', [
    '-C',
    staging,
    '--format=gnu',
    '--numeric-owner',
    '--owner=0',
    '--group=0',
    '--sort=name',
    `--mtime=@${SOURCE_DATE_EPOCH}`,
    '-cf',
    join(work, 'preload.tar'),
    ...members,
  ]);
  renameSync(join(work, 'preload.tar'), join(staging, 'preload.tar'));
  writeFileSync(join(staging, '.complete'), `${created}\n`);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
  linkCurrent(current, hash);
  unmountUnder(work);
  rmSync(work, { recursive: true, force: true });

  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`\ncontainer images built in ${seconds} s: ${outDir}`);
  for (const s of summary) console.log(`  ${(s.size / 1e6).toFixed(1).padStart(6)} MB  ${s.refs.join(', ')}`);
  console.log(`  preload.tar ${(fileSize(join(outDir, 'preload.tar')) / 1e6).toFixed(1)} MB`);
  return outDir;
}

/**
 * dockerd's record of which registry blob each layer came from (/var/lib/docker/image/overlay2/distribution).
 * `docker load` writes none, so without it a later `docker pull redis` would download the shared base layer again
 * and `docker push` of an image built FROM python would gzip and upload the whole base inside the slow guest.
 * Our layers are uncompressed, so blob digest = DiffID.
 */
function writeDockerDistributionMetadata(dir, entries) {
  const byLayer = new Map();
  for (const e of entries) {
    const source = dockerIoRef(e.ref).replace(/:[^:/]+$/, '');
    for (const l of e.layers) {
      const list = byLayer.get(l.digest) ?? [];
      if (!list.some((m) => m.SourceRepository === source))
        list.push({ Digest: l.digest, SourceRepository: source, HMAC: '' });
      byLayer.set(l.digest, list);
    }
  }
  for (const [digest, metadata] of byLayer) {
    const hex = digest.slice('sha256:'.length);
    writeInto(dir, `diffid-by-digest/sha256/${hex}`, digest);
    writeInto(dir, `v2metadata-by-diffid/sha256/${hex}`, JSON.stringify(metadata));
  }
}

function linkCurrent(current, hash) {
  const tmp = `${current}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(hash, tmp);
  renameSync(tmp, current);
}

// One build at a time (the guest disk build calls this too): re-run ourselves under an exclusive lock.
if (process.env.WHARF_IMAGES_LOCKED !== '1') {
  mkdirSync(imagesCacheDir, { recursive: true });
  const r = spawnSync('flock', [join(imagesCacheDir, '.lock'), process.execPath, new URL(import.meta.url).pathname], {
    stdio: 'inherit',
    env: { ...process.env, WHARF_IMAGES_LOCKED: '1' },
  });
  process.exit(r.status ?? 1);
} else {
  main();
}
