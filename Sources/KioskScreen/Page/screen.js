// The operator's screen: renders the state the station pushes over the WebSocket, and sends touches back.
// Devices stay in the kiosk process; nothing here can lose a scan.
"use strict";

const LABELS = {
  "zh-Hans": {
    connecting: "连接中…", online: "已连接", total: "合计", change: "找零", waiting: "待确认的扫码支付",
    "new-order": "新订单", quantity: "数量", "remove-last-line": "删除末行", "total-key": "合计", cash: "现金",
    cancel: "取消", "qr-wechat": "扫码付 微信", "qr-alipay": "扫码付 支付宝", order: "订单", due: "应付", "customer-note": "扫码付款请向收银员出示付款码",
    printer: "打印机", scanner: "扫码枪", keypad: "键盘", drawer: "钱箱",
    "paper-out": "缺纸", "cover-open": "盖开着", offline: "离线", scale: "电子秤", ready: "正常",
    "tab-counter": "收银", "tab-parcels": "快递", "tab-produce": "收购", "tab-bills": "缴费", "tab-day": "日结",
    "tab-technician": "状态", arrival: "到件", pickup: "取件", returns: "退回", "on-shelf": "在架", "arrived-today": "今日到件",
    "pick-carrier": "请选择快递公司：", phone: "手机号", find: "查找", "hand-over": "交付", "no-produce": "本站没有收购台",
    weight: "重量", farmer: "农户", net: "净重", amount: "金额", "pay-cash": "付现金", "pay-account": "转账",
    "payee-login": "收款账号", "payee-login-hint": "农户的支付宝账号（手机号），转账付款用", ok: "确定",
    "bought-today": "今日收购", "paid-out": "现金付出", "look-up": "查询", collect: "收款", holder: "户名", "due": "应缴",
    float: "备用金", counted: "实点", "count-total": "点钞合计", "open-day": "开始营业", "record-count": "记录点钞",
    "close-day": "日结 Z", "day-open": "营业中", "day-closed": "未开始", "last-z": "上次 Z", "retry-printer": "重试打印",
    "no-container": "无容器", confirmed: "已扫",
  },
  en: {
    connecting: "connecting…", online: "connected", total: "Total", change: "Change", waiting: "code payments waiting",
    "new-order": "New order", quantity: "Qty", "remove-last-line": "Delete last", "total-key": "Total", cash: "Cash",
    cancel: "Cancel", "qr-wechat": "QR · WeChat", "qr-alipay": "QR · Alipay", order: "Order", due: "Due", "customer-note": "To pay by code, show it to the cashier",
    printer: "printer", scanner: "scanner", keypad: "keypad", drawer: "drawer",
    "paper-out": "paper out", "cover-open": "cover open", offline: "offline", scale: "scale", ready: "ready",
    "tab-counter": "Counter", "tab-parcels": "Parcels", "tab-produce": "Produce", "tab-bills": "Bills", "tab-day": "Day",
    "tab-technician": "Status", arrival: "Arrival", pickup: "Pickup", returns: "Returns", "on-shelf": "on shelf",
    "arrived-today": "in today", "pick-carrier": "pick the carrier:", phone: "Phone", find: "Find", "hand-over": "Hand over",
    "no-produce": "this station has no produce desk", weight: "Weight", farmer: "Farmer", net: "Net", amount: "Amount",
    "pay-cash": "Pay cash", "pay-account": "To account",
    "payee-login": "Alipay login", "payee-login-hint": "the farmer's Alipay login (mobile number), for transfers", ok: "OK", "bought-today": "bought today", "paid-out": "cash paid out",
    "look-up": "Look up", collect: "Collect", holder: "holder", due: "due", float: "float", counted: "counted",
    "count-total": "Count", "open-day": "Open day", "record-count": "Record count", "close-day": "Close (Z)",
    "day-open": "open", "day-closed": "not open", "last-z": "last Z", "retry-printer": "Retry printer",
    "no-container": "none", confirmed: "scanned",
  },
};

