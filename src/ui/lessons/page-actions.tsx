import { createContext, useContext } from 'react';

/**
 * What lesson text can do to the rest of the page: type commands into the terminal, copy text, create a workspace
 * file, open one in the editor. Provided once by the lesson pane so code blocks deep in a step need no props chain.
 */
export interface PageActions {
  /** A shell is attached in the shown terminal tab. */
  terminalReady: boolean;
  /** The VM answers (files can be written). */
  vmReady: boolean;
  /** Type commands into the shown terminal, each line followed by Enter. */
  run(commands: string): void;
  copy(text: string): void;
  /** Write the file into the workspace (creating folders), replacing what is there. */
  createFile(path: string, text: string): Promise<void>;
  /** Show the file in the editor (creating it from `text` first when the workspace does not have it). */
  openFile(path: string, text: string): Promise<void>;
}

const noop: PageActions = {
  terminalReady: false,
  vmReady: false,
  run: () => undefined,
  copy: () => undefined,
  createFile: async () => undefined,
  openFile: async () => undefined,
};

export const PageActionsContext = createContext<PageActions>(noop);

export function usePageActions(): PageActions {
  return useContext(PageActionsContext);
}
