// What every browser test needs: the real binary serving a fresh data dir, Debian's Chromium,
// and signing in through the real login page.
import { before, after } from "node:test";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const BIN = process.env.MICROLEAD_BIN || join(import.meta.dirname, "..", "target", "debug", "microlead");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** Starts `microlead serve` on a fresh data dir; resolves to { child, url, data }. */
export function startServer() {
  if (!existsSync(BIN)) throw new Error(`build the binary first: ${BIN} is missing`);
  const data = mkdtempSync(join(tmpdir(), "microlead-browser-"));
  const child = spawn(BIN, ["serve", "--bind", "127.0.0.1:0", "--data-dir", data], {
    env: { ...process.env, MICROLEAD_LOG: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start within 30 s")), 30_000);
    let buf = "";
    child.stdout.on("data", (chunk) => {
      buf += chunk;
      const m = buf.match(/microlead is running at (http:\/\/\S+?)\/? /);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1].replace(/\/$/, ""), data });
      }
    });
    child.on("exit", (code) => reject(new Error(`the server exited early with ${code}`)));
  });
}

/** `microlead admin create-user` on the server's data dir, with this password. */
export function createUser(data, { email, name, team, admin = false, password }) {
  const args = ["admin", "create-user", "--email", email, "--name", name, "--team", team, "--data-dir", data];
  if (admin) args.push("--admin");
  const r = spawnSync(BIN, args, { input: password + "\n", encoding: "utf8" });
  if (r.status !== 0) throw new Error(`create-user ${email} failed: ${r.stdout}${r.stderr}`);
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Signs in through the login page and waits for Today. */
export async function signIn(page, base, email, password) {
  await page.goto(base + "/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(base + "/");
}

/** A page signed in as `email`, in a browser context of its own (its own cookies). */
export async function pageAs(browser, base, email, password) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await signIn(page, base, email, password);
  return page;
}

/**
 * Registers the suite's hooks: before, a fresh server with these people (team Crew) and the
 * browser; after, both closed. Returns `{ base, as(email) }`; `base` is set once started.
 */
export function suiteWith(people, password) {
  const suite = { base: "", browser: null, server: null };
  before(async () => {
    let data;
    ({ child: suite.server, url: suite.base, data } = await startServer());
    for (const p of people) createUser(data, { team: "Crew", password, ...p });
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    suite.server?.kill("SIGTERM");
  });
  suite.as = (email) => pageAs(suite.browser, suite.base, email, password);
  return suite;
}
