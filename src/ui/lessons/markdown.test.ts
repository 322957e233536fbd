// @vitest-environment jsdom
// DOMPurify needs a DOM: jsdom stands in for the page's.
import { describe, expect, it } from 'vitest';
import {
  inlineMarkdownHtml,
  markdownBlocks,
  markdownHtml,
  parseFenceInfo,
  safeWorkspacePath,
  sanitizeHtml,
} from './markdown.js';

describe('lesson Markdown', () => {
  it('renders prose and splits out top-level code blocks with their language and file', () => {
    const blocks = markdownBlocks(
      'Run **this**:\n\n```sh\ndocker ps\n```\n\nThen the file:\n\n```yaml file=web.yaml\nkind: Pod\n```\n',
    );
    expect(blocks).toEqual([
      { kind: 'html', html: '<p>Run <strong>this</strong>:</p>\n' },
      { kind: 'code', lang: 'sh', code: 'docker ps' },
      { kind: 'html', html: '<p>Then the file:</p>\n' },
      { kind: 'code', lang: 'yaml', file: 'web.yaml', code: 'kind: Pod' },
    ]);
  });

  it('shows raw HTML as text', () => {
    const html = markdownHtml(
      'Hello <script>alert(1)</script> <img src=x onerror="alert(2)">\n\n<div onclick="x()">d</div>',
    );
    expect(html).not.toMatch(/<script|<img|<div/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&lt;div onclick');
  });

  it('drops dangerous links and keeps good ones opening in a new tab', () => {
    const html = markdownHtml(
      '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) [d](https://kubernetes.io/docs/)',
    );
    expect(html).not.toMatch(/javascript:|data:/i);
    expect(html).toContain('<a href="https://kubernetes.io/docs/" target="_blank" rel="noopener noreferrer">d</a>');
  });

  it('keeps a link to another lesson in the same tab (a new tab would start a second VM)', () => {
    expect(markdownHtml('[next](#/lessons/compose)')).toBe('<p><a href="#/lessons/compose">next</a></p>\n');
  });

  it('sanitizes what marked makes even if something slipped through (DOMPurify as a second line)', () => {
    expect(
      sanitizeHtml('<p onclick="x()" style="color:red">x</p><script>y()</script><a href="javascript:x">l</a>'),
    ).toBe('<p>x</p><a>l</a>');
    expect(sanitizeHtml('<iframe src="https://example.com"></iframe><form><input></form>')).toBe('');
    // No page of its own to load from: an image's relative source is dropped, its text kept.
    expect(markdownHtml('![pic](x.png "t")')).toBe('<p><img alt="pic" title="t"></p>\n');
  });

  it('renders a quiz choice inline', () => {
    expect(inlineMarkdownHtml('From the `stdout` of <b>it</b>')).toBe(
      'From the <code>stdout</code> of &lt;b&gt;it&lt;/b&gt;',
    );
  });

  it('reads file= in a fence info string, and only paths inside the workspace', () => {
    expect(parseFenceInfo('yaml file=k8s/web.yaml')).toEqual({ lang: 'yaml', file: 'k8s/web.yaml' });
    expect(parseFenceInfo('Dockerfile file="Dockerfile"')).toEqual({ lang: 'dockerfile', file: 'Dockerfile' });
    expect(parseFenceInfo('yaml file=../../etc/passwd')).toEqual({ lang: 'yaml' });
    expect(parseFenceInfo('yaml file=/etc/passwd')).toEqual({ lang: 'yaml' });
    expect(parseFenceInfo('')).toEqual({ lang: '' });
    expect(safeWorkspacePath('a/./b')).toBe(false);
    expect(safeWorkspacePath('a/b.yaml')).toBe(true);
  });
});
