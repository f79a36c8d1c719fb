#!/usr/bin/env python3
"""A loopback stand-in for WeChat Pay's v2 payment-code API (付款码支付) and its Native QR payment (扫码支付:
unifiedorder with trade_type=NATIVE, orderquery, closeorder), written from the published rules
independently of the kiosk's Swift adapter, for its tests.

It checks every request as the service does (HMAC-SHA256 `sign` over the sorted non-empty parameters with
`&key=API_KEY`, uppercase hex; sign_type, appid, mch_id and the required parameters) and refuses a bad one
with return_code FAIL. It plays one scripted outcome, chosen with --outcome:

  success             micropay answers SUCCESS
  userpaying          micropay USERPAYING; the first orderquery USERPAYING, then SUCCESS
  userpaying_forever  USERPAYING until reversed
  systemerror         micropay SYSTEMERROR; the payment went through (orderquery SUCCESS)
  decline             micropay NOTENOUGH; orderquery PAYERROR
  timeout             micropay holds the connection --delay seconds and closes it unanswered; paid
  late                micropay answers SUCCESS after --delay seconds; orderquery USERPAYING until then
  badsign             every answer carries a wrong sign; the payment went through
  reverse_recall      like userpaying_forever, and the first reverse answers SYSTEMERROR with recall=Y
  qr_paid             unifiedorder gives a code_url; the first orderquery NOTPAY, then the customer has paid
  qr_unpaid           NOTPAY until closed (closeorder: CLOSED)
  qr_paid_at_close    NOTPAY while polled; the customer pays just before closeorder, which answers ORDERPAID
  qr_never_sent       unifiedorder answers SYSTEMERROR and creates nothing; closeorder and orderquery then
                      answer ORDERNOTEXIST

unifiedorder asked again for the same out_trade_no and total_fee gives the same code_url; with another
total_fee it answers OUT_TRADE_NO_USED, for a paid order ORDERPAID, for a closed one ORDERCLOSED.

It prints `port N` once listening on 127.0.0.1, then one line per request:
`request PATH verified|refused OUT_TRADE_NO`; `POST /sync?N` prints `sync N`.
"""
import argparse
import hashlib
import hmac
import secrets
import signal
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REQUIRED = {
    "/pay/micropay": ["appid", "mch_id", "nonce_str", "sign", "body", "out_trade_no", "total_fee",
                      "spbill_create_ip", "auth_code"],
    "/pay/orderquery": ["appid", "mch_id", "nonce_str", "sign", "out_trade_no"],
    "/pay/unifiedorder": ["appid", "mch_id", "nonce_str", "sign", "body", "out_trade_no", "total_fee",
                          "spbill_create_ip", "notify_url", "trade_type"],
    "/pay/closeorder": ["appid", "mch_id", "nonce_str", "sign", "out_trade_no"],
    "/secapi/pay/reverse": ["appid", "mch_id", "nonce_str", "sign", "out_trade_no"],
    "/secapi/pay/refund": ["appid", "mch_id", "nonce_str", "sign", "out_trade_no", "out_refund_no", "total_fee",
                           "refund_fee"],
}


def sign(fields, key):
    text = "&".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "sign" and fields[k] != "")
    return hmac.new(key, (text + "&key=").encode() + key, hashlib.sha256).hexdigest().upper()


