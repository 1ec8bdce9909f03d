// The container page's terminals (Components/Detail/TerminalTab): xterm.js over the daemon's exec WebSocket,
// GET /api/containers/{id}/exec (NativeApi). The bytes never pass the Blazor circuit: this module opens the socket,
// writes what arrives to xterm and sends keystrokes back; the circuit only hears about state changes (connecting,
// connected, exited with a code, lost) through session.onState, so the page can show them and offer Reconnect.
//
// Wire protocol. Server -> client binary: first byte 1 (stdout) or 2 (stderr), then bytes; text {"exitCode":N} once
// the process ended, then a normal close. Client -> server binary: stdin bytes; text {"resize":{"cols":C,"rows":R}}.
//
// A session outlives its element: switching to another tab removes the element from the page, but the shell keeps
// running and its xterm is put back when the tab returns (open() with the same id). close() ends it.
import { Terminal } from "./vendor/xterm/xterm.mjs";
import { FitAddon } from "./vendor/xterm/addon-fit.mjs";

const sessions = new Map();
const encoder = new TextEncoder();
const STDOUT = 1, STDERR = 2;

// Dark, whatever the page's mode: the MudBlazor theme's dark app bar and primary (MainLayout.Theme).
const theme = {
  background: "#0f172a", foreground: "#e2e8f0", cursor: "#60a5fa", cursorAccent: "#0f172a",
  selectionBackground: "#60a5fa66",
  black: "#1e293b", red: "#f87171", green: "#4ade80", yellow: "#facc15", blue: "#60a5fa", magenta: "#c084fc",
  cyan: "#22d3ee", white: "#e2e8f0", brightBlack: "#64748b", brightRed: "#fca5a5", brightGreen: "#86efac",
  brightYellow: "#fde047", brightBlue: "#93c5fd", brightMagenta: "#d8b4fe", brightCyan: "#67e8f9", brightWhite: "#f8fafc",
};

function ensureStylesheet() {
  if (document.querySelector("link[data-xterm-css]")) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "assets/vendor/xterm/xterm.css";
  link.dataset.xtermCss = "";
  document.head.appendChild(link);
}

