#!/bin/sh
# Trim the guest root filesystem ($1): what a learner never reads in the VM (docs, man pages, translations, apt's
# caches) and tools with no use in it. The kernel image and initrd live outside the disk. Run after customising.
set -eu
R="$1"
cd "$R"
rm -rf usr/share/doc/* usr/share/man/* usr/share/info/* usr/share/lintian usr/share/linda usr/share/bug
find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
find usr/share/zoneinfo -mindepth 1 -maxdepth 1 ! -name UTC ! -name Etc ! -name zone.tab -exec rm -rf {} + 2>/dev/null || true
rm -rf var/cache/apt/* var/lib/apt/lists/* var/cache/debconf/*-old var/lib/dpkg/*-old var/log/* var/cache/man
rm -rf boot/* usr/share/initramfs-tools etc/initramfs-tools usr/sbin/mkinitramfs usr/sbin/update-initramfs
# Debugging and test binaries of the Docker packaging, and containerd shims Docker 20.10 does not use (it runs
# io.containerd.runc.v2).
rm -f usr/bin/dnet usr/bin/containerd-shim usr/bin/containerd-shim-runc-v1 usr/bin/containerd-stress
