#!/usr/bin/python3
"""Composes one hostile message with Python's email package (independent of the C# MIME code).

usage: compose_hostile.py OUT.eml SEEDS_DIR REAL_REPORTS_DIR
Attachments: a seed report named with a path traversal (RFC 2231), the template .docx named with Windows
back-slashes, the real PDF (too big for the test's MaxAttachmentBytes) and a tiny PNG (not a report)."""
import os, sys
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

out, seeds, reports = sys.argv[1], sys.argv[2], sys.argv[3]
seed = sorted(f for f in os.listdir(seeds) if f.endswith('.txt'))[4]

def read(path):
    with open(path, 'rb') as f:
        return f.read()

m = EmailMessage()
m['Subject'] = '附件名称测试：路径与大小'
m['From'] = '测试发件人 <probe@sender.test>'
m['To'] = 'reports@dw.test'
m['Date'] = formatdate(1732100000, localtime=False)
m['Message-ID'] = make_msgid(domain='sender.test')
m.set_content('请查收。\n')
m.add_attachment(read(os.path.join(seeds, seed)), maintype='text', subtype='plain',
                 filename='../../../../tmp/dw-evil/偏关县年报.txt')
m.add_attachment(read(os.path.join(reports, 'national-template-2021.docx')), maintype='application',
                 subtype='vnd.openxmlformats-officedocument.wordprocessingml.document', filename='..\\..\\Windows\\模板.docx')
m.add_attachment(read(os.path.join(reports, 'huaian-city-2024.pdf')), maintype='application', subtype='pdf',
                 filename='大文件.pdf')
m.add_attachment(bytes.fromhex('89504e470d0a1a0a0000000d4948445200000001000000010806000000'), maintype='image',
                 subtype='png', filename='logo.png')
with open(out, 'wb') as f:
    f.write(m.as_bytes(policy=m.policy.clone(linesep='\r\n')))
