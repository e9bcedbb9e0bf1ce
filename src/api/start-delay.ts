/**
 * A request's `delay` / `notBefore` (body of `POST /posts`, query of `POST /jobs/{name}/run`) as
 * a start delay, or a 400 that names the field and says what it takes.
 */
import { resolveStartDelay, StartDelayError, type StartDelay } from '../common/start-delay';
import { ApiError } from './api-error';

/** The delay the request asks for, undefined to start now. */
export function requestedStartDelay(source: unknown): StartDelay | undefined {
  const fields = (source && typeof source === 'object' ? source : {}) as Record<string, unknown>;
  const pick = (name: 'delay' | 'notBefore'): string | undefined => {
    const value = fields[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new ApiError(400, 'invalid_delay', `${name}: expected a string`, { problems: [{ path: name, message: 'expected a string' }] });
    return value;
  };
  try {
    return resolveStartDelay({ delay: pick('delay'), notBefore: pick('notBefore') });
  } catch (err) {
    if (err instanceof StartDelayError) throw new ApiError(400, 'invalid_delay', err.message, { problems: [{ path: err.field, message: err.message.slice(err.field.length + 2) }] });
    throw err;
  }
}
