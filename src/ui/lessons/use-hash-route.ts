import { useCallback, useEffect, useState } from 'react';
import { parseRoute, routeHash, type LessonRoute } from './lesson-route.js';

/**
 * The pane's route from the URL hash. Moving to another lesson or step pushes a history entry (back and forward walk
 * through them); `replace` corrects the URL without one (a lesson's URL becomes its current step's).
 */
export function useHashRoute(): [LessonRoute, (route: LessonRoute, options?: { replace?: boolean }) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: LessonRoute, options: { replace?: boolean } = {}) => {
    const hash = routeHash(next);
    if (hash !== routeHash(parseRoute(window.location.hash))) {
      if (options.replace) window.history.replaceState(window.history.state, '', hash);
      else window.location.hash = hash;
    }
    setRoute(parseRoute(hash));
  }, []);
  return [route, navigate];
}
