import { describe, expect, it } from 'vitest';
import { readScript } from './shell-script.js';

const words = (text: string) => readScript({ text, line: 1 }).map((c) => c.words.map((w) => w.text));

describe('readScript', () => {
  it('splits commands at separators and newlines, dropping assignments, keywords and comments', () => {
    expect(
      words('A=1 kubectl get pods && docker ps; echo "a b" | wc -l # echo no\nfor i in 1 2; do curl x; done'),
    ).toEqual([
      ['kubectl', 'get', 'pods'],
      ['docker', 'ps'],
      ['echo', 'a b'],
      ['wc', '-l'],
      ['curl', 'x'],
    ]);
  });

  it('keeps quoted text whole, joins continued lines, and places each word', () => {
    const [command] = readScript({ text: "docker exec -i web \\\n  sh -c 'cat > /x' < in.html", line: 10 });
    expect(command?.words.map((w) => [w.text, w.line, w.column])).toEqual([
      ['docker', 10, 1],
      ['exec', 10, 8],
      ['-i', 10, 13],
      ['web', 10, 16],
      ['sh', 11, 3],
      ['-c', 11, 6],
      ['cat > /x', 11, 9],
    ]);
    expect(command?.redirects.map((r) => [r.op, r.target.text, r.target.line, r.target.column])).toEqual([
      ['<', 'in.html', 11, 22],
    ]);
  });

  it('marks words the shell computes as not literal, and reads redirections and here-documents', () => {
    const [first, second] = readScript({
      text: 'kubectl delete pod "$(kubectl get pods -o name)" $X *.yaml 2>&1 >> log.txt\ncat <<-EOF > a.yaml\n\tkind: Pod\n\tEOF\n',
      line: 1,
    });
    expect(first?.words.map((w) => w.literal)).toEqual([true, true, true, false, false, false]);
    expect(first?.redirects.map((r) => [r.op, r.target.text])).toEqual([['>>', 'log.txt']]);
    expect(second?.redirects.map((r) => [r.op, r.target.text])).toEqual([['>', 'a.yaml']]);
    expect(second?.heredocs).toEqual([{ text: '\tkind: Pod\n', line: 3 }]);
  });
});
