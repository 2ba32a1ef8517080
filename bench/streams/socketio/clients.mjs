// The Socket.IO clients of the streams benchmark (StreamsBench --mode socketio): many
// socket.io-client connections in this one process, WebSocket transport, each subscribed to one
// thread. StreamsBench drives it with JSON lines on stdin and reads JSON lines on stdout.
//   {"op":"open","url","token","org","threads":[...]}  connect one client per thread, subscribe
//   {"op":"window","from":us,"to":us}                    count latencies of events stamped in it
//   {"op":"report"}                                      -> {"type":"report",...}
//   {"op":"exit"}
// Out: {"type":"opened"} per subscribed client, {"type":"failed","message"} per client that could
// not connect or subscribe, {"type":"error","message"} per error after that (a disconnect, an
// event out of order), {"type":"report","held","received","buckets":[[bucket,count],...]}.
// Latency = receive time - the event's "t" (microseconds since the epoch, same clock), in 0.1 ms
// buckets as StreamsBench keeps them.
import { io } from "socket.io-client";
import readline from "node:readline";
import { performance } from "node:perf_hooks";

const BUCKETS = 200_000;
const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

const clients = [];
let from = Number.MAX_SAFE_INTEGER;
let to = Number.MAX_SAFE_INTEGER;
let histogram = new Map();
let received = 0;

function open(url, token, org, thread) {
  const c = { thread, last: 0, ok: false, dead: false };
  clients.push(c);
  const socket = io(url, {
    forceNew: true,
    transports: ["websocket"],
    reconnection: false,
    auth: { token },
    extraHeaders: { "X-Org-Id": org },
  });
  c.socket = socket;
  const fail = (message) => {
    if (c.dead) return;
    c.dead = true;
    if (c.ok) out({ type: "error", message: thread + ": " + message });
    else out({ type: "failed", message: thread + ": " + message });
    socket.close();
  };
  socket.on("connect_error", (e) => fail("connect_error " + e.message));
  socket.on("disconnect", (reason) => fail("disconnect " + reason));
  socket.on("thread_event", (e) => {
    const now = nowMicros();
    if (e.sequence !== c.last + 1) {
      out({ type: "error", message: thread + ": sequence " + e.sequence + " after " + c.last });
    }
    c.last = e.sequence;
    const t = e.t;
    if (typeof t !== "number") return;
    received++;
    if (t >= from && t < to) {
      const bucket = Math.min(BUCKETS - 1, Math.max(0, Math.floor((now - t) / 100)));
      histogram.set(bucket, (histogram.get(bucket) ?? 0) + 1);
    }
  });
  socket.on("connect", async () => {
    try {
      const ack = await socket.timeout(60_000).emitWithAck("subscribe", { thread_id: thread });
      if (ack?.ok) {
        c.ok = true;
        out({ type: "opened" });
      } else {
        fail("subscribe answered " + JSON.stringify(ack));
      }
    } catch (e) {
      fail("subscribe: " + (e?.message ?? e));
    }
  });
}

const commands = readline.createInterface({ input: process.stdin });
// StreamsBench gone (its stdin closed): so are we
commands.on("close", () => process.exit(0));
commands.on("line", (line) => {
  const cmd = JSON.parse(line);
  switch (cmd.op) {
    case "open":
      for (const thread of cmd.threads) open(cmd.url, cmd.token, cmd.org, thread);
      break;
    case "window":
      histogram = new Map();
      from = cmd.from;
      to = cmd.to;
      break;
    case "report": {
      const held = clients.filter((c) => c.ok && !c.dead).length;
      out({ type: "report", held, received, buckets: [...histogram.entries()] });
      break;
    }
    case "exit":
      for (const c of clients) c.socket.close();
      process.exit(0);
    default:
      out({ type: "error", message: "unknown op " + cmd.op });
  }
});
