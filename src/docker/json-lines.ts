/**
 * Splits a stream of newline-separated JSON documents (image pull progress, `/events`) into parsed values. Text is
 * decoded with a streaming decoder so multi-byte characters split across chunks survive.
 */
export class JsonLines<T> {
  private text = '';
  private readonly decoder = new TextDecoder();

  push(data: Uint8Array): T[] {
    this.text += this.decoder.decode(data, { stream: true });
    const out: T[] = [];
    let newline: number;
    while ((newline = this.text.indexOf('\n')) >= 0) {
      const line = this.text.slice(0, newline).trim();
      this.text = this.text.slice(newline + 1);
      if (line) out.push(JSON.parse(line) as T);
    }
    return out;
  }

  /** Whatever is left when the stream ends (a last document without a newline). */
  flush(): T[] {
    const line = (this.text + this.decoder.decode()).trim();
    this.text = '';
    return line ? [JSON.parse(line) as T] : [];
  }
}
