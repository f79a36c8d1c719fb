#!/usr/bin/env python3
"""A loopback stand-in for Alipay's open API gateway (当面付 barcode payment, QR payment: trade.precreate,
trade.query, trade.cancel, and 单笔转账 transfers to an Alipay account), written from the published rules
independently of the kiosk's Swift adapters, for their tests.

It checks every request as the gateway does: a form with app_id, method, format=JSON, charset=utf-8,
sign_type=RSA2, a Beijing `yyyy-MM-dd HH:mm:ss` timestamp, version=1.0 and biz_content, signed SHA256withRSA
(base64) by the app's key over every parameter but `sign`, sorted, `k=v&...` with raw values. A bad one is
refused (40002 isv.invalid-signature, unsigned). Answers are `{"<method>_response":{...},"sign":"..."}`,
signed by the gateway's own key over the exact response text (written with \\u escapes, and for queries with
the sign first, so only a verifier that uses the raw text passes).

--keys DIR holds app_private.pem / app_public.pem (the app's pair) and alipay_private.pem /
alipay_public.pem (the gateway's), and impostor_*.pem (a key that is neither); missing ones are generated
(2048-bit RSA), and --make-keys only generates them. --outcome picks the script:

  success             trade.pay 10000
  userpaying          10003; the first trade.query WAIT_BUYER_PAY, then TRADE_SUCCESS
  userpaying_forever  WAIT_BUYER_PAY until cancelled
  systemerror         20000; the payment went through (TRADE_SUCCESS)
  decline             40004 ACQ.BUYER_BALANCE_NOT_ENOUGH; query TRADE_NOT_EXIST
  timeout             trade.pay holds the connection --delay seconds and closes it unanswered; paid
  late                trade.pay answers 10000 after --delay seconds; WAIT_BUYER_PAY until then
  badsign             every answer is signed by a key that is not the gateway's; paid
  reverse_recall      like userpaying_forever, and the first cancel answers 40004 with retry_flag Y
  qr_paid             trade.precreate gives a qr_code; the first trade.query TRADE_NOT_EXIST (not scanned
                      yet), then the customer has scanned and paid (TRADE_SUCCESS)
  qr_unpaid           never scanned: TRADE_NOT_EXIST until cancelled (10000, no action: nothing to close)
  qr_paid_at_close    not scanned while polled; the customer pays just before trade.cancel, which refunds
  qr_never_sent       trade.precreate answers 20000 and creates nothing; trade.cancel then answers 40004
                      ACQ.TRADE_NOT_EXIST

A precreated trade exists only once the customer scans its QR. trade.precreate asked again for the same
out_trade_no and amount gives the same qr_code; for a paid trade it answers ACQ.TRADE_HAS_SUCCESS, and for a
cancelled one ACQ.TRADE_HAS_CLOSE.

Transfers (alipay.fund.trans.uni.transfer, product_code TRANS_ACCOUNT_NO_PWD, biz_scene DIRECT_TRANSFER,
payee_info identity_type ALIPAY_LOGON_ID with the holder's name; alipay.fund.trans.common.query) pay each
out_biz_no once: sent again, it answers the first transfer. --account LOGIN=NAME (repeatable) registers an
account; an unknown login is 40004 PAYEE_NOT_EXIST, another name PAYEE_USER_INFO_ERROR. With outcome
success the transfer is SUCCESS at once; systemerror answers 20000 but makes it; badsign signs with the
impostor key; dealing answers DEALING and the second query SUCCESS; lost answers the first transfer 40004
SYSTEM_ERROR without making it (the query finds ORDER_NOT_EXIST), and the next one makes it. Each transfer
made prints `transfer OUT_BIZ_NO new|again AMOUNT IDENTITY`.

It prints `port N` once listening on 127.0.0.1 (gateway path /gateway.do), then one line per request:
`request METHOD verified|refused OUT_TRADE_NO`; `POST /sync?N` prints `sync N`.
"""
import argparse
import base64
import datetime
import json
import os
import re
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def key_pair(directory, name):
    private_path = os.path.join(directory, f"{name}_private.pem")
    public_path = os.path.join(directory, f"{name}_public.pem")
    if not os.path.exists(private_path):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        with open(private_path, "wb") as handle:
            handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        with open(public_path, "wb") as handle:
            handle.write(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                       serialization.PublicFormat.SubjectPublicKeyInfo))
    with open(private_path, "rb") as handle:
        private = serialization.load_pem_private_key(handle.read(), password=None)
    return private, private.public_key()


