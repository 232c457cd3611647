#!/usr/bin/python3
"""Reads one message with Python's email parser (independent of the C# code) and prints what it sees as JSON:
subject, from, to, message-id, date, and for every leaf part its type, file name, charset, sha256 and text."""
import hashlib, json, sys
from email import policy
from email.parser import BytesParser

with open(sys.argv[1], 'rb') as f:
    msg = BytesParser(policy=policy.default).parse(f)
parts = []
for part in msg.walk():
    if part.is_multipart():
        continue
    payload = part.get_payload(decode=True) or b''
    entry = {'content_type': part.get_content_type(), 'filename': part.get_filename(),
             'charset': part.get_content_charset(), 'sha256': hashlib.sha256(payload).hexdigest(),
             'cte': part.get('Content-Transfer-Encoding')}
    if part.get_content_maintype() == 'text' and part.get_filename() is None:
        entry['text'] = part.get_content()
    parts.append(entry)
structure = [p.get_content_type() for p in msg.walk()]
print(json.dumps({'subject': str(msg['Subject']), 'from': str(msg['From']), 'to': str(msg['To']), 'reply_to': str(msg['Reply-To']),
                  'auto_submitted': str(msg['Auto-Submitted']),
                  'message_id': str(msg['Message-ID']), 'date': str(msg['Date']),
                  'defects': [str(d) for d in msg.defects], 'structure': structure, 'parts': parts},
                 ensure_ascii=False))