const screen = {
  language: "zh-Hans",
  socket: null,
  retryMs: 250,

  label(name) {
    return (LABELS[this.language] || LABELS["zh-Hans"])[name] || name;
  },

  applyLabels() {
    document.documentElement.lang = this.language;
    for (const element of document.querySelectorAll("[data-label]")) {
      if (element.id === "connection") continue;
      element.textContent = this.label(element.dataset.label);
    }
  },

  connect(onState) {
    const token = new URLSearchParams(location.search).get("token");
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/state" +
      (token ? "?token=" + encodeURIComponent(token) : "");
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => { this.retryMs = 250; this.setConnected(true); };
    socket.onmessage = (event) => onState(JSON.parse(event.data));
    socket.onclose = () => {
      this.setConnected(false);
      setTimeout(() => this.connect(onState), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 4000);
    };
  },

  setConnected(connected) {
    const element = document.getElementById("connection");
    if (!element) return;
    element.className = connected ? "online" : "offline";
    element.textContent = this.label(connected ? "online" : "connecting");
    document.body.dataset.connected = connected ? "yes" : "no";
  },

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  },
};

function render(state) {
  if (state.language !== screen.language) {
    screen.language = state.language;
    screen.applyLabels();
  }
  document.getElementById("station").textContent = state.stationID;
  document.getElementById("message").textContent = state.message || "";
  document.getElementById("message").dataset.code = state.messageCode || "";

  const held = document.getElementById("held");
  held.hidden = !state.heldReceipts;
  held.textContent = state.heldReceipts ? state.heldReceipts.text : "";
  held.dataset.reason = state.heldReceipts ? state.heldReceipts.reason : "";

  const devices = document.getElementById("devices");
  devices.replaceChildren(...state.devices.map((device) => {
    const badge = document.createElement("span");
    badge.className = "device" + (device.state === "ready" ? "" : " bad");
    badge.dataset.role = device.role;
    badge.textContent = screen.label(device.role) + (device.state === "ready" ? "" : " · " + screen.label(device.state));
    return badge;
  }));

  const uplink = document.getElementById("uplink");
  uplink.hidden = !state.uplink;
  uplink.textContent = state.uplink ? state.uplink.text : "";
  uplink.title = state.uplink ? [state.uplink.lastUploadText, state.uplink.problem].filter(Boolean).join(" · ") : "";
  uplink.dataset.backlog = state.uplink ? String(state.uplink.backlog) : "";
  uplink.className = state.uplink && state.uplink.problem ? "bad" : "";

  const order = state.order;
  document.getElementById("order-number").textContent = order ? screen.label("order") + " #" + order.id : "";
  const phase = document.getElementById("phase");
  phase.textContent = order ? order.phaseText : "";
  phase.dataset.phase = order ? order.phase : "";
  const lines = document.getElementById("lines");
  lines.replaceChildren(...(order ? order.lines : []).map((line) => {
    const item = document.createElement("li");
    if (line.voided) item.className = "voided";
    item.dataset.barcode = line.barcode;
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = line.name;
    const quantity = document.createElement("span");
    quantity.className = "qty";
    quantity.textContent = "×" + line.quantity;
    const amount = document.createElement("span");
    amount.className = "amount";
    amount.textContent = line.amountText;
    item.append(name, quantity, amount);
    return item;
  }));
  lines.scrollTop = lines.scrollHeight;
  document.getElementById("total").textContent = order ? order.totalText : "￥0.00";
  const changeRow = document.getElementById("change-row");
  changeRow.hidden = !(order && order.changeText);
  document.getElementById("change").textContent = order && order.changeText ? order.changeText : "";
  document.getElementById("waiting").textContent = String(state.paymentsWaiting);
  document.getElementById("entry").textContent = state.entry;
  showView(state.view);
  if (state.parcels) renderParcels(state.parcels);
  if (state.view === "produce") renderProduce(state.produce);
  if (state.bills) renderBills(state.bills);
  if (state.day) renderDay(state.day);
  if (state.technician) renderTechnician(state);
  document.body.dataset.rendered = "yes";
}

// The desks' pages. Their pads type locally; a touch sends the whole number with its action.
const desk = {
  entries: { parcels: "", bills: "", day: "", produce: "" },
  pieces: [],
  biller: null,
  grade: null,
  farmersShown: [],
};

function el(id) { return document.getElementById(id); }

function make(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function button(text, onClick, className) {
  const element = make("button", className, text);
  element.addEventListener("click", onClick);
  return element;
}

function yuan(fen) {
  return "￥" + Math.floor(fen / 100) + "." + String(fen % 100).padStart(2, "0");
}

/// Fen from the pad's `12.5`, or null when it is no amount.
function fenOf(text) {
  const match = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] || "").padEnd(2, "0"));
}

