// The camera and microphone: one MediaStream kept from the waiting room's
// check into the call, device pickers, the microphone level, mute and camera
// off (tracks disabled, so the other side gets silence and black), and
// switching camera: the next camera of the list, or front/rear by facingMode
// on a phone that lists one camera.
import { useCallback, useEffect, useRef, useState } from 'react';

export type MediaProblem = 'blocked' | 'missing' | 'busy' | 'unsupported' | 'other';

function problemOf(err: unknown): MediaProblem {
  const name = (err as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'blocked';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'other';
}

export function useLocalMedia() {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<MediaProblem | null>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [microphones, setMicrophones] = useState<MediaDeviceInfo[]>([]);
  const [cameraId, setCameraId] = useState<string | null>(null);
  const [micId, setMicId] = useState<string | null>(null);
  const [audioOn, setAudioOn] = useState(true);
  const [videoOn, setVideoOn] = useState(true);
  const [facing, setFacing] = useState<'user' | 'environment'>('user');
  const [, setVersion] = useState(0);
  const streamRef = useRef<MediaStream | null>(null);

  const listDevices = useCallback(async () => {
    const devices = await navigator.mediaDevices.enumerateDevices();
    setCameras(devices.filter((d) => d.kind === 'videoinput'));
    setMicrophones(devices.filter((d) => d.kind === 'audioinput'));
  }, []);

  const start = useCallback(async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem('unsupported');
      return;
    }
    try {
      const s = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: { echoCancellation: true, noiseSuppression: true },
      });
      streamRef.current?.getTracks().forEach((t) => t.stop());
      streamRef.current = s;
      setStream(s);
      setProblem(null);
      setCameraId(s.getVideoTracks()[0]?.getSettings().deviceId ?? null);
      setMicId(s.getAudioTracks()[0]?.getSettings().deviceId ?? null);
      await listDevices();
    } catch (err) {
      setProblem(problemOf(err));
    }
  }, [listDevices]);

  useEffect(() => {
    const onChange = () => void listDevices().catch(() => {});
    navigator.mediaDevices?.addEventListener?.('devicechange', onChange);
    return () => {
      navigator.mediaDevices?.removeEventListener?.('devicechange', onChange);
      streamRef.current?.getTracks().forEach((t) => t.stop());
    };
  }, [listDevices]);

  /** Puts a new track in place of the old one of its kind; returns it (for the peer connection's sender). */
  const swapTrack = useCallback((track: MediaStreamTrack, enabled: boolean) => {
    const s = streamRef.current;
    if (!s) return track;
    for (const old of track.kind === 'video' ? s.getVideoTracks() : s.getAudioTracks()) {
      s.removeTrack(old);
      old.stop();
    }
    track.enabled = enabled;
    s.addTrack(track);
    setVersion((v) => v + 1);
    return track;
  }, []);

  const chooseCamera = useCallback(
    async (deviceId: string) => {
      try {
        const s = await navigator.mediaDevices.getUserMedia({ video: { deviceId: { exact: deviceId } } });
        setCameraId(deviceId);
        return swapTrack(s.getVideoTracks()[0]!, videoOn);
      } catch (err) {
        setProblem(problemOf(err));
        return null;
      }
    },
    [swapTrack, videoOn],
  );

  const chooseMicrophone = useCallback(
    async (deviceId: string) => {
      try {
        const s = await navigator.mediaDevices.getUserMedia({ audio: { deviceId: { exact: deviceId }, echoCancellation: true, noiseSuppression: true } });
        setMicId(deviceId);
        return swapTrack(s.getAudioTracks()[0]!, audioOn);
      } catch (err) {
        setProblem(problemOf(err));
        return null;
      }
    },
    [swapTrack, audioOn],
  );

  /** Front/rear: the next listed camera, or the other facingMode when only one is listed. */
  const switchCamera = useCallback(async () => {
    if (cameras.length > 1) {
      const i = cameras.findIndex((c) => c.deviceId === cameraId);
      return chooseCamera(cameras[(i + 1) % cameras.length]!.deviceId);
    }
    const next = facing === 'user' ? 'environment' : 'user';
    try {
      // The old camera is released first: many phones cannot open both at once.
      streamRef.current?.getVideoTracks().forEach((t) => t.stop());
      const s = await navigator.mediaDevices.getUserMedia({ video: { facingMode: next } });
      setFacing(next);
      const track = s.getVideoTracks()[0]!;
      setCameraId(track.getSettings().deviceId ?? null);
      return swapTrack(track, videoOn);
    } catch (err) {
      setProblem(problemOf(err));
      return null;
    }
  }, [cameras, cameraId, chooseCamera, facing, swapTrack, videoOn]);

  const setAudio = (on: boolean) => {
    streamRef.current?.getAudioTracks().forEach((t) => (t.enabled = on));
    setAudioOn(on);
  };
  const setVideo = (on: boolean) => {
    streamRef.current?.getVideoTracks().forEach((t) => (t.enabled = on));
    setVideoOn(on);
  };

  return { stream, problem, start, cameras, microphones, cameraId, micId, chooseCamera, chooseMicrophone, switchCamera, audioOn, videoOn, setAudio, setVideo };
}

/** The microphone's level, 0-100, about ten times a second. */
export function useMicLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  const track = stream?.getAudioTracks()[0] ?? null;
  useEffect(() => {
    if (!track) return;
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const data = new Uint8Array(analyser.fftSize);
    const id = window.setInterval(() => {
      analyser.getByteTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += ((v - 128) / 128) ** 2;
      setLevel(Math.min(100, Math.round(Math.sqrt(sum / data.length) * 300)));
    }, 100);
    return () => {
      window.clearInterval(id);
      source.disconnect();
      void context.close();
    };
  }, [track]);
  return level;
}
