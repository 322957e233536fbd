/**
 * A shared lesson's link: the page's address with `?lesson=<url of a .wharf-lesson.json>`. Returns that URL (still
 * unchecked: the worker refuses anything but http and https) and the page's address without it, to put in the
 * address bar so a reload does not fetch it again.
 */
export function lessonLinkIn(href: string): { url: string; rest: string } | undefined {
  const page = new URL(href);
  const url = page.searchParams.get('lesson');
  if (url === null) return undefined;
  page.searchParams.delete('lesson');
  return { url: url.trim(), rest: `${page.pathname}${page.search}${page.hash}` };
}
