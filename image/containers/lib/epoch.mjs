// The reproducible-builds clock of the image build (https://reproducible-builds.org/specs/source-date-epoch/):
// file times in layers are clamped to it, tools in the chroot (useradd, ...) date their output with it, and image
// configs say they were created then. Packages built before it keep their own file times (Python's .pyc files
// check them), so it should not be moved back. 2026-11-01T00:00:00Z.
export const SOURCE_DATE_EPOCH = 1793491200;
export const CREATED = new Date(SOURCE_DATE_EPOCH * 1000).toISOString();
