import { describe, expect, it } from 'vitest';
import { scriptedServer, type ScriptedServer } from '../http/testing/scripted-server.js';
import { DockerClient } from './docker-client.js';
import { DockerApiError } from './docker-error.js';
import { encodeFrame } from './stream-frames.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const fromUtf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** A client whose every connection is `server`, and a way to wait until the request has been written to it. */
function clientOn(server: ScriptedServer, options?: ConstructorParameters<typeof DockerClient>[1]) {
  const docker = new DockerClient(async () => server.stream, options);
  const requested = async (): Promise<string> => {
    while (server.written.length === 0) await new Promise((r) => setTimeout(r, 0));
    return server.written.join('');
  };
  return { docker, requested };
}

describe('DockerClient on the wire', () => {
  it('sends a JSON body typed and sized, under the API version, and closes the connection once the answer is read', async () => {
    const server = scriptedServer();
    const { docker, requested } = clientOn(server);
    const created = docker.createContainer('web', { Image: 'x' });
    const request = await requested();
    expect(request).toMatch(/^POST \/v1.41\/containers\/create\?name=web HTTP\/1.1\r\n/);
    expect(request).toContain('Host: docker\r\n');
    expect(request).toContain('Content-Type: application/json\r\n');
    expect(request).toContain('Content-Length: 13\r\n');
    expect(request).toContain('Connection: close\r\n');
    expect(request.endsWith('\r\n\r\n{"Image":"x"}')).toBe(true);
    const json = '{"Id":"abc1","Warnings":[]}';
    server.send(
      utf8(`HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n`),
    );
    server.send(utf8(json));
    expect(await created).toEqual({ Id: 'abc1', Warnings: [] });
    expect(server.closed()).toBe(true);
  });

  it('sends an empty POST with Content-Length: 0 and takes 304 (already started) as done', async () => {
    const server = scriptedServer();
    const { docker, requested } = clientOn(server);
    const started = docker.startContainer('abc1');
    const request = await requested();
    expect(request).toMatch(/^POST \/v1.41\/containers\/abc1\/start HTTP\/1.1\r\n/);
    expect(request).toContain('Content-Length: 0\r\n');
    expect(request).not.toContain('Content-Type');
    server.send(utf8('HTTP/1.1 304 Not Modified\r\n\r\n'));
    await expect(started).resolves.toBeUndefined();
  });

  it("fails with dockerd's own message and status", async () => {
    const server = scriptedServer();
    const { docker, requested } = clientOn(server);
    const inspected = docker.inspectContainer('nope').catch((e: unknown) => e);
    await requested();
    const body = '{"message":"No such container: nope"}';
    server.send(utf8(`HTTP/1.1 404 Not Found\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
    const error = (await inspected) as DockerApiError;
    expect(error).toBeInstanceOf(DockerApiError);
    expect(error.message).toBe('No such container: nope');
    expect(error.notFound).toBe(true);
  });

  it('asks for the connection on exec start and splits what the hijacked stream carries, bytes sent with the head too', async () => {
    const server = scriptedServer();
    const { docker, requested } = clientOn(server);
    const starting = docker.execStart('e1', false);
    const request = await requested();
    expect(request).toMatch(/^POST \/v1.41\/exec\/e1\/start HTTP\/1.1\r\n/);
    expect(request).toContain('Connection: Upgrade\r\n');
    expect(request).toContain('Upgrade: tcp\r\n');
    expect(request.endsWith('{"Detach":false,"Tty":false}')).toBe(true);
    const head = utf8('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n');
    server.send(new Uint8Array([...head, ...encodeFrame('stdout', utf8('out\n'))]));
    const exec = await starting;
    server.send(encodeFrame('stderr', utf8('err\n')));
    const seen: string[] = [];
    exec.output.onData((stream, data) => seen.push(`${stream}:${fromUtf8(data)}`));
    expect(seen).toEqual(['stdout:out\n', 'stderr:err\n']);
    exec.connection.write(utf8('stdin'));
    expect(server.written.at(-1)).toBe('stdin');
  });

  it('gives up on a dockerd that never answers after timeoutMs', async () => {
    const server = scriptedServer();
    const { docker } = clientOn(server, { timeoutMs: 50 });
    await expect(docker.ping()).rejects.toThrow('no response to GET /v1.41/_ping within 50 ms');
    expect(server.closed()).toBe(true);
  });

  it('streams events past the body limit to the listener, and close() ends them', async () => {
    const server = scriptedServer();
    const { docker, requested } = clientOn(server);
    const seen: string[] = [];
    const following = docker.events({ type: ['container'] }, (e) => seen.push(e.Action));
    await requested();
    server.send(utf8('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
    const events = await following;
    const line = `{"Type":"container","Action":"start","pad":"${'x'.repeat(1024 * 1024)}"}\n`;
    const chunk = utf8(`${line.length.toString(16)}\r\n${line}\r\n`);
    for (let i = 0; i < 20; i++) server.send(chunk);
    expect(seen.length).toBe(20); // 20 MiB, beyond the 16 MiB a body read whole may be
    expect(server.closed()).toBe(false);
    events.close();
    await events.ended;
    expect(server.closed()).toBe(true);
  });
});
