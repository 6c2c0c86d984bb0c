// The call itself: the signalling socket (signal-client.ts) and one
// RTCPeerConnection with the other person. The dermatologist makes the offers
// (first call, ICE restarts, a patient who came back on a new connection); the
// patient answers, and asks for an ICE restart when its side sees the
// connection fail. ICE restarts take fresh ICE servers (TURN credentials are
// short-lived). Quality comes from getStats every 2 seconds and is also sent
// to the other person. While the call is open the session is kept alive (a
// person in a video visit is not idle).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Peer, QualityLevel, ServerSignal, VisitRole } from '../../../contracts/video/index.ts';
import { SIGNAL_CLOSE } from '../../../contracts/video/index.ts';
import { ApiError, post } from '../api/client.ts';
import { fetchVideoRoom, rtcConfiguration } from './api.ts';
import { assessQuality, sampleStats, type Quality, type StatsSample } from './quality.ts';
import { openSignalClient, type SignalClient, type SignalStatus } from './signal-client.ts';

export type CallEnd = 'ended' | 'replaced' | 'session-ended' | 'visit-over' | 'error';

export interface ChatLine {
  id: string;
  mine: boolean;
  name: string;
  text: string;
  at: string;
}

export interface RemoteQuality {
  level: QualityLevel;
  rttMs: number | null;
  lossPercent: number | null;
  bitrateKbps: number | null;
}

const STATS_MS = 2000;
const DISCONNECTED_GRACE_MS = 3000;
const KEEP_ALIVE_MS = 5 * 60_000;

