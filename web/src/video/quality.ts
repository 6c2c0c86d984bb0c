// The connection-quality indicator from RTCPeerConnection.getStats(): round-trip
// time of the selected candidate pair, packet loss and bitrate of what we
// receive, measured between two samples. Pure, so it is unit-tested.
import type { QualityLevel } from '../../../contracts/video/index.ts';

export interface StatsSample {
  at: number;
  rttMs: number | null;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  framesDecoded: number;
  /** The selected pair goes through a TURN relay. */
  relayed: boolean;
}

export interface Quality {
  level: QualityLevel;
  rttMs: number | null;
  lossPercent: number | null;
  bitrateKbps: number | null;
  relayed: boolean;
}

interface StatLike {
  type: string;
  id: string;
  [key: string]: unknown;
}

/** One sample out of a getStats() report (a Map of stats). */
export function sampleStats(report: Map<string, StatLike> | RTCStatsReport, at: number): StatsSample {
  const stats = [...(report as Map<string, StatLike>).values()];
  const transport = stats.find((s) => s.type === 'transport' && typeof s.selectedCandidatePairId === 'string');
  const pair =
    (transport && stats.find((s) => s.id === transport.selectedCandidatePairId)) ??
    stats.find((s) => s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated === true);
  const local = pair ? stats.find((s) => s.id === pair.localCandidateId) : undefined;
  let bytesReceived = 0;
  let packetsReceived = 0;
  let packetsLost = 0;
  let framesDecoded = 0;
  for (const s of stats) {
    if (s.type !== 'inbound-rtp') continue;
    bytesReceived += Number(s.bytesReceived ?? 0);
    packetsReceived += Number(s.packetsReceived ?? 0);
    packetsLost += Math.max(0, Number(s.packetsLost ?? 0));
    if (s.kind === 'video') framesDecoded += Number(s.framesDecoded ?? 0);
  }
  const rtt = pair && typeof pair.currentRoundTripTime === 'number' ? Math.round(pair.currentRoundTripTime * 1000) : null;
  return { at, rttMs: rtt, bytesReceived, packetsReceived, packetsLost, framesDecoded, relayed: local?.candidateType === 'relay' };
}

/** Quality between two samples (null before the second one). */
export function assessQuality(previous: StatsSample | null, current: StatsSample): Quality {
  let lossPercent: number | null = null;
  let bitrateKbps: number | null = null;
  let nothingArrives = false;
  if (previous && current.at > previous.at) {
    const received = current.packetsReceived - previous.packetsReceived;
    nothingArrives = received <= 0;
    const lost = current.packetsLost - previous.packetsLost;
    lossPercent = received + lost > 0 ? Math.round((Math.max(0, lost) / (received + lost)) * 1000) / 10 : 0;
    bitrateKbps = Math.round(((current.bytesReceived - previous.bytesReceived) * 8) / (current.at - previous.at));
  }
  const rtt = current.rttMs;
  let level: QualityLevel = 'good';
  // The bitrate is shown but does not grade: a still picture or a camera turned off sends little,
  // on a perfect connection. Nothing arriving at all (audio keeps flowing) is a broken one.
  if (nothingArrives || (rtt !== null && rtt > 400) || (lossPercent !== null && lossPercent > 5)) level = 'poor';
  else if ((rtt !== null && rtt > 200) || (lossPercent !== null && lossPercent > 2)) level = 'fair';
  return { level, rttMs: rtt, lossPercent, bitrateKbps, relayed: current.relayed };
}
