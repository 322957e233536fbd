import { describe, expect, it } from 'vitest';
import { EditorRequests } from '../editor/editor-requests.js';
import { TerminalBus } from './terminal-bus.js';

describe('the terminal bus', () => {
  it('types commands into the active shell, each line ending in Enter', () => {
    const bus = new TerminalBus();
    expect(bus.run('docker ps')).toBeUndefined();
    const typed: string[] = [];
    bus.setTarget({ title: 'Terminal 1', write: (d) => typed.push(d) });
    expect(bus.ready()).toBe(true);
    expect(bus.run('kubectl apply -f web.yaml\nkubectl get pods\n\n')).toBe('Terminal 1');
    expect(bus.run('echo a\r\necho b')).toBe('Terminal 1');
    expect(typed).toEqual(['kubectl apply -f web.yaml\rkubectl get pods\r', 'echo a\recho b\r']);
  });
});

describe('editor requests', () => {
  it('hands a request made before the editor listens to it once it does', () => {
    const requests = new EditorRequests();
    requests.open('web.yaml');
    const opened: unknown[] = [];
    const stop = requests.listen((r) => opened.push(r));
    requests.open('Dockerfile', 4);
    stop();
    requests.open('later.yaml');
    expect(opened).toEqual([{ path: 'web.yaml' }, { path: 'Dockerfile', line: 4 }]);
  });
});
