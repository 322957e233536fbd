import { useEffect, useRef, useState } from 'react';
import type { SearchAddon } from '@xterm/addon-search';

/** The Ctrl+Shift+F bar: find in the terminal's scrollback (Enter: next, Shift+Enter: previous, Escape: close). */
export function TerminalSearch({ addon, onClose }: { addon: SearchAddon; onClose(): void }) {
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const options = {
    decorations: {
      matchOverviewRuler: '#888',
      activeMatchColorOverviewRuler: '#fa0',
      matchBackground: '#665500',
      activeMatchBackground: '#aa7700',
    },
  };
  return (
    <div className="terminal-search" role="search">
      <input
        ref={input}
        aria-label="Find in terminal"
        placeholder="Find in terminal"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          addon.findNext(e.target.value, { ...options, incremental: true });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            addon.clearDecorations();
            onClose();
          } else if (e.key === 'Enter') {
            if (e.shiftKey) addon.findPrevious(query, options);
            else addon.findNext(query, options);
          }
        }}
      />
      <button type="button" onClick={() => addon.findPrevious(query, options)} aria-label="Previous match">
        ↑
      </button>
      <button type="button" onClick={() => addon.findNext(query, options)} aria-label="Next match">
        ↓
      </button>
      <button
        type="button"
        onClick={() => {
          addon.clearDecorations();
          onClose();
        }}
        aria-label="Close search"
      >
        ×
      </button>
    </div>
  );
}
