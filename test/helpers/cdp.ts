// Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: requests
// on fd 3, replies and events on fd 4, each message JSON ended by a NUL byte), so a test can load a
// page, evaluate expressions in it and collect what it logged, with no browser-driver dependency.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

export const CHROMIUM = "/usr/bin/chromium";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions"];

/** Something the page reported: a console call, a log entry (CSP violations, failed loads) or an uncaught exception. */
export interface PageMessage {
  source: "console" | "log" | "exception";
  level: string;
  text: string;
}

interface Pending {
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

export class Browser {
  readonly messages: PageMessage[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly waiters: { method: string; resolve: (params: Record<string, unknown>) => void }[] = [];
  private buffer = "";
  private stderr = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly input: Writable,
    output: Readable,
    private readonly profile: string,
  ) {
    output.on("data", (chunk: Buffer) => this.receive(chunk.toString("utf8")));
    child.stderr!.on("data", (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString("utf8")).slice(-4000)));
    child.on("exit", () => {
      for (const { reject } of this.pending.values()) reject(new Error(`chromium exited\n${this.stderr}`));
      this.pending.clear();
    });
  }

  static async launch(): Promise<Browser> {
    const profile = await mkdtemp(join(tmpdir(), "cognito-audit-chromium-"));
    const child = spawn(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, "--remote-debugging-pipe", "about:blank"], { detached: true, stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    const browser = new Browser(child, child.stdio[3] as Writable, child.stdio[4] as Readable, profile);
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    return browser;
  }

  private receive(data: string): void {
    this.buffer += data;
    let end: number;
    while ((end = this.buffer.indexOf("\0")) >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end)) as { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string } };
      this.buffer = this.buffer.slice(end + 1);
      if (message.id !== undefined) {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) pending?.reject(new Error(message.error.message));
        else pending?.resolve(message.result ?? {});
      } else if (message.method) this.event(message.method, message.params ?? {});
    }
  }

  private event(method: string, params: Record<string, unknown>): void {
    if (method === "Runtime.consoleAPICalled") {
      const args = (params.args as { value?: unknown; description?: string }[] | undefined) ?? [];
      this.messages.push({ source: "console", level: String(params.type), text: args.map((a) => (typeof a.value === "string" ? a.value : (a.description ?? JSON.stringify(a.value) ?? ""))).join(" ") });
    } else if (method === "Log.entryAdded") {
      const entry = params.entry as { level: string; text: string };
      this.messages.push({ source: "log", level: entry.level, text: entry.text });
    } else if (method === "Runtime.exceptionThrown") {
      const details = params.exceptionDetails as { text: string; exception?: { description?: string } };
      this.messages.push({ source: "exception", level: "error", text: `${details.text} ${details.exception?.description ?? ""}` });
    }
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i]!.method === method) this.waiters.splice(i, 1)[0]!.resolve(params);
    }
  }

  /** Sends one protocol command, to the browser or (with a session) to a page. */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  private next(method: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  /** Opens a page of this size, loads the URL and waits for its load event; returns the session to talk to it. */
  async open(url: string, width = 1280, height = 900): Promise<string> {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = (await this.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    for (const domain of ["Page", "Runtime", "Log"]) await this.send(`${domain}.enable`, {}, sessionId);
    await this.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
    const loaded = this.next("Page.loadEventFired");
    await this.send("Page.navigate", { url }, sessionId);
    await loaded;
    return sessionId;
  }

  /** The value of an expression evaluated in the page (returned by value: JSON-able results only). */
  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const reply = (await this.send("Runtime.evaluate", { expression, returnByValue: true }, sessionId)) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (reply.exceptionDetails) throw new Error(`evaluation failed: ${reply.exceptionDetails.text}`);
    return reply.result.value;
  }

  async close(): Promise<void> {
    await this.send("Browser.close").catch(() => undefined);
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else {
        const timer = setTimeout(() => {
          try {
            process.kill(-this.child.pid!, "SIGKILL");
          } catch {
            // already gone
          }
        }, 5_000);
        this.child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      }
    });
    await rm(this.profile, { recursive: true, force: true });
  }
}
