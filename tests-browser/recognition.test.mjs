// Praise that flows on and feedback with a coach, with three people in three browsers:
// A praises B, B passes it on to C, C sees the chain; A writes feedback with a label, sees the
// coach point at it, edits, sends; B replies; A sees the reply.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteWith } from "./support.mjs";

const PASSWORD = "correct horse battery";
const suite = suiteWith([
  { email: "ana@x.org", name: "Ana Lima", admin: true },
  { email: "ben@x.org", name: "Ben Ode" },
  { email: "caro@x.org", name: "Caro Diaz" },
], PASSWORD);
const as = suite.as;

test("A praises B, B passes it on to C, C sees the chain", async () => {
  const a = await as("ana@x.org");
  await a.getByRole("navigation").getByRole("link", { name: "Praise" }).click();
  await a.getByLabel("Ben Ode").check();
  await a.getByLabel("What they did, and what it meant").fill("The release went out without a hitch");
  await a.getByRole("button", { name: "Send praise" }).click();
  await a.waitForURL(/\/praise\/\d+$/);
  await a.locator(".chain-line").getByText("Ana Lima thanked Ben Ode").waitFor();

  const b = await as("ben@x.org");
  // The menu shows the unread count; the inbox leads to the praise.
  assert.equal((await b.locator("#unread").innerText()).trim(), "1");
  await b.getByRole("navigation").getByRole("link", { name: /Inbox/ }).click();
  await b.getByRole("link", { name: /Ana Lima thanked you/ }).click();
  await b.waitForURL(/\/praise\/\d+$/);
  const form = b.locator("form.pass-on");
  await form.getByLabel("Caro Diaz").check();
  await form.getByLabel("A note").fill("Caro wrote the rollback plan");
  await form.getByRole("button", { name: "Pass it on" }).click();
  await b.locator(".chain-line").getByText("Ben Ode passed it on to Caro Diaz").waitFor();

  const c = await as("caro@x.org");
  await c.goto(suite.base + "/inbox");
  await c.getByRole("link", { name: /Ben Ode passed praise on to you/ }).click();
  const chain = c.locator("#chain");
  await chain.getByText("Ana Lima thanked Ben Ode").waitFor();
  await chain.getByText("Ben Ode passed it on to Caro Diaz").waitFor();
  await chain.getByText("The release went out without a hitch").waitFor();
  await chain.getByText("Caro wrote the rollback plan").waitFor();

  // The pass-on is Ben's private share-praise act.
  await b.goto(suite.base + "/journal");
  await b.locator("li.entry").first().getByText(/Passed on Ana Lima's praise to Caro Diaz/).waitFor();
  for (const p of [a, b, c]) await p.context().close();
});

test("A writes feedback with a label, the coach points at it, A edits and sends; B replies", async () => {
  const a = await as("ana@x.org");
  await a.goto(suite.base + "/feedback/new");
  await a.getByLabel("To").selectOption({ label: "Ben Ode" });
  await a.getByLabel(/^Situation/).fill("At Friday's release");
  await a.getByLabel(/^Behaviour/).fill("You were careless with the release notes.");
  // htmx asks the coach as the writer types.
  const label = a.locator('.coach-note[data-kind="label"]');
  await label.waitFor();
  assert.match(await label.locator("mark").innerText(), /You were careless/);

  await a.getByLabel(/^Behaviour/).fill("You published the release notes without the list of fixes.");
  await a.getByLabel(/^Impact/).fill("Support could not tell customers which bugs were gone.");
  await label.waitFor({ state: "detached" });
  await a.getByRole("button", { name: "Send privately" }).click();
  await a.waitForURL(/\/feedback\/\d+$/);
  const feedbackUrl = a.url();

  const b = await as("ben@x.org");
  await b.goto(suite.base + "/inbox");
  await b.getByRole("link", { name: /Ana Lima sent you feedback/ }).click();
  await b.getByText("You published the release notes without the list of fixes.").waitFor();
  await b.getByLabel("Reply").fill("Thanks, I will add the list to the template.");
  await b.getByRole("button", { name: "Reply" }).click();
  await b.locator("#replies").getByText("Thanks, I will add the list to the template.").waitFor();

  await a.goto(feedbackUrl);
  await a.locator("#replies").getByText("Thanks, I will add the list to the template.").waitFor();
  for (const p of [a, b]) await p.context().close();
});
