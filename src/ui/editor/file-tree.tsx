import { useMemo, useState } from 'react';
import type { WorkspaceEntry } from '../../protocol/worker-api.js';

interface Props {
  entries: WorkspaceEntry[];
  activePath: string | undefined;
  dirty: ReadonlySet<string>;
  onOpen(path: string): void;
  onCreate(path: string): void;
}

interface Node {
  name: string;
  path: string;
  kind: 'file' | 'dir';
  children: Node[];
}

function buildTree(entries: WorkspaceEntry[]): Node[] {
  const root: Node = { name: '', path: '', kind: 'dir', children: [] };
  const dirs = new Map<string, Node>([['', root]]);
  for (const e of [...entries].sort((a, b) => a.path.localeCompare(b.path))) {
    const slash = e.path.lastIndexOf('/');
    const parentPath = slash < 0 ? '' : e.path.slice(0, slash);
    const parent = dirs.get(parentPath) ?? root;
    const node: Node = { name: e.path.slice(slash + 1), path: e.path, kind: e.kind, children: [] };
    parent.children.push(node);
    if (e.kind === 'dir') dirs.set(e.path, node);
  }
  const sort = (nodes: Node[]) => {
    nodes.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
    nodes.forEach((n) => sort(n.children));
  };
  sort(root.children);
  return root.children;
}

/**
 * The workspace as a tree. File names come from the guest, so they are only ever rendered as React text (escaped).
 * Buttons make every entry reachable with Tab and Enter.
 */
export function FileTree({ entries, activePath, dirty, onOpen, onCreate }: Props) {
  const tree = useMemo(() => buildTree(entries), [entries]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  const render = (nodes: Node[], depth: number) =>
    nodes.map((n) => (
      <li key={n.path} role="treeitem" aria-expanded={n.kind === 'dir' ? !collapsed.has(n.path) : undefined}>
        <button
          type="button"
          className={`tree-entry ${n.path === activePath ? 'active' : ''}`}
          style={{ paddingLeft: `${0.5 + depth * 0.9}rem` }}
          title={n.path}
          onClick={() => {
            if (n.kind === 'file') onOpen(n.path);
            else
              setCollapsed((c) => {
                const next = new Set(c);
                if (!next.delete(n.path)) next.add(n.path);
                return next;
              });
          }}
        >
          <span aria-hidden="true">{n.kind === 'dir' ? (collapsed.has(n.path) ? '▸ ' : '▾ ') : '  '}</span>
          {n.name}
          {dirty.has(n.path) && (
            <span className="dirty-dot" aria-label="unsaved changes">
              {' '}
              ●
            </span>
          )}
        </button>
        {n.kind === 'dir' && !collapsed.has(n.path) && n.children.length > 0 && (
          <ul role="group">{render(n.children, depth + 1)}</ul>
        )}
      </li>
    ));

  return (
    <nav className="file-tree" aria-label="Workspace files">
      <div className="file-tree-head">
        <span title="/root/workspace in the VM">workspace</span>
        <button type="button" aria-label="New file" title="New file" onClick={() => setNaming(true)}>
          +
        </button>
      </div>
      {naming && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const clean = name.trim().replace(/^\/+/, '');
            if (clean) onCreate(clean);
            setNaming(false);
            setName('');
          }}
        >
          <input
            autoFocus
            aria-label="New file name"
            placeholder="e.g. app/Dockerfile"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setNaming(false)}
            onBlur={() => setNaming(false)}
          />
        </form>
      )}
      {tree.length === 0 ? (
        <p className="empty">
          No files yet. Create one with <strong>+</strong>, or in the terminal: <code>echo hi &gt; hello.txt</code>
        </p>
      ) : (
        <ul role="tree">{render(tree, 0)}</ul>
      )}
    </nav>
  );
}
