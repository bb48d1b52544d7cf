// A Pass Numérique read with the camera (issue 16), as the equipment labels are: Chromium's fake
// camera films the pass's QR code (an address carrying its code), the code lands in the form, and the
// pass is recorded against a session.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Browser } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { tabletContext } from './browser';
import { heading } from './session';

/** A Y4M video of a QR code, which Chromium plays as the webcam. */
const qrVideo = (text: string): string => {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const [w, h, cell] = [640, 480, 8];
  const x0 = (w - size * cell) / 2;
  const y0 = (h - size * cell) / 2;
  const luma = Buffer.alloc(w * h, 235);
  for (let y = 0; y < size * cell; y += 1)
    for (let x = 0; x < size * cell; x += 1)
      if (qr.modules.get(Math.floor(y / cell), Math.floor(x / cell))) luma[(y0 + y) * w + x0 + x] = 16;
  const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const video = join(mkdtempSync(join(tmpdir(), 'sillon-pass-')), 'pass.y4m');
  writeFileSync(
    video,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`), frame, frame, frame]),
  );
  return video;
};

describe('Pass Numérique scanned with the camera', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${qrVideo('https://www.aptic.fr/pass?code=APTIC-46009')}`,
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('reads the pass code from its QR code into the form', async () => {
    const context = await tabletContext(browser, inject('baseURL'));
    context.setDefaultTimeout(60_000);
    await context.grantPermissions(['camera']);
    const page = await context.newPage();
    await page.goto('/ateliers/pass');
    await heading(page, 'Pass Numérique').waitFor();
    await page.getByRole('button', { name: 'Scanner le pass avec la caméra' }).click();
    await page.getByRole('status').getByText('Code lu : APTIC-46009').waitFor();
    await expect
      .poll(() => page.getByRole('textbox', { name: /^Code du pass/ }).inputValue())
      .toBe('APTIC-46009');
    // The camera stopped once the code was taken: it can be started again.
    await page.getByRole('button', { name: 'Scanner le pass avec la caméra' }).waitFor();
    await context.close();
  });
});
