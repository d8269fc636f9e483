// Decisions with hidden results, in two browsers: Ana proposes with results hidden and votes;
// Ben opens it and cannot see the results (nor Ana's reason) before voting; he must give a
// reason to block; right after voting he sees them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteWith } from "./support.mjs";

const PASSWORD = "correct horse battery";
const suite = suiteWith([
  { email: "ana@x.org", name: "Ana Lima", admin: true },
  { email: "ben@x.org", name: "Ben Ode" },
], PASSWORD);
const as = suite.as;

test("with hidden results, a member sees them only after voting", async () => {
  const a = await as("ana@x.org");
  await a.getByRole("navigation").getByRole("link", { name: "Decisions" }).click();
  await a.getByLabel("Title").fill("Move the stand-up to 10:00");
  await a.getByLabel("Details").fill("Mornings are crowded.");
  await a.getByLabel(/Hide results until each person votes/).check();
  await a.getByRole("button", { name: "Propose" }).click();
  await a.waitForURL(/\/decisions\/\d+$/);
  const url = a.url();
  assert.match(await a.locator("#results").innerText(), /hidden until you vote/);
  await a.getByLabel("Agree", { exact: true }).check();
  await a.getByLabel(/^Reason/).fill("Ana-finds-mornings-busy");
  await a.getByRole("button", { name: "Vote" }).click();
  await a.locator("#tally").waitFor();

  const b = await as("ben@x.org");
  await b.goto(url);
  const hidden = await b.locator("#results").innerText();
  assert.match(hidden, /hidden until you vote/);
  assert.equal(await b.locator("#tally").count(), 0);
  assert.ok(!(await b.content()).includes("Ana-finds-mornings-busy"), "no reason leaks before voting");

  // Blocking needs a reason: the page says so and still hides the results.
  await b.getByLabel("Block", { exact: true }).check();
  await b.getByRole("button", { name: "Vote" }).click();
  await b.getByRole("alert").getByText(/at least 5 characters/).waitFor();
  assert.equal(await b.locator("#tally").count(), 0);

  await b.getByLabel(/^Reason/).fill("Our customers call at 10");
  await b.getByRole("button", { name: "Vote" }).click();
  await b.locator("#tally").waitFor();
  const tally = await b.locator("#tally").innerText();
  assert.match(tally, /Agree 1/);
  assert.match(tally, /Block 1/);
  assert.ok((await b.content()).includes("Ana-finds-mornings-busy"));
});
