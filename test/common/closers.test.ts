import { z } from 'zod';
import { createClosers } from '../../src/common/closers';
import { zodErrorLine } from '../../src/common/zod-errors';

describe('createClosers', () => {
  it('closes last first, once', async () => {
    const closed: string[] = [];
    const closers = createClosers();
    for (const name of ['server', 'database', 'client']) closers.add(async () => void closed.push(name));
    await closers.closeAll();
    await closers.closeAll();
    expect(closed).toEqual(['client', 'database', 'server']);
  });

  it('stops at the first failure without a handler', async () => {
    const closed: string[] = [];
    const closers = createClosers();
    closers.add(async () => void closed.push('first'));
    closers.add(async () => {
      throw new Error('boom');
    });
    await expect(closers.closeAll()).rejects.toThrow('boom');
    expect(closed).toEqual([]);
  });

  it('reports a failure and runs the rest with a handler', async () => {
    const closed: string[] = [];
    const errors: string[] = [];
    const closers = createClosers();
    closers.add(async () => void closed.push('first'));
    closers.add(async () => {
      throw new Error('boom');
    });
    await closers.closeAll((err) => errors.push(String(err)));
    expect(closed).toEqual(['first']);
    expect(errors).toEqual(['Error: boom']);
  });
});

describe('zodErrorLine', () => {
  it('names every problem and where, on one line', () => {
    const result = z.object({ a: z.number(), b: z.object({ c: z.string() }) }).safeParse({ a: 'x', b: { c: 1 } });
    if (result.success) throw new Error('expected a failure');
    expect(zodErrorLine(result.error)).toBe('✖ Invalid input: expected number, received string → at a; ✖ Invalid input: expected string, received number → at b.c');
  });
});
