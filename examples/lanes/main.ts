/**
 * Lanes, end to end: a request tagged with lane `dev-alice` at the edge reaches dev-alice's own B
 * two hops later; untagged requests, and those of a lane with no B of its own (`dev-bob`), reach the
 * baseline B. No handler has lane code: the edge's node:http middleware and A's gRPC handler capture
 * the inbound headers, and the TrafficLabel rule (lanes.yaml) labels every outbound call.
 *
 * Run: pnpm exec tsx --conditions=source examples/lanes/main.ts [fat|thin|mesh]   (default: fat, then thin)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LaneMode, startLaneDeployment } from './lane-deployment.js';
import { LANE_HEADER } from './lane-services.js';

const asked = process.argv[2];
const modes: LaneMode[] = asked === 'fat' || asked === 'thin' || asked === 'mesh' ? [asked] : ['fat', 'thin'];
const REQUESTS_PER_LANE = 6;
const lanes = [undefined, 'dev-alice', 'dev-bob'] as const;

for (const mode of modes) {
  const dir = mkdtempSync(join(tmpdir(), 'dm-lanes-'));
  const deployment = await startLaneDeployment(mode, dir);
  try {
    console.log(
      `[${mode}] edge ${deployment.edge.url} -> A ${deployment.a.address} -> B-baseline ${deployment.b.baseline.address} | B-dev-alice ${deployment.b['dev-alice'].address}`,
    );
    for (const lane of lanes) {
      const answers = await Promise.all(
        Array.from({ length: REQUESTS_PER_LANE }, async (_, i) => {
          const response = await fetch(`${deployment.edge.url}?name=r${i}`, {
            headers: lane === undefined ? {} : { [LANE_HEADER]: lane },
          });
          return response.text();
        }),
      );
      const counts = new Map<string, number>();
      for (const answer of answers) counts.set(answer, (counts.get(answer) ?? 0) + 1);
      const tag = lane === undefined ? '(no lane)' : `${LANE_HEADER}: ${lane}`;
      for (const [answer, count] of counts) {
        console.log(`[${mode}] ${tag.padEnd(28)} ${answer}  x${count}`);
      }
    }
    console.log(
      `[${mode}] served: B-baseline ${deployment.b.baseline.served.length}, B-dev-alice ${deployment.b['dev-alice'].served.length}`,
    );
  } finally {
    await deployment.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
