import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';

type Announce = (message: string) => void;

const AnnounceContext = createContext<Announce>(() => undefined);

/**
 * One polite aria-live region for the lesson pane: checks passing, a step done, a command typed into the terminal,
 * a set-up finished or failed. Screen readers read each message once; sighted learners see the same change in place.
 */
export function Announcer({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const clear = useRef<ReturnType<typeof setTimeout>>(undefined);
  const announce = useCallback((text: string) => {
    // The same words twice in a row are still news ("Typed into Terminal 1"): blank the region first.
    setMessage('');
    clearTimeout(clear.current);
    clear.current = setTimeout(() => setMessage(text), 50);
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="sr-only" aria-live="polite" role="status" data-testid="lesson-announcer">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}
