// Drives one socket.io-client connection for SocketIoIT: commands come as JSON lines on stdin,
// everything the client sees goes out as JSON lines on stdout.
//   {"op":"connect","id":1,"url":"http://127.0.0.1:8080","options":{...io() options...}}
//   {"op":"emit","id":2,"event":"query","data":{...},"ack":true,"timeout":30000}
//   {"op":"close","id":3}
// Output: {"type":"connect"|"connect_error"|"disconnect"|"event"|"ack"|"sent"|"closed"|"failure",...}
import { io } from "socket.io-client";
import readline from "node:readline";

let socket = null;
const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");

readline.createInterface({ input: process.stdin }).on("line", async (line) => {
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (e) {
    out({ type: "failure", message: "not JSON: " + line });
    return;
  }
  try {
    switch (cmd.op) {
      case "connect":
        socket = io(cmd.url, cmd.options ?? {});
        socket.onAny((event, ...args) => out({ type: "event", event, data: args[0] ?? null }));
        socket.on("connect", () =>
          out({ type: "connect", id: cmd.id, sid: socket.id, transport: socket.io.engine.transport.name }));
        socket.on("connect_error", (e) =>
          out({ type: "connect_error", id: cmd.id, message: e.message, data: e.data ?? null }));
        socket.on("disconnect", (reason) => out({ type: "disconnect", reason }));
        socket.io.engine?.on?.("upgrade", (t) => out({ type: "upgrade", transport: t.name }));
        break;
      case "emit":
        if (cmd.ack) {
          const args = cmd.data === undefined ? [] : [cmd.data];
          const reply = await socket.timeout(cmd.timeout ?? 30000).emitWithAck(cmd.event, ...args);
          out({ type: "ack", id: cmd.id, data: reply ?? null });
        } else {
          if (cmd.data === undefined) socket.emit(cmd.event);
          else socket.emit(cmd.event, cmd.data);
          out({ type: "sent", id: cmd.id });
        }
        break;
      case "close":
        socket?.close();
        out({ type: "closed", id: cmd.id });
        break;
      case "exit":
        socket?.close();
        process.exit(0);
      default:
        out({ type: "failure", id: cmd.id, message: "unknown op " + cmd.op });
    }
  } catch (e) {
    out({ type: "failure", id: cmd.id, message: String(e?.message ?? e) });
  }
});
