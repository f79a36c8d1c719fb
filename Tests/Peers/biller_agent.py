#!/usr/bin/env python3
"""A billers' agent service on loopback for the kiosk's tests (Python 3 standard library only).

Speaks the protocol of AgentServiceBillerPort: POST /v1/lookup|pay|query, JSON bodies, HMAC-SHA256
signatures both ways under the secret given as the first argument. Prints the port it listens on as its
first line, then serves until its stdin closes.

Accounts decide the biller's behaviour: ending 0003 is refused; ending 0002 stays pending for one query;
ending 0009 is answered with a forged signature; starting 000 does not exist. A key is paid once: a repeated payment gets the first outcome.
"""
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = sys.argv[1].encode()
PAYMENTS = {}
LOCK = threading.Lock()
COUNTS = {"paid": 0}


def sign(message: bytes) -> str:
    return hmac.new(SECRET, message, hashlib.sha256).hexdigest()


class Agent(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        timestamp = self.headers.get("X-Kiosk-Timestamp", "")
        expected = sign(f"{timestamp}\n{self.path}\n".encode() + body)
        if not hmac.compare_digest(expected, self.headers.get("X-Kiosk-Signature", "")):
            self.send_response(401)
            self.end_headers()
            return
        request = json.loads(body)
        if self.path == "/v1/lookup":
            answer = self.lookup(request)
        elif self.path == "/v1/pay":
            answer = self.pay(request)
        elif self.path == "/v1/query":
            answer = self.query(request)
        else:
            self.send_response(404)
            self.end_headers()
            return
        payload = json.dumps(answer, ensure_ascii=False).encode()
        answer_timestamp = str(int(time.time() * 1000))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-Agent-Timestamp", answer_timestamp)
        # An account ending 0009 gets an answer signed with the wrong key, as a forger's would be.
        forged = request.get("account", "").endswith("0009")
        signature = sign(f"{answer_timestamp}\n".encode() + payload)
        self.send_header("X-Agent-Signature", "0" * 64 if forged else signature)
        self.end_headers()
        self.wfile.write(payload)

    def lookup(self, request):
        account = request["account"]
        if account.startswith("000"):
            return {"found": False}
        return {"found": True, "holder": "王秀英", "due_fen": 12345, "rule": "exact"}

    def pay(self, request):
        key = request["key"]
        with LOCK:
            if key not in PAYMENTS:
                account = request["account"]
                if account.endswith("0003"):
                    PAYMENTS[key] = {"status": "failed", "reason": "户号已销户"}
                elif account.endswith("0002"):
                    PAYMENTS[key] = {"status": "pending", "queries_left": 1}
                else:
                    COUNTS["paid"] += 1
                    PAYMENTS[key] = {"status": "success", "reference": f"AG{COUNTS['paid']:06d}"}
            return self.public(PAYMENTS[key])

    def query(self, request):
        key = request["key"]
        with LOCK:
            payment = PAYMENTS.get(key)
            if payment is None:
                return {"status": "unknown"}
            if payment["status"] == "pending":
                payment["queries_left"] -= 1
                if payment["queries_left"] < 0:
                    COUNTS["paid"] += 1
                    PAYMENTS[key] = payment = {"status": "success", "reference": f"AG{COUNTS['paid']:06d}"}
            return self.public(payment)

    @staticmethod
    def public(payment):
        return {name: value for name, value in payment.items() if name != "queries_left"}


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Agent)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
