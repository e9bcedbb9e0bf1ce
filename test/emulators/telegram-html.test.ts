/**
 * The emulator's Telegram HTML parser against cases whose outcome Telegram's own parser defines:
 * plain text, entities with UTF-16 offsets, and the error wording with UTF-8 byte offsets.
 */
import { HtmlParseError, parseTelegramHtml } from '../../emulators/telegram';

describe('parseTelegramHtml', () => {
  it.each([
    ['<b>bold</b> and <strong>strong</strong>', 'bold and strong', [
      { type: 'bold', offset: 0, length: 4 },
      { type: 'bold', offset: 9, length: 6 },
    ]],
    ['<i>a</i><em>b</em><u>c</u><ins>d</ins><s>e</s><strike>f</strike><del>g</del>', 'abcdefg', [
      { type: 'italic', offset: 0, length: 1 },
      { type: 'italic', offset: 1, length: 1 },
      { type: 'underline', offset: 2, length: 1 },
      { type: 'underline', offset: 3, length: 1 },
      { type: 'strikethrough', offset: 4, length: 1 },
      { type: 'strikethrough', offset: 5, length: 1 },
      { type: 'strikethrough', offset: 6, length: 1 },
    ]],
    ['<tg-spoiler>x</tg-spoiler><span class="tg-spoiler">y</span>', 'xy', [
      { type: 'spoiler', offset: 0, length: 1 },
      { type: 'spoiler', offset: 1, length: 1 },
    ]],
    ['<a href="https://t.me/cars_bot?start=contact_7">Contacts</a>', 'Contacts', [
      { type: 'text_link', offset: 0, length: 8, url: 'https://t.me/cars_bot?start=contact_7' },
    ]],
    ['<a href=telegram.org>x</a>', 'x', [{ type: 'text_link', offset: 0, length: 1, url: 'http://telegram.org/' }]],
    ['<pre><code class="language-ts">let x</code></pre>', 'let x', [{ type: 'pre', offset: 0, length: 5, language: 'ts' }]],
    ['<pre><code>y</code></pre>', 'y', [
      { type: 'pre', offset: 0, length: 1 },
      { type: 'code', offset: 0, length: 1 },
    ]],
    ['<blockquote>q</blockquote><blockquote expandable>r</blockquote>', 'qr', [
      { type: 'blockquote', offset: 0, length: 1 },
      { type: 'expandable_blockquote', offset: 1, length: 1 },
    ]],
    ['🚗 <b>Camry</b>', '🚗 Camry', [{ type: 'bold', offset: 3, length: 5 }]],
    ['&lt;b&gt; &amp; &quot;x&quot; &#36;5 &#x20AC;6 &nbsp; &copy', '<b> & "x" $5 €6 &nbsp; &copy', []],
    ['<b></b>empty', 'empty', []],
    ['<i>a</>', 'a', [{ type: 'italic', offset: 0, length: 1 }]],
    ['<B>Upper</B>', 'Upper', [{ type: 'bold', offset: 0, length: 5 }]],
  ])('parses %j', (markup, text, entities) => {
    expect(parseTelegramHtml(markup)).toEqual({ text, entities });
  });

  it.each([
    ['<br>', 'Unsupported start tag "br" at byte offset 0'],
    ['🏟 🏟&lt;<abac aba>', 'Unsupported start tag "abac" at byte offset 13'],
    ['🏟 🏟&lt;<abacaba', 'Unclosed start tag at byte offset 13'],
    ['🏟 🏟&lt;<i   =aba>', 'Empty attribute name in the tag "i" at byte offset 13'],
    ['🏟 🏟&lt;<i    aba  =  ', 'Unclosed start tag "i" at byte offset 13'],
    ['🏟 🏟&lt;<i    aba  =  190azAz-.,', 'Unexpected end of name token at byte offset 27'],
    ['🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', 'Unclosed start tag at byte offset 13'],
    ['🏟 🏟&lt;</', 'Unexpected end tag at byte offset 13'],
    ['🏟 🏟&lt;<b></b></', 'Unexpected end tag at byte offset 20'],
    ['🏟 🏟&lt;<i>a</i   ', 'Unclosed end tag at byte offset 17'],
    ['🏟 🏟&lt;<i>a</em   >', 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'],
    ['<b>open', 'Can\'t find end tag corresponding to start tag "b"'],
    ['<span>x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ['&#xDFDF;', 'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units'],
  ])('rejects %j', (markup, message) => {
    expect(() => parseTelegramHtml(markup)).toThrow(new HtmlParseError(message));
  });
});
