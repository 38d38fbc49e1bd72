// The agent console: the queue pushed over socket.io (/agent), the open ticket's conversation and
// order, and the agent's actions through /agent/api with the page's CSRF token.
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const me = document.getElementById("me").dataset.agent;
  const $ = (id) => document.getElementById(id);
  let queue = { tickets: [], stats: {} };
  let receivedAt = Date.now();
  let filter = "waiting";
  let openId = null;
  let openTicket = null;

  // --- formatting ---------------------------------------------------------------------------
  const dayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short" });
  const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
  function day(iso) { return iso ? dayFormat.format(new Date(iso.length === 10 ? iso + "T12:00:00" : iso)).replace(",", "") : ""; }
  function clock(iso) { return iso ? timeFormat.format(new Date(iso)) : ""; }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    seconds = Math.max(0, Math.round(seconds));
    const m = Math.floor(seconds / 60), s = seconds % 60;
    if (m >= 60) return Math.floor(m / 60) + " h " + (m % 60) + " min";
    return m + ":" + String(s).padStart(2, "0");
  }
  function waited(t) { return t.waited_seconds + (Date.now() - receivedAt) / 1000; }

  const LANGUAGES = { en: "English", tr: "Turkish" };
  function languageName(code) { return LANGUAGES[code] || code.toUpperCase(); }
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  async function api(method, path, body) {
    const response = await fetch("/agent/api" + path, {
      method: method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    if (response.status === 401) { window.location = "/agent/login"; return null; }
    if (response.status === 204) return {};
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join("; ") : data.detail;
      throw new Error(detail || "HTTP " + response.status);
    }
    return data;
  }

  // --- the queue ----------------------------------------------------------------------------
  const FILTERS = {
    waiting: (t) => t.status === "waiting",
    mine: (t) => t.status === "assigned" && t.agent_name === me,
    all: () => true,
  };

  function card(t) {
    const mine = t.status === "assigned" && t.agent_name === me;
    const item = el("li", "card " + (t.status === "waiting" ? "waiting" : mine ? "mine" : "taken"));
    if (t.id === openId) item.classList.add("selected");
    item.dataset.ticket = t.id;
    const top = el("div", "top");
    top.append(el("span", "name", t.display_name), el("span", "wait", t.status === "waiting" ? duration(waited(t)) : "with " + t.agent_name));
    const meta = el("div", "meta");
    meta.append(el("span", "tag " + (t.channel === "telegram" ? "tg" : "web"), t.channel === "telegram" ? "Telegram" : "Web"));
    const facts = [t.order_number ? "order " + t.order_number : "no verified order"];
    if (t.language) facts.push(t.language.toUpperCase());
    meta.append(" " + facts.join(" · "));
    item.append(top, meta, el("div", "why", t.reason_text.charAt(0).toUpperCase() + t.reason_text.slice(1)));
    if (t.last_message) item.append(el("div", "last", "“" + t.last_message + "”"));
    item.addEventListener("click", () => openTicketView(t.id));
    return item;
  }

  function renderQueue() {
    const s = queue.stats || {};
    $("stat-waiting").textContent = s.waiting || 0;
    $("stat-first").textContent = duration(s.median_first_response_seconds);
    $("stat-agents").textContent = s.agents_available === undefined ? "–" : s.agents_available;
    for (const button of $("filters").querySelectorAll("button")) {
      button.classList.toggle("on", button.dataset.filter === filter);
      button.querySelector("span").textContent = queue.tickets.filter(FILTERS[button.dataset.filter]).length;
    }
    // Longest wait first; taken tickets after the waiting ones.
    const shown = queue.tickets.filter(FILTERS[filter]).sort((a, b) =>
      (a.status === "waiting" ? 0 : 1) - (b.status === "waiting" ? 0 : 1) || b.waited_seconds - a.waited_seconds);
    $("tickets").replaceChildren(...shown.map(card));
    $("empty").hidden = shown.length > 0;
    $("empty").textContent = filter === "mine" ? "You have no conversations." : filter === "waiting" ? "Nobody is waiting." : "No open tickets.";
    tick();
  }

  function tick() {
    const waiting = queue.tickets.filter((t) => t.status === "waiting");
    $("stat-oldest").textContent = waiting.length ? duration(Math.max(...waiting.map(waited))) : "–";
    for (const item of $("tickets").children) {
      const t = queue.tickets.find((x) => x.id === Number(item.dataset.ticket));
      if (!t || t.status !== "waiting") continue;
      const wait = item.querySelector(".wait");
      wait.textContent = duration(waited(t));
      wait.classList.toggle("long", waited(t) > 600);
    }
  }

  // --- notice of new work: the tab's title, a browser notification and a soft sound ---------
  let known = null; // ids of the waiting tickets already announced (null before the first queue)
  const mute = $("mute");
  mute.checked = localStorage.getItem("console.mute") === "1";
  mute.addEventListener("change", () => {
    localStorage.setItem("console.mute", mute.checked ? "1" : "0");
    askToNotify();
  });
  function askToNotify() {
    if (window.Notification && Notification.permission === "default") Notification.requestPermission();
  }
  document.addEventListener("click", askToNotify, { once: true }); // browsers ask after a gesture

  function chime() {
    const Audio = window.AudioContext || window.webkitAudioContext;
    if (!Audio) return;
    const audio = chime.context || (chime.context = new Audio());
    const tone = audio.createOscillator(), volume = audio.createGain();
    tone.frequency.value = 660;
    volume.gain.setValueAtTime(0.08, audio.currentTime);
    volume.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    tone.connect(volume).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  }

  function announce() {
    const waiting = queue.tickets.filter((t) => t.status === "waiting");
    document.title = (waiting.length ? "(" + waiting.length + ") " : "") + "Agent console";
    const fresh = known === null ? [] : waiting.filter((t) => !known.has(t.id));
    known = new Set(waiting.map((t) => t.id));
    if (!fresh.length || mute.checked) return;
    chime();
    if (window.Notification && Notification.permission === "granted") {
      for (const t of fresh) {
        const note = new Notification("New customer waiting: " + t.display_name, { body: t.reason_text + (t.last_message ? " · “" + t.last_message + "”" : ""), tag: "ticket-" + t.id });
        note.onclick = () => { window.focus(); openTicketView(t.id); };
      }
    }
  }

  // --- one ticket ---------------------------------------------------------------------------
  function addMessage(m) {
    const item = el("li", m.author);
    if (m.at) item.append(el("time", "", clock(m.at)));
    const who = m.author === "agent" ? (m.agent_name || "agent") : m.author === "bot" ? "bot" : m.author === "customer" ? "customer" : "";
    if (who) item.append(el("span", "who", who));
    item.append(el("span", "text", m.text));
    $("messages").append(item);
    $("messages").scrollTop = $("messages").scrollHeight;
  }

  function lineFacts(l) {
    const facts = [];
    if (l.status === "backordered") {
      if (l.queue_position) facts.push("number " + l.queue_position + " in the queue");
      facts.push(l.restock_date ? "restock " + day(l.restock_date) : "restock date not known yet");
    }
    if (l.ship_eta && (l.status === "backordered" || l.status === "ready")) {
      const range = l.ship_eta.earliest === l.ship_eta.latest ? day(l.ship_eta.earliest) : day(l.ship_eta.earliest) + " – " + day(l.ship_eta.latest);
      facts.push((l.eta_estimated ? "estimated to ship " : "ships ") + range);
    }
    return facts.join(" · ");
  }

  function button(text, handler, cls) {
    const node = el("button", cls || "", text);
    node.type = "button";
    node.addEventListener("click", handler);
    return node;
  }

  // Acting on the order: the gateway asks the backend and tells the customer; then reload.
  async function change(path, body, question) {
    if (question && !window.confirm(question)) return;
    $("error").textContent = "";
    try {
      await api("POST", "/tickets/" + openId + path, body);
      await openTicketView(openId);
    } catch (e) {
      $("error").textContent = e.message;
    }
  }

  async function showAlternatives(line, l) {
    const list = line.querySelector(".alternatives") || line.appendChild(el("ul", "alternatives"));
    list.replaceChildren(el("li", "quiet", "Looking for products in stock…"));
    let found = [];
    try { found = await api("GET", "/tickets/" + openId + "/lines/" + l.line_no + "/alternatives"); } catch (e) { $("error").textContent = e.message; }
    list.replaceChildren();
    if (!found.length) list.append(el("li", "quiet", "No alternative in stock."));
    for (const a of found.slice(0, 4)) {
      const diff = Number(a.price_difference);
      const item = el("li");
      item.append(el("span", "alt-name", a.name), el("span", "alt-price", a.price + " " + a.currency + " · " + a.available + " in stock"),
        el("b", diff > 0 ? "more" : "less", (diff > 0 ? "+" : "") + a.price_difference + " " + a.currency),
        button("Swap", () => change("/lines/" + l.line_no + "/swap", { sku: a.sku },
          "Swap line " + l.line_no + " to " + a.name + " (" + (diff > 0 ? "+" : "") + a.price_difference + " " + a.currency + ")?")));
      list.append(item);
    }
  }

  function renderOrder(order, mine) {
    const box = $("order");
    box.replaceChildren();
    $("order-title").textContent = order ? "Order " + order.order_number : "Order";
    if (!order) { box.append(el("p", "quiet", "The customer has not verified an order.")); return; }
    box.append(el("p", "placed", "Placed " + day(order.placed_at) + (order.status === "cancelled" ? " · cancelled" : "")));
    if (mine) {
      const tools = el("div", "order-tools");
      tools.append(button("Send status", () => change("/send-status")),
        button("Subscribe", () => change("/subscribe")));
      tools.firstChild.title = "Send the order as it stands now to the customer's chat";
      tools.lastChild.title = "Sign the customer up for updates on this order, on their channel";
      box.append(tools);
    }
    const states = { ready: "Ready", backordered: "Back-ordered", shipped: "Shipped", cancelled: "Cancelled" };
    for (const l of order.lines) {
      const line = el("div", "line");
      line.dataset.line = l.line_no;
      const head = el("div", "head");
      head.append(el("span", "item", l.quantity + " × " + l.name), el("span", "state " + l.status, states[l.status] || l.status));
      line.append(head, el("div", "sku", "Line " + l.line_no + " · " + l.sku + " · " + l.unit_price + " " + l.currency));
      const facts = lineFacts(l);
      if (facts) line.append(el("div", "facts", facts));
      if (l.overdue) line.append(el("div", "overdue", "The restock is overdue."));
      if (mine && (l.status === "ready" || l.status === "backordered")) {
        const tools = el("div", "line-tools");
        tools.append(button("Cancel line", () => change("/lines/" + l.line_no + "/cancel", undefined,
          "Cancel line " + l.line_no + " (" + l.quantity + " × " + l.name + ") for the customer?")));
        if (l.status === "backordered") tools.append(button("Swap…", () => showAlternatives(line, l)));
        line.append(tools);
      }
      box.append(line);
    }
  }

  async function openTicketView(id) {
    if (id !== openId) $("history").replaceChildren();
    openId = id;
    $("error").textContent = "";
    const t = await api("GET", "/tickets/" + id).catch((e) => { $("error").textContent = e.message; });
    if (!t) return;
    openTicket = t;
    $("conversation").hidden = false;
    $("context").hidden = false;
    $("hint").hidden = true;
    const state = t.status === "assigned" ? "with " + t.agent_name : t.status;
    $("ticket-title").textContent = t.display_name + " · " + (t.channel === "telegram" ? "Telegram" : "Web") + " · " + state;
    // The customer's language, where the agent writes the reply: agents answer in it.
    $("ticket-language").textContent = t.language ? "Writes in " + languageName(t.language) : "";
    $("ticket-language").dataset.language = t.language || "";
    $("reply").placeholder = t.language && t.language !== "en" ? "Reply to the customer in " + languageName(t.language) : "Reply to the customer";
    $("prose").textContent = t.prose;
    $("messages").replaceChildren();
    for (const e of t.transcript) addMessage(e);
    addMessage({ author: "system", text: "Handed to the support queue (" + t.reason_text + ")", at: t.created_at });
    for (const m of t.messages) addMessage({ ...m, at: m.created_at });
    const mine = t.status === "assigned" && t.agent_name === me;
    $("claim").disabled = t.status !== "waiting";
    for (const id of ["release", "resolve", "reply", "send"]) $(id).disabled = !mine;
    renderOrder(t.order, mine);
    loadSaved(mine);
    loadHistory(t.id);
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

  // --- earlier tickets of the customer, and search of past tickets -------------------------
  function pastItem(t) {
    const item = el("li");
    item.dataset.ticket = t.id;
    const ended = t.status === "resolved" ? "resolved" + (t.agent_name ? " by " + t.agent_name : "") : t.status === "cancelled" ? "back to the bot" : t.status;
    item.append(el("div", "when", day(t.created_at) + " " + clock(t.created_at) + " · " + t.display_name),
      el("div", "quiet", (t.order_number ? "order " + t.order_number + " · " : "") + t.reason_text + " · " + ended));
    if (t.last_message) item.append(el("div", "last", "“" + t.last_message + "”"));
    item.addEventListener("click", () => openTicketView(t.id));
    return item;
  }
  function listPast(list, tickets, none) {
    list.replaceChildren(...(tickets.length ? tickets.map(pastItem) : [el("li", "empty", none)]));
  }
  async function loadHistory(id) {
    const earlier = await api("GET", "/tickets/" + id + "/history").catch(() => []);
    if (id === openId) listPast($("history"), earlier, "None: this is the customer's first.");
  }
  $("search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = $("search").value.trim();
    if (q.length < 2) return;
    try {
      listPast($("found"), await api("GET", "/search?q=" + encodeURIComponent(q)), "No past ticket mentions “" + q + "”.");
      $("found").hidden = false;
    } catch (e) { $("error").textContent = e.message; }
  });
  $("search").addEventListener("input", () => { if (!$("search").value) $("found").hidden = true; });

  // --- saved replies: chosen into the reply box with the ticket's facts, managed in a dialog --
  let filled = [];
  async function loadSaved(mine) {
    const select = $("saved");
    select.replaceChildren(el("option", "", "Saved replies…"));
    select.firstChild.value = "";
    select.disabled = !mine;
    if (!mine) return;
    filled = await api("GET", "/tickets/" + openId + "/replies").catch(() => []);
    for (const r of filled) { const o = el("option", "", r.title); o.value = r.id; select.append(o); }
  }
  $("saved").addEventListener("change", () => {
    const chosen = filled.find((r) => String(r.id) === $("saved").value);
    if (chosen) { $("reply").value = chosen.filled; $("reply").focus(); }
    $("saved").value = "";
  });

  function editReply(r) {
    $("reply-id").value = r ? r.id : "";
    $("reply-title").value = r ? r.title : "";
    $("reply-text").value = r ? r.text : "";
    $("reply-error").textContent = "";
  }
  async function loadManaged() {
    const data = await api("GET", "/replies");
    $("placeholders").textContent = "Filled in per ticket: " + Object.keys(data.placeholders).map((p) => "{" + p + "}").join(" ");
    $("replies-list").replaceChildren(...data.replies.map((r) => {
      const item = el("li");
      item.append(el("b", "", r.title), el("span", "", r.text), button("Edit", () => editReply(r)),
        button("Delete", async () => { await api("DELETE", "/replies/" + r.id); await loadManaged(); }));
      return item;
    }));
  }
  $("manage").addEventListener("click", async () => { editReply(null); $("replies-dialog").showModal(); await loadManaged(); });
  $("replies-close").addEventListener("click", async () => {
    $("replies-dialog").close();
    if (openTicket) await loadSaved(openTicket.status === "assigned" && openTicket.agent_name === me);
  });
  $("reply-new").addEventListener("click", () => editReply(null));
  $("reply-editor").addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = $("reply-id").value;
    try {
      await api(id ? "PUT" : "POST", "/replies" + (id ? "/" + id : ""), { title: $("reply-title").value, text: $("reply-text").value });
      editReply(null);
      await loadManaged();
    } catch (e) {
      $("reply-error").textContent = e.message;
    }
  });

  // Presence: available while this console is open, unless the agent chooses away.
  $("presence").addEventListener("change", async () => {
    const available = $("presence").value === "available";
    try {
      await api("PUT", "/presence", { available: available });
      $("presence").className = available ? "available" : "away";
    } catch (e) {
      $("error").textContent = e.message;
    }
  });

  $("claim").addEventListener("click", () => act("claim"));
  $("release").addEventListener("click", () => act("release"));
  $("resolve").addEventListener("click", () => act("resolve"));
  $("filters").addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button) { filter = button.dataset.filter; renderQueue(); }
  });
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
  socket.on("queue", (q) => {
    queue = q;
    receivedAt = Date.now();
    renderQueue();
    announce();
    const fresh = openId !== null && queue.tickets.find((t) => t.id === openId);
    if (fresh && openTicket && fresh.status !== openTicket.status) openTicketView(openId);
  });
  socket.on("message", (m) => { if (m.ticket_id === openId) addMessage({ ...m, at: m.created_at }); });
  setInterval(tick, 1000);
})();
