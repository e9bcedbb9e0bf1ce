/**
 * `--delay` / `--not-before` of `post submit` and `job run`, read before anything connects; a bad
 * value is told with the option's own name.
 */
import { resolveStartDelay, StartDelayError, type StartDelay } from '../common/start-delay';

/** The delay the options ask for, undefined to start now. */
export function startDelayOption(opts: { delay?: string; notBefore?: string }): StartDelay | undefined {
  try {
    return resolveStartDelay({ delay: opts.delay, notBefore: opts.notBefore });
  } catch (err) {
    if (!(err instanceof StartDelayError)) throw err;
    const option = err.field === 'delay' ? '--delay' : '--not-before';
    throw new Error(`${option}: ${err.message.slice(err.field.length + 2).replace('give delay or notBefore', 'give --delay or --not-before')}`);
  }
}
