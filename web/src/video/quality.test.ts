import { describe, expect, it } from 'vitest';
import { assessQuality, sampleStats, type StatsSample } from './quality.ts';

const sample = (over: Partial<StatsSample>): StatsSample => ({ at: 0, rttMs: 40, bytesReceived: 0, packetsReceived: 0, packetsLost: 0, framesDecoded: 0, relayed: false, ...over });

describe('connection quality', () => {
  it('reads the selected pair, its local candidate type and what was received', () => {
    const report = new Map<string, { type: string; id: string; [k: string]: unknown }>([
      ['T', { type: 'transport', id: 'T', selectedCandidatePairId: 'P' }],
      ['P', { type: 'candidate-pair', id: 'P', localCandidateId: 'L', currentRoundTripTime: 0.052 }],
      ['L', { type: 'local-candidate', id: 'L', candidateType: 'relay' }],
      ['V', { type: 'inbound-rtp', id: 'V', kind: 'video', bytesReceived: 1000, packetsReceived: 10, packetsLost: 1, framesDecoded: 30 }],
      ['A', { type: 'inbound-rtp', id: 'A', kind: 'audio', bytesReceived: 500, packetsReceived: 5, packetsLost: 0 }],
    ]);
    expect(sampleStats(report, 7)).toEqual({ at: 7, rttMs: 52, bytesReceived: 1500, packetsReceived: 15, packetsLost: 1, framesDecoded: 30, relayed: true });
  });

  it('is good, fair or poor from round-trip time and loss, with the bitrate shown', () => {
    const a = sample({ at: 0 });
    expect(assessQuality(a, sample({ at: 1000, bytesReceived: 250_000, packetsReceived: 200 }))).toEqual({ level: 'good', rttMs: 40, lossPercent: 0, bitrateKbps: 2000, relayed: false });
    expect(assessQuality(a, sample({ at: 1000, rttMs: 250, bytesReceived: 250_000, packetsReceived: 200 })).level).toBe('fair');
    expect(assessQuality(a, sample({ at: 1000, bytesReceived: 250_000, packetsReceived: 90, packetsLost: 10 }))).toMatchObject({ level: 'poor', lossPercent: 10 });
    // Little bitrate (a still picture, a camera off) is not a bad connection; nothing arriving is.
    expect(assessQuality(a, sample({ at: 1000, bytesReceived: 10_000, packetsReceived: 20 }))).toMatchObject({ level: 'good', bitrateKbps: 80 });
    expect(assessQuality(sample({ at: 0, packetsReceived: 20 }), sample({ at: 1000, packetsReceived: 20 })).level).toBe('poor');
    expect(assessQuality(null, sample({ at: 0 }))).toEqual({ level: 'good', rttMs: 40, lossPercent: null, bitrateKbps: null, relayed: false });
  });
});
