// The review page: sign in once (token -> HttpOnly session cookie), lease an item, decide by key.
// Every call is a same-origin JSON POST with the X-Mentionflow-Review header the server requires.
"use strict";
let item = null;
const $ = (id) => document.getElementById(id);
const esc = (s) => s.replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
const post = (path, body) => fetch(path, {method: "POST", credentials: "same-origin",
  headers: {"Content-Type": "application/json", "X-Mentionflow-Review": "1"}, body: JSON.stringify(body || {})});

async function problem(r) {
  try { return (await r.json()).error || `HTTP ${r.status}`; } catch (e) { return `HTTP ${r.status}`; }
}
function show(error) { $("err").textContent = error || ""; $("err").hidden = !error; }
function signedOut(error) {
  item = null; $("session").hidden = true; $("login").hidden = false; show(error); $("token").select();
}
async function signIn(token) {
  const r = await post("/api/login", {token});
  if (!r.ok) return signedOut(await problem(r));
  $("token").value = ""; $("token").blur(); $("login").hidden = true; show("");
  await load();
}
async function load() {
  const r = await post("/api/lease");
  if (r.status === 401) return signedOut();
  if (!r.ok) { show(await problem(r)); return; }
  const j = await r.json();
  show(""); $("session").hidden = false; $("login").hidden = true;
  item = j.item;
  $("who").textContent = j.reviewer;
  $("meta").textContent = `${j.waiting} waiting`;
  $("empty").hidden = !!item; $("work").hidden = !item;
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
}
async function decide(choice) {
  if (!item) return;
  const r = await post("/api/decide", {id: item.id, choice});
  if (!r.ok) show(await problem(r));
  await load();
}
async function skip() {
  if (item) await post("/api/skip", {id: item.id});
  await load();
}
document.addEventListener("DOMContentLoaded", () => {
  $("nil").onclick = () => decide("not_in_kb");
  $("ctx").onclick = () => decide("needs_context");
  $("skip").onclick = skip;
  $("logout").onclick = async () => { await post("/api/logout"); signedOut(); };
  $("login").onsubmit = (e) => { e.preventDefault(); signIn($("token").value); };
  document.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT" || !item) return;
    if (e.key >= "1" && e.key <= "9") { const c = item.candidates[Number(e.key) - 1]; if (c) decide(c.kb_id); }
    else if (e.key === "n") decide("not_in_kb");
    else if (e.key === "c") decide("needs_context");
    else if (e.key === "s") skip();
  });
  // a sign-in link carries the token in the fragment, which browsers never send to the server
  const m = location.hash.match(/token=([^&]+)/);
  if (m) { history.replaceState(null, "", location.pathname); signIn(decodeURIComponent(m[1])); } else load();
});
