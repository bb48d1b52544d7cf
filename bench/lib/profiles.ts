// The two lab profiles of issue 6 (see ../shared/reference/performance.md §1.2): CDP network
// emulation in Chromium plus a 4× slower CPU, the honest stand-in for a low-end tablet.
import type { CDPSession } from 'playwright-core';

export interface Profile {
  name: string;
  downKbps: number;
  upKbps: number;
  rttMs: number;
  cpuSlowdown: number;
}

export const PROFILE_3G: Profile = { name: '3G', downKbps: 400, upKbps: 400, rttMs: 400, cpuSlowdown: 4 };
export const PROFILE_4G_SLOW: Profile = {
  name: '4G lent',
  downKbps: 1600,
  upKbps: 750,
  rttMs: 150,
  cpuSlowdown: 4,
};
export const PROFILES = [PROFILE_3G, PROFILE_4G_SLOW];

export const describeProfile = (p: Profile): string =>
  `${p.downKbps} kbps down, ${p.upKbps} kbps up, ${p.rttMs} ms round trip, CPU ${p.cpuSlowdown}× slower`;

/** Bytes per second, as CDP wants them (kbps of 1,000 bits, as current DevTools). */
export const bytesPerSecond = (kbps: number): number => (kbps * 1000) / 8;

/** Applies the link and the CPU slowdown to a page (call before navigating). */
export const emulate = async (cdp: CDPSession, profile: Profile, options: { network?: boolean } = {}) => {
  if (options.network !== false) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.rttMs,
      downloadThroughput: bytesPerSecond(profile.downKbps),
      uploadThroughput: bytesPerSecond(profile.upKbps),
    });
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
};

/** The physical limit of the link: bytes at full bandwidth plus one latency per round trip. */
export const linkFloorMs = (
  profile: Profile,
  bytes: { down: number; up: number },
  roundTrips: number,
): number =>
  (bytes.down / bytesPerSecond(profile.downKbps)) * 1000 +
  (bytes.up / bytesPerSecond(profile.upKbps)) * 1000 +
  roundTrips * profile.rttMs;
