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
  // The ANSI defaults are made for dark backgrounds; these keep prompts and `ls` colours readable on white.
  red: '#cf222e',
  green: '#116329',
  yellow: '#9a6700',
  blue: '#0550ae',
  magenta: '#8250df',
  cyan: '#1b7c83',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#7d4e00',
  brightBlue: '#0969da',
  brightMagenta: '#6639ba',
  brightCyan: '#3192aa',
};
