import { useEffect, useRef } from 'react';
import type { AuthorModel } from './author-model.js';
import { carriesFiles, readDrop } from './dropped-lesson.js';
import { routeHash } from './lesson-route.js';

/**
 * Files dragged onto the page anywhere: a lesson folder is copied into the workspace and opened in author mode, a
 * lesson file is opened as a shared lesson, anything else is refused with a sentence. Listens on the window in the
 * capture phase so panes that take drops themselves (the editor takes dragged text) do not swallow a file drop.
 */
export function useLessonDrop(author: AuthorModel, showLessonPane: () => void): void {
  const show = useRef(showLessonPane);
  show.current = showLessonPane;

  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!e.dataTransfer || !carriesFiles([...e.dataTransfer.types])) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!e.dataTransfer || !carriesFiles([...e.dataTransfer.types])) return;
      e.preventDefault();
      e.stopPropagation();
      show.current();
      void readDrop(e.dataTransfer).then(
        async (dropped) => {
          if (dropped.kind === 'other') return author.say({ kind: 'error', text: dropped.reason });
          if (dropped.kind === 'pack') {
            // Opened lessons are listed on the map, in their own group, under the banner that says what opened.
            if (await author.openPack(dropped.bytes, dropped.name)) window.location.hash = routeHash({ page: 'map' });
            return;
          } else {
            const slug = await author.importFolder(dropped.name, dropped.files);
            if (slug && dropped.skipped.length)
              author.say({
                kind: 'error',
                text: `Not copied (a lesson folder is text): ${dropped.skipped.join(', ')}`,
              });
            if (slug) window.location.hash = routeHash({ page: 'lesson', lesson: slug });
          }
        },
        (error: unknown) => author.say({ kind: 'error', text: `The drop could not be read: ${String(error)}` }),
      );
    };
    window.addEventListener('dragover', over, true);
    window.addEventListener('drop', drop, true);
    return () => {
      window.removeEventListener('dragover', over, true);
      window.removeEventListener('drop', drop, true);
    };
  }, [author]);
}
