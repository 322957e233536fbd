import type { VmStartOptions, WharfVm } from './types.js';
import { VmStartError } from './types.js';

/** Start a VM from a build (restoring its snapshot by default). Resolves once the guest agent answered. */
export async function startVm(_options: VmStartOptions): Promise<WharfVm> {
  throw new VmStartError('not implemented yet');
}
