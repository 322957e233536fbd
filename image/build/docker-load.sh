#!/bin/sh
# Load a docker-save tarball into the guest root filesystem's Docker store (ROOTFS/var/lib/docker, overlay2) with
# amd64 builds of the guest's own containerd, dockerd and docker CLI (the same Debian versions, first on PATH:
# image/build/host-tools.mjs), run on the build host. The guest's i386 Go programs cannot run where i386 is emulated,
# and the store's files (layers, image configs, layer db) do not depend on the daemon's architecture.
#   docker-load.sh ROOTFS [TARBALL]
# image/build/native-docker.mjs runs this under `unshare --mount --net --pid --cgroup --fork --kill-child`, so every
# mount below and both daemons die with the namespace even if this script is killed; the trap is the orderly path.
# The daemons' runtime state (sockets, pid files, exec-root, containerd's root and state, dockerd's key) lives on a
# tmpfs over the root filesystem's /run, private to the namespace and gone with it: only /var/lib/docker (images,
# layers) stays. Nothing of the host's /run, /etc/docker or /var/lib/containerd is touched.
set -eu
R="$1"
TAR="${2:-}"
STATE="$R/run/wharf-build" # on the root filesystem's /run, a tmpfs below
SOCK="unix://$STATE/docker.sock"

cleanup() {
  status=$?
  for name in dockerd containerd; do
    [ -f "$STATE/$name.pid" ] || continue
    pid=$(cat "$STATE/$name.pid")
    kill -TERM "$pid" 2>/dev/null || continue
    i=0
    while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 300 ]; do
      sleep 0.1
      i=$((i + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "docker-load: $name did not stop in 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      status=1
    fi
  done
  # Ours and anything dockerd left under the root filesystem (it unmounts its layers itself unless it crashed).
  grep -oE " $R(/[^ ]*)? " /proc/self/mounts | sort -r | while read -r m; do umount "$m" || umount -l "$m" || true; done
  if grep -qE " $R(/[^ ]*)? " /proc/self/mounts; then
    echo "docker-load: mounts left under $R" >&2
    status=1
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount --make-rprivate /
# The data root's file system a mount point of its own: dockerd looks up the mount its data root is on.
mount --bind "$R" "$R"
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$R/run"
# Defaults the flags below do not move (plugin sockets, /var/run/docker) land on a private tmpfs too, unless the
# build's own files live under /run.
case "$R $TAR" in /run/* | */run/*) ;; *) mount -t tmpfs -o mode=755,nosuid,nodev tmpfs /run ;; esac
mkdir -p "$STATE"
# dockerd writes its identity key to /etc/docker/key.json unless told otherwise; the guest makes its own at first start.
echo "{\"deprecated-key-path\": \"$STATE/key.json\"}" >"$STATE/daemon.json"
export HOME="$STATE" DOCKER_HOST="$SOCK" DOCKER_CONFIG="$STATE/docker-cli"

# containerd: the guest's config (plugins off), root and state on the tmpfs. A simple command in the background: $!
# is the daemon itself.
containerd --config "$R/etc/containerd/config.toml" --root "$STATE/containerd-root" --state "$STATE/containerd" \
  --address "$STATE/containerd.sock" </dev/null >"$STATE/containerd.log" 2>&1 &
echo $! >"$STATE/containerd.pid"
# dockerd: the guest's store and storage driver, nothing else of its config (daemon.json's options would clash with
# these flags); no networking (it runs in an empty network namespace anyway).
dockerd --config-file "$STATE/daemon.json" --data-root "$R/var/lib/docker" --storage-driver overlay2 \
  --exec-root "$STATE/docker-exec" --pidfile "$STATE/docker.pid.dockerd" -H "$SOCK" \
  --containerd "$STATE/containerd.sock" --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
  --bridge=none --log-level warn </dev/null >"$STATE/dockerd.log" 2>&1 &
echo $! >"$STATE/dockerd.pid"

i=0
until docker version >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -gt 600 ] || ! kill -0 "$(cat "$STATE/dockerd.pid")" 2>/dev/null; then
    echo "docker-load: dockerd did not answer" >&2
    tail -n 20 "$STATE/containerd.log" "$STATE/dockerd.log" >&2
    exit 1
  fi
  sleep 0.1
done
echo "docker-load: dockerd up after $((i / 10)).$((i % 10)) s"
[ -z "$TAR" ] || docker load -q -i "$TAR"
docker images --format '{{.Repository}}:{{.Tag}}' | sed 's/^/docker-load: image /'
docker version --format 'docker-load: docker {{.Client.Version}} / dockerd {{.Server.Version}} ({{.Server.Arch}})'
echo "docker-load: OK"
