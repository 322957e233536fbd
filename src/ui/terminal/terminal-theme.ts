import type { ITheme } from '@xterm/xterm';

export const darkTerminal: ITheme = {
  background: '#15181e',
  foreground: '#d8dee9',
  cursor: '#e5e9f0',
  selectionBackground: '#3b4a63',
  black: '#2e3440',
  brightBlack: '#6b7385',
};

export const lightTerminal: ITheme = {
  background: '#fbfbfc',
  foreground: '#1f2328',
  cursor: '#1f2328',
  selectionBackground: '#b6d3f5',
  black: '#1f2328',
  white: '#8c959f',
  brightWhite: '#6e7781',
  yellow: '#9a6700',
  brightYellow: '#7d4e00',
};