export function useVideoCall(appointmentId: string, role: VisitRole, localStream: MediaStream | null) {
  const [status, setStatus] = useState<SignalStatus>('connecting');
  const [admitted, setAdmitted] = useState(role === 'dermatologist');
  const [peer, setPeer] = useState<Peer | null>(null);
  const [peerLeft, setPeerLeft] = useState(false);
  const [remoteStream, setRemoteStream] = useState<MediaStream | null>(null);
  const [iceState, setIceState] = useState<RTCIceConnectionState | 'new'>('new');
  const [remoteMedia, setRemoteMedia] = useState({ audio: true, video: true });
  const [quality, setQuality] = useState<Quality | null>(null);
  const [remoteQuality, setRemoteQuality] = useState<RemoteQuality | null>(null);
  const [chat, setChat] = useState<ChatLine[]>([]);
  const [end, setEnd] = useState<CallEnd | null>(null);

  const client = useRef<SignalClient | null>(null);
  const pcRef = useRef<{ pc: RTCPeerConnection; peerId: string } | null>(null);
  const pending = useRef<RTCIceCandidateInit[]>([]);
  const peerRef = useRef<Peer | null>(null);
  const localRef = useRef<MediaStream | null>(localStream);
  const lastSample = useRef<StatsSample | null>(null);
  const disconnectTimer = useRef<number | null>(null);
  useEffect(() => {
    localRef.current = localStream;
  }, [localStream]);

  const send = useCallback((m: Parameters<SignalClient['send']>[0]) => client.current?.send(m) ?? false, []);

  const closePc = useCallback(() => {
    const current = pcRef.current;
    pcRef.current = null;
    pending.current = [];
    lastSample.current = null;
    if (current) {
      current.pc.onicecandidate = null;
      current.pc.ontrack = null;
      current.pc.oniceconnectionstatechange = null;
      current.pc.close();
    }
    setRemoteStream(null);
    setQuality(null);
    setIceState('new');
  }, []);

  const flushCandidates = async (pc: RTCPeerConnection) => {
    const queued = pending.current;
    pending.current = [];
    for (const c of queued) await pc.addIceCandidate(c).catch(() => {});
  };

  // Set below, once the functions that need each other exist.
  const recoverRef = useRef<() => void>(() => {});

  const newPc = useCallback(
    async (peerId: string) => {
      closePc();
      const pc = new RTCPeerConnection(await rtcConfiguration());
      pcRef.current = { pc, peerId };
      pc.onicecandidate = (e) => {
        const c = e.candidate?.toJSON();
        send({ type: 'ice', candidate: c ? { candidate: c.candidate ?? '', sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null, usernameFragment: c.usernameFragment ?? null } : null });
      };
      pc.ontrack = (e) => setRemoteStream(e.streams[0] ?? new MediaStream([e.track]));
      pc.oniceconnectionstatechange = () => {
        const state = pc.iceConnectionState;
        setIceState(state);
        if (disconnectTimer.current !== null) window.clearTimeout(disconnectTimer.current);
        disconnectTimer.current = null;
        if (state === 'failed') recoverRef.current();
        if (state === 'disconnected') {
          disconnectTimer.current = window.setTimeout(() => {
            if (pcRef.current?.pc === pc && pc.iceConnectionState === 'disconnected') recoverRef.current();
          }, DISCONNECTED_GRACE_MS);
        }
      };
      for (const track of localRef.current?.getTracks() ?? []) pc.addTrack(track, localRef.current!);
      return pc;
    },
    [closePc, send],
  );

  /** The dermatologist calls the patient's connection. */
  const call = useCallback(
    async (peerId: string) => {
      const pc = await newPc(peerId);
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      send({ type: 'offer', sdp: pc.localDescription!.sdp });
    },
    [newPc, send],
  );

  const restartIce = useCallback(async () => {
    const current = pcRef.current;
    const p = peerRef.current;
    if (!current) {
      if (p?.role === 'patient' && p.admitted) await call(p.connectionId);
      return;
    }
    if (current.pc.signalingState !== 'stable') return;
    current.pc.setConfiguration(await rtcConfiguration());
    const offer = await current.pc.createOffer({ iceRestart: true });
    await current.pc.setLocalDescription(offer);
    send({ type: 'offer', sdp: current.pc.localDescription!.sdp });
  }, [call, send]);

  useEffect(() => {
    recoverRef.current = () => {
      if (role === 'dermatologist') void restartIce().catch(() => {});
      else send({ type: 'restart-ice' });
    };
  }, [restartIce, role, send]);

  const onMessage = useCallback(
    async (m: ServerSignal) => {
      switch (m.type) {
        case 'welcome':
          // A new connection (first, or after a network change): the dermatologist calls again
          // with a new peer connection, so the old one goes.
          closePc();
          setAdmitted(m.admitted);
          return;
        case 'peer-joined':
        case 'peer-present':
          peerRef.current = m.peer;
          setPeer(m.peer);
          setPeerLeft(false);
          if (role === 'dermatologist' && m.peer.role === 'patient' && m.peer.admitted && pcRef.current?.peerId !== m.peer.connectionId) await call(m.peer.connectionId);
          return;
        case 'peer-left':
          if (peerRef.current?.connectionId !== m.connectionId) return;
          peerRef.current = null;
          setPeer(null);
          setPeerLeft(true);
          closePc();
          return;
        case 'admitted':
          setAdmitted(true);
          if (role === 'dermatologist' && peerRef.current?.role === 'patient') {
            peerRef.current = { ...peerRef.current, admitted: true };
            setPeer(peerRef.current);
            await call(peerRef.current.connectionId);
          }
          return;
        case 'offer': {
          if (role !== 'patient') return;
          const existing = pcRef.current?.peerId === m.from ? pcRef.current.pc : null;
          let pc = existing ?? (await newPc(m.from));
          try {
            await pc.setRemoteDescription({ type: 'offer', sdp: m.sdp });
          } catch (err) {
            // An offer from a new peer connection of the same dermatologist (new DTLS identity): start afresh.
            if (!existing) throw err;
            pc = await newPc(m.from);
            await pc.setRemoteDescription({ type: 'offer', sdp: m.sdp });
          }
          await flushCandidates(pc);
          await pc.setLocalDescription(await pc.createAnswer());
          send({ type: 'answer', sdp: pc.localDescription!.sdp });
          return;
        }
        case 'answer': {
          const pc = pcRef.current?.peerId === m.from ? pcRef.current.pc : null;
          if (!pc || pc.signalingState !== 'have-local-offer') return;
          await pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
          await flushCandidates(pc);
          return;
        }
        case 'ice': {
          const pc = pcRef.current?.peerId === m.from ? pcRef.current.pc : null;
          if (!pc || !m.candidate) return;
          if (pc.remoteDescription) await pc.addIceCandidate(m.candidate).catch(() => {});
          else pending.current.push(m.candidate);
          return;
        }
        case 'restart-ice':
          if (role === 'dermatologist') await restartIce();
          return;
        case 'chat':
          setChat((lines) => [...lines, { id: `${m.from}:${m.clientId}`, mine: false, name: m.name, text: m.text, at: m.at }]);
          return;
        case 'media':
          setRemoteMedia({ audio: m.audio, video: m.video });
          return;
        case 'quality':
          setRemoteQuality({ level: m.level, rttMs: m.rttMs, lossPercent: m.lossPercent, bitrateKbps: m.bitrateKbps });
          return;
        case 'error':
          return;
      }
    },
    [call, closePc, newPc, restartIce, role, send],
  );

  useEffect(() => {
    let messages = Promise.resolve();
    const c = openSignalClient(appointmentId, {
      // One message at a time: an answer must not overtake its offer's handling.
      onMessage: (m) => {
        messages = messages.then(() => onMessage(m)).catch(() => {});
      },
      onStatus: (s, attempt) => {
        setStatus(s);
        // Several failures in a row: the visit may be over, or the session gone.
        if (s === 'reconnecting' && attempt >= 3) {
          void fetchVideoRoom(appointmentId)
            .then((room) => {
              if (room.state !== 'open') {
                c.close();
                setEnd('visit-over');
              }
            })
            .catch((err: unknown) => {
              if (err instanceof ApiError && err.status === 401) {
                c.close();
                setEnd('session-ended');
              }
            });
        }
      },
      onFinal: (code) => {
        closePc();
        setEnd(code === SIGNAL_CLOSE.left ? 'ended' : code === SIGNAL_CLOSE.replaced ? 'replaced' : code === SIGNAL_CLOSE.sessionEnded ? 'session-ended' : code === SIGNAL_CLOSE.visitOver ? 'visit-over' : 'error');
      },
    });
    client.current = c;
    return () => {
      client.current = null;
      c.close();
      closePc();
    };
    // The socket lives as long as the page; handlers read the latest state through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appointmentId]);

  // Quality from getStats, shared with the other person.
  useEffect(() => {
    const id = window.setInterval(() => {
      const current = pcRef.current;
      if (!current) return;
      void current.pc.getStats().then((report) => {
        const sample = sampleStats(report, performance.now());
        const q = assessQuality(lastSample.current, sample);
        lastSample.current = sample;
        setQuality(q);
        send({ type: 'quality', level: q.level, rttMs: q.rttMs, lossPercent: q.lossPercent, bitrateKbps: q.bitrateKbps });
      });
    }, STATS_MS);
    return () => window.clearInterval(id);
  }, [send]);

  useEffect(() => {
    if (end) return;
    const id = window.setInterval(() => void post('/api/auth/session/keep-alive').catch(() => {}), KEEP_ALIVE_MS);
    return () => window.clearInterval(id);
  }, [end]);

  return {
    status,
    admitted,
    peer,
    peerLeft,
    remoteStream,
    iceState,
    remoteMedia,
    quality,
    remoteQuality,
    chat,
    end,
    admit: () => send({ type: 'admit' }),
    sendChat: (text: string) => {
      const clientId = crypto.randomUUID();
      if (!send({ type: 'chat', text, clientId })) return false;
      setChat((lines) => [...lines, { id: `me:${clientId}`, mine: true, name: '', text: text.trim(), at: new Date().toISOString() }]);
      return true;
    },
    sendMedia: (audio: boolean, video: boolean) => send({ type: 'media', audio, video }),
    replaceVideoTrack: async (track: MediaStreamTrack) => {
      const sender = pcRef.current?.pc.getSenders().find((s) => s.track?.kind === 'video');
      await sender?.replaceTrack(track);
    },
    hangUp: () => {
      if (!send({ type: 'leave' })) client.current?.close();
      closePc();
      setEnd('ended');
    },
  };
}
