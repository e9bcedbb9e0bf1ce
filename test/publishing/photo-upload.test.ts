/**
 * Photo URLs of a post are downloaded for upload: the bytes become an InputFile, file ids pass
 * through, and a URL that can't be had fails with an error naming the photo (no query string).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { InputFile } from 'grammy';
import { photosToSend } from '../../src/activities/telegram/photo-upload';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

describe('photosToSend', () => {
  let server: http.Server;
  let root: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url?.startsWith('/a.jpg') || req.url?.startsWith('/b.jpg')) {
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG);
      } else if (req.url?.startsWith('/page')) {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
      } else if (req.url?.startsWith('/busy')) {
        res.writeHead(503).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('URLs become uploads with their bytes, file ids are kept', async () => {
    const photos = await photosToSend([`${root}/a.jpg`, 'AgACAgIAAxkBAAIB', `${root}/b.jpg?token=x`]);
    expect(photos[1]).toBe('AgACAgIAAxkBAAIB');
    for (const photo of [photos[0], photos[2]]) {
      expect(photo).toBeInstanceOf(InputFile);
      expect(Buffer.from((await (photo as InputFile).toRaw()) as Uint8Array)).toEqual(JPEG);
    }
  });

  test('a missing photo fails for good, naming it without its query', async () => {
    const err = await photosToSend([`${root}/a.jpg`, `${root}/gone.jpg?token=secret`]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'PhotoDownloadFailed', nonRetryable: true });
    expect((err as Error).message).toBe(`photo 2 (${root}/gone.jpg): download answered HTTP 404`);
  });

  test('a page that is not an image fails for good; a 5xx may be retried', async () => {
    await expect(photosToSend([`${root}/page`])).rejects.toMatchObject({ nonRetryable: true, message: expect.stringContaining('not an image (content-type text/html)') });
    await expect(photosToSend([`${root}/busy`])).rejects.toMatchObject({ nonRetryable: false, message: expect.stringContaining('HTTP 503') });
  });

  test('a photo over the size limit fails for good', async () => {
    await expect(photosToSend([`${root}/a.jpg`], { maxBytes: 4 })).rejects.toMatchObject({ nonRetryable: true, message: expect.stringContaining('more than Telegram') });
  });
});
