#!/usr/bin/env python3
"""Turn Debian python3-* packages into installable wheels for the offline pip index of the python image.

Debian installs modules under /usr/lib/python3/dist-packages with an .egg-info (or .dist-info) directory, and it
often drops install_requires from that metadata because apt resolves dependencies instead. A wheel needs the real
dependency list, so Requires-Dist is rebuilt from requires.txt plus the deb's own Depends on other packages we ship.

usage: make-wheels.py OUT_DIR DEB...
"""
import base64
import email.parser
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import zipfile

DIST_PACKAGES = 'usr/lib/python3/dist-packages'
# Fixed zip timestamps: the same debs always give byte-identical wheels.
ZIP_DATE = (2023, 1, 1, 0, 0, 0)


def deb_field(deb, field):
    return subprocess.run(['dpkg-deb', '-f', deb, field], check=True, capture_output=True, text=True).stdout.strip()


def extract(deb, dest):
    subprocess.run(['dpkg-deb', '-x', deb, dest], check=True)
    root = os.path.join(dest, DIST_PACKAGES)
    if not os.path.isdir(root):
        sys.exit(f'{deb}: no {DIST_PACKAGES} in this package')
    meta = [e for e in os.listdir(root) if e.endswith(('.egg-info', '.dist-info'))]
    if len(meta) != 1:
        sys.exit(f'{deb}: expected one metadata directory, found {meta}')
    return root, meta[0]


def normalize(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def wheel_name_part(name):
    return re.sub(r'[-_.]+', '_', name)


def requires_from_egg(meta_dir):
    """requires.txt sections ([extra], [:marker], [extra:marker]) -> Requires-Dist values and extras."""
    path = os.path.join(meta_dir, 'requires.txt')
    reqs, extras = [], []
    if not os.path.exists(path):
        return reqs, extras
    section = ''
    for raw in open(path, encoding='utf-8'):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('['):
            section = line[1:-1]
            extra, _, marker = section.partition(':')
            if extra and extra not in extras:
                extras.append(extra)
            continue
        extra, _, marker = section.partition(':')
        conds = []
        if marker:
            conds.append(f'({marker})' if ' or ' in marker else marker)
        if extra:
            conds.append(f'extra == "{extra}"')
        reqs.append(line + ('; ' + ' and '.join(conds) if conds else ''))
    return reqs, extras


def record_hash(data):
    return 'sha256=' + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()


def build(deb, info, dists_by_pkg, out_dir):
    root, meta_name = info['root'], info['meta']
    meta_dir = os.path.join(root, meta_name)
    if meta_name.endswith('.dist-info'):
        text = open(os.path.join(meta_dir, 'METADATA'), encoding='utf-8').read()
    else:
        text = open(os.path.join(meta_dir, 'PKG-INFO'), encoding='utf-8').read()
    msg = email.parser.Parser().parsestr(text)
    name, version = msg['Name'], msg['Version']

    reqs, extras = ([], []) if meta_name.endswith('.dist-info') else requires_from_egg(meta_dir)
    # Only unconditional requirements count: requests lists chardet for an extra, yet Debian's build needs it always.
    unconditional = [r for r in (msg.get_all('Requires-Dist') or []) + reqs if ';' not in r]
    existing = [normalize(re.split(r'[ <>=!~\[(]', r, maxsplit=1)[0]) for r in unconditional]
    # Debian's Depends on packages we also ship: the dependencies Debian tested this version with.
    for dep in re.split(r',\s*', deb_field(deb, 'Depends')):
        pkg = dep.split()[0].split(':')[0] if dep else ''
        target = dists_by_pkg.get(pkg)
        if target and normalize(target) not in existing:
            reqs.append(target)
            existing.append(normalize(target))

    headers = [(k, v) for k, v in msg.items() if k not in ('Requires-Dist', 'Provides-Extra', 'Metadata-Version')]
    meta_lines = ['Metadata-Version: 2.1']
    meta_lines += [f'{k}: {v}' for k, v in headers if '\n' not in v]
    meta_lines += [f'Requires-Dist: {r}' for r in (msg.get_all('Requires-Dist') or []) + reqs]
    meta_lines += [f'Provides-Extra: {e}' for e in (msg.get_all('Provides-Extra') or []) + extras]
    metadata = ('\n'.join(meta_lines) + '\n\nBuilt by Wharf from the Debian package ' + os.path.basename(deb) + '\n')

    files = []  # (archive path, bytes, mode)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, root)
        if rel_dir.split(os.sep)[0] == meta_name or '__pycache__' in rel_dir.split(os.sep):
            continue
        for f in sorted(filenames):
            full = os.path.join(dirpath, f)
            arc = os.path.normpath(os.path.join(rel_dir, f)).replace(os.sep, '/')
            if os.path.islink(full):
                continue
            files.append((arc, open(full, 'rb').read(), os.stat(full).st_mode))

    native = any(arc.endswith('.so') for arc, _, _ in files)
    tag = 'cp311-cp311-linux_i686' if native else 'py3-none-any'
    dist_info = f'{wheel_name_part(name)}-{version}.dist-info'
    extra_meta = {}
    for f in ('entry_points.txt', 'top_level.txt'):
        p = os.path.join(meta_dir, f)
        if os.path.exists(p):
            extra_meta[f] = open(p, 'rb').read()
    wheel_text = f'Wheel-Version: 1.0\nGenerator: wharf-make-wheels\nRoot-Is-Purelib: {"false" if native else "true"}\nTag: {tag}\n'
    files.append((f'{dist_info}/METADATA', metadata.encode(), 0o644))
    files.append((f'{dist_info}/WHEEL', wheel_text.encode(), 0o644))
    for f, data in extra_meta.items():
        files.append((f'{dist_info}/{f}', data, 0o644))
    record = ''.join(f'{arc},{record_hash(data)},{len(data)}\n' for arc, data, _ in files)
    record += f'{dist_info}/RECORD,,\n'
    files.append((f'{dist_info}/RECORD', record.encode(), 0o644))

    wheel_file = os.path.join(out_dir, f'{wheel_name_part(name)}-{version}-{tag}.whl')
    with zipfile.ZipFile(wheel_file, 'w', zipfile.ZIP_DEFLATED) as z:
        for arc, data, mode in files:
            zi = zipfile.ZipInfo(arc, ZIP_DATE)
            zi.external_attr = (mode & 0xFFFF) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    print(os.path.basename(wheel_file))


def main():
    out_dir, debs = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        infos = {}
        for i, deb in enumerate(debs):
            root, meta = extract(deb, os.path.join(tmp, str(i)))
            infos[deb] = {'root': root, 'meta': meta}
        dists_by_pkg = {}
        for deb, info in infos.items():
            dists_by_pkg[deb_field(deb, 'Package')] = re.split(r'-\d', info['meta'], maxsplit=1)[0]
        for deb, info in infos.items():
            build(deb, info, dists_by_pkg, out_dir)


if __name__ == '__main__':
    main()