function execUrl(containerId, command, cols, rows) {
  const q = new URLSearchParams();
  for (const word of command) q.append("cmd", word);
  q.set("tty", "true");
  q.set("stdin", "true");
  q.set("cols", String(cols));
  q.set("rows", String(rows));
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/containers/${encodeURIComponent(containerId)}/exec?${q}`;
}

// options: { containerId, command: [..] }; dotnet: a DotNetObjectReference with OnState(state, exitCode, reason).
export function open(id, host, options, dotnet) {
  let s = sessions.get(id);
  if (s) {
    // Back on the tab: the same xterm, in the new element.
    host.appendChild(s.wrapper);
    fit(s);
    s.term.focus();
    return;
  }
  ensureStylesheet();
  const wrapper = document.createElement("div");
  wrapper.className = "dterm-xterm";
  host.appendChild(wrapper);
  // A steady cursor: with blinking on, xterm re-renders on every key and every 600 ms, and the keystroke-echo bench
  // measured the echo painted a frame later (median 27 ms against 13 ms without; tests/bench/terminal-echo.sh).
  const term = new Terminal({
    theme, cursorBlink: false, scrollback: 5000, fontSize: 13,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
  });
  const fitAddon = new FitAddon();
  term.loadAddon(fitAddon);
  term.open(wrapper);
  s = { id, term, fitAddon, wrapper, options, dotnet, ws: null, ended: false };
  sessions.set(id, s);
  fit(s);

  term.onData(data => send(s, encoder.encode(data)));
  // Mouse reports in the X10 encoding arrive as a "binary" string: one byte per character.
  term.onBinary(data => send(s, Uint8Array.from(data, c => c.charCodeAt(0) & 0xff)));
  term.onResize(({ cols, rows }) => {
    if (s.ws?.readyState === WebSocket.OPEN) s.ws.send(JSON.stringify({ resize: { cols, rows } }));
  });
  term.attachCustomKeyEventHandler(e => clipboardKey(s, e));
  wrapper.addEventListener("contextmenu", e => { e.preventDefault(); rightClick(s); });
  // Window resizes, the tab's layout changing (a second terminal beside this one), the element coming back.
  s.observer = new ResizeObserver(() => fit(s));
  s.observer.observe(wrapper);
  connect(s);
  term.focus();
}

/** Opens a new socket for the same command (after an exit or a lost connection); the old output stays above. */
export function reconnect(id) {
  const s = sessions.get(id);
  if (!s) return;
  s.term.write("\r\n\x1b[2m--- reconnecting ---\x1b[0m\x1b[?25h\r\n");
  connect(s);
  s.term.focus();
}

/** Ends the session: closes the socket (the daemon ends the process) and frees the emulator. */
export function close(id) {
  const s = sessions.get(id);
  if (!s) return;
  sessions.delete(id);
  s.ended = true;
  s.observer.disconnect();
  if (s.ws && s.ws.readyState <= WebSocket.OPEN) s.ws.close(1000);
  s.term.dispose();
  s.wrapper.remove();
}

/** Bench hook (tests/Dashboard.Benchmarks terminal-echo): the session's xterm Terminal, to time its echo. */
export function terminalOf(id) {
  return sessions.get(id)?.term ?? null;
}

/** Test hook: the text of a session's buffer (scrollback included), top to bottom. */
export function screenText(id) {
  const s = sessions.get(id);
  if (!s) return null;
  const buffer = s.term.buffer.active, lines = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
  return lines.join("\n");
}

function fit(s) {
  // A detached or hidden element measures 0x0; fitting then would shrink the shell's window to 2 columns.
  const r = s.wrapper.getBoundingClientRect();
  if (!s.wrapper.isConnected || r.width < 10 || r.height < 10) return;
  try { s.fitAddon.fit(); } catch { /* not rendered yet */ }
}

function send(s, bytes) {
  if (s.ws?.readyState === WebSocket.OPEN) s.ws.send(bytes);
}

function state(s, name, exitCode, reason) {
  s.dotnet?.invokeMethodAsync("OnState", name, exitCode ?? null, reason ?? null).catch(() => { });
}

function connect(s) {
  if (s.ws && s.ws.readyState <= WebSocket.OPEN) s.ws.close(1000);
  const ws = new WebSocket(execUrl(s.options.containerId, s.options.command, s.term.cols, s.term.rows));
  ws.binaryType = "arraybuffer";
  s.ws = ws;
  let opened = false, exitCode = null;
  state(s, "connecting");
  ws.onopen = () => {
    opened = true;
    state(s, "connected");
    // The size may have changed between building the URL and the upgrade.
    ws.send(JSON.stringify({ resize: { cols: s.term.cols, rows: s.term.rows } }));
  };
  ws.onmessage = e => {
    if (typeof e.data === "string") {
      try { const m = JSON.parse(e.data); if (typeof m.exitCode === "number") exitCode = m.exitCode; } catch { }
      return;
    }
    const bytes = new Uint8Array(e.data);
    if (bytes.length > 1 && (bytes[0] === STDOUT || bytes[0] === STDERR)) s.term.write(bytes.subarray(1));
  };
  ws.onclose = async e => {
    if (s.ws !== ws || s.ended) return; // replaced by a reconnect, or closed on purpose
    // Said on the screen too, dimmed, and the cursor hidden: nothing typed here goes anywhere now.
    const over = why => s.term.write(`\r\n\x1b[2m[${why}]\x1b[0m\x1b[?25l`);
    if (exitCode !== null) { over(`exited with code ${exitCode}`); state(s, "exited", exitCode); return; }
    if (opened) { over(e.reason || "connection lost"); state(s, "lost", null, e.reason || "connection lost"); return; }
    const why = await refusal(s);
    over(why);
    state(s, "lost", null, why);
  };
}

// A refused upgrade reaches a WebSocket only as "closed", without its status. The daemon checks the session and the
// role before anything else, so the same request without the upgrade tells those two apart; an unknown or stopped
// container is answered only to a real handshake (the page shows the container's state itself).
async function refusal(s) {
  try {
    const url = execUrl(s.options.containerId, s.options.command, s.term.cols, s.term.rows).replace(/^ws/, "http");
    const r = await fetch(url, { credentials: "same-origin", redirect: "manual" });
    if (r.status === 401 || r.type === "opaqueredirect") return "refused: you are signed out";
    if (r.status === 403) return "refused: your role cannot open a terminal";
  } catch { }
  return "could not connect";
}

// Terminal conventions: ctrl-shift-c copies the selection, ctrl-shift-v (and the browser's own paste: ctrl-v where
// the browser has it, shift-insert, the context menu) pastes through xterm, which honours bracketed paste.
function clipboardKey(s, e) {
  if (e.type !== "keydown" || !e.ctrlKey || !e.shiftKey) return true;
  if (e.code === "KeyC") {
    if (s.term.hasSelection()) copy(s.term.getSelection());
    e.preventDefault();
    return false;
  }
  if (e.code === "KeyV") return false; // let the browser fire its paste event on xterm's textarea
  return true;
}

// Right click: copy the selection when there is one, else paste (where the browser lets a page read the clipboard).
async function rightClick(s) {
  if (s.term.hasSelection()) { copy(s.term.getSelection()); s.term.clearSelection(); return; }
  try {
    const text = await navigator.clipboard.readText();
    if (text) s.term.paste(text);
  } catch { /* not a secure context, or the user said no: ctrl-shift-v still pastes */ }
  s.term.focus();
}

function copy(text) {
  if (navigator.clipboard?.writeText) { navigator.clipboard.writeText(text).catch(() => fallbackCopy(text)); return; }
  fallbackCopy(text);
}

// Plain http from another machine is not a secure context: no async clipboard API there.
function fallbackCopy(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.style.position = "fixed"; area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try { document.execCommand("copy"); } catch { }
  area.remove();
}
