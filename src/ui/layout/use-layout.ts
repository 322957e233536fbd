import { useEffect, useState } from 'react';
import { loadPersisted, savePersisted } from './persisted.js';

export interface Layout {
  theme: 'light' | 'dark';
  lessonWidth: number;
  editorHeight: number;
  previewWidth: number;
  showLesson: boolean;
  showPreview: boolean;
  /** The one pane shown on a narrow (phone) screen. */
  mobilePane: 'lesson' | 'editor' | 'terminal' | 'preview';
}

const defaults: Layout = {
  theme: matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark',
  lessonWidth: 28,
  editorHeight: 50,
  previewWidth: 40,
  showLesson: true,
  showPreview: false,
  mobilePane: 'terminal',
};

/** The learner's layout, restored on reload. */
export function useLayout(): [Layout, (patch: Partial<Layout>) => void] {
  const [layout, setLayout] = useState<Layout>(() => loadPersisted('layout', defaults));
  useEffect(() => savePersisted('layout', layout), [layout]);
  useEffect(() => {
    document.documentElement.dataset.theme = layout.theme;
  }, [layout.theme]);
  return [layout, (patch) => setLayout((l) => ({ ...l, ...patch }))];
}

/** True on phone-sized screens, where panes stack behind a tab bar instead of splitting the screen. */
export function useNarrow(): boolean {
  const query = '(max-width: 760px)';
  const [narrow, setNarrow] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const m = matchMedia(query);
    const on = () => setNarrow(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return narrow;
}
