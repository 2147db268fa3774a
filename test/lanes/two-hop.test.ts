/**
 * The two-hop lanes example (examples/lanes) proven by counting: edge -> A -> B with B-baseline and
 * B-dev-alice in the registry. Requests of three lanes are sent at once, interleaved; every
 * dev-alice request must reach B-dev-alice and nothing else may, in Fat mode (each service routes
 * itself), in Thin mode (a sidecar routes on the label the SDK adds), and with mesh clients, which
 * keep every lane where it belongs after the sidecar is stopped and calls go Fat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type LaneDeployment,
  type LaneMode,
  startLaneDeployment,
} from '../../examples/lanes/lane-deployment.js';
import { LANE_HEADER } from '../../examples/lanes/lane-services.js';

const MODES: LaneMode[] = ['fat', 'thin', 'mesh'];

describe.each(MODES)('lanes across two hops (%s)', (mode) => {
  let dir: string;
  let deployment: LaneDeployment;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dm-lanes-test-'));
    deployment = await startLaneDeployment(mode, dir);
  });

  afterAll(async () => {
    await deployment?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (lane: string | undefined, name: string): Promise<string> => {
    const response = await fetch(`${deployment.edge.url}?name=${name}`, {
      headers: lane === undefined ? {} : { [LANE_HEADER]: lane },
    });
    expect(response.status).toBe(200);
    return response.text();
  };

  it('sends dev-alice to her own B and everything else to the baseline', async () => {
    const lanes = Array.from({ length: 30 }, (_, i) => [undefined, 'dev-alice', 'dev-bob'][i % 3]);
    const answers = await Promise.all(lanes.map((lane, i) => get(lane, `r${i}`)));
    answers.forEach((answer, i) => {
      expect(answer).toBe(`edge -> A -> ${lanes[i] === 'dev-alice' ? 'B-dev-alice' : 'B-baseline'}`);
    });
    // What each B saw: the label reached the second hop without any handler passing it on.
    expect(deployment.b['dev-alice'].served).toEqual(Array(10).fill('dev-alice'));
    expect([...deployment.b.baseline.served].sort()).toEqual([
      ...Array(10).fill(''),
      ...Array(10).fill('dev-bob'),
    ]);
    expect(deployment.a.served.filter((lane) => lane === 'dev-alice')).toHaveLength(10);
  });

  it('labels by the inbound request, not by whatever came before on the same connection', async () => {
    expect(await get('dev-alice', 'x')).toBe('edge -> A -> B-dev-alice');
    expect(await get(undefined, 'y')).toBe('edge -> A -> B-baseline');
    expect(await get('dev-alice', 'z')).toBe('edge -> A -> B-dev-alice');
  });

  it.runIf(mode === 'mesh')('keeps the lanes when the sidecar is stopped and calls go Fat', async () => {
    expect(deployment.modes()).toEqual(['thin', 'thin']);
    await deployment.stopSidecar();
    await vi.waitFor(() => expect(deployment.modes()).toEqual(['fat', 'fat']), {
      timeout: 10_000,
      interval: 50,
    });
    const before = deployment.b['dev-alice'].served.length;
    const lanes = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 'dev-alice' : undefined));
    const answers = await Promise.all(lanes.map((lane, i) => get(lane, `f${i}`)));
    answers.forEach((answer, i) => {
      expect(answer).toBe(`edge -> A -> ${lanes[i] === 'dev-alice' ? 'B-dev-alice' : 'B-baseline'}`);
    });
    expect(deployment.b['dev-alice'].served.length - before).toBe(6);
  });
});
