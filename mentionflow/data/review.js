// The review page: sign in once (token -> HttpOnly session cookie), lease an item, decide by key.
// Every call is a same-origin JSON POST with the X-Mentionflow-Review header the server requires.
// Keyboard first: 1-9 candidate, n/c NIL, x NIL with a reason, / search the KB, s skip, u undo, h history.
"use strict";
let item = null;
let histDoc = null;
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
const post = (path, body) => fetch(path, {method: "POST", credentials: "same-origin",
  headers: {"Content-Type": "application/json", "X-Mentionflow-Review": "1"}, body: JSON.stringify(body || {})});

async function problem(r) {
  try { return (await r.json()).error || `HTTP ${r.status}`; } catch (e) { return `HTTP ${r.status}`; }
}
function show(error) { $("err").textContent = error || ""; $("err").hidden = !error; }
function note(text) { $("note").textContent = text || ""; $("note").hidden = !text; }
function signedOut(error) {
  item = null; $("session").hidden = true; $("login").hidden = false; show(error); $("token").select();
}
async function signIn(token) {
  const r = await post("/api/login", {token});
  if (!r.ok) return signedOut(await problem(r));
  $("token").value = ""; $("token").blur(); $("login").hidden = true; show("");
  await load();
}
function render(it, waiting) {
  item = it;
  $("meta").textContent = `${waiting} waiting`;
  $("empty").hidden = !!item; $("work").hidden = !item;
  $("results").innerHTML = ""; $("q").value = ""; $("nilform").hidden = true;
  if (!item) return;
  const t = item.text;
  $("text").innerHTML = esc(t.slice(0, item.start)) + `<mark id="span">${esc(t.slice(item.start, item.end))}</mark>` + esc(t.slice(item.end));
  const tch = item.teacher;
  $("why").textContent = `${item.surface} (${item.type}) — ${item.reason}; confidence ${item.confidence.toFixed(2)}; teacher: ${tch.kb_id || "NIL " + (tch.nil_reason || "")} (${tch.confidence.toFixed(2)}) ${tch.reason || ""}`;
  $("cands").innerHTML = item.candidates.map((c, i) =>
    `<div class="cand" data-id="${esc(c.kb_id)}"><span class="k">${i + 1}</span><strong>${esc(c.name)}</strong> · ${esc(c.type)} · ${esc(c.kb_id)} · model score ${c.score.toFixed(2)}` +
    (item.model.kb_id === c.kb_id ? '<span class="tag model">model</span>' : "") +
    (tch.kb_id === c.kb_id ? '<span class="tag teacher">teacher</span>' : "") +
    `<div class="desc">${esc(c.description || "")}</div></div>`).join("");
  document.querySelectorAll(".cand").forEach((el) => el.onclick = () => decide(el.dataset.id));
  if (!$("history").hidden) showHistory(item.doc_id);
}
async function load() {
  const r = await post("/api/lease");
  if (r.status === 401) return signedOut();
  if (!r.ok) { show(await problem(r)); return; }
  const j = await r.json();
  show(""); $("session").hidden = false; $("login").hidden = true;
  $("who").textContent = j.reviewer;
  render(j.item, j.waiting);
  await stats();
}
const pct = (a) => a.rate === null ? "no data yet" : `${Math.round(a.rate * 100)}% of ${a.n}`;
async function stats() {
  const r = await post("/api/stats");
  if (!r.ok) { $("stats").textContent = await problem(r); return; }
  const s = await r.json();
  const types = Object.entries(s.waiting_by_type).map(([k, v]) => `${esc(k)} ${v}`).join(" · ") || "none";
  const ages = Object.entries(s.waiting_by_age).map(([k, v]) => `${esc(k)}: ${v}`).join(" · ");
  const ra = s.reviewer_agreement;
  $("stats").innerHTML =
    `<div class="stat" id="st-type"><b>waiting by type</b>${types}</div>` +
    `<div class="stat" id="st-age"><b>waiting by age</b>${ages}</div>` +
    `<div class="stat" id="st-mine"><b>my decisions today</b>${s.mine_today}</div>` +
    `<div class="stat" id="st-teacher"><b>agree with the teacher</b>me ${pct(s.teacher_agreement.mine)} · all ${pct(s.teacher_agreement.all)}</div>` +
    `<div class="stat" id="st-peers"><b>agree with other reviewers</b>${ra.items ? `${pct(ra)} pairs on ${ra.items} double-reviewed` : "no double-reviewed items yet"}</div>`;
}
async function decide(choice, reason) {
  if (!item) return;
  const r = await post("/api/decide", {id: item.id, choice, reason: reason || ""});
  if (!r.ok) show(await problem(r)); else note(`decided ${item.surface}: ${choice}${reason ? " — " + reason : ""} (u to undo)`);
  await load();
}
async function skip() {
  if (item) await post("/api/skip", {id: item.id});
  await load();
}
async function undo() {
  const r = await post("/api/undo");
  if (!r.ok) { show(await problem(r)); return; }
  const j = await r.json();
  show(""); note(`undone: ${j.undone} waits for you again`);
  render(j.item, j.waiting);
  await stats();
}
async function search(q) {
  const r = await post("/api/search", {q, k: 10});
  if (!r.ok) { show(await problem(r)); return; }
  const j = await r.json();
  const shortlist = new Set(item.candidates.map((c) => c.kb_id));
  $("results").innerHTML = j.results.length ? j.results.map((h) =>
    `<button type="button" class="hit" data-id="${esc(h.kb_id)}"><strong>${esc(h.name)}</strong> · ${esc(h.type)} · ${esc(h.kb_id)}` +
    `<span class="tag match">${esc(h.match)}</span>${shortlist.has(h.kb_id) ? '<span class="tag model">on the shortlist</span>' : ""}` +
    `<div class="desc">${esc(h.description || "")}</div></button>`).join("") : `<p>No KB record matches “${esc(q)}”.</p>`;
  document.querySelectorAll(".hit").forEach((el) => {
    el.onclick = () => decide(el.dataset.id, `picked from KB search “${q}”`);
    el.onkeydown = (e) => {
      if (e.key === "ArrowDown" && el.nextElementSibling) { e.preventDefault(); el.nextElementSibling.focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); (el.previousElementSibling || $("q")).focus(); }
      if (e.key === "Escape") $("q").focus();
    };
  });
}
async function showHistory(docId) {
  const r = await post("/api/history", {doc_id: docId});
  if (!r.ok) { show(await problem(r)); return; }
  const j = await r.json();
  histDoc = docId; $("histid").textContent = docId; $("history").hidden = false;
  const when = (ms) => ms ? new Date(ms).toISOString().replace("T", " ").slice(0, 19) : "";
  const rows = j.events.map((e) => `<tr><td>${when(e.at_ms)}</td><td>${esc(e.surface)} ${esc(e.span)}</td><td>${esc(e.action)}</td>` +
    `<td>${esc(e.decided_by)} ${esc(e.reviewer)}</td><td>${esc(e.choice)}</td><td>${esc(e.reason)}</td></tr>`).join("");
  const ents = j.entities.map((e) => `${esc(e.surface)} → ${esc(e.kb_id || "NIL " + e.nil_reason)} (${esc(e.decided_by)})`).join(" · ");
  $("histbody").innerHTML = `<div class="tablewrap"><table><thead><tr><th>when (UTC)</th><th>mention</th><th>what</th><th>by</th><th>choice</th><th>reason</th></tr></thead>` +
    `<tbody>${rows || '<tr><td colspan="6">no decisions yet</td></tr>'}</tbody></table></div>` +
    `<p>Now on entities.normalized: ${ents || "no entities"}${j.pending_review ? ` · ${j.pending_review} pending review` : ""}</p>`;
}
function openNil() {
  if (!item) return;
  $("nilform").hidden = false; $("nilreason").value = ""; $("nilreason").focus();
}
document.addEventListener("DOMContentLoaded", () => {
  $("nil").onclick = () => decide("not_in_kb");
  $("ctx").onclick = () => decide("needs_context");
  $("nilr").onclick = openNil;
  $("skip").onclick = skip;
  $("undo").onclick = undo;
  $("hist").onclick = () => item && showHistory(item.doc_id);
  $("logout").onclick = async () => { await post("/api/logout"); signedOut(); };
  $("login").onsubmit = (e) => { e.preventDefault(); signIn($("token").value); };
  $("search").onsubmit = async (e) => { e.preventDefault(); if (item && $("q").value.trim()) await search($("q").value.trim()); };
  $("q").onkeydown = (e) => {
    if (e.key === "ArrowDown" && $("results").querySelector(".hit")) { e.preventDefault(); $("results").querySelector(".hit").focus(); }
    if (e.key === "Escape") { $("q").blur(); }
  };
  $("nilform").onsubmit = (e) => { e.preventDefault(); decide($("nilkind").value, $("nilreason").value.trim()); };
  $("nilreason").onkeydown = (e) => { if (e.key === "Escape") { $("nilform").hidden = true; $("nilreason").blur(); } };
  $("histform").onsubmit = (e) => { e.preventDefault(); if ($("histdoc").value.trim()) showHistory($("histdoc").value.trim()); };
  document.addEventListener("keydown", (e) => {
    const tag = e.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || e.target.classList.contains("hit") || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "u") { undo(); return; }
    if (!item) return;
    if (e.key >= "1" && e.key <= "9") { const c = item.candidates[Number(e.key) - 1]; if (c) decide(c.kb_id); }
    else if (e.key === "n") decide("not_in_kb");
    else if (e.key === "c") decide("needs_context");
    else if (e.key === "x") { e.preventDefault(); openNil(); }
    else if (e.key === "/") { e.preventDefault(); $("q").focus(); }
    else if (e.key === "s") skip();
    else if (e.key === "h") { if ($("history").hidden) showHistory(item.doc_id); else $("history").hidden = true; }
  });
  // a sign-in link carries the token in the fragment, which browsers never send to the server
  const m = location.hash.match(/token=([^&]+)/);
  if (m) { history.replaceState(null, "", location.pathname); signIn(decodeURIComponent(m[1])); } else load();
});