def to_xml(fields):
    return ("<xml>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items()) + "</xml>").encode()


class Merchant:
    def __init__(self, args):
        self.args = args
        with open(args.key_file, "rb") as handle:
            self.key = handle.read().strip()
        self.orders = {}
        self.refunds = {}
        self.reverses = 0
        self.lock = threading.Lock()

    def answer(self, fields, **extra):
        reply = {"return_code": "SUCCESS", "return_msg": "OK", "appid": self.args.appid,
                 "mch_id": self.args.mch_id, "nonce_str": secrets.token_hex(16)}
        reply.update({k: str(v) for k, v in extra.items()})
        reply["sign"] = sign(reply, b"not-the-key" if self.args.outcome == "badsign" else self.key)
        return to_xml(reply)

    def trade_state(self, order):
        if order["state"] == "USERPAYING":
            if self.args.outcome == "userpaying" and order["queries"] >= 1:
                order["state"] = "SUCCESS"
            if self.args.outcome == "late" and time.monotonic() >= order["paid_at"]:
                order["state"] = "SUCCESS"
        if order["state"] == "NOTPAY" and self.args.outcome == "qr_paid" and order["queries"] >= 1:
            order["state"] = "SUCCESS"
        order["queries"] += 1
        return order["state"]

    def handle(self, path, fields):
        outcome = self.args.outcome
        number = fields["out_trade_no"]
        with self.lock:
            order = self.orders.get(number)
            if path == "/pay/unifiedorder":
                if outcome == "qr_never_sent":
                    return None, self.answer(fields, result_code="FAIL", err_code="SYSTEMERROR", err_code_des="系统超时")
                if fields["trade_type"] != "NATIVE" or not fields.get("product_id"):
                    return None, self.answer(fields, result_code="FAIL", err_code="PARAM_ERROR")
                if order is None:
                    order = {"state": "NOTPAY", "total_fee": fields["total_fee"], "queries": 0,
                             "code_url": "weixin://wxpay/bizpayurl?pr=" + secrets.token_urlsafe(6)}
                    self.orders[number] = order
                if order["state"] in ("SUCCESS", "REFUND"):
                    return None, self.answer(fields, result_code="FAIL", err_code="ORDERPAID", err_code_des="该订单已支付")
                if order["state"] == "CLOSED":
                    return None, self.answer(fields, result_code="FAIL", err_code="ORDERCLOSED", err_code_des="订单已关闭")
                if order["total_fee"] != fields["total_fee"] or "code_url" not in order:
                    return None, self.answer(fields, result_code="FAIL", err_code="OUT_TRADE_NO_USED",
                                             err_code_des="商户订单号重复")
                return None, self.answer(fields, result_code="SUCCESS", trade_type="NATIVE",
                                         prepay_id="wx" + secrets.token_hex(14), code_url=order["code_url"])
            if path == "/pay/micropay":
                if order is None:
                    state = {"success": "SUCCESS", "systemerror": "SUCCESS", "timeout": "SUCCESS",
                             "badsign": "SUCCESS", "decline": "PAYERROR"}.get(outcome, "USERPAYING")
                    order = {"state": state, "total_fee": fields["total_fee"], "queries": 0,
                             "paid_at": time.monotonic() + self.args.delay}
                    self.orders[number] = order
                elif order["total_fee"] != fields["total_fee"]:
                    return None, self.answer(fields, result_code="FAIL", err_code="OUT_TRADE_NO_USED",
                                             err_code_des="商户订单号重复")
                if outcome == "timeout":
                    return "hang", None
                if outcome == "late":
                    return "delay", self.answer(fields, result_code="SUCCESS", out_trade_no=number,
                                                total_fee=order["total_fee"], trade_type="MICROPAY")
                if order["state"] == "SUCCESS" and outcome != "systemerror":
                    return None, self.answer(fields, result_code="SUCCESS", out_trade_no=number,
                                             total_fee=order["total_fee"], trade_type="MICROPAY",
                                             transaction_id="42000" + number[-10:])
                error = {"systemerror": "SYSTEMERROR", "decline": "NOTENOUGH"}.get(outcome, "USERPAYING")
                return None, self.answer(fields, result_code="FAIL", err_code=error, err_code_des=error)
            if order is None:
                return None, self.answer(fields, result_code="FAIL", err_code="ORDERNOTEXIST",
                                         err_code_des="此交易订单号不存在")
            if path == "/pay/orderquery":
                state = self.trade_state(order)
                return None, self.answer(fields, result_code="SUCCESS", out_trade_no=number, trade_state=state,
                                         total_fee=order["total_fee"])
            if path == "/pay/closeorder":
                if outcome == "qr_paid_at_close" and order["state"] == "NOTPAY":
                    order["state"] = "SUCCESS"
                if order["state"] in ("SUCCESS", "REFUND"):
                    return None, self.answer(fields, result_code="FAIL", err_code="ORDERPAID", err_code_des="订单已支付")
                order["state"] = "CLOSED"
                return None, self.answer(fields, result_code="SUCCESS")
            if path == "/secapi/pay/reverse":
                self.reverses += 1
                if outcome == "reverse_recall" and self.reverses == 1:
                    return None, self.answer(fields, result_code="FAIL", err_code="SYSTEMERROR", recall="Y")
                order["state"] = "REVOKED"
                return None, self.answer(fields, result_code="SUCCESS", recall="N")
            if path == "/secapi/pay/refund":
                if fields["total_fee"] != order["total_fee"] or int(fields["refund_fee"]) > int(order["total_fee"]) \
                        or order["state"] not in ("SUCCESS", "REFUND"):
                    return None, self.answer(fields, result_code="FAIL", err_code="INVALID_REQUEST")
                self.refunds.setdefault(fields["out_refund_no"], fields["refund_fee"])
                order["state"] = "REFUND"
                return None, self.answer(fields, result_code="SUCCESS", out_trade_no=number,
                                         out_refund_no=fields["out_refund_no"], refund_fee=fields["refund_fee"])
        return None, self.answer(fields, result_code="FAIL", err_code="INVALID_REQUEST")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def refuse(self, message):
        self.reply(to_xml({"return_code": "FAIL", "return_msg": message}))

    def reply(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        if self.path.startswith("/sync?"):
            # A marker: every request line printed before it has been read once it is.
            print(f"sync {self.path.partition('?')[2]}", flush=True)
            return self.reply(b"")
        merchant = self.server.merchant
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            root = ElementTree.fromstring(body)
            fields = {child.tag: child.text or "" for child in root}
        except ElementTree.ParseError:
            return self.refuse("XML格式错误")
        path = self.path
        number = fields.get("out_trade_no", "-")
        verified = (path in REQUIRED and all(fields.get(k) for k in REQUIRED[path])
                    and fields.get("sign_type") == "HMAC-SHA256"
                    and hmac.compare_digest(fields.get("sign", ""), sign(fields, merchant.key))
                    and fields["appid"] == merchant.args.appid and fields["mch_id"] == merchant.args.mch_id)
        print(f"request {path} {'verified' if verified else 'refused'} {number}", flush=True)
        if not verified:
            return self.refuse("签名错误")
        if path in ("/pay/micropay", "/pay/unifiedorder", "/secapi/pay/refund"):
            if not fields["total_fee"].isdigit() or int(fields["total_fee"]) <= 0:
                return self.reply(merchant.answer(fields, result_code="FAIL", err_code="PARAM_ERROR"))
        if path == "/pay/micropay" and not (fields["auth_code"].isdigit() and len(fields["auth_code"]) == 18):
            return self.reply(merchant.answer(fields, result_code="FAIL", err_code="AUTH_CODE_INVALID"))
        action, answer = merchant.handle(path, fields)
        if action == "hang":
            time.sleep(merchant.args.delay)
            self.close_connection = True
            return
        if action == "delay":
            time.sleep(merchant.args.delay)
        try:
            self.reply(answer)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--key-file", required=True)
    parser.add_argument("--appid", required=True)
    parser.add_argument("--mch-id", required=True)
    parser.add_argument("--outcome", default="success")
    parser.add_argument("--delay", type=float, default=1.0)
    args = parser.parse_args()
    # A parent that blocks signals on its threads passes the mask on: take SIGTERM and SIGINT back.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.merchant = Merchant(args)
    print(f"port {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
