import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * V8's CPU profiler (what `node --cpu-prof` runs) started and stopped around the measured window
 * only, so module loading, connecting and warm-up stay out of the profile and its time divides
 * cleanly by the calls made in the window.
 */
export class WindowProfiler {
  private readonly session = new Session();

  constructor(
    private readonly file: string,
    private readonly intervalUs: number,
  ) {}

  async start(): Promise<void> {
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: this.intervalUs });
    await this.session.post('Profiler.start');
  }

  async stop(): Promise<void> {
    const { profile } = await this.session.post('Profiler.stop');
    writeFileSync(this.file, JSON.stringify(profile));
    this.session.disconnect();
  }
}
