/**
 * The emulator's HTML chat view: a listing sent by the real grammY client shows with its
 * formatting and button, the index links to the chat, and the post's text can't inject markup.
 */
import { InputMediaBuilder } from 'grammy';
import { renderFormattedText } from '../../emulators/telegram/chat-view';
import { useEmulatedTelegram } from '../harness/telegram-client';

const CHANNEL = { id: -1001234567890, type: 'channel' as const, title: 'Cars <KZ> listings', username: 'cars_listings' };
const PRIVATE = { id: -1005550001111, type: 'channel' as const, title: 'Probe' };

const tg = useEmulatedTelegram({ chats: [CHANNEL, PRIVATE], acceptUnknownFileIds: true });

async function getHtml(url: string): Promise<{ status: number; type: string | null; html: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), html: await res.text() };
}

describe('chat view', () => {
  it('shows a sent listing with its formatting and inline button, escaping the text', async () => {
    await tg.api.sendMessage(
      '@cars_listings',
      '<b>Toyota Camry 2019</b> <i>&lt;script&gt;alert(1)&lt;/script&gt;</i>\n<a href="https://example.com/car?a=1&amp;b=2">details</a> "quoted" &amp; more',
      { parse_mode: 'HTML', reply_markup: { inline_keyboard: [[{ text: 'Contact <seller>', url: 'https://t.me/cars_bot_emulated_bot?start=abc' }]] } },
    );
    const { status, type, html } = await getHtml(tg.emulator.chatViewUrl('@cars_listings'));
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/html/);
    expect(html).toContain('<b>Toyota Camry 2019</b>');
    expect(html).toContain('<i>&lt;script&gt;alert(1)&lt;/script&gt;</i>');
    expect(html).not.toContain('<script');
    expect(html).toContain('<br><a href="https://example.com/car?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">details</a>');
    expect(html).toContain('&quot;quoted&quot; &amp; more');
    expect(html).toContain('href="https://t.me/cars_bot_emulated_bot?start=abc"');
    expect(html).toContain('>Contact &lt;seller&gt; ↗</a>');
    expect(html).toContain('<header>Cars &lt;KZ&gt; listings</header>');
  });

  it('shows an album as one bubble with photo placeholders and its caption', async () => {
    await tg.api.sendMediaGroup('@cars_listings', [
      InputMediaBuilder.photo('photo-file-1', { caption: 'Two <photos>' }),
      InputMediaBuilder.photo('photo-file-2'),
    ]);
    const { html } = await getHtml(tg.emulator.chatViewUrl('@cars_listings'));
    const bubbles = html.match(/<article class="bubble"/g) ?? [];
    expect(bubbles).toHaveLength(1);
    expect(html.match(/class="photo"/g)).toHaveLength(2);
    expect(html).toContain('class="media album"');
    expect(html).toContain('Two &lt;photos&gt;');
  });

  it('lists every chat in the index, by username or id, and answers 404 for an unknown one', async () => {
    await tg.api.sendMessage(PRIVATE.id, 'probe text');
    const index = await getHtml(tg.emulator.chatViewUrl());
    expect(index.status).toBe(200);
    expect(index.html).toContain('href="/chats/cars_listings"');
    expect(index.html).toContain(`href="/chats/${PRIVATE.id}"`);
    expect(index.html).toContain('Cars &lt;KZ&gt; listings');
    const byId = await getHtml(tg.emulator.chatViewUrl(PRIVATE.id));
    expect(byId.html).toContain('probe text');
    const missing = await getHtml(`${tg.emulator.url}/chats/nobody_here`);
    expect(missing.status).toBe(404);
  });

  it('makes only web and Telegram links clickable', () => {
    const html = renderFormattedText('click me, or t.me/x', [
      { type: 'text_link', offset: 0, length: 5, url: 'javascript:alert(1)' },
      { type: 'url', offset: 13, length: 6 },
    ]);
    expect(html).toBe('<a href="#" target="_blank" rel="noopener noreferrer">click</a> me, or <a href="http://t.me/x" target="_blank" rel="noopener noreferrer">t.me/x</a>');
  });
});
