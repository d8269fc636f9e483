// A question room with two people in two browsers: Ben asks anonymously, Ana (the host) sees
// it appear without reloading, upvotes it and marks it answered; Ben's page follows live.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteWith } from "./support.mjs";

const PASSWORD = "correct horse battery";
const suite = suiteWith([
  { email: "ana@x.org", name: "Ana Lima", admin: true },
  { email: "ben@x.org", name: "Ben Ode" },
], PASSWORD);
const as = suite.as;

test("an anonymous question appears live, is upvoted and answered", async () => {
  const ana = await as("ana@x.org");
  await ana.getByRole("navigation").getByRole("link", { name: "Rooms" }).click();
  await ana.getByLabel("Name").fill("All-hands");
  await ana.getByRole("button", { name: "Open the room" }).click();
  await ana.waitForURL(/\/rooms\/\d+$/);
  const roomUrl = ana.url();
  await ana.locator("#no-questions").waitFor();

  const ben = await as("ben@x.org");
  await ben.goto(roomUrl);
  await ben.getByLabel("Your question").fill("Who decided to move the launch?");
  await ben.getByLabel(/Ask anonymously/).check();
  await ben.getByRole("button", { name: "Ask", exact: true }).click();
  await ben.waitForURL(/\/rooms\/\d+/);

  // Ana's page was not reloaded: the question arrives through the event stream.
  const navigations = [];
  ana.on("framenavigated", (f) => { if (f === ana.mainFrame()) navigations.push(f.url()); });
  const question = ana.locator("li.question", { hasText: "Who decided to move the launch?" });
  await question.waitFor();
  assert.match(await question.locator(".meta").innerText(), /Anonymous/);
  assert.doesNotMatch(await question.innerText(), /Ben/);
  assert.deepEqual(navigations, [], "no reload");

  await question.locator(".vote-button").click();
  await ana.locator("li.question .votes", { hasText: "1" }).waitFor();
  // Ben sees the vote count change without reloading too.
  await ben.locator("li.question .votes", { hasText: "1" }).waitFor();

  await ana.locator("li.question").getByPlaceholder("Answer (optional)").fill("The board, last Tuesday.");
  await ana.locator("li.question").getByRole("button", { name: "Mark answered" }).click();
  await ana.locator("li.question .answer", { hasText: "The board, last Tuesday." }).waitFor();
  await ben.locator("li.question .answer", { hasText: "The board, last Tuesday." }).waitFor();
  for (const p of [ana, ben]) await p.context().close();
});