function showView(view) {
  document.body.dataset.view = view;
  for (const section of document.querySelectorAll("main.view")) section.hidden = section.id !== "view-" + view;
  for (const tab of document.querySelectorAll("#tabs button")) tab.classList.toggle("active", tab.dataset.view === view);
}

function setEntry(pad, text) {
  desk.entries[pad] = text;
  el(pad + "-entry").textContent = text;
}

function renderParcels(parcels) {
  for (const mode of document.querySelectorAll("[data-parcel-mode]")) {
    mode.classList.toggle("active", mode.dataset.parcelMode === parcels.mode);
  }
  el("parcel-modes").dataset.mode = parcels.mode;
  el("parcels-on-shelf").textContent = parcels.onShelf;
  el("parcels-today").textContent = parcels.arrivedToday;
  el("parcels-phone").textContent = parcels.phoneText ? screen.label("phone") + " " + parcels.phoneText : "";
  el("parcel-carrier").hidden = !parcels.waitingWaybill;
  el("parcel-waybill").textContent = parcels.waitingWaybill || "";
  el("carriers").replaceChildren(...parcels.carriers.map((carrier) =>
    button(carrier.number + " " + carrier.text, () => screen.send({ parcel: "carrier", number: carrier.number }))));
  const shown = parcels.mode === "returns" ? parcels.returns : parcels.handOver;
  el("parcel-list").replaceChildren(...shown.map((line) => {
    const item = make("li", line.confirmed ? "done" : "", line.slot + "  " + line.waybill + "  " + line.carrier +
      (line.confirmed ? "  ✓ " + screen.label("confirmed") : ""));
    item.dataset.waybill = line.waybill;
    return item;
  }));
}

function renderProduce(produce) {
  el("produce-none").hidden = !!produce;
  if (!produce) return;
  el("produce-weight").textContent = produce.weightText || "—";
  el("produce-weight").dataset.steady = produce.steady ? "yes" : "no";
  el("produce-farmer").textContent = produce.farmer || "—";
  el("farmers").replaceChildren(...produce.farmers.map((farmer) =>
    button(farmer.text, () => screen.send({ produce: "farmer", number: farmer.number }))));
  el("grades").replaceChildren(...produce.grades.map((grade) => {
    const chosen = grade.produce === produce.produce && grade.grade === produce.grade;
    const element = button(grade.produce + " " + grade.grade + " " + grade.priceText,
      () => screen.send({ produce: "grade", text: grade.produce, text2: grade.grade }), chosen ? "active" : "");
    element.dataset.grade = grade.produce + "/" + grade.grade;
    return element;
  }));
  const containers = [button(screen.label("no-container"), () => screen.send({ produce: "containers", text: "", number: 0 }),
    produce.containerCount === 0 ? "active" : "")];
  for (const name of produce.containers) {
    const count = produce.container === name ? produce.containerCount : 0;
    containers.push(button(name + (count ? " ×" + count : ""),
      () => screen.send({ produce: "containers", text: name, number: Math.min(count + 1, 99) }), count ? "active" : ""));
  }
  el("containers").replaceChildren(...containers);
  el("produce-net").textContent = produce.netText || "—";
  el("produce-amount").textContent = produce.amountText || "—";
  el("produce-problem").textContent = produce.problem || "";
  el("produce-today").textContent = produce.purchasesToday;
  el("produce-paid").textContent = produce.paidOutTodayText;
}

function renderBills(bills) {
  if (!desk.biller && bills.billers.length) desk.biller = bills.billers[0].code;
  el("billers").replaceChildren(...bills.billers.map((biller) => {
    const element = button(biller.name, () => { desk.biller = biller.code; renderBills(bills); },
      biller.code === desk.biller ? "active" : "");
    element.dataset.biller = biller.code;
    return element;
  }));
  const lookup = bills.lookup;
  el("bill-lookup").textContent = lookup ? lookup.biller + " " + lookup.account +
    (lookup.holder ? "  " + screen.label("holder") + " " + lookup.holder + "  " + screen.label("due") + " " + lookup.dueText : "") : "";
  el("bills-pending").replaceChildren(...bills.pending.map((bill) =>
    make("li", "", "#" + bill.id + " " + bill.biller + " " + bill.account + " " + bill.amountText + " · " + bill.phase)));
}

