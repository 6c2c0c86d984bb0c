// The signalling WebSocket with reconnection: after a network change or a
// server restart it reconnects with a growing delay (0.5 s, 1 s, 2 s... up to
// 10 s, with jitter), at once when the browser says it is back online. Close
// codes that mean "do not come back" (hung up, session ended, visit over,
// opened elsewhere) end it for good.
import { SIGNAL_CLOSE, ServerSignalSchema, type ClientSignal, type ServerSignal } from '../../../contracts/video/index.ts';

export type SignalStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';
const FINAL_CODES = new Set<number>([SIGNAL_CLOSE.left, SIGNAL_CLOSE.sessionEnded, SIGNAL_CLOSE.visitOver, SIGNAL_CLOSE.replaced, SIGNAL_CLOSE.rateLimited]);

export interface SignalClient {
  send(message: ClientSignal): boolean;
  close(): void;
}

export function backoffMs(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
}

export function openSignalClient(
  appointmentId: string,
  handlers: {
    onMessage(message: ServerSignal): void;
    onStatus(status: SignalStatus, attempt: number): void;
    /** A close that will not be retried (its code), or a local close (1000). */
    onFinal(code: number): void;
  },
): SignalClient {
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/appointments/${appointmentId}/signal`;
  let ws: WebSocket | null = null;
  let attempt = 0;
  let timer: number | null = null;
  let stopped = false;

  const connect = () => {
    timer = null;
    if (stopped) return;
    handlers.onStatus(attempt === 0 ? 'connecting' : 'reconnecting', attempt);
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = () => {
      attempt = 0;
      handlers.onStatus('open', 0);
    };
    socket.onmessage = (event) => {
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = ServerSignalSchema.safeParse(data);
      if (parsed.success) handlers.onMessage(parsed.data);
    };
    socket.onclose = (event) => {
      if (ws !== socket) return;
      ws = null;
      if (stopped) return;
      if (FINAL_CODES.has(event.code)) {
        stopped = true;
        handlers.onStatus('closed', 0);
        handlers.onFinal(event.code);
        return;
      }
      attempt += 1;
      handlers.onStatus('reconnecting', attempt);
      timer = window.setTimeout(connect, backoffMs(attempt - 1));
    };
  };
  const online = () => {
    if (!stopped && timer !== null) {
      window.clearTimeout(timer);
      connect();
    }
  };
  window.addEventListener('online', online);
  connect();

  return {
    send(message) {
      if (ws?.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(message));
      return true;
    },
    close() {
      stopped = true;
      window.removeEventListener('online', online);
      if (timer !== null) window.clearTimeout(timer);
      ws?.close(1000);
      ws = null;
    },
  };
}
