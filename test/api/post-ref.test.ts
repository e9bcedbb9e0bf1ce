import { postWorkflowId } from '../../src/common/posts';
import { InvalidPostRefError, parsePostRef, publicFields } from '../../src/client/post-lookup';
import { withoutContacts } from '../../src/client/redact';

describe('naming a post', () => {
  test('a workflow id gives back the source and message id it was made of', () => {
    for (const [source, messageId, expected] of [
      ['@Cars_KZ', 1042, '@cars_kz'],
      ['-1001234567890', 7, '-1001234567890'],
      ['auto_almaty', 1, '@auto_almaty'],
    ] as const) {
      const workflowId = postWorkflowId(source, messageId);
      expect(parsePostRef(workflowId)).toEqual({ kind: 'workflow', workflowId, source: expected, messageId });
    }
  });

  test('a positive number is a post id; anything else is refused with what would work', () => {
    expect(parsePostRef(' 42 ')).toEqual({ kind: 'post', postId: 42 });
    for (const bad of ['0', '-3', 'post-cars_kz', 'post-cars_kz-0', 'post-a.b-1', 'cleanup-manual-2026', '']) {
      expect(() => parsePostRef(bad)).toThrow(InvalidPostRefError);
    }
    expect(() => parsePostRef('nope')).toThrow('expected a numeric post id (42) or a post workflow id (post-cars_kz-1042)');
  });

  test('contacts are counted, never shown', () => {
    const fields = { make: 'Kia', model: 'Rio', year: 2015, price: null, currency: null, mileageKm: null, engine: null, transmission: null, body: null, location: null, contacts: ['+77011234567', '@seller'] };
    expect(publicFields(fields)).toEqual({ ...fields, contacts: undefined, contactCount: 2 });
    expect(Object.keys(publicFields(fields))).not.toContain('contacts');
    const result = { postId: 1, extracted: fields, runs: [{ contacts: ['x'] }] };
    expect(JSON.stringify(withoutContacts(result))).not.toMatch(/7701|seller|"contacts"/);
    expect(withoutContacts(result)).toMatchObject({ extracted: { contactCount: 2 }, runs: [{ contactCount: 1 }] });
  });
});
