// The agent console: the queue and panel pushed over socket.io (/agent), the open ticket's
// conversation, and the agent's actions through /agent/api with the session's CSRF token.
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  let queue = { tickets: [], stats: {} };
  let openId = null;
  let openTicket = null;

  function minutes(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    if (seconds < 60) return seconds + " s";
    return Math.round(seconds / 60) + " min";
  }

  async function api(method, path, body) {
    const response = await fetch("/agent/api" + path, {
      method: method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    if (response.status === 401) { window.location = "/agent/login"; return null; }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.detail || ("HTTP " + response.status));
    return data;
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderQueue() {
    const s = queue.stats || {};
    $("stat-waiting").textContent = s.waiting || 0;
    $("stat-oldest").textContent = minutes(s.oldest_wait_seconds);
    $("stat-first").textContent = minutes(s.median_first_response_seconds);
    const list = $("tickets");
    list.replaceChildren();
    for (const t of queue.tickets) {
      const item = el("li", t.id === openId ? "selected" : "");
      item.dataset.ticket = t.id;
      item.appendChild(el("div", "title", "#" + t.id + " · " + t.channel + " · " + t.reason));
      const who = t.status === "assigned" ? "with " + t.agent_name : "waiting";
      item.appendChild(el("div", "status", who + " · since " + new Date(t.created_at).toLocaleTimeString()));
      item.addEventListener("click", () => openTicketView(t.id));
      list.appendChild(item);
    }
    if (openId !== null) {
      const fresh = queue.tickets.find((t) => t.id === openId);
      if (fresh && openTicket && fresh.status !== openTicket.status) openTicketView(openId);
    }
  }

  function addMessage(m) {
    const item = el("li", m.author);
    const who = m.author === "agent" ? (m.agent_name || "agent") : m.author;
    item.appendChild(el("span", "who", who));
    item.appendChild(el("span", "text", m.text));
    $("messages").appendChild(item);
    $("messages").scrollTop = $("messages").scrollHeight;
  }

  function renderOrder(order) {
    const box = $("order");
    box.replaceChildren();
    if (!order) { box.textContent = "No verified order."; return; }
    box.appendChild(el("p", "", "Order " + order.order_number + ", placed " + order.placed_at.slice(0, 10)));
    const table = el("table");
    const head = el("tr");
    for (const h of ["#", "item", "qty", "state", "queue", "restock", "ships"]) head.appendChild(el("th", "", h));
    table.appendChild(head);
    for (const l of order.lines) {
      const row = el("tr");
      const eta = l.ship_eta ? l.ship_eta.earliest + "–" + l.ship_eta.latest : "";
      for (const v of [l.line_no, l.name, l.quantity, l.status, l.queue_position || "", l.restock_date || "", eta]) {
        row.appendChild(el("td", "", String(v)));
      }
      table.appendChild(row);
    }
    box.appendChild(table);
  }

  function renderSummary(summary) {
    const dl = $("summary");
    dl.replaceChildren();
    const rows = [["intents", (summary.intents || []).join(", ")]];
    for (const [k, v] of Object.entries(summary.slots || {})) rows.push([k, typeof v === "object" ? JSON.stringify(v) : String(v)]);
    for (const [k, v] of rows) { dl.appendChild(el("dt", "", k)); dl.appendChild(el("dd", "", v)); }
  }

  async function openTicketView(id) {
    openId = id;
    $("error").textContent = "";
    const t = await api("GET", "/tickets/" + id).catch((e) => { $("error").textContent = e.message; });
    if (!t) return;
    openTicket = t;
    $("conversation").hidden = false;
    $("context").hidden = false;
    $("ticket-title").textContent = "#" + t.id + " · " + t.conversation_id + " · " + t.status + (t.agent_name ? " (" + t.agent_name + ")" : "");
    $("messages").replaceChildren();
    for (const e of t.transcript) addMessage({ author: e.author, text: e.text });
    for (const m of t.messages) addMessage(m);
    const mine = t.status === "assigned" && t.agent_name === document.querySelector(".logout span").textContent;
    $("claim").disabled = t.status !== "waiting";
    $("release").disabled = !mine;
    $("resolve").disabled = !mine;
    $("reply").disabled = !mine;
    $("send").disabled = !mine;
    renderSummary(t.summary || {});
    renderOrder(t.order);
    renderQueue();
  }

  async function act(verb) {
    $("error").textContent = "";
    try {
      await api("POST", "/tickets/" + openId + "/" + verb);
      await openTicketView(openId);
    } catch (e) {
      $("error").textContent = e.message;
    }
  }

  $("claim").addEventListener("click", () => act("claim"));
  $("release").addEventListener("click", () => act("release"));
  $("resolve").addEventListener("click", () => act("resolve"));
  $("reply-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("reply").value.trim();
    if (!text) return;
    $("error").textContent = "";
    try {
      await api("POST", "/tickets/" + openId + "/reply", { text: text });
      $("reply").value = "";
    } catch (e) {
      $("error").textContent = e.message;
    }
  });

  const socket = io("/agent", { path: "/socket.io/", transports: ["websocket", "polling"] });
  socket.on("connect", () => { $("connection").textContent = "live"; $("connection").className = "online"; });
  socket.on("disconnect", (reason) => {
    $("connection").textContent = "offline"; $("connection").className = "offline";
    // The gateway closes the socket when the session ends (logout elsewhere, a password change).
    if (reason === "io server disconnect") window.location = "/agent/login";
  });
  // A refused connection: the session is gone (the API call sends the browser to log in).
  socket.on("connect_error", () => { api("GET", "/queue").catch(() => {}); });
  socket.on("queue", (q) => { queue = q; renderQueue(); });
  socket.on("message", (m) => { if (m.ticket_id === openId) addMessage(m); });
})();
