/**
 * The little of Markdown the lesson format needs to see: ATX headings and fenced code blocks, each with its line.
 * Everything else stays text for the pane to render. Fences are tracked so a `## ` inside a code block is code,
 * not a heading.
 */

export type MarkdownBlock =
  | { type: 'heading'; level: number; text: string; line: number; column: number }
  | {
      type: 'fence';
      /** The info string's first word, lowercased (`check`, `sh`, `yaml`). */
      lang: string;
      content: string;
      /** Line of the opening fence. */
      line: number;
      /** The raw lines, fences included (kept when the block stays prose). */
      raw: string[];
    }
  | { type: 'text'; text: string; line: number };

export interface ScanResult {
  blocks: MarkdownBlock[];
  /** An opening fence that never closed. */
  unclosedFence?: { line: number; column: number };
}

const HEADING = /^( {0,3})(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$/;
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;

/** `lines[0]` is the file's line `firstLine`. */
export function scanMarkdown(lines: readonly string[], firstLine: number): ScanResult {
  const blocks: MarkdownBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const open = FENCE_OPEN.exec(line);
    if (open) {
      const marker = open[2] ?? '```';
      const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
      let end = i + 1;
      while (end < lines.length && !close.test(lines[end] ?? '')) end++;
      if (end >= lines.length) {
        return { blocks, unclosedFence: { line: firstLine + i, column: (open[1]?.length ?? 0) + 1 } };
      }
      blocks.push({
        type: 'fence',
        lang: (open[3] ?? '').toLowerCase(),
        content: lines.slice(i + 1, end).join('\n'),
        line: firstLine + i,
        raw: lines.slice(i, end + 1),
      });
      i = end;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({
        type: 'heading',
        level: heading[2]?.length ?? 1,
        text: heading[3] ?? '',
        line: firstLine + i,
        column: (heading[1]?.length ?? 0) + 1,
      });
      continue;
    }
    blocks.push({ type: 'text', text: line, line: firstLine + i });
  }
  return { blocks };
}

/** Blocks back to Markdown, trimmed of blank lines at both ends. */
export function blocksToMarkdown(blocks: readonly MarkdownBlock[]): string {
  const lines = blocks.flatMap((b) =>
    b.type === 'text' ? [b.text] : b.type === 'fence' ? b.raw : [`${'#'.repeat(b.level)} ${b.text}`],
  );
  return lines.join('\n').trim();
}
