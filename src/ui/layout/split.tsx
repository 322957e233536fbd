import { useRef, type ReactNode } from 'react';

interface Props {
  direction: 'row' | 'column';
  /** Size of the first pane in percent of the container. */
  size: number;
  onResize(size: number): void;
  label: string;
  first: ReactNode;
  second: ReactNode;
  min?: number;
  max?: number;
  /**
   * Hide one pane (and the separator) but keep it mounted: toggling a pane must not rebuild the other one's tree,
   * which would throw away the terminals' xterm instances and start new shells.
   */
  hide?: 'first' | 'second';
}

/**
 * Two panes and a draggable separator. The separator is a focusable ARIA `separator`: arrow keys move it in 2%
 * steps (Shift: 10%), Home/End collapse towards either side, so the layout is usable without a mouse.
 */
export function Split({ direction, size, onResize, label, first, second, min = 10, max = 90, hide }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const clamp = (v: number) => Math.max(min, Math.min(max, v));

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const rect = box.current!.getBoundingClientRect();
    const move = (ev: PointerEvent) => {
      const pct =
        direction === 'row'
          ? ((ev.clientX - rect.left) / rect.width) * 100
          : ((ev.clientY - rect.top) / rect.height) * 100;
      onResize(clamp(pct));
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      document.body.classList.remove('resizing');
    };
    document.body.classList.add('resizing');
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 10 : 2;
    const back = direction === 'row' ? 'ArrowLeft' : 'ArrowUp';
    const fwd = direction === 'row' ? 'ArrowRight' : 'ArrowDown';
    if (e.key === back) onResize(clamp(size - step));
    else if (e.key === fwd) onResize(clamp(size + step));
    else if (e.key === 'Home') onResize(min);
    else if (e.key === 'End') onResize(max);
    else return;
    e.preventDefault();
  };

  return (
    <div ref={box} className={`split split-${direction}`}>
      <div className="split-pane" style={{ flexBasis: hide ? '100%' : `${size}%` }} hidden={hide === 'first'}>
        {first}
      </div>
      <div
        hidden={hide !== undefined}
        className="splitter"
        role="separator"
        tabIndex={0}
        aria-label={label}
        aria-orientation={direction === 'row' ? 'vertical' : 'horizontal'}
        aria-valuenow={Math.round(size)}
        aria-valuemin={min}
        aria-valuemax={max}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      />
      <div className="split-pane" style={{ flexBasis: hide ? '100%' : `${100 - size}%` }} hidden={hide === 'second'}>
        {second}
      </div>
    </div>
  );
}