def signing_text(params):
    return "&".join(f"{k}={params[k]}" for k in sorted(params) if k != "sign" and params[k] != "")


class Gateway:
    def __init__(self, args):
        self.args = args
        _, self.app_public = key_pair(args.keys, "app")
        self.alipay_private, _ = key_pair(args.keys, "alipay")
        self.impostor = key_pair(args.keys, "impostor")[0] if args.outcome == "badsign" else None
        self.trades = {}
        self.precreated = {}
        self.refunds = {}
        self.cancels = 0
        self.accounts = dict(entry.split("=", 1) for entry in args.account)
        self.transfers = {}
        self.lost = 0
        self.lock = threading.Lock()

    def verified(self, params):
        try:
            signature = base64.b64decode(params.get("sign", ""), validate=True)
            self.app_public.verify(signature, signing_text(params).encode(), padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            return False
        try:
            stamp = datetime.datetime.strptime(params.get("timestamp", ""), "%Y-%m-%d %H:%M:%S")
        except ValueError:
            return False
        drift = abs((stamp.replace(tzinfo=BEIJING) - datetime.datetime.now(BEIJING)).total_seconds())
        return (params.get("app_id") == self.args.app_id and params.get("format") == "JSON"
                and params.get("charset") == "utf-8" and params.get("sign_type") == "RSA2"
                and params.get("version") == "1.0" and drift < 600 and "biz_content" in params)

    def answer(self, method, members, sign_first=False):
        content = json.dumps(members, ensure_ascii=True, separators=(", ", ": "))
        key = self.impostor or self.alipay_private
        signature = base64.b64encode(key.sign(content.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
        response_key = method.replace(".", "_") + "_response"
        signed = json.dumps(signature)
        if sign_first:
            return f'{{"sign":{signed},"{response_key}":{content}}}'.encode()
        return f'{{"{response_key}":{content},"sign":{signed}}}'.encode()

    def state(self, trade):
        if trade["status"] == "WAIT_BUYER_PAY":
            if self.args.outcome == "userpaying" and trade["queries"] >= 1:
                trade["status"] = "TRADE_SUCCESS"
            if self.args.outcome == "late" and time.monotonic() >= trade["paid_at"]:
                trade["status"] = "TRADE_SUCCESS"
        trade["queries"] += 1
        return trade["status"]

    def transfer(self, method, biz):
        """alipay.fund.trans.uni.transfer and alipay.fund.trans.common.query."""
        outcome = self.args.outcome
        number = biz.get("out_biz_no", "")
        if method == "alipay.fund.trans.uni.transfer":
            payee = biz.get("payee_info")
            amount = biz.get("trans_amount", "")
            if not number or biz.get("product_code") != "TRANS_ACCOUNT_NO_PWD" or biz.get("biz_scene") != "DIRECT_TRANSFER" \
                    or not isinstance(payee, dict) or payee.get("identity_type") != "ALIPAY_LOGON_ID" \
                    or not re.fullmatch(r"\d+\.\d{2}", amount) or float(amount) < 0.1 or not biz.get("order_title"):
                return None, {"code": "40004", "msg": "Business Failed", "sub_code": "INVALID_PARAMETER", "sub_msg": "参数有误"}
            made = self.transfers.get(number)
            if made is None:
                if outcome == "lost" and self.lost == 0:
                    self.lost += 1
                    return None, {"code": "40004", "msg": "Business Failed", "sub_code": "SYSTEM_ERROR", "sub_msg": "系统繁忙"}
                holder = self.accounts.get(payee.get("identity", ""))
                if holder is None:
                    return None, {"code": "40004", "msg": "Business Failed", "sub_code": "PAYEE_NOT_EXIST",
                                  "sub_msg": "收款账号不存在"}
                if holder != payee.get("name"):
                    return None, {"code": "40004", "msg": "Business Failed", "sub_code": "PAYEE_USER_INFO_ERROR",
                                  "sub_msg": "支付宝账号和姓名不匹配"}
                made = {"order_id": "20261202" + str(110070000006040050105000 + len(self.transfers)),
                        "status": "DEALING" if outcome == "dealing" else "SUCCESS", "amount": amount, "queries": 0}
                self.transfers[number] = made
                print(f"transfer {number} new {amount} {payee['identity']}", flush=True)
            else:
                print(f"transfer {number} again {made['amount']} {payee['identity']}", flush=True)
            if outcome == "systemerror":
                return None, {"code": "20000", "msg": "Service Currently Unavailable", "sub_code": "isp.unknow-error"}
            return None, {"code": "10000", "msg": "Success", "out_biz_no": number, "order_id": made["order_id"],
                          "pay_fund_order_id": made["order_id"] + "1", "status": made["status"],
                          "trans_date": datetime.datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")}
        if method == "alipay.fund.trans.common.query":
            made = self.transfers.get(number)
            if made is None or biz.get("product_code") != "TRANS_ACCOUNT_NO_PWD":
                return None, {"code": "40004", "msg": "Business Failed", "sub_code": "ORDER_NOT_EXIST",
                              "sub_msg": "转账订单不存在"}
            made["queries"] += 1
            if made["status"] == "DEALING" and made["queries"] >= 2:
                made["status"] = "SUCCESS"
            return "sign_first", {"code": "10000", "msg": "Success", "out_biz_no": number, "order_id": made["order_id"],
                                  "status": made["status"], "trans_amount": made["amount"]}
        return None, {"code": "40004", "msg": "Business Failed", "sub_code": "INVALID_PARAMETER"}

    def handle(self, method, biz):
        outcome = self.args.outcome
        if method.startswith("alipay.fund.trans."):
            with self.lock:
                return self.transfer(method, biz)
        number = biz.get("out_trade_no", "")
        success = {"code": "10000", "msg": "Success", "out_trade_no": number}
        with self.lock:
            trade = self.trades.get(number)
            if method == "alipay.trade.precreate":
                if outcome == "qr_never_sent":
                    return None, {"code": "20000", "msg": "Service Currently Unavailable",
                                  "sub_code": "aop.ACQ.SYSTEM_ERROR", "sub_msg": "系统繁忙"}
                if not re.fullmatch(r"\d+\.\d{2}", biz.get("total_amount", "")) or not biz.get("subject") \
                        or not number:
                    return None, {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.INVALID_PARAMETER",
                                  "sub_msg": "参数无效"}
                qr = self.precreated.setdefault(number, {
                    "total_amount": biz["total_amount"], "queries": 0, "cancelled": False,
                    "qr_code": "https://qr.alipay.com/bax0" + os.urandom(10).hex()})
                if trade is not None and trade["status"] == "TRADE_SUCCESS":
                    return None, {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_HAS_SUCCESS"}
                if qr["cancelled"]:
                    return None, {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_HAS_CLOSE"}
                if qr["total_amount"] != biz["total_amount"]:
                    return None, {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.CONTEXT_INCONSISTENT"}
                return None, dict(success, qr_code=qr["qr_code"])
            qr = self.precreated.get(number)
            if trade is None and qr is not None and not qr["cancelled"]:
                if method == "alipay.trade.query":
                    qr["queries"] += 1
                    scanned = outcome == "qr_paid" and qr["queries"] >= 2
                else:
                    scanned = method == "alipay.trade.cancel" and outcome == "qr_paid_at_close"
                if scanned:
                    trade = {"status": "TRADE_SUCCESS", "total_amount": qr["total_amount"], "queries": 0}
                    self.trades[number] = trade
                elif method == "alipay.trade.cancel":
                    qr["cancelled"] = True
                    return None, dict(success, retry_flag="N")
            if method == "alipay.trade.pay":
                if biz.get("scene") != "bar_code" or not re.fullmatch(r"(2[5-9]|30)\d{14,22}", biz.get("auth_code", "")) \
                        or not re.fullmatch(r"\d+\.\d{2}", biz.get("total_amount", "")) or not biz.get("subject"):
                    return None, {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.INVALID_PARAMETER",
                                  "sub_msg": "参数无效"}
                if trade is None:
                    status = {"success": "TRADE_SUCCESS", "systemerror": "TRADE_SUCCESS", "timeout": "TRADE_SUCCESS",
                              "badsign": "TRADE_SUCCESS", "decline": None}.get(outcome, "WAIT_BUYER_PAY")
                    trade = {"status": status, "total_amount": biz["total_amount"], "queries": 0,
                             "paid_at": time.monotonic() + self.args.delay}
                    if status is not None:
                        self.trades[number] = trade
                if outcome == "timeout":
                    return "hang", None
                if outcome == "late":
                    return "delay", dict(success, total_amount=trade["total_amount"], trade_no="2026" + number[-12:])
                if outcome == "decline":
                    return None, {"code": "40004", "msg": "Business Failed",
                                  "sub_code": "ACQ.BUYER_BALANCE_NOT_ENOUGH", "sub_msg": "买家余额不足"}
                if outcome == "systemerror":
                    return None, {"code": "20000", "msg": "Service Currently Unavailable",
                                  "sub_code": "aop.ACQ.SYSTEM_ERROR", "sub_msg": "系统繁忙"}
                if trade["status"] == "TRADE_SUCCESS":
                    return None, dict(success, total_amount=trade["total_amount"], trade_no="2026" + number[-12:],
                                      buyer_logon_id="159****5620")
                return None, {"code": "10003", "msg": "订单创建成功支付处理中", "out_trade_no": number}
            if trade is None:
                return None, {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST",
                              "sub_msg": "交易不存在"}
            if method == "alipay.trade.query":
                return "sign_first", dict(success, trade_status=self.state(trade), total_amount=trade["total_amount"])
            if method == "alipay.trade.cancel":
                self.cancels += 1
                if outcome == "reverse_recall" and self.cancels == 1:
                    return None, {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.SYSTEM_ERROR",
                                  "retry_flag": "Y"}
                action = "refund" if trade["status"] == "TRADE_SUCCESS" else "close"
                trade["status"] = "TRADE_CLOSED"
                if qr is not None:
                    qr["cancelled"] = True
                return None, dict(success, retry_flag="N", action=action)
            if method == "alipay.trade.refund":
                amount = biz.get("refund_amount", "")
                if trade["status"] not in ("TRADE_SUCCESS", "TRADE_CLOSED") or not biz.get("out_request_no") \
                        or not re.fullmatch(r"\d+\.\d{2}", amount) \
                        or float(amount) > float(trade["total_amount"]):
                    return None, {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.INVALID_PARAMETER"}
                first = biz["out_request_no"] not in self.refunds
                self.refunds.setdefault(biz["out_request_no"], amount)
                trade["status"] = "TRADE_CLOSED"
                return None, dict(success, refund_fee=amount, fund_change="Y" if first else "N")
        return None, {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.INVALID_PARAMETER"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/html;charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        if self.path.startswith("/sync?"):
            # A marker: every request line printed before it has been read once it is.
            print(f"sync {self.path.partition('?')[2]}", flush=True)
            return self.reply(b"")
        gateway = self.server.gateway
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8", "replace")
        pairs = urllib.parse.parse_qsl(body, keep_blank_values=True)
        params = dict(pairs)
        method = params.get("method", "-")
        try:
            biz = json.loads(params.get("biz_content", "{}"))
        except ValueError:
            biz = {}
        number = biz.get("out_trade_no", biz.get("out_biz_no", "-")) if isinstance(biz, dict) else "-"
        verified = (self.path == "/gateway.do" and len(pairs) == len(params) and isinstance(biz, dict)
                    and gateway.verified(params))
        print(f"request {method} {'verified' if verified else 'refused'} {number}", flush=True)
        response_key = method.replace(".", "_") + "_response"
        if not verified:
            refusal = {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-signature",
                       "sub_msg": "验签出错"}
            return self.reply(json.dumps({response_key: refusal}).encode())
        action, members = gateway.handle(method, biz)
        if action == "hang":
            time.sleep(gateway.args.delay)
            self.close_connection = True
            return
        if action == "delay":
            time.sleep(gateway.args.delay)
        try:
            self.reply(gateway.answer(method, members, sign_first=action == "sign_first"))
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", required=True)
    parser.add_argument("--app-id", default="")
    parser.add_argument("--outcome", default="success")
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--account", action="append", default=[], help="LOGIN=NAME: an Alipay account transfers may pay")
    parser.add_argument("--make-keys", action="store_true")
    args = parser.parse_args()
    if args.make_keys:
        for name in ("app", "alipay", "impostor"):
            key_pair(args.keys, name)
        return
    # A parent that blocks signals on its threads passes the mask on: take SIGTERM and SIGINT back.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.gateway = Gateway(args)
    print(f"port {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
