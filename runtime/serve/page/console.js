// The live console: the step graph, the timeline, the captured values and the RTO clock of
// one run, from the journal's events as the server streams them. Every piece of runbook or
// command text goes into the page as text (textContent), never as markup.
"use strict";

const token = new URLSearchParams(location.search).get("token") || "";
const withToken = (path) => path + "?token=" + encodeURIComponent(token);
const $ = (id) => document.getElementById(id);
const nodes = new Map(); // plan node id -> the graph's <g class="node">
let started = null, objectiveMs = null, ended = false, finalMs = null, leftMs = null;
let facts = {left: {}};

function text(parent, tag, content, className) {
  const el = document.createElement(tag);
  el.textContent = content;
  if (className) el.className = className;
  parent.appendChild(el);
  return el;
}

async function loadFacts() {
  const response = await fetch(withToken("facts.json"));
  if (response.ok) facts = await response.json();
  if (facts.rto_ms && objectiveMs === null) {
    objectiveMs = facts.rto_ms;
    $("objective").textContent = Math.round(objectiveMs / 1000) + "s";
  }
}

async function loadGraph() {
  const response = await fetch(withToken("graph.svg"));
  if (!response.ok) return;
  const svg = new DOMParser().parseFromString(await response.text(), "image/svg+xml");
  const root = svg.documentElement;
  if (root.nodeName !== "svg") return;
  // The SVG is drawn by Graphviz from the plan; the policy runs no script in it regardless.
  for (const bad of root.querySelectorAll("script, foreignObject")) bad.remove();
  $("graph").appendChild(document.importNode(root, true));
  for (const g of $("graph").querySelectorAll("g.node")) {
    const link = g.querySelector("a");
    const id = link && (link.getAttribute("xlink:title") || link.getAttribute("title"));
    if (id) nodes.set(id, g);
  }
}

function mark(node, state) {
  const g = nodes.get(node);
  if (!g) return;
  g.classList.remove("current", "done", "failed");
  g.classList.add(state);
}

function describe(e) {
  const what = e.step || e.title || e.probe || e.command || e.text || e.decision || e.phase || "";
  const result = e.verdict || e.status || e.label || "";
  const took = e.took_ms !== undefined ? ` (${e.took_ms} ms)` :
               e.duration_ms !== undefined ? ` (${e.duration_ms} ms)` : "";
  return `${e.ts.slice(11, 19)} #${e.seq} ${e.kind} ${what} ${result}${took}`.replace(/\s+/g, " ");
}

function showValue(name, value) {
  const row = document.createElement("tr");
  text(row, "td", name);
  text(row, "td", typeof value === "string" ? value : JSON.stringify(value));
  $("values").tBodies[0].appendChild(row);
}

function onEvent(e) {
  const item = text($("timeline"), "li", describe(e),
                    e.verdict === "failed" || e.verdict === "error" ? "failed" : "");
  item.dataset.seq = e.seq;
  if (e.kind === "start") {
    // A console started before the run (drbook watch) learns the plan only now.
    if (nodes.size === 0) loadGraph().then(loadFacts);
    $("title").textContent = (e.runbook && (e.runbook.title || e.runbook.name)) || "drbook run";
    $("mode").textContent = e.mode || "";
    $("status").textContent = "running";
    started = Date.parse(e.ts);
    tick();
    if (e.objectives && e.objectives.rto_ms) {
      objectiveMs = e.objectives.rto_ms;
      $("objective").textContent = Math.round(objectiveMs / 1000) + "s";
    }
  }
  if (e.kind === "action-start" || e.kind === "probe" || e.kind === "operator" ||
      e.kind === "decision" || e.kind === "answer") {
    $("current").textContent = e.step || e.title || e.probe || e.decision || e.node;
    mark(e.node, "current");
    if (facts.left[e.node] !== undefined) leftMs = facts.left[e.node];
  }
  if (e.next !== undefined && e.node) mark(e.node, e.edge === "failure" ? "failed" : "done");
  // Values captured by actions, answers and probes: secrets are already [REDACTED:…].
  if (e.captured && e.kind !== "call")
    for (const [name, value] of Object.entries(e.captured)) showValue(name, value);
  if (e.kind === "end") {
    ended = true;
    leftMs = 0;
    finalMs = e.rto_measured_ms !== undefined ? e.rto_measured_ms : Date.parse(e.ts) - started;
    $("status").textContent = e.status;
    $("status").className = "status " + e.status;
    $("current").textContent = e.step || "the run ended";
    const proof = $("proof");
    proof.hidden = false;
    proof.textContent = "Proof: ";
    const link = text(proof, "a", "proof.md");
    link.href = withToken("proof.md");
    tick();
  }
}

// The RTO clock: time since the start against the objective, and whether the worst case left
// from the current step (the verifier's critical path) still fits it.
function tick() {
  if (started === null) return;
  const elapsed = finalMs !== null ? finalMs : Date.now() - started;
  $("elapsed").textContent = Math.round(elapsed / 1000) + "s";
  if (leftMs !== null) $("left").textContent = Math.round(leftMs / 1000) + "s";
  const atRisk = objectiveMs !== null && elapsed + (ended ? 0 : leftMs || 0) > objectiveMs;
  $("rto").classList.toggle("over", atRisk);
}

// A question the run asks now. With --serve-answer the page may answer it; the answer goes
// in a POST with the token in a header, and the run records the name typed here.
let shownQuestion = "null";
async function pollQuestion() {
  if (ended) { $("question").hidden = true; return; }
  const response = await fetch(withToken("question"));
  if (!response.ok) return;
  const text = await response.text();
  if (text === shownQuestion) return;
  shownQuestion = text;
  const q = JSON.parse(text);
  $("question").hidden = !q;
  if (!q) return;
  $("prompt").textContent = q.prompt;
  $("sent").textContent = "";
  $("answerable").hidden = !q.open;
  $("terminal-only").hidden = q.open;
  $("options").replaceChildren();
  $("text").hidden = q.options.length > 0;
  $("actor").value = $("actor").value || sessionStorage.getItem("actor") || "";
  const choices = q.options.length > 0 ? q.options : ["send"];
  for (const option of choices) {
    const button = text2button(option);
    button.addEventListener("click", (event) => {
      event.preventDefault();
      answer(q.id, q.options.length > 0 ? option : $("text").value);
    });
    $("options").appendChild(button);
  }
}

function text2button(label) {
  const button = document.createElement("button");
  button.type = "submit";
  button.textContent = label;
  return button;
}

async function answer(question, value) {
  const actor = $("actor").value.trim();
  if (!actor) { $("sent").textContent = "Type your name first."; return; }
  sessionStorage.setItem("actor", actor);
  const response = await fetch("answer", {
    method: "POST",
    headers: {"Content-Type": "application/json", "X-Drbook-Token": token},
    body: JSON.stringify({question, answer: value, actor}),
  });
  $("sent").textContent = response.status === 202 ? `Sent: ${value}` :
    `Not taken (${response.status}): the question may have been answered already.`;
}

function connect() {
  const source = new EventSource(withToken("events"));
  source.onmessage = (message) => onEvent(JSON.parse(message.data));
  source.addEventListener("finished", () => source.close());
  source.onerror = () => { if (!ended) $("status").textContent = "connection lost"; };
}

Promise.all([loadGraph(), loadFacts()]).finally(connect);
setInterval(tick, 1000);
setInterval(pollQuestion, 500);