function renderDay(day) {
  el("day-date").textContent = day.businessDate;
  el("day-state").textContent = screen.label(day.isOpen ? "day-open" : "day-closed");
  el("day-float").textContent = day.floatText;
  el("day-counted").textContent = day.countedText || "—";
  el("day-last-z").textContent = day.lastZ ? "· " + screen.label("last-z") + " " + day.lastZ : "";
  if (desk.pieces.length !== day.denominations.length) desk.pieces = day.denominations.map(() => 0);
  el("denominations").replaceChildren(...day.denominations.map((denomination, index) => {
    // Type the pieces on the pad, then touch the note or coin they are of.
    const element = button(denomination.label + " × " + desk.pieces[index], () => {
      const pieces = Number(desk.entries.day || "0");
      if (!Number.isInteger(pieces) || pieces > 99999) return;
      desk.pieces[index] = pieces;
      setEntry("day", "");
      renderDay(day);
    }, desk.pieces[index] ? "active" : "");
    element.dataset.fen = denomination.fen;
    return element;
  }));
  el("day-total").textContent = yuan(day.denominations.reduce((sum, denomination, index) =>
    sum + denomination.fen * desk.pieces[index], 0));
}

function renderTechnician(state) {
  el("figures").replaceChildren(...state.technician.rows.map((figure) => {
    const row = make("tr");
    row.dataset.key = figure.key;
    row.append(make("th", "", figure.label), make("td", "", figure.value));
    return row;
  }));
  el("device-list").replaceChildren(...state.devices.map((device) =>
    make("li", device.state === "ready" ? "" : "warn", screen.label(device.role) + ": " + screen.label(device.state))));
}

const deskActions = {
  "parcel-phone": () => { screen.send({ parcel: "phone", text: desk.entries.parcels }); setEntry("parcels", ""); },
  "parcel-pickup": () => { screen.send({ parcel: "pickup", text: desk.entries.parcels }); setEntry("parcels", ""); },
  "parcel-finish": () => screen.send({ parcel: "finish" }),
  "produce-cash": () => screen.send({ produce: "buy", text: "cash" }),
  "produce-account": () => screen.send({ produce: "buy", text: "account" }),
  "produce-login-open": () => { setEntry("produce", ""); el("produce-login").hidden = false; },
  "produce-login-cancel": () => { el("produce-login").hidden = true; setEntry("produce", ""); },
  "produce-login-ok": () => {
    if (desk.entries.produce) screen.send({ produce: "login", text: desk.entries.produce });
    el("produce-login").hidden = true;
    setEntry("produce", "");
  },
  "bill-lookup": () => {
    if (desk.biller) screen.send({ bill: "lookup", text: desk.biller, text2: desk.entries.bills });
    setEntry("bills", "");
  },
  "bill-open": () => {
    const fen = fenOf(desk.entries.bills);
    screen.send(fen ? { bill: "open", number: fen } : { bill: "open" });
    setEntry("bills", "");
  },
  "day-open": () => {
    const fen = fenOf(desk.entries.day);
    screen.send(fen !== null ? { day: "open", number: fen } : { day: "open" });
    setEntry("day", "");
  },
  "day-count": () => screen.send({ day: "count", pieces: desk.pieces }),
  "day-close": () => { screen.send({ day: "close" }); desk.pieces = desk.pieces.map(() => 0); },
  "retry-printer": () => screen.send({ technician: "retry-printer" }),
};

for (const element of document.querySelectorAll("[data-do]")) {
  element.addEventListener("click", () => deskActions[element.dataset.do]());
}
for (const element of document.querySelectorAll("[data-pad] [data-digit]")) {
  const pad = element.closest("[data-pad]").dataset.pad;
  element.addEventListener("click", () => {
    const current = desk.entries[pad];
    const digit = element.dataset.digit;
    if (digit === "backspace") setEntry(pad, current.slice(0, -1));
    else if (current.length < 20) setEntry(pad, current + digit);
  });
}
for (const element of document.querySelectorAll("[data-parcel-mode]")) {
  element.addEventListener("click", () => screen.send({ parcel: "mode", text: element.dataset.parcelMode }));
}
for (const tab of document.querySelectorAll("#tabs button")) {
  tab.addEventListener("click", () => { showView(tab.dataset.view); screen.send({ view: tab.dataset.view }); });
}

for (const button of document.querySelectorAll("#pad button[data-key]")) {
  button.addEventListener("click", () => screen.send({ key: button.dataset.key }));
}
for (const button of document.querySelectorAll("button[data-command]")) {
  button.addEventListener("click", () => screen.send({ command: button.dataset.command }));
}
screen.applyLabels();
screen.connect(render);
