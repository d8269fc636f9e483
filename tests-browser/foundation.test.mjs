// The foundation in a real browser: create the instance, sign out and in again, do Today's act
// (through htmx), and find it in the journal. Runs against the real binary on a fresh data dir.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, signIn } from "./support.mjs";

let server;
let base;
let browser;

before(async () => {
  ({ child: server, url: base } = await startServer());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
});

test("create the instance, sign in, log today's act, see it in the journal", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // phone width
  page.setDefaultTimeout(15_000);
  await page.goto(base + "/");
  assert.match(page.url(), /\/setup$/);
  await page.getByLabel("Your name").fill("Ana Admin");
  await page.getByLabel("E-mail").fill("ana@example.org");
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByLabel("Your team's name").fill("Crew");
  await page.getByRole("button", { name: "Create the instance" }).click();
  await page.waitForURL(base + "/");

  // Sign out and back in, as a returning person would.
  await page.getByRole("button", { name: /Sign out/ }).click();
  await page.waitForURL(/\/login$/);
  await page.getByLabel("E-mail").fill("ana@example.org");
  await page.getByLabel("Password").fill("wrong password!!");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("do not match").waitFor();
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(base + "/");

  const act = (await page.locator("#today-title").innerText()).trim();
  assert.ok(act.length > 0, "Today names an act");
  await page.getByText("Why this:").waitFor();
  // A refused htmx post shows its message where htmx alone would swap nothing.
  await page.locator("#what").evaluate((el) => el.removeAttribute("maxlength"));
  await page.getByLabel(/What did you do/).fill("x".repeat(10_001));
  await page.locator("#today-done").click();
  const refused = page.locator("#flash .error");
  await refused.waitFor();
  assert.match(await refused.innerText(), /\S/);
  assert.equal(await page.locator("#today-status").count(), 0, "nothing was logged");
  await page.getByLabel(/What did you do/).fill("Asked Dana for her view at planning");
  await page.locator("#today-done").click();
  // htmx swaps the card in place: same URL, new content.
  await page.locator("#today-status").getByText("Done today").waitFor();
  assert.equal(page.url(), base + "/");

  await page.getByRole("navigation").getByRole("link", { name: "Journal" }).click();
  await page.waitForURL(base + "/journal");
  const entry = page.locator("li.entry").first();
  await entry.getByText("Asked Dana for her view at planning").waitFor();
  assert.match(await entry.innerText(), new RegExp(act.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await page.close();
});

test("the core flow works without JavaScript", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await signIn(page, base, "ana@example.org", "correct horse battery");
  await page.goto(base + "/journal");
  await page.getByLabel("Act", { exact: true }).selectOption("say-no");
  await page.getByLabel("What did you do?").fill("Raised the risk nobody mentioned");
  await page.getByRole("button", { name: "Log it" }).click();
  await page.waitForURL(/\/journal\?logged=/);
  await page.getByText("Raised the risk nobody mentioned").waitFor();
  await context.close();
});

test("live facilitator: tap who speaks, see who to invite next, save the meeting", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  page.setDefaultTimeout(15_000);
  await signIn(page, base, "ana@example.org", "correct horse battery");
  await page.goto(base + "/meetings/live");
  await page.getByLabel("Others").fill("Dana");
  await page.getByLabel("Meeting").fill("Standup");
  await page.getByRole("button", { name: "Start" }).click();
  const ana = page.locator('[data-name="Ana Admin"]');
  const dana = page.locator('[data-name="Dana"]');
  await ana.click();
  await page.locator("#invite").getByText("Invite next: Dana").waitFor();
  // Ana speaks long enough that Dana stays the quiet one even when a busy machine is slow
  // to process the last clicks.
  await page.waitForTimeout(4000);
  await dana.click();
  await page.waitForTimeout(300);
  assert.equal(await dana.getAttribute("aria-pressed"), "true");
  await page.getByRole("button", { name: "End and save" }).click();
  await page.waitForURL(/\/meetings\/\d+$/);
  await page.getByRole("heading", { name: "Standup" }).waitFor();
  assert.match(await page.locator("#reading").innerText(), /Dana/);
  assert.ok(await page.locator("svg.chart").count() >= 1);
  await page.close();
});
