import { useEffect, useRef } from 'react';

/** "Reset the VM?" — a modal dialog (native <dialog>: focus is kept inside while open and returned after). */
export function ResetDialog({ open, onCancel, onConfirm }: { open: boolean; onCancel(): void; onConfirm(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" onCancel={onCancel} aria-labelledby="reset-title">
      <h2 id="reset-title">Reset the VM?</h2>
      <p>
        This restarts the VM from its clean snapshot: containers, images you pulled or built, and everything outside{' '}
        <code>/root/workspace</code> are gone. Your workspace files stay in the editor's storage.
      </p>
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          Reset
        </button>
      </div>
    </dialog>
  );
}
