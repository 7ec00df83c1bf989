// Types of switchboard.js, the browser client of the Switchboard hub (docs/clients.md, "Browser client").

/** What the client is doing. 'idle' (before connect()) is never reported to onState listeners. */
export type State = 'connecting' | 'connected' | 'disconnected' | 'closed';

/** Why and how a state was entered. */
export interface StateDetail {
  /** Close code of the connection that ended: the hub's, the browser's 1006, or 4000 (the client dropped it). */
  code?: number;
  reason?: string;
  /** Consecutive failed attempts so far. */
  attempt?: number;
  /** 'disconnected': the next attempt starts in this many milliseconds, at retryAt (the clock's now()). */
  delayMs?: number;
  retryAt?: number;
  /** 'disconnected': the browser is offline; the client reconnects as soon as it is back online. */
  offline?: boolean;
  /** 'disconnected'/'closed': the connection that ended had been connected. */
  wasConnected?: boolean;
  /** 'connected': the hub's welcome frame and the user it knows this connection as. */
  user?: string;
  session?: string;
  welcome?: Welcome;
  /** A failure of the token supplier or of opening the socket. */
  error?: unknown;
}

export interface Welcome {
  type: 'welcome';
  session: string;
  user: string;
  heartbeatSeconds: number;
  maxMessageBytes: number;
}

/** The hub's `message` frame (docs/protocol.md). */
export interface Message<T = unknown> {
  type: 'message';
  channel: string;
  offset: number;
  epoch: string;
  data: T;
  /** The publishing user, or 'server' for HTTP and library publishes. */
  from: string;
  /** ISO-8601 UTC. */
  time: string;
}

/** Messages that could not be delivered: everything after lastOffset (in lastEpoch) up to offset (in epoch). */
export interface Gap {
  channel: string;
  /** 'not_recovered': history no longer held them; 'epoch_changed': the hub lost the channel's history;
   *  'skipped': offsets jumped on the live stream. */
  reason: 'not_recovered' | 'epoch_changed' | 'skipped';
  lastOffset: number;
  lastEpoch: string | null;
  offset: number;
  epoch: string;
}

export interface Subscribed {
  channel: string;
  offset: number;
  epoch: string;
  /** Present when the client resubscribed with since/epoch. */
  recovered?: boolean;
}

export interface PresenceEvent {
  type: 'join' | 'leave';
  channel: string;
  user: string;
}

export interface SubscriptionHandlers<T = unknown> {
  /** Each message once, in offset order. */
  message?: (m: Message<T>) => void;
  /** Called before any message newer than the gap. */
  gap?: (g: Gap) => void;
  /** After every (re)subscribe the hub confirmed. */
  subscribed?: (s: Subscribed) => void;
  /** join/leave events (sent by the hub with presence.events=true). */
  presence?: (e: PresenceEvent) => void;
  /** The hub refused the subscription (e.g. code 'forbidden'); the subscription is dropped. */
  error?: (e: SwitchboardError) => void;
}

export interface SubscribeOptions {
  /** On the first subscribe, deliver up to this many of the channel's latest held messages first. */
  history?: number;
}

export interface Subscription {
  readonly channel: string;
  unsubscribe(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the client needs of a WebSocket (the browser's, or a test double). */
export interface WebSocketLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** What the client needs of the window: online/offline events, navigator.onLine, the document's visibility. */
export interface Environment {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
  navigator?: { onLine: boolean };
  document?: {
    visibilityState: string;
    addEventListener(type: string, listener: () => void): void;
    removeEventListener(type: string, listener: () => void): void;
  };
}

export interface SwitchboardOptions {
  /** A token, or a (possibly async) supplier called before every connect; sent as ?access_token=. */
  token?: string | (() => string | null | undefined | Promise<string | null | undefined>);
  initialDelayMs?: number;
  factor?: number;
  maxDelayMs?: number;
  stableAfterMs?: number;
  pingAfterMs?: number;
  pongTimeoutMs?: number;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxQueued?: number;
  maxAttempts?: number;
  refreshBeforeExpiryMs?: number;
  /** Test seams: the WebSocket constructor, the clock, the random source, the window (online/offline events,
   *  navigator.onLine, document visibility). */
  WebSocket?: WebSocketConstructor;
  clock?: Clock;
  random?: () => number;
  environment?: Environment | null;
}

/** code: the hub's error code (forbidden, rate_limited, …) or timeout, connection_lost, queue_full, closed. */
export class SwitchboardError extends Error {
  readonly code: string;
  readonly retryAfterMs?: number;
}

export const DEFAULTS: Readonly<Required<Pick<SwitchboardOptions, 'initialDelayMs' | 'factor' | 'maxDelayMs'
  | 'stableAfterMs' | 'pingAfterMs' | 'pongTimeoutMs' | 'connectTimeoutMs' | 'requestTimeoutMs' | 'maxQueued'
  | 'maxAttempts' | 'refreshBeforeExpiryMs'>>>;
export const RECONNECT_CLOSE: 4000;
export function shouldReconnect(code: number): boolean;
export function backoffDelay(attempt: number, random: () => number,
  timing: { initialDelayMs: number; factor: number; maxDelayMs: number }): number;

export class Switchboard {
  constructor(url: string, options?: SwitchboardOptions);
  readonly state: 'idle' | State;
  /** The user the hub knows this connection as (from welcome), null before the first connection. */
  readonly user: string | null;
  onState(listener: (state: State, detail: StateDetail) => void): () => void;
  subscribe<T = unknown>(channel: string, handlers: SubscriptionHandlers<T>,
    options?: SubscribeOptions): Subscription;
  connect(): void;
  publish(channel: string, data: unknown): Promise<{ offset: number }>;
  history(channel: string, range?: { since?: number; limit?: number }): Promise<{
    channel: string; epoch: string; messages: Message[]; recovered: boolean; more: boolean }>;
  presence(channel: string): Promise<string[]>;
  close(): void;
}
