/**
 * The channel reader the monitor workers use (MONITOR_READER): MTProto with the configured user
 * account, or the public web preview; none when watching is off. Built once per process.
 */
import type { ChannelReader } from '../activities/channels/channel-reader';
import { createWebPreviewReader } from '../activities/channels/web-preview-reader';
import type { AppConfig } from '../config';

/** Web requests give up well before the read activity's start-to-close timeout (2 min). */
const PREVIEW_TIMEOUT_MS = 20_000;

export async function createChannelReader(config: AppConfig): Promise<ChannelReader | undefined> {
  switch (config.monitor.reader) {
    case 'off':
      return undefined;
    case 'web-preview':
      return createWebPreviewReader({ root: config.monitor.previewRoot, timeoutMs: PREVIEW_TIMEOUT_MS });
    case 'mtproto': {
      // Loaded only when used: GramJS is large and most deployments read web previews.
      const { createMtprotoReader } = await import('../activities/channels/mtproto-reader');
      return createMtprotoReader(config.monitor.mtproto!);
    }
  }
}
