import { normaliseChatRef } from '../../src/db/chat-ref';

describe('normaliseChatRef', () => {
  it.each([
    ['@cars_kz', '@cars_kz'],
    ['Cars_KZ', '@cars_kz'],
    [' @CARS_KZ ', '@cars_kz'],
    ['https://t.me/cars_kz', '@cars_kz'],
    ['t.me/cars_kz/', '@cars_kz'],
    ['-1001234567890', '-1001234567890'],
    [-1001234567890, '-1001234567890'],
  ])('writes %j as %j', (ref, expected) => {
    expect(normaliseChatRef(ref)).toBe(expected);
  });

  it.each([[''], ['@'], ['cars kz'], ['https://example.com/x']])('rejects %j', (ref) => {
    expect(() => normaliseChatRef(ref)).toThrow(RangeError);
  });
});
