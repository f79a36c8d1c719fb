// The operator's screen: renders the state the station pushes over the WebSocket, and sends touches back.
// Devices stay in the kiosk process; nothing here can lose a scan.
"use strict";

const LABELS = {
  "zh-Hans": {
    connecting: "连接中…", online: "已连接", total: "合计", change: "找零", waiting: "待确认的扫码支付",
    "new-order": "新订单", quantity: "数量", "remove-last-line": "删除末行", "total-key": "合计", cash: "现金",
    cancel: "取消", order: "订单", due: "应付", "customer-note": "扫码付款请向收银员出示付款码",
    printer: "打印机", scanner: "扫码枪", keypad: "键盘", drawer: "钱箱",
    "paper-out": "缺纸", "cover-open": "盖开着", offline: "离线",
  },
  en: {
    connecting: "connecting…", online: "connected", total: "Total", change: "Change", waiting: "code payments waiting",
    "new-order": "New order", quantity: "Qty", "remove-last-line": "Delete last", "total-key": "Total", cash: "Cash",
    cancel: "Cancel", order: "Order", due: "Due", "customer-note": "To pay by code, show it to the cashier",
    printer: "printer", scanner: "scanner", keypad: "keypad", drawer: "drawer",
    "paper-out": "paper out", "cover-open": "cover open", offline: "offline",
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
  document.body.dataset.rendered = "yes";
}

for (const button of document.querySelectorAll("button[data-key]")) {
  button.addEventListener("click", () => screen.send({ key: button.dataset.key }));
}
for (const button of document.querySelectorAll("button[data-command]")) {
  button.addEventListener("click", () => screen.send({ command: button.dataset.command }));
}
screen.applyLabels();
screen.connect(render);
