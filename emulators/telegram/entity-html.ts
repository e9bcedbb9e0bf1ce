/**
 * Message entities as HTML tags, for the pages the emulator draws (channel previews, the chat
 * view). Entities count UTF-16 code units, as JavaScript strings do; nested entities open and
 * close in order, and every run of text between tags goes through the page's own escaping.
 */

/** HTML-escapes text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Tags placed at offsets of a text, then woven into it. */
export class EntityTags {
  private readonly opens = new Map<number, string[]>();
  private readonly closes = new Map<number, string[]>();

  /** Wraps `length` code units from `offset` in `open` … `close`. */
  tag(offset: number, length: number, open: string, close: string): void {
    (this.opens.get(offset) ?? this.opens.set(offset, []).get(offset)!).push(open);
    (this.closes.get(offset + length) ?? this.closes.set(offset + length, []).get(offset + length)!).unshift(close);
  }

  /** The text with the tags in place, each run of text between them through `plain`. */
  render(text: string, plain: (run: string) => string): string {
    let out = '';
    let run = '';
    const flush = () => {
      out += plain(run);
      run = '';
    };
    for (let i = 0; i <= text.length; i += 1) {
      if (this.closes.has(i) || this.opens.has(i)) {
        flush();
        out += (this.closes.get(i) ?? []).join('') + (this.opens.get(i) ?? []).join('');
      }
      if (i < text.length) run += text[i];
    }
    flush();
    return out;
  }
}
