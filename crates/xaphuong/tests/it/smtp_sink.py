"""A real SMTP server for the tests (aiosmtpd): every message it takes is
decoded and appended as one JSON line — recipients, subject, plain body —
to the file named by the second argument. Listens on 127.0.0.1 at the
port of the first argument; prints "ready" once it does."""

import email
import json
import sys
import time
from email import policy

from aiosmtpd.controller import Controller


class Sink:
    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        record = {
            "to": envelope.rcpt_tos,
            "from": str(msg["from"]),
            "subject": str(msg["subject"]),
            "body": msg.get_body(("plain",)).get_content(),
        }
        with open(sys.argv[2], "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 OK"


controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
while True:
    time.sleep(3600)
