/**
 * Offline-and-private check. Loaded with --require (CLI tests) or NODE_OPTIONS (the extension
 * host and its worker), it refuses every socket connection, DNS lookup, UDP socket, HTTP(S)
 * request, fetch and WebSocket made by code under LLM_NOTES_NET_GUARD_PATHS (any code when
 * unset), throws at the call, and appends the attempt with its stack to LLM_NOTES_NET_LOG.
 * Plain CommonJS so it loads before anything is compiled or bundled.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

if (!globalThis.__llmNotesNetGuard) {
  globalThis.__llmNotesNetGuard = { attempts: 0 };
  const log = process.env.LLM_NOTES_NET_LOG;
  const roots = (process.env.LLM_NOTES_NET_GUARD_PATHS || '').split(path.delimiter).filter(Boolean);
  const fromGuardedCode = (stack) => !roots.length || roots.some((r) => stack.includes(r));

  const refuse = (what, target) => {
    const stack = new Error().stack || '';
    if (!fromGuardedCode(stack)) return;
    globalThis.__llmNotesNetGuard.attempts++;
    if (log) fs.appendFileSync(log, `${what} ${target}\n${stack}\n\n`);
    const error = new Error(`net guard: ${what} ${target} refused (the extension and CLI must stay offline)`);
    error.code = 'ENETGUARD';
    throw error;
  };
  const describe = (a) => {
    if (a && typeof a === 'object') return a.href || a.path || `${a.host || a.hostname || ''}:${a.port || ''}`;
    return String(a);
  };
  const wrap = (object, name, what) => {
    const original = object[name];
    if (typeof original !== 'function') return;
    object[name] = function guarded(...args) {
      refuse(what, describe(args[0]));
      return original.apply(this, args);
    };
  };

  const net = require('node:net');
  wrap(net.Socket.prototype, 'connect', 'connect');
  wrap(net, 'connect', 'net.connect');
  wrap(net, 'createConnection', 'net.createConnection');
  wrap(require('node:tls'), 'connect', 'tls.connect');
  for (const m of ['node:http', 'node:https']) {
    const mod = require(m);
    wrap(mod, 'request', `${m.slice(5)}.request`);
    wrap(mod, 'get', `${m.slice(5)}.get`);
  }
  const dns = require('node:dns');
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'resolveSrv', 'reverse']) {
    wrap(dns, name, `dns.${name}`);
    wrap(dns.promises, name, `dns.promises.${name}`);
  }
  wrap(require('node:dgram'), 'createSocket', 'dgram.createSocket');
  if (typeof globalThis.fetch === 'function') wrap(globalThis, 'fetch', 'fetch');
  // Worker threads get the guard too (NODE_OPTIONS would do it, but VS Code strips that).
  const workerThreads = require('node:worker_threads');
  const OriginalWorker = workerThreads.Worker;
  workerThreads.Worker = class GuardedWorker extends OriginalWorker {
    constructor(file, options = {}) {
      super(file, { ...options, execArgv: [...(options.execArgv || process.execArgv), '--require', __filename] });
    }
  };
  if (typeof globalThis.WebSocket === 'function') {
    const OriginalWebSocket = globalThis.WebSocket;
    globalThis.WebSocket = class extends OriginalWebSocket {
      constructor(url, ...rest) {
        refuse('WebSocket', String(url));
        super(url, ...rest);
      }
    };
  }
}
