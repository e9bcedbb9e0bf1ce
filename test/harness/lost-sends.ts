/**
 * A network that loses Telegram sends, through the grammY client's own transformer hook: a send
 * lost before it reaches Telegram (nothing posted), or one whose answer is lost after Telegram
 * accepted it (posted, but the caller can't know). Each flag loses the next send once.
 */
import { HttpError, type Api } from 'grammy';

export interface LostSends {
  /** The next send is lost before it reaches Telegram, as in a connect timeout. */
  nextRequest: boolean;
  /** The next send reaches Telegram but its answer is lost, as in a timeout after Telegram accepted it. */
  nextAnswer: boolean;
}

/** Installs the losses on `api`; set a flag to lose the next send (the flag is cleared once it has). */
export function loseSends(api: Api): LostSends {
  const lose: LostSends = { nextRequest: false, nextAnswer: false };
  api.config.use(async (prev, method, payload, signal) => {
    if (lose.nextRequest && method.startsWith('send')) {
      lose.nextRequest = false;
      throw new HttpError(`Network request for '${method}' failed!`, new Error('connect ETIMEDOUT'));
    }
    const res = await prev(method, payload, signal);
    if (lose.nextAnswer && method.startsWith('send')) {
      lose.nextAnswer = false;
      throw new HttpError(`Network request for '${method}' failed!`, new Error('socket hang up'));
    }
    return res;
  });
  return lose;
}
