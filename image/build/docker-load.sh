#!/bin/sh
# Load a docker-save tarball into the guest root filesystem's Docker store with the guest's own (i386) containerd,
# dockerd and docker CLI, natively on the build host (its kernel runs i386 binaries), then check the tools answer.
#   docker-load.sh ROOTFS [TARBALL]
# image/build/native-docker.mjs runs this under `unshare --mount --net --pid --fork --kill-child`, so every mount
# below and both daemons die with the namespace even if this script is killed; the trap is the orderly path.
# The daemons' runtime state (sockets, pid files, exec-root, containerd's root and state) lives on tmpfs mounts that
# are gone before the disk is made: only /var/lib/docker (images, layers) stays in the root filesystem.
set -eu
R="$1"
TAR="${2:-}"
STATE=/run/wharf-build # inside the chroot, on its /run tmpfs
SOCK="unix://$STATE/docker.sock"

cleanup() {
  status=$?
  for name in dockerd containerd; do
    [ -f "$R$STATE/$name.pid" ] || continue
    pid=$(cat "$R$STATE/$name.pid")
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
  # Ours and anything dockerd left (it unmounts its layers itself unless it crashed), innermost first.
  grep -oE " $R(/[^ ]*)? " /proc/self/mounts | sort -r | while read -r m; do umount "$m" || umount -l "$m" || true; done
  if grep -qE " $R(/[^ ]*)? " /proc/self/mounts; then
    echo "docker-load: mounts left under $R" >&2
    status=1
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_in() { # type source target options
  mount -t "$1" -o "$4" "$2" "$R$3"
}
mount --make-rprivate /
# The root a mount point of its own: dockerd looks up the mount its data root is on (root propagation).
mount --bind "$R" "$R"
mount_in proc proc /proc nosuid,nodev,noexec
mount_in sysfs sysfs /sys nosuid,nodev,noexec,ro
# dockerd refuses to start without cgroups; a cgroup2 mount (of our own cgroup namespace) satisfies it. It creates no
# cgroup: no container runs.
mount_in cgroup2 cgroup2 /sys/fs/cgroup nosuid,nodev,noexec
mount_in tmpfs tmpfs /dev mode=755,nosuid
for dev in null zero full random urandom tty; do
  touch "$R/dev/$dev"
  mount --bind "/dev/$dev" "$R/dev/$dev"
done
mount_in tmpfs tmpfs /run mode=755,nosuid,nodev
mount_in tmpfs tmpfs /tmp mode=1777,nosuid,nodev
mkdir -p "$R$STATE"
echo '{}' >"$R$STATE/daemon.json"

run() { chroot "$R" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root LANG=C.UTF-8 DOCKER_HOST="$SOCK" "$@"; }

# containerd: the guest's config (plugins off), but root and state on tmpfs: its first real start is the guest's.
# A simple command in the background: $! is chroot's pid, which execs env, which execs the daemon (no shell in
# between to outlive a TERM).
chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin containerd --config /etc/containerd/config.toml --root "$STATE/containerd-root" --state "$STATE/containerd" \
  --address "$STATE/containerd.sock" </dev/null >"$R$STATE/containerd.log" 2>&1 &
echo $! >"$R$STATE/containerd.pid"
# dockerd: the guest's store and driver, nothing else of its config (an empty config file: daemon.json's options
# would clash with these flags); no networking, so it touches nothing of the host (it runs in an empty netns anyway).
chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin dockerd --config-file "$STATE/daemon.json" --data-root /var/lib/docker --storage-driver overlay2 \
  --exec-root "$STATE/docker-exec" --pidfile "$STATE/docker.pid.dockerd" -H "$SOCK" \
  --containerd "$STATE/containerd.sock" --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
  --bridge=none --log-level warn </dev/null >"$R$STATE/dockerd.log" 2>&1 &
echo $! >"$R$STATE/dockerd.pid"

i=0
until run docker version >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -gt 600 ] || ! kill -0 "$(cat "$R$STATE/dockerd.pid")" 2>/dev/null; then
    echo "docker-load: dockerd did not answer" >&2
    tail -n 20 "$R$STATE/containerd.log" "$R$STATE/dockerd.log" >&2
    exit 1
  fi
  sleep 0.1
done
echo "docker-load: dockerd up after $((i / 10)).$((i % 10)) s"
if [ -n "$TAR" ]; then
  # The tarball is outside the chroot: bind it in (read-only) rather than copy 184 MB.
  touch "$R/tmp/preload.tar"
  mount --bind -o ro "$TAR" "$R/tmp/preload.tar"
  run docker load -q -i /tmp/preload.tar
fi
run docker images --format '{{.Repository}}:{{.Tag}}' | sed 's/^/docker-load: image /'
run docker version --format 'docker-load: docker {{.Client.Version}} / dockerd {{.Server.Version}}'
run kubectl version --client --short | sed 's/^/docker-load: kubectl /'
run docker compose version | sed 's/^/docker-load: /'
echo "docker-load: OK"
