import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from './capture-io.fixture.js';
import { type FatFixture, makeFatFixture } from './fat-files.fixture.js';
import { main } from './main.js';

const SERVICE = 'org.demo.Greeter';
const LISTED = [
  `tri://10.0.0.1:50051/${SERVICE}?application=greeter&region=hz`,
  `tri://10.0.0.2:50051/${SERVICE}?application=greeter&disabled=true`,
  `rest://10.0.0.3:8080/${SERVICE}?application=greeter`,
  `tri://10.0.0.4:50051/${SERVICE}?application=greeter&version=2.0.0`,
  `tri://10.0.0.5:50051/org.demo.Other?application=other`,
];

describe('dubbo-mesh providers, in-process', () => {
  let files: FatFixture;
  beforeAll(() => {
    files = makeFatFixture(LISTED);
  });
  afterAll(() => files.remove());

  it('prints the URLs the registry holds for the service as one JSON array line, skipped ones too', async () => {
    const io = captureIo();
    expect(await main(['providers', SERVICE, '--registry', files.registry], io)).toBe(0);
    expect(io.err).toBe('');
    expect(io.out).toBe(`${JSON.stringify(LISTED.slice(0, 3))}\n`);
  });

  it('lists what matches --version', async () => {
    const io = captureIo();
    expect(await main(['providers', SERVICE, '--registry', files.registry, '--version', '2.0.0'], io)).toBe(
      0,
    );
    expect(JSON.parse(io.out)).toEqual([LISTED[3]]);
  });

  it('exits 2 with the UNAVAILABLE line when the registry does not answer in time', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const io = captureIo();
    const code = await main(
      ['providers', SERVICE, '--registry', `zookeeper://127.0.0.1:${address.port}`],
      io,
    );
    expect(code).toBe(2);
    expect(io.out).toBe('');
    expect(JSON.parse(io.err)).toMatchObject({ code: 14, codeName: 'UNAVAILABLE' });
  });
});
