/** Placeholder until lessons land (a later issue): the layout already keeps a column for them. */
export function LessonPane() {
  return (
    <section className="pane lesson-pane" aria-label="Lesson" data-pane tabIndex={-1}>
      <h2>Welcome to Wharf</h2>
      <p>A real Linux VM with Docker runs in this tab. Nothing is sent to a server, and it works offline.</p>
      <p>Lessons will appear here. Meanwhile, try in the terminal:</p>
      <ul>
        <li>
          <code>docker run --rm busybox echo hello</code>
        </li>
        <li>
          <code>docker run -d -p 8080:80 nginx</code>, then open the <strong>Preview</strong>
        </li>
        <li>
          <code>kubectl get nodes</code>
        </li>
      </ul>
      <p className="muted">
        Files in <code>/root/workspace</code> show up in the editor and are kept for your next visit.
      </p>
    </section>
  );
}
