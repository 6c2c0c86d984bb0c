// The video visit's API as the web app calls it (types from contracts/video).
import { useQuery } from '@tanstack/react-query';
import type { IceServersResponse, VideoRoom, VisitTimeline } from '../../../contracts/video/index.ts';
import { get } from '../api/client.ts';

export const videoKeys = {
  room: (appointmentId: string) => ['video', 'room', appointmentId] as const,
  timeline: (appointmentId: string) => ['video', 'timeline', appointmentId] as const,
};

export const fetchVideoRoom = (appointmentId: string) => get<VideoRoom>(`/api/appointments/${appointmentId}/video`);
export const fetchIceServers = () => get<IceServersResponse>('/api/video/ice-servers');
export const fetchVisitTimeline = (appointmentId: string) => get<VisitTimeline>(`/api/appointments/${appointmentId}/visit-events`);

export function useVideoRoom(appointmentId: string) {
  // Not refetched on focus: a failed refetch during a network change must not take the call away.
  return useQuery({ queryKey: videoKeys.room(appointmentId), queryFn: () => fetchVideoRoom(appointmentId), refetchOnWindowFocus: false });
}

export function useVisitTimeline(appointmentId: string, refetchInterval: number | false = false) {
  return useQuery({ queryKey: videoKeys.timeline(appointmentId), queryFn: () => fetchVisitTimeline(appointmentId), refetchInterval });
}

/** The test (and a person on a network that blocks direct media) can force the TURN relay: ?relay=1 or localStorage "dermlink.video.forceRelay" = "1". */
export function relayForced(): boolean {
  try {
    return new URLSearchParams(window.location.search).get('relay') === '1' || window.localStorage.getItem('dermlink.video.forceRelay') === '1';
  } catch {
    return false;
  }
}

/** RTCConfiguration from the server's ICE servers (fresh TURN credentials each time). */
export async function rtcConfiguration(): Promise<RTCConfiguration> {
  const { iceServers } = await fetchIceServers();
  return { iceServers, iceTransportPolicy: relayForced() ? 'relay' : 'all', bundlePolicy: 'max-bundle' };
}
