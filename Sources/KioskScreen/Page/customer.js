// The customer-facing display: the total, what is still due and the change, and while the station waits
// for a payment code, how to show it; while the customer pays by scanning (扫码付), the station's payment
// QR, drawn here as SVG from the modules the station sends, with the amount it pays in place of the total.
// Nothing to touch.
"use strict";

const LABELS = {
  "zh-Hans": {
    total: "合计", due: "应付", change: "找零", "customer-note": "扫码付款请向收银员出示付款码",
    "show-code": "请打开微信或支付宝付款码，对准扫码枪", confirming: "支付确认中，请稍候",
  },
  en: {
    total: "Total", due: "Due", change: "Change", "customer-note": "To pay by code, show it to the cashier",
    "show-code": "Open your WeChat or Alipay payment code and hold it to the scanner", confirming: "Confirming your payment…",
  },
};

function applyLabels(language) {
  const labels = LABELS[language] || LABELS["zh-Hans"];
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll("[data-label]")) {
    element.textContent = labels[element.dataset.label] || element.dataset.label;
  }
}

const SVG = "http://www.w3.org/2000/svg";

// The QR's rows ("0101…") as one SVG path, with the 4-module quiet zone the standard asks for.
function drawQR(svg, rows) {
  const size = rows.length + 8;
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.replaceChildren();
  const background = document.createElementNS(SVG, "rect");
  background.setAttribute("width", size);
  background.setAttribute("height", size);
  background.setAttribute("fill", "#fff");
  const path = document.createElementNS(SVG, "path");
  let d = "";
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (row[x] === "1") d += `M${x + 4} ${y + 4}h1v1h-1z`;
    }
  });
  path.setAttribute("d", d);
  path.setAttribute("fill", "#000");
  path.setAttribute("shape-rendering", "crispEdges");
  svg.append(background, path);
}

function render(state) {
  applyLabels(state.language);
  const order = state.order;
  document.getElementById("customer-total").textContent = order ? order.totalText : "￥0.00";
  document.getElementById("customer-due").textContent = order ? order.dueText : "￥0.00";
  const changeRow = document.getElementById("customer-change-row");
  changeRow.hidden = !(order && order.changeText);
  document.getElementById("customer-change").textContent = order && order.changeText ? order.changeText : "";
  const labels = LABELS[state.language] || LABELS["zh-Hans"];
  const note = document.getElementById("customer-note");
  const waitingForCode = state.messageCode === "SCAN_PAYMENT_CODE";
  const confirming = state.paymentsWaiting > 0 && !!order && ["totalled", "paying"].includes(order.phase);
  note.textContent = labels[waitingForCode ? "show-code" : confirming ? "confirming" : "customer-note"];
  note.className = waitingForCode || confirming ? "prompt" : "";
  const qr = document.getElementById("customer-qr");
  qr.hidden = !state.qr;
  document.body.classList.toggle("showing-qr", !!state.qr);
  if (state.qr) {
    const rows = state.qr.rows.join("\n");
    if (qr.dataset.rows !== rows) {
      drawQR(document.getElementById("customer-qr-symbol"), state.qr.rows);
      qr.dataset.rows = rows;
    }
    qr.dataset.provider = state.qr.provider;
    document.getElementById("customer-qr-prompt").textContent = state.qr.prompt;
    document.getElementById("customer-qr-amount").textContent = state.qr.amountText;
    note.hidden = true;
  } else {
    note.hidden = false;
  }
  document.body.dataset.rendered = "yes";
}

function connect(retryMs) {
  const token = new URLSearchParams(location.search).get("token");
  const socket = new WebSocket("ws://" + location.host + "/state" + (token ? "?token=" + encodeURIComponent(token) : ""));
  socket.onopen = () => { retryMs = 250; };
  socket.onmessage = (event) => render(JSON.parse(event.data));
  socket.onclose = () => setTimeout(() => connect(Math.min(retryMs * 2, 4000)), retryMs);
}

applyLabels("zh-Hans");
connect(250);
